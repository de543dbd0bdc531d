"""Writes of the public notice: publishing a round's list, withdrawing it, the public's comments
(rate limited per hashed IP address) and their handling by the office.

Every function takes keyword-only arguments, validates with Vietnamese messages, runs in one
transaction and leaves an audit entry. New comments notify the specialists when the transaction
commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from tdkt.calendar_vn.services import add_working_days
from tdkt.common.audit import audit_log, snapshot
from tdkt.common.text.normalize import nfc
from tdkt.nominations import rules as perms
from tdkt.nominations.enums import NomineeState, RoundState
from tdkt.nominations.models import Nominee, Round
from tdkt.portal.enums import COMMENT_TRANSITIONS, CommentState, NoticeState
from tdkt.portal.law import notice_basis, notice_required, notice_working_days
from tdkt.portal.models import COMMENT_MAX_LENGTH, NoticeEntry, PublicComment, PublicNotice

#: Nominee states that may be published: appraised and still proposed.
PUBLISHABLE_STATES = frozenset(
    {NomineeState.APPRAISED_AGREE, NomineeState.APPRAISED_LOWER, NomineeState.ESCALATED}
)
MAX_WORKING_DAYS = 60
SUMMARY_MAX = 600
NAME_MAX = PublicComment._meta.get_field("author_name").max_length
CONTACT_MAX = PublicComment._meta.get_field("contact").max_length
#: (comments, seconds) per hashed IP address; overridable by TDKT_PORTAL_COMMENT_LIMITS.
DEFAULT_COMMENT_LIMITS = ((5, 10 * 60), (20, 24 * 3600))


def _today() -> dt.date:
    """Today in the installation's time zone (tests replace it)."""
    return timezone.localdate()


def _fail(field: str, message: str) -> None:
    raise ValidationError({field: message})


def _dmy(d: dt.date) -> str:
    return f"{d:%d/%m/%Y}"


def _office_denied(round: Round) -> str:
    return _(
        "Chỉ cơ quan thường trực thi đua – khen thưởng của %(unit)s mới được công khai danh "
        "sách của đợt xét."
    ) % {"unit": round.issuing_unit.name}


def _require_office(actor, round: Round) -> None:
    if not perms.is_round_office(actor, round):
        raise PermissionDenied(_office_denied(round))


# --------------------------------------------------------------------------- snapshot


def effective_target(nominee: Nominee):
    """The honour the council will consider: the lower form when the appraisal lowered it."""
    if nominee.state == NomineeState.APPRAISED_LOWER and nominee.lower_target_id:
        return nominee.lower_target
    return nominee.target


def _summary(text: str) -> str:
    text = " ".join(nfc(text or "").split())
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1].rstrip() + "…"


def _snapshot_fields(nominee: Nominee) -> dict:
    """What the public sees of a nominee: name, position, unit, target, years, summary."""
    subject = nominee.subject
    target = effective_target(nominee)
    position = ""
    if nominee.person_id:
        name = subject.full_name
        position = subject.position or ""
        unit_name = subject.unit.name
    elif nominee.household_id:
        name = _("Hộ gia đình %(head)s") % {"head": subject.head_name}
        unit_name = subject.unit.name
    else:
        name = subject.name
        unit_name = nominee.proposal.unit.name if nominee.proposal.unit_id != subject.pk else ""
    years = (
        str(nominee.year_to)
        if nominee.year_from == nominee.year_to
        else f"{nominee.year_from}–{nominee.year_to}"
    )
    return {
        "subject_kind": nominee.subject_kind,
        "display_name": nfc(name)[:255],
        "position": nfc(position)[:255],
        "unit_name": nfc(unit_name)[:255],
        "target_code": target.pk,
        "target_name": target.name,
        "years": years,
        "summary": _summary(nominee.achievement_summary),
    }


# --------------------------------------------------------------------------- publishing


def published_nominee_ids(round: Round) -> set[int]:
    """Nominees of the round already in a notice that is not withdrawn."""
    return set(
        NoticeEntry.objects.filter(
            notice__round=round, notice__state=NoticeState.PUBLISHED
        ).values_list("nominee_id", flat=True)
    )


def publishable_nominees(round: Round):
    return (
        Nominee.objects.filter(round=round, state__in=sorted(PUBLISHABLE_STATES))
        .select_related(
            "proposal__unit",
            "person__unit",
            "household__unit",
            "collective",
            "target",
            "lower_target",
        )
        .order_by("proposal__unit__name", "proposal_id", "order", "id")
    )


def default_title(round: Round) -> str:
    return _("Công khai danh sách đề nghị khen thưởng – %(round)s") % {"round": round.name}


@transaction.atomic
def notice_publish(
    *,
    round: Round,
    nominees: Iterable[Nominee | int],
    actor,
    working_days: int | None = None,
    title: str = "",
    body: str = "",
) -> PublicNotice:
    """Publish nominees of `round` on the portal for public comment, from today for
    `working_days` working days (default: setting, then the pack). Appraised nominees whose
    target requires a notice and that are not yet published are always included."""
    round = Round.objects.select_for_update().select_related("issuing_unit").get(pk=round.pk)
    _require_office(actor, round)
    if round.state in (RoundState.CANCELLED, RoundState.DECIDED):
        _fail(
            "round",
            _("Đợt xét «%(round)s» đang ở trạng thái «%(state)s», không công khai được.")
            % {"round": round.name, "state": round.get_state_display()},
        )
    today = _today()
    if working_days is None:
        working_days = notice_working_days(today)
    if (
        not isinstance(working_days, int)
        or isinstance(working_days, bool)
        or not 1 <= working_days <= MAX_WORKING_DAYS
    ):
        _fail(
            "working_days",
            _("Thời gian công khai phải từ 1 đến %(max)s ngày làm việc.")
            % {"max": MAX_WORKING_DAYS},
        )
    wanted = {n.pk if isinstance(n, Nominee) else int(n) for n in nominees}
    candidates = {n.pk: n for n in publishable_nominees(round)}
    already = published_nominee_ids(round)
    unknown = wanted - set(candidates)
    if unknown:
        names = [
            n.subject_name
            for n in Nominee.objects.filter(pk__in=unknown, round=round).select_related(
                "person", "collective", "household"
            )
        ]
        _fail(
            "nominees",
            _("Chỉ công khai đối tượng đã thẩm định đồng ý hoặc đề nghị cấp trên khen%(names)s.")
            % {"names": (": " + ", ".join(names)) if names else ""},
        )
    twice = wanted & already
    if twice:
        _fail(
            "nominees",
            _("Đã công khai: %(names)s.")
            % {"names": ", ".join(candidates[pk].subject_name for pk in sorted(twice))},
        )
    required = {
        pk
        for pk, n in candidates.items()
        if pk not in already and notice_required(effective_target(n).pk, today)
    }
    chosen = [n for pk, n in candidates.items() if pk in wanted | required]
    if not chosen:
        _fail("nominees", _("Chọn ít nhất một đối tượng để công khai."))
    title = nfc(title or "").strip()[:255] or default_title(round)
    notice = PublicNotice.objects.create(
        round=round,
        title=title,
        body=nfc(body or "").strip(),
        working_days=working_days,
        opens_on=today,
        closes_on=add_working_days(today, working_days),
        basis=notice_basis(today)[:500],
        state=NoticeState.PUBLISHED,
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
        published_at=timezone.now(),
    )
    NoticeEntry.objects.bulk_create(
        NoticeEntry(
            notice=notice, nominee=n, order=i, required=n.pk in required, **_snapshot_fields(n)
        )
        for i, n in enumerate(chosen, start=1)
    )
    audit_log(
        notice,
        action="portal.notice.publish",
        actor=actor,
        after={**snapshot(notice), "nominees": [n.pk for n in chosen]},
    )
    return notice


@transaction.atomic
def notice_withdraw(*, notice: PublicNotice, actor, reason: str) -> PublicNotice:
    """Withdraw a published notice (it leaves the portal; its entries and comments stay)."""
    _require_office(actor, notice.round)
    reason = nfc(reason or "").strip()
    if not reason:
        _fail("reason", _("Ghi lý do thu hồi thông báo công khai."))
    now = timezone.now()
    changed = PublicNotice.objects.filter(pk=notice.pk, state=NoticeState.PUBLISHED).update(
        state=NoticeState.WITHDRAWN,
        withdrawn_by=actor,
        withdrawn_at=now,
        withdrawn_reason=reason,
        updated=now,
    )
    if not changed:
        _fail("state", _("Thông báo đã được thu hồi trước đó. Tải lại trang để xem thông tin mới."))
    notice.refresh_from_db()
    audit_log(
        notice,
        action="portal.notice.withdraw",
        actor=actor,
        before={"state": NoticeState.PUBLISHED},
        after={"state": NoticeState.WITHDRAWN},
        reason=reason,
    )
    return notice


# --------------------------------------------------------------------------- comments


class RateLimited(Exception):
    """Too many comments from one address: the message says when to try again."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def ip_hash(ip: str) -> str:
    """A salted, keyed hash of an IP address (the address itself is never stored)."""
    salt = getattr(settings, "TDKT_PORTAL_IP_SALT", "") or "tdkt.portal.ip"
    return salted_hmac(salt, ip or "", algorithm="sha256").hexdigest()


def _limits() -> tuple[tuple[int, int], ...]:
    limits = getattr(settings, "TDKT_PORTAL_COMMENT_LIMITS", None) or DEFAULT_COMMENT_LIMITS
    return tuple((int(count), int(seconds)) for count, seconds in limits)


def _rate_key(hashed: str, seconds: int) -> str:
    return f"tdkt:portal:comments:{hashed}:{seconds}"


def _wait_text(seconds: int) -> str:
    if seconds >= 3600:
        return _("%(hours)s giờ") % {"hours": max(1, round(seconds / 3600))}
    return _("%(minutes)s phút") % {"minutes": max(1, round(seconds / 60))}


def check_rate(hashed: str) -> None:
    """Refuse (RateLimited) an address that reached one of its limits."""
    for count, seconds in _limits():
        if (cache.get(_rate_key(hashed, seconds)) or 0) >= count:
            raise RateLimited(
                _(
                    "Bạn đã gửi %(count)s ý kiến trong %(window)s. Xin vui lòng gửi lại sau; "
                    "cảm ơn bạn đã quan tâm góp ý."
                )
                % {"count": count, "window": _wait_text(seconds)}
            )


def _count(hashed: str) -> None:
    for _count_limit, seconds in _limits():
        key = _rate_key(hashed, seconds)
        if not cache.add(key, 1, timeout=seconds):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=seconds)


def _recipients(notice: PublicNotice, entry: NoticeEntry | None) -> list:
    """The specialists assigned to the proposals concerned, else the office's specialists."""
    from tdkt.accounts.models import User
    from tdkt.nominations.services import _office_users

    entries = NoticeEntry.objects.filter(notice=notice)
    if entry is not None:
        entries = entries.filter(pk=entry.pk)
    ids = set(
        entries.exclude(nominee__proposal__assigned_specialist=None).values_list(
            "nominee__proposal__assigned_specialist", flat=True
        )
    )
    if ids:
        return list(User.objects.filter(pk__in=ids, is_active=True))
    return _office_users(notice.round)


def _clean(value: str, field: str, limit: int, message: str, required: bool = True) -> str:
    text = nfc(value or "").strip()
    if required and not text:
        _fail(field, message)
    if len(text) > limit:
        _fail(
            field,
            _("Tối đa %(limit)s ký tự (đang có %(count)s).") % {"limit": limit, "count": len(text)},
        )
    return text


@transaction.atomic
def comment_post(
    *,
    notice: PublicNotice,
    author_name: str,
    text: str,
    ip: str,
    entry: NoticeEntry | None = None,
    contact: str = "",
) -> PublicComment:
    """A comment from the public on an open notice (on one entry or on the whole list)."""
    if not notice.is_open(_today()):
        _fail("notice", _("Thời gian nhận ý kiến góp ý đối với thông báo này đã kết thúc."))
    if entry is not None and entry.notice_id != notice.pk:
        _fail("entry", _("Đối tượng góp ý không thuộc thông báo này."))
    author_name = _clean(author_name, "author_name", NAME_MAX, _("Ghi họ và tên người góp ý."))
    contact = _clean(contact, "contact", CONTACT_MAX, "", required=False)
    text = _clean(text, "text", COMMENT_MAX_LENGTH, _("Ghi nội dung góp ý."))
    hashed = ip_hash(ip)
    check_rate(hashed)
    comment = PublicComment.objects.create(
        notice=notice,
        entry=entry,
        author_name=author_name,
        contact=contact,
        text=text,
        ip_hash=hashed,
    )
    _count(hashed)
    audit_log(comment, action="portal.comment.create", after=snapshot(comment, ["notice", "entry"]))
    recipients = _recipients(notice, entry)
    about = entry.display_name if entry is not None else notice.title
    url = reverse("backoffice:rounds.notice", args=[notice.round_id]) + f"#comment-{comment.pk}"
    title = _("Ý kiến góp ý mới về %(about)s") % {"about": about}
    body = text if len(text) <= 300 else text[:299] + "…"
    if recipients:
        from tdkt.notifications.services import notify

        transaction.on_commit(
            lambda: notify(
                recipients=recipients,
                kind="portal.comment",
                title=title,
                body=body,
                url=url,
                target=comment,
            )
        )
    return comment


@transaction.atomic
def comment_mark(*, comment: PublicComment, actor, state: str, note: str = "") -> PublicComment:
    """The office marks a comment read, or handled with a note of what was done."""
    round = comment.notice.round
    _require_office(actor, round)
    if state not in CommentState.values:
        _fail("state", _("Trạng thái không hợp lệ."))
    note = nfc(note or "").strip()
    if state == CommentState.HANDLED and not note:
        _fail("note", _("Ghi kết quả xử lý ý kiến góp ý."))
    seen = comment.state
    if state not in COMMENT_TRANSITIONS.get(seen, frozenset()):
        _fail(
            "state",
            _("Ý kiến đang ở trạng thái «%(current)s», không chuyển sang «%(new)s» được.")
            % {
                "current": CommentState(seen).label,
                "new": CommentState(state).label,
            },
        )
    changes: dict = {"state": state}
    if state == CommentState.HANDLED:
        changes.update(handled_by=actor, handled_at=timezone.now(), handled_note=note)
    if not PublicComment.objects.filter(pk=comment.pk, state=seen).update(**changes):
        current = PublicComment.objects.filter(pk=comment.pk).select_related("handled_by").first()
        who = str(current.handled_by) if current and current.handled_by_id else _("người khác")
        _fail(
            "state",
            _("Ý kiến này đã được %(who)s cập nhật trước. Tải lại trang để xem thông tin mới.")
            % {"who": who},
        )
    comment.refresh_from_db()
    audit_log(
        comment,
        action="portal.comment.mark",
        actor=actor,
        before={"state": seen},
        after={"state": state},
        reason=note,
    )
    return comment
