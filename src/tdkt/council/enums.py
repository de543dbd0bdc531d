from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberRole(models.TextChoices):
    CHU_TICH = "chu_tich", _("Chủ tịch")
    PHO_CHU_TICH_THUONG_TRUC = "pho_chu_tich_tt", _("Phó Chủ tịch thường trực")
    PHO_CHU_TICH = "pho_chu_tich", _("Phó Chủ tịch")
    UY_VIEN = "uy_vien", _("Ủy viên")
    THU_KY = "thu_ky", _("Thư ký")


#: Roles that may run a session (open, open voting, close, cancel) and whose holders preside.
PRESIDING_ROLES = (MemberRole.CHU_TICH, MemberRole.PHO_CHU_TICH_THUONG_TRUC)
#: Roles held by one member at a time in a council.
SINGLE_ROLES = (MemberRole.CHU_TICH, MemberRole.PHO_CHU_TICH_THUONG_TRUC)


class SessionState(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    OPEN = "open", _("Đang họp (điểm danh)")
    VOTING = "voting", _("Đang bỏ phiếu")
    CLOSED = "closed", _("Đã kết thúc (khóa kết quả)")
    CANCELLED = "cancelled", _("Đã hủy")


#: Allowed transitions of a session (``set_session_state``).
TRANSITIONS: dict[str, frozenset[str]] = {
    SessionState.DRAFT: frozenset({SessionState.OPEN, SessionState.CANCELLED}),
    SessionState.OPEN: frozenset({SessionState.VOTING, SessionState.CANCELLED}),
    SessionState.VOTING: frozenset({SessionState.CLOSED, SessionState.CANCELLED}),
    SessionState.CLOSED: frozenset(),
    SessionState.CANCELLED: frozenset(),
}


class Choice(models.TextChoices):
    YES = "yes", _("Đồng ý")
    NO = "no", _("Không đồng ý")
    ABSTAIN = "abstain", _("Không biểu quyết")
