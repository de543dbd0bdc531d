"""The documents of a decision: the Quyết định and its danh sách kèm theo (DOCX, Decree 30
templates of tdkt.documents), the payment list (danh sách chi tiền thưởng) as DOCX and as Excel.

A draft's documents carry "DỰ THẢO" above the title and a blank number; a signed decision's
carry its number and date. Money is written with dot separators, totals in words.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tdkt.awarding.models import DecisionDraft, DraftLine, DraftState
from tdkt.awarding.selectors import draft_lines
from tdkt.awarding.services import profile_for
from tdkt.common.text import amount_in_words, format_vnd
from tdkt.documents import default_templates
from tdkt.documents.services import award_list_context, payment_list_context, render_docx

DRAFT_MARK = "DỰ THẢO"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Row:
    name: str
    position_unit: str
    unit: str
    honour: str
    amount: int


def _position_unit(line: DraftLine) -> str:
    if line.person_id:
        person = line.person
        parts = [person.position, line.unit.name]
        return ", ".join(p for p in parts if p)
    if line.household_id:
        return ", ".join(p for p in (line.household.address, line.unit.name) if p)
    collective = line.collective
    return line.unit.name if collective.pk != line.unit_id else ""


def rows_of(draft: DecisionDraft, lines: Sequence[DraftLine] | None = None) -> list[Row]:
    lines = list(draft_lines(draft)) if lines is None else lines
    return [
        Row(
            name=str(line.subject),
            position_unit=_position_unit(line),
            unit=line.unit.name,
            honour=line.honour.name,
            amount=line.bonus_amount or 0,
        )
        for line in lines
    ]


def _is_draft(draft: DecisionDraft) -> bool:
    return draft.state != DraftState.SIGNED


def _date(draft: DecisionDraft):
    return draft.signed_on or draft.planned_on


def _number(draft: DecisionDraft, symbol: str) -> str:
    return draft.number or f"      /{symbol}"


def _header(draft: DecisionDraft) -> dict:
    profile = profile_for(draft.issuing_unit)
    date = _date(draft)
    return {
        "issuer_parent": profile.issuer_parent,
        "issuer": profile.issuer_name,
        "place": profile.place,
        "date": date,
        "number": _number(draft, profile.symbol),
        "decision_date": "" if _is_draft(draft) else date,
        "decider": profile.decider,
    }


def _subject(title: str) -> str:
    """The "Về việc ..." line: the template writes "Về việc" itself."""
    text = title.strip()
    for prefix in ("Về việc ", "về việc ", "V/v ", "V/v: "):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def _mark_draft(data: bytes, before_text: str) -> bytes:
    """Insert a bold "DỰ THẢO" paragraph above the first paragraph reading ``before_text``
    (or at the top)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    document = Document(io.BytesIO(data))
    paragraphs = document.paragraphs
    anchor = next((p for p in paragraphs if p.text.strip() == before_text), None)
    if anchor is None and paragraphs:
        anchor = paragraphs[0]
    if anchor is None:
        return data
    mark = anchor.insert_paragraph_before()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = mark.add_run(DRAFT_MARK)
    run.bold = True
    run.font.size = Pt(16)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _counts(rows: Sequence[Row], lines: Sequence[DraftLine]) -> str:
    people = sum(1 for line in lines if line.person_id)
    collectives = sum(1 for line in lines if line.collective_id)
    households = sum(1 for line in lines if line.household_id)
    parts = []
    if people:
        parts.append(_("%(n)02d cá nhân") % {"n": people})
    if collectives:
        parts.append(_("%(n)02d tập thể") % {"n": collectives})
    if households:
        parts.append(_("%(n)02d hộ gia đình") % {"n": households})
    return _(" và ").join(parts)


def decision_context(draft: DecisionDraft, lines: Sequence[DraftLine] | None = None) -> dict:
    lines = list(draft_lines(draft)) if lines is None else list(lines)
    rows = rows_of(draft, lines)
    header = _header(draft)
    honours = list(dict.fromkeys(row.honour for row in rows))
    total = sum(row.amount for row in rows)
    article_1 = _(
        "Tặng %(honours)s cho %(counts)s (có danh sách kèm theo) đã có thành tích xuất sắc "
        "năm %(year)s."
    ) % {
        "honours": ", ".join(honours),
        "counts": _counts(rows, lines),
        "year": draft.round.year,
    }
    article_2 = _(
        "Tiền thưởng kèm theo theo quy định, tổng số tiền %(total)s đồng (%(words)s), chi từ "
        "quỹ thi đua, khen thưởng của %(issuer)s; mức thưởng của từng cá nhân, tập thể ghi "
        "tại danh sách kèm theo."
    ) % {
        "total": format_vnd(total),
        "words": amount_in_words(total),
        "issuer": header["issuer"],
    }
    article_3 = _(
        "Chánh Văn phòng, Thủ trưởng cơ quan thường trực thi đua – khen thưởng, thủ trưởng các "
        "đơn vị có liên quan và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành "
        "Quyết định này./."
    )
    return {
        **header,
        "subject": _subject(draft.title),
        "bases": [line for line in draft.basis.splitlines() if line.strip()],
        "article_1": article_1,
        "article_2": article_2,
        "article_3": article_3,
        "recipients": [_("Như Điều 3;"), _("Lưu: VT, TĐKT.")],
        "signer_authority": draft.signer_authority,
        "signer_title": draft.signer_title,
        "signer_name": draft.signer_name,
    }


def decision_docx(draft: DecisionDraft) -> bytes:
    """The Quyết định (template ``quyet_dinh_khen_thuong``)."""
    data = render_docx(default_templates.DECISION, decision_context(draft), on=_date(draft))
    return _mark_draft(data, "QUYẾT ĐỊNH") if _is_draft(draft) else data


def _list_title(draft: DecisionDraft, rows: Sequence[Row]) -> str:
    honours = list(dict.fromkeys(row.honour for row in rows))
    return _("Cá nhân, tập thể được tặng %(honours)s") % {"honours": ", ".join(honours)}


def award_list_docx(draft: DecisionDraft) -> bytes:
    """The danh sách kèm theo (template ``danh_sach_kem_theo``)."""
    rows = rows_of(draft)
    header = _header(draft)
    context = award_list_context(
        [
            {
                "name": r.name,
                "position_unit": r.position_unit,
                "honour": r.honour,
                "amount": r.amount,
            }
            for r in rows
        ],
        issuer_parent=header["issuer_parent"],
        issuer=header["issuer"],
        list_title=_list_title(draft, rows),
        number=header["number"],
        decision_date=header["decision_date"] or "…/…/……",
        decider=header["decider"],
    )
    data = render_docx(default_templates.AWARD_LIST, context, on=_date(draft))
    return _mark_draft(data, "DANH SÁCH") if _is_draft(draft) else data


def payment_context(draft: DecisionDraft, rows: Sequence[Row] | None = None) -> dict:
    rows = rows_of(draft) if rows is None else rows
    header = _header(draft)
    return payment_list_context(
        [{"unit": r.unit, "name": r.name, "honour": r.honour, "amount": r.amount} for r in rows],
        issuer_parent=header["issuer_parent"],
        issuer=header["issuer"],
        place=header["place"],
        date=header["date"],
        list_title=_list_title(draft, rows),
        number=header["number"],
        decision_date=header["decision_date"] or "…/…/……",
        decider=header["decider"],
        prepared_by="",
        accountant="",
        signer_title=_("Thủ trưởng đơn vị"),
        signer_name="",
    )


def payment_list_docx(draft: DecisionDraft) -> bytes:
    """The danh sách chi tiền thưởng (template ``danh_sach_chi_tien_thuong``)."""
    data = render_docx(default_templates.PAYMENT_LIST, payment_context(draft), on=_date(draft))
    return _mark_draft(data, "DANH SÁCH CHI TIỀN THƯỞNG") if _is_draft(draft) else data


def payment_groups(rows: Sequence[Row]) -> list[tuple[str, list[Row], int]]:
    """(unit, rows, subtotal) in the order units first appear."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.unit, []).append(row)
    return [(unit, members, sum(r.amount for r in members)) for unit, members in groups.items()]


def payment_list_xlsx(draft: DecisionDraft) -> bytes:
    """The payment list as Excel: title block, STT, name, unit, form, amount; a subtotal per
    unit, the grand total and the total in words. Text is written as text (never a formula)."""
    import xlsxwriter

    rows = rows_of(draft)
    header = _header(draft)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    try:
        ws = workbook.add_worksheet(_("Chi tiền thưởng")[:31])
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 13, "align": "center"})
        centre = workbook.add_format({"italic": True, "align": "center"})
        head = workbook.add_format(
            {"bold": True, "border": 1, "bg_color": "#F0F2F5", "text_wrap": True, "align": "center"}
        )
        cell = workbook.add_format({"border": 1, "valign": "top", "text_wrap": True})
        num = workbook.add_format({"border": 1, "valign": "top", "align": "center"})
        money = workbook.add_format({"border": 1, "num_format": "#,##0", "valign": "top"})
        group = workbook.add_format({"border": 1, "bold": True, "bg_color": "#FAFAFA"})
        sub = workbook.add_format({"border": 1, "bold": True, "italic": True})
        sub_money = workbook.add_format(
            {"border": 1, "bold": True, "italic": True, "num_format": "#,##0"}
        )
        total_f = workbook.add_format({"border": 1, "bold": True})
        total_money = workbook.add_format({"border": 1, "bold": True, "num_format": "#,##0"})
        widths = [6, 32, 34, 30, 16]
        for i, w in enumerate(widths):
            ws.set_column(i, i, w)
        r = 0
        for line in (header["issuer_parent"], header["issuer"]):
            if line:
                ws.write_string(r, 0, line.upper(), bold)
                r += 1
        r += 1
        ws.merge_range(r, 0, r, 4, _("DANH SÁCH CHI TIỀN THƯỞNG"), title)
        r += 1
        if _is_draft(draft):
            ws.merge_range(r, 0, r, 4, DRAFT_MARK, title)
            r += 1
        ws.merge_range(r, 0, r, 4, _list_title(draft, rows), centre)
        r += 1
        reference = (
            _("(Kèm theo Quyết định số %(number)s ngày %(date)s của %(decider)s)")
            % {
                "number": header["number"],
                "date": f"{header['decision_date']:%d/%m/%Y}",
                "decider": header["decider"],
            }
            if header["decision_date"]
            else _("(Kèm theo dự thảo quyết định của %(decider)s)") % {"decider": header["decider"]}
        )
        ws.merge_range(r, 0, r, 4, reference, centre)
        r += 2
        labels = [
            _("STT"),
            _("Họ và tên / Tập thể"),
            _("Đơn vị"),
            _("Danh hiệu / Hình thức"),
            _("Số tiền (đồng)"),
        ]
        for c, label in enumerate(labels):
            ws.write_string(r, c, label, head)
        ws.repeat_rows(r)
        ws.freeze_panes(r + 1, 0)
        r += 1
        stt = 0
        grand = 0
        for unit, members, subtotal in payment_groups(rows):
            ws.merge_range(r, 0, r, 4, unit, group)
            r += 1
            for row in members:
                stt += 1
                ws.write_number(r, 0, stt, num)
                ws.write_string(r, 1, row.name, cell)
                ws.write_string(r, 2, row.unit, cell)
                ws.write_string(r, 3, row.honour, cell)
                ws.write_number(r, 4, row.amount, money)
                r += 1
            ws.write_blank(r, 0, None, sub)
            ws.merge_range(r, 1, r, 3, _("Cộng %(unit)s") % {"unit": unit}, sub)
            ws.write_number(r, 4, subtotal, sub_money)
            grand += subtotal
            r += 1
        ws.write_blank(r, 0, None, total_f)
        ws.merge_range(r, 1, r, 3, _("TỔNG CỘNG"), total_f)
        ws.write_number(r, 4, grand, total_money)
        r += 2
        ws.write_string(
            r, 0, _("Số tiền bằng chữ: %(words)s.") % {"words": amount_in_words(grand)}, bold
        )
    finally:
        workbook.close()
    return buffer.getvalue()


def filename(draft: DecisionDraft, stem: str, ext: str) -> str:
    suffix = draft.number.split("/")[0] if draft.number else f"du-thao-{draft.pk}"
    return f"{stem}-{suffix}.{ext}"
