from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordStatus(models.TextChoices):
    VALID = "valid", _("Có hiệu lực")
    REVOKED = "revoked", _("Đã hủy bỏ, thu hồi")


class DecisionLevel(models.TextChoices):
    CO_SO = "co_so", _("Cấp cơ sở (thủ trưởng đơn vị, chủ tịch xã)")
    TINH = "tinh", _("Cấp bộ, ban, ngành, tỉnh")
    NHA_NUOC = "nha_nuoc", _("Cấp Nhà nước (Thủ tướng, Chủ tịch nước)")


class RecordSource(models.TextChoices):
    MANUAL = "manual", _("Nhập trực tiếp")
    IMPORT = "import", _("Nhập từ Excel")
    NOMINATION = "nomination", _("Từ hồ sơ đề nghị")
    API = "api", _("Qua API")
    DEMO = "demo", _("Dữ liệu mẫu")


class InitiativeKind(models.TextChoices):
    SANG_KIEN = "sang_kien", _("Sáng kiến")
    DE_TAI = "de_tai", _("Đề tài khoa học")


class DisciplineState(models.TextChoices):
    IN_FORCE = "in_force", _("Đang thi hành kỷ luật")
    PENDING = "pending", _("Đang xem xét kỷ luật, điều tra, xác minh")
    ENDED = "ended", _("Đã hết thời hạn")
    ANNULLED = "annulled", _("Đã hủy bỏ")
