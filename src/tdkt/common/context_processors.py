from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import pgettext_lazy

#: (url name, label, roles that see it or None for every signed-in user)
NAV = [
    ("backoffice:home", pgettext_lazy("nav", "Tổng quan"), None),
    ("backoffice:units.list", pgettext_lazy("nav", "Đơn vị"), None),
    ("backoffice:people.list", pgettext_lazy("nav", "Cá nhân"), None),
    ("backoffice:households.list", pgettext_lazy("nav", "Hộ gia đình"), None),
    ("backoffice:decisions.list", pgettext_lazy("nav", "Quyết định"), None),
    ("backoffice:awards.list", pgettext_lazy("nav", "Khen thưởng"), None),
    ("backoffice:ratings.list", pgettext_lazy("nav", "Xếp loại"), None),
    ("backoffice:initiatives.list", pgettext_lazy("nav", "Sáng kiến"), None),
    (
        "backoffice:work.dashboard",
        pgettext_lazy("nav", "Việc cần làm"),
        {"admin", "officer", "specialist", "head"},
    ),
    ("backoffice:rounds.list", pgettext_lazy("nav", "Đợt xét"), None),
    ("backoffice:proposals.list", pgettext_lazy("nav", "Tờ trình"), None),
    (
        "backoffice:council.list",
        pgettext_lazy("nav", "Hội đồng"),
        {"admin", "specialist", "council", "head"},
    ),
    (
        "backoffice:certificates.list",
        pgettext_lazy("nav", "In bằng khen"),
        {"admin", "officer", "specialist"},
    ),
    (
        "backoffice:templates.list",
        pgettext_lazy("nav", "Mẫu văn bản"),
        {"admin", "specialist"},
    ),
    ("imports:list", pgettext_lazy("nav", "Nhập Excel"), {"admin", "officer", "specialist"}),
    ("backoffice:audit.list", pgettext_lazy("nav", "Nhật ký"), {"admin", "auditor", "specialist"}),
    ("notifications:list", pgettext_lazy("nav", "Thông báo"), None),
]

#: Nav entries showing a count from the context as a badge.
BADGES = {"notifications:list": "unread_notifications"}


def site(request):
    context = {"SITE_NAME": settings.TDKT_SITE_NAME, "ORG_NAME": settings.TDKT_ORG_NAME}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    from tdkt.accounts.selectors import user_roles
    from tdkt.notifications.selectors import unread_count

    # Lazy: one COUNT query, run only when a template shows it (HTMX fragments don't pay).
    context["unread_notifications"] = SimpleLazyObject(lambda: unread_count(user))
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
                "badge": context[BADGES[name]] if name in BADGES else None,
            }
        )
    context["nav_items"] = items
    context["user_roles"] = roles
    return context
