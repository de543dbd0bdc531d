from django.db import models
from django.utils.translation import gettext_lazy as _


class HonourCategory(models.TextChoices):
    TITLE = "title", _("Danh hiệu thi đua")
    FORM = "form", _("Hình thức khen thưởng")


class HonourLevel(models.TextChoices):
    CO_SO = "co_so", _("Cấp cơ sở")
    TINH = "tinh", _("Cấp bộ, ban, ngành, tỉnh")
    NHA_NUOC = "nha_nuoc", _("Cấp Nhà nước")


class FactStatus(models.TextChoices):
    VERIFIED = "V", _("Đã kiểm chứng trong văn bản")
    VERIFIED_TR = "Vtr", _("Kiểm chứng qua bản dịch")
    RECALLED = "R", _("Theo trí nhớ, chưa kiểm chứng")
    INFERRED = "I", _("Suy luận")
    UNRELIABLE = "U", _("Nguồn không tin cậy")
