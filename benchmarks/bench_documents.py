"""Benchmark of generated documents for one decision with N awardees (1,000 by default).

    .venv/bin/python benchmarks/bench_documents.py [--awardees 1000] [--pg postgres://...] [--pdf]

A decision with N awardees (persons in five units, bulk-inserted, not timed) is put in the
database; every measure starts from it (rows fetched in one query):

- list_docx: the attached list (danh_sach_kem_theo) with docxtpl, context builder included;
- payment_docx: the payment list (danh_sach_chi_tien_thuong) grouped by unit with subtotals;
- payment_xlsx: the same payment list as an Excel workbook (XlsxWriter, documents.sheets);
- certificates_pdf: the certificate batch service (documents.batches: batch_create + run_batch,
  progress updates and the stored file included), one Bằng khen page per awardee;
- with --pdf, list_pdf: the attached list converted to PDF by LibreOffice (when installed).

Floors measured in the same run on the same rows: a bare python-docx table (the cost of the
DOCX format itself), bare XlsxWriter rows without groups or formats, bare fpdf2 pages (same
font, fixed cells, no layout) and a plain CSV. Prints one JSON line per measure with seconds,
rows (pages) per second and the ratio to its floor. SQLite runs in a temporary file; with --pg
a temporary database is created on that server and dropped afterwards.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hằng", "Hà", "Lan", "Mai", "Nam", "Oanh", "Phúc", "Yến"]
UNITS = [
    "Trường Tiểu học Đống Đa",
    "Ủy ban nhân dân phường Ô Chợ Dừa",
    "Trường Trung học cơ sở Láng Thượng",
    "Trạm Y tế phường Văn Miếu - Quốc Tử Giám",
    "Công an phường Kim Liên",
]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def configure(pg_url: str | None, workdir: Path) -> None:
    """Environment BEFORE django.setup(): database, media and var dirs."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tdkt.settings"
    os.environ["TDKT_VAR_DIR"] = str(workdir / "var")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    os.environ["AXES_ENABLED"] = "false"
    if pg_url:
        os.environ["DATABASE_URL"] = pg_url
        os.environ["TEST_DATABASE_NAME"] = f"tdkt_bench_docs_{os.getpid()}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"


def awardee_rows(count: int) -> list[dict]:
    rows = []
    for i in range(count):
        name = (
            f"{FAMILY[i % len(FAMILY)]} {MIDDLE[(i // 11) % len(MIDDLE)]} "
            f"{GIVEN[(i // 110) % len(GIVEN)]}"
        )
        unit = UNITS[i % len(UNITS)]
        collective = i % 10 == 9
        rows.append(
            {
                "name": f"Tổ chuyên môn số {i}" if collective else name,
                "unit": unit,
                "position_unit": f"Chuyên viên, {unit}",
                "honour": "Bằng khen",
                "amount": 2_340_000 if collective else 1_170_000,
                "achievement": "Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025, "
                "góp phần vào sự nghiệp xây dựng và phát triển Thủ đô",
            }
        )
    return rows


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


AMOUNT_HEADERS = ["STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Danh hiệu", "Số tiền"]


def _amount(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def floor_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(AMOUNT_HEADERS)
    for i, row in enumerate(rows, start=1):
        writer.writerow(
            [i, row["name"], row["position_unit"], row["honour"], _amount(row["amount"])]
        )
    return buffer.getvalue().encode("utf-8")


def floor_python_docx(rows: list[dict]) -> bytes:
    """The same rows as a bare python-docx table: the cost of the DOCX format itself."""
    from docx import Document

    document = Document()
    table = document.add_table(rows=1, cols=5)
    table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, AMOUNT_HEADERS, strict=True):
        cell.text = text
    for i, row in enumerate(rows, start=1):
        cells = table.add_row().cells
        values = [str(i), row["name"], row["position_unit"], row["honour"], _amount(row["amount"])]
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def floor_xlsxwriter(rows: list[dict]) -> bytes:
    """The same rows written by XlsxWriter without groups, subtotals or formats."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    ws = workbook.add_worksheet()
    for col, text in enumerate(AMOUNT_HEADERS):
        ws.write_string(0, col, text)
    for i, row in enumerate(rows, start=1):
        ws.write_number(i, 0, i)
        ws.write_string(i, 1, row["name"])
        ws.write_string(i, 2, row["position_unit"])
        ws.write_string(i, 3, row["honour"])
        ws.write_number(i, 4, row["amount"])
    workbook.close()
    return buffer.getvalue()


def floor_fpdf(rows: list[dict]) -> bytes:
    """One page per row with bare fpdf2 (same font, fixed cells, no layout, no wrapping)."""
    from fpdf import FPDF

    from tdkt.documents.fonts import find_font_family

    family = find_font_family()
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("vn", "", str(family.regular))
    pdf.add_font("vn", "B", str(family.bold))
    for row in rows:
        pdf.add_page()
        pdf.set_font("vn", "B", 40)
        pdf.set_xy(20, 54)
        pdf.cell(257, 16, "BẰNG KHEN", align="C")
        pdf.set_font("vn", "B", 24)
        pdf.set_xy(20, 80)
        pdf.cell(257, 10, row["name"], align="C")
        pdf.set_font("vn", "", 16)
        pdf.set_xy(20, 94)
        pdf.cell(257, 8, row["position_unit"], align="C")
        pdf.set_xy(20, 108)
        pdf.cell(257, 8, row["achievement"][:90], align="C")
    return bytes(pdf.output())


def build_decision(count: int):
    """A decision with ``count`` awardees in five units (bulk inserts: the setup is not timed)."""
    import datetime as dt

    from tdkt.accounts.models import User
    from tdkt.orgs.services import unit_create
    from tdkt.people.models import Person
    from tdkt.registry.models import AwardRecord
    from tdkt.registry.services import decision_create

    province = unit_create(code="BENCH-T", name="Thành phố Hà Nội", kind="tinh", parent=None)
    units = [
        unit_create(code=f"BENCH-{i}", name=name, kind="su_nghiep", parent=province)
        for i, name in enumerate(UNITS)
    ]
    decision = decision_create(
        number="15/QĐ-UBND",
        signed_on=dt.date(2026, 1, 20),
        issuer_name="Ủy ban nhân dân thành phố Hà Nội",
        issuer_unit=province,
        signer_name="Lê Hồng Sơn",
        signer_title="Phó Chủ tịch",
        level="tinh",
    )
    data = awardee_rows(count)
    people = Person.objects.bulk_create(
        [
            Person(full_name=row["name"], position="Chuyên viên", unit=units[i % len(units)])
            for i, row in enumerate(data)
        ],
        batch_size=500,
    )
    if people[0].pk is None:  # backends that do not return ids
        people = list(Person.objects.order_by("id"))
    AwardRecord.objects.bulk_create(
        [
            AwardRecord(
                subject_kind="individual",
                person=person,
                honour_id="BK_TINH",
                award_type_id=decision.award_type_id,
                year_from=2025,
                year_to=2025,
                decision=decision,
                unit_at_time=person.unit,
                bonus_amount=row["amount"],
                achievement=row["achievement"],
            )
            for person, row in zip(people, data, strict=True)
        ],
        batch_size=500,
    )
    actor = User.objects.create_user(
        username="bench",
        password="bench-Mat-khau-1",  # noqa: S106 - a throwaway database
        full_name="Bench",
        is_superuser=True,
    )
    return decision, actor


def decision_rows(decision) -> list[dict]:
    """The decision's valid awards as list rows (one query)."""
    from tdkt.registry.models import AwardRecord

    qs = (
        AwardRecord.objects.filter(decision=decision, status="valid")
        .select_related("person", "collective", "household", "honour", "unit_at_time")
        .order_by("unit_at_time__path", "id")
    )
    rows = []
    for a in qs:
        unit = a.unit_at_time.name
        position = a.person.position if a.person_id else ""
        rows.append(
            {
                "name": str(a.subject) if not a.person_id else a.person.full_name,
                "unit": unit,
                "position_unit": ", ".join(p for p in (position, unit) if p),
                "honour": a.honour.name,
                "amount": a.bonus_amount or 0,
                "achievement": a.achievement,
            }
        )
    return rows


def measure(name: str, count: int, seconds: float, *, floor: str, floor_s: float, size: int):
    return {
        "bench": f"documents.{name}",
        "rows": count,
        "seconds": round(seconds, 3),
        "rows_per_s": round(count / seconds, 1) if seconds else None,
        "floor": floor,
        "floor_s": round(floor_s, 3),
        "ratio_to_floor": round(seconds / floor_s, 2) if floor_s else None,
        "kb": size // 1024,
        "ok": seconds < 60,
    }


def run(count: int, with_pdf: bool) -> list[dict]:
    from tdkt.documents import batches
    from tdkt.documents import default_templates as dtp
    from tdkt.documents.certificates import certificates_pdf
    from tdkt.documents.services import (
        award_list_context,
        docx_to_pdf,
        libreoffice_path,
        payment_list_context,
        render_docx,
    )
    from tdkt.documents.sheets import payment_list_xlsx

    decision, actor = build_decision(count)
    on = decision.signed_on
    header = {
        k: v
        for k, v in dtp.SAMPLE_CONTEXTS["danh_sach_chi_tien_thuong"].items()
        if k not in {"groups", "rows", "total", "total_words"}
    }
    header.update(number=decision.number, decision_date=on)
    # Warm-up: the built-in templates are drawn once per process; fonts are found once.
    warm = decision_rows(decision)[:2]
    render_docx("danh_sach_kem_theo", award_list_context(warm, **header), on=on)
    payment_list_xlsx(payment_list_context(warm, **header))
    certificates_pdf(warm[:1], "bang_khen", common={"title": "BẰNG KHEN"})
    floor_fpdf(warm[:1])

    rows = decision_rows(decision)
    assert len(rows) == count, (len(rows), count)
    _csv, csv_s = timed(lambda: floor_csv(rows))
    _docx, floor_docx_s = timed(lambda: floor_python_docx(rows))
    _xlsx, floor_xlsx_s = timed(lambda: floor_xlsxwriter(rows))
    _pdf, floor_pdf_s = timed(lambda: floor_fpdf(rows))

    list_docx, list_docx_s = timed(
        lambda: render_docx(
            "danh_sach_kem_theo", award_list_context(decision_rows(decision), **header), on=on
        )
    )
    payment_docx, payment_docx_s = timed(
        lambda: render_docx(
            "danh_sach_chi_tien_thuong",
            payment_list_context(decision_rows(decision), **header),
            on=on,
        )
    )
    payment_xlsx, payment_xlsx_s = timed(
        lambda: payment_list_xlsx(payment_list_context(decision_rows(decision), **header))
    )

    def print_batch():
        batch = batches.batch_create(decision=decision, actor=actor, layout="bang_khen", run=False)
        return batches.run_batch(batch.pk)

    batch, certificates_s = timed(print_batch)
    if batch.state != "done" or batch.done != count:
        raise SystemExit(f"certificate batch failed: {batch.state} {batch.error}")
    pdf_size = batch.result.size

    docx_floor = {"floor": "python-docx", "floor_s": floor_docx_s}
    results = [
        measure("list_docx", count, list_docx_s, **docx_floor, size=len(list_docx)),
        measure("payment_docx", count, payment_docx_s, **docx_floor, size=len(payment_docx)),
        measure(
            "payment_xlsx",
            count,
            payment_xlsx_s,
            floor="xlsxwriter",
            floor_s=floor_xlsx_s,
            size=len(payment_xlsx),
        ),
        measure(
            "certificates_pdf",
            count,
            certificates_s,
            floor="fpdf2",
            floor_s=floor_pdf_s,
            size=pdf_size,
        ),
    ]
    results[-1]["pages_per_s"] = results[-1].pop("rows_per_s")
    results[0]["floor_csv_s"] = round(csv_s, 4)
    if with_pdf and libreoffice_path():
        _list_pdf, list_pdf_s = timed(lambda: docx_to_pdf(list_docx, timeout=600))
        results.append(measure("list_pdf", count, list_docx_s + list_pdf_s, **docx_floor, size=0))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awardees", type=int, default=1_000)
    parser.add_argument("--pg", metavar="URL", help="PostgreSQL server URL (temporary database)")
    parser.add_argument("--pdf", action="store_true", help="also time LibreOffice DOCX -> PDF")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tdkt-bench-") as tmp:
        configure(args.pg, Path(tmp))
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        created_db = None
        if args.pg:
            created_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        else:
            call_command("migrate", verbosity=0)
        try:
            log(f"rendering documents for a decision with {args.awardees} awardees")
            results = run(args.awardees, args.pdf)
        finally:
            if created_db:
                connection.creation.destroy_test_db(created_db, verbosity=0)
        for result in results:
            result["db"] = "postgresql" if args.pg else "sqlite"
            print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
