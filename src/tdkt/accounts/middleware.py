"""Two-factor login: required for the roles in TDKT_OTP_REQUIRED_ROLES (admins by default) and
for anyone who has set up an authenticator; optional for the others."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/api/", "/i18n/", "/cong-khai/", "/favicon")


def otp_required_for(user) -> bool:
    from tdkt.accounts.selectors import user_has_device, user_roles

    if user.is_superuser and "admin" in settings.TDKT_OTP_REQUIRED_ROLES:
        return True
    if user_has_device(user):
        return True
    return bool(set(user_roles(user)) & set(settings.TDKT_OTP_REQUIRED_ROLES))


class RequireOTPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not user.is_verified()
            and otp_required_for(user)
        ):
            return redirect("accounts:otp")
        return self.get_response(request)
