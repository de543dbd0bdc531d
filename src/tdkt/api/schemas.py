"""Request and response schemas of the API. Codes are the catalogue codes (catalog.yaml);
dates are ISO 8601 (YYYY-MM-DD); money is an integer number of đồng."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from pydantic import AfterValidator, model_validator

#: Bounded integers: anything a database column can hold (no overflow reaches SQL).
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[int, Field(ge=1, le=9999)]
Amount = Annotated[int, Field(ge=0, le=10**15)]


def strip_controls(value: str) -> str:
    """Drop control characters (NUL cannot be stored by PostgreSQL), keep line breaks/tabs."""
    return "".join(c for c in value if c in "\n\t" or unicodedata.category(c) not in {"Cc", "Cs"})


#: Free text from the caller, without control characters.
Text = Annotated[str, AfterValidator(strip_controls)]
#: A search string: control characters dropped, at most 200 characters used.
Search = Annotated[str, AfterValidator(lambda v: strip_controls(v)[:200])]

# ---- references -------------------------------------------------------------------------------


class UnitRef(Schema):
    id: int
    code: str
    name: str


class DecisionRef(Schema):
    id: int
    number: str
    signed_on: dt.date
    issuer_name: str


class PersonRef(Schema):
    id: int
    full_name: str


class SubjectRef(Schema):
    kind: str = Field(description="individual | collective | household")
    id: int
    name: str


def _subject(obj) -> dict:
    if obj.person_id:
        return {"kind": "individual", "id": obj.person_id, "name": obj.person.full_name}
    if obj.collective_id:
        return {"kind": "collective", "id": obj.collective_id, "name": obj.collective.name}
    return {"kind": "household", "id": obj.household_id, "name": str(obj.household)}


# ---- units ------------------------------------------------------------------------------------


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    parent_id: int | None
    depth: int
    valid_from: dt.date | None
    valid_to: dt.date | None
    is_current: bool
    address: str

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())


class SuccessionOut(Schema):
    unit: UnitRef
    kind: str
    kind_label: str
    date: dt.date
    decision_ref: str


class UnitDetailOut(UnitOut):
    parent: UnitRef | None
    ancestors: list[UnitRef]
    predecessors: list[SuccessionOut]
    successors: list[SuccessionOut]

    @staticmethod
    def resolve_parent(obj):
        return obj.ancestors[-1] if obj.ancestors else None


# ---- people -----------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    full_name: str
    birth_date: dt.date | None
    birth_year: int | None
    sex: str
    ethnicity: str
    position: str
    unit: UnitRef
    direct_worker: bool
    is_active: bool


class PersonDetailOut(PersonOut):
    citizen_id: str | None
    employment_start: dt.date | None
    left_on: dt.date | None
    phone: str
    email: str


class HistoryEntryOut(Schema):
    year: int
    kind: str = Field(description="rating | title | form | initiative | discipline")
    code: str
    label: str
    detail: str
    decision: DecisionRef | None
    unit: UnitRef | None
    valid: bool


class YearRowOut(Schema):
    year: int
    rating: str
    rating_label: str
    titles: list[str]
    forms: list[str]
    initiatives: list[str]
    discipline: list[str]


class HistoryOut(Schema):
    person: PersonRef
    entries: list[HistoryEntryOut]
    years: list[YearRowOut]
    counts: dict[str, int]


# ---- registry ---------------------------------------------------------------------------------


class RatingOut(Schema):
    id: int
    year: int
    rating: str
    rating_label: str
    subject: SubjectRef
    unit_at_time: UnitRef
    months_in_service: int | None
    decision_ref: str
    note: str
    status: str

    @staticmethod
    def resolve_rating(obj) -> str:
        return obj.rating_id

    @staticmethod
    def resolve_rating_label(obj) -> str:
        return obj.rating.name

    @staticmethod
    def resolve_subject(obj) -> dict:
        return _subject(obj)


class DecisionOut(Schema):
    id: int
    number: str
    signed_on: dt.date
    issuer_name: str
    issuer_unit: UnitRef | None
    signer_name: str
    signer_title: str
    level: str
    level_label: str
    award_type: str
    regime: str | None
    summary: str
    status: str
    award_count: int

    @staticmethod
    def resolve_level_label(obj) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_award_type(obj) -> str:
        return obj.award_type_id

    @staticmethod
    def resolve_regime(obj) -> str | None:
        return obj.regime_id


class AwardOut(Schema):
    id: int
    subject: SubjectRef
    honour: str
    honour_name: str
    category: str = Field(
        description=gettext_lazy("title (danh hiệu) | form (hình thức khen thưởng)")
    )
    award_type: str
    year_from: int
    year_to: int
    decision: DecisionRef | None
    unit_at_time: UnitRef
    issuer_level: str
    bonus_amount: int | None
    achievement: str
    status: str
    revoked_reason: str
    revoked_on: dt.date | None

    @staticmethod
    def resolve_subject(obj) -> dict:
        return _subject(obj)

    @staticmethod
    def resolve_honour(obj) -> str:
        return obj.honour_id

    @staticmethod
    def resolve_honour_name(obj) -> str:
        return obj.honour.name

    @staticmethod
    def resolve_category(obj) -> str:
        return obj.honour.category

    @staticmethod
    def resolve_award_type(obj) -> str:
        return obj.award_type_id


class DecisionDetailOut(DecisionOut):
    awards: list[AwardOut] = Field(
        description=gettext_lazy("Các khen thưởng trong phạm vi của bạn")
    )

    @staticmethod
    def resolve_awards(obj) -> list:
        return obj.visible_awards


class AwardIn(Schema):
    """An award record. The subject is exactly one of person_id, collective_id, household_id."""

    person_id: Id | None = None
    collective_id: Id | None = None
    household_id: Id | None = None
    honour: Text = Field(
        ..., min_length=1, max_length=40, description=gettext_lazy("Mã danh hiệu, hình thức")
    )
    year: Year = Field(
        ..., description=gettext_lazy("Năm thành tích (năm cuối nếu là một giai đoạn)")
    )
    year_from: Year | None = Field(None, description=gettext_lazy("Năm đầu của giai đoạn (nếu có)"))
    decision_id: Id | None = None
    bonus_amount: Amount | None = Field(None, description=gettext_lazy("Tiền thưởng (đồng)"))
    issuer_level: Text = Field("", max_length=10)
    achievement: Text = Field("", max_length=5000)

    @model_validator(mode="after")
    def _one_subject(self):
        given = [self.person_id, self.collective_id, self.household_id]
        if sum(v is not None for v in given) != 1:
            raise ValueError(
                _(
                    "Cần đúng một đối tượng: person_id (cá nhân), collective_id (tập thể) "
                    "hoặc household_id (hộ gia đình)."
                )
            )
        return self


# ---- catalogue --------------------------------------------------------------------------------


class CatalogOut(Schema):
    code: str
    name: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    legal_basis: str
    order: int
    is_active: bool


class HonourOut(CatalogOut):
    category: str
    subject_kinds: list[str]
    level: str
    rank: int


class RatingLevelOut(CatalogOut):
    rank: int


class RegimeOut(CatalogOut):
    law: str
    decree: str
    circulars: list
    collective_multiplier: float
    household_multiplier: float | None


class ErrorItem(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem] = Field(default_factory=list)


class NotFoundOut(Schema):
    detail: str
