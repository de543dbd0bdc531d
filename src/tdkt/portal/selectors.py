"""Reads of the public notice: the public lists, the back-office page of a round, and what the
council needs (`notice_blockers`, `comments_for_nominees`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from tdkt.portal.enums import CommentState, NoticeState
from tdkt.portal.law import notice_required
from tdkt.portal.models import NoticeEntry, PublicComment, PublicNotice

#: Closed notices stay listed (read-only) on the portal for this many days.
RECENTLY_CLOSED_DAYS = 30


# --------------------------------------------------------------------------- public


def _public_base() -> QuerySet:
    return (
        PublicNotice.objects.filter(state=NoticeState.PUBLISHED)
        .select_related("round__issuing_unit")
        .annotate(entry_count=Count("entries", distinct=True))
    )


def open_notices(on: dt.date) -> QuerySet:
    return _public_base().filter(opens_on__lte=on, closes_on__gte=on).order_by("closes_on", "id")


def recently_closed_notices(on: dt.date, days: int = RECENTLY_CLOSED_DAYS) -> QuerySet:
    return (
        _public_base()
        .filter(closes_on__lt=on, closes_on__gte=on - dt.timedelta(days=days))
        .order_by("-closes_on", "-id")
    )


def public_notice(pk) -> PublicNotice | None:
    """A published notice for the portal (a withdrawn one is not public)."""
    try:
        return (
            PublicNotice.objects.filter(state=NoticeState.PUBLISHED)
            .select_related("round__issuing_unit")
            .get(pk=pk)
        )
    except (PublicNotice.DoesNotExist, ValueError, TypeError):
        return None


def public_entries(notice: PublicNotice) -> list[NoticeEntry]:
    """The snapshot rows only (never the registry)."""
    return list(
        NoticeEntry.objects.filter(notice=notice)
        .only(
            "id",
            "notice_id",
            "order",
            "subject_kind",
            "display_name",
            "position",
            "unit_name",
            "target_code",
            "target_name",
            "years",
            "summary",
        )
        .order_by("order", "id")
    )


# --------------------------------------------------------------------------- back office


def round_notices(round) -> list[PublicNotice]:
    """The round's notices, newest first, with their entries and comments (constant queries)."""
    comments = PublicComment.objects.select_related("entry", "handled_by").order_by("created", "id")
    return list(
        PublicNotice.objects.filter(round=round)
        .select_related("published_by", "withdrawn_by")
        .prefetch_related(
            Prefetch("entries", queryset=NoticeEntry.objects.order_by("order", "id")),
            Prefetch("comments", queryset=comments),
        )
        .annotate(
            new_comments=Count("comments", filter=Q(comments__state=CommentState.NEW)),
        )
        .order_by("-published_at", "-id")
    )


# --------------------------------------------------------------------------- council


def _dmy(d: dt.date) -> str:
    return f"{d:%d/%m/%Y}"


def notice_blockers(nominees: Iterable, on: dt.date) -> dict[int, str]:
    """For each nominee whose target requires a public notice and whose notice is missing
    (or withdrawn) or still running on `on`, the Vietnamese reason; others are absent.

    The target is the lower form when the appraisal lowered it. A notice counts when it is
    published (not withdrawn) and its period ended before `on`."""
    nominees = list(nominees)
    if not nominees:
        return {}
    needing = {}
    for n in nominees:
        target_id = (
            n.lower_target_id if n.state == "appraised_lower" and n.lower_target_id else n.target_id
        )
        if notice_required(target_id, on):
            needing[n.pk] = n
    if not needing:
        return {}
    ends: dict[int, dt.date] = {}
    for nominee_id, closes_on in NoticeEntry.objects.filter(
        nominee_id__in=list(needing), notice__state=NoticeState.PUBLISHED
    ).values_list("nominee_id", "notice__closes_on"):
        if nominee_id not in ends or closes_on < ends[nominee_id]:
            ends[nominee_id] = closes_on
    reasons: dict[int, str] = {}
    for pk in needing:
        closes_on = ends.get(pk)
        if closes_on is None:
            reasons[pk] = _(
                "Chưa công khai danh sách đề nghị trên cổng thông tin (bắt buộc trước khi Hội đồng "
                "xét)."
            )
        elif closes_on >= on:
            reasons[pk] = _("Đang công khai đến %(date)s.") % {"date": _dmy(closes_on)}
    return reasons


def comments_for_nominees(nominee_ids: Iterable[int]) -> dict[int | None, list[PublicComment]]:
    """The public's comments per nominee (any notice, withdrawn ones included, oldest first);
    under the key None the general comments of the notices that published these nominees."""
    ids = list(nominee_ids)
    result: dict[int | None, list[PublicComment]] = defaultdict(list)
    if not ids:
        return {}
    notice_ids = set(
        NoticeEntry.objects.filter(nominee_id__in=ids).values_list("notice_id", flat=True)
    )
    comments = (
        PublicComment.objects.filter(
            Q(entry__nominee_id__in=ids) | Q(entry=None, notice_id__in=notice_ids)
        )
        .select_related("entry", "notice", "handled_by")
        .order_by("created", "id")
    )
    for comment in comments:
        result[comment.entry.nominee_id if comment.entry_id else None].append(comment)
    return dict(result)


def general_comments(notice_ids: Iterable[int]) -> list[PublicComment]:
    """Comments on the whole list (not about one nominee) of the given notices."""
    return list(
        PublicComment.objects.filter(notice_id__in=list(notice_ids), entry=None)
        .select_related("notice", "handled_by")
        .order_by("created", "id")
    )
