from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """Codes of catalog.yaml `unit_kinds` (stable), plus `to_nhom` for named collectives."""

    TINH = "tinh", _("Tỉnh, thành phố trực thuộc Trung ương")
    BO_NGANH = "bo_nganh", _("Bộ, ban, ngành, đoàn thể Trung ương")
    SO_NGANH = "so_nganh", _("Sở, ban, ngành, đoàn thể cấp tỉnh")
    XA = "xa", _("Xã, phường, đặc khu")
    HUYEN = "huyen", _("Quận, huyện, thị xã, thành phố thuộc tỉnh (đến 30/6/2025)")
    SU_NGHIEP = "su_nghiep", _("Đơn vị sự nghiệp công lập (trường học, bệnh viện ...)")
    DOANH_NGHIEP = "doanh_nghiep", _("Doanh nghiệp, hợp tác xã")
    PHONG_BAN = "phong_ban", _("Phòng, ban, khoa, tổ trực thuộc")
    THON = "thon", _("Thôn, tổ dân phố")
    TO_NHOM = "to_nhom", _("Tổ, nhóm, tập thể khác")


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Hợp nhất, sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")
    TRANSFER = "transfer", _("Điều chuyển")
