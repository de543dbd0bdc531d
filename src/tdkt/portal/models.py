"""Public notices (công khai) of proposed lists before the council, and the public's comments.

The public pages read only the snapshot kept on each `NoticeEntry` (name, unit, target, years,
short summary), never the registry: no citizen id, no birth date ever reaches the portal.
A comment keeps a salted hash of the sender's IP address (for rate limiting), never the address.
Nothing here is deleted: a notice is withdrawn with a reason, a comment is marked handled.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tdkt.common.models import TimestampedModel
from tdkt.portal.enums import CommentState, NoticeState

#: Longest comment text (characters).
COMMENT_MAX_LENGTH = 2000


class PublicNotice(TimestampedModel):
    round = models.ForeignKey(
        "nominations.Round",
        verbose_name=_("đợt xét"),
        on_delete=models.PROTECT,
        related_name="public_notices",
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung thông báo"), blank=True)
    working_days = models.PositiveSmallIntegerField(_("thời gian công khai (ngày làm việc)"))
    opens_on = models.DateField(_("công khai từ ngày"))
    closes_on = models.DateField(_("hết hạn góp ý ngày"))
    basis = models.CharField(_("căn cứ"), max_length=500, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=NoticeState.choices, default=NoticeState.PUBLISHED
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công khai"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("công khai lúc"))
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thu hồi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("lý do thu hồi"), blank=True)

    class Meta:
        verbose_name = _("thông báo công khai")
        verbose_name_plural = _("thông báo công khai")
        ordering = ["-opens_on", "-id"]
        indexes = [models.Index(fields=["state", "closes_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="portal_notice_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:notice", args=[self.pk])

    def is_open(self, on: dt.date) -> bool:
        return self.state == NoticeState.PUBLISHED and self.opens_on <= on <= self.closes_on


class NoticeEntry(models.Model):
    """One published nominee, as shown to the public (a snapshot taken on publishing)."""

    notice = models.ForeignKey(
        PublicNotice, verbose_name=_("thông báo"), on_delete=models.PROTECT, related_name="entries"
    )
    nominee = models.ForeignKey(
        "nominations.Nominee",
        verbose_name=_("đối tượng được đề nghị"),
        on_delete=models.PROTECT,
        related_name="notice_entries",
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    required = models.BooleanField(_("bắt buộc công khai"), default=False)
    subject_kind = models.CharField(_("đối tượng"), max_length=12)
    display_name = models.CharField(_("tên"), max_length=255)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    unit_name = models.CharField(_("đơn vị"), max_length=255, blank=True)
    target_code = models.CharField(_("mã danh hiệu, hình thức"), max_length=40)
    target_name = models.CharField(_("danh hiệu, hình thức đề nghị"), max_length=255)
    years = models.CharField(_("năm thành tích"), max_length=20)
    summary = models.TextField(_("tóm tắt thành tích"), blank=True)

    class Meta:
        verbose_name = _("đối tượng công khai")
        verbose_name_plural = _("đối tượng công khai")
        ordering = ["notice", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "nominee"], name="portal_entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.display_name} – {self.target_name}"


class PublicComment(models.Model):
    notice = models.ForeignKey(
        PublicNotice, verbose_name=_("thông báo"), on_delete=models.PROTECT, related_name="comments"
    )
    entry = models.ForeignKey(
        NoticeEntry,
        verbose_name=_("về đối tượng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    author_name = models.CharField(_("họ và tên người góp ý"), max_length=150)
    contact = models.CharField(_("địa chỉ liên hệ"), max_length=200, blank=True)
    text = models.TextField(_("nội dung góp ý"), max_length=COMMENT_MAX_LENGTH)
    created = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    ip_hash = models.CharField(_("mã địa chỉ gửi"), max_length=64, db_index=True)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=CommentState.choices, default=CommentState.NEW
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    handled_note = models.TextField(_("kết quả xử lý"), blank=True)

    class Meta:
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["notice", "state"])]

    def __str__(self) -> str:
        return str(_("Ý kiến của %(name)s") % {"name": self.author_name})

    def get_absolute_url(self) -> str:
        url = reverse("backoffice:rounds.notice", args=[self.notice.round_id])
        return f"{url}#comment-{self.pk}"
