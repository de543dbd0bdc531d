"""States of public notices and of the public's comments."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeState(models.TextChoices):
    PUBLISHED = "published", _("Đã công khai")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")


class CommentState(models.TextChoices):
    NEW = "new", _("Mới")
    READ = "read", _("Đã xem")
    HANDLED = "handled", _("Đã xử lý")


#: Comment moves allowed for the office (a handled comment stays handled).
COMMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    CommentState.NEW: frozenset({CommentState.READ, CommentState.HANDLED}),
    CommentState.READ: frozenset({CommentState.HANDLED}),
    CommentState.HANDLED: frozenset(),
}
