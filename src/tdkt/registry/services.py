"""Writes on the registry. Every function validates, writes in one transaction, and logs."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tdkt.catalog.models import Honour, Regime
from tdkt.common.audit import audit_log, snapshot
from tdkt.common.text import nfc
from tdkt.people.enums import SubjectKind
from tdkt.registry.enums import DisciplineState, RecordStatus
from tdkt.registry.models import (
    AwardRecord,
    Decision,
    DisciplineRecord,
    Initiative,
    YearlyRating,
)


def regime_for(on: dt.date) -> Regime | None:
    return Regime.objects.valid_on(on).order_by("-valid_from").first()


def subject_fields(subject) -> dict:
    """{subject_kind, person|collective|household} for a Person, Unit or Household."""
    from tdkt.orgs.models import Unit
    from tdkt.people.models import Household, Person

    if isinstance(subject, Person):
        return {"subject_kind": SubjectKind.INDIVIDUAL, "person": subject}
    if isinstance(subject, Unit):
        return {"subject_kind": SubjectKind.COLLECTIVE, "collective": subject}
    if isinstance(subject, Household):
        return {"subject_kind": SubjectKind.HOUSEHOLD, "household": subject}
    raise TypeError(f"not a subject: {subject!r}")


def default_unit(subject):
    from tdkt.orgs.models import Unit

    return subject if isinstance(subject, Unit) else subject.unit


@transaction.atomic
def decision_create(
    *,
    number: str,
    signed_on: dt.date,
    issuer_name: str,
    level: str,
    award_type_id: str = "cong_trang",
    issuer_unit=None,
    signer_name: str = "",
    signer_title: str = "",
    summary: str = "",
    attachment=None,
    source: str = "manual",
    actor=None,
    reason: str = "",
) -> Decision:
    decision = Decision(
        number=nfc(number),
        signed_on=signed_on,
        issuer_name=nfc(issuer_name),
        issuer_unit=issuer_unit,
        signer_name=nfc(signer_name),
        signer_title=nfc(signer_title),
        level=level,
        award_type_id=award_type_id,
        regime=regime_for(signed_on),
        summary=nfc(summary),
        source=source,
    )
    if attachment is not None:
        decision.attachment = attachment
    if not decision.number:
        raise ValidationError({"number": _("Số quyết định không được để trống.")})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("Ngày ký không được sau ngày hôm nay.")})
    clash = Decision.objects.filter(
        issuer_name=decision.issuer_name, number=decision.number, signed_on=signed_on
    ).first()
    if clash is not None:
        raise ValidationError(
            {
                "number": _("Quyết định số %(number)s ngày %(date)s của %(issuer)s đã có trong sổ.")
                % {
                    "number": decision.number,
                    "date": f"{signed_on:%d/%m/%Y}",
                    "issuer": decision.issuer_name,
                }
            }
        )
    decision.save()
    audit_log(
        decision,
        action="registry.decision.create",
        actor=actor,
        after=snapshot(decision),
        reason=reason,
    )
    return decision


def duplicate_award_message(record: AwardRecord, existing: AwardRecord) -> str:
    period = (
        _("năm %(year)s") % {"year": record.year_to}
        if record.year_from == record.year_to
        else _("giai đoạn %(start)s–%(end)s") % {"start": record.year_from, "end": record.year_to}
    )
    where = (
        " " + _("(theo %(decision)s)") % {"decision": existing.decision}
        if existing.decision_id
        else ""
    )
    return _(
        "%(subject)s đã có %(honour)s %(period)s%(where)s. "
        "Mỗi thành tích chỉ được khen một lần: kiểm tra lại hoặc thu hồi bản ghi cũ trước."
    ) % {
        "subject": record.subject,
        "honour": existing.honour.name,
        "period": period,
        "where": where,
    }


def find_duplicate_award(record: AwardRecord) -> AwardRecord | None:
    field = {"individual": "person", "collective": "collective", "household": "household"}[
        record.subject_kind
    ]
    return (
        AwardRecord.objects.filter(
            **{field: getattr(record, f"{field}_id")},
            honour_id=record.honour_id,
            year_from=record.year_from,
            year_to=record.year_to,
            status=RecordStatus.VALID,
        )
        .select_related("decision", "honour")
        .first()
    )


def prepare_award(
    *,
    subject,
    honour_id: str,
    year: int,
    year_from: int | None = None,
    decision=None,
    award_type_id: str | None = None,
    unit_at_time=None,
    bonus_amount: int | None = None,
    issuer_level: str = "",
    achievement: str = "",
    source: str = "manual",
    honour: Honour | None = None,
) -> AwardRecord:
    """Build and validate an award record (not saved); used by imports and the API too.

    `honour`: the catalogue entry of `honour_id` when the caller already has it (bulk imports
    pass it to avoid one query per row)."""
    record = AwardRecord(
        **subject_fields(subject),
        honour_id=honour_id,
        year_from=year_from or year,
        year_to=year,
        decision=decision,
        award_type_id=award_type_id or (decision.award_type_id if decision else "cong_trang"),
        unit_at_time=unit_at_time or default_unit(subject),
        bonus_amount=bonus_amount,
        issuer_level=issuer_level,
        achievement=nfc(achievement),
        source=source,
    )
    if honour is None or honour.pk != honour_id:
        honour = Honour.objects.filter(pk=honour_id).first()
    if honour is None:
        raise ValidationError(
            {
                "honour": _("Mã danh hiệu, hình thức “%(code)s” không có trong danh mục.")
                % {"code": honour_id}
            }
        )
    if record.subject_kind not in honour.subject_kinds:
        raise ValidationError(
            {
                "honour": _("%(honour)s không áp dụng cho đối tượng %(kind)s.")
                % {
                    "honour": honour.name,
                    "kind": str(SubjectKind(record.subject_kind).label).lower(),
                }
            }
        )
    this_year = timezone.localdate().year
    if not (1945 <= record.year_from <= record.year_to <= this_year):
        raise ValidationError(
            {"year_to": _("Năm thành tích phải trong khoảng 1945–%(year)s.") % {"year": this_year}}
        )
    if decision is not None and decision.signed_on.year < record.year_from:
        raise ValidationError(
            {
                "decision": _(
                    "Quyết định được ký trước năm thành tích: kiểm tra lại năm hoặc số quyết định."
                )
            }
        )
    return record


@transaction.atomic
def award_record_create(*, actor=None, reason: str = "", **kwargs) -> AwardRecord:
    record = prepare_award(**kwargs)
    existing = find_duplicate_award(record)
    if existing is not None:
        raise ValidationError({"honour": duplicate_award_message(record, existing)})
    record.created_by = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as exc:  # lost a race with a concurrent identical insert
        raise ValidationError(
            {"honour": _("Khen thưởng này vừa được người khác ghi vào sổ.")}
        ) from exc
    audit_log(
        record, action="registry.award.create", actor=actor, after=snapshot(record), reason=reason
    )
    return record


@transaction.atomic
def award_revoke(
    *,
    record: AwardRecord,
    reason: str,
    actor,
    revoking_decision=None,
    on: dt.date | None = None,
    bonus_recovered: int | None = None,
) -> AwardRecord:
    """Thu hồi: the record stays, marked revoked with reason, decision and recovered bonus."""
    record = AwardRecord.objects.select_for_update().get(pk=record.pk)
    if record.status == RecordStatus.REVOKED:
        raise ValidationError(_("Khen thưởng này đã bị thu hồi trước đó."))
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do thu hồi.")})
    before = snapshot(record)
    record.status = RecordStatus.REVOKED
    record.revoked_reason = nfc(reason)
    record.revoked_by = revoking_decision
    record.revoked_on = on or timezone.localdate()
    record.bonus_recovered = bonus_recovered
    record.save(
        update_fields=[
            "status",
            "revoked_reason",
            "revoked_by",
            "revoked_on",
            "bonus_recovered",
            "updated",
        ]
    )
    # An initiative used by a revoked award becomes usable again.
    Initiative.objects.filter(used_for=record).update(used_for=None)
    audit_log(
        record,
        action="registry.award.revoke",
        actor=actor,
        before=before,
        after=snapshot(record),
        reason=reason,
    )
    return record


def prepare_rating(
    *,
    subject,
    year: int,
    rating_id: str,
    unit_at_time=None,
    months_in_service: int | None = None,
    decision_ref: str = "",
    note: str = "",
    source: str = "manual",
    rating_codes: frozenset[str] | None = None,
) -> YearlyRating:
    """`rating_codes`: the known rating codes when the caller already has them (bulk imports)."""
    from tdkt.catalog.models import Rating

    known = (
        (rating_id in rating_codes)
        if rating_codes is not None
        else (Rating.objects.filter(pk=rating_id).exists())
    )
    if not known:
        raise ValidationError(
            {"rating": _("Mức xếp loại “%(code)s” không có trong danh mục.") % {"code": rating_id}}
        )
    this_year = timezone.localdate().year
    if not (1990 <= year <= this_year):
        raise ValidationError(
            {"year": _("Năm xếp loại phải trong khoảng 1990–%(year)s.") % {"year": this_year}}
        )
    if months_in_service is not None and not (0 <= months_in_service <= 12):
        raise ValidationError({"months_in_service": _("Số tháng công tác phải từ 0 đến 12.")})
    return YearlyRating(
        **subject_fields(subject),
        year=year,
        rating_id=rating_id,
        unit_at_time=unit_at_time or default_unit(subject),
        months_in_service=months_in_service,
        decision_ref=nfc(decision_ref),
        note=nfc(note),
        source=source,
    )


@transaction.atomic
def rating_record(*, actor=None, reason: str = "", replace: bool = False, **kwargs) -> YearlyRating:
    """Record a yearly rating; with `replace`, an existing one is superseded (kept, revoked)."""
    rating = prepare_rating(**kwargs)
    field = {"individual": "person", "collective": "collective", "household": "household"}[
        rating.subject_kind
    ]
    existing = (
        YearlyRating.objects.select_for_update()
        .filter(
            **{field: getattr(rating, f"{field}_id")}, year=rating.year, status=RecordStatus.VALID
        )
        .first()
    )
    if existing is not None:
        if not replace:
            raise ValidationError(
                {
                    "year": _(
                        "%(subject)s đã được xếp loại năm %(year)s (%(rating)s). "
                        "Chọn “thay thế” nếu cần sửa."
                    )
                    % {
                        "subject": rating.subject,
                        "year": rating.year,
                        "rating": existing.rating.name,
                    }
                }
            )
        before = snapshot(existing)
        existing.status = RecordStatus.REVOKED
        existing.save(update_fields=["status", "updated"])
        audit_log(
            existing,
            action="registry.rating.supersede",
            actor=actor,
            before=before,
            after=snapshot(existing),
            reason=reason,
        )
    rating.save()
    audit_log(
        rating, action="registry.rating.create", actor=actor, after=snapshot(rating), reason=reason
    )
    return rating


@transaction.atomic
def initiative_create(
    *,
    code: str,
    title: str,
    year: int,
    scope_id: str,
    unit,
    authors=(),
    kind: str = "sang_kien",
    recognised_by: str = "",
    recognised_on: dt.date | None = None,
    actor=None,
    reason: str = "",
) -> Initiative:
    code = nfc(code).upper()
    if Initiative.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Mã sáng kiến %(code)s đã tồn tại.") % {"code": code}})
    initiative = Initiative.objects.create(
        code=code,
        title=nfc(title),
        year=year,
        scope_id=scope_id,
        unit=unit,
        kind=kind,
        recognised_by=nfc(recognised_by),
        recognised_on=recognised_on,
    )
    if authors:
        initiative.authors.set(authors)
    audit_log(
        initiative,
        action="registry.initiative.create",
        actor=actor,
        after={**snapshot(initiative), "authors": [a.pk for a in authors]},
        reason=reason,
    )
    return initiative


@transaction.atomic
def initiative_mark_used(
    *, initiative: Initiative, award: AwardRecord, actor, reason: str = ""
) -> Initiative:
    """An initiative serves as evidence for one award only (conditional update: race-safe)."""
    updated = Initiative.objects.filter(pk=initiative.pk, used_for__isnull=True).update(
        used_for=award
    )
    if not updated:
        initiative.refresh_from_db()
        raise ValidationError(
            _("Sáng kiến %(code)s đã được dùng để khen %(award)s.")
            % {"code": initiative.code, "award": initiative.used_for}
        )
    initiative.refresh_from_db()
    audit_log(
        initiative,
        action="registry.initiative.use",
        actor=actor,
        after={"used_for": award.pk},
        reason=reason,
    )
    return initiative


@transaction.atomic
def discipline_record(
    *,
    subject,
    start: dt.date,
    end: dt.date | None = None,
    level_id: str | None = None,
    state: str = DisciplineState.IN_FORCE,
    decision_ref: str = "",
    reason: str = "",
    unit_at_time=None,
    actor=None,
) -> DisciplineRecord:
    if end is not None and end < start:
        raise ValidationError({"end": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    if state == DisciplineState.IN_FORCE and not level_id:
        raise ValidationError({"level": _("Cần chọn hình thức kỷ luật.")})
    record = DisciplineRecord.objects.create(
        **subject_fields(subject),
        start=start,
        end=end,
        level_id=level_id,
        state=state,
        decision_ref=nfc(decision_ref),
        reason=nfc(reason),
        unit_at_time=unit_at_time or default_unit(subject),
    )
    audit_log(
        record,
        action="registry.discipline.create",
        actor=actor,
        after=snapshot(record),
        reason=reason,
    )
    return record
