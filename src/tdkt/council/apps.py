from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "tdkt.council"
    label = "council"
    verbose_name = _("Hội đồng Thi đua – Khen thưởng")
