"""Writes on rounds, proposals and nominees. Every function takes keyword-only arguments,
validates (Vietnamese `ValidationError` naming the field; `PermissionDenied` for a user without
the right), writes in one transaction and leaves an audit entry; notifications are queued to be
written when the transaction commits.

States change only in `set_round_state`, `set_proposal_state` and `set_nominee_state`: each
checks the transition table of `tdkt.nominations.enums` against the state the caller saw and
writes with a conditional UPDATE (``filter(pk=…, state=seen).update(state=new)``). When another
user changed the row first, nothing changes and the caller learns who did what (from the last
`ProposalEvent`); as every service is one transaction, nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tdkt.calendar_vn.services import add_working_days
from tdkt.catalog.models import AwardType, Honour
from tdkt.common.audit import _plain, audit_log, snapshot
from tdkt.common.text.normalize import nfc
from tdkt.nominations import rules as perms
from tdkt.nominations.enums import (
    APPRAISAL_STATES,
    DEFAULT_APPRAISAL_WORKING_DAYS,
    NOMINEE_EDITABLE,
    NOMINEE_INACTIVE,
    NOMINEE_TRANSITIONS,
    PROPOSAL_EDITABLE,
    PROPOSAL_TRANSITIONS,
    ROUND_TRANSITIONS,
    AppraisalDecision,
    EventKind,
    NomineeState,
    ProposalState,
    RoundState,
)
from tdkt.nominations.models import Nominee, Proposal, ProposalEvent, Round
from tdkt.people.enums import SubjectKind

#: What an event did, as a past participle after "đã được <ai> …".
EVENT_VERBS = {
    EventKind.CREATED: gettext_lazy("lập"),
    EventKind.SUBMITTED: gettext_lazy("gửi"),
    EventKind.RESUBMITTED: gettext_lazy("gửi lại"),
    EventKind.RECEIVED: gettext_lazy("tiếp nhận"),
    EventKind.RETURNED: gettext_lazy("trả lại"),
    EventKind.CORRECTING: gettext_lazy("mở lại để bổ sung, sửa"),
    EventKind.ASSIGNED: gettext_lazy("phân công thẩm định"),
    EventKind.APPRAISING: gettext_lazy("đưa vào thẩm định"),
    EventKind.APPRAISED: gettext_lazy("thẩm định"),
    EventKind.OVERRIDDEN: gettext_lazy("lãnh đạo quyết định đề nghị"),
    EventKind.STATE: gettext_lazy("chuyển trạng thái"),
}

#: The event kind recorded by default for a move into a state.
_KIND_FOR_STATE = {
    ProposalState.SUBMITTED: EventKind.SUBMITTED,
    ProposalState.RECEIVED: EventKind.RECEIVED,
    ProposalState.RETURNED: EventKind.RETURNED,
    ProposalState.DRAFT: EventKind.CORRECTING,
    ProposalState.APPRAISING: EventKind.APPRAISING,
    NomineeState.ACCEPTED: EventKind.RECEIVED,
    NomineeState.APPRAISED_AGREE: EventKind.APPRAISED,
    NomineeState.APPRAISED_LOWER: EventKind.APPRAISED,
    NomineeState.REJECTED: EventKind.APPRAISED,
    NomineeState.ESCALATED: EventKind.APPRAISED,
}


def _today() -> dt.date:
    """Today in the installation's time zone (tests replace it)."""
    return timezone.localdate()


def _fail(field: str, message: str) -> None:
    raise ValidationError({field: message})


def _user(actor: Any):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _dmy(d: dt.date | None) -> str:
    return f"{d:%d/%m/%Y}" if d else "…"


def _reason(reason: str, field: str, message: str) -> str:
    text = nfc(reason or "").strip()
    if not text:
        _fail(field, message)
    return text


def _require(predicate, user, obj, message: str) -> None:
    if not predicate(user, obj):
        raise PermissionDenied(message)


# --------------------------------------------------------------------------- eligibility


def _subject_ids(nominee_or_subject_kind: str, subject) -> list[int]:
    if nominee_or_subject_kind == SubjectKind.COLLECTIVE:
        from tdkt.orgs.selectors import unit_lineage_ids

        return unit_lineage_ids(subject)
    return [subject.pk]


def judge(kind: str, subject, target: str, year: int) -> dict[str, Any]:
    """The rules engine's judgement of one subject for one target and year, as stored on a
    nominee: ``{"target", "target_name", "year", "eligible", "status", "checks", "missing",
    "regime", "regime_name", "uses_initiatives", "checked_at"}`` ("regime" is the pack's code,
    "regime_name" its Vietnamese name, the one shown on screens). A request the engine cannot
    judge (a year in the future, a target without rules) is "not eligible" with the engine's
    message."""
    from tdkt.rules.engine import ContractError
    from tdkt.rules.services import judge_subject

    base = {"target": target, "year": year, "checked_at": timezone.now().isoformat()}
    try:
        report = judge_subject(kind, _subject_ids(kind, subject), year, targets=[target])
    except ContractError as exc:
        return {
            **base,
            "target_name": target,
            "eligible": False,
            "status": "khong_du",
            "checks": [],
            "missing": [_("Không kiểm tra được điều kiện: %(error)s") % {"error": exc.message}],
            "regime": "",
            "regime_name": "",
            "uses_initiatives": [],
        }
    judgement = report.judgements[0]
    result = judgement.result
    return {
        **base,
        "target_name": judgement.name,
        "eligible": bool(result.get("eligible")),
        "status": judgement.status,
        "checks": list(result.get("checks") or []),
        "missing": [str(m) for m in result.get("missing") or []],
        "regime": result.get("regime") or report.regime_name,
        "regime_name": report.regime_name,
        "uses_initiatives": list(result.get("uses_initiatives") or []),
    }


def _override_block(nominee: Nominee) -> dict[str, Any] | None:
    if not nominee.override_by_id:
        return None
    return {
        "by": nominee.override_by_id,
        "by_name": str(nominee.override_by),
        "reason": nominee.override_reason,
        "at": _plain(nominee.override_at),
    }


def _rejudge(nominee: Nominee) -> None:
    """Refresh the nominee's stored judgement (keeping the head's override)."""
    result = judge(nominee.subject_kind, nominee.subject, nominee.target_id, nominee.year_to)
    result["override"] = _override_block(nominee)
    nominee.eligibility = result
    nominee.eligible = result["eligible"]
    nominee.save(update_fields=["eligibility", "eligible", "updated"])


def lacking(nominee: Nominee) -> str:
    """What the nominee lacks, in one Vietnamese sentence (from the stored judgement)."""
    missing = [m for m in nominee.eligibility.get("missing") or [] if m]
    if not missing:
        missing = [
            c.get("message", "")
            for c in nominee.eligibility.get("checks") or []
            if not c.get("ok") and c.get("message")
        ]
    return "; ".join(missing) or _("chưa đáp ứng điều kiện")


# --------------------------------------------------------------------------- transitions


def _state_label(enum, state: str) -> str:
    try:
        return str(enum(state).label)
    except ValueError:
        return state


def _who_first(proposal_id: int, nominee_id: int | None) -> tuple[str, str, str]:
    """(who, did what, when) of the last state change of a proposal or one of its nominees."""
    events = ProposalEvent.objects.filter(proposal_id=proposal_id).exclude(to_state="")
    events = events.filter(nominee_id=nominee_id) if nominee_id else events.filter(nominee=None)
    last = events.select_related("actor").order_by("-at", "-id").first()
    if last is None:
        return _("người khác"), _("thay đổi"), ""
    who = str(last.actor) if last.actor_id else _("người khác")
    verb = str(EVENT_VERBS.get(last.kind, EVENT_VERBS[EventKind.STATE]))
    when = _(" lúc %(time)s") % {"time": f"{timezone.localtime(last.at):%H:%M %d/%m/%Y}"}
    return who, verb, when


def _stale_proposal(proposal: Proposal, new_state: str) -> ValidationError:
    current = Proposal.objects.filter(pk=proposal.pk).values_list("state", flat=True).first()
    if current is None:
        return ValidationError({"state": _("Tờ trình không còn tồn tại.")})
    who, verb, when = _who_first(proposal.pk, None)
    return ValidationError(
        {
            "state": _(
                "%(proposal)s đã được %(who)s %(verb)s%(when)s (trạng thái hiện tại: "
                "«%(current)s»); không thể chuyển sang «%(new)s». Tải lại trang để xem "
                "thông tin mới."
            )
            % {
                "proposal": str(proposal),
                "who": who,
                "verb": verb,
                "when": when,
                "current": _state_label(ProposalState, current),
                "new": _state_label(ProposalState, new_state),
            }
        }
    )


def _stale_nominee(nominee: Nominee, new_state: str) -> ValidationError:
    current = Nominee.objects.filter(pk=nominee.pk).values_list("state", flat=True).first()
    who, verb, when = _who_first(nominee.proposal_id, nominee.pk)
    return ValidationError(
        {
            "state": _(
                "%(nominee)s đã được %(who)s %(verb)s%(when)s (trạng thái hiện tại: "
                "«%(current)s»); không thể chuyển sang «%(new)s». Tải lại trang để xem "
                "thông tin mới."
            )
            % {
                "nominee": nominee.subject_name,
                "who": who,
                "verb": verb,
                "when": when,
                "current": _state_label(NomineeState, current or ""),
                "new": _state_label(NomineeState, new_state),
            }
        }
    )


def _changes_for_audit(model, values: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe field changes, foreign keys under their column name (``received_by_id``)."""
    out = {}
    for key, value in values.items():
        if key in {"updated", "state_changed_at", "state_changed_by"}:
            continue
        field = model._meta.get_field(key)
        if field.is_relation:
            out[field.attname] = getattr(value, "pk", value)
        else:
            out[key] = _plain(value)
    return out


def set_proposal_state(
    proposal: Proposal,
    new_state: str,
    *,
    actor,
    reason: str = "",
    kind: str = "",
    changes: dict[str, Any] | None = None,
) -> Proposal:
    """Move a proposal from the state the caller saw (`proposal.state`) to `new_state`, with
    the field `changes` written in the same UPDATE. Records a `ProposalEvent` and an audit entry.
    If another user moved it first: ValidationError naming who did what and when."""
    if new_state not in ProposalState.values:
        _fail("state", _("Trạng thái không hợp lệ: %(state)s.") % {"state": new_state})
    seen = proposal.state
    if new_state not in PROPOSAL_TRANSITIONS.get(seen, frozenset()):
        if not Proposal.objects.filter(pk=proposal.pk, state=seen).exists():
            raise _stale_proposal(proposal, new_state)
        _fail(
            "state",
            _("Không thể chuyển %(proposal)s từ «%(old)s» sang «%(new)s».")
            % {
                "proposal": str(proposal),
                "old": _state_label(ProposalState, seen),
                "new": _state_label(ProposalState, new_state),
            },
        )
    reason = nfc(reason or "").strip()
    now = timezone.now()
    values: dict[str, Any] = {
        "state": new_state,
        "state_changed_at": now,
        "state_changed_by": _user(actor),
        "updated": now,
        **(changes or {}),
    }
    with transaction.atomic():
        changed = Proposal.objects.filter(
            pk=proposal.pk, state=seen, version=proposal.version
        ).update(**values)
        if not changed:
            raise _stale_proposal(proposal, new_state)
        before = {
            "state": seen,
            **_changes_for_audit(Proposal, {k: getattr(proposal, k) for k in changes or {}}),
        }
        for key, value in values.items():
            setattr(proposal, key, value)
        ProposalEvent.objects.create(
            proposal=proposal,
            kind=kind or _KIND_FOR_STATE.get(new_state, EventKind.STATE),
            actor=_user(actor),
            reason=reason,
            at=now,
            from_state=seen,
            to_state=new_state,
            version=proposal.version,
        )
        audit_log(
            proposal,
            action=f"nominations.proposal.{new_state}",
            actor=actor,
            before=before,
            after={"state": new_state, **_changes_for_audit(Proposal, changes or {})},
            reason=reason,
        )
    return proposal


def set_nominee_state(
    nominee: Nominee,
    new_state: str,
    *,
    actor,
    reason: str = "",
    kind: str = "",
    changes: dict[str, Any] | None = None,
) -> Nominee:
    """Move a nominee from the state the caller saw to `new_state` (see `set_proposal_state`)."""
    if new_state not in NomineeState.values:
        _fail("state", _("Trạng thái không hợp lệ: %(state)s.") % {"state": new_state})
    seen = nominee.state
    if new_state not in NOMINEE_TRANSITIONS.get(seen, frozenset()):
        if not Nominee.objects.filter(pk=nominee.pk, state=seen).exists():
            raise _stale_nominee(nominee, new_state)
        _fail(
            "state",
            _("Không thể chuyển %(nominee)s từ «%(old)s» sang «%(new)s».")
            % {
                "nominee": nominee.subject_name,
                "old": _state_label(NomineeState, seen),
                "new": _state_label(NomineeState, new_state),
            },
        )
    reason = nfc(reason or "").strip()
    now = timezone.now()
    values: dict[str, Any] = {"state": new_state, "updated": now, **(changes or {})}
    with transaction.atomic():
        if not Nominee.objects.filter(pk=nominee.pk, state=seen).update(**values):
            raise _stale_nominee(nominee, new_state)
        before = {
            "state": seen,
            **_changes_for_audit(Nominee, {k: getattr(nominee, k) for k in changes or {}}),
        }
        for key, value in values.items():
            setattr(nominee, key, value)
        version = (
            Proposal.objects.filter(pk=nominee.proposal_id)
            .values_list("version", flat=True)
            .first()
        )
        ProposalEvent.objects.create(
            proposal_id=nominee.proposal_id,
            nominee=nominee,
            kind=kind or _KIND_FOR_STATE.get(new_state, EventKind.STATE),
            actor=_user(actor),
            reason=reason,
            at=now,
            from_state=seen,
            to_state=new_state,
            version=version,
        )
        audit_log(
            nominee,
            action=f"nominations.nominee.{new_state}",
            actor=actor,
            before=before,
            after={"state": new_state, **_changes_for_audit(Nominee, changes or {})},
            reason=reason,
        )
    return nominee


def set_round_state(round: Round, new_state: str, *, actor, reason: str = "") -> Round:
    """Open, close, decide or cancel a round (same conditional update as the proposals)."""
    if new_state not in RoundState.values:
        _fail("state", _("Trạng thái không hợp lệ: %(state)s.") % {"state": new_state})
    _require(
        perms.is_round_office,
        actor,
        round,
        _(
            "Chỉ cơ quan thường trực thi đua – khen thưởng của cấp quyết định mới được điều hành "
            "đợt xét."
        ),
    )
    seen = round.state
    if new_state not in ROUND_TRANSITIONS.get(seen, frozenset()):
        _fail(
            "state",
            _("Không thể chuyển đợt xét từ «%(old)s» sang «%(new)s».")
            % {
                "old": _state_label(RoundState, seen),
                "new": _state_label(RoundState, new_state),
            },
        )
    now = timezone.now()
    with transaction.atomic():
        values = {
            "state": new_state,
            "state_changed_at": now,
            "state_changed_by": _user(actor),
            "updated": now,
        }
        if not Round.objects.filter(pk=round.pk, state=seen).update(**values):
            current = Round.objects.select_related("state_changed_by").get(pk=round.pk)
            who = str(current.state_changed_by) if current.state_changed_by else _("người khác")
            _fail(
                "state",
                _(
                    "Đợt xét đã được %(who)s chuyển sang «%(current)s»; không thể chuyển sang "
                    "«%(new)s». Tải lại trang để xem thông tin mới."
                )
                % {
                    "who": who,
                    "current": _state_label(RoundState, current.state),
                    "new": _state_label(RoundState, new_state),
                },
            )
        for key, value in values.items():
            setattr(round, key, value)
        audit_log(
            round,
            action=f"nominations.round.{new_state}",
            actor=actor,
            before={"state": seen},
            after={"state": new_state},
            reason=nfc(reason or ""),
        )
    return round


# --------------------------------------------------------------------------- notifications


def _office_users(round: Round) -> list:
    """Specialists whose scope covers the round's issuing unit (the receiving office)."""
    from tdkt.accounts.models import RoleGrant

    path = round.issuing_unit.path
    grants = RoleGrant.objects.filter(role="specialist", revoked_at__isnull=True).select_related(
        "user", "unit"
    )
    return [g.user for g in grants if path.startswith(g.unit.path)]


def _unit_users(proposal: Proposal) -> list:
    """The proposal's author and the officers and heads of the submitting unit."""
    from tdkt.accounts.models import RoleGrant

    users = [proposal.created_by] if proposal.created_by_id else []
    users += [
        g.user
        for g in RoleGrant.objects.filter(
            unit=proposal.unit, role__in=["officer", "head"], revoked_at__isnull=True
        ).select_related("user")
    ]
    return users


def _notify_later(recipients: Iterable, *, kind: str, title: str, body: str, target) -> None:
    from tdkt.notifications.services import notify

    people = [u for u in recipients if u is not None]
    url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
    if people:
        transaction.on_commit(
            lambda: notify(
                recipients=people, kind=kind, title=title, body=body, url=url, target=target
            )
        )


# --------------------------------------------------------------------------- rounds


def _honours(values: Iterable, field: str) -> list[Honour]:
    codes = [v.pk if isinstance(v, Honour) else str(v) for v in values]
    found = {h.pk: h for h in Honour.objects.filter(pk__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        _fail(field, _("Không có danh hiệu, hình thức: %(codes)s.") % {"codes": ", ".join(unknown)})
    return [found[c] for c in dict.fromkeys(codes)]


@transaction.atomic
def round_create(
    *,
    code: str,
    name: str,
    year: int,
    issuing_unit,
    award_type,
    targets: Iterable,
    opens_on: dt.date,
    submit_deadline: dt.date,
    actor,
    submitting_units: Iterable = (),
    simplified: bool = False,
    appraisal_working_days: int | None = None,
) -> Round:
    """A round in draft; `targets` are Honours or their codes, `submitting_units` Units (none:
    every unit under the issuing unit). Without `appraisal_working_days` the default of the
    procedure (standard / simplified) applies."""
    from django.conf import settings

    code = nfc(code or "").strip()
    name = nfc(name or "").strip()
    if not code:
        _fail("code", _("Nhập mã đợt xét."))
    if not name:
        _fail("name", _("Nhập tên đợt xét."))
    if Round.objects.filter(code=code).exists():
        _fail("code", _("Mã đợt xét %(code)s đã có.") % {"code": code})
    if not isinstance(year, int) or not 1945 <= year <= 2100:
        _fail("year", _("Năm thành tích không hợp lệ."))
    if not (isinstance(opens_on, dt.date) and isinstance(submit_deadline, dt.date)):
        _fail("submit_deadline", _("Nhập ngày bắt đầu và hạn gửi hồ sơ."))
    if submit_deadline < opens_on:
        _fail(
            "submit_deadline",
            _("Hạn gửi hồ sơ (%(deadline)s) không được trước ngày bắt đầu (%(opens)s).")
            % {"deadline": _dmy(submit_deadline), "opens": _dmy(opens_on)},
        )
    if not perms.user_scope(actor, perms.OFFICE_ROLES).contains_path(issuing_unit.path):
        raise PermissionDenied(
            _("Bạn không có quyền tạo đợt xét của %(unit)s.") % {"unit": issuing_unit.name}
        )
    if not isinstance(award_type, AwardType):
        found = AwardType.objects.filter(pk=str(award_type)).first()
        if found is None:
            _fail(
                "award_type", _("Không có loại hình khen thưởng %(code)s.") % {"code": award_type}
            )
        award_type = found
    honours = _honours(targets, "targets")
    if not honours:
        _fail("targets", _("Chọn ít nhất một danh hiệu, hình thức được đề nghị."))
    units = list(submitting_units)
    outside = [
        u.name for u in units if u.pk == issuing_unit.pk or not u.path.startswith(issuing_unit.path)
    ]
    if outside:
        _fail(
            "submitting_units",
            _("Đơn vị không trực thuộc %(unit)s: %(names)s.")
            % {"unit": issuing_unit.name, "names": ", ".join(outside)},
        )
    if appraisal_working_days is None:
        defaults = getattr(settings, "TDKT_APPRAISAL_WORKING_DAYS", DEFAULT_APPRAISAL_WORKING_DAYS)
        appraisal_working_days = int(defaults["simplified" if simplified else "standard"])
    if not isinstance(appraisal_working_days, int) or not 1 <= appraisal_working_days <= 365:
        _fail(
            "appraisal_working_days",
            _("Thời hạn thẩm định phải từ 1 đến 365 ngày làm việc."),
        )
    round = Round.objects.create(
        code=code,
        name=name,
        year=year,
        issuing_unit=issuing_unit,
        award_type=award_type,
        simplified=bool(simplified),
        opens_on=opens_on,
        submit_deadline=submit_deadline,
        appraisal_working_days=appraisal_working_days,
        created_by=_user(actor),
    )
    round.targets.set(honours)
    round.submitting_units.set(units)
    after = snapshot(round)
    after.update(targets=[h.pk for h in honours], submitting_units=[u.pk for u in units])
    audit_log(round, action="nominations.round.create", actor=actor, after=after)
    return round


def unit_may_submit(round: Round, unit) -> bool:
    if round.submitting_units.exists():
        return round.submitting_units.filter(pk=unit.pk).exists()
    return unit.pk != round.issuing_unit_id and unit.path.startswith(round.issuing_unit.path)


# --------------------------------------------------------------------------- proposals


@transaction.atomic
def proposal_create(*, round: Round, unit, actor, number: str = "", note: str = "") -> Proposal:
    if round.state != RoundState.OPEN:
        _fail(
            "round",
            _("Đợt xét «%(round)s» không nhận hồ sơ (trạng thái: %(state)s).")
            % {"round": round.name, "state": round.get_state_display()},
        )
    if not unit_may_submit(round, unit):
        _fail(
            "unit",
            _("%(unit)s không thuộc các đơn vị được đề nghị trong đợt xét «%(round)s».")
            % {"unit": unit.name, "round": round.name},
        )
    draft = Proposal(round=round, unit=unit)
    _require(
        perms.is_unit_submitter,
        actor,
        draft,
        _("Bạn không có quyền lập tờ trình của %(unit)s.") % {"unit": unit.name},
    )
    proposal = Proposal.objects.create(
        round=round,
        unit=unit,
        number=nfc(number or "").strip(),
        note=nfc(note or "").strip(),
        created_by=_user(actor),
    )
    ProposalEvent.objects.create(
        proposal=proposal,
        kind=EventKind.CREATED,
        actor=_user(actor),
        at=timezone.now(),
        to_state="",
        version=proposal.version,
    )
    audit_log(proposal, action="nominations.proposal.create", actor=actor, after=snapshot(proposal))
    return proposal


def _subject_unit(subject):
    from tdkt.orgs.models import Unit

    return subject if isinstance(subject, Unit) else subject.unit


def _require_editable(proposal: Proposal) -> None:
    if proposal.state not in PROPOSAL_EDITABLE:
        _fail(
            "proposal",
            _("%(proposal)s đang ở trạng thái «%(state)s», không sửa được danh sách đề nghị.")
            % {"proposal": str(proposal), "state": proposal.get_state_display()},
        )


@transaction.atomic
def nominee_add(
    *,
    proposal: Proposal,
    subject,
    target,
    actor,
    year_from: int | None = None,
    year_to: int | None = None,
    achievement_summary: str = "",
) -> Nominee:
    """Add a person, collective or household to a proposal for one target honour, with the live
    judgement of the rules engine (a warning while drafting: `nominee.eligible` may be False)."""
    from tdkt.registry.services import subject_fields

    _require(
        perms.is_unit_submitter,
        actor,
        proposal,
        _("Bạn không có quyền sửa tờ trình của %(unit)s.") % {"unit": proposal.unit.name},
    )
    _require_editable(proposal)
    round = proposal.round
    (honour,) = _honours([target], "target")
    if not round.targets.filter(pk=honour.pk).exists():
        _fail(
            "target",
            _("%(target)s không thuộc các danh hiệu, hình thức của đợt xét «%(round)s».")
            % {"target": honour.name, "round": round.name},
        )
    try:
        fields = subject_fields(subject)
    except TypeError:
        _fail("subject", _("Đối tượng đề nghị phải là cá nhân, tập thể hoặc hộ gia đình."))
    kind = str(fields["subject_kind"])
    if honour.subject_kinds and kind not in honour.subject_kinds:
        _fail(
            "target",
            _("%(target)s không xét cho %(kind)s.")
            % {"target": honour.name, "kind": str(SubjectKind(kind).label).lower()},
        )
    unit = _subject_unit(subject)
    if unit is None or not unit.path.startswith(proposal.unit.path):
        _fail(
            "subject",
            _("%(subject)s không thuộc %(unit)s.")
            % {"subject": str(subject), "unit": proposal.unit.name},
        )
    year_to = round.year if year_to is None else year_to
    year_from = year_to if year_from is None else year_from
    if not (isinstance(year_from, int) and isinstance(year_to, int)) or year_from > year_to:
        _fail("year_from", _("Năm bắt đầu thành tích không được sau năm kết thúc."))
    if year_to > round.year:
        _fail(
            "year_to",
            _("Năm thành tích không được sau năm %(year)s của đợt xét.") % {"year": round.year},
        )
    field = {"individual": "person", "collective": "collective", "household": "household"}[kind]
    taken = (
        Nominee.objects.filter(round=round, target=honour, **{field: subject})
        .exclude(state__in=NOMINEE_INACTIVE)
        .select_related("proposal__unit")
        .first()
    )
    if taken is not None:
        _fail(
            "subject",
            _(
                "%(subject)s đã được đề nghị %(target)s trong đợt xét này "
                "(%(proposal)s của %(unit)s)."
            )
            % {
                "subject": str(subject),
                "target": honour.name,
                "proposal": str(taken.proposal),
                "unit": taken.proposal.unit.name,
            },
        )
    judgement = judge(kind, subject, honour.pk, year_to)
    judgement["override"] = None
    order = (proposal.nominees.aggregate(m=Max("order"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            nominee = Nominee.objects.create(
                round=round,
                proposal=proposal,
                target=honour,
                year_from=year_from,
                year_to=year_to,
                achievement_summary=nfc(achievement_summary or "").strip(),
                eligibility=judgement,
                eligible=judgement["eligible"],
                order=order,
                **fields,
            )
    except IntegrityError as exc:
        raise ValidationError(
            {
                "subject": _("%(subject)s đã được đề nghị %(target)s trong đợt xét này.")
                % {"subject": str(subject), "target": honour.name}
            }
        ) from exc
    audit_log(nominee, action="nominations.nominee.create", actor=actor, after=snapshot(nominee))
    return nominee


@transaction.atomic
def nominee_override(*, nominee: Nominee, head, reason: str) -> Nominee:
    """The unit head proposes a nominee the rules engine judged not eligible, with a written
    justification (recorded on the nominee and in its judgement, shown to the appraiser)."""
    proposal = nominee.proposal
    _require(
        perms.is_unit_head,
        head,
        nominee,
        _("Chỉ lãnh đạo %(unit)s mới được quyết định đề nghị đối tượng chưa đủ điều kiện.")
        % {"unit": proposal.unit.name},
    )
    reason = _reason(
        reason,
        "override_reason",
        _("Ghi rõ lý do đề nghị %(name)s khi chưa đủ điều kiện.") % {"name": nominee.subject_name},
    )
    _require_editable(proposal)
    if nominee.state not in NOMINEE_EDITABLE:
        _fail(
            "nominee",
            _("%(name)s đang ở trạng thái «%(state)s».")
            % {"name": nominee.subject_name, "state": nominee.get_state_display()},
        )
    before = snapshot(nominee, ["override_by", "override_reason", "override_at"])
    nominee.override_by = head
    nominee.override_reason = reason
    nominee.override_at = timezone.now()
    nominee.eligibility = {**(nominee.eligibility or {}), "override": _override_block(nominee)}
    nominee.save(
        update_fields=["override_by", "override_reason", "override_at", "eligibility", "updated"]
    )
    ProposalEvent.objects.create(
        proposal=proposal,
        nominee=nominee,
        kind=EventKind.OVERRIDDEN,
        actor=_user(head),
        reason=reason,
        at=nominee.override_at,
        version=proposal.version,
    )
    audit_log(
        nominee,
        action="nominations.nominee.override",
        actor=head,
        before=before,
        after=snapshot(nominee, ["override_by", "override_reason", "override_at"]),
        reason=reason,
    )
    return nominee


def _check_nominees(nominees: list[Nominee]) -> None:
    """Judge each nominee again and store the judgement; refuse when one is not eligible and
    has no override of the unit head."""
    problems = []
    for nominee in nominees:
        _rejudge(nominee)
        if not nominee.eligible and not nominee.override_by_id:
            problems.append(
                _("%(name)s – %(target)s: chưa đủ điều kiện (%(lacking)s).")
                % {
                    "name": nominee.subject_name,
                    "target": nominee.eligibility.get("target_name") or nominee.target_id,
                    "lacking": lacking(nominee),
                }
            )
    if problems:
        raise ValidationError(
            {
                "nominees": [
                    _(
                        "Không gửi được tờ trình: %(count)s đối tượng chưa đủ điều kiện; chỉ "
                        "lãnh đạo đơn vị được quyết định đề nghị, kèm lý do bằng văn bản."
                    )
                    % {"count": len(problems)},
                    *problems,
                ]
            }
        )


def _sendable(proposal: Proposal) -> list[Nominee]:
    return list(
        proposal.nominees.filter(state__in=NOMINEE_EDITABLE)
        .select_related("person", "collective", "household", "override_by", "target")
        .order_by("order", "id")
    )


def _send(proposal: Proposal, actor, *, resubmit: bool) -> Proposal:
    round = proposal.round
    nominees = _sendable(proposal)
    if not nominees:
        _fail("nominees", _("Tờ trình chưa có đối tượng nào để gửi."))
    _check_nominees(nominees)
    kind = EventKind.RESUBMITTED if resubmit else EventKind.SUBMITTED
    version = proposal.version + 1 if resubmit else proposal.version
    changes: dict[str, Any] = {"submitted_at": timezone.now(), "version": version}
    if proposal.state in PROPOSAL_EDITABLE:
        changes["return_reason"] = ""
        set_proposal_state(
            proposal, ProposalState.SUBMITTED, actor=actor, kind=kind, changes=changes
        )
    else:
        # Single nominees sent back while the proposal stays with the office.
        if not Proposal.objects.filter(
            pk=proposal.pk, state=proposal.state, version=proposal.version
        ).update(version=version, updated=timezone.now()):
            raise _stale_proposal(proposal, proposal.state)
        proposal.version = version
        ProposalEvent.objects.create(
            proposal=proposal,
            kind=kind,
            actor=_user(actor),
            at=timezone.now(),
            from_state=proposal.state,
            to_state=proposal.state,
            version=version,
        )
        audit_log(
            proposal,
            action="nominations.proposal.resubmit_nominees",
            actor=actor,
            after={"version": version, "nominees": [n.pk for n in nominees]},
        )
    for nominee in nominees:
        set_nominee_state(nominee, NomineeState.SUBMITTED, actor=actor, kind=kind)
    title = (
        _("%(unit)s gửi lại %(proposal)s (lần %(version)s)")
        if resubmit
        else _("%(unit)s gửi %(proposal)s")
    ) % {"unit": proposal.unit.name, "proposal": str(proposal), "version": version}
    recipients = _office_users(round)
    if proposal.assigned_specialist_id:
        recipients.append(proposal.assigned_specialist)
    _notify_later(
        recipients,
        kind="nominations.submitted",
        title=title,
        body=_("Đợt xét: %(round)s. Số đối tượng: %(count)s.")
        % {"round": round.name, "count": len(nominees)},
        target=proposal,
    )
    return proposal


@transaction.atomic
def proposal_submit(*, proposal: Proposal, actor) -> Proposal:
    """Send a drafted proposal to the issuing unit's office. Refused after the round's deadline,
    without nominees, or when a nominee is not eligible and the unit head has not overridden."""
    _require(
        perms.is_unit_submitter,
        actor,
        proposal,
        _("Bạn không có quyền gửi tờ trình của %(unit)s.") % {"unit": proposal.unit.name},
    )
    if proposal.submitted_at is not None:
        return proposal_resubmit(proposal=proposal, actor=actor)
    round = proposal.round
    if round.state != RoundState.OPEN:
        _fail(
            "round",
            _("Đợt xét «%(round)s» không nhận hồ sơ (trạng thái: %(state)s).")
            % {"round": round.name, "state": round.get_state_display()},
        )
    today = _today()
    if today > round.submit_deadline:
        _fail(
            "round",
            _("Đã quá hạn gửi hồ sơ của đợt xét «%(round)s» (hạn %(deadline)s).")
            % {"round": round.name, "deadline": _dmy(round.submit_deadline)},
        )
    if today < round.opens_on:
        _fail(
            "round",
            _("Đợt xét «%(round)s» bắt đầu nhận hồ sơ từ %(opens)s.")
            % {"round": round.name, "opens": _dmy(round.opens_on)},
        )
    return _send(proposal, actor, resubmit=False)


@transaction.atomic
def proposal_resubmit(*, proposal: Proposal, actor) -> Proposal:
    """Send again after a return (version + 1): the whole proposal when it was returned, or the
    single nominees returned while the office keeps the proposal."""
    _require(
        perms.is_unit_submitter,
        actor,
        proposal,
        _("Bạn không có quyền gửi tờ trình của %(unit)s.") % {"unit": proposal.unit.name},
    )
    if proposal.submitted_at is None:
        _fail("proposal", _("%(proposal)s chưa gửi lần nào.") % {"proposal": str(proposal)})
    if proposal.round.state in (RoundState.DECIDED, RoundState.CANCELLED):
        _fail(
            "round",
            _("Đợt xét «%(round)s» đã kết thúc.") % {"round": proposal.round.name},
        )
    if (
        proposal.state not in PROPOSAL_EDITABLE
        and not proposal.nominees.filter(state__in=NOMINEE_EDITABLE).exists()
    ):
        _fail(
            "proposal",
            _("%(proposal)s không có nội dung bị trả lại để gửi lại.")
            % {"proposal": str(proposal)},
        )
    return _send(proposal, actor, resubmit=True)


@transaction.atomic
def proposal_reopen(*, proposal: Proposal, actor) -> Proposal:
    """Take a returned proposal back to draft to correct it (its returned nominees too)."""
    _require(
        perms.is_unit_submitter,
        actor,
        proposal,
        _("Bạn không có quyền sửa tờ trình của %(unit)s.") % {"unit": proposal.unit.name},
    )
    set_proposal_state(proposal, ProposalState.DRAFT, actor=actor)
    for nominee in proposal.nominees.filter(state=NomineeState.RETURNED):
        set_nominee_state(nominee, NomineeState.DRAFT, actor=actor, kind=EventKind.CORRECTING)
    return proposal


def _office_denied(proposal: Proposal) -> str:
    return _(
        "Chỉ cơ quan thường trực thi đua – khen thưởng của %(unit)s mới được xử lý tờ trình."
    ) % {"unit": proposal.round.issuing_unit.name}


@transaction.atomic
def proposal_receive(*, proposal: Proposal, actor) -> Proposal:
    """Receive (tiếp nhận) a submitted proposal: the appraisal deadline is counted in working
    days from today; its submitted nominees are accepted."""
    _require(perms.is_receiving_office, actor, proposal, _office_denied(proposal))
    received_on = _today()
    set_proposal_state(
        proposal,
        ProposalState.RECEIVED,
        actor=actor,
        changes={
            "received_at": timezone.now(),
            "received_by": _user(actor),
            "due_on": add_working_days(received_on, proposal.round.appraisal_working_days),
        },
    )
    for nominee in proposal.nominees.filter(state=NomineeState.SUBMITTED):
        set_nominee_state(nominee, NomineeState.ACCEPTED, actor=actor)
    _notify_later(
        _unit_users(proposal),
        kind="nominations.received",
        title=_("%(proposal)s đã được tiếp nhận") % {"proposal": str(proposal)},
        body=_("Hạn thẩm định: %(due)s.") % {"due": _dmy(proposal.due_on)},
        target=proposal,
    )
    return proposal


@transaction.atomic
def proposal_return(*, proposal: Proposal, actor, reason: str) -> Proposal:
    """Return (trả lại) the whole proposal to the unit with a reason."""
    _require(perms.is_receiving_office, actor, proposal, _office_denied(proposal))
    reason = _reason(reason, "reason", _("Ghi lý do trả lại tờ trình."))
    set_proposal_state(
        proposal,
        ProposalState.RETURNED,
        actor=actor,
        reason=reason,
        changes={"return_reason": reason},
    )
    for nominee in proposal.nominees.filter(
        state__in=[NomineeState.SUBMITTED, NomineeState.ACCEPTED]
    ):
        set_nominee_state(nominee, NomineeState.RETURNED, actor=actor, reason=reason)
    _notify_later(
        _unit_users(proposal),
        kind="nominations.returned",
        title=_("%(proposal)s bị trả lại") % {"proposal": str(proposal)},
        body=reason,
        target=proposal,
    )
    return proposal


@transaction.atomic
def nominee_return(*, nominee: Nominee, actor, reason: str) -> Nominee:
    """Return one nominee (partial return); the rest of the proposal stays with the office."""
    proposal = nominee.proposal
    _require(perms.is_receiving_office, actor, nominee, _office_denied(proposal))
    reason = _reason(
        reason,
        "reason",
        _("Ghi lý do trả lại hồ sơ của %(name)s.") % {"name": nominee.subject_name},
    )
    set_nominee_state(
        nominee,
        NomineeState.RETURNED,
        actor=actor,
        reason=reason,
        changes={"return_reason": reason},
    )
    _notify_later(
        _unit_users(proposal),
        kind="nominations.returned",
        title=_("Hồ sơ của %(name)s bị trả lại") % {"name": nominee.subject_name},
        body=reason,
        target=proposal,
    )
    return nominee


@transaction.atomic
def nominee_accept(*, nominee: Nominee, actor) -> Nominee:
    """Accept a single nominee sent again after a partial return."""
    _require(perms.is_receiving_office, actor, nominee, _office_denied(nominee.proposal))
    return set_nominee_state(nominee, NomineeState.ACCEPTED, actor=actor)


@transaction.atomic
def specialist_assign(*, proposal: Proposal, specialist, actor) -> Proposal:
    """Assign the specialist who appraises the proposal (a received proposal goes into
    appraisal)."""
    _require(perms.is_receiving_office, actor, proposal, _office_denied(proposal))
    if not perms.user_scope(specialist, ["specialist"]).contains_path(
        proposal.round.issuing_unit.path
    ):
        _fail(
            "specialist",
            _("%(user)s không phải chuyên viên thi đua – khen thưởng của %(unit)s.")
            % {"user": str(specialist), "unit": proposal.round.issuing_unit.name},
        )
    if proposal.state == ProposalState.RECEIVED:
        set_proposal_state(
            proposal,
            ProposalState.APPRAISING,
            actor=actor,
            kind=EventKind.ASSIGNED,
            reason=str(specialist),
            changes={"assigned_specialist": specialist},
        )
    elif proposal.state in (ProposalState.APPRAISING, ProposalState.APPRAISED):
        before = proposal.assigned_specialist_id
        if not Proposal.objects.filter(
            pk=proposal.pk, state=proposal.state, version=proposal.version
        ).update(assigned_specialist=specialist, updated=timezone.now()):
            raise _stale_proposal(proposal, proposal.state)
        proposal.assigned_specialist = specialist
        ProposalEvent.objects.create(
            proposal=proposal,
            kind=EventKind.ASSIGNED,
            actor=_user(actor),
            reason=str(specialist),
            at=timezone.now(),
            version=proposal.version,
        )
        audit_log(
            proposal,
            action="nominations.proposal.assign",
            actor=actor,
            before={"assigned_specialist_id": before},
            after={"assigned_specialist_id": specialist.pk},
        )
    else:
        _fail(
            "proposal",
            _("Chỉ phân công thẩm định tờ trình đã tiếp nhận (%(proposal)s: «%(state)s»).")
            % {"proposal": str(proposal), "state": proposal.get_state_display()},
        )
    _notify_later(
        [specialist],
        kind="nominations.assigned",
        title=_("Được phân công thẩm định %(proposal)s của %(unit)s")
        % {"proposal": str(proposal), "unit": proposal.unit.name},
        body=_("Hạn thẩm định: %(due)s.") % {"due": _dmy(proposal.due_on)},
        target=proposal,
    )
    return proposal


@transaction.atomic
def nominee_appraise(
    *,
    nominee: Nominee,
    actor,
    decision: str,
    lower_target=None,
    note: str = "",
) -> Nominee:
    """The appraisal of one accepted nominee: agree, agree with a lower form (`lower_target`),
    reject (with a note), or escalate to a higher level (đề nghị cấp trên khen). When every
    nominee of the proposal is appraised, the proposal is appraised."""
    proposal = nominee.proposal
    _require(perms.is_receiving_office, actor, nominee, _office_denied(proposal))
    if decision not in AppraisalDecision.values:
        _fail("decision", _("Kết quả thẩm định không hợp lệ: %(value)s.") % {"value": decision})
    note = nfc(note or "").strip()
    lower = None
    if decision == AppraisalDecision.LOWER:
        if lower_target is None:
            _fail("lower_target", _("Chọn hình thức khen thấp hơn."))
        (lower,) = _honours([lower_target], "lower_target")
        target = nominee.target
        same_kind = lower.category == target.category and lower.rank and target.rank
        if lower.pk == target.pk or (same_kind and lower.rank >= target.rank):
            _fail(
                "lower_target",
                _("%(lower)s không thấp hơn %(target)s.")
                % {"lower": lower.name, "target": target.name},
            )
    if decision == AppraisalDecision.REJECT and not note:
        _fail(
            "note", _("Ghi lý do không đồng ý đề nghị %(name)s.") % {"name": nominee.subject_name}
        )
    if proposal.state == ProposalState.RECEIVED:
        set_proposal_state(proposal, ProposalState.APPRAISING, actor=actor)
    elif proposal.state != ProposalState.APPRAISING:
        _fail(
            "proposal",
            _("%(proposal)s đang ở trạng thái «%(state)s», chưa thẩm định được.")
            % {"proposal": str(proposal), "state": proposal.get_state_display()},
        )
    set_nominee_state(
        nominee,
        APPRAISAL_STATES[decision],
        actor=actor,
        reason=note,
        changes={
            "appraisal_note": note,
            "lower_target": lower,
            "appraised_by": _user(actor),
            "appraised_at": timezone.now(),
        },
    )
    pending = proposal.nominees.exclude(state__in=NOMINEE_INACTIVE).filter(
        state__in=[*NOMINEE_EDITABLE, NomineeState.SUBMITTED, NomineeState.ACCEPTED]
    )
    if not pending.exists():
        set_proposal_state(proposal, ProposalState.APPRAISED, actor=actor)
    return nominee


# --------------------------------------------------------------------------- unit's corrections


@transaction.atomic
def proposal_update(*, proposal: Proposal, actor, number: str, note: str) -> Proposal:
    """Correct the proposal's number (số tờ trình) and note while the unit drafts or corrects."""
    _require(
        perms.is_unit_submitter,
        actor,
        proposal,
        _("Bạn không có quyền sửa tờ trình của %(unit)s.") % {"unit": proposal.unit.name},
    )
    _require_editable(proposal)
    number = nfc(number or "").strip()
    note = nfc(note or "").strip()
    if len(number) > Proposal._meta.get_field("number").max_length:
        _fail("number", _("Số tờ trình quá dài."))
    before = snapshot(proposal, ["number", "note"])
    if not Proposal.objects.filter(
        pk=proposal.pk, state=proposal.state, version=proposal.version
    ).update(number=number, note=note, updated=timezone.now()):
        raise _stale_proposal(proposal, proposal.state)
    proposal.number, proposal.note = number, note
    audit_log(
        proposal,
        action="nominations.proposal.update",
        actor=actor,
        before=before,
        after=snapshot(proposal, ["number", "note"]),
    )
    return proposal


def _require_nominee_editable(nominee: Nominee) -> None:
    proposal = nominee.proposal
    if nominee.state == NomineeState.RETURNED:
        return
    _require_editable(proposal)
    if nominee.state not in NOMINEE_EDITABLE:
        _fail(
            "nominee",
            _("%(name)s đang ở trạng thái «%(state)s».")
            % {"name": nominee.subject_name, "state": nominee.get_state_display()},
        )


@transaction.atomic
def nominee_withdraw(*, nominee: Nominee, actor, reason: str = "") -> Nominee:
    """Take a drafted (or returned) nominee off the proposal; the record stays, withdrawn."""
    proposal = nominee.proposal
    _require(
        perms.is_unit_submitter,
        actor,
        nominee,
        _("Bạn không có quyền sửa tờ trình của %(unit)s.") % {"unit": proposal.unit.name},
    )
    _require_nominee_editable(nominee)
    return set_nominee_state(nominee, NomineeState.WITHDRAWN, actor=actor, reason=reason)


@transaction.atomic
def nominee_update(
    *,
    nominee: Nominee,
    actor,
    year_from: int,
    year_to: int,
    achievement_summary: str = "",
) -> Nominee:
    """Correct a drafted or returned nominee's years and achievement summary; the rules engine
    judges it again (the head's override, if any, is kept)."""
    proposal = nominee.proposal
    _require(
        perms.is_unit_submitter,
        actor,
        nominee,
        _("Bạn không có quyền sửa tờ trình của %(unit)s.") % {"unit": proposal.unit.name},
    )
    _require_nominee_editable(nominee)
    round = proposal.round
    if not (isinstance(year_from, int) and isinstance(year_to, int)) or year_from > year_to:
        _fail("year_from", _("Năm bắt đầu thành tích không được sau năm kết thúc."))
    if year_to > round.year:
        _fail(
            "year_to",
            _("Năm thành tích không được sau năm %(year)s của đợt xét.") % {"year": round.year},
        )
    fields = ["year_from", "year_to", "achievement_summary"]
    before = snapshot(nominee, fields)
    nominee.year_from = year_from
    nominee.year_to = year_to
    nominee.achievement_summary = nfc(achievement_summary or "").strip()
    nominee.save(update_fields=[*fields, "updated"])
    _rejudge(nominee)
    audit_log(
        nominee,
        action="nominations.nominee.update",
        actor=actor,
        before=before,
        after=snapshot(nominee, fields),
    )
    return nominee
