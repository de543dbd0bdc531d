"""My notifications: the list (newest first, unread highlighted), open one (marks it read and
follows its local link), mark all read. Every view is scoped to the signed-in recipient."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tdkt.notifications import services
from tdkt.notifications.selectors import access_notification, notifications_for

PAGE_SIZE = 30


@login_required
@require_GET
def notification_list(request):
    qs = notifications_for(request.user).only(
        "id", "kind", "title", "body", "url", "created", "read_at"
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "notifications": page.object_list},
    )


@login_required
@require_GET
def notification_open(request, pk: int):
    notification = access_notification(request.user, pk)
    if notification.read_at is None:
        services.mark_read(request.user, [notification.pk])
    if notification.url:
        if services.is_local_url(notification.url):
            return HttpResponseRedirect(notification.url)
        messages.warning(request, _("Đường dẫn của thông báo không hợp lệ nên không được mở."))
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.mark_all_read(request.user)
    if count:
        messages.success(request, _("Đã đánh dấu %(n)d thông báo là đã đọc.") % {"n": count})
    return redirect("notifications:list")
