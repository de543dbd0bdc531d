"""The public portal (no login): the open notices, each notice's list and its comment form."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tdkt.portal import selectors, services
from tdkt.portal.forms import CommentForm


def client_ip(request) -> str:
    if getattr(settings, "TDKT_PORTAL_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def index(request):
    today = services._today()
    return render(
        request,
        "portal/index.html",
        {
            "open_notices": list(selectors.open_notices(today)),
            "closed_notices": list(selectors.recently_closed_notices(today)),
            "today": today,
        },
    )


def _rate_limited(request, notice, message: str):
    return render(
        request, "portal/rate_limited.html", {"notice": notice, "message": message}, status=429
    )


@require_http_methods(["GET", "POST"])
def notice_detail(request, pk):
    notice = selectors.public_notice(pk)
    if notice is None:
        raise Http404
    today = services._today()
    entries = selectors.public_entries(notice)
    is_open = notice.is_open(today)
    form = None
    if is_open:
        initial = {}
        wanted = request.GET.get("doi-tuong")
        if wanted and wanted.isdigit():
            initial["entry"] = int(wanted)
        form = CommentForm(request.POST or None, entries=entries, initial=initial)
    if request.method == "POST":
        if not is_open:
            messages.error(
                request, _("Thời gian nhận ý kiến góp ý đối với thông báo này đã kết thúc.")
            )
            return redirect(notice.get_absolute_url())
        if form.is_bot:
            # A robot filled the invisible field: thank it, store nothing.
            messages.success(request, _("Cảm ơn bạn đã gửi ý kiến góp ý."))
            return redirect(notice.get_absolute_url())
        if form.is_valid():
            by_pk = {e.pk: e for e in entries}
            data = form.cleaned_data
            try:
                services.comment_post(
                    notice=notice,
                    entry=by_pk.get(data["entry"]) if data["entry"] else None,
                    author_name=data["author_name"],
                    contact=data["contact"],
                    text=data["text"],
                    ip=client_ip(request),
                )
            except services.RateLimited as exc:
                return _rate_limited(request, notice, exc.message)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        for error in errors:
                            form.add_error(field if field in form.fields else None, error)
                else:
                    form.add_error(None, exc.messages)
            else:
                messages.success(
                    request,
                    _(
                        "Cảm ơn bạn đã gửi ý kiến góp ý. Ý kiến được chuyển tới cơ quan thường "
                        "trực thi đua – khen thưởng để xem xét, báo cáo Hội đồng."
                    ),
                )
                return redirect(notice.get_absolute_url())
    return render(
        request,
        "portal/notice.html",
        {"notice": notice, "entries": entries, "form": form, "is_open": is_open, "today": today},
    )
