"""Input validation of the three request shapes of the rules contract (version 1).

Unknown fields are ignored; unknown codes, missing fields, wrong types and impossible values raise
:class:`ContractError` naming the field (``subject.kind``, ``history[2].code`` ...) with a
Vietnamese message. The parsed requests are small frozen dataclasses the engine works on.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tdkt.rules.engine.kinds import COLLECTIVE_FIELDS
from tdkt.rules.engine.packs import Catalog

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
VIETNAM_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")
MIN_YEAR = 1945
ISSUER_LEVELS = ("xa", "other")


class ContractError(ValueError):
    """An input that breaks the contract. ``field`` names the offending field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


# --------------------------------------------------------------------------- parsed shapes


@dataclass(frozen=True)
class Rating:
    year: int
    code: str


@dataclass(frozen=True)
class Award:
    year: int
    code: str
    award_type: str = "cong_trang"


@dataclass(frozen=True)
class Initiative:
    year: int
    id: str
    scope: str
    used_by: str | None = None


@dataclass(frozen=True)
class Discipline:
    start: dt.date
    end: dt.date | None
    level: str

    def overlaps_year(self, year: int) -> bool:
        return self.start <= dt.date(year, 12, 31) and (
            self.end is None or self.end >= dt.date(year, 1, 1)
        )


@dataclass(frozen=True)
class History:
    ratings: tuple[Rating, ...] = ()
    awards: tuple[Award, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    disciplines: tuple[Discipline, ...] = ()
    pending: bool = False


@dataclass(frozen=True)
class Subject:
    kind: str
    months_in_service: float | None = None
    female: bool | None = None
    members: Mapping[str, int] = field(default_factory=dict)
    emulation_result: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class EligibilityRequest:
    target: str
    year: int
    decision_date: dt.date
    decision_date_given: bool
    subject: Subject
    history: History


@dataclass(frozen=True)
class BonusRequest:
    code: str
    subject_kind: str
    decision_date: dt.date
    issuer_level: str


@dataclass(frozen=True)
class TallyRequest:
    target: str
    decision_date: dt.date
    members_total: int
    members_present: int
    votes_yes: int


# --------------------------------------------------------------------------- primitives


def _path(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def require(data: Mapping[str, Any], name: str, prefix: str = "") -> Any:
    if name not in data or data[name] is None:
        raise ContractError(_path(prefix, name), "Thiếu trường bắt buộc")
    return data[name]


def as_mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ContractError(where, "Sai kiểu dữ liệu: cần một đối tượng JSON")
    return value


def as_int(value: Any, where: str, *, minimum: int | None = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ContractError(where, "Sai kiểu dữ liệu: cần số nguyên")
    if minimum is not None and value < minimum:
        raise ContractError(where, f"Giá trị phải lớn hơn hoặc bằng {minimum}")
    return value


def as_str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ContractError(where, "Sai kiểu dữ liệu: cần chuỗi ký tự không rỗng")
    return value.strip()


def as_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ContractError(where, "Sai kiểu dữ liệu: cần ngày (YYYY-MM-DD), không kèm giờ")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ContractError(where, "Ngày không hợp lệ: cần định dạng YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ContractError(where, f"Ngày không tồn tại: {value}") from exc


def as_code(
    value: Any, where: str, allowed: Mapping[str, Any] | frozenset[str] | Sequence[str], what: str
) -> str:
    if not isinstance(value, str):
        raise ContractError(where, f"Sai kiểu dữ liệu: cần mã {what}")
    if value not in allowed:
        raise ContractError(where, f"Mã {what} không hợp lệ: {value!r}")
    return value


def as_year(value: Any, where: str, today: dt.date) -> int:
    year = as_int(value, where, minimum=None)
    if year < MIN_YEAR:
        raise ContractError(where, f"Năm không hợp lệ: {year}")
    if year > today.year:
        raise ContractError(where, f"Năm {year} ở tương lai (hôm nay là {today:%d/%m/%Y})")
    return year


def honour_code(value: Any, where: str, catalog: Catalog) -> str:
    if not isinstance(value, str):
        raise ContractError(where, "Sai kiểu dữ liệu: cần mã danh hiệu hoặc hình thức khen thưởng")
    if not catalog.is_honour(value):
        raise ContractError(where, f"Mã danh hiệu/hình thức khen thưởng không hợp lệ: {value!r}")
    return value


def local_today() -> dt.date:
    """Today in Vietnam (UTC+7): the default `today` of every check."""
    return dt.datetime.now(VIETNAM_TZ).date()


def default_decision_date(year: int) -> dt.date:
    """20 January of the following year (the contract's default decision date)."""
    return dt.date(year + 1, 1, 20)


# --------------------------------------------------------------------------- eligibility


def parse_eligibility(
    request: Any, *, today: dt.date, catalog: Catalog, prefix: str = ""
) -> EligibilityRequest:
    data = as_mapping(request, prefix or "request")
    target = honour_code(require(data, "target", prefix), _path(prefix, "target"), catalog)
    year = as_year(require(data, "year", prefix), _path(prefix, "year"), today)
    raw_date = data.get("decision_date")
    if raw_date is None:
        decision_date, given = default_decision_date(year), False
    else:
        decision_date, given = as_date(raw_date, _path(prefix, "decision_date")), True
    subject = parse_subject(require(data, "subject", prefix), _path(prefix, "subject"), catalog)
    history = parse_history(data.get("history", []), _path(prefix, "history"), today, catalog)
    return EligibilityRequest(target, year, decision_date, given, subject, history)


def parse_subject(value: Any, where: str, catalog: Catalog) -> Subject:
    data = as_mapping(value, where)
    kind = as_code(
        require(data, "kind", where), f"{where}.kind", catalog.subject_kinds, "loại đối tượng"
    )
    months: float | None = None
    if data.get("months_in_service") is not None:
        raw = data["months_in_service"]
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            raise ContractError(f"{where}.months_in_service", "Sai kiểu dữ liệu: cần số tháng")
        if not 0 <= raw <= 12:
            raise ContractError(f"{where}.months_in_service", "Số tháng phải trong khoảng 0-12")
        months = float(raw)
    female = data.get("female")
    if female is not None and not isinstance(female, bool):
        raise ContractError(f"{where}.female", "Sai kiểu dữ liệu: cần true/false")
    members: dict[str, int] = {}
    for name in COLLECTIVE_FIELDS:
        if data.get(name) is not None:
            members[name] = as_int(data[name], f"{where}.{name}")
    total = members.get("members_total")
    for name, count in members.items():
        if name != "members_total" and total is not None and count > total:
            raise ContractError(f"{where}.{name}", f"Lớn hơn tổng số thành viên ({total})")
    emulation = data.get("emulation_result")
    if emulation is not None:
        emulation = as_mapping(emulation, f"{where}.emulation_result")
        if emulation.get("leading") is not None and not isinstance(emulation["leading"], bool):
            raise ContractError(
                f"{where}.emulation_result.leading", "Sai kiểu dữ liệu: cần true/false"
            )
        if emulation.get("rank") is not None:
            as_int(emulation["rank"], f"{where}.emulation_result.rank", minimum=1)
    return Subject(kind, months, female, members, emulation)


def parse_history(value: Any, where: str, today: dt.date, catalog: Catalog) -> History:
    if value is None:
        return History()
    if not isinstance(value, list | tuple):
        raise ContractError(where, "Sai kiểu dữ liệu: cần một danh sách")
    ratings: list[Rating] = []
    awards: list[Award] = []
    initiatives: list[Initiative] = []
    disciplines: list[Discipline] = []
    pending = False
    rating_years: dict[int, int] = {}
    initiative_ids: set[str] = set()
    for i, raw in enumerate(value):
        at = f"{where}[{i}]"
        entry = as_mapping(raw, at)
        kind = require(entry, "type", at)
        if kind == "rating":
            year = as_year(require(entry, "year", at), f"{at}.year", today)
            code = as_code(require(entry, "code", at), f"{at}.code", catalog.ratings, "xếp loại")
            if year in rating_years:
                raise ContractError(
                    f"{at}.year", f"Trùng kết quả xếp loại năm {year} (mục {rating_years[year]})"
                )
            rating_years[year] = i
            ratings.append(Rating(year, code))
        elif kind == "award":
            year = as_year(require(entry, "year", at), f"{at}.year", today)
            code = honour_code(require(entry, "code", at), f"{at}.code", catalog)
            award_type = entry.get("award_type") or "cong_trang"
            award_type = as_code(
                award_type, f"{at}.award_type", catalog.award_types, "loại hình khen thưởng"
            )
            awards.append(Award(year, code, award_type))
        elif kind == "initiative":
            year = as_year(require(entry, "year", at), f"{at}.year", today)
            ident = as_str(require(entry, "id", at), f"{at}.id")
            if ident in initiative_ids:
                raise ContractError(f"{at}.id", f"Trùng mã sáng kiến {ident}")
            initiative_ids.add(ident)
            scope = as_code(
                require(entry, "scope", at), f"{at}.scope", catalog.scopes, "phạm vi sáng kiến"
            )
            used_by = entry.get("used_by")
            if used_by is not None:
                used_by = as_str(used_by, f"{at}.used_by")
            initiatives.append(Initiative(year, ident, scope, used_by))
        elif kind == "discipline":
            start = as_date(require(entry, "from", at), f"{at}.from")
            end = entry.get("to")
            end = None if end is None else as_date(end, f"{at}.to")
            if end is not None and end < start:
                raise ContractError(f"{at}.to", "Ngày kết thúc trước ngày bắt đầu")
            level = as_code(
                require(entry, "level", at),
                f"{at}.level",
                catalog.discipline_levels,
                "hình thức kỷ luật",
            )
            disciplines.append(Discipline(start, end, level))
        elif kind == "discipline_pending":
            pending = True
        else:
            raise ContractError(f"{at}.type", f"Loại mục lịch sử không hợp lệ: {kind!r}")
    return History(
        tuple(ratings),
        tuple(awards),
        tuple(initiatives),
        tuple(sorted(disciplines, key=lambda d: d.start)),
        pending,
    )


# --------------------------------------------------------------------------- bonus, tally


def parse_bonus(request: Any, *, catalog: Catalog, prefix: str = "") -> BonusRequest:
    data = as_mapping(request, prefix or "request")
    code = honour_code(require(data, "code", prefix), _path(prefix, "code"), catalog)
    kind = as_code(
        require(data, "subject_kind", prefix),
        _path(prefix, "subject_kind"),
        catalog.subject_kinds,
        "loại đối tượng",
    )
    decision_date = as_date(require(data, "decision_date", prefix), _path(prefix, "decision_date"))
    issuer = data.get("issuer_level")
    issuer = (
        "other"
        if issuer is None
        else as_code(issuer, _path(prefix, "issuer_level"), ISSUER_LEVELS, "cấp ban hành")
    )
    return BonusRequest(code, kind, decision_date, issuer)


def parse_tally(request: Any, *, today: dt.date, catalog: Catalog) -> TallyRequest:
    data = as_mapping(request, "request")
    target = honour_code(require(data, "target"), "target", catalog)
    raw_date = data.get("decision_date")
    decision_date = today if raw_date is None else as_date(raw_date, "decision_date")
    total = as_int(require(data, "members_total"), "members_total", minimum=1)
    present = as_int(require(data, "members_present"), "members_present")
    if present > total:
        raise ContractError("members_present", f"Lớn hơn tổng số thành viên ({total})")
    yes = as_int(require(data, "votes_yes"), "votes_yes")
    if yes > total:
        raise ContractError("votes_yes", f"Lớn hơn tổng số thành viên ({total})")
    return TallyRequest(target, decision_date, total, present, yes)
