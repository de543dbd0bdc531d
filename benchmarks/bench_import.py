"""Benchmark of the Excel import: raw calamine parse (the floor), preview, confirm.

    .venv/bin/python benchmarks/bench_import.py [--rows 20000] [--pg postgres://...]

Generates an .xlsx of N award rows (half for people already in the registry, matched by
citizen ID, half for new people created by the import; one decision for all), then measures:

- floor: python-calamine reading the workbook, nothing else;
- preview: parse + validate every row + store the preview rows (ImportBatch/ImportRow);
- confirm: re-validate + write everything in one transaction (people, assignments, the
  decision, awards, audit entries).

Prints one JSON line on stdout: seconds, rows/second and the ratio of each phase to the floor.
SQLite runs in a temporary file; with --pg a temporary database is created on that server
and dropped afterwards.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def configure(pg_url: str | None, workdir: Path) -> None:
    """Environment BEFORE django.setup(): database, media and var dirs, immediate tasks."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tdkt.settings"
    os.environ["TDKT_VAR_DIR"] = str(workdir / "var")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    os.environ["AXES_ENABLED"] = "false"
    if pg_url:
        os.environ["DATABASE_URL"] = pg_url
        os.environ["TEST_DATABASE_NAME"] = f"tdkt_bench_{os.getpid()}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"


def build_file(rows: int, people: list[tuple[str, str, str]]) -> bytes:
    import xlsxwriter

    honours = ["LDTT", "Lao động tiên tiến", "CSTĐCS", "Giấy khen", "Bằng khen UBND tỉnh"]
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("DS")
    bold = workbook.add_format({"bold": True})
    sheet.merge_range(0, 0, 0, 8, "DANH SÁCH KHEN THƯỞNG NĂM 2024", bold)
    header = [
        "STT",
        "Họ và tên",
        "Ngày sinh",
        "Số CCCD",
        "Danh hiệu/Hình thức",
        "Năm",
        "Số QĐ",
        "Ngày QĐ",
        "Cơ quan ban hành",
    ]
    for col, label in enumerate(header):
        sheet.write_string(2, col, label, bold)
    for i in range(rows):
        name, birth, cid = people[i]
        row = i + 3
        sheet.write_number(row, 0, i + 1)
        sheet.write_string(row, 1, name)
        sheet.write_string(row, 2, birth)
        sheet.write_string(row, 3, cid)
        # One honour per person: the file has no duplicates.
        sheet.write_string(row, 4, honours[i % 2])
        sheet.write_number(row, 5, 2024)
        sheet.write_string(row, 6, "01/QĐ-UBND")
        sheet.write_string(row, 7, "20/01/2025")
        sheet.write_string(row, 8, "Ủy ban nhân dân xã Thử Nghiệm")
    workbook.close()
    return buffer.getvalue()


FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Thu", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hằng",
    "Hà",
    "Lan",
    "Mai",
    "Nam",
    "Oanh",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Uyên",
    "Vinh",
    "Yến",
    "Khoa",
    "Linh",
    "Trang",
]


def people_rows(count: int) -> list[tuple[str, str, str]]:
    out = []
    for i in range(count):
        name = (
            f"{FAMILY[i % len(FAMILY)]} {MIDDLE[(i // 16) % len(MIDDLE)]} "
            f"{GIVEN[(i // 160) % len(GIVEN)]}"
        )
        birth = f"{1 + i % 28:02d}/{1 + (i // 28) % 12:02d}/{1965 + i % 35}"
        cid = f"{i + 1:012d}"
        out.append((name, birth, cid))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--pg", metavar="URL", help="PostgreSQL server URL (temporary database)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tdkt-bench-") as tmp:
        workdir = Path(tmp)
        configure(args.pg, workdir)
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        settings.TDKT_IMPORT_MAX_ROWS = max(settings.TDKT_IMPORT_MAX_ROWS, args.rows)
        created_db = None
        if args.pg:
            created_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        else:
            call_command("migrate", verbosity=0)
        try:
            result = run(args.rows)
        finally:
            if created_db:
                connection.creation.destroy_test_db(created_db, verbosity=0)
        result["db"] = "postgresql" if args.pg else "sqlite"
        print(json.dumps(result, ensure_ascii=False))
    return 0


def run(rows: int) -> dict:
    from django.conf import settings

    from tdkt.accounts.models import RoleGrant, User
    from tdkt.imports import services
    from tdkt.imports.models import BatchStatus, ImportBatch
    from tdkt.imports.parsing import read_workbook
    from tdkt.orgs.services import unit_create
    from tdkt.people.models import Person
    from tdkt.people.services import prepare_person
    from tdkt.registry.models import AwardRecord

    province = unit_create(code="BENCH-T", name="Tỉnh Thử Nghiệm", kind="tinh")
    commune = unit_create(code="BENCH-X", name="Xã Thử Nghiệm", kind="xa", parent=province)
    user = User.objects.create_user(username="bench", password=None)
    RoleGrant.objects.create(user=user, role="officer", unit=commune)
    user.unit = commune
    user.save(update_fields=["unit"])

    people = people_rows(rows)
    existing = [
        prepare_person(unit=commune, full_name=name, birth_date=_date(birth), citizen_id=cid)
        for name, birth, cid in people[: rows // 2]
    ]
    Person.objects.bulk_create(existing, batch_size=1000)
    log(f"registry: {len(existing)} people; building a file of {rows} award rows")
    data = build_file(rows, people)

    start = time.perf_counter()
    sheets = read_workbook(data, "xlsx")
    floor = time.perf_counter() - start
    assert len(sheets[0].rows) >= rows

    batch = services.batch_create(
        user=user,
        kind="awards",
        unit=commune,
        file_name="bench.xlsx",
        data=data,
        create_missing=True,
        run=False,
    )
    start = time.perf_counter()
    services.run_preview(batch.pk)
    preview = time.perf_counter() - start
    batch.refresh_from_db()
    log(
        f"preview: {batch.status} ok={batch.ok_count} warning={batch.warning_count} "
        f"error={batch.error_count} duplicate={batch.duplicate_count}"
    )
    if batch.error_count or batch.status != BatchStatus.PREVIEW:
        raise SystemExit(f"unexpected preview: {batch.status} {batch.message}")

    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.WRITING)
    start = time.perf_counter()
    services.run_confirm(batch.pk, user.pk)
    confirm = time.perf_counter() - start
    batch.refresh_from_db()
    if batch.status != BatchStatus.CONFIRMED:
        raise SystemExit(f"confirm failed: {batch.message}")
    written = AwardRecord.objects.count()
    assert written == rows, written
    _ = settings
    return {
        "bench": "import_awards",
        "rows": rows,
        "floor_s": round(floor, 3),
        "preview_s": round(preview, 3),
        "confirm_s": round(confirm, 3),
        "floor_rows_per_s": round(rows / floor),
        "preview_rows_per_s": round(rows / preview),
        "confirm_rows_per_s": round(rows / confirm),
        "preview_ratio": round(preview / floor, 1),
        "confirm_ratio": round(confirm / floor, 1),
        "written": written,
        "people_created": Person.objects.count() - len(existing),
    }


def _date(text: str):
    import datetime as dt

    day, month, year = (int(p) for p in text.split("/"))
    return dt.date(year, month, day)


if __name__ == "__main__":
    raise SystemExit(main())
