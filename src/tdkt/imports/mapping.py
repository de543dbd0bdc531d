"""Finding the header row and mapping columns to fields.

Units send lists with a title block ("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025") above the
header, headers worded in many ways, sometimes on two rows ("Ngày sinh" over "Nam | Nữ"),
sometimes followed by a row numbering the columns "(1) (2) (3)". Headers are compared by a
diacritic-insensitive key; the detected mapping is shown to the user, who may correct it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from tdkt.common.text import search_key
from tdkt.imports.models import ImportKind
from tdkt.imports.parsing import cell_text, is_blank

IGNORE = ""

#: field → label shown to the user (select options, messages).
FIELD_LABELS = {
    "stt": _("STT"),
    "full_name": _("Họ và tên"),
    "collective": _("Tên tập thể"),
    "birth_date": _("Ngày sinh"),
    "birth_year": _("Năm sinh"),
    "sex": _("Giới tính"),
    "male_mark": _("Nam (đánh dấu hoặc ngày sinh)"),
    "female_mark": _("Nữ (đánh dấu hoặc ngày sinh)"),
    "citizen_id": _("Số định danh (CCCD)"),
    "ethnicity": _("Dân tộc"),
    "position": _("Chức vụ"),
    "unit": _("Đơn vị"),
    "phone": _("Điện thoại"),
    "year": _("Năm"),
    "rating": _("Xếp loại"),
    "honour": _("Danh hiệu/Hình thức"),
    "decision_number": _("Số quyết định"),
    "decision_date": _("Ngày quyết định"),
    "issuer": _("Cơ quan ban hành"),
    "achievement": _("Thành tích"),
    "note": _("Ghi chú"),
}

_PERSON = [
    "stt",
    "full_name",
    "birth_date",
    "birth_year",
    "sex",
    "male_mark",
    "female_mark",
    "citizen_id",
    "ethnicity",
    "position",
    "unit",
]
KIND_FIELDS = {
    ImportKind.PEOPLE: [*_PERSON, "phone", "note"],
    ImportKind.RATINGS: [*_PERSON, "year", "rating", "decision_number", "note"],
    ImportKind.AWARDS: [
        *_PERSON,
        "honour",
        "year",
        "decision_number",
        "decision_date",
        "issuer",
        "achievement",
        "note",
    ],
    ImportKind.NOMINEES: [
        "stt",
        "full_name",
        "collective",
        "birth_date",
        "birth_year",
        "sex",
        "male_mark",
        "female_mark",
        "citizen_id",
        "ethnicity",
        "position",
        "unit",
        "honour",
        "year",
        "achievement",
        "note",
    ],
}
#: At least one of each group must be mapped.
KIND_REQUIRED = {
    ImportKind.PEOPLE: [("full_name",)],
    ImportKind.RATINGS: [("full_name", "citizen_id"), ("rating",)],
    ImportKind.AWARDS: [("full_name", "citizen_id"), ("honour",)],
    ImportKind.NOMINEES: [("full_name", "citizen_id", "collective"), ("honour",)],
}

SYNONYMS: dict[str, tuple[str, ...]] = {
    "stt": ("STT", "TT", "Số TT", "Số thứ tự"),
    "full_name": (
        "Họ và tên",
        "Họ tên",
        "Họ và tên cá nhân",
        "Họ tên cá nhân",
        "Họ và tên người được khen",
        "Họ và tên người được đề nghị",
        "Tên cá nhân",
        "Cá nhân, tập thể",
        "Cá nhân, tập thể được đề nghị",
        "Tên cá nhân, tập thể",
        "Họ và tên, tên tập thể",
    ),
    "collective": (
        "Tên tập thể",
        "Tập thể",
        "Tên tập thể được đề nghị",
        "Tập thể được đề nghị",
        "Tên tập thể, đơn vị",
    ),
    "birth_date": ("Ngày sinh", "Ngày, tháng, năm sinh", "Ngày tháng năm sinh", "Sinh ngày"),
    "birth_year": ("Năm sinh",),
    "sex": ("Giới tính", "Nam/Nữ", "Giới"),
    "female_mark": ("Nữ",),
    "citizen_id": (
        "CCCD",
        "Số CCCD",
        "Số định danh",
        "Số định danh cá nhân",
        "Căn cước công dân",
        "Số căn cước",
        "Số căn cước công dân",
        "CMND",
        "Số CMND",
        "CMND/CCCD",
        "CCCD/CMND",
        "Số CMND/CCCD",
        "Số CCCD/CMND",
        "Mã định danh",
    ),
    "ethnicity": ("Dân tộc",),
    "position": ("Chức vụ", "Chức danh", "Chức vụ, chức danh", "Chức vụ/Chức danh"),
    "unit": (
        "Đơn vị",
        "Đơn vị công tác",
        "Cơ quan, đơn vị",
        "Cơ quan đơn vị",
        "Nơi công tác",
        "Cơ quan công tác",
        "Tên đơn vị",
    ),
    "phone": ("Điện thoại", "Số điện thoại", "SĐT", "ĐT"),
    "year": (
        "Năm thành tích",
        "Năm xếp loại",
        "Năm đánh giá",
        "Năm khen thưởng",
        "Năm đạt",
        "Năm đạt thành tích",
    ),
    "rating": (
        "Xếp loại",
        "Mức độ hoàn thành",
        "Mức độ hoàn thành nhiệm vụ",
        "Xếp loại mức độ hoàn thành nhiệm vụ",
        "Kết quả xếp loại",
        "Đánh giá, xếp loại",
        "Kết quả đánh giá",
        "Xếp loại chất lượng",
    ),
    "honour": (
        "Danh hiệu",
        "Hình thức",
        "Danh hiệu/Hình thức",
        "Hình thức khen thưởng",
        "Danh hiệu thi đua",
        "Hình thức/Danh hiệu",
        "Danh hiệu, hình thức",
        "Hình thức, danh hiệu",
        "Danh hiệu thi đua, hình thức khen thưởng",
        "Mã danh hiệu",
        "Danh hiệu đề nghị",
        "Hình thức đề nghị",
        "Danh hiệu, hình thức đề nghị",
        "Danh hiệu/Hình thức đề nghị",
        "Hình thức khen thưởng đề nghị",
        "Hình thức đề nghị khen thưởng",
        "Danh hiệu đề nghị khen thưởng",
        "Danh hiệu thi đua đề nghị",
    ),
    "decision_number": (
        "Số quyết định",
        "Số QĐ",
        "Quyết định số",
        "Số hiệu quyết định",
        "Số, ký hiệu quyết định",
    ),
    "decision_date": (
        "Ngày quyết định",
        "Ngày QĐ",
        "Ngày ký",
        "Ngày ký quyết định",
        "Ngày ban hành",
        "Ngày ký QĐ",
    ),
    "issuer": (
        "Cơ quan ban hành",
        "Cơ quan quyết định",
        "Cơ quan khen thưởng",
        "Cơ quan ra quyết định",
        "Cấp quyết định",
        "Nơi ban hành",
    ),
    "achievement": (
        "Thành tích",
        "Tóm tắt thành tích",
        "Nội dung thành tích",
        "Thành tích chủ yếu",
        "Tóm tắt thành tích chủ yếu",
    ),
    "note": ("Ghi chú",),
}

_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def header_key(value) -> str:
    """ "Ngày, tháng, năm sinh (dd/mm/yyyy)*" → "ngay thang nam sinh"."""
    text = _PARENS.sub(" ", cell_text(value))
    return " ".join(_NON_WORD.sub(" ", search_key(text)).split())


def _plain_lower(value) -> str:
    text = unicodedata.normalize("NFC", _PARENS.sub(" ", cell_text(value))).lower()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


_KEY_TO_FIELD: dict[str, str] = {}
for _field, _words in SYNONYMS.items():
    for _word in _words:
        _KEY_TO_FIELD.setdefault(header_key(_word), _field)
#: Column groups whose sub-columns "Nam | Nữ" hold the birth date or a mark.
_SEX_PARENTS = {"ngay sinh", "nam sinh", "ngay thang nam sinh", "gioi tinh", "sinh ngay", ""}
_NUMBERING = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")
#: First-column texts of footer lines ("Người lập biểu", "Tổng cộng: 25 người").
FOOTER_PREFIXES = (
    "nguoi lap",
    "thu truong",
    "tong cong",
    "tong so",
    "xac nhan",
    "lanh dao",
    "ky ten",
    "ky ghi ro",
    "ngay thang nam",
    "truong phong",
    "chu tich",
    "giam doc",
)


def field_for_header(value, *, neighbours: frozenset[str] = frozenset()) -> str | None:
    """The field a header cell names, or None. `neighbours` are the keys of the other headers."""
    key = header_key(value)
    if not key:
        return None
    if key == "nam":  # "Năm" (year) and "Nam" (male) only differ by the breve
        if _plain_lower(value) != "năm" and "nu" in neighbours:
            return "male_mark"
        return "year"
    if key == "nu":
        return "female_mark"
    found = _KEY_TO_FIELD.get(key)
    if found:
        return found
    # "Họ và tên cán bộ, công chức", "Đơn vị công tác hiện nay": accept a multi-word prefix.
    words = key.split()
    for size in range(len(words) - 1, 1, -1):
        found = _KEY_TO_FIELD.get(" ".join(words[:size]))
        if found and found not in {"stt", "female_mark"}:
            return found
    return None


@dataclass
class Column:
    index: int
    label: str
    field: str = IGNORE

    def as_dict(self) -> dict:
        return {"index": self.index, "label": self.label, "field": self.field}


@dataclass
class Layout:
    """Where the table is in the sheet and what each column holds."""

    sheet: str
    header_row: int  # 0-based index of the (first) header row
    data_row: int  # 0-based index of the first data row
    columns: list[Column] = field(default_factory=list)
    score: int = 0

    @property
    def fields(self) -> dict[int, str]:
        return {c.index: c.field for c in self.columns if c.field}

    def label(self, field_name: str) -> str:
        for column in self.columns:
            if column.field == field_name:
                return column.label
        return str(FIELD_LABELS.get(field_name, field_name))

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "header_row": self.header_row,
            "data_row": self.data_row,
            "columns": [c.as_dict() for c in self.columns],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Layout:
        return cls(
            sheet=data["sheet"],
            header_row=data["header_row"],
            data_row=data["data_row"],
            columns=[Column(c["index"], c["label"], c.get("field", "")) for c in data["columns"]],
        )


def _row_score(row: list) -> int:
    keys = frozenset(header_key(v) for v in row if not is_blank(v))
    found = {field_for_header(v, neighbours=keys) for v in row if not is_blank(v)}
    found.discard(None)
    return len(found)


def _is_numbering_row(row: list) -> bool:
    values = [cell_text(v) for v in row if not is_blank(v)]
    if len(values) < 3 or not all(_NUMBERING.match(v) for v in values):
        return False
    numbers = [int(re.sub(r"\D", "", v)) for v in values]
    return numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def _is_group_row(above: list, header: list) -> bool:
    """True when `above` is the upper row of a two-row header whose lower row is `header`: at
    least two labels, one of them a known header standing over a blank cell (merged down)."""
    labels = [(i, v) for i, v in enumerate(above) if not is_blank(v)]
    if len(labels) < 2:
        return False
    return any(
        (i >= len(header) or is_blank(header[i])) and field_for_header(v) is not None
        for i, v in labels
    )


def detect_layout(rows: list[list], sheet: str, kind: str, *, scan: int = 30) -> Layout | None:
    """Pick the header row by scoring the first `scan` rows against the known synonyms."""
    best_index, best_score = None, 0
    for index, row in enumerate(rows[:scan]):
        score = _row_score(row)
        if score > best_score:
            best_index, best_score = index, score
    if best_index is None or best_score < 2:
        return None
    grouped = best_index > 0 and _is_group_row(rows[best_index - 1], rows[best_index])
    if grouped:
        # The best row is the lower half of a two-row header: "STT", "Họ và tên" merged down
        # from the row above, or a group label ("Thông tin cá nhân") over its sub-columns.
        best_index -= 1
    header = rows[best_index]
    width = max((len(r) for r in rows[best_index : best_index + 3]), default=0)
    sub = rows[best_index + 1] if best_index + 1 < len(rows) else []
    sub_keys = [header_key(sub[i]) if i < len(sub) else "" for i in range(width)]
    # A second header row holds only labels ("Nam", "Nữ", other known headers), never data.
    two_rows = grouped or (
        any(sub_keys)
        and all(
            k in {"nam", "nu"} or field_for_header(sub[i]) is not None
            for i, k in enumerate(sub_keys)
            if k
        )
    )
    allowed = set(KIND_FIELDS[kind])
    columns: list[Column] = []
    top_keys = frozenset(header_key(v) for v in header if not is_blank(v))
    carried = ""
    for i in range(width):
        top = cell_text(header[i]) if i < len(header) else ""
        if top:
            carried = top
        field_name: str | None = None
        label = top
        if two_rows and sub_keys[i]:
            parent = top or carried
            sub_label = cell_text(sub[i])
            label = f"{parent} – {sub_label}" if parent else sub_label
            if sub_keys[i] in {"nam", "nu"} and header_key(parent) in _SEX_PARENTS:
                field_name = "male_mark" if sub_keys[i] == "nam" else "female_mark"
            else:
                field_name = field_for_header(sub[i]) or field_for_header(parent)
        elif top:
            field_name = field_for_header(top, neighbours=top_keys)
        if not label:
            continue
        columns.append(Column(i, label, field_name if field_name in allowed else IGNORE))
    # One column per field: keep the first, the user can change it.
    seen: set[str] = set()
    for column in columns:
        if column.field and column.field in seen:
            column.field = IGNORE
        seen.add(column.field)
    data_row = best_index + (2 if two_rows else 1)
    if data_row < len(rows) and _is_numbering_row(rows[data_row]):
        data_row += 1
    return Layout(
        sheet=sheet, header_row=best_index, data_row=data_row, columns=columns, score=best_score
    )


def missing_required(layout: Layout, kind: str) -> list[str]:
    """Labels of the required fields the mapping lacks."""
    mapped = set(layout.fields.values())
    missing = []
    for group in KIND_REQUIRED[kind]:
        if not mapped & set(group):
            separator = " " + str(_("hoặc")) + " "
            missing.append(separator.join(f"“{FIELD_LABELS[f]}”" for f in group))
    return missing


def field_choices(kind: str) -> list[tuple[str, str]]:
    return [(IGNORE, str(_("— Bỏ qua cột này —")))] + [
        (f, str(FIELD_LABELS[f])) for f in KIND_FIELDS[kind]
    ]
