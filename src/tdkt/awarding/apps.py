from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardingConfig(AppConfig):
    name = "tdkt.awarding"
    label = "awarding"
    verbose_name = _("Quyết định khen thưởng")
