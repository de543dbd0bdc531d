"""Reading notifications: always scoped to the signed-in recipient."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from tdkt.notifications.models import Notification


def notifications_for(user) -> QuerySet[Notification]:
    """The user's notifications, newest first (none for an anonymous user)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created", "-id")


def unread_count(user) -> int:
    """One COUNT query (partial index notif_unread); 0 without a query when signed out."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def access_notification(user, pk) -> Notification:
    """The user's own notification `pk`; Http404 when it is missing or someone else's."""
    found = notifications_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
