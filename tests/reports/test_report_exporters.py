"""Exporters without a database: title block, formats, formula neutralisation, streaming."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from tdkt.reports.exporters import (
    EXPORTERS,
    Column,
    CsvExporter,
    Sheet,
    XlsxExporter,
    get_exporter,
    neutralise,
)
from tdkt.reports.exporters.base import DATE, MONEY, NUMBER

SHEET = Sheet(
    title="DANH SÁCH KHEN THƯỞNG NĂM 2025",
    columns=[
        Column("STT", NUMBER),
        Column("Họ và tên"),
        Column("Ngày sinh", DATE),
        Column("Tiền thưởng", MONEY),
    ],
    org_name="ỦY BAN NHÂN DÂN TỈNH",
    filters="Danh hiệu, hình thức: Lao động tiên tiến",
    exported_on=dt.date(2026, 1, 20),
)
ROWS = [
    (1, "Nguyễn Thị Hằng", dt.date(1985, 3, 9), 2_340_000),
    (2, '=HYPERLINK("http://x.vn","Bấm")', None, None),
    (3, "+84 912", 1979, 0),
]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_formula_like_text(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Nguyễn Văn A", "", "1+1", "a=b"])
def test_neutralise_leaves_plain_text(text):
    assert neutralise(text) == text


def test_registry_of_exporters():
    assert set(EXPORTERS) == {"xlsx", "csv"}
    assert get_exporter("csv") is CsvExporter
    assert get_exporter("pdf") is None
    assert (XlsxExporter.extension, CsvExporter.extension) == ("xlsx", "csv")


def test_csv_has_bom_title_block_and_vietnamese_formats():
    content = CsvExporter(SHEET).render(iter(ROWS))
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").split("\r\n")
    assert lines[:6] == [
        "ỦY BAN NHÂN DÂN TỈNH",
        "DANH SÁCH KHEN THƯỞNG NĂM 2025",
        '"Danh hiệu, hình thức: Lao động tiên tiến"',
        "Ngày xuất: 20/01/2026",
        "",
        "STT,Họ và tên,Ngày sinh,Tiền thưởng",
    ]
    assert lines[6] == "1,Nguyễn Thị Hằng,09/03/1985,2.340.000"
    assert lines[7] == '2,"\'=HYPERLINK(""http://x.vn"",""Bấm"")",,'
    assert lines[8] == "3,'+84 912,1979,0"


def test_csv_streams_in_chunks():
    many = ((i, f"Người {i}", None, i) for i in range(1, 1201))
    chunks = list(CsvExporter(SHEET).iter_chunks(many, batch=500))
    assert len(chunks) == 3
    assert b"".join(chunks).count(b"\r\n") == 6 + 1200


def test_xlsx_round_trip_and_no_formula():
    content = XlsxExporter(SHEET).render(iter(ROWS))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert [r[0] for r in rows[:4]] == [
        "ỦY BAN NHÂN DÂN TỈNH",
        "DANH SÁCH KHEN THƯỞNG NĂM 2025",
        "Danh hiệu, hình thức: Lao động tiên tiến",
        "Ngày xuất: 20/01/2026",
    ]
    assert rows[5] == ["STT", "Họ và tên", "Ngày sinh", "Tiền thưởng"]
    assert rows[6] == [1.0, "Nguyễn Thị Hằng", dt.date(1985, 3, 9), 2340000.0]
    assert rows[7][1] == '=HYPERLINK("http://x.vn","Bấm")'
    assert rows[8][1] == "+84 912"
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    styles = archive.read("xl/styles.xml").decode()
    assert 'formatCode="#,##0"' in styles  # shown 2.340.000 under a Vietnamese locale
    assert 'formatCode="dd/mm/yyyy"' in styles


def test_xlsx_writes_to_a_file_object(tmp_path):
    path = tmp_path / "out.xlsx"
    with path.open("wb") as fh:
        XlsxExporter(SHEET).write(iter(ROWS), fh)
    assert zipfile.is_zipfile(path)
