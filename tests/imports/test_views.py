"""The import screens: upload checks, preview page, mapping correction, scope (404), templates."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from tdkt.imports.mapping import detect_layout
from tdkt.imports.models import BatchStatus, ImportBatch, ImportRow
from tdkt.imports.parsing import read_workbook
from tdkt.imports.services import batch_create
from tdkt.registry.models import AwardRecord
from tests.imports.helpers import xlsx

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, unit, name: str, data: bytes, kind="awards", **extra):
    payload = {"kind": kind, "unit": unit.pk, "file": SimpleUploadedFile(name, data, XLSX)}
    payload.update(extra)
    return client.post(reverse("imports:new"), payload)


def simple_file() -> bytes:
    return xlsx(
        [
            ["Họ và tên", "Năm sinh", "Danh hiệu", "Năm"],
            ["Nguyễn Thị Hằng", 1985, "LDTT", 2024],
            ["Nguyễn Thị Hằng", 1985, "Bằng khen UBND tỉnh", 2024],
        ]
    )


@pytest.fixture
def alice_batch(alice, tree, person_a):
    return batch_create(
        user=alice, kind="awards", unit=tree.commune_a, file_name="a.xlsx", data=simple_file()
    )


def test_upload_preview_and_confirm(client, alice, tree, person_a):
    client.force_login(alice)
    response = upload(client, tree.commune_a, "khen-thuong.xlsx", simple_file())
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:detail", args=[batch.pk])
    assert (batch.user, batch.unit, batch.file_name, batch.status) == (
        alice,
        tree.commune_a,
        "khen-thuong.xlsx",
        BatchStatus.PREVIEW,
    )
    assert batch.file.name.startswith(f"imports/{batch.file_sha256[:2]}/")
    page = client.get(reverse("imports:detail", args=[batch.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bằng khen của bộ, ban, ngành, tỉnh (BK_TINH)" in html
    assert "Xác nhận ghi 2 dòng" in html
    response = client.post(reverse("imports:confirm", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CONFIRMED
    assert sorted(AwardRecord.objects.values_list("honour_id", flat=True)) == ["BK_TINH", "LDTT"]
    file = client.get(reverse("imports:file", args=[batch.pk]))
    assert file["Content-Disposition"] == 'attachment; filename="khen-thuong.xlsx"'
    content = b"".join(file.streaming_content)
    assert hashlib.sha256(content).hexdigest() == batch.file_sha256


def test_garbage_renamed_xlsx_is_refused(client, alice, tree):
    client.force_login(alice)
    response = upload(client, tree.commune_a, "danh-sach.xlsx", b"%PDF-1.4 not a spreadsheet")
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Tệp “danh-sach.xlsx” không phải tệp Excel hợp lệ: nội dung không khớp với phần đuôi tên "
        "tệp (có thể tệp đã bị đổi tên hoặc bị hỏng). Hãy mở tệp bằng Excel rồi chọn “Lưu thành” "
        "(Save As) dạng Excel Workbook (.xlsx)."
    ]
    assert ImportBatch.objects.count() == 0


def test_file_without_header_is_refused(client, alice, tree):
    client.force_login(alice)
    response = upload(client, tree.commune_a, "x.xlsx", xlsx([["a", "b"], [1, 2]]))
    assert response.context["form"].errors["file"] == [
        "Không tìm thấy dòng tiêu đề cột trong tệp “x.xlsx” (30 dòng đầu của mỗi trang tính). "
        "Dòng tiêu đề cần có các cột như “Họ và tên”, “Ngày sinh”, “Danh hiệu”. Hãy dùng tệp "
        "mẫu."
    ]


def test_too_many_rows_and_too_big(client, alice, tree, settings):
    client.force_login(alice)
    settings.TDKT_IMPORT_MAX_ROWS = 1
    response = upload(client, tree.commune_a, "a.xlsx", simple_file())
    assert response.context["form"].errors["file"] == [
        "Tệp “a.xlsx” có 2 dòng dữ liệu, vượt giới hạn 1 dòng mỗi lần nhập. Hãy chia thành "
        "nhiều tệp."
    ]
    settings.TDKT_UPLOAD_MAX_BYTES = 1024
    response = upload(client, tree.commune_a, "a.xlsx", simple_file())
    assert response.context["form"].errors["file"] == ["Tệp “a.xlsx” vượt giới hạn 0 MB."]
    assert ImportBatch.objects.count() == 0


def test_one_file_per_import(client, alice, tree):
    client.force_login(alice)
    response = client.post(
        reverse("imports:new"),
        {
            "kind": "awards",
            "unit": tree.commune_a.pk,
            "file": [
                SimpleUploadedFile("a.xlsx", simple_file(), XLSX),
                SimpleUploadedFile("b.xlsx", simple_file(), XLSX),
            ],
        },
    )
    assert response.context["form"].non_field_errors() == ["Mỗi lần nhập chỉ chọn một tệp."]
    assert ImportBatch.objects.count() == 0


def test_unit_outside_scope_is_not_offered(client, alice, tree):
    client.force_login(alice)
    response = upload(client, tree.commune_b, "a.xlsx", simple_file())
    assert "unit" in response.context["form"].errors
    assert ImportBatch.objects.count() == 0


def test_auditor_cannot_upload(client, auditor):
    client.force_login(auditor)
    assert client.get(reverse("imports:new")).status_code == 403


@pytest.mark.parametrize("name", ["detail", "file", "progress"])
def test_stranger_gets_404(client, bob, alice_batch, name):
    client.force_login(bob)
    assert client.get(reverse(f"imports:{name}", args=[alice_batch.pk])).status_code == 404


@pytest.mark.parametrize("name", ["confirm", "cancel", "remap"])
def test_stranger_cannot_post(client, bob, alice_batch, name):
    client.force_login(bob)
    assert client.post(reverse(f"imports:{name}", args=[alice_batch.pk])).status_code == 404
    alice_batch.refresh_from_db()
    assert alice_batch.status == BatchStatus.PREVIEW
    assert AwardRecord.objects.count() == 0


def test_writer_of_the_unit_sees_the_batch(client, specialist, alice_batch):
    client.force_login(specialist)
    assert client.get(reverse("imports:detail", args=[alice_batch.pk])).status_code == 200


def test_mapping_override_changes_the_result(client, alice, tree, person_a):
    data = xlsx(
        [["Họ và tên", "Năm sinh", "Nội dung khen", "Năm"], ["Nguyễn Thị Hằng", 1985, "LDTT", 2024]]
    )
    batch = batch_create(
        user=alice, kind="awards", unit=tree.commune_a, file_name="m.xlsx", data=data
    )
    assert [c["field"] for c in batch.mapping["columns"]] == ["full_name", "birth_year", "", "year"]
    assert batch.mapping["errors"] == [
        "Chưa xác định được cột “Danh hiệu/Hình thức”. Chọn lại cột tương ứng ở bảng “Cột trong "
        "tệp” rồi bấm “Xem trước lại”."
    ]
    assert ImportRow.objects.get(batch=batch).status == "error"
    client.force_login(alice)
    response = client.post(
        reverse("imports:remap", args=[batch.pk]),
        {"col_0": "full_name", "col_1": "birth_year", "col_2": "honour", "col_3": "year"},
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.mapping["errors"] == []
    assert batch.mapping["override"] is True
    row = ImportRow.objects.get(batch=batch)
    assert (row.status, row.cells["honour"], row.resolved["honour"]) == (
        "ok",
        "LDTT",
        "Lao động tiên tiến (LDTT)",
    )
    # The same field twice is refused with a message, the mapping is kept.
    response = client.post(
        reverse("imports:remap", args=[batch.pk]),
        {"col_0": "full_name", "col_1": "full_name", "col_2": "honour", "col_3": "year"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]][-1:] == [
        "“Họ và tên” được chọn cho hai cột (“Họ và tên” và “Năm sinh”). Mỗi trường chỉ chọn "
        "cho một cột."
    ]


def test_filter_and_errors_first(client, alice, tree, person_a):
    data = xlsx(
        [
            ["Họ và tên", "Năm sinh", "Danh hiệu", "Năm"],
            ["Nguyễn Thị Hằng", 1985, "LDTT", 2024],
            ["Nguyễn Thị Hằng", 1985, "XYZ", 2024],
        ]
    )
    batch = batch_create(
        user=alice, kind="awards", unit=tree.commune_a, file_name="f.xlsx", data=data
    )
    client.force_login(alice)
    page = client.get(reverse("imports:detail", args=[batch.pk]))
    assert [item["row"].row_number for item in page.context["table"]] == [3, 2]
    page = client.get(reverse("imports:detail", args=[batch.pk]), {"status": "ok"})
    assert [item["row"].row_number for item in page.context["table"]] == [2]


def test_progress_partial(client, alice, alice_batch):
    client.force_login(alice)
    response = client.get(
        reverse("imports:progress", args=[alice_batch.pk]), HTTP_HX_REQUEST="true"
    )
    assert response["HX-Refresh"] == "true"
    ImportBatch.objects.filter(pk=alice_batch.pk).update(status=BatchStatus.WRITING, progress=40)
    response = client.get(
        reverse("imports:progress", args=[alice_batch.pk]), HTTP_HX_REQUEST="true"
    )
    assert '<progress max="100" value="40">' in response.content.decode()
    assert 'hx-trigger="every 1s"' in response.content.decode()
    page = client.get(reverse("imports:detail", args=[alice_batch.pk]))
    assert page.templates[0].name == "imports/progress_page.html"


@pytest.mark.parametrize("kind", ["people", "ratings", "awards"])
def test_blank_templates(client, alice, kind):
    client.force_login(alice)
    response = client.get(reverse("imports:template", args=[kind]))
    assert response["Content-Type"] == XLSX
    data = response.content
    workbook = load_workbook(io.BytesIO(data))
    headers = [c.value for c in workbook.worksheets[0][4]]
    assert headers[:2] == ["STT", "Họ và tên"]
    sheet = read_workbook(data, "xlsx")[0]
    layout = detect_layout(sheet.rows, sheet.name, kind)
    assert layout.header_row == 3
    assert all(c.field for c in layout.columns), [c.label for c in layout.columns]
    assert client.get(reverse("imports:template", args=["khac"])).status_code == 404


@pytest.mark.parametrize("count", [1, 5])
def test_list_query_count(client, alice, django_assert_num_queries, count):
    for i in range(count):
        batch_create(
            user=alice,
            kind="awards",
            unit=alice.unit,
            file_name=f"{i}.xlsx",
            data=simple_file(),
            run=False,
        )
    client.force_login(alice)
    with django_assert_num_queries(11):
        response = client.get(reverse("imports:list"))
    assert len(response.context["batches"]) == count


def test_upload_form_offers_only_writable_units(client, alice, tree):
    client.force_login(alice)
    response = client.get(reverse("imports:new"), {"kind": "ratings"})
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["unit"].queryset) == [tree.commune_a, tree.school_a]
    assert form.initial == {"kind": "ratings"}
    assert form.fields["unit"].initial == tree.commune_a.pk


def test_detail_after_confirm_and_list(client, alice, bob, alice_batch):
    client.force_login(alice)
    client.post(reverse("imports:confirm", args=[alice_batch.pk]))
    page = client.get(reverse("imports:detail", args=[alice_batch.pk]))
    html = page.content.decode()
    assert "Đã ghi 2 dòng vào sổ." in html
    assert "Xác nhận ghi" not in html
    assert list(client.get(reverse("imports:list")).context["batches"]) == [alice_batch]
    client.force_login(bob)
    assert list(client.get(reverse("imports:list")).context["batches"]) == []
