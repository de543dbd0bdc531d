from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    OFFICER = "officer", _("Cán bộ TĐKT đơn vị")
    HEAD = "head", _("Lãnh đạo đơn vị")
    SPECIALIST = "specialist", _("Chuyên viên TĐKT cấp tỉnh")
    COUNCIL = "council", _("Thành viên Hội đồng TĐKT")
    CLUSTER_LEADER = "cluster_leader", _("Cụm trưởng, khối trưởng thi đua")
    AUDITOR = "auditor", _("Kiểm tra, giám sát (chỉ xem)")


#: Roles that may write the registry (people, ratings, awards, imports) within their subtree.
REGISTRY_WRITERS = frozenset({Role.ADMIN, Role.OFFICER, Role.SPECIALIST})
