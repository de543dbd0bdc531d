"""Creating notifications and marking them read.

`notify` writes one row per recipient in bulk and, when the surrounding transaction commits,
sends each recipient who has an e-mail address a plain-text Vietnamese e-mail (nothing is sent
if the transaction rolls back). A failing mail server is logged, never raised into the request.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import get_connection, send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme

from tdkt.common.text.normalize import nfc
from tdkt.notifications.models import Notification

logger = logging.getLogger(__name__)

TITLE_MAX = Notification._meta.get_field("title").max_length
URL_MAX = Notification._meta.get_field("url").max_length
KIND_MAX = Notification._meta.get_field("kind").max_length


def is_local_url(url: str) -> bool:
    """A path on this site ("/ho-so/12/"): no scheme, no host, no "//" or backslash tricks."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return False
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return False
    return url_has_allowed_host_and_scheme(url, allowed_hosts=None)


@dataclass(frozen=True)
class _Mail:
    pk: int | None
    address: str
    name: str
    title: str
    body: str


def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    target: models.Model | None = None,
    email: bool = True,
) -> list[Notification]:
    """Notify each distinct active recipient; returns the created rows.

    `url` must be a local path (ValueError otherwise). E-mails go out on commit.
    """
    kind = (kind or "").strip()
    title = nfc(title)
    body = unicodedata.normalize("NFC", body or "").strip()
    url = (url or "").strip()
    if not kind or len(kind) > KIND_MAX:
        raise ValueError(f"invalid notification kind {kind!r}")
    if not title:
        raise ValueError("a notification needs a title")
    if url and (not is_local_url(url) or len(url) > URL_MAX):
        raise ValueError(f"notification url must be a local path, got {url!r}")
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1] + "…"

    users, seen = [], set()
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        users.append(user)
    if not users:
        return []

    content_type, object_id = None, ""
    if target is not None:
        content_type = ContentType.objects.get_for_model(target, for_concrete_model=True)
        object_id = str(target.pk)

    now = timezone.now()
    with transaction.atomic():
        rows = Notification.objects.bulk_create(
            [
                Notification(
                    recipient=user,
                    kind=kind,
                    title=title,
                    body=body,
                    url=url,
                    target_content_type=content_type,
                    target_object_id=object_id,
                    created=now,
                )
                for user in users
            ]
        )
        if email:
            mails = [
                _Mail(
                    pk=row.pk,
                    address=row.recipient.email,
                    name=str(row.recipient),
                    title=title,
                    body=body,
                )
                for row in rows
                if row.recipient.email
            ]
            if mails:
                transaction.on_commit(lambda: send_emails(mails))
    return rows


def _absolute(path: str) -> str:
    base = getattr(settings, "TDKT_BASE_URL", "") or ""
    return base.rstrip("/") + path


def send_emails(mails: list[_Mail]) -> int:
    """Send one plain-text e-mail per recipient over one connection; returns how many went."""
    site = settings.TDKT_SITE_NAME
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        try:
            connection = get_connection()
            for mail in mails:
                link = ""
                if mail.pk is not None:
                    link = _absolute(reverse("notifications:open", args=[mail.pk]))
                text = render_to_string(
                    "notifications/email.txt",
                    {
                        "name": mail.name,
                        "title": mail.title,
                        "body": mail.body,
                        "link": link,
                        "site_name": site,
                        "org_name": settings.TDKT_ORG_NAME,
                    },
                )
                sent += send_mail(
                    subject=f"[{site}] {mail.title}",
                    message=text,
                    from_email=None,
                    recipient_list=[mail.address],
                    connection=connection,
                )
        except Exception:
            logger.exception("Sending notification e-mails failed (%d queued)", len(mails))
    return sent


def mark_read(user, ids: Iterable) -> int:
    """Mark the user's own notifications `ids` read (others' ids are ignored); returns how many
    changed."""
    pks = set()
    for value in ids:
        try:
            pks.add(int(value))
        except (TypeError, ValueError):
            continue
    if not pks or not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, pk__in=pks, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def mark_all_read(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
