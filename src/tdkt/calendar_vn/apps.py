from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarVnConfig(AppConfig):
    name = "tdkt.calendar_vn"
    label = "calendar_vn"
    verbose_name = _("Lịch làm việc")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from tdkt.calendar_vn.models import HolidayOverride
        from tdkt.calendar_vn.services import overrides_changed

        post_save.connect(overrides_changed, sender=HolidayOverride, dispatch_uid="calvn_save")
        post_delete.connect(overrides_changed, sender=HolidayOverride, dispatch_uid="calvn_del")
