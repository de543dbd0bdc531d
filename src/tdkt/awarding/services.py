"""Writes on decision drafts. Keyword-only arguments, Vietnamese ValidationError naming the
field (PermissionDenied for a user outside the round's office), one transaction, an audit entry.

- ``next_number``: the next number of a body's yearly sequence (row lock: safe when two officers
  sign at the same moment on PostgreSQL; a number is never reused).
- ``draft_create``: a draft from the nominees the council passed in a round and that are in no
  other live draft; bonuses from the rules engine on the planned signing date.
- ``draft_update``: title, legal bases, signer, planned date (bonuses recomputed).
- ``draft_sign``: number, registry decision, one award per line, initiatives consumed, nominees
  awarded, round decided when nothing passed is left, all or nothing.
- ``draft_cancel``: with a reason; its nominees may go into another draft.
- ``profile_save``: how a body writes its decisions (name, symbol "QĐ-UBND", place, signer).
States change only in ``set_draft_state`` (conditional UPDATE against the state the caller saw).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tdkt.awarding.models import (
    DRAFT_TRANSITIONS,
    DecisionDraft,
    DraftLine,
    DraftState,
    IssuerProfile,
    NumberSequence,
)
from tdkt.common.audit import _plain, audit_log, snapshot
from tdkt.common.text import format_vnd, nfc
from tdkt.nominations.enums import NomineeState, RoundState
from tdkt.nominations.models import Nominee, Round
from tdkt.orgs.selectors import place_name

#: Default kind of document in a number sequence.
DECISION_KIND = "QĐ"
#: Unit kinds whose decisions are issued by the People's Committee (Ủy ban nhân dân).
PEOPLES_COMMITTEE_KINDS = frozenset({"tinh", "xa", "huyen"})


def _today() -> dt.date:
    """Today in the installation's time zone (tests replace it)."""
    return timezone.localdate()


def _user(actor: Any):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _fail(field: str, message: str) -> None:
    raise ValidationError({field: message})


def _text(value: str | None) -> str:
    return nfc(value or "").strip()


def _multiline(value: str | None) -> str:
    lines = [nfc(line) for line in (value or "").splitlines()]
    return "\n".join(line for line in lines if line)


def require_office(actor, round: Round) -> None:
    from tdkt.nominations import rules as perms

    if not perms.is_round_office(actor, round):
        raise PermissionDenied(
            _(
                "Chỉ cơ quan thường trực thi đua – khen thưởng của %(unit)s mới được lập và "
                "ký quyết định khen thưởng của đợt xét."
            )
            % {"unit": round.issuing_unit.name}
        )


# --------------------------------------------------------------------------- issuer profile


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def profile_for(unit) -> IssuerProfile:
    """The body's saved profile, its blanks filled with defaults derived from the unit (an
    unsaved profile when none is saved)."""
    profile = IssuerProfile.objects.filter(unit=unit).first() or IssuerProfile(unit=unit)
    committee = unit.kind in PEOPLES_COMMITTEE_KINDS
    defaults = {
        "issuer_name": (
            _("Ủy ban nhân dân %(name)s") % {"name": _lower_first(unit.name)}
            if committee
            else unit.name
        ),
        "issuer_parent": (unit.parent.name if (unit.parent_id and not committee) else ""),
        "symbol": ("QĐ-UBND" if committee else f"QĐ-{(unit.short_name or unit.code).upper()}"),
        "place": place_name(unit),
        "decider": (
            _("Chủ tịch Ủy ban nhân dân %(name)s") % {"name": _lower_first(unit.name)}
            if committee
            else _("Thủ trưởng %(name)s") % {"name": unit.name}
        ),
        "signer_title": _("Chủ tịch") if committee else "",
    }
    for key, value in defaults.items():
        if not getattr(profile, key):
            setattr(profile, key, value)
    return profile


@transaction.atomic
def profile_save(*, unit, actor, **values) -> IssuerProfile:
    """Save how ``unit`` writes its decisions (fields of IssuerProfile)."""
    from tdkt.nominations import rules as perms

    if not perms.user_scope(actor, perms.OFFICE_ROLES).contains_path(unit.path):
        raise PermissionDenied(
            _("Bạn không có quyền sửa thông tin ban hành của %(unit)s.") % {"unit": unit.name}
        )
    fields = [
        "issuer_name",
        "issuer_parent",
        "symbol",
        "place",
        "decider",
        "signer_authority",
        "signer_title",
        "signer_name",
    ]
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    profile = IssuerProfile.objects.select_for_update().filter(unit=unit).first()
    created = profile is None
    if created:
        profile = IssuerProfile(unit=unit)
    before = None if created else snapshot(profile)
    for key, value in values.items():
        setattr(profile, key, _text(value))
    if profile.symbol and ("/" in profile.symbol or " " in profile.symbol):
        _fail("symbol", _("Ký hiệu quyết định không có dấu “/” hay khoảng trắng, ví dụ QĐ-UBND."))
    profile.save()
    audit_log(
        profile,
        action="awarding.profile.save",
        actor=actor,
        before=before,
        after=snapshot(profile),
    )
    return profile


# --------------------------------------------------------------------------- numbering


_NUMBER = re.compile(r"^0*(\d{1,6})/")


def next_number(*, unit, year: int, kind: str = DECISION_KIND) -> int:
    """The next number of ``unit``'s ``kind`` documents in ``year`` (1 on the first call of a
    year). Must run inside the transaction that uses the number: the sequence row stays locked
    until it commits, so two signatures at once get two consecutive numbers; if the transaction
    fails, the number was never issued."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside a transaction")
    lookup = {"unit": unit, "year": year, "kind": kind}
    sequence = NumberSequence.objects.select_for_update().filter(**lookup).first()
    if sequence is None:
        try:
            with transaction.atomic():
                NumberSequence.objects.create(**lookup, last=0)
        except IntegrityError:  # created by a concurrent transaction that has now committed
            pass
        sequence = NumberSequence.objects.select_for_update().get(**lookup)
    # Decisions entered in the registry by hand (or before the system) use numbers too.
    sequence.last = max(sequence.last, _registry_last(unit, year, kind)) + 1
    sequence.save(update_fields=["last"])
    return sequence.last


def _registry_last(unit, year: int, kind: str) -> int:
    """The highest "N/<kind>-..." number among the registry decisions of ``unit`` in ``year``."""
    from tdkt.registry.models import Decision

    numbers = Decision.objects.filter(
        issuer_unit=unit, signed_on__year=year, number__contains=f"/{kind}"
    ).values_list("number", flat=True)
    found = [int(m.group(1)) for n in numbers if (m := _NUMBER.match(n.strip()))]
    return max(found, default=0)


def format_number(number: int, symbol: str) -> str:
    """ "125/QĐ-UBND" (numbers below 10 written with a leading zero, Decree 30 Annex I)."""
    return f"{number:02d}/{symbol}"


# --------------------------------------------------------------------------- states


def set_draft_state(
    draft: DecisionDraft,
    new_state: str,
    *,
    actor,
    reason: str = "",
    changes: dict[str, Any] | None = None,
) -> DecisionDraft:
    """Move a draft from the state the caller saw to ``new_state`` with the field ``changes``
    in the same UPDATE; if someone else moved it first, a ValidationError says who."""
    if new_state not in DraftState.values:
        _fail("state", _("Trạng thái không hợp lệ: %(state)s.") % {"state": new_state})
    seen = draft.state
    if new_state not in DRAFT_TRANSITIONS.get(seen, frozenset()):
        _fail(
            "state",
            _("Không thể chuyển %(draft)s từ «%(old)s» sang «%(new)s».")
            % {
                "draft": str(draft),
                "old": DraftState(seen).label,
                "new": DraftState(new_state).label,
            },
        )
    now = timezone.now()
    values: dict[str, Any] = {
        "state": new_state,
        "state_changed_at": now,
        "state_changed_by": _user(actor),
        "updated": now,
        **(changes or {}),
    }
    with transaction.atomic():
        if not DecisionDraft.objects.filter(pk=draft.pk, state=seen).update(**values):
            current = (
                DecisionDraft.objects.select_related("state_changed_by").filter(pk=draft.pk).first()
            )
            who = (
                str(current.state_changed_by)
                if current and current.state_changed_by_id
                else _("người khác")
            )
            state = DraftState(current.state).label if current else "?"
            _fail(
                "state",
                _(
                    "%(draft)s vừa được %(who)s chuyển sang «%(state)s»; tải lại trang để xem "
                    "thông tin mới."
                )
                % {"draft": str(draft), "who": who, "state": state},
            )
        before = {"state": seen, **{k: _plain(getattr(draft, k)) for k in changes or {}}}
        for key, value in values.items():
            setattr(draft, key, value)
        audit_log(
            draft,
            action=f"awarding.draft.{new_state}",
            actor=actor,
            before=before,
            after={
                "state": new_state,
                **{
                    (DecisionDraft._meta.get_field(k).attname): _plain(getattr(v, "pk", v))
                    for k, v in (changes or {}).items()
                },
            },
            reason=nfc(reason or ""),
        )
    return draft


# --------------------------------------------------------------------------- bonuses


def issuer_level(unit) -> str:
    """The engine's issuer level of a Giấy khen: a commune ("xa") or any other body."""
    return "xa" if unit.kind == "xa" else "other"


def _subject_key(line: DraftLine) -> str:
    return f"{line.subject_kind}:{line.person_id or line.collective_id or line.household_id}"


def _money(amount: int) -> str:
    return format_vnd(amount)


def _factor(value: float) -> str:
    text = f"{value:g}"
    return text.replace(".", ",")


def compute_bonuses(lines: Sequence[DraftLine], *, on: dt.date, issuer: str) -> None:
    """Fill ``bonus_amount`` and ``bonus_basis`` of ``lines`` (not saved) from the rules engine
    for a decision signed ``on``: coefficient × multiplier × base salary in force that day,
    rounded up as the pack says; several titles of one subject for one period pay the highest
    only. A line the engine cannot price gets no amount and the engine's reason."""
    from tdkt.rules.engine import ContractError, bonus_for_awards, compute_bonus, load_packs
    from tdkt.rules.services import overlay

    packs = load_packs()
    requests: list[tuple[DraftLine, dict[str, Any]]] = []
    for line in lines:
        request = {
            "code": line.honour_id,
            "subject_kind": line.subject_kind,
            "decision_date": on,
            "issuer_level": issuer,
        }
        try:
            compute_bonus(request, overlay=overlay(), packs=packs)
        except ContractError as exc:
            line.bonus_amount = None
            line.bonus_basis = _("Không tính được tiền thưởng: %(error)s") % {
                "error": str(exc).split(": ", 1)[-1]
            }
            continue
        requests.append((line, {**request, "subject": _subject_key(line), "year": line.year_to}))
    if not requests:
        return
    result = bonus_for_awards([r for _, r in requests], overlay=overlay(), packs=packs)
    regime = packs.resolve(on, overlay()).name
    for (line, _request), item in zip(requests, result["items"], strict=True):
        line.bonus_amount = item["payable"]
        exact = (
            Fraction(str(item["coefficient"]))
            * Fraction(str(item["multiplier"]))
            * item["base_salary"]
        )
        product = _money(math.ceil(exact))
        if exact != item["amount"]:
            product = _("%(exact)s đồng, làm tròn lên %(amount)s") % {
                "exact": product,
                "amount": _money(item["amount"]),
            }
        basis = _(
            "Hệ số %(coefficient)s%(multiplier)s × mức lương cơ sở %(salary)s đồng = "
            "%(product)s đồng (ngày ký %(date)s; %(regime)s)"
        ) % {
            "coefficient": _factor(item["coefficient"]),
            "multiplier": (
                f" × {_factor(item['multiplier'])}" if item["multiplier"] != 1.0 else ""
            ),
            "salary": _money(item["base_salary"]),
            "product": product,
            "date": f"{on:%d/%m/%Y}",
            "regime": regime,
        }
        if not item["paid"]:
            basis += ". " + _("Không chi: %(note)s") % {"note": item["note"]}
        line.bonus_basis = basis


def _recompute(draft: DecisionDraft, on: dt.date) -> list[DraftLine]:
    lines = list(draft.lines.filter(active=True).order_by("order", "id"))
    compute_bonuses(lines, on=on, issuer=issuer_level(draft.issuing_unit))
    DraftLine.objects.bulk_update(lines, ["bonus_amount", "bonus_basis", "updated"])
    return lines


# --------------------------------------------------------------------------- drafts


def passed_nominees(round: Round):
    """Nominees the council passed in ``round`` that are in no live draft."""
    return (
        Nominee.objects.filter(round=round, state=NomineeState.VOTED_PASSED)
        .exclude(draft_lines__active=True)
        .order_by("proposal__unit__sort_key", "proposal_id", "order", "id")
    )


def _initiatives_for(nominee: Nominee, honour_id: str) -> list[str]:
    """The initiative codes the eligibility judgement of the granted honour used."""
    snapshot_ = nominee.eligibility or {}
    if honour_id == nominee.target_id or snapshot_.get("target") == honour_id:
        return [str(c) for c in snapshot_.get("uses_initiatives") or []]
    from tdkt.nominations.services import judge

    judged = judge(nominee.subject_kind, nominee.subject, honour_id, nominee.year_to)
    return [str(c) for c in judged.get("uses_initiatives") or []]


def _default_title(round: Round, honour) -> str:
    if honour is not None:
        return _("Về việc tặng %(honour)s năm %(year)s") % {
            "honour": honour.name,
            "year": round.year,
        }
    return _("Về việc khen thưởng các cá nhân, tập thể có thành tích xuất sắc năm %(year)s") % {
        "year": round.year
    }


def _default_basis(round: Round, profile: IssuerProfile) -> str:
    return "\n".join(
        [
            _("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"),
            _(
                "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy "
                "định chi tiết một số điều của Luật Thi đua, khen thưởng;"
            ),
            _("Căn cứ kết quả họp xét của Hội đồng Thi đua – Khen thưởng;"),
            _("Xét đề nghị của cơ quan thường trực thi đua – khen thưởng."),
        ]
    )


@transaction.atomic
def draft_create(
    *,
    round: Round,
    actor,
    nominees: Iterable[Nominee] | None = None,
    honour=None,
    subject_kind: str = "",
    title: str = "",
    basis: str = "",
    planned_on: dt.date | None = None,
    signer_name: str | None = None,
    signer_title: str | None = None,
    signer_authority: str | None = None,
) -> DecisionDraft:
    """A draft decision of ``round`` for the passed nominees not yet in a live draft: all of
    them, those of one ``honour`` (the honour granted, i.e. the lower form when the appraisal
    lowered it) and/or ``subject_kind``, or the given ``nominees``."""
    from tdkt.catalog.models import Honour

    require_office(actor, round)
    if round.state in (RoundState.DECIDED, RoundState.CANCELLED):
        _fail(
            "round",
            _("Đợt xét «%(round)s» đã %(state)s.")
            % {"round": round.name, "state": str(round.get_state_display()).lower()},
        )
    if honour is not None and not isinstance(honour, Honour):
        honour = Honour.objects.filter(pk=str(honour)).first()
        if honour is None:
            _fail("honour", _("Không có danh hiệu, hình thức này."))
    candidates = passed_nominees(round).select_related(
        "person", "collective", "household", "target", "lower_target", "proposal__unit"
    )
    if subject_kind:
        candidates = candidates.filter(subject_kind=subject_kind)
    chosen = list(candidates)
    if nominees is not None:
        wanted = {n.pk for n in nominees}
        by_pk = {n.pk: n for n in chosen}
        missing = wanted - set(by_pk)
        if missing:
            names = Nominee.objects.filter(pk__in=missing).select_related(
                "person", "collective", "household"
            )
            _fail(
                "nominees",
                _(
                    "Không đưa được vào dự thảo (chưa được Hội đồng thông qua hoặc đã có trong "
                    "dự thảo khác): %(names)s."
                )
                % {"names": ", ".join(sorted(n.subject_name for n in names)) or "?"},
            )
        chosen = [n for n in chosen if n.pk in wanted]
    if honour is not None:
        chosen = [n for n in chosen if (n.lower_target_id or n.target_id) == honour.pk]
    if not chosen:
        _fail(
            "nominees",
            _("Không còn đối tượng nào được Hội đồng thông qua mà chưa có trong dự thảo."),
        )
    unit = round.issuing_unit
    profile = profile_for(unit)
    planned_on = planned_on or _today()
    draft = DecisionDraft.objects.create(
        round=round,
        issuing_unit=unit,
        honour=honour,
        subject_kind=subject_kind or "",
        title=_text(title) or _default_title(round, honour),
        basis=_multiline(basis) or _default_basis(round, profile),
        planned_on=planned_on,
        signer_name=_text(signer_name if signer_name is not None else profile.signer_name),
        signer_title=_text(signer_title if signer_title is not None else profile.signer_title),
        signer_authority=_text(
            signer_authority if signer_authority is not None else profile.signer_authority
        ),
        created_by=_user(actor),
    )
    lines = []
    for order, nominee in enumerate(chosen, start=1):
        granted = nominee.lower_target or nominee.target
        lines.append(
            DraftLine(
                draft=draft,
                nominee=nominee,
                honour=granted,
                subject_kind=nominee.subject_kind,
                person_id=nominee.person_id,
                collective_id=nominee.collective_id,
                household_id=nominee.household_id,
                unit=nominee.proposal.unit,
                year_from=nominee.year_from,
                year_to=nominee.year_to,
                initiative_codes=_initiatives_for(nominee, granted.pk),
                order=order,
            )
        )
    compute_bonuses(lines, on=planned_on, issuer=issuer_level(unit))
    try:
        with transaction.atomic():
            DraftLine.objects.bulk_create(lines)
    except IntegrityError as exc:  # another officer drafted the same nominee at this moment
        raise ValidationError(
            {"nominees": _("Một số đối tượng vừa được người khác đưa vào dự thảo khác.")}
        ) from exc
    audit_log(
        draft,
        action="awarding.draft.create",
        actor=actor,
        after={
            **snapshot(draft),
            "lines": [
                {"nominee": ln.nominee_id, "honour": ln.honour_id, "bonus": ln.bonus_amount}
                for ln in lines
            ],
        },
    )
    return draft


def _require_draft(draft: DecisionDraft) -> None:
    if draft.state != DraftState.DRAFT:
        _fail(
            "state",
            _("%(draft)s đang ở trạng thái «%(state)s», không sửa được.")
            % {"draft": str(draft), "state": draft.get_state_display()},
        )


@transaction.atomic
def draft_update(
    *,
    draft: DecisionDraft,
    actor,
    title: str | None = None,
    basis: str | None = None,
    planned_on: dt.date | None = None,
    signer_name: str | None = None,
    signer_title: str | None = None,
    signer_authority: str | None = None,
) -> DecisionDraft:
    """Edit a draft; a new planned date recomputes the bonuses (base salary of that day)."""
    require_office(actor, draft.round)
    draft = DecisionDraft.objects.select_for_update().get(pk=draft.pk)
    _require_draft(draft)
    before = snapshot(draft)
    if title is not None:
        if not _text(title):
            _fail("title", _("Nhập trích yếu của quyết định."))
        draft.title = _text(title)
    if basis is not None:
        draft.basis = _multiline(basis)
    for field, value in (
        ("signer_name", signer_name),
        ("signer_title", signer_title),
        ("signer_authority", signer_authority),
    ):
        if value is not None:
            setattr(draft, field, _text(value))
    replan = planned_on is not None and planned_on != draft.planned_on
    if planned_on is not None:
        draft.planned_on = planned_on
    draft.save()
    if replan:
        _recompute(draft, draft.planned_on)
    audit_log(
        draft, action="awarding.draft.update", actor=actor, before=before, after=snapshot(draft)
    )
    return draft


@transaction.atomic
def draft_cancel(*, draft: DecisionDraft, actor, reason: str) -> DecisionDraft:
    require_office(actor, draft.round)
    reason = _text(reason)
    if not reason:
        _fail("reason", _("Ghi lý do hủy dự thảo."))
    set_draft_state(
        draft, DraftState.CANCELLED, actor=actor, reason=reason, changes={"cancel_reason": reason}
    )
    draft.lines.update(active=False, updated=timezone.now())
    return draft


def _decision_level(unit) -> str:
    from tdkt.registry.enums import DecisionLevel

    return DecisionLevel.TINH if unit.kind in ("tinh", "bo_nganh") else DecisionLevel.CO_SO


def _notify_units(lines, *, number: str, signed_on: dt.date) -> None:
    """Each proposing unit learns (on commit) which of its nominees the decision awards."""
    from tdkt.nominations.services import _notify_later, _unit_users

    by_proposal: dict[int, list] = {}
    for line in lines:
        by_proposal.setdefault(line.nominee.proposal_id, []).append(line)
    for proposal_lines in by_proposal.values():
        proposal = proposal_lines[0].nominee.proposal
        names = ", ".join(str(line.subject) for line in proposal_lines)
        _notify_later(
            _unit_users(proposal),
            kind="awarding.signed",
            title=_(
                "Quyết định số %(number)s ngày %(date)s khen thưởng "
                "%(count)s đối tượng của %(unit)s"
            )
            % {
                "number": number,
                "date": signed_on.strftime("%d/%m/%Y"),
                "count": len(proposal_lines),
                "unit": proposal.unit.name,
            },
            body=names,
            target=proposal,
        )


@transaction.atomic
def draft_sign(
    *,
    draft: DecisionDraft,
    actor,
    signed_on: dt.date,
    signer_name: str | None = None,
    signer_title: str | None = None,
    signer_authority: str | None = None,
    summary: str | None = None,
) -> DecisionDraft:
    """Sign (ban hành) a draft, all or nothing: the next number of the body's sequence for the
    signing year, the registry decision, one award per line (a duplicate award refuses the whole
    signing with the registry's message), the initiatives used marked consumed, the nominees
    awarded, and the round decided when no passed nominee is left without a decision."""
    from tdkt.catalog.enums import HonourCategory
    from tdkt.nominations.services import set_nominee_state, set_round_state
    from tdkt.registry.enums import RecordSource
    from tdkt.registry.models import Initiative
    from tdkt.registry.services import award_record_create, decision_create

    round = draft.round
    require_office(actor, round)
    seen = draft.state
    draft = (
        DecisionDraft.objects.select_for_update().select_related("issuing_unit").get(pk=draft.pk)
    )
    if draft.state != seen:
        who = str(draft.state_changed_by) if draft.state_changed_by_id else _("người khác")
        _fail(
            "state",
            _(
                "%(draft)s vừa được %(who)s chuyển sang «%(state)s»; tải lại trang để xem "
                "thông tin mới."
            )
            % {"draft": str(draft), "who": who, "state": DraftState(draft.state).label},
        )
    _require_draft(draft)
    if not isinstance(signed_on, dt.date):
        _fail("signed_on", _("Nhập ngày ký."))
    if signed_on > _today():
        _fail("signed_on", _("Ngày ký không được sau ngày hôm nay."))
    for field, value in (
        ("signer_name", signer_name),
        ("signer_title", signer_title),
        ("signer_authority", signer_authority),
    ):
        if value is not None:
            setattr(draft, field, _text(value))
    if not draft.signer_name:
        _fail("signer_name", _("Nhập họ tên người ký."))
    if not draft.signer_title:
        _fail("signer_title", _("Nhập chức vụ người ký."))
    unit = draft.issuing_unit
    profile = profile_for(unit)
    lines = _recompute(draft, signed_on)
    if not lines:
        _fail("lines", _("Dự thảo không có đối tượng nào."))
    number = format_number(next_number(unit=unit, year=signed_on.year), profile.symbol)
    decision = decision_create(
        number=number,
        signed_on=signed_on,
        issuer_name=profile.issuer_name,
        issuer_unit=unit,
        level=_decision_level(unit),
        award_type_id=round.award_type_id,
        signer_name=draft.signer_name,
        signer_title=" ".join(p for p in (draft.signer_authority, draft.signer_title) if p),
        summary=_text(summary) or draft.title,
        source=RecordSource.NOMINATION,
        actor=actor,
        reason=str(draft),
    )
    lines = list(
        draft.lines.filter(active=True)
        .select_related("person", "collective", "household", "honour", "nominee__proposal__unit")
        .order_by("order", "id")
    )
    level = issuer_level(unit)
    codes = sorted({c for line in lines for c in line.initiative_codes})
    initiatives = {i.code: i for i in Initiative.objects.filter(code__in=codes)}
    for line in lines:
        try:
            record = award_record_create(
                subject=line.subject,
                honour_id=line.honour_id,
                honour=line.honour,
                year=line.year_to,
                year_from=line.year_from,
                decision=decision,
                award_type_id=round.award_type_id,
                bonus_amount=line.bonus_amount,
                issuer_level=level if line.honour.category == HonourCategory.FORM else "",
                achievement=line.nominee.achievement_summary,
                source=RecordSource.NOMINATION,
                actor=actor,
                reason=number,
            )
        except ValidationError as exc:
            error_dict = getattr(exc, "error_dict", None) or {}
            messages = (
                [m for e in error_dict.get("honour", []) for m in e.messages]
                if "honour" in error_dict
                else exc.messages
            )
            raise ValidationError(
                {
                    "lines": _("Không ký được quyết định: %(error)s")
                    % {"error": " ".join(str(m) for m in messages)}
                }
            ) from exc
        line.award_record = record
        for code in line.initiative_codes:
            initiative = initiatives.get(code)
            if initiative is None:
                _fail(
                    "lines",
                    _("Không tìm thấy sáng kiến %(code)s dùng để khen %(name)s.")
                    % {"code": code, "name": str(line.subject)},
                )
            try:
                initiative_use(initiative=initiative, award=record, actor=actor, reason=number)
            except ValidationError as exc:
                raise ValidationError(
                    {
                        "lines": _("Không ký được quyết định: %(error)s")
                        % {"error": " ".join(exc.messages)}
                    }
                ) from exc
        set_nominee_state(line.nominee, NomineeState.AWARDED, actor=actor, reason=number)
    DraftLine.objects.bulk_update(lines, ["award_record", "updated"])
    set_draft_state(
        draft,
        DraftState.SIGNED,
        actor=actor,
        reason=number,
        changes={
            "number": number,
            "signed_on": signed_on,
            "registry_decision": decision,
            "signer_name": draft.signer_name,
            "signer_title": draft.signer_title,
            "signer_authority": draft.signer_authority,
        },
    )
    _notify_units(lines, number=number, signed_on=signed_on)
    round.refresh_from_db(fields=["state"])
    left = Nominee.objects.filter(round=round, state=NomineeState.VOTED_PASSED).exists()
    if not left and round.state == RoundState.CLOSED:
        set_round_state(
            round,
            RoundState.DECIDED,
            actor=actor,
            reason=_("Đã ban hành quyết định %(number)s") % {"number": number},
        )
    return draft


def initiative_use(*, initiative, award, actor, reason: str = ""):
    """Mark an initiative consumed by an award (the registry's race-safe conditional update)."""
    from tdkt.registry.services import initiative_mark_used

    return initiative_mark_used(initiative=initiative, award=award, actor=actor, reason=reason)


def lines_total(lines: Iterable[DraftLine]) -> int:
    return sum(line.bonus_amount or 0 for line in lines)
