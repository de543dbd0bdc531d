"""Certificate batches: one PDF page per valid award of a decision, progress, failures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tdkt.common.models import AuditLog
from tdkt.documents import batches
from tdkt.documents.models import BatchState, CertificateBatch
from tdkt.documents.tasks import certificate_batch_task
from tdkt.registry.services import award_revoke
from tests.documents.helpers import pdf_page_count, pdf_text, squash
from tests.factories import make_award, make_decision, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def decision(tree):
    return make_decision(
        "15/QĐ-UBND",
        dt.date(2025, 1, 20),
        issuer_unit=tree.commune_a,
        issuer_name="Ủy ban nhân dân xã An Lạc",
        signer_name="Lê Văn Sơn",
        signer_title="Chủ tịch",
        level="co_so",
    )


def _awards(decision, unit, count: int, honour_id: str = "GK"):
    out = []
    for i in range(count):
        person = make_person(f"Nguyễn Văn Mười {i}", unit, position="Giáo viên")
        out.append(
            make_award(
                person,
                honour_id,
                2024,
                decision=decision,
                issuer_level="xa",
                achievement="Đã có thành tích xuất sắc năm 2024",
            )
        )
    return out


def test_task_renders_one_page_per_valid_award_and_counts_done(decision, tree, alice):
    awards = _awards(decision, tree.commune_a, 7)
    award_revoke(record=awards[-1], reason="Khen nhầm người", actor=alice)
    batch = batches.batch_create(decision=decision, actor=alice, run=False)
    assert (batch.state, batch.total, batch.done, batch.layout_code) == (
        BatchState.QUEUED,
        6,
        0,
        "giay_khen",
    )

    certificate_batch_task.call(batch.pk)  # the task body, as the worker runs it

    batch.refresh_from_db()
    assert (batch.state, batch.done, batch.total, batch.error) == (BatchState.DONE, 6, 6, "")
    assert batch.finished_at is not None
    data = batch.result.read()
    assert pdf_page_count(data) == 6
    text = squash(pdf_text(data))
    assert "Nguyễn Văn Mười 0" in text
    assert "Nguyễn Văn Mười 6" not in text  # revoked: not printed
    assert "GIẤY KHEN" in text
    assert "Quyết định số 15/QĐ-UBND ngày 20/01/2025" in text
    assert AuditLog.objects.filter(action="documents.certificates.create").count() == 1


def test_progress_moves_in_chunks_while_rendering(decision, tree, alice, monkeypatch):
    _awards(decision, tree.commune_a, 5)
    batch = batches.batch_create(decision=decision, actor=alice, run=False)
    seen: list[int] = []
    original = batches._counting

    def spy(batch_id, pages, chunk):
        for page in original(batch_id, pages, chunk):
            seen.append(CertificateBatch.objects.get(pk=batch_id).done)
            yield page

    monkeypatch.setattr(batches, "_counting", spy)
    batches.run_batch(batch.pk, chunk=2)
    assert seen == [0, 0, 2, 2, 4]
    batch.refresh_from_db()
    assert (batch.done, batch.state) == (5, BatchState.DONE)


def test_small_batch_runs_inline_and_large_one_is_enqueued(decision, tree, alice, settings):
    _awards(decision, tree.commune_a, 3)
    settings.TDKT_CERTIFICATE_INLINE_MAX = 50
    inline = batches.batch_create(decision=decision, actor=alice)
    assert (inline.state, inline.task_id) == (BatchState.DONE, "")
    settings.TDKT_CERTIFICATE_INLINE_MAX = 1
    queued = batches.batch_create(decision=decision, actor=alice)
    # Tests use the immediate backend: the enqueued task has already run.
    assert queued.task_id != ""
    assert (queued.state, queued.done) == (BatchState.DONE, 3)


def test_failure_stores_the_vietnamese_error(decision, tree, alice):
    _awards(decision, tree.commune_a, 2)
    batch = batches.batch_create(decision=decision, actor=alice, run=False)
    CertificateBatch.objects.filter(pk=batch.pk).update(layout_code="phoi_da_xoa")

    batches.run_batch(batch.pk)

    batch.refresh_from_db()
    assert batch.state == BatchState.FAILED
    assert batch.error == "Chưa có bố cục in “phoi_da_xoa”."
    assert not batch.result
    assert batch.finished_at is not None


def test_batch_already_taken_is_not_run_twice(decision, tree, alice):
    _awards(decision, tree.commune_a, 1)
    batch = batches.batch_create(decision=decision, actor=alice)
    first_file = batch.result.name
    again = batches.run_batch(batch.pk)
    assert (again.state, again.result.name) == (BatchState.DONE, first_file)


def test_only_awards_in_the_writer_scope_are_printed(tree, alice):
    decision = make_decision("20/QĐ-UBND", dt.date(2025, 2, 1), issuer_name="UBND tỉnh")
    _awards(decision, tree.commune_a, 2, honour_id="BK_TINH")
    _awards(decision, tree.commune_b, 3, honour_id="BK_TINH")
    batch = batches.batch_create(decision=decision, actor=alice)
    assert (batch.total, batch.layout_code, batch.unit) == (2, "bang_khen", tree.commune_a)
    assert pdf_page_count(batch.result.read()) == 2


def test_no_printable_award_is_refused(decision, bob):
    with pytest.raises(ValidationError) as caught:
        batches.batch_create(decision=decision, actor=bob)
    assert caught.value.messages == [
        "Quyết định này không có khen thưởng còn hiệu lực nào trong phạm vi của bạn để in."
    ]


def test_unknown_layout_is_refused_before_queueing(decision, tree, alice):
    _awards(decision, tree.commune_a, 1)
    with pytest.raises(ValidationError) as caught:
        batches.batch_create(decision=decision, actor=alice, layout="khong_co")
    assert caught.value.message_dict == {"layout": ["Chưa có bố cục in “khong_co”."]}
    assert CertificateBatch.objects.count() == 0


def test_batches_for_scope(decision, tree, alice, bob, admin_user):
    _awards(decision, tree.commune_a, 1)
    batch = batches.batch_create(decision=decision, actor=alice)
    assert list(batches.batches_for(alice)) == [batch]
    assert list(batches.batches_for(bob)) == []
    assert list(batches.batches_for(admin_user)) == [batch]


def test_payment_list_xlsx_groups_units_with_subtotals():
    import io

    from python_calamine import CalamineWorkbook

    from tdkt.documents.services import payment_list_context
    from tdkt.documents.sheets import payment_list_xlsx

    rows = [
        {
            "unit": "Trường Tiểu học An Lạc",
            "name": "Nguyễn Thị Hằng",
            "honour": "Giấy khen",
            "amount": 1_170_000,
        },
        {
            "unit": "Xã Bình Minh",
            "name": '=HYPERLINK("x")',
            "honour": "Giấy khen",
            "amount": 2_340_000,
        },
        {
            "unit": "Trường Tiểu học An Lạc",
            "name": "Trần Văn Bình",
            "honour": "Giấy khen",
            "amount": 1_170_000,
        },
    ]
    context = payment_list_context(rows, number="15/QĐ-UBND", decision_date="20/01/2025")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(payment_list_xlsx(context)))
    values = sheet.get_sheet_by_index(0).to_python()
    body = [r for r in values if r and r[1] not in ("", None)]
    assert body[-7:] == [
        ["STT", "Họ và tên", "Danh hiệu, hình thức", "Số tiền (đồng)", "Ký nhận"],
        ["I", "Trường Tiểu học An Lạc", "", 2_340_000, ""],
        [1, "Nguyễn Thị Hằng", "Giấy khen", 1_170_000, ""],
        [2, "Trần Văn Bình", "Giấy khen", 1_170_000, ""],
        ["II", "Xã Bình Minh", "", 2_340_000, ""],
        [3, '=HYPERLINK("x")', "Giấy khen", 2_340_000, ""],
        ["", "Tổng cộng", "", 4_680_000, ""],
    ]
