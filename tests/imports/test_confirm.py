"""Confirm: all-or-nothing, refused while errors remain, re-validated against the registry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tdkt.common.models import AuditLog
from tdkt.imports import services
from tdkt.imports.models import BatchStatus, ImportRow
from tdkt.imports.services import batch_cancel, batch_confirm, batch_create
from tdkt.people.models import Person
from tdkt.registry.models import AwardRecord, Decision
from tests.factories import make_award, make_decision
from tests.imports.helpers import tcvn3, xlsx

pytestmark = pytest.mark.django_db

HEADER = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Danh hiệu",
    "Năm thành tích",
    "Số QĐ",
    "Ngày QĐ",
    "Cơ quan ban hành",
]
ISSUER = "Ủy ban nhân dân xã An Lạc"


def make_batch(user, unit, rows, **kw):
    data = xlsx([HEADER, *rows], titles=["DANH SÁCH KHEN THƯỞNG"], header_row=3)
    return batch_create(
        user=user,
        kind="awards",
        unit=unit,
        file_name="kt.xlsx",
        data=data,
        create_missing=kw.pop("create_missing", True),
        **kw,
    )


GOOD = [
    [1, "Nguyễn Thị Hằng", "1985", "LDTT", 2024, "15/QĐ-UBND", "20/01/2025", ISSUER],
    [
        2,
        tcvn3("Nguyễn Văn An"),
        dt.date(1985, 8, 15),
        "CSTĐCS",
        2024,
        "15/QĐ-UBND",
        dt.date(2025, 1, 20),
        ISSUER,
    ],
    [3, "Nguyễn Văn An", "15/08/1985", "Giấy khen", 2024, None, None, None],
]


def test_confirm_writes_everything(alice, tree, person_a):
    batch = make_batch(alice, tree.commune_a, GOOD)
    assert [r.status for r in ImportRow.objects.filter(batch=batch).order_by("row_number")] == [
        "ok",
        "warning",
        "warning",
    ]
    batch = batch_confirm(batch=batch, actor=alice)
    assert batch.status == BatchStatus.CONFIRMED
    assert batch.written_count == 3
    assert batch.message == "Đã ghi 3 dòng vào sổ."
    an = Person.objects.get(full_name="Nguyễn Văn An")
    assert (an.birth_date, an.unit, an.search_key) == (
        dt.date(1985, 8, 15),
        tree.commune_a,
        "nguyen van an",
    )
    assert an.assignments.count() == 1
    decision = Decision.objects.get()
    assert (
        decision.number,
        decision.signed_on,
        decision.issuer_name,
        decision.source,
        decision.level,
    ) == ("15/QĐ-UBND", dt.date(2025, 1, 20), ISSUER, "import", "co_so")
    awards = {
        (a.person.full_name, a.honour_id, a.year_to, a.decision_id, a.source)
        for a in AwardRecord.objects.select_related("person")
    }
    assert awards == {
        ("Nguyễn Thị Hằng", "LDTT", 2024, decision.pk, "import"),
        ("Nguyễn Văn An", "CSTDCS", 2024, decision.pk, "import"),
        ("Nguyễn Văn An", "GK", 2024, None, "import"),
    }
    reason = f"Nhập từ Excel: lô #{batch.pk} (kt.xlsx)"
    assert AuditLog.objects.filter(action="registry.award.create", reason=reason).count() == 3
    assert AuditLog.objects.filter(action="people.person.create", reason=reason).count() == 1
    assert AuditLog.objects.filter(action="imports.batch.confirm", actor=alice).count() == 1


def test_existing_identical_decision_is_reused(alice, tree, person_a):
    existing = make_decision("15/QĐ-UBND", dt.date(2025, 1, 20), issuer_name=ISSUER, level="co_so")
    batch = make_batch(alice, tree.commune_a, GOOD[:1])
    row = ImportRow.objects.get(batch=batch)
    assert row.resolved["decision"] == (
        f"Quyết định số 15/QĐ-UBND ngày 20/01/2025 của {ISSUER} (đã có trong sổ)"
    )
    batch_confirm(batch=batch, actor=alice)
    assert Decision.objects.count() == 1
    assert AwardRecord.objects.get().decision == existing


def test_confirm_refused_while_errors(alice, tree, person_a):
    batch = make_batch(
        alice,
        tree.commune_a,
        [*GOOD, [4, "Lê Văn Dũng", "31/02/1990", "LDTT", 2024, None, None, None]],
    )
    assert batch.error_count == 1
    with pytest.raises(ValidationError) as exc:
        batch_confirm(batch=batch, actor=alice)
    assert exc.value.messages == [
        "Chưa thể ghi: còn 1 dòng lỗi. Sửa tệp rồi tải lên lại, hoặc đánh dấu “Bỏ qua các dòng "
        "lỗi” để chỉ ghi các dòng hợp lệ."
    ]
    assert AwardRecord.objects.count() == 0
    assert Person.objects.count() == 1
    batch = batch_confirm(batch=batch, actor=alice, skip_errors=True)
    assert batch.status == BatchStatus.CONFIRMED
    assert (batch.written_count, batch.skipped_count) == (3, 1)
    assert batch.options["skip_errors"] is True
    assert (
        AuditLog.objects.filter(
            action="registry.award.create",
            reason=f"Nhập từ Excel: lô #{batch.pk} (kt.xlsx); người nhập chọn bỏ qua 1 dòng lỗi",
        ).count()
        == 3
    )


def test_an_error_anywhere_writes_nothing(alice, tree, person_a, monkeypatch):
    batch = make_batch(alice, tree.commune_a, GOOD)
    real = services.prepare_award
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise ValidationError("Hỏng giữa chừng")
        return real(**kwargs)

    monkeypatch.setattr(services, "prepare_award", flaky)
    batch = batch_confirm(batch=batch, actor=alice)
    assert batch.status == BatchStatus.FAILED
    assert batch.message == ("Không ghi được, chưa có dòng nào được ghi vào sổ: Hỏng giữa chừng")
    assert AwardRecord.objects.count() == 0
    assert Decision.objects.count() == 0
    assert list(Person.objects.values_list("full_name", flat=True)) == ["Nguyễn Thị Hằng"]


def test_registry_changed_since_preview_aborts(alice, tree, person_a):
    batch = make_batch(alice, tree.commune_a, GOOD)
    make_award(person_a, "LDTT", 2024)  # someone records the same award meanwhile
    batch = batch_confirm(batch=batch, actor=alice)
    assert batch.status == BatchStatus.PREVIEW
    assert batch.message == (
        "Chưa ghi gì: dữ liệu trong sổ đã thay đổi từ lúc xem trước (các dòng 4). Bản xem "
        "trước đã được cập nhật, hãy kiểm tra lại rồi xác nhận."
    )
    assert ImportRow.objects.get(batch=batch, row_number=4).status == "duplicate"
    assert AwardRecord.objects.count() == 1
    batch = batch_confirm(batch=batch, actor=alice)
    assert batch.status == BatchStatus.CONFIRMED
    assert (batch.written_count, batch.skipped_count) == (2, 1)


def test_cancel(alice, tree, person_a):
    batch = make_batch(alice, tree.commune_a, GOOD)
    batch = batch_cancel(batch=batch, actor=alice)
    assert batch.status == BatchStatus.CANCELLED
    with pytest.raises(ValidationError):
        batch_confirm(batch=batch, actor=alice)
    assert AwardRecord.objects.count() == 0


def test_big_files_run_as_background_tasks(alice, tree, person_a, monkeypatch):
    monkeypatch.setattr(services, "INLINE_MAX_ROWS", 2)
    batch = make_batch(alice, tree.commune_a, GOOD)
    assert batch.task_id
    assert (batch.status, batch.progress, batch.total_rows) == (BatchStatus.PREVIEW, 100, 3)
    batch = batch_confirm(batch=batch, actor=alice)
    assert (batch.status, batch.written_count) == (BatchStatus.CONFIRMED, 3)
