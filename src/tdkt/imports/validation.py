"""Validating the rows of an import: every value read, converted, matched against the catalogue,
the units and the people in the user's scope, and checked for duplicates, with a message per
problem that names the Excel row and column and says how to fix it.

Nothing here writes. Queries are set-based (preloaded maps), so the cost is per file, not per
row: a preview of 20,000 rows runs a few dozen queries.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from tdkt.accounts.access import people_for, units_for
from tdkt.catalog.models import Honour, Rating
from tdkt.common.text import clean_name, fix_legacy, nfc, parse_date_vn, search_key
from tdkt.imports.mapping import FOOTER_PREFIXES, Layout, header_key
from tdkt.imports.models import ImportKind, RowStatus
from tdkt.imports.parsing import cell_int, cell_text, is_blank, is_numeric_cell
from tdkt.people.enums import Sex
from tdkt.people.models import Person
from tdkt.registry.enums import RecordStatus
from tdkt.registry.models import AwardRecord, Decision, YearlyRating

CHUNK = 500
PERSON_ONLY = (
    "full_name",
    "birth_date",
    "birth_year",
    "citizen_id",
    "search_key",
    "position",
    "unit__name",
    "unit__path",
    "unit__code",
)
TEXT_FIELDS = (
    "full_name",
    "collective",
    "position",
    "unit",
    "ethnicity",
    "honour",
    "rating",
    "issuer",
    "achievement",
    "note",
    "decision_number",
)
MARKS = {"x", "v", "1", "co", "✓", "✔", "☑", "+", "*"}
SEX_WORDS = {
    "nam": Sex.MALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
    "trai": Sex.MALE,
    "nu": Sex.FEMALE,
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "gai": Sex.FEMALE,
}
_PERIOD = re.compile(r"^\s*(\d{4})\s*(?:-|–|—|/|đến|den)\s*(\d{4})\s*$")
_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
_NON_WORD = re.compile(r"[^0-9a-z]+")

HONOUR_ALIASES = {
    "bang khen ubnd tinh": "BK_TINH",
    "bang khen cua ubnd tinh": "BK_TINH",
    "bang khen chu tich ubnd tinh": "BK_TINH",
    "bang khen cua chu tich ubnd tinh": "BK_TINH",
    "bang khen uy ban nhan dan tinh": "BK_TINH",
    "bang khen tinh": "BK_TINH",
    "bang khen cap tinh": "BK_TINH",
    "bk tinh": "BK_TINH",
    "bkt": "BK_TINH",
    "bang khen thu tuong": "BK_TTG",
    "bang khen thu tuong chinh phu": "BK_TTG",
    "bang khen cua thu tuong chinh phu": "BK_TTG",
    "bang khen ttcp": "BK_TTG",
    "bk ttg": "BK_TTG",
    "bk ttcp": "BK_TTG",
    "giay khen": "GK",
    "cstd co so": "CSTDCS",
    "chien si thi dua": "CSTDCS",
    "cstd tinh": "CSTD_TINH",
    "cstd cap tinh": "CSTD_TINH",
    "chien si thi dua cap tinh": "CSTD_TINH",
    "chien si thi dua tinh": "CSTD_TINH",
    "chien si thi dua cap bo": "CSTD_TINH",
    "cstd toan quoc": "CSTDTQ",
    "cstdtq": "CSTDTQ",
    "co thi dua tinh": "CO_TINH",
    "co thi dua cap tinh": "CO_TINH",
    "co thi dua cua ubnd tinh": "CO_TINH",
    "co thi dua ubnd tinh": "CO_TINH",
    "co thi dua chinh phu": "CO_CP",
    "co thi dua cua chinh phu": "CO_CP",
    "tap the ldtt": "TTLDTT",
    "tap the ldxs": "TTLDXS",
    "gia dinh van hoa": "GD_VAN_HOA",
    "ky niem chuong": "KNC",
}
RATING_ALIASES = {
    "xuat sac": "HTXSNV",
    "hoan thanh xuat sac": "HTXSNV",
    "htxs": "HTXSNV",
    "hoan thanh tot": "HTTNV",
    "tot": "HTTNV",
    "htt": "HTTNV",
    "hoan thanh": "HTNV",
    "ht": "HTNV",
    "khong hoan thanh": "KHTNV",
    "kht": "KHTNV",
}


#: Cached: the same names, titles and units repeat on thousands of rows.
search_key = functools.lru_cache(maxsize=1 << 16)(search_key)


@functools.lru_cache(maxsize=1 << 14)
def match_key(value: str) -> str:
    """Diacritic-, case- and punctuation-insensitive key: “Bằng khen UBND tỉnh” → "bang khen
    ubnd tinh"."""
    return " ".join(_NON_WORD.sub(" ", search_key(value)).split())


def quote(value: str) -> str:
    return f"“{value}”"


# --- results --------------------------------------------------------------------------------


@dataclass
class Problem:
    level: str  # "error" | "duplicate" | "warning"
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"level": self.level, "column": self.column, "message": self.message}


@dataclass
class RowResult:
    row_number: int
    cells: dict[str, str] = field(default_factory=dict)
    resolved: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    conversions: list[dict] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        levels = {p.level for p in self.problems}
        for level in (RowStatus.ERROR, RowStatus.DUPLICATE, RowStatus.WARNING):
            if level in levels:
                return level
        return RowStatus.OK

    @property
    def writable(self) -> bool:
        return self.status in (RowStatus.OK, RowStatus.WARNING)

    def signature(self) -> tuple:
        return (self.row_number, str(self.status), tuple(p.message for p in self.problems))


@dataclass
class Preview:
    layout: Layout
    rows: list[RowResult]
    errors: list[str] = field(default_factory=list)  # file-level problems (missing columns)
    notes: list[str] = field(default_factory=list)  # what was skipped, default year used ...
    new_people: dict[tuple, dict] = field(default_factory=dict)
    new_decisions: dict[tuple, dict] = field(default_factory=dict)
    catalogue: Catalogue | None = None

    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in RowStatus}
        for row in self.rows:
            counts[str(row.status)] += 1
        return counts


# --- context: the catalogue, the units and the people the user may write -----------------------


class Catalogue:
    """Honours and ratings matched by code or by Vietnamese name (diacritic-insensitive)."""

    def __init__(self) -> None:
        self.honours = {h.code: h for h in Honour.objects.filter(is_active=True)}
        self.ratings = {r.code: r for r in Rating.objects.filter(is_active=True)}
        self.honour_index = self._index(self.honours, HONOUR_ALIASES)
        self.rating_index = self._index(self.ratings, RATING_ALIASES)

    @staticmethod
    def _index(entries: dict, aliases: dict[str, str]) -> dict[str, str]:
        index: dict[str, str] = {}
        for code, entry in entries.items():
            index[match_key(code)] = code
            index[match_key(code).replace(" ", "")] = code
            index[match_key(entry.name)] = code
        for alias, code in aliases.items():
            if code in entries:
                index.setdefault(alias, code)
        return index

    def honour(self, value: str) -> str | None:
        key = match_key(value)
        code = self.honour_index.get(key) or self.honour_index.get(key.replace(" ", ""))
        if code:
            return code
        if key.startswith("giay khen") and "GK" in self.honours:
            return "GK"
        if key.startswith("bang khen"):
            code = "BK_TTG" if "thu tuong" in key else "BK_TINH"
            return code if code in self.honours else None
        if key.startswith("ky niem chuong") and "KNC" in self.honours:
            return "KNC"
        return None

    def rating(self, value: str) -> str | None:
        key = match_key(value)
        return self.rating_index.get(key) or self.rating_index.get(key.replace(" ", ""))

    def suggest_honour(self, value: str) -> str | None:
        names = {match_key(h.name): h.name for h in self.honours.values()}
        close = difflib.get_close_matches(match_key(value), list(names), n=1, cutoff=0.75)
        return names[close[0]] if close else None


@dataclass
class Context:
    kind: str
    user: Any
    default_unit: Any
    create_missing: bool = False
    default_year: int | None = None
    today: dt.date = field(default_factory=timezone.localdate)
    #: a nominee list: the proposal (its unit's subtree is the scope of the matching)
    proposal: Any = None

    def __post_init__(self) -> None:
        from tdkt.orgs.models import Unit

        self.catalogue = Catalogue()
        units = (
            Unit.objects.filter(path__startswith=self.proposal.unit.path)
            if self.proposal is not None
            else units_for(self.user, write=True)
        )
        self.units = list(
            units.only(
                "id", "code", "name", "short_name", "path", "valid_to", "valid_from", "parent_id"
            )
        )
        self.unit_index: dict[str, list] = defaultdict(list)
        for unit in self.units:
            keys = {match_key(unit.name), match_key(unit.code)}
            if unit.short_name:
                keys.add(match_key(unit.short_name))
            for key in keys:
                if key:
                    self.unit_index[key].append(unit)

    def find_unit(self, value: str) -> list:
        found = self.unit_index.get(match_key(value), [])
        current = [u for u in found if u.is_current]
        return current or found


# --- reading one row ------------------------------------------------------------------------


class RowReader:
    """Reads the raw cells of one row into text and typed values, recording problems."""

    def __init__(self, result: RowResult, layout: Layout, raw: dict[str, Any]) -> None:
        self.result, self.layout, self.raw = result, layout, raw

    def label(self, field_name: str) -> str:
        return self.layout.label(field_name)

    def problem(self, level: str, field_name: str | None, what: str) -> None:
        row = self.result.row_number
        if field_name:
            column = self.label(field_name)
            message = _("Dòng %(row)s, cột “%(column)s”: %(what)s") % {
                "row": row,
                "column": column,
                "what": what,
            }
        else:
            column = ""
            message = _("Dòng %(row)s: %(what)s") % {"row": row, "what": what}
        self.result.problems.append(Problem(level, column, message))

    def error(self, field_name: str | None, what: str) -> None:
        self.problem(RowStatus.ERROR, field_name, what)

    def warn(self, field_name: str | None, what: str) -> None:
        self.problem(RowStatus.WARNING, field_name, what)

    def duplicate(self, field_name: str | None, what: str) -> None:
        self.problem(RowStatus.DUPLICATE, field_name, what)

    def text(self, field_name: str) -> str:
        """The cell as NFC text; legacy TCVN3/VNI text is converted and the conversion shown."""
        value = self.raw.get(field_name)
        if is_blank(value):
            return ""
        text = cell_text(value)
        if isinstance(value, str) and not text.isascii():
            converted, encoding = fix_legacy(text)
            if encoding:
                converted = nfc(converted)
                self.result.conversions.append(
                    {
                        "column": self.label(field_name),
                        "original": text,
                        "converted": converted,
                        "encoding": encoding.upper(),
                    }
                )
                self.warn(
                    field_name,
                    _(
                        "%(original)s được gõ bằng phông %(encoding)s cũ, đã chuyển thành "
                        "%(converted)s. Kiểm tra lại trước khi ghi."
                    )
                    % {
                        "original": quote(text),
                        "encoding": encoding.upper(),
                        "converted": quote(converted),
                    },
                )
                text = converted
        text = nfc(text)
        self.result.cells[field_name] = text
        return text

    def date_or_year(self, field_name: str) -> tuple[dt.date | None, int | None]:
        """A birth date as a date, or only a year ("1985", 1985.0, "08/1985")."""
        value = self.raw.get(field_name)
        if is_blank(value):
            return None, None
        text = cell_text(value)
        self.result.cells[field_name] = text
        if isinstance(value, dt.datetime | dt.date) and not isinstance(value, bool):
            return parse_date_vn(value), None
        year = cell_int(value)
        if year is not None and 1000 <= year <= 2200:
            return None, year
        month_year = _MONTH_YEAR.match(text)
        if month_year and 1 <= int(month_year.group(1)) <= 12:
            return None, int(month_year.group(2))
        try:
            if is_numeric_cell(value):
                return parse_date_vn(value), None
            if text.isdigit():  # an Excel serial typed into a text cell
                return parse_date_vn(int(text)), None
            return parse_date_vn(text), None
        except ValueError:
            pass
        self.error(
            field_name,
            _("%(value)s không phải ngày hợp lệ. Nhập theo dạng dd/mm/yyyy, ví dụ 15/08/1985.")
            % {"value": quote(text)},
        )
        return None, None

    def year(self, field_name: str) -> tuple[int | None, int | None]:
        """A year or a period "2023–2024" → (year_from, year_to)."""
        value = self.raw.get(field_name)
        if is_blank(value):
            return None, None
        text = cell_text(value)
        self.result.cells[field_name] = text
        if isinstance(value, dt.date):
            return value.year, value.year
        year = cell_int(value)
        if year is not None:
            return year, year
        period = _PERIOD.match(text)
        if period:
            return int(period.group(1)), int(period.group(2))
        self.error(
            field_name,
            _(
                "%(value)s không phải năm hợp lệ. Nhập năm gồm 4 chữ số, ví dụ 2025 "
                "(hoặc giai đoạn 2023-2024)."
            )
            % {"value": quote(text)},
        )
        return None, None

    def date(self, field_name: str) -> dt.date | None:
        value = self.raw.get(field_name)
        if is_blank(value):
            return None
        text = cell_text(value)
        self.result.cells[field_name] = text
        try:
            return parse_date_vn(value if not isinstance(value, str) else text)
        except ValueError:
            self.error(
                field_name,
                _("%(value)s không phải ngày hợp lệ. Nhập theo dạng dd/mm/yyyy, ví dụ 20/01/2025.")
                % {"value": quote(text)},
            )
            return None

    def citizen_id(self) -> str | None:
        value = self.raw.get("citizen_id")
        if is_blank(value):
            return None
        text = (
            cell_text(value).replace(" ", "").replace(".", "")
            if not is_numeric_cell(value)
            else cell_text(value)
        )
        self.result.cells["citizen_id"] = text
        if is_numeric_cell(value) and text.isdigit() and len(text) in (8, 11):
            padded = "0" + text
            self.warn(
                "citizen_id",
                _(
                    "%(value)s mất số 0 ở đầu vì ô được định dạng số; đã hiểu là %(padded)s. "
                    "Nên định dạng cột này là Văn bản (Text)."
                )
                % {"value": quote(text), "padded": padded},
            )
            text = padded
            self.result.cells["citizen_id"] = text
        if not (text.isdigit() and len(text) in (9, 12)):
            self.error(
                "citizen_id",
                _(
                    "%(value)s không phải số định danh hợp lệ. Số định danh cá nhân (CCCD) gồm 12 "
                    "chữ số, ví dụ 001085012345 (CMND cũ: 9 chữ số)."
                )
                % {"value": quote(text)},
            )
            return None
        return text

    def sex_and_birth(self) -> dict:
        """Sex from "Giới tính" or from a mark (or the birth date) in a Nam / Nữ column."""
        out: dict[str, Any] = {"sex": "", "birth_date": None, "birth_year": None}
        if "birth_date" in self.raw:
            out["birth_date"], out["birth_year"] = self.date_or_year("birth_date")
        if "birth_year" in self.raw and not is_blank(self.raw["birth_year"]):
            value = self.raw["birth_year"]
            self.result.cells["birth_year"] = cell_text(value)
            year = cell_int(value)
            if year is None and isinstance(value, dt.date):
                year = value.year
            if year is None:
                self.error(
                    "birth_year",
                    _("%(value)s không phải năm sinh hợp lệ. Nhập năm gồm 4 chữ số, ví dụ 1985.")
                    % {"value": quote(cell_text(value))},
                )
            elif out["birth_year"] is None and out["birth_date"] is None:
                out["birth_year"] = year
        if "sex" in self.raw and not is_blank(self.raw["sex"]):
            text = self.text("sex")
            sex = SEX_WORDS.get(match_key(text))
            if sex is None:
                self.error(
                    "sex",
                    _("%(value)s không phải giới tính hợp lệ. Nhập “Nam” hoặc “Nữ”.")
                    % {"value": quote(text)},
                )
            else:
                out["sex"] = sex
        marks = []
        for field_name, sex in (("male_mark", Sex.MALE), ("female_mark", Sex.FEMALE)):
            value = self.raw.get(field_name)
            if is_blank(value):
                continue
            text = cell_text(value)
            if match_key(text) in MARKS or text.strip() in MARKS:
                self.result.cells[field_name] = text
                marks.append(sex)
                continue
            birth_date, birth_year = self.date_or_year(field_name)
            if birth_date or birth_year:
                marks.append(sex)
                if out["birth_date"] is None and out["birth_year"] is None:
                    out["birth_date"], out["birth_year"] = birth_date, birth_year
        if len(marks) > 1:
            self.error(
                "female_mark",
                _("cá nhân được đánh dấu cả ở cột Nam và cột Nữ. Chỉ đánh dấu một cột."),
            )
        elif marks:
            if out["sex"] and out["sex"] != marks[0]:
                self.error("sex", _("giới tính không khớp với cột Nam/Nữ đã đánh dấu."))
            out["sex"] = marks[0]
        return out


# --- the validator --------------------------------------------------------------------------


class Validator:
    def __init__(
        self,
        ctx: Context,
        layout: Layout,
        rows: list[list],
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.ctx, self.layout, self.rows = ctx, layout, rows
        self.progress = progress or (lambda pct: None)
        self.preview = Preview(layout=layout, rows=[], catalogue=ctx.catalogue)
        self.kind = ctx.kind
        self.seen: dict[tuple, int] = {}

    # pass 1 ---------------------------------------------------------------------------------

    def _data_rows(self) -> Iterable[tuple[int, dict[str, Any]]]:
        fields = self.layout.fields
        skipped = 0
        for index in range(self.layout.data_row, len(self.rows)):
            row = self.rows[index]
            raw = {f: (row[i] if i < len(row) else None) for i, f in fields.items()}
            filled = {f for f, v in raw.items() if not is_blank(v)}
            if not filled - {"stt"}:
                continue
            name = header_key(raw.get("full_name"))
            if name and name.startswith(FOOTER_PREFIXES):
                skipped += 1
                continue
            if not filled & {"full_name", "citizen_id"} and len(filled - {"stt", "unit"}) < 2:
                skipped += 1  # a section heading ("I. Khối trường học") or a footer line
                continue
            yield index + 1, raw
        if skipped:
            self.preview.notes.append(
                _("Đã bỏ qua %(n)s dòng không phải dữ liệu (tiêu đề nhóm, chữ ký, tổng cộng).")
                % {"n": skipped}
            )

    def read(self) -> list[tuple[RowReader, dict]]:
        readers = []
        for row_number, raw in self._data_rows():
            result = RowResult(row_number=row_number)
            reader = RowReader(result, self.layout, raw)
            values: dict[str, Any] = {}
            for name in TEXT_FIELDS:
                if name in raw:
                    values[name] = reader.text(name)
            if "full_name" in values:
                values["full_name"] = clean_name(values["full_name"])
            values["citizen_id"] = reader.citizen_id() if "citizen_id" in raw else None
            values.update(reader.sex_and_birth())
            if "phone" in raw and not is_blank(raw["phone"]):
                phone = cell_text(raw["phone"])
                if is_numeric_cell(raw["phone"]) and len(phone) == 9:
                    phone = "0" + phone
                values["phone"] = phone
                result.cells["phone"] = phone
            readers.append((reader, values))
        return readers

    # matching -------------------------------------------------------------------------------

    def resolve_unit(self, reader: RowReader, values: dict):
        text = values.get("unit", "")
        if not text:
            return self.ctx.default_unit
        found = self.ctx.find_unit(text)
        if len(found) == 1:
            return found[0]
        if not found:
            reader.error(
                "unit",
                _(
                    "không tìm thấy đơn vị %(value)s trong phạm vi bạn được nhập liệu. Ghi đúng "
                    "tên "
                    "hoặc mã đơn vị như trong danh mục đơn vị, hoặc để trống để dùng đơn vị "
                    "%(default)s."
                )
                % {"value": quote(text), "default": quote(self.ctx.default_unit.name)},
            )
        else:
            reader.error(
                "unit",
                _("có %(n)s đơn vị cùng tên %(value)s (%(codes)s). Ghi mã đơn vị thay cho tên.")
                % {
                    "n": len(found),
                    "value": quote(text),
                    "codes": ", ".join(u.code for u in found),
                },
            )
        return None

    def _load_people(self, readers: list[tuple[RowReader, dict]]) -> None:
        """Everyone the file may name: people of the writer scope with one of the names, then
        the owners of the remaining citizen IDs (anywhere: an ID is unique nationwide)."""
        names = sorted({search_key(v["full_name"]) for _r, v in readers if v.get("full_name")})
        self.by_cid: dict[str, Person] = {}
        self.scope_ids: set[int] = set()
        self.by_name: dict[str, list[Person]] = defaultdict(list)
        scoped = people_for(self.ctx.user, write=True).select_related("unit").only(*PERSON_ONLY)
        for start in range(0, len(names), CHUNK):
            qs = scoped.filter(search_key__in=names[start : start + CHUNK]).order_by("pk")
            for person in qs:
                self.by_name[person.search_key].append(person)
                self.scope_ids.add(person.pk)
                if person.citizen_id:
                    self.by_cid[person.citizen_id] = person
        cids = sorted(
            {v["citizen_id"] for _r, v in readers if v.get("citizen_id")} - set(self.by_cid)
        )
        everyone = Person.objects.select_related("unit").only(*PERSON_ONLY)
        for start in range(0, len(cids), CHUNK):
            chunk = cids[start : start + CHUNK]
            for person in everyone.filter(citizen_id__in=chunk):
                self.by_cid[person.citizen_id] = person
            self.scope_ids.update(scoped.filter(citizen_id__in=chunk).values_list("pk", flat=True))

    @staticmethod
    def _describe(person: Person) -> str:
        born = (
            person.birth_date.strftime("%d/%m/%Y")
            if person.birth_date
            else str(person.birth_year or "?")
        )
        return _("%(name)s (sinh %(born)s, %(unit)s, mã %(id)s)") % {
            "name": person.full_name,
            "born": born,
            "unit": person.unit.name,
            "id": person.pk,
        }

    def _candidates(self, values: dict, unit) -> list[Person]:
        people = self.by_name.get(search_key(values["full_name"]), [])
        birth_date, birth_year = values.get("birth_date"), values.get("birth_year")
        if birth_date:
            people = [
                p
                for p in people
                if p.birth_date in (None, birth_date) and p.birth_year in (None, birth_date.year)
            ]
        elif birth_year:
            people = [p for p in people if p.birth_year in (None, birth_year)]
        if values.get("citizen_id"):
            people = [p for p in people if not p.citizen_id]
        if unit is not None and len(people) > 1:
            inside = [p for p in people if p.unit.path.startswith(unit.path)]
            people = inside or people
        return people

    def resolve_person(self, reader: RowReader, values: dict, unit):
        """(person, new_person_key): an existing person, or the key of one to create."""
        cid = values.get("citizen_id")
        name = values.get("full_name", "")
        if cid and cid in self.by_cid:
            person = self.by_cid[cid]
            if person.pk not in self.scope_ids:
                reader.error(
                    "citizen_id",
                    _(
                        "số định danh %(cid)s thuộc một cá nhân ngoài phạm vi đơn vị bạn được nhập "
                        "liệu. Kiểm tra lại số định danh, hoặc đề nghị đơn vị quản lý người này "
                        "nhập."
                    )
                    % {"cid": cid},
                )
                return None, None
            if name and search_key(name) != person.search_key:
                reader.warn(
                    "full_name",
                    _(
                        "họ tên %(file)s khác với họ tên trong sổ %(registry)s (cùng số định danh "
                        "%(cid)s). Dòng này được ghi cho %(registry)s."
                    )
                    % {"file": quote(name), "registry": quote(person.full_name), "cid": cid},
                )
            reader.result.resolved["person"] = self._describe(person)
            return person, None
        if not name:
            reader.error(
                "full_name", _("thiếu họ và tên. Nhập họ và tên đầy đủ, ví dụ Nguyễn Văn An.")
            )
            return None, None
        candidates = self._candidates(values, unit)
        if len(candidates) == 1:
            person = candidates[0]
            reader.result.resolved["person"] = self._describe(person)
            return person, None
        if len(candidates) > 1:
            reader.error(
                "full_name",
                _(
                    "có %(n)s cá nhân trùng họ tên %(name)s: %(list)s. Nhập thêm ngày sinh hoặc số "
                    "định danh (CCCD) để phân biệt."
                )
                % {
                    "n": len(candidates),
                    "name": quote(name),
                    "list": "; ".join(self._describe(p) for p in candidates[:5]),
                },
            )
            return None, None
        if unit is None:
            return None, None
        born = (
            values["birth_date"].strftime("%d/%m/%Y")
            if values.get("birth_date")
            else str(values.get("birth_year") or "")
        )
        if not self.ctx.create_missing:
            reader.error(
                "full_name",
                _(
                    "không tìm thấy cá nhân %(name)s%(born)s trong phạm vi %(unit)s. Kiểm tra lại "
                    "họ "
                    "tên, ngày sinh, số định danh; hoặc tải lại tệp và chọn “Tạo mới cá nhân chưa "
                    "có”."
                )
                % {
                    "name": quote(name),
                    "born": f" (sinh {born})" if born else "",
                    "unit": quote(unit.name),
                },
            )
            return None, None
        key = self._new_person(reader, values, unit)
        if key is None:
            return None, None
        reader.warn(
            "full_name",
            _("chưa có %(name)s%(born)s trong sổ: sẽ tạo mới cá nhân tại %(unit)s.")
            % {
                "name": quote(name),
                "born": f" (sinh {born})" if born else "",
                "unit": quote(unit.name),
            },
        )
        reader.result.resolved["person"] = _("Tạo mới: %(name)s") % {"name": name}
        return None, key

    def person_fields(self, values: dict) -> dict:
        fields = {
            "full_name": values.get("full_name", ""),
            "birth_date": values.get("birth_date"),
            "birth_year": values.get("birth_year"),
            "sex": values.get("sex", ""),
            "ethnicity": values.get("ethnicity") or "Kinh",
            "citizen_id": values.get("citizen_id"),
            "position": values.get("position", ""),
        }
        if self.kind == ImportKind.PEOPLE:
            fields["phone"] = values.get("phone", "")
            fields["note"] = values.get("note", "")
        return fields

    def _check_person(self, reader: RowReader, fields: dict, unit) -> bool:
        try:
            # The checks of prepare_person without deriving the sort keys (the write does it);
            # uniqueness is checked set-based (one query per file, not per row).
            person = Person(unit=unit, **{**fields, "full_name": clean_name(fields["full_name"])})
            if not person.full_name:
                raise ValidationError({"full_name": _("Họ và tên không được để trống.")})
            person.clean_fields(exclude=["unit", "search_key", "sort_key", "family_sort_key"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                target = name if name in self.layout.fields.values() else None
                for message in messages:
                    reader.error(target, message)
            return False
        today = self.ctx.today
        if fields.get("birth_date") and fields["birth_date"] > today:
            reader.error("birth_date", _("ngày sinh sau ngày hôm nay. Kiểm tra lại năm sinh."))
            return False
        year = fields.get("birth_year") or (
            fields["birth_date"].year if fields.get("birth_date") else None
        )
        if year and not (today.year - 100 <= year <= today.year - 14):
            target = "birth_year" if "birth_year" in reader.result.cells else "birth_date"
            reader.error(
                target,
                _(
                    "năm sinh %(year)s không hợp lý cho người đang công tác (phải từ %(low)s đến "
                    "%(high)s). Kiểm tra lại."
                )
                % {"year": year, "low": today.year - 100, "high": today.year - 14},
            )
            return False
        return True

    def _new_person(self, reader: RowReader, values: dict, unit) -> tuple | None:
        fields = self.person_fields(values)
        key = (
            unit.pk,
            search_key(fields["full_name"]),
            fields["birth_date"],
            fields["birth_year"],
            fields["citizen_id"],
        )
        if key in self.preview.new_people:
            return key
        if not self._check_person(reader, fields, unit):
            return None
        self.preview.new_people[key] = {"unit": unit, "fields": fields}
        return key

    # kinds ----------------------------------------------------------------------------------

    def validate(self) -> Preview:
        readers = self.read()
        self.progress(10)
        self._load_people(readers)
        self.progress(20)
        handler = {
            ImportKind.PEOPLE: self._people_row,
            ImportKind.RATINGS: self._rating_row,
            ImportKind.AWARDS: self._award_row,
        }[self.kind]
        total = max(len(readers), 1)
        for i, (reader, values) in enumerate(readers):
            handler(reader, values)
            if i % 1000 == 999:
                self.progress(20 + int(60 * i / total))
        self.progress(80)
        if self.kind == ImportKind.RATINGS:
            self._rating_duplicates(readers)
        elif self.kind == ImportKind.AWARDS:
            self._award_duplicates(readers)
            self._decisions(readers)
        self.preview.rows = [r.result for r, _v in readers]
        self.progress(90)
        return self.preview

    def _people_row(self, reader: RowReader, values: dict) -> None:
        unit = self.resolve_unit(reader, values)
        if not values.get("full_name"):
            reader.error(
                "full_name", _("thiếu họ và tên. Nhập họ và tên đầy đủ, ví dụ Nguyễn Văn An.")
            )
            return
        if unit is None:
            return
        reader.result.resolved["unit"] = unit.name
        fields = self.person_fields(values)
        if not self._check_person(reader, fields, unit):
            return
        cid = fields["citizen_id"]
        if cid and cid in self.by_cid:
            other = self.by_cid[cid]
            where = (
                self._describe(other)
                if other.pk in self.scope_ids
                else _("một cá nhân thuộc đơn vị khác")
            )
            reader.duplicate(
                "citizen_id",
                _("số định danh %(cid)s đã có trong sổ: %(who)s. Dòng này sẽ không được ghi.")
                % {"cid": cid, "who": where},
            )
            return
        same = [
            p
            for p in self.by_name.get(search_key(fields["full_name"]), [])
            if p.unit.path.startswith(unit.path)
        ]
        if fields["birth_date"]:
            exact = [p for p in same if p.birth_date == fields["birth_date"]]
            if exact:
                reader.duplicate(
                    "full_name",
                    _(
                        "đã có %(who)s trong sổ, cùng họ tên và ngày sinh. Dòng này sẽ không được "
                        "ghi."
                    )
                    % {"who": self._describe(exact[0])},
                )
                return
        year = fields["birth_year"] or (fields["birth_date"].year if fields["birth_date"] else None)
        maybe = [p for p in same if year and p.birth_year == year]
        if maybe:
            reader.warn(
                "full_name",
                _(
                    "trong sổ đã có %(who)s cùng họ tên và năm sinh. Vẫn tạo mới; nếu là cùng một "
                    "người, hãy xóa dòng này khỏi tệp."
                )
                % {"who": self._describe(maybe[0])},
            )
        values["_key"] = (
            "person",
            cid
            or (
                unit.pk,
                search_key(fields["full_name"]),
                fields["birth_date"],
                fields["birth_year"],
            ),
        )
        reader.result.values.update(unit=unit, fields=fields)
        self._within_file(reader, values["_key"], _("cùng cá nhân"))

    def _year(self, reader: RowReader, values: dict, low: int) -> tuple[int | None, int | None]:
        if "year" in reader.raw and not is_blank(reader.raw["year"]):
            year_from, year_to = reader.year("year")
        elif self.ctx.default_year:
            year_from = year_to = self.ctx.default_year
            reader.result.cells["year"] = str(year_to)
        else:
            reader.error(
                "year" if "year" in self.layout.fields.values() else None,
                _("thiếu năm. Nhập năm vào cột “Năm”, hoặc chọn năm chung khi tải tệp lên."),
            )
            return None, None
        if year_to is None:
            return None, None
        this_year = self.ctx.today.year
        if not (low <= year_from <= year_to <= this_year):
            reader.error(
                "year",
                _("năm %(value)s không hợp lệ: phải trong khoảng %(low)s–%(high)s.")
                % {
                    "value": reader.result.cells.get("year", year_to),
                    "low": low,
                    "high": this_year,
                },
            )
            return None, None
        values["year_from"], values["year_to"] = year_from, year_to
        return year_from, year_to

    def _subject(self, reader: RowReader, values: dict):
        unit = self.resolve_unit(reader, values)
        if unit is None and values.get("unit"):
            return None, None, None
        if reader.result.status == RowStatus.ERROR:
            return None, None, None  # a bad birth date or ID: fix it first, then match
        person, new_key = self.resolve_person(reader, values, unit)
        if person is None and new_key is None:
            return None, None, None
        unit_at_time = unit if values.get("unit") else (person.unit if person else unit)
        reader.result.resolved["unit"] = unit_at_time.name
        subject_key = ("p", person.pk) if person else ("new", new_key)
        return person, new_key, (unit_at_time, subject_key)

    def _rating_row(self, reader: RowReader, values: dict) -> None:
        person, new_key, extra = self._subject(reader, values)
        rating_text = values.get("rating", "")
        rating = self.ctx.catalogue.rating(rating_text) if rating_text else None
        if not rating_text:
            reader.error(
                "rating",
                _(
                    "thiếu mức xếp loại. Nhập một trong: Hoàn thành xuất sắc nhiệm vụ (HTXSNV), "
                    "Hoàn thành tốt nhiệm vụ (HTTNV), Hoàn thành nhiệm vụ (HTNV), Không hoàn thành "
                    "nhiệm vụ (KHTNV)."
                ),
            )
        elif rating is None:
            reader.error(
                "rating",
                _(
                    "%(value)s không có trong danh mục xếp loại. Nhập một trong: Hoàn thành xuất "
                    "sắc "
                    "nhiệm vụ (HTXSNV), Hoàn thành tốt nhiệm vụ (HTTNV), Hoàn thành nhiệm vụ "
                    "(HTNV), "
                    "Không hoàn thành nhiệm vụ (KHTNV)."
                )
                % {"value": quote(rating_text)},
            )
        else:
            reader.result.resolved["rating"] = self.ctx.catalogue.ratings[rating].name
        _year_from, year = self._year(reader, values, 1990)
        if extra is None or rating is None or year is None:
            return
        unit_at_time, subject_key = extra
        reader.result.values.update(
            person=person,
            new_person=new_key,
            unit=unit_at_time,
            rating_id=rating,
            year=year,
            decision_ref=values.get("decision_number", ""),
            note=values.get("note", ""),
        )
        values["_key"] = (subject_key, year)
        self._within_file(reader, values["_key"], _("cùng cá nhân và năm xếp loại"))

    def _award_row(self, reader: RowReader, values: dict) -> None:
        person, new_key, extra = self._subject(reader, values)
        honour_text = values.get("honour", "")
        catalogue = self.ctx.catalogue
        code = catalogue.honour(honour_text) if honour_text else None
        if not honour_text:
            reader.error(
                "honour",
                _(
                    "thiếu danh hiệu, hình thức khen thưởng. Nhập mã (ví dụ LDTT, CSTDCS, BK_TINH, "
                    "GK) hoặc tên (ví dụ Lao động tiên tiến)."
                ),
            )
        elif code is None:
            hint = catalogue.suggest_honour(honour_text)
            reader.error(
                "honour",
                _(
                    "%(value)s không có trong danh mục danh hiệu, hình thức khen thưởng. Nhập mã "
                    "(ví dụ LDTT, CSTDCS, BK_TINH, GK) hoặc tên đầy đủ (ví dụ Lao động tiên "
                    "tiến)%(hint)s."
                )
                % {
                    "value": quote(honour_text),
                    "hint": _("; có phải là %(name)s?") % {"name": quote(hint)} if hint else "",
                },
            )
        else:
            honour = catalogue.honours[code]
            reader.result.resolved["honour"] = f"{honour.name} ({code})"
            if "individual" not in honour.subject_kinds:
                reader.error(
                    "honour",
                    _(
                        "%(name)s không áp dụng cho cá nhân. Khen tập thể, hộ gia đình nhập ở chức "
                        "năng khác."
                    )
                    % {"name": honour.name},
                )
                code = None
        year_from, year = self._year(reader, values, 1945)
        if extra is None or code is None or year is None:
            return
        unit_at_time, subject_key = extra
        reader.result.values.update(
            person=person,
            new_person=new_key,
            unit=unit_at_time,
            honour_id=code,
            year_from=year_from,
            year=year,
            achievement=values.get("achievement", ""),
        )
        values["_key"] = (subject_key, code, year_from, year)
        self._within_file(reader, values["_key"], _("cùng cá nhân, danh hiệu và năm"))

    # duplicates -----------------------------------------------------------------------------

    def _within_file(self, reader: RowReader, key: tuple, what: str) -> None:
        first = self.seen.get(key)
        if first is None:
            self.seen[key] = reader.result.row_number
            return
        reader.duplicate(
            None,
            _(
                "trùng với dòng %(first)s (%(what)s). Dòng này sẽ không được ghi; xóa một trong "
                "hai dòng nếu là nhập nhầm."
            )
            % {"first": first, "what": what},
        )

    def _existing_person_ids(self, readers) -> list[int]:
        return sorted(
            {
                r.result.values["person"].pk
                for r, _v in readers
                if r.result.values.get("person") is not None
            }
        )

    def _rating_duplicates(self, readers) -> None:
        ids = self._existing_person_ids(readers)
        existing: dict[tuple[int, int], str] = {}
        for start in range(0, len(ids), CHUNK):
            qs = YearlyRating.objects.filter(
                person_id__in=ids[start : start + CHUNK], status=RecordStatus.VALID
            ).values_list("person_id", "year", "rating__name")
            for person_id, year, name in qs:
                existing[(person_id, year)] = name
        for reader, _values in readers:
            v = reader.result.values
            if v.get("person") is None or reader.result.status == RowStatus.DUPLICATE:
                continue
            name = existing.get((v["person"].pk, v["year"]))
            if name:
                reader.duplicate(
                    "year",
                    _(
                        "%(person)s đã được xếp loại năm %(year)s (%(rating)s) trong sổ. Dòng này "
                        "sẽ không được ghi; muốn sửa xếp loại, dùng chức năng “thay thế” ở hồ sơ "
                        "cá "
                        "nhân."
                    )
                    % {"person": v["person"].full_name, "year": v["year"], "rating": name},
                )

    def _award_duplicates(self, readers) -> None:
        from tdkt.registry.services import duplicate_award_message, find_duplicate_award

        ids = self._existing_person_ids(readers)
        existing: set[tuple] = set()
        for start in range(0, len(ids), CHUNK):
            qs = AwardRecord.objects.filter(
                person_id__in=ids[start : start + CHUNK], status=RecordStatus.VALID
            ).values_list("person_id", "honour_id", "year_from", "year_to")
            existing.update(qs)
        for reader, _values in readers:
            v = reader.result.values
            if v.get("person") is None or reader.result.status == RowStatus.DUPLICATE:
                continue
            if (v["person"].pk, v["honour_id"], v["year_from"], v["year"]) not in existing:
                continue
            record = AwardRecord(
                subject_kind="individual",
                person=v["person"],
                honour_id=v["honour_id"],
                year_from=v["year_from"],
                year_to=v["year"],
            )
            found = find_duplicate_award(record)
            if found is not None:
                reader.duplicate("honour", duplicate_award_message(record, found))

    def _decisions(self, readers) -> None:
        """Decisions named by Số QĐ + Ngày QĐ (+ cơ quan): reuse an identical one, or create."""
        wanted = []
        for reader, values in readers:
            number = values.get("decision_number", "")
            has_date = not is_blank(reader.raw.get("decision_date"))
            issuer = values.get("issuer", "")
            if not number and not has_date:
                if issuer:
                    reader.warn(
                        "issuer",
                        _(
                            "có cơ quan ban hành nhưng thiếu số và ngày quyết định: khen thưởng "
                            "được "
                            "ghi chưa kèm quyết định."
                        ),
                    )
                continue
            signed_on = reader.date("decision_date") if has_date else None
            if not number:
                reader.error(
                    "decision_number",
                    _("có ngày quyết định nhưng thiếu số quyết định. Nhập số, ví dụ 125/QĐ-UBND."),
                )
                continue
            if not has_date:
                reader.error(
                    "decision_date",
                    _(
                        "có số quyết định %(number)s nhưng thiếu ngày quyết định. Nhập theo dạng "
                        "dd/mm/yyyy, ví dụ 20/01/2025."
                    )
                    % {"number": quote(number)},
                )
                continue
            if signed_on is None:
                continue
            if signed_on > self.ctx.today:
                reader.error(
                    "decision_date",
                    _("ngày quyết định %(date)s sau ngày hôm nay. Kiểm tra lại.")
                    % {"date": signed_on.strftime("%d/%m/%Y")},
                )
                continue
            year_from = reader.result.values.get("year_from")
            if year_from and signed_on.year < year_from:
                reader.error(
                    "decision_date",
                    _(
                        "quyết định ký ngày %(date)s, trước năm thành tích %(year)s. Kiểm tra lại "
                        "năm "
                        "thành tích hoặc số, ngày quyết định."
                    )
                    % {"date": signed_on.strftime("%d/%m/%Y"), "year": year_from},
                )
                continue
            wanted.append((reader, number, signed_on, issuer))
        if not wanted:
            return
        numbers = sorted({w[1] for w in wanted})
        found: dict[tuple, list[Decision]] = defaultdict(list)
        for start in range(0, len(numbers), CHUNK):
            for decision in Decision.objects.filter(number__in=numbers[start : start + CHUNK]):
                found[(decision.number, decision.signed_on)].append(decision)
        catalogue = self.ctx.catalogue
        for reader, number, signed_on, issuer in wanted:
            same = found.get((number, signed_on), [])
            label = _("Quyết định số %(number)s ngày %(date)s") % {
                "number": number,
                "date": signed_on.strftime("%d/%m/%Y"),
            }
            if issuer:
                exact = [d for d in same if search_key(d.issuer_name) == search_key(issuer)]
                if exact:
                    self._use_decision(reader, exact[0], label)
                    continue
                key = (search_key(issuer), number, signed_on)
                entry = self.preview.new_decisions.setdefault(
                    key,
                    {
                        "number": number,
                        "signed_on": signed_on,
                        "issuer_name": issuer,
                        "level": "co_so",
                        "rows": [],
                    },
                )
                honour = catalogue.honours.get(reader.result.values.get("honour_id", ""))
                if honour is not None and honour.level:
                    entry["level"] = max(entry["level"], honour.level, key=_level_rank)
                entry["rows"].append(reader.result.row_number)
                reader.result.values["decision_key"] = key
                reader.result.resolved["decision"] = _("%(label)s của %(issuer)s (tạo mới)") % {
                    "label": label,
                    "issuer": issuer,
                }
                continue
            if len(same) == 1:
                self._use_decision(reader, same[0], label)
            elif not same:
                reader.error(
                    "issuer",
                    _(
                        "%(label)s chưa có trong sổ. Nhập “Cơ quan ban hành” (ví dụ Ủy ban nhân "
                        "dân "
                        "tỉnh) để tạo quyết định mới."
                    )
                    % {"label": label},
                )
            else:
                reader.error(
                    "issuer",
                    _(
                        "có %(n)s quyết định số %(number)s ngày %(date)s của các cơ quan khác "
                        "nhau. "
                        "Nhập “Cơ quan ban hành” để chọn đúng quyết định."
                    )
                    % {"n": len(same), "number": number, "date": signed_on.strftime("%d/%m/%Y")},
                )

    @staticmethod
    def _use_decision(reader: RowReader, decision: Decision, label: str) -> None:
        reader.result.values["decision"] = decision
        reader.result.resolved["decision"] = _("%(label)s của %(issuer)s (đã có trong sổ)") % {
            "label": label,
            "issuer": decision.issuer_name,
        }


def _level_rank(level: str) -> int:
    return {"co_so": 0, "tinh": 1, "nha_nuoc": 2}.get(level, 0)


def validate_rows(
    ctx: Context, layout: Layout, rows: list[list], progress: Callable[[int], None] | None = None
) -> Preview:
    if ctx.kind == ImportKind.NOMINEES:
        from tdkt.imports.nominees import NomineeValidator

        return NomineeValidator(ctx, layout, rows, progress).validate()
    return Validator(ctx, layout, rows, progress).validate()
