"""Publishing a round's list for public comment (công khai), back-office side: the receiving
office picks the appraised nominees to publish (those whose target requires a notice are always
included), sets the period in working days, publishes on the portal, withdraws with a reason,
and reads and handles the public's comments.

Only the office of the round (specialist, officer or admin covering its issuing unit) reaches
this page; anyone else gets 404 (`_office_round`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tdkt.accounts.selectors import user_scope
from tdkt.backoffice.forms.notice import CommentMarkForm, PublishForm, WithdrawForm
from tdkt.nominations.models import Round
from tdkt.nominations.rules import OFFICE_ROLES
from tdkt.portal import selectors, services
from tdkt.portal.enums import CommentState, NoticeState
from tdkt.portal.law import notice_required, notice_working_days
from tdkt.portal.models import PublicComment, PublicNotice


def _office_round(user, pk) -> Round:
    """The round if the user works in its receiving office, else 404."""
    qs = user_scope(user, OFFICE_ROLES).filter(
        Round.objects.select_related("issuing_unit"), "issuing_unit__"
    )
    try:
        return qs.get(pk=pk)
    except (Round.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def _back(round_: Round, anchor: str = ""):
    response = redirect("backoffice:rounds.notice", pk=round_.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _candidates(round_: Round, today):
    """Rows of the publishing table: (nominee, target, required, published)."""
    published = services.published_nominee_ids(round_)
    rows = []
    for nominee in services.publishable_nominees(round_):
        target = services.effective_target(nominee)
        rows.append(
            {
                "nominee": nominee,
                "target": target,
                "required": notice_required(target.pk, today),
                "published": nominee.pk in published,
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def round_notice(request, pk):
    round_ = _office_round(request.user, pk)
    today = services._today()
    rows = _candidates(round_, today)
    open_rows = [r for r in rows if not r["published"]]
    initial = {
        "title": services.default_title(round_),
        "working_days": notice_working_days(today),
        "nominees": [r["nominee"].pk for r in open_rows if r["required"]],
    }
    form = PublishForm(
        request.POST or None, candidates=[r["nominee"] for r in open_rows], initial=initial
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                notice = services.notice_publish(
                    round=round_,
                    nominees=data["nominees"],
                    actor=request.user,
                    working_days=data["working_days"],
                    title=data["title"],
                    body=data["body"],
                )
            except PermissionDenied as exc:
                messages.error(request, str(exc))
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(
                    request,
                    _("Đã công khai %(count)s đối tượng trên cổng thông tin đến hết %(date)s.")
                    % {"count": notice.entries.count(), "date": f"{notice.closes_on:%d/%m/%Y}"},
                )
                return _back(round_, f"notice-{notice.pk}")
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
    notices = selectors.round_notices(round_)
    selected = {int(v) for v in (form["nominees"].value() or []) if str(v).isdigit()}
    return render(
        request,
        "backoffice/notice/round.html",
        {
            "round": round_,
            "rows": rows,
            "open_rows": open_rows,
            "selected": selected,
            "form": form,
            "notices": notices,
            "today": today,
            "withdraw_form": WithdrawForm(),
            "CommentState": CommentState,
            "NoticeState": NoticeState,
        },
    )


@login_required
@require_POST
def notice_withdraw(request, pk, notice_pk):
    round_ = _office_round(request.user, pk)
    notice = PublicNotice.objects.filter(round=round_, pk=notice_pk).first()
    if notice is None:
        raise Http404
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ghi lý do thu hồi thông báo công khai."))
        return _back(round_, f"notice-{notice.pk}")
    try:
        services.notice_withdraw(
            notice=notice, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Đã thu hồi thông báo «%(title)s».") % {"title": notice.title})
    return _back(round_, f"notice-{notice.pk}")


@login_required
@require_POST
def comment_mark(request, pk, comment_pk):
    round_ = _office_round(request.user, pk)
    comment = (
        PublicComment.objects.filter(notice__round=round_, pk=comment_pk)
        .select_related("notice__round__issuing_unit")
        .first()
    )
    if comment is None:
        raise Http404
    form = CommentMarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Yêu cầu không hợp lệ. Tải lại trang và thử lại."))
        return _back(round_, f"comment-{comment.pk}")
    comment.state = form.cleaned_data["seen"]
    try:
        services.comment_mark(
            comment=comment,
            actor=request.user,
            state=form.cleaned_data["state"],
            note=form.cleaned_data["note"],
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request, _("Đã cập nhật ý kiến của %(name)s.") % {"name": comment.author_name}
        )
    return _back(round_, f"comment-{comment.pk}")


urlpatterns = [
    path("dot-xet/<int:pk>/cong-khai/", round_notice, name="rounds.notice"),
    path(
        "dot-xet/<int:pk>/cong-khai/<int:notice_pk>/thu-hoi/",
        notice_withdraw,
        name="rounds.notice.withdraw",
    ),
    path(
        "dot-xet/<int:pk>/cong-khai/y-kien/<int:comment_pk>/",
        comment_mark,
        name="rounds.notice.comment",
    ),
]
