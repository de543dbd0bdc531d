"""API tokens: created (the key is returned once, only its hash is kept) and revoked."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tdkt.accounts.models import ApiToken
from tdkt.common.audit import audit_log, snapshot
from tdkt.common.text import nfc

PREFIX_LENGTH = 8


@transaction.atomic
def api_token_create(*, user, name: str, actor=None) -> tuple[ApiToken, str]:
    """A new token for `user`; returns (token, key). The key is never stored nor shown again."""
    name = nfc(name or "").strip()
    if not name:
        raise ValidationError({"name": _("Cần đặt tên cho khóa API (dùng cho hệ thống nào).")})
    if not user.is_active:
        raise ValidationError(
            {"user": _("Tài khoản %(user)s đang bị khóa.") % {"user": user.username}}
        )
    key = secrets.token_urlsafe(32)
    while key.startswith("-"):  # the prefix is typed on a command line: no leading dash
        key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], key_hash=ApiToken.hash_key(key), prefix=key[:PREFIX_LENGTH]
    )
    audit_log(
        token,
        action="accounts.api_token.create",
        actor=actor,
        after=snapshot(token, ["user", "name", "prefix"]),
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor=None, reason: str = "") -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(
            _("Khóa API %(prefix)s… đã bị thu hồi lúc %(when)s.")
            % {
                "prefix": token.prefix,
                "when": f"{timezone.localtime(token.revoked_at):%H:%M %d/%m/%Y}",
            }
        )
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated"])
    audit_log(
        token,
        action="accounts.api_token.revoke",
        actor=actor,
        after={"revoked_at": token.revoked_at.isoformat()},
        reason=reason,
    )
    return token
