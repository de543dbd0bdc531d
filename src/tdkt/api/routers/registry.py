"""The registry (sổ theo dõi): yearly ratings, decisions and award records."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import paginate

try:
    from ninja import Status
except ImportError:  # django-ninja before 1.5: a (status, body) tuple

    def Status(status: int, body):
        return status, body


from tdkt.accounts.access import (
    access_award,
    access_decision,
    access_household,
    access_person,
    access_unit,
    decisions_for,
    subject_records_for,
)
from tdkt.accounts.selectors import can_write_unit
from tdkt.api.errors import ApiConflict
from tdkt.api.pagination import Pagination
from tdkt.api.schemas import (
    AwardIn,
    AwardOut,
    DecisionDetailOut,
    DecisionOut,
    ErrorOut,
    Id,
    NotFoundOut,
    RatingOut,
    Search,
    Year,
)
from tdkt.orgs.models import subtree_lookup
from tdkt.registry.enums import DecisionLevel, RecordSource, RecordStatus
from tdkt.registry.models import AwardRecord, YearlyRating
from tdkt.registry.selectors import awards_list, decisions_list, ratings_list
from tdkt.registry.services import (
    award_record_create,
    duplicate_award_message,
    find_duplicate_award,
    prepare_award,
)

router = Router(tags=[gettext_lazy("Sổ khen thưởng")])

ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: NotFoundOut,
    409: ErrorOut,
    422: ErrorOut,
}


def _in_unit(qs, user, unit_id: int | None):
    """Records made in `unit_id` or its subtree (the unit must be visible to the user)."""
    if unit_id is None:
        return qs
    unit = access_unit(user, unit_id)
    return qs.filter(**subtree_lookup(unit.path, "unit_at_time__"))


@router.get("/ratings", response=list[RatingOut], summary=gettext_lazy("Xếp loại hằng năm"))
@paginate(Pagination)
def list_ratings(
    request: HttpRequest,
    year: Year | None = None,
    unit: Id | None = None,
    person: Id | None = None,
):
    """`unit`: ratings made in this unit or its subtree; `person`: ratings of this person."""
    user = request.auth
    qs = _in_unit(subject_records_for(YearlyRating, user), user, unit)
    if year is not None:
        qs = qs.filter(year=year)
    if person is not None:
        qs = qs.filter(person_id=person)
    return ratings_list(qs)


@router.get(
    "/decisions", response=list[DecisionOut], summary=gettext_lazy("Quyết định khen thưởng")
)
@paginate(Pagination)
def list_decisions(
    request: HttpRequest, year: Year | None = None, level: DecisionLevel | None = None
):
    """`year`: the year the decision was signed; `level`: co_so | tinh | nha_nuoc."""
    qs = decisions_for(request.auth)
    if year is not None:
        if not 1 <= year <= 9998:
            return qs.none()
        qs = qs.filter(signed_on__gte=dt.date(year, 1, 1), signed_on__lt=dt.date(year + 1, 1, 1))
    if level is not None:
        qs = qs.filter(level=level)
    return decisions_list(qs)


@router.get(
    "/decisions/{int:id}",
    response={200: DecisionDetailOut, 404: NotFoundOut},
    summary=gettext_lazy("Một quyết định, với các khen thưởng trong phạm vi của bạn"),
)
def get_decision(request: HttpRequest, id: Id):
    user = request.auth
    decision = access_decision(user, id)
    decision = decisions_list(decisions_for(user).filter(pk=decision.pk)).get()
    decision.visible_awards = list(
        awards_list(subject_records_for(AwardRecord, user).filter(decision=decision))
    )
    return decision


@router.get("/awards", response=list[AwardOut], summary=gettext_lazy("Khen thưởng"))
@paginate(Pagination)
def list_awards(
    request: HttpRequest,
    *,
    year: Year | None = None,
    honour: Search | None = None,
    unit: Id | None = None,
    person: Id | None = None,
    status: RecordStatus | None = None,
):
    """`year`: the achievement year (the last year of a period); `honour`: a catalogue code
    (e.g. CSTDCS, GK); `unit`: awards made in this unit or its subtree; `person`: awards of
    this person; `status`: valid | revoked."""
    user = request.auth
    qs = _in_unit(subject_records_for(AwardRecord, user), user, unit)
    if year is not None:
        qs = qs.filter(year_to=year)
    if honour:
        qs = qs.filter(honour_id=honour.strip())
    if person is not None:
        qs = qs.filter(person_id=person)
    if status is not None:
        qs = qs.filter(status=status)
    return awards_list(qs)


@router.get(
    "/awards/{int:id}",
    response={200: AwardOut, 404: NotFoundOut},
    summary=gettext_lazy("Một khen thưởng"),
)
def get_award(request: HttpRequest, id: Id):
    award = access_award(request.auth, id)
    return awards_list(AwardRecord.objects.filter(pk=award.pk)).get()


def _subject_and_unit(user, payload: AwardIn):
    if payload.person_id is not None:
        subject = access_person(user, payload.person_id)
        return subject, subject.unit
    if payload.collective_id is not None:
        subject = access_unit(user, payload.collective_id)
        return subject, subject
    subject = access_household(user, payload.household_id)
    return subject, subject.unit


@router.post(
    "/awards", response={201: AwardOut, **ERRORS}, summary=gettext_lazy("Ghi một khen thưởng")
)
def create_award(request: HttpRequest, payload: AwardIn):
    """Records an award for a person, a collective or a household; needs the right to write
    the registry of the subject's unit. The same honour for the same subject and year is
    refused with 409."""
    user = request.auth
    subject, unit = _subject_and_unit(user, payload)
    if not can_write_unit(user, unit):
        raise HttpError(
            403, _("Bạn không có quyền ghi sổ khen thưởng của %(unit)s.") % {"unit": unit}
        )
    decision = None
    if payload.decision_id is not None:
        try:
            decision = access_decision(user, payload.decision_id)
        except Http404:
            raise ValidationError(
                {
                    "decision": _("Không tìm thấy quyết định mã số %(id)s.")
                    % {"id": payload.decision_id}
                }
            ) from None
    fields = {
        "subject": subject,
        "honour_id": payload.honour.strip(),
        "year": payload.year,
        "year_from": payload.year_from,
        "decision": decision,
        "bonus_amount": payload.bonus_amount,
        "issuer_level": payload.issuer_level.strip(),
        "achievement": payload.achievement,
        "source": RecordSource.API,
    }
    record = prepare_award(**fields)  # a refusal → 400 naming the field
    existing = find_duplicate_award(record)
    if existing is not None:
        raise ApiConflict(duplicate_award_message(record, existing), field="honour")
    try:
        record = award_record_create(actor=user, **fields)
    except ValidationError as exc:  # checked above: only a concurrent duplicate is left
        raise ApiConflict(" ".join(exc.messages), field="honour") from exc
    return Status(201, awards_list(AwardRecord.objects.filter(pk=record.pk)).get())
