from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

#: (url name, label, roles that see it or None for every signed-in user)
NAV = [
    ("backoffice:home", _("Tổng quan"), None),
    ("backoffice:units.list", _("Đơn vị"), None),
    ("backoffice:people.list", _("Cá nhân"), None),
    ("backoffice:households.list", _("Hộ gia đình"), None),
    ("backoffice:decisions.list", _("Quyết định"), None),
    ("backoffice:awards.list", _("Khen thưởng"), None),
    ("backoffice:ratings.list", _("Xếp loại"), None),
    ("backoffice:initiatives.list", _("Sáng kiến"), None),
    ("imports:list", _("Nhập Excel"), {"admin", "officer", "specialist"}),
    ("backoffice:audit.list", _("Nhật ký"), {"admin", "auditor", "specialist"}),
]


def site(request):
    context = {"SITE_NAME": settings.TDKT_SITE_NAME, "ORG_NAME": settings.TDKT_ORG_NAME}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    from tdkt.accounts.selectors import user_roles

    roles = set(user_roles(user))
    items = []
    for name, label, allowed in NAV:
        if allowed is not None and not (roles & allowed) and not user.is_superuser:
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append(
            {
                "url": url,
                "label": label,
                "active": request.path == url or (url != "/" and request.path.startswith(url)),
            }
        )
    context["nav_items"] = items
    context["user_roles"] = roles
    return context
