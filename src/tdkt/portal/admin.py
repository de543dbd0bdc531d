"""Public notices and comments in the Django admin: look-up only (writes go through the services:
periods in working days, snapshots, audit log)."""

from __future__ import annotations

from django.contrib import admin

from tdkt.nominations.admin import ReadOnlyAdmin
from tdkt.portal.models import PublicComment, PublicNotice


@admin.register(PublicNotice)
class PublicNoticeAdmin(ReadOnlyAdmin):
    list_display = ("title", "round", "opens_on", "closes_on", "state")
    list_filter = ("state",)


@admin.register(PublicComment)
class PublicCommentAdmin(ReadOnlyAdmin):
    list_display = ("notice", "author_name", "created", "state")
    list_filter = ("state",)
    exclude = ("ip_hash",)
