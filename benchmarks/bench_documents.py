"""Benchmark of generated documents for one decision with N awardees (1,000 by default).

    .venv/bin/python benchmarks/bench_documents.py [--awardees 1000] [--pg postgres://...] [--pdf]

Measures, each on its own:

- list_docx: the attached list (danh_sach_kem_theo) with docxtpl, context builder included;
- payment_docx: the payment list (danh_sach_chi_tien_thuong) grouped by unit with subtotals;
- certificates_pdf: one Bằng khen page per awardee with fpdf2 (pages per second);
- with --pdf, list_pdf: the attached list converted to PDF by LibreOffice (when installed).

Floors measured in the same run: the same rows written as a plain CSV, and as a python-docx
table without docxtpl (the cost of the DOCX format itself); ratios are docxtpl / python-docx.
Prints one JSON line. SQLite runs in a temporary file; with --pg a temporary database is created
on that server and dropped afterwards (only the template look-ups touch the database).
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


def floor_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Danh hiệu", "Số tiền"])
    for i, row in enumerate(rows, start=1):
        amount = f"{row['amount']:,}".replace(",", ".")
        writer.writerow([i, row["name"], row["position_unit"], row["honour"], amount])
    return buffer.getvalue().encode("utf-8")


def floor_python_docx(rows: list[dict]) -> bytes:
    from docx import Document

    document = Document()
    table = document.add_table(rows=1, cols=5)
    table.style = document.styles["Table Grid"]
    for cell, text in zip(
        table.rows[0].cells,
        ["STT", "Họ và tên / Tập thể", "Chức vụ, đơn vị", "Danh hiệu", "Số tiền"],
        strict=True,
    ):
        cell.text = text
    for i, row in enumerate(rows, start=1):
        cells = table.add_row().cells
        amount = f"{row['amount']:,}".replace(",", ".")
        for cell, text in zip(
            cells,
            [str(i), row["name"], row["position_unit"], row["honour"], amount],
            strict=True,
        ):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def run(count: int, with_pdf: bool) -> dict:
    import datetime as dt

    from tdkt.documents import default_templates as dtp
    from tdkt.documents.certificates import certificates_pdf
    from tdkt.documents.services import (
        award_list_context,
        docx_to_pdf,
        libreoffice_path,
        payment_list_context,
        render_docx,
    )

    rows = awardee_rows(count)
    on = dt.date(2026, 1, 20)
    header = {
        k: v
        for k, v in dtp.SAMPLE_CONTEXTS["danh_sach_chi_tien_thuong"].items()
        if k not in {"groups", "rows", "total", "total_words"}
    }
    # Warm-up: the built-in templates are drawn once per process; fonts are found once.
    render_docx("danh_sach_kem_theo", award_list_context(rows[:2], **header), on=on)
    certificates_pdf(rows[:1], "bang_khen", common={"title": "BẰNG KHEN"})

    _csv, csv_s = timed(lambda: floor_csv(rows))
    _docx, floor_docx_s = timed(lambda: floor_python_docx(rows))
    list_docx, list_docx_s = timed(
        lambda: render_docx("danh_sach_kem_theo", award_list_context(rows, **header), on=on)
    )
    payment_docx, payment_docx_s = timed(
        lambda: render_docx(
            "danh_sach_chi_tien_thuong", payment_list_context(rows, **header), on=on
        )
    )
    common = {
        "issuer": "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI\nTẶNG",
        "title": "BẰNG KHEN",
        "decision_number": "15/QĐ-UBND",
        "decision_date": on,
        "place": "Hà Nội",
        "date": on,
        "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "signer_name": "Lê Hồng Sơn",
    }
    pdf, certificates_pdf_s = timed(lambda: certificates_pdf(rows, "bang_khen", common=common))
    result = {
        "bench": "documents",
        "awardees": count,
        "list_docx_s": round(list_docx_s, 3),
        "payment_docx_s": round(payment_docx_s, 3),
        "certificates_pdf_s": round(certificates_pdf_s, 3),
        "pages_per_s": round(count / certificates_pdf_s, 1),
        "floor_csv_s": round(csv_s, 4),
        "floor_python_docx_s": round(floor_docx_s, 3),
        "list_ratio_to_python_docx": round(list_docx_s / floor_docx_s, 2),
        "payment_ratio_to_python_docx": round(payment_docx_s / floor_docx_s, 2),
        "list_docx_kb": len(list_docx) // 1024,
        "payment_docx_kb": len(payment_docx) // 1024,
        "certificates_pdf_kb": len(pdf) // 1024,
    }
    if with_pdf and libreoffice_path():
        _list_pdf, list_pdf_s = timed(lambda: docx_to_pdf(list_docx, timeout=600))
        result["list_pdf_s"] = round(list_pdf_s, 2)
    result["ok"] = certificates_pdf_s < 60 and list_docx_s < 60 and payment_docx_s < 60
    return result


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
            log(f"rendering documents for {args.awardees} awardees")
            result = run(args.awardees, args.pdf)
        finally:
            if created_db:
                connection.creation.destroy_test_db(created_db, verbosity=0)
        result["db"] = "postgresql" if args.pg else "sqlite"
        print(json.dumps(result, ensure_ascii=False))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
