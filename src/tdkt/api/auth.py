"""Who calls the API: a bearer token (scripts, other systems) or the logged-in session (the
browser docs page), checked in that order.

A token is shown once when created; only its SHA-256 is stored (`ApiToken.hash_key`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from tdkt.api.errors import BAD_TOKEN, CSRF_FAILED

#: `last_used` is written at most this often per token (no write on every request).
LAST_USED_EVERY = dt.timedelta(minutes=1)
MAX_KEY_LENGTH = 200


def user_for_key(key: str):
    """The active user owning the unrevoked token `key`, or None."""
    from tdkt.accounts.models import ApiToken

    key = (key or "").strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    user = token.user
    user._tdkt_api_token = token
    return user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <key>`. A wrong or revoked key is refused outright (401)."""

    def __call__(self, request: HttpRequest):
        header = request.headers.get(self.header)
        if not header:
            return None
        scheme, _sep, key = header.partition(" ")
        if scheme.lower() != self.openapi_scheme:
            return None
        user = self.authenticate(request, key)
        if user is None:
            raise AuthenticationError(401, str(BAD_TOKEN))
        return user

    def authenticate(self, request: HttpRequest, token: str):
        return user_for_key(token)


class SessionAuth(APIKeyCookie):
    """The Django session, with CSRF on unsafe methods and the same two-factor rule as the
    screens (the OTP middleware exempts /api/, so it is enforced here)."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key):
        from tdkt.accounts.middleware import otp_required_for

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        is_verified = getattr(user, "is_verified", None)
        if is_verified is not None and not is_verified() and otp_required_for(user):
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, str(CSRF_FAILED))
        return user


token_auth = TokenAuth()
session_auth = SessionAuth(csrf=True)
AUTH = [token_auth, session_auth]
