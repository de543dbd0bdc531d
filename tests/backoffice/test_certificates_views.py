"""Certificate screens: print batches with progress and download, the layout editor, document
templates, and the award revocation screen."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tdkt.documents import batches
from tdkt.documents.certificates import CERTIFICATE_FIELDS, DEFAULT_LAYOUTS
from tdkt.documents.models import BatchState, CertificateBatch, CertificateLayout, DocumentTemplate
from tdkt.registry.enums import RecordStatus
from tests.documents.helpers import pdf_page_count
from tests.factories import grant, make_award, make_decision, make_person, make_user

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
        level="co_so",
    )


def _awards(decision, unit, count: int, start: int = 0):
    return [
        make_award(
            make_person(f"Lê Thị Hoa {i}", unit),
            "GK",
            2024,
            decision=decision,
            issuer_level="xa",
            bonus_amount=1_170_000,
        )
        for i in range(start, start + count)
    ]


@pytest.fixture
def awards(decision, tree):
    return _awards(decision, tree.commune_a, 3)


@pytest.fixture
def province_officer(tree):
    return grant(make_user("sotdkt"), "officer", tree.province)


def test_decision_page_links_to_printing(client, alice, decision, awards):
    client.force_login(alice)
    html = client.get(reverse("backoffice:decisions.detail", args=[decision.pk])).content.decode()
    assert reverse("backoffice:certificates.new", args=[decision.pk]) in html
    assert "In bằng khen / giấy khen" in html


def test_print_batch_then_download_the_pdf(client, alice, decision, awards):
    client.force_login(alice)
    page = client.get(reverse("backoffice:certificates.new", args=[decision.pk]))
    assert "3 khen thưởng còn hiệu lực trong phạm vi của bạn." in page.content.decode()

    response = client.post(reverse("backoffice:certificates.new", args=[decision.pk]), {})
    batch = CertificateBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("backoffice:certificates.detail", args=[batch.pk])
    assert (batch.state, batch.done, batch.total, batch.created_by) == (
        BatchState.DONE,
        3,
        3,
        alice,
    )

    html = client.get(response.url).content.decode()
    assert "Đã in 3/3 trang" in html
    assert reverse("backoffice:certificates.download", args=[batch.pk]) in html
    assert "hx-get" not in html  # finished: no more polling

    download = client.get(reverse("backoffice:certificates.download", args=[batch.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert pdf_page_count(b"".join(download.streaming_content)) == 3


def test_one_honour_and_a_chosen_layout(client, alice, decision, awards, tree):
    person = make_person("Phạm Văn Tư", tree.commune_a)
    make_award(person, "LDTT", 2024, decision=decision)
    client.force_login(alice)
    client.post(
        reverse("backoffice:certificates.new", args=[decision.pk]),
        {"honour": "LDTT", "layout": "bang_khen"},
    )
    batch = CertificateBatch.objects.get()
    assert (batch.total, batch.honour_id, batch.layout_code) == (1, "LDTT", "bang_khen")


def test_progress_fragment_polls_while_running(client, alice, decision, awards):
    batch = batches.batch_create(decision=decision, actor=alice, run=False)
    CertificateBatch.objects.filter(pk=batch.pk).update(state=BatchState.RUNNING, done=1, total=4)
    client.force_login(alice)
    url = reverse("backoffice:certificates.progress", args=[batch.pk])
    html = client.get(url).content.decode()
    assert f'hx-get="{url}"' in html
    assert '<progress max="100" value="25">' in html
    assert "Đã in 1/4 trang" in html
    assert "Đang in" in html

    CertificateBatch.objects.filter(pk=batch.pk).update(state=BatchState.DONE, done=4)
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert done.headers["HX-Refresh"] == "true"


def test_failed_batch_shows_its_error(client, alice, decision, awards):
    batch = batches.batch_create(decision=decision, actor=alice, run=False)
    CertificateBatch.objects.filter(pk=batch.pk).update(layout_code="phoi_cu")
    batches.run_batch(batch.pk)
    client.force_login(alice)
    html = client.get(reverse("backoffice:certificates.detail", args=[batch.pk])).content.decode()
    assert "Chưa có bố cục in “phoi_cu”." in html
    assert reverse("backoffice:certificates.download", args=[batch.pk]) not in html


def test_no_printable_award_shows_a_message(client, alice, tree):
    decision = make_decision("30/QĐ-UBND", dt.date(2025, 3, 1), issuer_unit=tree.commune_a)
    client.force_login(alice)
    response = client.post(reverse("backoffice:certificates.new", args=[decision.pk]), {})
    assert response.status_code == 200
    assert (
        "Quyết định này không có khen thưởng còn hiệu lực nào trong phạm vi của bạn để in."
        in response.content.decode()
    )
    assert CertificateBatch.objects.count() == 0


def test_stranger_gets_404_everywhere(client, alice, bob, decision, awards):
    batch = batches.batch_create(decision=decision, actor=alice)
    client.force_login(bob)
    for name, args in [
        ("certificates.new", [decision.pk]),
        ("certificates.detail", [batch.pk]),
        ("certificates.progress", [batch.pk]),
        ("certificates.download", [batch.pk]),
    ]:
        assert client.get(reverse(f"backoffice:{name}", args=args)).status_code == 404, name
    assert (
        client.post(reverse("backoffice:certificates.new", args=[decision.pk])).status_code == 404
    )
    html = client.get(reverse("backoffice:certificates.list")).content.decode()
    assert "Chưa có lượt in nào trong phạm vi của bạn." in html


def test_list_runs_a_constant_number_of_queries(client, alice, decision, tree):
    _awards(decision, tree.commune_a, 1)
    client.force_login(alice)
    url = reverse("backoffice:certificates.list")
    batches.batch_create(decision=decision, actor=alice)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        first = client.get(url)
    for _ in range(4):
        batches.batch_create(decision=decision, actor=alice)
    with CaptureQueriesContext(connection) as five:
        second = client.get(url)
    assert first.content.decode().count("15/QĐ-UBND") == 1
    assert second.content.decode().count("15/QĐ-UBND") == 5
    assert len(five) == len(one)


# --- layouts -----------------------------------------------------------------------------------


def layout_post(code: str = "bang_khen", **changes) -> dict:
    spec = DEFAULT_LAYOUTS[code]
    data = {
        "name": "Bằng khen phôi 2026",
        "page_format": "A4",
        "orientation": "L",
        "reason": "Phôi mới",
        "action": "save",
    }
    for key in CERTIFICATE_FIELDS:
        f = spec["fields"][key]
        data.update(
            {
                f"{key}__x": f"{f['x']:g}",
                f"{key}__y": f"{f['y']:g}",
                f"{key}__w": f"{f['w']:g}",
                f"{key}__size": f"{f['size']:g}",
                f"{key}__align": f["align"],
                f"{key}__color": f["color"],
                f"{key}__show": "on",
            }
        )
        if f["bold"]:
            data[f"{key}__bold"] = "on"
        if f["italic"]:
            data[f"{key}__italic"] = "on"
    data.update(changes)
    return data


def test_layout_editor_saves_offsets_with_comma_decimals(client, specialist):
    client.force_login(specialist)
    url = reverse("backoffice:certificates.layout", args=["bang_khen"])
    assert client.get(url).status_code == 200
    data = layout_post(name__x="25,5", name__size="26")
    data.pop("national_header__show")
    response = client.post(url, data)
    assert response.status_code == 302
    layout = CertificateLayout.objects.get(code="bang_khen")
    assert layout.name == "Bằng khen phôi 2026"
    assert (layout.fields["name"]["x"], layout.fields["name"]["size"]) == (25.5, 26.0)
    assert layout.fields["national_header"]["show"] is False
    html = client.get(url).content.decode()
    assert 'value="25.5"' in html


def test_layout_errors_are_shown_in_vietnamese(client, specialist):
    client.force_login(specialist)
    url = reverse("backoffice:certificates.layout", args=["bang_khen"])
    response = client.post(url, layout_post(name__y="400", title__size="abc"))
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Họ tên người hoặc tên tập thể được khen: vị trí (20; 400) mm nằm ngoài trang "
        "297 x 210 mm." in html
    )
    assert "x, y, độ rộng và cỡ chữ phải là số." in html
    assert CertificateLayout.objects.count() == 0


def test_layout_preview_is_a_one_page_pdf(client, specialist, decision, awards):
    client.force_login(specialist)
    url = reverse("backoffice:certificates.layout", args=["giay_khen"])
    response = client.post(url, layout_post("giay_khen", action="preview"))
    assert response["Content-Type"] == "application/pdf"
    assert pdf_page_count(response.content) == 1
    assert CertificateLayout.objects.count() == 0  # a preview saves nothing


def test_layouts_and_templates_need_the_issuing_unit(client, alice, province_officer):
    client.force_login(alice)
    for url in [
        reverse("backoffice:certificates.layouts"),
        reverse("backoffice:certificates.layout", args=["bang_khen"]),
        reverse("backoffice:templates.list"),
        reverse("backoffice:templates.detail", args=["danh_sach_kem_theo"]),
    ]:
        assert client.get(url).status_code == 403, url
    client.force_login(province_officer)
    assert client.get(reverse("backoffice:certificates.layouts")).status_code == 200
    assert client.get(reverse("backoffice:templates.list")).status_code == 200
    assert client.get(reverse("backoffice:certificates.layout", args=["khong_co"])).status_code == (
        404
    )


# --- document templates ------------------------------------------------------------------------


def plain_docx(*paragraphs: str) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_template_list_and_builtin_download(client, specialist):
    client.force_login(specialist)
    html = client.get(reverse("backoffice:templates.list")).content.decode()
    assert "danh_sach_kem_theo" in html
    assert "Mẫu mặc định" in html
    response = client.get(reverse("backoffice:templates.download", args=["danh_sach_kem_theo"]))
    assert response["Content-Type"] == DOCX_TYPE
    assert response.content.startswith(b"PK\x03\x04")


def test_non_docx_upload_is_refused_with_a_message(client, specialist):
    client.force_login(specialist)
    url = reverse("backoffice:templates.detail", args=["danh_sach_kem_theo"])
    upload = SimpleUploadedFile("mau.docx", b"%PDF-1.4 not a docx", content_type=DOCX_TYPE)
    response = client.post(url, {"file": upload, "reason": "Thử"})
    assert response.status_code == 200
    assert (
        "Tệp tải lên không phải tài liệu Word .docx (có thể là .doc cũ hoặc PDF)."
        in response.content.decode()
    )
    assert DocumentTemplate.objects.count() == 0


def test_upload_download_and_deactivate_a_version(client, specialist):
    client.force_login(specialist)
    url = reverse("backoffice:templates.detail", args=["danh_sach_kem_theo"])
    data = plain_docx("DANH SÁCH KÈM THEO", "{{ so_quyet_dinh }}")
    upload = SimpleUploadedFile("danh-sach.docx", data, content_type=DOCX_TYPE)
    response = client.post(
        url, {"file": upload, "name": "Danh sách (mẫu tỉnh)", "reason": "Mẫu của tỉnh"}
    )
    assert response.status_code == 302
    template = DocumentTemplate.objects.get()
    assert (template.version, template.name, template.uploaded_by) == (
        1,
        "Danh sách (mẫu tỉnh)",
        specialist,
    )
    current = client.get(reverse("backoffice:templates.download", args=["danh_sach_kem_theo"]))
    assert current.content == data

    deactivate = reverse("backoffice:templates.deactivate", args=[template.pk])
    refused = client.post(deactivate, {"reason": ""}, follow=True)
    assert "Cần ghi lý do ngừng dùng mẫu." in refused.content.decode()
    template.refresh_from_db()
    assert template.is_active

    client.post(deactivate, {"reason": "Sai mẫu"})
    template.refresh_from_db()
    assert (template.is_active, template.reason) == (False, "Mẫu của tỉnh")
    back = client.get(reverse("backoffice:templates.download", args=["danh_sach_kem_theo"]))
    assert back.content != data  # the built-in default again


def test_unknown_template_code_is_404(client, specialist):
    client.force_login(specialist)
    assert client.get(reverse("backoffice:templates.detail", args=["khong_co"])).status_code == 404


# --- award revocation --------------------------------------------------------------------------


def test_revocation_by_decision_number_with_recovered_amount(client, alice, decision, awards, tree):
    revoking = make_decision(
        "40/QĐ-UBND", dt.date(2025, 6, 2), issuer_unit=tree.commune_a, level="co_so"
    )
    award = awards[0]
    client.force_login(alice)
    url = reverse("backoffice:awards.revoke", args=[award.pk])
    response = client.post(
        url,
        {
            "reason": "Khai không đúng thành tích",
            "decision_number": "40/qđ-ubnd",
            "decision_date": "02/06/2025",
            "on": "05/06/2025",
            "bonus_recovered": "1.170.000",
        },
    )
    assert response.status_code == 302
    award.refresh_from_db()
    assert (
        award.status,
        award.revoked_reason,
        award.revoked_by,
        award.revoked_on,
        award.bonus_recovered,
    ) == (
        RecordStatus.REVOKED,
        "Khai không đúng thành tích",
        revoking,
        dt.date(2025, 6, 5),
        1_170_000,
    )
    html = client.get(url).content.decode()
    assert "Khen thưởng này đã bị thu hồi." in html
    assert "1.170.000 đ" in html
    assert "Quyết định số 40/QĐ-UBND ngày 02/06/2025" in html
    assert "Khai không đúng thành tích" in html


def test_revocation_with_an_unknown_decision_number_is_refused(client, alice, awards):
    client.force_login(alice)
    url = reverse("backoffice:awards.revoke", args=[awards[0].pk])
    response = client.post(url, {"reason": "Sai", "decision_number": "99/QĐ-UBND"})
    assert response.status_code == 200
    assert "Không tìm thấy quyết định số 99/QĐ-UBND trong sổ" in response.content.decode()
    awards[0].refresh_from_db()
    assert awards[0].status == RecordStatus.VALID


def test_revocation_stranger_404(client, bob, awards):
    client.force_login(bob)
    url = reverse("backoffice:awards.revoke", args=[awards[0].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x"}).status_code == 404
