"""The dossier page of a proposal: checklist, uploads, downloads (scope-checked), the unit's vote
and the generated DOCX; read-only for the receiving office; 404 for strangers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tdkt.nominations.models import DossierFile, Proposal
from tdkt.nominations.services import nominee_add
from tests.documents.helpers import docx_lines
from tests.nominations.conftest import (  # noqa: F401 (fixtures)
    _today,
    laggard,
    proposal,
    round_,
    worker,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def nominees(proposal, worker, laggard, alice):  # noqa: F811
    return [
        nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice),
        nominee_add(proposal=proposal, subject=laggard, target="CSTDCS", actor=alice),
    ]


def url(name, proposal, *args):  # noqa: F811
    return reverse(f"backoffice:proposals.dossier{name}", args=[proposal.pk, *args])


def msgs(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def upload(client, proposal, document, *files, nominee=None, replace=None):  # noqa: F811
    data = {"document": document, "files": list(files)}
    if nominee is not None:
        data["nominee"] = nominee.pk
    if replace is not None:
        data["replace"] = replace.pk
    return client.post(url(".upload", proposal), data, follow=True)


def test_unit_sees_the_checklist_and_uploads(client, alice, proposal, nominees):  # noqa: F811
    client.force_login(alice)
    response = client.get(url("", proposal))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Tờ trình (văn bản) đề nghị khen thưởng",
        "Biên bản bình xét thi đua",
        "Văn bản công nhận sáng kiến, đề tài khoa học",
        "Khoản 1 Điều 84 Luật TĐKT 2022",
        "Hồ sơ còn thiếu",
        "Tải mẫu báo cáo thành tích (DOCX)",
        "Lưu kết quả bình xét",
    ]:
        assert text in html, text

    response = upload(client, proposal, "to_trinh", SimpleUploadedFile("Tờ trình.pdf", PDF))
    assert msgs(response) == ["Đã tải lên 1 tệp: Tờ trình.pdf."]
    row = DossierFile.objects.get()
    assert "Tờ trình.pdf" in response.content.decode()
    download = client.get(url(".file", proposal, row.pk))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF


def test_fake_pdf_is_refused_with_a_message(client, alice, proposal, nominees):  # noqa: F811
    client.force_login(alice)
    fake = SimpleUploadedFile("gia-mao.pdf", b"hello, not a pdf")
    response = upload(client, proposal, "to_trinh", fake)
    assert response.status_code == 200
    assert msgs(response) == [
        "Tệp “gia-mao.pdf” không phải tệp PDF, JPEG, PNG hoặc Word (.docx) hợp lệ (hệ thống "
        "kiểm tra nội dung tệp, không dựa vào tên tệp)."
    ]
    assert not DossierFile.objects.exists()


def test_replace_from_the_page(client, alice, proposal, nominees):  # noqa: F811
    client.force_login(alice)
    ldtt = nominees[0]
    upload(client, proposal, "bao_cao_thanh_tich", SimpleUploadedFile("v1.pdf", PDF), nominee=ldtt)
    old = DossierFile.objects.get()
    response = upload(
        client,
        proposal,
        "bao_cao_thanh_tich",
        SimpleUploadedFile("v2.pdf", PDF),
        nominee=ldtt,
        replace=old,
    )
    assert msgs(response) == ["Đã thay tệp “v1.pdf” bằng “v2.pdf”."]
    old.refresh_from_db()
    assert old.superseded_by.original_name == "v2.pdf"
    assert DossierFile.objects.count() == 2


def test_stranger_gets_404_everywhere(client, bob, alice, proposal, nominees):  # noqa: F811
    client.force_login(alice)
    upload(client, proposal, "to_trinh", SimpleUploadedFile("a.pdf", PDF))
    row = DossierFile.objects.get()
    client.force_login(bob)
    for response in [
        client.get(url("", proposal)),
        client.get(url(".file", proposal, row.pk)),
        client.get(url(".report", proposal, nominees[0].pk)),
        client.get(url(".minutes", proposal)),
        client.post(url(".upload", proposal), {"document": "to_trinh"}),
        client.post(url(".vote", proposal), {}),
        client.post(url(".revoke", proposal, row.pk), {"reason": "x"}),
    ]:
        assert response.status_code == 404


def test_file_of_another_proposal_is_404(client, alice, bob, proposal, nominees):  # noqa: F811
    """A file is reached only through its own proposal, even by a user who sees both."""
    from tdkt.nominations.services import proposal_create
    from tests.factories import grant

    client.force_login(alice)
    upload(client, proposal, "to_trinh", SimpleUploadedFile("a.pdf", PDF))
    row = DossierFile.objects.get()
    other = proposal_create(round=proposal.round, unit=bob.unit, actor=bob)
    grant(alice, "officer", bob.unit)
    assert client.get(url("", other)).status_code == 200
    assert client.get(url(".file", other, row.pk)).status_code == 404


def test_receiving_office_reads_only(client, specialist, alice, proposal, nominees):  # noqa: F811
    client.force_login(alice)
    upload(client, proposal, "to_trinh", SimpleUploadedFile("a.pdf", PDF))
    row = DossierFile.objects.get()
    client.force_login(specialist)
    # A draft is not visible to the office.
    assert client.get(url("", proposal)).status_code == 404
    Proposal.objects.filter(pk=proposal.pk).update(state="submitted")
    response = client.get(url("", proposal))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chỉ xem" in html
    assert 'name="files"' not in html
    assert "Lưu kết quả bình xét" not in html
    assert client.get(url(".file", proposal, row.pk)).status_code == 200
    response = upload(client, proposal, "to_trinh", SimpleUploadedFile("b.pdf", PDF))
    assert msgs(response) == ["Chỉ cán bộ thi đua – khen thưởng của Xã An Lạc mới được sửa hồ sơ."]
    assert DossierFile.objects.count() == 1


def test_unit_vote_form_and_minutes(client, alice, proposal, nominees):  # noqa: F811
    client.force_login(alice)
    ldtt, cstdcs = nominees
    response = client.post(
        url(".vote", proposal),
        {
            "meeting_on": "10/01/2026",
            "members_total": "9",
            "members_present": "7",
            f"yes_{ldtt.pk}": "6",
            f"yes_{cstdcs.pk}": "",
        },
        follow=True,
    )
    assert msgs(response) == ["Đã lưu kết quả họp bình xét của đơn vị."]
    proposal.refresh_from_db()
    assert proposal.unit_meeting_on == dt.date(2026, 1, 10)
    ldtt.refresh_from_db()
    cstdcs.refresh_from_db()
    assert (ldtt.unit_votes_yes, cstdcs.unit_votes_yes) == (6, None)
    assert "85,71%" in response.content.decode()

    minutes = client.get(url(".minutes", proposal))
    assert minutes.status_code == 200
    assert minutes["Content-Disposition"].startswith("attachment;")
    lines = docx_lines(minutes.content)
    assert "1 | Nguyễn Văn Khoa | Lao động tiên tiến | 6 | 85,71 | 66,67" in lines
    assert "2 | Trần Thị Lan | Chiến sĩ thi đua cơ sở |  |  | " in lines

    response = client.post(
        url(".vote", proposal),
        {"meeting_on": "2026-01-10", "members_total": "3", "members_present": "5"},
        follow=True,
    )
    assert msgs(response) == ["Ngày họp bình xét: Ngày họp phải có dạng dd/mm/yyyy."]
    response = client.post(
        url(".vote", proposal),
        {"meeting_on": "10/01/2026", "members_total": "3", "members_present": "5"},
        follow=True,
    )
    assert msgs(response) == ["Số thành viên có mặt (5) lớn hơn tổng số thành viên (3)."]


def test_minutes_before_the_vote_says_so(client, alice, proposal, nominees):  # noqa: F811
    client.force_login(alice)
    response = client.get(url(".minutes", proposal), follow=True)
    assert msgs(response) == [
        "Chưa nhập kết quả họp bình xét của đơn vị (ngày họp, số thành viên, số phiếu)."
    ]


def test_report_download(client, alice, proposal, nominees):  # noqa: F811
    client.force_login(alice)
    response = client.get(url(".report", proposal, nominees[1].pk))
    assert response.status_code == 200
    assert 'filename="bao-cao-thanh-tich-tran-thi-lan.docx"' in response["Content-Disposition"]
    lines = docx_lines(response.content)
    assert "- Họ và tên: Trần Thị Lan" in lines
    assert "ĐỀ NGHỊ TẶNG CHIẾN SĨ THI ĐUA CƠ SỞ" in lines


def test_page_query_count_does_not_grow_with_nominees(client, alice, proposal, tree):  # noqa: F811
    from tests.factories import make_person

    client.force_login(alice)

    def add(n):
        for i in range(n):
            person = make_person(f"Người Thử {i} {n}", tree.commune_a, birth_year=1990)
            nominee = nominee_add(proposal=proposal, subject=person, target="LDTT", actor=alice)
            upload(
                client,
                proposal,
                "bao_cao_thanh_tich",
                SimpleUploadedFile(f"{i}.pdf", PDF),
                nominee=nominee,
            )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("", proposal)).status_code == 200
        return len(ctx.captured_queries)

    add(1)
    small = count()
    add(3)
    assert count() == small
