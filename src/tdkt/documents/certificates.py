"""Certificates (Bằng khen, Giấy khen) as PDF with fpdf2: one page per awardee, every text at
the position of a layout so that officers can fit it to the pre-printed blanks they buy.

A layout (models.CertificateLayout, or one of ``DEFAULT_LAYOUTS``) gives each field its x/y
offset from the top left corner and its width in millimetres, font size in points, bold/italic,
alignment (L, C, R, J), colour and whether it is printed at all ("show": false for a field that
is pre-printed on the blank).

Text is normalised to NFC (decomposed tone marks print detached). The font comes from the
system (fonts.find_font_family). HarfBuzz text shaping is switched on only when the optional
``uharfbuzz`` package is installed; Vietnamese in NFC needs no shaping with these fonts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tdkt.common.audit import audit_log, snapshot
from tdkt.common.text import nfc
from tdkt.documents.fonts import find_font_family
from tdkt.documents.models import CertificateLayout, PageOrientation
from tdkt.documents.services import date_parts, nfc_text

__all__ = [
    "CERTIFICATE_FIELDS",
    "DEFAULT_LAYOUTS",
    "LayoutSpec",
    "certificates_pdf",
    "layout_for",
    "layout_save",
    "validate_layout_fields",
]

#: Printable fields, in drawing order, with their Vietnamese labels (for messages and screens).
CERTIFICATE_FIELDS: dict[str, Any] = {
    "national_header": gettext_lazy("Quốc hiệu, tiêu ngữ"),
    "issuer": gettext_lazy("Người/cơ quan tặng"),
    "title": gettext_lazy("Tên danh hiệu/hình thức (BẰNG KHEN, GIẤY KHEN)"),
    "name": gettext_lazy("Họ tên người hoặc tên tập thể được khen"),
    "position_unit": gettext_lazy("Chức vụ, đơn vị"),
    "achievement": gettext_lazy("Thành tích"),
    "decision": gettext_lazy("Quyết định số ... ngày ..."),
    "place_date": gettext_lazy("Địa danh, ngày tháng năm"),
    "signer_title": gettext_lazy("Chức vụ người ký"),
    "signer_name": gettext_lazy("Họ tên người ký"),
}

NATIONAL_HEADER = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"

PAGE_FORMATS = {"A3": (297.0, 420.0), "A4": (210.0, 297.0), "A5": (148.0, 210.0)}
_CUSTOM_FORMAT = re.compile(r"^(\d{2,4}(?:\.\d+)?)x(\d{2,4}(?:\.\d+)?)$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_ALIGNS = {"L", "C", "R", "J"}
PT_TO_MM = 25.4 / 72


def _f(x, y, w, size, *, bold=False, italic=False, align="C", color="#000000", show=True):
    return {
        "x": x,
        "y": y,
        "w": w,
        "size": size,
        "bold": bold,
        "italic": italic,
        "align": align,
        "color": color,
        "show": show,
    }


DEFAULT_LAYOUTS: dict[str, dict[str, Any]] = {
    "bang_khen": {
        "name": gettext_lazy("Bằng khen (giấy trắng A4 ngang)"),
        "page_format": "A4",
        "orientation": "L",
        "fields": {
            "national_header": _f(20, 16, 257, 14, bold=True),
            "issuer": _f(20, 36, 257, 16, bold=True),
            "title": _f(20, 54, 257, 40, bold=True, color="#c00000"),
            "name": _f(20, 80, 257, 24, bold=True, color="#00206b"),
            "position_unit": _f(30, 94, 237, 16),
            "achievement": _f(35, 108, 227, 15, italic=True),
            "decision": _f(20, 176, 120, 12, align="L"),
            "place_date": _f(157, 146, 120, 14, italic=True),
            "signer_title": _f(157, 154, 120, 14, bold=True),
            "signer_name": _f(157, 186, 120, 15, bold=True),
        },
    },
    "giay_khen": {
        "name": gettext_lazy("Giấy khen (giấy trắng A4 ngang)"),
        "page_format": "A4",
        "orientation": "L",
        "fields": {
            "national_header": _f(20, 16, 257, 13, bold=True),
            "issuer": _f(20, 34, 257, 15, bold=True),
            "title": _f(20, 52, 257, 34, bold=True, color="#c00000"),
            "name": _f(20, 76, 257, 22, bold=True, color="#00206b"),
            "position_unit": _f(30, 90, 237, 15),
            "achievement": _f(35, 104, 227, 14, italic=True),
            "decision": _f(20, 178, 120, 12, align="L"),
            "place_date": _f(157, 146, 120, 13, italic=True),
            "signer_title": _f(157, 154, 120, 14, bold=True),
            "signer_name": _f(157, 186, 120, 14, bold=True),
        },
    },
}


@dataclass
class LayoutSpec:
    """What certificates_pdf needs from a layout (a saved one or a default)."""

    code: str
    name: str
    page_format: str = "A4"
    orientation: str = "L"
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_layout(cls, layout: CertificateLayout | LayoutSpec | Mapping | str) -> LayoutSpec:
        if isinstance(layout, LayoutSpec):
            return layout
        if isinstance(layout, str):
            return layout_for(layout)
        if isinstance(layout, CertificateLayout):
            return cls(
                code=layout.code,
                name=layout.name,
                page_format=layout.page_format,
                orientation=layout.orientation,
                fields=dict(layout.fields),
            )
        return cls(
            code=str(layout.get("code", "")),
            name=str(layout.get("name", "")),
            page_format=str(layout.get("page_format", "A4")),
            orientation=str(layout.get("orientation", "L")),
            fields=dict(layout.get("fields", {})),
        )

    def page_size(self) -> tuple[float, float]:
        """(width, height) in millimetres, as printed (orientation applied)."""
        short, long = _format_size(self.page_format)
        return (long, short) if self.orientation == "L" else (short, long)


def _format_size(page_format: str) -> tuple[float, float]:
    """(short side, long side) in mm of "A4" or "297x210" (custom blanks)."""
    value = (page_format or "").strip().upper()
    if value in PAGE_FORMATS:
        return PAGE_FORMATS[value]
    match = _CUSTOM_FORMAT.match(value.lower())
    if not match:
        raise ValidationError(
            {"page_format": _("Khổ giấy phải là A3, A4, A5 hoặc rộng x cao (mm), ví dụ 300x215.")}
        )
    a, b = float(match.group(1)), float(match.group(2))
    return (min(a, b), max(a, b))


def layout_for(code: str) -> LayoutSpec:
    """The active saved layout ``code``, else the default of that code; ValidationError if none."""
    saved = CertificateLayout.objects.filter(code=code, is_active=True).first()
    if saved is not None:
        return LayoutSpec.from_layout(saved)
    if code in DEFAULT_LAYOUTS:
        default = DEFAULT_LAYOUTS[code]
        return LayoutSpec(
            code=code,
            name=str(default["name"]),
            page_format=default["page_format"],
            orientation=default["orientation"],
            fields={k: dict(v) for k, v in default["fields"].items()},
        )
    raise ValidationError(_("Chưa có bố cục in “%(code)s”.") % {"code": code})


def validate_layout_fields(
    fields: Mapping[str, Any], *, page_format: str = "A4", orientation: str = "L"
) -> dict[str, dict[str, Any]]:
    """Check and clean every field position; ValidationError naming the field otherwise."""
    short, long = _format_size(page_format)
    width, height = (long, short) if orientation == "L" else (short, long)
    errors: list[str] = []
    clean: dict[str, dict[str, Any]] = {}
    if not isinstance(fields, Mapping):
        raise ValidationError(
            {"fields": _("Vị trí các trường phải là một bảng tên trường → vị trí.")}
        )
    for key, spec in fields.items():
        label = CERTIFICATE_FIELDS.get(key)
        if label is None:
            errors.append(
                _("Không có trường “%(field)s” trên bằng khen, giấy khen.") % {"field": key}
            )
            continue
        if not isinstance(spec, Mapping):
            errors.append(_("%(field)s: vị trí không hợp lệ.") % {"field": label})
            continue
        try:
            x, y, w = (float(spec.get(k, 0)) for k in ("x", "y", "w"))
            size = float(spec.get("size", 14))
        except (TypeError, ValueError):
            errors.append(_("%(field)s: x, y, độ rộng và cỡ chữ phải là số.") % {"field": label})
            continue
        if not (0 <= x < width and 0 <= y < height):
            errors.append(
                _("%(field)s: vị trí (%(x)s; %(y)s) mm nằm ngoài trang %(width)s x %(height)s mm.")
                % {
                    "field": label,
                    "x": f"{x:g}",
                    "y": f"{y:g}",
                    "width": f"{width:g}",
                    "height": f"{height:g}",
                }
            )
        if w <= 0 or x + w > width + 0.01:
            errors.append(
                _("%(field)s: độ rộng %(width)s mm vượt ra ngoài mép phải của trang.")
                % {"field": label, "width": f"{w:g}"}
            )
        if not 6 <= size <= 96:
            errors.append(_("%(field)s: cỡ chữ phải từ 6 đến 96.") % {"field": label})
        align = str(spec.get("align", "C")).upper()
        if align not in _ALIGNS:
            errors.append(_("%(field)s: căn lề phải là L, C, R hoặc J.") % {"field": label})
        color = str(spec.get("color", "#000000"))
        if not _COLOR.match(color):
            errors.append(_("%(field)s: màu phải có dạng #rrggbb.") % {"field": label})
        clean[key] = {
            "x": x,
            "y": y,
            "w": w,
            "size": size,
            "bold": bool(spec.get("bold", False)),
            "italic": bool(spec.get("italic", False)),
            "align": align,
            "color": color.lower(),
            "show": bool(spec.get("show", True)),
        }
    if errors:
        raise ValidationError({"fields": errors})
    return clean


def layout_save(
    *,
    code: str,
    name: str,
    fields: Mapping[str, Any],
    page_format: str = "A4",
    orientation: str = PageOrientation.LANDSCAPE,
    actor=None,
    reason: str = "",
) -> CertificateLayout:
    """Create or update the layout ``code`` (validated, audit-logged)."""
    code = nfc(code or "").strip()
    if not re.match(r"^[a-z0-9_]{2,60}$", code):
        raise ValidationError(
            {"code": _("Mã bố cục chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới.")}
        )
    name = nfc(name or "").strip()
    if not name:
        raise ValidationError({"name": _("Tên bố cục không được để trống.")})
    if orientation not in PageOrientation.values:
        raise ValidationError({"orientation": _("Hướng giấy phải là ngang (L) hoặc dọc (P).")})
    page_format = (page_format or "A4").strip().upper()
    clean = validate_layout_fields(fields, page_format=page_format, orientation=orientation)
    with transaction.atomic():
        layout = CertificateLayout.objects.select_for_update().filter(code=code).first()
        before = snapshot(layout) if layout else None
        if layout is None:
            layout = CertificateLayout(code=code)
        layout.name = name[:255]
        layout.page_format = page_format
        layout.orientation = orientation
        layout.fields = clean
        layout.is_active = True
        layout.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        layout.save()
        audit_log(
            layout,
            action="update" if before else "create",
            actor=actor,
            before=before,
            after=snapshot(layout),
            reason=nfc(reason or ""),
        )
    return layout


# --- drawing ---------------------------------------------------------------------------------


def _date_line(place: str, d: dt.date) -> str:
    parts = date_parts(d)
    return f"{place}, ngày {parts['day']} tháng {parts['month']} năm {parts['year']}"


def _awardee_texts(awardee: Mapping[str, Any], common: Mapping[str, Any]) -> dict[str, str]:
    data = {**common, **{k: v for k, v in awardee.items() if v not in (None, "")}}
    texts: dict[str, str] = {}
    for key in CERTIFICATE_FIELDS:
        value = data.get(key)
        if value not in (None, ""):
            texts[key] = nfc_text(str(value))
    texts.setdefault("national_header", NATIONAL_HEADER)
    if "decision" not in texts and data.get("decision_number"):
        line = f"Quyết định số {nfc(str(data['decision_number']))}"
        signed = data.get("decision_date")
        if isinstance(signed, dt.date):
            line += f" ngày {signed:%d/%m/%Y}"
        elif signed:
            line += f" ngày {nfc(str(signed))}"
        texts["decision"] = line
    if "place_date" not in texts and isinstance(data.get("date"), dt.date):
        texts["place_date"] = _date_line(nfc(str(data.get("place", ""))), data["date"])
    return texts


def _hex_color(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _shaping_available() -> bool:
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True


def _wrap(pdf, line: str, width: float, widths: dict[tuple, float]) -> list[str]:
    """Greedy word wrap of ``line`` into ``width`` mm (word widths cached per font)."""
    key = (pdf.font_family, pdf.font_style, pdf.font_size_pt)

    def measure(text: str) -> float:
        found = widths.get((*key, text))
        if found is None:
            found = widths[(*key, text)] = pdf.get_string_width(text)
        return found

    space = measure(" ")
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for word in line.split(" "):
        size = measure(word)
        extra = size if not current else used + space + size
        if current and extra > width:
            lines.append(" ".join(current))
            current, used = [word], size
        else:
            current.append(word)
            used = extra
    lines.append(" ".join(current))
    return lines


def _draw(pdf, f: Mapping[str, Any], text: str, size: float, widths: dict) -> None:
    """Draw ``text`` in the box of field ``f``, one cell per line: our own word wrap is about
    ten times faster than multi_cell, which is kept for justified text."""
    x, y, w = float(f["x"]), float(f["y"]), float(f["w"])
    height = size * PT_TO_MM * 1.25
    align = str(f.get("align", "C")).upper()
    inner = w - 2 * pdf.c_margin
    for line in text.split("\n"):
        pdf.set_xy(x, y)
        if align == "J" and pdf.get_string_width(line) > inner:
            pdf.multi_cell(w, height, line, align="J")
            y = pdf.get_y()
            continue
        for part in _wrap(pdf, line, inner, widths):
            pdf.set_xy(x, y)
            pdf.cell(w, height, part, align="L" if align == "J" else align)
            y += height


def certificates_pdf(
    awardees: Iterable[Mapping[str, Any]],
    layout: CertificateLayout | LayoutSpec | Mapping | str,
    *,
    common: Mapping[str, Any] | None = None,
) -> bytes:
    """One page per awardee. ``awardees`` are mappings of the CERTIFICATE_FIELDS (``name``,
    ``position_unit``, ``achievement`` ...); ``common`` holds what every page shares (issuer,
    title, decision_number/decision_date or decision, place + date or place_date, signer).
    """
    from fpdf import FPDF

    spec = LayoutSpec.from_layout(layout)
    family = find_font_family()
    short, long = _format_size(spec.page_format)
    # fpdf2 takes the portrait size and turns it for "L".
    pdf = FPDF(orientation="L" if spec.orientation == "L" else "P", unit="mm", format=(short, long))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_creator("TĐKT")
    pdf.set_title(nfc(spec.name))
    pdf.set_lang("vi-VN")
    pdf.add_font("vn", "", str(family.regular))
    pdf.add_font("vn", "B", str(family.bold))
    styles = {"", "B"}
    if family.italic:
        pdf.add_font("vn", "I", str(family.italic))
        styles.add("I")
    if family.bold_italic:
        pdf.add_font("vn", "BI", str(family.bold_italic))
        styles.add("BI")
    if _shaping_available():
        # Shaping is optional: NFC text prints correctly without it.
        with contextlib.suppress(Exception):
            pdf.set_text_shaping(True)

    fields = [(k, spec.fields[k]) for k in CERTIFICATE_FIELDS if k in spec.fields]
    fields = [(k, f) for k, f in fields if f.get("show", True)]
    common = dict(common or {})
    widths: dict[tuple, float] = {}
    pages = 0
    for awardee in awardees:
        texts = _awardee_texts(awardee, common)
        pdf.add_page()
        pages += 1
        for key, f in fields:
            text = texts.get(key)
            if not text:
                continue
            style = ("B" if f.get("bold") else "") + ("I" if f.get("italic") else "")
            if style not in styles:
                style = "B" if "B" in style else ""
            size = float(f.get("size", 14))
            pdf.set_font("vn", style, size)
            pdf.set_text_color(*_hex_color(f.get("color", "#000000")))
            _draw(pdf, f, text, size, widths)
    if pages == 0:
        raise ValidationError(_("Không có ai trong danh sách để in bằng khen, giấy khen."))
    return bytes(pdf.output())
