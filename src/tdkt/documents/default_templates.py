"""The built-in document templates, drawn in code with python-docx (no binary file in the
repository) in the administrative format of Decree 30/2020/NĐ-CP:

- A4 portrait, margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm;
- Times New Roman 14 pt (13 pt in tables, 12/11 pt for "Nơi nhận");
- header table: issuing body on the left (superior body in upper case, the body itself in bold
  upper case, a short rule below), quốc hiệu and tiêu ngữ on the right (bold, the tiêu ngữ
  underlined by a rule as long as the text); below them "Số: ..." on the left and the place and
  date line in italics on the right;
- title, subject ("Về việc ..."), legal bases, articles, "Nơi nhận:" and the signer block
  (quyền hạn, chức vụ, họ tên).

Each template is a docxtpl (Jinja) template. Its variables are documented in ``VARIABLES`` and a
complete example is in ``SAMPLE_CONTEXTS``: uploads are test-rendered with that example. Filters
available in every template (see services.jinja_env): ``ngay_thang_nam`` ("20/01/2026" ->
"ngày 20 tháng 01 năm 2026"), ``vnd`` (1500000 -> "1.500.000"), ``bang_chu`` (1500000 ->
"Một triệu năm trăm nghìn đồng").
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

__all__ = [
    "BUILTIN_CODES",
    "BUILTIN_NAMES",
    "SAMPLE_CONTEXTS",
    "VARIABLES",
    "build_template",
]

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 13
TEXT_WIDTH_MM = 210 - 30 - 15  # A4 minus left and right margins

DECISION = "quyet_dinh_khen_thuong"
AWARD_LIST = "danh_sach_kem_theo"
MINUTES = "bien_ban_hop_hoi_dong"
PAYMENT_LIST = "danh_sach_chi_tien_thuong"
ACHIEVEMENT_INDIVIDUAL = "bao_cao_thanh_tich_ca_nhan"
ACHIEVEMENT_COLLECTIVE = "bao_cao_thanh_tich_tap_the"
UNIT_MINUTES = "bien_ban_binh_xet_don_vi"

BUILTIN_NAMES = {
    DECISION: _("Quyết định khen thưởng"),
    AWARD_LIST: _("Danh sách kèm theo quyết định"),
    MINUTES: _("Biên bản họp Hội đồng Thi đua - Khen thưởng"),
    PAYMENT_LIST: _("Danh sách chi tiền thưởng"),
    ACHIEVEMENT_INDIVIDUAL: _("Báo cáo thành tích cá nhân"),
    ACHIEVEMENT_COLLECTIVE: _("Báo cáo thành tích tập thể"),
    UNIT_MINUTES: _("Biên bản họp bình xét thi đua, khen thưởng của đơn vị"),
}
BUILTIN_CODES = tuple(BUILTIN_NAMES)


# --- python-docx helpers -----------------------------------------------------------------


def _new_document():
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)
    for style_name in ("Normal", "Table Grid"):
        style = doc.styles[style_name]
        style.font.name = FONT
        style.font.size = Pt(BODY_PT)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
    normal = doc.styles["Normal"].paragraph_format
    normal.space_before = Pt(0)
    normal.space_after = Pt(0)
    normal.line_spacing = 1.0
    core = doc.core_properties
    core.author = "TĐKT"
    core.language = "vi-VN"
    return doc


def _para(
    container,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    align: str = "left",
    before: float = 0,
    after: float = 0,
    indent_first_mm: float = 0,
    keep_with_next: bool = False,
):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    paragraph = container.add_paragraph()
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if indent_first_mm:
        fmt.first_line_indent = Mm(indent_first_mm)
    if keep_with_next:
        fmt.keep_with_next = True
    if text:
        _run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def _run(paragraph, text: str, *, bold=False, italic=False, size: float | None = None):
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size:
        run.font.size = Pt(size)
    return run


def _tag(container, tag: str):
    """A paragraph holding only a docxtpl paragraph tag ({%p ... %}): removed when rendered."""
    return _para(container, tag)


def _rule(container, *, indent_mm: float) -> None:
    """A short solid horizontal rule (an empty 2 pt paragraph with a top border), centred by
    ``indent_mm`` on each side: the line under the body name, the tiêu ngữ and the subject."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.left_indent = Mm(indent_mm)
    fmt.right_indent = Mm(indent_mm)
    fmt.space_before = Pt(3)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(3)
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    top.set(qn("w:val"), "single")
    top.set(qn("w:sz"), "6")
    top.set(qn("w:space"), "1")
    top.set(qn("w:color"), "000000")
    border.append(top)
    # pBdr must come before the spacing/indentation elements of pPr.
    ppr.insert(0, border)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    ppr.append(mark)


def _set_widths(table, widths_mm: list[float]) -> None:
    """Column widths that LibreOffice honours too: the grid, the table width, fixed layout."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    twips = [int(Mm(w).twips) for w in widths_mm]
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), twips, strict=True):
        col.set(qn("w:w"), str(width))
    tblpr = table._tbl.tblPr
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:w"), str(sum(twips)))
    tblw.set(qn("w:type"), "dxa")
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _layout_table(doc, widths_mm: list[float], rows: int = 1):
    """A table without borders, used to place blocks side by side."""

    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False
    _set_widths(table, widths_mm)
    for row in table.rows:
        for cell in row.cells:
            # python-docx creates each cell with one empty paragraph: drop it, we add our own.
            for p in list(cell.paragraphs):
                p._p.getparent().remove(p._p)
    return table


def _grid_table(doc, widths_mm: list[float], rows: int):
    from docx.enum.table import WD_TABLE_ALIGNMENT

    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _set_widths(table, widths_mm)
    return table


def _loop_table(
    doc,
    widths_mm: list[float],
    header: list[str],
    loop: str,
    cells: list[tuple[str, str]],
    *,
    size: float = TABLE_PT,
    extra_rows: int = 0,
):
    """A grid table: a bold header row repeated on every page, then one row per item of
    ``loop`` ("row in rows") with ``cells`` as (text, alignment); ``extra_rows`` empty rows
    follow (totals). Returns the table."""
    table = _grid_table(doc, widths_mm, rows=4 + extra_rows)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell_text(cell, text, bold=True, align="center", size=size)
    _repeat_header(table.rows[0])
    _cell_text(table.rows[1].cells[0], f"{{%tr for {loop} %}}", size=size)
    for cell, (text, align) in zip(table.rows[2].cells, cells, strict=True):
        _cell_text(cell, text, align=align, size=size)
    _cell_text(table.rows[3].cells[0], "{%tr endfor %}", size=size)
    return table


def _cell_text(
    cell, text: str, *, bold=False, italic=False, align="left", size: float = TABLE_PT
) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    paragraph = cell.paragraphs[0]
    _run(paragraph, text, bold=bold, italic=italic, size=size)
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement

    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))


def _header_block(
    doc,
    *,
    parent_line: str,
    body_line: str,
    number_line: str | None,
    date_line: str,
) -> None:
    """Decree 30 header: issuing body | quốc hiệu, tiêu ngữ; number | place and date."""
    left, right = 62.0, TEXT_WIDTH_MM - 62.0
    second_row = bool(number_line or date_line)
    table = _layout_table(doc, [left, right], rows=2 if second_row else 1)
    issuer, nation = table.rows[0].cells
    if parent_line.startswith("{{ issuer_parent"):
        # Optional superior body: the whole paragraph disappears when it is empty.
        _tag(issuer, "{%p if issuer_parent %}")
        _para(issuer, parent_line, size=13, align="center")
        _tag(issuer, "{%p endif %}")
    elif parent_line:
        _para(issuer, parent_line, size=13, align="center")
    _para(issuer, body_line, bold=True, size=13, align="center")
    _rule(issuer, indent_mm=19)
    _para(nation, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align="center")
    _para(nation, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13, align="center")
    _rule(nation, indent_mm=21)
    if not second_row:
        return
    number_cell, date_cell = table.rows[1].cells
    _para(number_cell, number_line or "", size=13, align="center", before=6)
    _para(date_cell, date_line, italic=True, size=14, align="center", before=6)


def _signature_block(doc, *, left_lines: Callable | None, right: list[tuple[str, bool]]) -> None:
    """Bottom table: "Nơi nhận" (or another block) on the left, the signer on the right."""
    table = _layout_table(doc, [75.0, TEXT_WIDTH_MM - 75.0])
    left_cell, right_cell = table.rows[0].cells
    if left_lines:
        left_lines(left_cell)
    else:
        _para(left_cell, "")
    for text, bold in right:
        _para(right_cell, text, bold=bold, align="center")


def _to_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- the templates -------------------------------------------------------------------------


def _decision() -> bytes:
    doc = _new_document()
    _header_block(
        doc,
        parent_line="{{ issuer_parent|upper }}",
        body_line="{{ issuer|upper }}",
        number_line="Số: {{ number }}",
        date_line="{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}",
    )
    _para(doc, "QUYẾT ĐỊNH", bold=True, align="center", before=18)
    _para(doc, "Về việc {{ subject }}", bold=True, align="center")
    _rule(doc, indent_mm=60)
    _para(doc, "{{ decider|upper }}", bold=True, align="center", before=12, after=6)
    _tag(doc, "{%p for basis in bases %}")
    _para(doc, "{{ basis }}", italic=True, align="justify", indent_first_mm=12.7, after=6)
    _tag(doc, "{%p endfor %}")
    _para(doc, "QUYẾT ĐỊNH:", bold=True, align="center", before=6, after=6)
    for n in (1, 2, 3):
        paragraph = _para(doc, align="justify", indent_first_mm=12.7, after=6)
        _run(paragraph, f"Điều {n}. ", bold=True)
        _run(paragraph, f"{{{{ article_{n} }}}}")

    def recipients(cell):
        _para(cell, "Nơi nhận:", bold=True, italic=True, size=12, before=12)
        _tag(cell, "{%p for recipient in recipients %}")
        _para(cell, "- {{ recipient }}", size=11)
        _tag(cell, "{%p endfor %}")

    _signature_block(
        doc,
        left_lines=recipients,
        right=[
            ("{{ signer_authority|upper }}", True),
            ("{{ signer_title|upper }}", True),
            ("", False),
            ("", False),
            ("", False),
            ("", False),
            ("{{ signer_name }}", True),
        ],
    )
    return _to_bytes(doc)


def _attached_title(doc, heading: str) -> None:
    _para(doc, heading, bold=True, align="center", before=12)
    _para(doc, "{{ list_title|upper }}", bold=True, align="center")
    _para(
        doc,
        "(Kèm theo Quyết định số {{ number }} ngày {{ decision_date }} của {{ decider }})",
        italic=True,
        align="center",
        after=12,
    )


def _award_list() -> bytes:
    doc = _new_document()
    _header_block(
        doc,
        parent_line="{{ issuer_parent|upper }}",
        body_line="{{ issuer|upper }}",
        number_line=None,
        date_line="",
    )
    _attached_title(doc, "DANH SÁCH")
    widths = [13.0, 45.0, 52.0, 30.0, 25.0]
    header = [
        "STT",
        "Họ và tên / Tập thể",
        "Chức vụ, đơn vị",
        "Danh hiệu/Hình thức",
        "Số tiền (đồng)",
    ]
    values = [
        ("{{ row.stt }}", "center"),
        ("{{ row.name }}", "left"),
        ("{{ row.position_unit }}", "left"),
        ("{{ row.honour }}", "left"),
        ("{{ row.amount }}", "right"),
    ]
    table = _loop_table(doc, widths, header, "row in rows", values, extra_rows=1)
    total = table.rows[4].cells
    merged = total[0].merge(total[3])
    _cell_text(merged, "Tổng cộng", bold=True, align="center")
    _cell_text(total[4], "{{ total }}", bold=True, align="right")
    _para(doc, "(Tổng số tiền bằng chữ: {{ total_words }}.)", italic=True, before=6)
    _para(doc, "Danh sách này có {{ rows|length }} {{ unit_noun }}./.", italic=True)
    return _to_bytes(doc)


def _minutes() -> bytes:
    doc = _new_document()
    _header_block(
        doc,
        parent_line="{{ unit_name|upper }}",
        body_line="{{ council_name|upper }}",
        number_line="Số: {{ number }}",
        date_line="{{ place }}, {{ session_date|ngay_thang_nam }}",
    )
    _para(doc, "BIÊN BẢN", bold=True, align="center", before=18)
    _para(doc, "Họp {{ council_name }} và kết quả bỏ phiếu kín", bold=True, align="center")
    _rule(doc, indent_mm=60)
    _para(doc, "{{ basis }}", italic=True, align="justify", indent_first_mm=12.7, after=6)
    body = [
        "Hôm nay, ngày {{ session_date }}, tại {{ location or place }}, {{ council_name }} họp xét "
        "đề nghị khen thưởng.",
        "Chủ trì: {{ chair }}.",
        "Thư ký: {{ secretary }}.",
        "Thành viên Hội đồng: {{ members_total }} người; có mặt: {{ members_present }} "
        "người; vắng mặt: {{ members_absent|length }} người"
        "{% if members_absent %} ({{ members_absent|join(', ') }}){% endif %}.",
    ]
    for text in body:
        _para(doc, text, align="justify", indent_first_mm=12.7, after=3)
    _para(doc, "KẾT QUẢ BỎ PHIẾU KÍN", bold=True, align="center", before=12, after=6)
    widths = [12.0, 26.0, 31.0, 15.0, 17.0, 17.0, 16.0, 16.0, 15.0]
    header = [
        "STT",
        "Hình thức đề nghị",
        "Họ và tên / Tập thể",
        "Đồng ý",
        "Không đồng ý",
        "Không biểu quyết",
        "Tỷ lệ đồng ý (%)",
        "Tỷ lệ cần đạt (%)",
        "Kết quả",
    ]
    values = [
        ("{{ case.stt }}", "center"),
        ("{{ case.subject }}", "left"),
        ("{{ case.target_name }}", "left"),
        ("{{ case.votes_yes }}", "center"),
        ("{{ case.votes_no }}", "center"),
        ("{{ case.votes_abstain }}", "center"),
        ("{{ case.percent }}", "center"),
        ("{{ case.threshold_percent }}", "center"),
        ("{{ case.result }}", "center"),
    ]
    _loop_table(doc, widths, header, "case in cases", values, size=11)
    _para(
        doc,
        "Biên bản được thông qua tại cuộc họp và được các thành viên có mặt nhất trí./.",
        align="justify",
        indent_first_mm=12.7,
        before=6,
    )
    table = _layout_table(doc, [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2])
    secretary, chair = table.rows[0].cells
    for cell, title, name in (
        (secretary, "THƯ KÝ", "{{ secretary }}"),
        (chair, "CHỦ TRÌ", "{{ chair }}"),
    ):
        _para(cell, title, bold=True, align="center", before=12)
        _para(cell, "(Ký, ghi rõ họ tên)", italic=True, size=12, align="center", after=48)
        _para(cell, name, bold=True, align="center")
    return _to_bytes(doc)


def _payment_list() -> bytes:
    doc = _new_document()
    _header_block(
        doc,
        parent_line="{{ issuer_parent|upper }}",
        body_line="{{ issuer|upper }}",
        number_line=None,
        date_line="{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}",
    )
    _attached_title(doc, "DANH SÁCH CHI TIỀN THƯỞNG")
    widths = [13.0, 51.0, 44.0, 30.0, 27.0]
    table = _grid_table(doc, widths, rows=9)
    header = ["STT", "Họ và tên / Tập thể", "Danh hiệu/Hình thức", "Số tiền (đồng)", "Ký nhận"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell_text(cell, text, bold=True, align="center")
    _repeat_header(table.rows[0])
    _cell_text(table.rows[1].cells[0], "{%tr for group in groups %}")
    group_row = table.rows[2].cells
    _cell_text(group_row[0], "{{ group.label }}", bold=True, align="center")
    _cell_text(group_row[1].merge(group_row[4]), "{{ group.unit }}", bold=True)
    _cell_text(table.rows[3].cells[0], "{%tr for row in group.rows %}")
    values = [
        ("{{ row.stt }}", "center"),
        ("{{ row.name }}", "left"),
        ("{{ row.honour }}", "left"),
        ("{{ row.amount }}", "right"),
        ("", "left"),
    ]
    for cell, (text, align) in zip(table.rows[4].cells, values, strict=True):
        _cell_text(cell, text, align=align)
    _cell_text(table.rows[5].cells[0], "{%tr endfor %}")
    subtotal = table.rows[6].cells
    _cell_text(subtotal[1], "Cộng {{ group.unit }}", bold=True, italic=True)
    _cell_text(subtotal[3], "{{ group.subtotal }}", bold=True, italic=True, align="right")
    _cell_text(table.rows[7].cells[0], "{%tr endfor %}")
    total = table.rows[8].cells
    _cell_text(total[1], "TỔNG CỘNG", bold=True, align="center")
    _cell_text(total[3], "{{ total }}", bold=True, align="right")
    _para(doc, "Số tiền bằng chữ: {{ total_words }}.", italic=True, before=6)

    table = _layout_table(doc, [TEXT_WIDTH_MM / 3] * 3)
    for cell, title, name in zip(
        table.rows[0].cells,
        ("NGƯỜI LẬP BIỂU", "KẾ TOÁN TRƯỞNG", "{{ signer_title|upper }}"),
        ("{{ prepared_by }}", "{{ accountant }}", "{{ signer_name }}"),
        strict=True,
    ):
        _para(cell, title, bold=True, size=13, align="center", before=12)
        _para(cell, "(Ký, ghi rõ họ tên)", italic=True, size=12, align="center", after=48)
        _para(cell, name, bold=True, size=13, align="center")
    return _to_bytes(doc)


def _history_table(doc, heading: str, columns: list[tuple[str, float]], loop: str, cells):
    """A heading, then a grid table with one row per item of ``loop`` ("row in rows"), or the
    line "Chưa có." when the list is empty."""
    _para(doc, heading, bold=True, align="justify", before=6, after=3)
    var = loop.split(" in ")[1].strip()
    _tag(doc, f"{{%p if {var} %}}")
    _loop_table(doc, [w for _t, w in columns], [t for t, _w in columns], loop, cells)
    _tag(doc, "{%p else %}")
    _para(doc, "Chưa có.", italic=True, indent_first_mm=12.7)
    _tag(doc, "{%p endif %}")


def _dotted(doc, label: str, value: str = "") -> None:
    """A form line "label: value" (dots for the unit to fill in Word when value is empty)."""
    paragraph = _para(doc, align="justify", indent_first_mm=12.7, after=3)
    _run(paragraph, f"{label}: ")
    if value:
        _run(paragraph, f"{{% if {value} %}}{{{{ {value} }}}}{{% else %}}……………………{{% endif %}}")
    else:
        _run(paragraph, "……………………………………………………")


def _achievement(collective: bool) -> bytes:
    """Mẫu báo cáo thành tích (Decree 98/2023 Appendix I, Mẫu 02 tập thể / Mẫu 03 cá nhân):
    pre-filled from the registry, the narrative parts left for the unit to write."""
    doc = _new_document()
    _header_block(
        doc,
        parent_line="{{ unit_parent|upper }}",
        body_line="{{ unit_name|upper }}",
        number_line=None,
        date_line="{% if place %}{{ place }}{% else %}……{% endif %}, ngày … tháng … năm …",
    )
    _para(doc, "BÁO CÁO THÀNH TÍCH", bold=True, align="center", before=18)
    _para(doc, "ĐỀ NGHỊ TẶNG {{ target_name|upper }}", bold=True, align="center")
    _para(doc, "(Thành tích năm {{ period }})", italic=True, align="center")
    _rule(doc, indent_mm=60)
    if collective:
        paragraph = _para(doc, align="center", before=6, after=6)
        _run(paragraph, "Tên tập thể đề nghị: ")
        _run(paragraph, "{{ collective_name }}", bold=True)
        _para(doc, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", bold=True, before=6, after=3)
        _para(doc, "1. Đặc điểm, tình hình:", bold=True, indent_first_mm=12.7, after=3)
        _dotted(doc, "- Đơn vị cấp trên trực tiếp", "collective_parent")
        _dotted(doc, "- Địa điểm trụ sở chính, điện thoại, thư điện tử")
        _dotted(doc, "- Quá trình thành lập và phát triển")
        _dotted(doc, "- Những đặc điểm chính của đơn vị (cơ cấu tổ chức, số lượng thành viên)")
        _para(doc, "2. Tổ chức đảng, đoàn thể:", bold=True, indent_first_mm=12.7, after=3)
        _dotted(doc, "(Ghi rõ nếu đơn vị không có tổ chức đảng, đoàn thể)")
    else:
        _para(doc, "I. SƠ LƯỢC LÝ LỊCH", bold=True, before=6, after=3)
        _dotted(doc, "- Họ và tên", "full_name")
        _dotted(doc, "- Ngày, tháng, năm sinh", "birth")
        _dotted(doc, "- Giới tính", "sex")
        _dotted(doc, "- Dân tộc", "ethnicity")
        _dotted(doc, "- Quê quán")
        _dotted(doc, "- Trú quán")
        _dotted(doc, "- Đơn vị công tác", "work_unit")
        _dotted(doc, "- Chức vụ (đảng, chính quyền, đoàn thể)", "position")
        _dotted(doc, "- Ngày bắt đầu công tác", "employment_start")
        _dotted(doc, "- Trình độ chuyên môn, nghiệp vụ")
    _para(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True, before=6, after=3)
    if collective:
        _dotted(doc, "1. Chức năng, nhiệm vụ được giao")
    else:
        _dotted(doc, "1. Quyền hạn, nhiệm vụ được giao")
    _para(doc, "2. Thành tích đạt được:", bold=True, indent_first_mm=12.7, after=3)
    _tag(doc, "{%p if achievement_summary %}")
    _para(doc, "{{ achievement_summary }}", align="justify", indent_first_mm=12.7, after=3)
    _tag(doc, "{%p endif %}")
    _para(doc, "……………………………………………………", indent_first_mm=12.7, after=3)
    _history_table(
        doc,
        "Kết quả xếp loại mức độ hoàn thành nhiệm vụ:",
        [("Năm", 25.0), ("Xếp loại", 140.0)],
        "row in ratings",
        [("{{ row.year }}", "center"), ("{{ row.rating }}", "left")],
    )
    _history_table(
        doc,
        "Sáng kiến, đề tài khoa học được công nhận:",
        [("Năm", 20.0), ("Tên sáng kiến, đề tài", 70.0), ("Phạm vi", 30.0), ("Công nhận", 45.0)],
        "row in initiatives",
        [
            ("{{ row.year }}", "center"),
            ("{{ row.title }}", "left"),
            ("{{ row.scope }}", "left"),
            ("{{ row.recognised_by }}", "left"),
        ],
    )
    _para(doc, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", bold=True, before=6, after=3)
    decision_header = "Số, ngày, tháng, năm của quyết định; cơ quan ban hành quyết định"
    for heading, loop, label in (
        ("1. Danh hiệu thi đua:", "row in titles", "Danh hiệu thi đua"),
        ("2. Hình thức khen thưởng:", "row in forms", "Hình thức khen thưởng"),
    ):
        _history_table(
            doc,
            heading,
            [("Năm", 22.0), (label, 58.0), (decision_header, 85.0)],
            loop,
            [
                ("{{ row.year }}", "center"),
                ("{{ row.name }}", "left"),
                ("{{ row.decision }}", "left"),
            ],
        )
    if collective:
        left = ("THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN TRỰC TIẾP", "NHẬN XÉT, XÁC NHẬN", "(Ký, đóng dấu)", "")
        right = ("THỦ TRƯỞNG ĐƠN VỊ", "", "(Ký, đóng dấu)", "")
    else:
        left = ("THỦ TRƯỞNG ĐƠN VỊ", "XÁC NHẬN, ĐỀ NGHỊ", "(Ký, đóng dấu)", "")
        right = ("NGƯỜI BÁO CÁO THÀNH TÍCH", "", "(Ký, ghi rõ họ và tên)", "{{ full_name }}")
    table = _layout_table(doc, [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2])
    for cell, (title, title2, hint, name) in zip(table.rows[0].cells, (left, right), strict=True):
        _para(cell, title, bold=True, size=13, align="center", before=12)
        if title2:
            _para(cell, title2, bold=True, size=13, align="center")
        _para(cell, hint, italic=True, size=12, align="center", after=48)
        if name:
            _para(cell, name, bold=True, align="center")
    return _to_bytes(doc)


def _unit_minutes() -> bytes:
    """Biên bản họp bình xét thi đua, khen thưởng of the submitting unit (Law Art. 84: biên bản
    bình xét / biên bản xét khen thưởng), from the vote the unit recorded."""
    doc = _new_document()
    _header_block(
        doc,
        parent_line="{{ unit_parent|upper }}",
        body_line="{{ unit_name|upper }}",
        number_line="Số: {% if number %}{{ number }}{% else %}……/BB{% endif %}",
        date_line="{% if place %}{{ place }}{% else %}……{% endif %}, "
        "{{ meeting_date|ngay_thang_nam }}",
    )
    _para(doc, "BIÊN BẢN", bold=True, align="center", before=18)
    _para(doc, "Họp bình xét thi đua, khen thưởng", bold=True, align="center")
    _rule(doc, indent_mm=60)
    body = [
        "Hôm nay, {{ meeting_date|ngay_thang_nam }}, {{ unit_name }} tổ chức họp bình xét thi "
        "đua, khen thưởng ({{ round_name }}).",
        "Chủ trì: ……………………………………; thư ký: ……………………………………",
        "Tổng số thành viên: {{ members_total }} người; có mặt: {{ members_present }} người; "
        "vắng mặt: {{ members_absent }} người.",
        "Sau khi nghe báo cáo thành tích và thảo luận, hội nghị biểu quyết đề nghị khen thưởng "
        "với kết quả như sau:",
    ]
    for text in body:
        _para(doc, text, align="justify", indent_first_mm=12.7, after=3)
    widths = [12.0, 45.0, 40.0, 20.0, 24.0, 24.0]
    header = [
        "STT",
        "Họ và tên / Tập thể",
        "Danh hiệu, hình thức đề nghị",
        "Số phiếu đồng ý",
        "Tỷ lệ so với số có mặt (%)",
        "Tỷ lệ so với tổng số (%)",
    ]
    values = [
        ("{{ row.stt }}", "center"),
        ("{{ row.name }}", "left"),
        ("{{ row.target_name }}", "left"),
        ("{{ row.votes_yes }}", "center"),
        ("{{ row.percent_present }}", "center"),
        ("{{ row.percent_total }}", "center"),
    ]
    _loop_table(doc, widths, header, "row in rows", values, size=12)
    _para(
        doc,
        "Biên bản được thông qua tại cuộc họp và được các thành viên có mặt nhất trí./.",
        align="justify",
        indent_first_mm=12.7,
        before=6,
    )
    table = _layout_table(doc, [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2])
    for cell, title in zip(table.rows[0].cells, ("THƯ KÝ", "CHỦ TRÌ"), strict=True):
        _para(cell, title, bold=True, align="center", before=12)
        _para(cell, "(Ký, ghi rõ họ tên)", italic=True, size=12, align="center", after=48)
    return _to_bytes(doc)


_BUILDERS: dict[str, Callable[[], bytes]] = {
    DECISION: _decision,
    AWARD_LIST: _award_list,
    MINUTES: _minutes,
    PAYMENT_LIST: _payment_list,
    ACHIEVEMENT_INDIVIDUAL: functools.partial(_achievement, False),
    ACHIEVEMENT_COLLECTIVE: functools.partial(_achievement, True),
    UNIT_MINUTES: _unit_minutes,
}


@functools.cache
def build_template(code: str) -> bytes:
    """The built-in template ``code`` as DOCX bytes (built once per process); KeyError if none."""
    return _BUILDERS[code]()


# --- variables and samples -----------------------------------------------------------------

_HEADER_VARS = {
    "issuer_parent": "Cơ quan chủ quản (dòng trên, có thể để trống)",
    "issuer": "Cơ quan ban hành",
    "place": "Địa danh",
    "day": "Ngày (2 chữ số)",
    "month": "Tháng (2 chữ số)",
    "year": "Năm",
}

_ACHIEVEMENT_VARS = {
    "unit_parent": "Cơ quan cấp trên của đơn vị đề nghị (có thể để trống)",
    "unit_name": "Đơn vị đề nghị",
    "place": "Địa danh (để trống: “……”)",
    "target_name": "Danh hiệu, hình thức đề nghị",
    "period": "Năm thành tích (2025 hoặc 2023 - 2025)",
    "achievement_summary": "Tóm tắt thành tích (đơn vị đã nhập)",
    "ratings": "Xếp loại các năm: year, rating",
    "initiatives": "Sáng kiến, đề tài: year, title, scope, recognised_by",
    "titles": "Danh hiệu thi đua đã đạt: year, name, decision",
    "forms": "Hình thức khen thưởng đã nhận: year, name, decision",
}

VARIABLES: dict[str, dict[str, str]] = {
    DECISION: {
        **_HEADER_VARS,
        "number": "Số, ký hiệu văn bản",
        "subject": "Trích yếu (sau “Về việc”)",
        "decider": "Thẩm quyền ban hành (CHỦ TỊCH ỦY BAN NHÂN DÂN ...)",
        "bases": "Danh sách các căn cứ",
        "article_1": "Nội dung Điều 1",
        "article_2": "Nội dung Điều 2",
        "article_3": "Nội dung Điều 3",
        "recipients": "Danh sách nơi nhận",
        "signer_authority": "Quyền hạn ký (TM., KT., Q. ...)",
        "signer_title": "Chức vụ người ký",
        "signer_name": "Họ tên người ký",
    },
    AWARD_LIST: {
        "issuer_parent": _HEADER_VARS["issuer_parent"],
        "issuer": _HEADER_VARS["issuer"],
        "list_title": "Tên danh sách",
        "number": "Số quyết định",
        "decision_date": "Ngày quyết định (dd/mm/yyyy)",
        "decider": "Người/cơ quan quyết định",
        "rows": "Các dòng: stt, name, position_unit, honour, amount",
        "total": "Tổng số tiền",
        "total_words": "Tổng số tiền bằng chữ",
        "unit_noun": "Danh từ đếm (cá nhân, tập thể ...)",
    },
    MINUTES: {
        "council_name": "Tên Hội đồng",
        "unit_name": "Cơ quan, đơn vị",
        "number": "Số biên bản",
        "session_date": "Ngày họp (dd/mm/yyyy)",
        "place": "Địa danh (dòng ngày tháng)",
        "location": "Địa điểm họp",
        "chair": "Chủ trì",
        "secretary": "Thư ký",
        "members_total": "Tổng số thành viên",
        "members_present": "Số thành viên có mặt",
        "members_absent": "Danh sách thành viên vắng mặt",
        "cases": "Các trường hợp: stt, subject, target_name, votes_yes, votes_no, "
        "votes_abstain, percent, threshold_percent, result",
        "basis": "Căn cứ",
    },
    PAYMENT_LIST: {
        **_HEADER_VARS,
        "list_title": "Tên danh sách",
        "number": "Số quyết định",
        "decision_date": "Ngày quyết định (dd/mm/yyyy)",
        "decider": "Người/cơ quan quyết định",
        "groups": "Các đơn vị: label, unit, rows (stt, name, honour, amount), subtotal",
        "total": "Tổng số tiền",
        "total_words": "Tổng số tiền bằng chữ",
        "prepared_by": "Người lập biểu",
        "accountant": "Kế toán trưởng",
        "signer_title": "Chức vụ thủ trưởng",
        "signer_name": "Họ tên thủ trưởng",
    },
    ACHIEVEMENT_INDIVIDUAL: {
        **_ACHIEVEMENT_VARS,
        "full_name": "Họ và tên",
        "birth": "Ngày sinh (dd/mm/yyyy) hoặc năm sinh",
        "sex": "Giới tính",
        "ethnicity": "Dân tộc",
        "position": "Chức vụ",
        "work_unit": "Đơn vị công tác",
        "employment_start": "Ngày bắt đầu công tác",
    },
    ACHIEVEMENT_COLLECTIVE: {
        **_ACHIEVEMENT_VARS,
        "collective_name": "Tên tập thể",
        "collective_parent": "Đơn vị cấp trên trực tiếp của tập thể",
    },
    UNIT_MINUTES: {
        "unit_parent": "Cơ quan cấp trên (có thể để trống)",
        "unit_name": "Đơn vị họp bình xét",
        "number": "Số biên bản (để trống: “……/BB”)",
        "place": "Địa danh",
        "meeting_date": "Ngày họp (dd/mm/yyyy)",
        "round_name": "Tên đợt xét",
        "members_total": "Tổng số thành viên",
        "members_present": "Số thành viên có mặt",
        "members_absent": "Số thành viên vắng mặt",
        "rows": "Các dòng: stt, name, target_name, votes_yes, percent_present, percent_total",
    },
}

_SAMPLE_HEADER = {
    "issuer_parent": "",
    "issuer": "Ủy ban nhân dân thành phố Hà Nội",
    "place": "Hà Nội",
    "day": "20",
    "month": "01",
    "year": "2026",
}

_SAMPLE_ROWS = [
    {
        "stt": 1,
        "name": "Nguyễn Thị Hằng",
        "position_unit": "Giáo viên, Trường Tiểu học Đống Đa",
        "honour": "Bằng khen",
        "amount": "1.170.000",
    },
    {
        "stt": 2,
        "name": "Trần Văn Đức",
        "position_unit": "Chủ tịch Ủy ban nhân dân phường Ô Chợ Dừa",
        "honour": "Bằng khen",
        "amount": "1.170.000",
    },
    {
        "stt": 3,
        "name": "Phòng Kinh tế, Hạ tầng và Đô thị",
        "position_unit": "Ủy ban nhân dân phường Ô Chợ Dừa",
        "honour": "Bằng khen",
        "amount": "2.340.000",
    },
]

SAMPLE_CONTEXTS: dict[str, dict] = {
    DECISION: {
        **_SAMPLE_HEADER,
        "number": "15/QĐ-UBND",
        "subject": "khen thưởng các cá nhân, tập thể có thành tích xuất sắc năm 2025",
        "decider": "Chủ tịch Ủy ban nhân dân thành phố Hà Nội",
        "bases": [
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ "
            "quy định chi tiết một số điều của Luật Thi đua, khen thưởng;",
            "Xét đề nghị của Giám đốc Sở Nội vụ.",
        ],
        "article_1": "Tặng Bằng khen của Chủ tịch Ủy ban nhân dân thành phố cho 02 cá nhân và "
        "01 tập thể (có danh sách kèm theo) đã có thành tích xuất sắc trong năm 2025.",
        "article_2": "Kèm theo Bằng khen, mỗi cá nhân được thưởng 1.170.000 đồng, mỗi tập thể "
        "được thưởng 2.340.000 đồng từ nguồn quỹ thi đua, khen thưởng của thành phố.",
        "article_3": "Chánh Văn phòng Ủy ban nhân dân thành phố, Giám đốc Sở Nội vụ và các cá "
        "nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        "recipients": ["Như Điều 3;", "Lưu: VT, TĐKT."],
        "signer_authority": "KT. Chủ tịch",
        "signer_title": "Phó Chủ tịch",
        "signer_name": "Lê Hồng Sơn",
    },
    AWARD_LIST: {
        "issuer_parent": "",
        "issuer": "Ủy ban nhân dân thành phố Hà Nội",
        "list_title": "Cá nhân, tập thể được tặng Bằng khen của Chủ tịch UBND thành phố",
        "number": "15/QĐ-UBND",
        "decision_date": "20/01/2026",
        "decider": "Chủ tịch Ủy ban nhân dân thành phố Hà Nội",
        "rows": _SAMPLE_ROWS,
        "total": "4.680.000",
        "total_words": "Bốn triệu sáu trăm tám mươi nghìn đồng",
        "unit_noun": "cá nhân, tập thể",
    },
    MINUTES: {
        "council_name": "Hội đồng Thi đua - Khen thưởng thành phố Hà Nội",
        "unit_name": "Ủy ban nhân dân thành phố Hà Nội",
        "number": "02/BB-HĐTĐKT",
        "session_date": "15/01/2026",
        "place": "Hà Nội",
        "location": "Trụ sở Ủy ban nhân dân thành phố Hà Nội",
        "chair": "Lê Hồng Sơn",
        "secretary": "Phạm Thị Ngọc Ánh",
        "members_total": 9,
        "members_present": 7,
        "members_absent": ["Đỗ Văn Hùng", "Vũ Thị Yến"],
        "cases": [
            {
                "stt": 1,
                "subject": "Chiến sĩ thi đua thành phố",
                "target_name": "Nguyễn Thị Hằng",
                "votes_yes": 6,
                "votes_no": 1,
                "votes_abstain": 0,
                "percent": "85,71",
                "threshold_percent": "70",
                "result": "Đạt",
            },
            {
                "stt": 2,
                "subject": "Chiến sĩ thi đua thành phố",
                "target_name": "Trần Văn Đức",
                "votes_yes": 4,
                "votes_no": 3,
                "votes_abstain": 0,
                "percent": "57,14",
                "threshold_percent": "70",
                "result": "Không đạt",
            },
        ],
        "basis": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022 và Quy chế hoạt "
        "động của Hội đồng Thi đua - Khen thưởng thành phố.",
    },
    PAYMENT_LIST: {
        **_SAMPLE_HEADER,
        "list_title": "Kèm theo Bằng khen của Chủ tịch UBND thành phố",
        "number": "15/QĐ-UBND",
        "decision_date": "20/01/2026",
        "decider": "Chủ tịch Ủy ban nhân dân thành phố Hà Nội",
        "groups": [
            {
                "label": "I",
                "unit": "Trường Tiểu học Đống Đa",
                "rows": [
                    {
                        "stt": 1,
                        "name": "Nguyễn Thị Hằng",
                        "honour": "Bằng khen",
                        "amount": "1.170.000",
                    }
                ],
                "subtotal": "1.170.000",
            },
            {
                "label": "II",
                "unit": "Ủy ban nhân dân phường Ô Chợ Dừa",
                "rows": [
                    {
                        "stt": 2,
                        "name": "Trần Văn Đức",
                        "honour": "Bằng khen",
                        "amount": "1.170.000",
                    },
                    {
                        "stt": 3,
                        "name": "Phòng Kinh tế, Hạ tầng và Đô thị",
                        "honour": "Bằng khen",
                        "amount": "2.340.000",
                    },
                ],
                "subtotal": "3.510.000",
            },
        ],
        "total": "4.680.000",
        "total_words": "Bốn triệu sáu trăm tám mươi nghìn đồng",
        "prepared_by": "Hoàng Minh Quân",
        "accountant": "Bùi Thị Lan",
        "signer_title": "Chánh Văn phòng",
        "signer_name": "Ngô Quốc Vinh",
    },
}

_SAMPLE_ACHIEVEMENT = {
    "unit_parent": "Ủy ban nhân dân thành phố Hà Nội",
    "unit_name": "Ủy ban nhân dân phường Ô Chợ Dừa",
    "place": "",
    "target_name": "Chiến sĩ thi đua cơ sở",
    "period": "2025",
    "achievement_summary": "Hoàn thành xuất sắc nhiệm vụ được giao; có sáng kiến được công nhận.",
    "ratings": [
        {"year": 2024, "rating": "Hoàn thành tốt nhiệm vụ"},
        {"year": 2025, "rating": "Hoàn thành xuất sắc nhiệm vụ"},
    ],
    "initiatives": [
        {
            "year": 2025,
            "title": "Số hóa hồ sơ thi đua, khen thưởng cấp phường",
            "scope": "Cơ sở",
            "recognised_by": "Quyết định số 12/QĐ-UBND ngày 10/11/2025",
        }
    ],
    "titles": [
        {
            "year": "2024",
            "name": "Lao động tiên tiến",
            "decision": "Quyết định số 05/QĐ-UBND ngày 15/01/2025 của Ủy ban nhân dân phường "
            "Ô Chợ Dừa",
        }
    ],
    "forms": [],
}

SAMPLE_CONTEXTS.update(
    {
        ACHIEVEMENT_INDIVIDUAL: {
            **_SAMPLE_ACHIEVEMENT,
            "full_name": "Trần Văn Đức",
            "birth": "12/05/1982",
            "sex": "Nam",
            "ethnicity": "Kinh",
            "position": "Công chức Văn phòng - Thống kê",
            "work_unit": "Ủy ban nhân dân phường Ô Chợ Dừa",
            "employment_start": "01/09/2008",
        },
        ACHIEVEMENT_COLLECTIVE: {
            **_SAMPLE_ACHIEVEMENT,
            "target_name": "Tập thể lao động tiên tiến",
            "collective_name": "Phòng Kinh tế, Hạ tầng và Đô thị",
            "collective_parent": "Ủy ban nhân dân phường Ô Chợ Dừa",
        },
        UNIT_MINUTES: {
            "unit_parent": "Ủy ban nhân dân thành phố Hà Nội",
            "unit_name": "Ủy ban nhân dân phường Ô Chợ Dừa",
            "number": "",
            "place": "Hà Nội",
            "meeting_date": "10/12/2025",
            "round_name": "Xét khen thưởng tổng kết năm 2025",
            "members_total": 9,
            "members_present": 7,
            "members_absent": 2,
            "rows": [
                {
                    "stt": 1,
                    "name": "Trần Văn Đức",
                    "target_name": "Chiến sĩ thi đua cơ sở",
                    "votes_yes": 6,
                    "percent_present": "85,71",
                    "percent_total": "66,67",
                }
            ],
        },
    }
)
