"""Blank import templates (.xlsx) per kind: Vietnamese headers, an example row, text-formatted
ID and date columns (so leading zeros survive), and a sheet listing the catalogue codes."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tdkt.imports.models import ImportKind

DATA_ROWS = 500  # rows pre-formatted as text below the header

COLUMNS = {
    ImportKind.PEOPLE: [
        ("STT", 6, "1"),
        ("Họ và tên", 28, "Nguyễn Văn An"),
        ("Ngày sinh", 14, "15/08/1985"),
        ("Giới tính", 10, "Nam"),
        ("Dân tộc", 10, "Kinh"),
        ("Số định danh (CCCD)", 18, "001085012345"),
        ("Chức vụ", 22, "Chuyên viên"),
        ("Đơn vị", 28, ""),
        ("Điện thoại", 14, "0912345678"),
        ("Ghi chú", 24, ""),
    ],
    ImportKind.RATINGS: [
        ("STT", 6, "1"),
        ("Họ và tên", 28, "Nguyễn Văn An"),
        ("Ngày sinh", 14, "15/08/1985"),
        ("Số định danh (CCCD)", 18, "001085012345"),
        ("Đơn vị", 28, ""),
        ("Năm", 8, "2025"),
        ("Xếp loại", 32, "Hoàn thành tốt nhiệm vụ"),
        ("Số quyết định", 18, "15/QĐ-UBND"),
        ("Ghi chú", 24, ""),
    ],
    ImportKind.AWARDS: [
        ("STT", 6, "1"),
        ("Họ và tên", 28, "Nguyễn Văn An"),
        ("Ngày sinh", 14, "15/08/1985"),
        ("Số định danh (CCCD)", 18, "001085012345"),
        ("Đơn vị", 28, ""),
        ("Danh hiệu/Hình thức", 28, "Lao động tiên tiến"),
        ("Năm thành tích", 10, "2025"),
        ("Số quyết định", 18, "125/QĐ-UBND"),
        ("Ngày quyết định", 14, "20/01/2026"),
        ("Cơ quan ban hành", 28, "Ủy ban nhân dân xã An Lạc"),
        ("Thành tích", 30, ""),
    ],
    ImportKind.NOMINEES: [
        ("STT", 6, "1"),
        ("Họ và tên (hoặc tên tập thể)", 30, "Nguyễn Văn An"),
        ("Ngày sinh (hoặc năm sinh)", 14, "15/08/1985"),
        ("Giới tính", 10, "Nam"),
        ("Số định danh (CCCD)", 18, "001085012345"),
        ("Chức vụ", 22, "Chuyên viên"),
        ("Đơn vị", 28, ""),
        ("Danh hiệu/Hình thức đề nghị", 30, "Lao động tiên tiến"),
        ("Năm thành tích", 10, ""),
        ("Tóm tắt thành tích", 40, ""),
    ],
}
TITLES = {
    ImportKind.PEOPLE: gettext_lazy("DANH SÁCH CÁ NHÂN"),
    ImportKind.RATINGS: gettext_lazy("KẾT QUẢ XẾP LOẠI MỨC ĐỘ HOÀN THÀNH NHIỆM VỤ"),
    ImportKind.AWARDS: gettext_lazy("DANH SÁCH KHEN THƯỞNG"),
    ImportKind.NOMINEES: gettext_lazy("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"),
}
TEXT_COLUMNS = {
    "Ngày sinh",
    "Ngày sinh (hoặc năm sinh)",
    "Số định danh (CCCD)",
    "Điện thoại",
    "Ngày quyết định",
    "Số quyết định",
}


def blank_template(kind: str, *, unit_name: str = "", proposal=None) -> bytes:
    """The blank .xlsx of `kind`; for a nominee list of `proposal`, titled with its round and
    listing only the round's targets."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    from tdkt.catalog.models import Honour, Rating

    columns = COLUMNS[ImportKind(kind)]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Danh sách")
    last = get_column_letter(len(columns))
    sheet.merge_cells(f"A1:{last}1")
    title = str(TITLES[ImportKind(kind)])
    targets = None
    if proposal is not None:
        title = f"{title} – {proposal.round.name}".upper()
        targets = list(proposal.round.targets.order_by("order", "code"))
        unit_name = ""
        examples = {
            "Danh hiệu/Hình thức đề nghị": targets[0].name if targets else "",
            "Năm thành tích": str(proposal.round.year),
        }
        columns = [
            (label, width, examples.get(label, example)) for label, width, example in columns
        ]
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14, color="8C1D18")
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A2:{last}2")
    if kind == ImportKind.NOMINEES:
        sheet["A2"] = _(
            "Giữ nguyên dòng tiêu đề cột. Xóa dòng ví dụ (chữ nghiêng) trước khi nhập. Mỗi dòng "
            "một cá nhân hoặc một tập thể, đã có trong sổ (ghi số CCCD để khớp đúng người). "
            "Danh hiệu, hình thức ghi tên hoặc mã như trang “Danh mục”."
        )
    else:
        sheet["A2"] = _(
            "Giữ nguyên dòng tiêu đề cột. Xóa dòng ví dụ (chữ nghiêng) trước khi nhập. Ngày ghi "
            "dạng dd/mm/yyyy. Để trống cột Đơn vị thì dùng đơn vị chọn khi tải tệp lên."
        )
    sheet["A2"].font = Font(italic=True, color="5F6670")
    sheet["A2"].alignment = Alignment(wrap_text=True)
    sheet.row_dimensions[2].height = 32
    thin = Side(style="thin", color="9AA3AD")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="FDECEA")
    header_row, example_row = 4, 5
    for i, (label, width, example) in enumerate(columns, start=1):
        letter = get_column_letter(i)
        cell = sheet.cell(row=header_row, column=i, value=label)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[letter].width = width
        value = unit_name if label == "Đơn vị" and unit_name else example
        sample = sheet.cell(row=example_row, column=i, value=value or None)
        sample.font = Font(italic=True, color="5F6670")
        sample.border = border
        if label in TEXT_COLUMNS:
            for row in range(example_row, example_row + DATA_ROWS):
                sheet.cell(row=row, column=i).number_format = "@"
    sheet.freeze_panes = sheet.cell(row=example_row, column=1)

    codes = workbook.create_sheet(_("Danh mục"))
    codes.append([_("Mã"), _("Tên trong danh mục"), _("Nhóm")])
    for cell in codes[1]:
        cell.font = Font(bold=True)
        cell.fill = fill
    if kind == ImportKind.RATINGS:
        for rating in Rating.objects.order_by("-rank"):
            codes.append([rating.code, rating.name, _("Xếp loại")])
    else:
        honours = (
            targets
            if targets is not None
            else Honour.objects.filter(is_active=True).order_by("order", "code")
        )
        for honour in honours:
            codes.append([honour.code, honour.name, honour.get_category_display()])
    codes.column_dimensions["A"].width = 16
    codes.column_dimensions["B"].width = 52
    codes.column_dimensions["C"].width = 26
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
