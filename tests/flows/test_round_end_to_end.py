"""Acceptance of issue 4, driven through the back-office screens with the Django test client: a
provincial round; commune A builds its proposal on screen (an ineligible nominee refused at
submission until the head overrides with a reason), commune B imports its list from Excel; the
office receives A, returns B, B withdraws a nominee and resubmits; assignment and appraisal (one
lower form, the override shown to the appraiser); public notice with a citizen's comment on the
portal; a council session with electronic secret ballots on each member's own client (one case
fails its threshold) and the minutes; the decision signed into the registry with the engine's
bonuses, the payment list (Excel, DOCX) and the certificates PDF.

No target of a provincial round requires a notice by law, so the office publishes the list by
choice; the blocking of a required notice is covered in tests/backoffice/test_council_views.py.
Services are used only to set up the people, ratings, users and the council. One clock
(`_today` of nominations, portal and awarding) moves forward through January–February 2026.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.council.conftest import make_council
from tests.documents.helpers import docx_lines, pdf_page_count
from tests.factories import grant, make_initiative, make_person, make_rating, make_user

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OVERRIDE_REASON = "Có thành tích đột xuất trong phòng chống bão số 3 năm 2025."
RETURN_REASON = "Ông Võ Văn Tài đã chuyển công tác từ tháng 10/2025, đề nghị rút khỏi danh sách."
COMMENT = "Bà Lê Thị Mai nhiều lần đi làm muộn trong năm 2025, đề nghị Hội đồng xem xét."
LACKING_LAN = "Cần xếp loại Hoàn thành tốt nhiệm vụ trở lên năm 2025"


# --------------------------------------------------------------------------- helpers


def msgs(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def login(client: Client, user) -> Client:
    client.logout()
    client.force_login(user)
    return client


def text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def seen(proposal) -> dict:
    proposal.refresh_from_db()
    return {"seen": proposal.state, "version": proposal.version}


def purl(name: str, proposal, *extra) -> str:
    return reverse(f"backoffice:proposals.{name}", args=[proposal.pk, *extra])


class Clock:
    """The date the services see as today (nominations, dossier, appraisal, portal, awarding)."""

    def __init__(self, monkeypatch, start: dt.date):
        from tdkt.awarding import services as awarding
        from tdkt.nominations import services as nominations
        from tdkt.portal import services as portal

        self.today = start
        for module in (nominations, portal, awarding):
            monkeypatch.setattr(module, "_today", lambda: self.today)

    def set(self, day: dt.date) -> None:
        self.today = day


def commune_b_sheet() -> bytes:
    """The list commune B keeps: a title block, one header row, three people."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet["A1"] = "ỦY BAN NHÂN DÂN XÃ BÌNH MINH"
    sheet["A3"] = "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"
    sheet.merge_cells("A3:G3")
    header = [
        "STT",
        "Họ và tên",
        "Năm sinh",
        "Số CCCD",
        "Danh hiệu đề nghị",
        "Năm thành tích",
        "Tóm tắt thành tích",
    ]
    rows = [
        [1, "Trần Văn Bình", 1979, "001079000111", "Lao động tiên tiến", 2025, "Hoàn thành tốt"],
        [2, "Lê Thị Mai", 1986, None, "LĐTT", 2025, "Hoàn thành tốt"],
        [3, "Võ Văn Tài", 1991, None, "Lao động tiên tiến", 2025, ""],
    ]
    for c, value in enumerate(header, start=1):
        sheet.cell(row=5, column=c, value=value)
    for r, row in enumerate(rows, start=6):
        for c, value in enumerate(row, start=1):
            if value is not None:
                cell = sheet.cell(row=r, column=c, value=value)
                if c == 4:
                    cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- the world


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(tree, alice, bob, specialist):
    """People of both communes with their 2025 ratings, the unit heads, a second specialist and
    a provincial council of five voting members and a secretary."""
    employed = dt.date(2010, 1, 1)

    def person(name, unit, rating, birth_year, **kw):
        p = make_person(name, unit, birth_year=birth_year, employment_start=employed, **kw)
        make_rating(p, 2025, rating)
        return p

    anh = person("Phạm Thị Ngọc Ánh", tree.commune_a, "HTTNV", 1982)
    make_initiative(tree.commune_a, 2025, authors=[anh], code="SK-2025-0099")
    duc = person("Hoàng Minh Đức", tree.commune_a, "HTTNV", 1975)
    make_initiative(tree.commune_a, 2025, authors=[duc], code="SK-2025-0100")
    return SimpleNamespace(
        tree=tree,
        alice=alice,
        bob=bob,
        specialist=specialist,
        specialist2=grant(
            make_user("chuyenvien2", full_name="Phạm Thu Hà"), "specialist", tree.province
        ),
        head_a=grant(make_user("truongxa", full_name="Lê Văn Trưởng"), "head", tree.commune_a),
        khoa=person("Nguyễn Văn Khoa", tree.commune_a, "HTTNV", 1980),
        lan=person("Trần Thị Lan", tree.commune_a, "HTNV", 1990),
        anh=anh,
        duc=duc,
        binh=person("Trần Văn Bình", tree.commune_b, "HTTNV", 1979, citizen_id="001079000111"),
        mai=person("Lê Thị Mai", tree.commune_b, "HTTNV", 1986),
        tai=person("Võ Văn Tài", tree.commune_b, "HTTNV", 1991),
        council=make_council(tree, 5),
    )


# --------------------------------------------------------------------------- the flow


def test_round_from_two_communes_to_decision_and_certificates(
    client, world, monkeypatch, django_capture_on_commit_callbacks
):
    w = world
    clock = Clock(monkeypatch, dt.date(2026, 1, 5))
    round_ = step_round(client, w)
    clock.set(dt.date(2026, 1, 15))
    prop_a = step_commune_a(client, w, round_)
    prop_b = step_commune_b(client, w, round_)
    step_routing(client, w, prop_a, prop_b)
    clock.set(dt.date(2026, 1, 20))
    step_appraisal(client, w, prop_a, prop_b)
    clock.set(dt.date(2026, 1, 21))
    notice = step_notice(client, w, round_, django_capture_on_commit_callbacks)
    clock.set(notice.closes_on + dt.timedelta(days=1))
    step_notice_closed(client, w, round_, notice)
    step_council(client, w, round_)
    clock.set(dt.date(2026, 2, 10))
    step_decision(client, w, round_)


def step_round(client, w):
    from tdkt.nominations.models import Round

    login(client, w.specialist)
    response = client.post(
        reverse("backoffice:rounds.create"),
        {
            "code": "TK-2025",
            "name": "Xét khen thưởng tổng kết năm 2025",
            "year": "2025",
            "issuing_unit": w.tree.province.pk,
            "award_type": "cong_trang",
            "targets": ["LDTT", "CSTDCS", "GK", "TTLDTT"],
            "submitting_units": [w.tree.commune_a.pk, w.tree.commune_b.pk],
            "opens_on": "05/01/2026",
            "submit_deadline": "30/01/2026",
        },
        follow=True,
    )
    assert msgs(response) == ["Đã tạo đợt xét «Xét khen thưởng tổng kết năm 2025» (đang chuẩn bị)."]
    round_ = Round.objects.get()
    assert (round_.state, round_.issuing_unit, round_.submit_deadline) == (
        "draft",
        w.tree.province,
        dt.date(2026, 1, 30),
    )
    response = client.post(
        reverse("backoffice:rounds.state", args=[round_.pk]),
        {"state": "open", "seen": "draft"},
        follow=True,
    )
    assert msgs(response) == ["Đợt xét đã chuyển sang trạng thái «Đang nhận hồ sơ»."]
    round_.refresh_from_db()
    assert round_.state == "open"
    return round_


def _create_proposal(client, user, round_, unit, number):
    from tdkt.nominations.models import Proposal

    login(client, user)
    page = client.get(round_.get_absolute_url())
    assert page.context["can_propose"] is True
    response = client.post(
        reverse("backoffice:proposals.create"),
        {"round": round_.pk, "unit": unit.pk, "number": number},
        follow=True,
    )
    proposal = Proposal.objects.get(round=round_, unit=unit)
    assert response.redirect_chain[-1][0] == proposal.get_absolute_url()
    assert (proposal.number, proposal.state) == (number, "draft")
    return proposal


def _add(client, proposal, subject, target):
    return client.post(
        purl("nominee_add", proposal),
        {"subject_kind": "individual", "subject_id": subject.pk, "target": target},
        follow=True,
    )


def step_commune_a(client, w, round_):
    from tdkt.nominations.models import Nominee

    proposal = _create_proposal(client, w.alice, round_, w.tree.commune_a, "15/TTr-UBND")
    assert msgs(_add(client, proposal, w.khoa, "LDTT")) == [
        "Đã thêm Nguyễn Văn Khoa – Lao động tiên tiến: đủ điều kiện."
    ]
    assert msgs(_add(client, proposal, w.lan, "LDTT")) == [
        f"Đã thêm Trần Thị Lan – Lao động tiên tiến nhưng chưa đủ điều kiện: {LACKING_LAN}. "
        "Chỉ gửi được khi lãnh đạo đơn vị quyết định đề nghị, kèm lý do."
    ]
    assert msgs(_add(client, proposal, w.anh, "CSTDCS")) == [
        "Đã thêm Phạm Thị Ngọc Ánh – Chiến sĩ thi đua cơ sở: đủ điều kiện."
    ]
    assert msgs(_add(client, proposal, w.duc, "CSTDCS")) == [
        "Đã thêm Hoàng Minh Đức – Chiến sĩ thi đua cơ sở: đủ điều kiện."
    ]
    # The hard check at submission names the ineligible nominee.
    response = client.post(purl("submit", proposal), seen(proposal), follow=True)
    assert msgs(response) == [
        "Không gửi được tờ trình: 1 đối tượng chưa đủ điều kiện; chỉ lãnh đạo đơn vị được "
        "quyết định đề nghị, kèm lý do bằng văn bản.",
        f"Trần Thị Lan – Lao động tiên tiến: chưa đủ điều kiện ({LACKING_LAN}).",
    ]
    proposal.refresh_from_db()
    assert proposal.state == "draft"
    lan = Nominee.objects.get(proposal=proposal, person=w.lan)
    # The head of commune A decides to propose her anyway, in writing.
    login(client, w.head_a)
    response = client.post(
        purl("nominee_override", proposal, lan.pk), {"reason": OVERRIDE_REASON}, follow=True
    )
    assert msgs(response) == ["Lãnh đạo đơn vị đã quyết định đề nghị Trần Thị Lan."]
    login(client, w.alice)
    response = client.post(purl("submit", proposal), seen(proposal), follow=True)
    assert msgs(response) == ["Đã gửi Tờ trình số 15/TTr-UBND."]
    proposal.refresh_from_db()
    assert proposal.state == "submitted"
    rows = [
        (n.subject_name, n.target_id, n.eligible, n.state, n.override_reason)
        for n in proposal.nominees.order_by("order")
    ]
    assert rows == [
        ("Nguyễn Văn Khoa", "LDTT", True, "submitted", ""),
        ("Trần Thị Lan", "LDTT", False, "submitted", OVERRIDE_REASON),
        ("Phạm Thị Ngọc Ánh", "CSTDCS", True, "submitted", ""),
        ("Hoàng Minh Đức", "CSTDCS", True, "submitted", ""),
    ]
    return proposal


def step_commune_b(client, w, round_):
    from tdkt.imports.models import BatchStatus, ImportBatch

    proposal = _create_proposal(client, w.bob, round_, w.tree.commune_b, "07/TTr-UBND")
    response = client.post(
        purl("import", proposal),
        {"file": SimpleUploadedFile("danh-sach-xa-binh-minh.xlsx", commune_b_sheet(), XLSX)},
    )
    batch = ImportBatch.objects.get(proposal=proposal)
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:detail", args=[batch.pk])
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert (batch.status, batch.total_rows, batch.ok_count, batch.warning_count) == (
        BatchStatus.PREVIEW,
        3,
        3,
        0,
    )
    assert batch.error_count == 0
    assert "Xác nhận thêm 3 đối tượng vào tờ trình" in text(preview)
    assert proposal.nominees.count() == 0  # nothing written before the confirmation
    response = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)
    assert response.redirect_chain[-1][0] == proposal.get_absolute_url()
    batch.refresh_from_db()
    assert (batch.status, batch.written_count) == (BatchStatus.CONFIRMED, 3)
    rows = [
        (n.subject_name, n.target_id, n.year_to, n.eligible, n.state)
        for n in proposal.nominees.order_by("order")
    ]
    assert rows == [
        ("Trần Văn Bình", "LDTT", 2025, True, "draft"),
        ("Lê Thị Mai", "LDTT", 2025, True, "draft"),
        ("Võ Văn Tài", "LDTT", 2025, True, "draft"),
    ]
    response = client.post(purl("submit", proposal), seen(proposal), follow=True)
    assert msgs(response) == ["Đã gửi Tờ trình số 07/TTr-UBND."]
    return proposal


def step_routing(client, w, prop_a, prop_b):
    from tdkt.nominations.models import Nominee

    login(client, w.specialist)
    response = client.post(purl("receive", prop_a), seen(prop_a), follow=True)
    assert msgs(response) == ["Đã tiếp nhận Tờ trình số 15/TTr-UBND."]
    response = client.post(
        purl("return", prop_b), {"reason": RETURN_REASON, **seen(prop_b)}, follow=True
    )
    assert msgs(response) == ["Đã trả lại Tờ trình số 07/TTr-UBND cho Xã Bình Minh."]
    prop_b.refresh_from_db()
    assert prop_b.state == "returned"

    # Commune B reads the reason, reopens, withdraws Tài and sends again.
    login(client, w.bob)
    page = client.get(prop_b.get_absolute_url())
    assert f"Tờ trình bị trả lại – lý do: {RETURN_REASON}" in text(page)
    response = client.post(purl("reopen", prop_b), seen(prop_b), follow=True)
    assert msgs(response) == ["Đã mở lại Tờ trình số 07/TTr-UBND để bổ sung, sửa."]
    tai = Nominee.objects.get(proposal=prop_b, person=w.tai)
    response = client.post(
        purl("nominee_withdraw", prop_b, tai.pk),
        {"nominee_seen": "draft", "reason": "Đã chuyển công tác."},
        follow=True,
    )
    assert msgs(response) == ["Đã rút Võ Văn Tài khỏi tờ trình."]
    response = client.post(purl("submit", prop_b), seen(prop_b), follow=True)
    assert msgs(response) == ["Đã gửi lại Tờ trình số 07/TTr-UBND."]
    prop_b.refresh_from_db()
    assert (prop_b.state, prop_b.version) == ("submitted", 2)

    login(client, w.specialist)
    response = client.post(purl("receive", prop_b), seen(prop_b), follow=True)
    assert msgs(response) == ["Đã tiếp nhận Tờ trình số 07/TTr-UBND."]
    prop_b.refresh_from_db()
    assert prop_b.state == "received"
    assert dict(prop_b.nominees.values_list("person__full_name", "state")) == {
        "Trần Văn Bình": "accepted",
        "Lê Thị Mai": "accepted",
        "Võ Văn Tài": "withdrawn",
    }
    # The history keeps the whole round trip, for the proposal and each of its nominees.
    history = [
        (e.get_kind_display(), e.nominee.subject_name if e.nominee else "", e.actor, e.reason)
        for e in client.get(prop_b.get_absolute_url()).context["history"]
    ]
    people = ("", "Trần Văn Bình", "Lê Thị Mai", "Võ Văn Tài")
    assert history == [
        ("Lập tờ trình", "", w.bob, ""),
        *(("Gửi tờ trình", name, w.bob, "") for name in people),
        *(("Trả lại", name, w.specialist, RETURN_REASON) for name in people),
        *(("Mở lại để bổ sung, sửa", name, w.bob, "") for name in people),
        ("Chuyển trạng thái", "Võ Văn Tài", w.bob, "Đã chuyển công tác."),
        *(("Gửi lại sau khi bổ sung", name, w.bob, "") for name in people[:3]),
        *(("Tiếp nhận", name, w.specialist, "") for name in people[:3]),
    ]


def _appraise(client, proposal, nominee, **data):
    prefix = f"n{nominee.pk}"
    post = {f"{prefix}-seen": "accepted", **{f"{prefix}-{k}": v for k, v in data.items()}}
    return client.post(
        reverse("backoffice:proposals.appraise.nominee", args=[proposal.pk, nominee.pk]),
        post,
        follow=True,
    )


def step_appraisal(client, w, prop_a, prop_b):
    from tdkt.common.models import AuditLog
    from tdkt.nominations.models import Nominee

    login(client, w.specialist)
    for proposal in (prop_a, prop_b):
        response = client.post(
            reverse("backoffice:proposals.appraise.assign", args=[proposal.pk]),
            {"specialist": w.specialist2.pk},
            follow=True,
        )
        assert msgs(response) == [f"Đã phân công Phạm Thu Hà thẩm định {proposal}."]

    # The appraiser sees the head's override: who, when and why.
    login(client, w.specialist2)
    lan = Nominee.objects.get(proposal=prop_a, person=w.lan)
    html = client.get(reverse("backoffice:proposals.appraise", args=[prop_a.pk])).content.decode()
    block = html.split(f'id="nominee-{lan.pk}"')[1].split('id="nominee-')[0]
    assert "Lãnh đạo đơn vị quyết định đề nghị khi chưa đủ điều kiện" in block
    assert "Người quyết định: Lê Văn Trưởng" in block
    assert f"«{OVERRIDE_REASON}»" in block
    # ... and so does the audit log.
    logged = AuditLog.objects.filter(action="nominations.nominee.override", object_id=str(lan.pk))
    assert [(e.actor, e.reason) for e in logged] == [(w.head_a, OVERRIDE_REASON)]

    def nominee(proposal, person):
        return Nominee.objects.get(proposal=proposal, person=person)

    note = "Hồ sơ đầy đủ, thành tích tiêu biểu."
    steps = [
        (prop_a, w.khoa, {"decision": "agree", "note": note}, "đồng ý"),
        (prop_a, w.lan, {"decision": "agree"}, "đồng ý"),
        (prop_a, w.anh, {"decision": "agree"}, "đồng ý"),
        (prop_a, w.duc, {"decision": "lower", "lower_target": "LDTT"}, "khen hình thức thấp hơn"),
        (prop_b, w.binh, {"decision": "agree"}, "đồng ý"),
        (prop_b, w.mai, {"decision": "agree"}, "đồng ý"),
    ]
    for proposal, person, data, label in steps:
        response = _appraise(client, proposal, nominee(proposal, person), **data)
        expected = [f"Đã ghi kết quả thẩm định {person.full_name}: Thẩm định: {label}."]
        if person in (w.duc, w.mai):  # the last one of its proposal
            expected.append("Đã thẩm định xong tất cả đối tượng của tờ trình.")
        assert msgs(response) == expected
    for proposal in (prop_a, prop_b):
        proposal.refresh_from_db()
        assert proposal.state == "appraised"
    states = {
        n.subject_name: (n.state, n.lower_target_id, n.appraised_by)
        for n in Nominee.objects.filter(proposal__in=[prop_a, prop_b]).exclude(state="withdrawn")
    }
    assert states == {
        "Nguyễn Văn Khoa": ("appraised_agree", None, w.specialist2),
        "Trần Thị Lan": ("appraised_agree", None, w.specialist2),
        "Phạm Thị Ngọc Ánh": ("appraised_agree", None, w.specialist2),
        "Hoàng Minh Đức": ("appraised_lower", "LDTT", w.specialist2),
        "Trần Văn Bình": ("appraised_agree", None, w.specialist2),
        "Lê Thị Mai": ("appraised_agree", None, w.specialist2),
    }


def step_notice(client, w, round_, capture):
    from tdkt.notifications.models import Notification
    from tdkt.portal.models import PublicComment, PublicNotice

    login(client, w.specialist)
    url = reverse("backoffice:rounds.notice", args=[round_.pk])
    page = client.get(url)
    rows = [
        (r["nominee"].subject_name, r["target"].pk, r["required"]) for r in page.context["rows"]
    ]
    # No provincial target requires a notice by law: the office publishes them all anyway.
    assert rows == [
        ("Nguyễn Văn Khoa", "LDTT", False),
        ("Trần Thị Lan", "LDTT", False),
        ("Phạm Thị Ngọc Ánh", "CSTDCS", False),
        ("Hoàng Minh Đức", "LDTT", False),
        ("Trần Văn Bình", "LDTT", False),
        ("Lê Thị Mai", "LDTT", False),
    ]
    response = client.post(
        url,
        {
            "title": "Công khai danh sách đề nghị khen thưởng năm 2025",
            "body": "",
            "working_days": "10",
            "nominees": [r["nominee"].pk for r in page.context["rows"]],
        },
        follow=True,
    )
    assert msgs(response) == ["Đã công khai 6 đối tượng trên cổng thông tin đến hết 04/02/2026."]
    notice = PublicNotice.objects.get()
    # 10 working days from Wednesday 21/01/2026: the weekends skipped.
    assert (notice.state, notice.opens_on, notice.closes_on) == (
        "published",
        dt.date(2026, 1, 21),
        dt.date(2026, 2, 4),
    )

    # A citizen, not logged in, reads the list on the portal and comments on one nominee.
    citizen = Client()
    index = citizen.get(reverse("portal:index"))
    assert [n.pk for n in index.context["open_notices"]] == [notice.pk]
    page = citizen.get(notice.get_absolute_url())
    entries = {e.display_name: e for e in page.context["entries"]}
    assert list(entries) == [
        "Nguyễn Văn Khoa",
        "Trần Thị Lan",
        "Phạm Thị Ngọc Ánh",
        "Hoàng Minh Đức",
        "Trần Văn Bình",
        "Lê Thị Mai",
    ]
    with capture(execute=True):
        response = citizen.post(
            notice.get_absolute_url(),
            {
                "entry": entries["Lê Thị Mai"].pk,
                "author_name": "Nguyễn Văn Dân",
                "contact": "0912 345 678",
                "text": COMMENT,
                "website": "",
            },
            follow=True,
        )
    assert msgs(response) == [
        "Cảm ơn bạn đã gửi ý kiến góp ý. Ý kiến được chuyển tới cơ quan thường trực thi đua – "
        "khen thưởng để xem xét, báo cáo Hội đồng."
    ]
    comment = PublicComment.objects.get()
    assert (comment.entry.nominee.person, comment.author_name, comment.text, comment.state) == (
        w.mai,
        "Nguyễn Văn Dân",
        COMMENT,
        "new",
    )
    # The appraiser assigned to commune B's proposal is told, and reads it on the notice page.
    notes = list(Notification.objects.filter(kind="portal.comment"))
    assert [(n.recipient, n.title, n.body) for n in notes] == [
        (w.specialist2, "Ý kiến góp ý mới về Lê Thị Mai", COMMENT)
    ]
    login(client, w.specialist2)
    page = client.get(url)
    assert COMMENT in text(page)
    assert [c.text for n in page.context["notices"] for c in n.comments.all()] == [COMMENT]
    return notice


def step_notice_closed(client, w, round_, notice):
    from tdkt.portal.models import PublicComment

    citizen = Client()
    response = citizen.post(
        notice.get_absolute_url(),
        {"author_name": "Trần Văn Muộn", "text": "Góp ý sau hạn.", "website": ""},
        follow=True,
    )
    assert msgs(response) == ["Thời gian nhận ý kiến góp ý đối với thông báo này đã kết thúc."]
    assert PublicComment.objects.count() == 1
    # Past the deadline, the office closes the round.
    login(client, w.specialist)
    response = client.post(
        reverse("backoffice:rounds.state", args=[round_.pk]),
        {"state": "closed", "seen": "open"},
        follow=True,
    )
    assert msgs(response) == ["Đợt xét đã chuyển sang trạng thái «Hết hạn nhận hồ sơ»."]


def _council_url(name: str, session) -> str:
    return reverse(f"backoffice:council.{name}", args=[session.pk])


def step_council(client, w, round_):
    from docx import Document

    from tdkt.council.models import CaseResult, Session
    from tdkt.nominations.models import Nominee

    c = w.council
    login(client, w.specialist)
    response = client.post(
        reverse("backoffice:council.session_create", args=[c.council.pk]),
        {
            "date": "06/02/2026",
            "title": "Phiên họp xét khen thưởng tổng kết năm 2025",
            "location": "Hội trường UBND tỉnh",
        },
        follow=True,
    )
    assert msgs(response) == ["Đã tạo phiên họp «Phiên họp xét khen thưởng tổng kết năm 2025»."]
    session = Session.objects.get()
    assert (session.date, session.state) == (dt.date(2026, 2, 6), "draft")

    # The agenda from the round: the notice is over on the session date, nothing is blocked.
    page = client.get(_council_url("session", session), {"round": round_.pk})
    candidates = [
        (r["nominee"].subject_name, r["honour"].code, r["blocked"])
        for r in page.context["candidates"]
    ]
    assert candidates == [
        ("Nguyễn Văn Khoa", "LDTT", ""),
        ("Trần Thị Lan", "LDTT", ""),
        ("Phạm Thị Ngọc Ánh", "CSTDCS", ""),
        ("Hoàng Minh Đức", "LDTT", ""),
        ("Trần Văn Bình", "LDTT", ""),
        ("Lê Thị Mai", "LDTT", ""),
    ]
    response = client.post(
        _council_url("from_round", session),
        {"round": round_.pk, "nominee": [r["nominee"].pk for r in page.context["candidates"]]},
        follow=True,
    )
    assert msgs(response) == [
        "Đã đưa 6 đối tượng của đợt xét «Xét khen thưởng tổng kết năm 2025» vào chương trình "
        "phiên họp."
    ]
    agenda = {r["case"].subject_name: r for r in response.context["agenda"]}
    assert agenda["Trần Thị Lan"]["override"]["reason"] == OVERRIDE_REASON
    assert agenda["Trần Thị Lan"]["override"]["by"] == w.head_a
    assert agenda["Nguyễn Văn Khoa"]["override"] is None
    assert [cm.text for cm in agenda["Lê Thị Mai"]["comments"]] == [COMMENT]
    assert agenda["Nguyễn Văn Khoa"]["comments"] == []
    cases = {name: row["case"] for name, row in agenda.items()}

    # Open, attendance (all present), voting.
    def state(new, old):
        return client.post(_council_url("state", session), {"state": new, "seen": old}, follow=True)

    assert msgs(state("open", "draft")) == [
        "Phiên họp đã chuyển sang trạng thái «Đang họp (điểm danh)»."
    ]
    roll = {f"m_{m.pk}": "present" for m in [*c.members, c.secretary]}
    response = client.post(_council_url("attendance", session), roll, follow=True)
    assert msgs(response) == ["Đã lưu điểm danh (6 thay đổi)."]
    assert msgs(state("voting", "open")) == ["Phiên họp đã chuyển sang trạng thái «Đang bỏ phiếu»."]

    # Each member votes on their own device: all agree, except that only the chair agrees
    # with Lê Thị Mai (1 of 5: short of "more than half").
    for i, member in enumerate(c.members):
        device = Client()
        device.force_login(member.user)
        page = device.get(_council_url("ballot", session))
        assert [r["open"] for r in page.context["rows"]] == [True] * 6
        ballot = {f"case_{case.pk}": "yes" for case in cases.values()}
        ballot[f"case_{cases['Lê Thị Mai'].pk}"] = "yes" if i == 0 else "no"
        response = device.post(_council_url("ballot", session), ballot, follow=True)
        assert msgs(response) == ["Đã ghi nhận phiếu bầu kín cho 6 nội dung."]
        assert [r["voted"] for r in response.context["rows"]] == [True] * 6

    assert msgs(state("closed", "voting")) == [
        "Phiên họp đã chuyển sang trạng thái «Đã kết thúc (khóa kết quả)»."
    ]
    results = {
        r.case.subject_name: (r.votes_yes, r.votes_no, r.votes_abstain, r.required_yes, r.passed)
        for r in CaseResult.objects.filter(case__session=session).select_related("case")
    }
    # (yes, no, abstain, yes needed, passed): 3 of 5 members is "more than half".
    assert results == {
        "Nguyễn Văn Khoa": (5, 0, 0, 3, True),
        "Trần Thị Lan": (5, 0, 0, 3, True),
        "Phạm Thị Ngọc Ánh": (5, 0, 0, 3, True),
        "Hoàng Minh Đức": (5, 0, 0, 3, True),
        "Trần Văn Bình": (5, 0, 0, 3, True),
        "Lê Thị Mai": (1, 4, 0, 3, False),
    }
    states = dict(
        Nominee.objects.filter(round=round_)
        .exclude(state="withdrawn")
        .values_list("person__full_name", "state")
    )
    assert states == {
        "Nguyễn Văn Khoa": "voted_passed",
        "Trần Thị Lan": "voted_passed",
        "Phạm Thị Ngọc Ánh": "voted_passed",
        "Hoàng Minh Đức": "voted_passed",
        "Trần Văn Bình": "voted_passed",
        "Lê Thị Mai": "voted_failed",
    }

    # The minutes (biên bản họp, kết quả bỏ phiếu kín) as DOCX.
    response = client.get(_council_url("minutes", session))
    assert (response.status_code, response["Content-Type"]) == (200, DOCX)
    doc = Document(io.BytesIO(response.content))
    table = [[cell.text for cell in row.cells] for t in doc.tables for row in t.rows]
    header = table.index(
        [
            "STT",
            "Hình thức đề nghị",
            "Họ và tên / Tập thể",
            "Đồng ý",
            "Không đồng ý",
            "Không biểu quyết",
            "Tỷ lệ đồng ý (%)",
            "Tỷ lệ cần đạt (%)",
            "Kết quả",
        ]
    )
    ldtt, cstdcs = "Lao động tiên tiến", "Chiến sĩ thi đua cơ sở"
    assert table[header + 1 : header + 7] == [
        ["1", ldtt, "Nguyễn Văn Khoa", "5", "0", "0", "100", "50", "Đạt"],
        ["2", ldtt, "Trần Thị Lan", "5", "0", "0", "100", "50", "Đạt"],
        ["3", cstdcs, "Phạm Thị Ngọc Ánh", "5", "0", "0", "100", "50", "Đạt"],
        ["4", ldtt, "Hoàng Minh Đức", "5", "0", "0", "100", "50", "Đạt"],
        ["5", ldtt, "Trần Văn Bình", "5", "0", "0", "100", "50", "Đạt"],
        ["6", ldtt, "Lê Thị Mai", "1", "4", "0", "20", "50", "Không đạt"],
    ]
    return session


def engine_bonus(code: str, on: dt.date) -> int:
    from tdkt.rules.engine import compute_bonus

    request = {
        "code": code,
        "subject_kind": "individual",
        "decision_date": on.isoformat(),
        "issuer_level": "other",
    }
    return compute_bonus(request)["amount"]


def step_decision(client, w, round_):
    from tdkt.awarding.models import DecisionDraft
    from tdkt.documents.models import CertificateBatch
    from tdkt.nominations.models import Nominee
    from tdkt.registry.models import AwardRecord, Initiative

    signed = dt.date(2026, 2, 10)
    login(client, w.specialist)
    page = client.get(reverse("backoffice:awarding.round", args=[round_.pk]))
    assert [n.subject_name for n in page.context["waiting"]] == [
        "Nguyễn Văn Khoa",
        "Trần Thị Lan",
        "Phạm Thị Ngọc Ánh",
        "Hoàng Minh Đức",
        "Trần Văn Bình",
    ]
    response = client.post(
        reverse("backoffice:awarding.create", args=[round_.pk]),
        {"planned_on": "10/02/2026"},
        follow=True,
    )
    draft = DecisionDraft.objects.get()
    assert msgs(response) == [f"Đã lập {draft} với 5 đối tượng."]
    response = client.post(
        reverse("backoffice:awarding.edit", args=[draft.pk]),
        {
            "title": "Về việc tặng danh hiệu thi đua năm 2025",
            "basis": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            "planned_on": "10/02/2026",
            "signer_authority": "KT. Chủ tịch",
            "signer_title": "Phó Chủ tịch",
            "signer_name": "Lê Hồng Sơn",
        },
        follow=True,
    )
    assert msgs(response) == ["Đã lưu dự thảo."]
    response = client.post(
        reverse("backoffice:awarding.sign", args=[draft.pk]),
        {"signed_on": "10/02/2026", "seen": "draft"},
        follow=True,
    )
    assert msgs(response) == ["Đã ký ban hành Quyết định số 01/QĐ-UBND; các khen thưởng đã vào sổ."]
    draft.refresh_from_db()
    decision = draft.registry_decision
    assert (draft.state, decision.number, decision.signed_on) == ("signed", "01/QĐ-UBND", signed)

    # The registry: exactly the passed nominees, with the rules engine's bonuses.
    ldtt, cstdcs = engine_bonus("LDTT", signed), engine_bonus("CSTDCS", signed)
    assert (ldtt, cstdcs) == (710_000, 2_340_000)
    records = {
        (a.person.full_name, a.honour_id, a.year_to, a.bonus_amount)
        for a in AwardRecord.objects.filter(decision=decision).select_related("person")
    }
    assert records == {
        ("Nguyễn Văn Khoa", "LDTT", 2025, ldtt),
        ("Trần Thị Lan", "LDTT", 2025, ldtt),
        ("Phạm Thị Ngọc Ánh", "CSTDCS", 2025, cstdcs),
        ("Hoàng Minh Đức", "LDTT", 2025, ldtt),
        ("Trần Văn Bình", "LDTT", 2025, ldtt),
    }
    assert AwardRecord.objects.count() == 5
    used = dict(Initiative.objects.values_list("code", "used_for__person__full_name"))
    assert used == {"SK-2025-0099": "Phạm Thị Ngọc Ánh", "SK-2025-0100": None}
    states = dict(Nominee.objects.filter(round=round_).values_list("person__full_name", "state"))
    assert states == {
        "Nguyễn Văn Khoa": "awarded",
        "Trần Thị Lan": "awarded",
        "Phạm Thị Ngọc Ánh": "awarded",
        "Hoàng Minh Đức": "awarded",
        "Trần Văn Bình": "awarded",
        "Lê Thị Mai": "voted_failed",
        "Võ Văn Tài": "withdrawn",
    }
    round_.refresh_from_db()
    assert round_.state == "decided"

    # The payment list: Excel and DOCX, totals per unit and the amount in words.
    def download(kind):
        response = client.get(reverse("backoffice:awarding.download", args=[draft.pk, kind]))
        assert response.status_code == 200
        return response

    workbook = download("chi-tien-xlsx")
    assert workbook["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    lines = [r[:5] for r in rows if isinstance(r[0], int)]
    assert lines == [
        (1, "Nguyễn Văn Khoa", "Xã An Lạc", "Lao động tiên tiến", ldtt),
        (2, "Trần Thị Lan", "Xã An Lạc", "Lao động tiên tiến", ldtt),
        (3, "Phạm Thị Ngọc Ánh", "Xã An Lạc", "Chiến sĩ thi đua cơ sở", cstdcs),
        (4, "Hoàng Minh Đức", "Xã An Lạc", "Lao động tiên tiến", ldtt),
        (5, "Trần Văn Bình", "Xã Bình Minh", "Lao động tiên tiến", ldtt),
    ]
    totals = {r[1]: r[4] for r in rows if r[1] and str(r[1]).startswith(("Cộng", "TỔNG"))}
    assert totals == {
        "Cộng Xã An Lạc": 4_470_000,
        "Cộng Xã Bình Minh": 710_000,
        "TỔNG CỘNG": 5_180_000,
    }
    words = [r[0] for r in rows if isinstance(r[0], str) and r[0].startswith("Số tiền bằng chữ")]
    assert words == ["Số tiền bằng chữ: Năm triệu một trăm tám mươi nghìn đồng."]
    payment = download("chi-tien-docx")
    assert payment["Content-Type"] == DOCX
    lines = docx_lines(payment.content)
    assert (
        "(Kèm theo Quyết định số 01/QĐ-UBND ngày 10/02/2026 của Chủ tịch Ủy ban nhân dân tỉnh "
        "Hòa Bình Xanh)"
    ) in lines
    assert [line for line in lines if line.startswith(("1 |", "5 |", " | Cộng", " | TỔNG"))] == [
        "1 | Nguyễn Văn Khoa | Lao động tiên tiến | 710.000 | ",
        " | Cộng Xã An Lạc |  | 4.470.000 | ",
        "5 | Trần Văn Bình | Lao động tiên tiến | 710.000 | ",
        " | Cộng Xã Bình Minh |  | 710.000 | ",
        " | TỔNG CỘNG |  | 5.180.000 | ",
    ]
    assert [line for line in lines if line.startswith("Số tiền bằng chữ")] == [
        "Số tiền bằng chữ: Năm triệu một trăm tám mươi nghìn đồng."
    ]
    decision_doc = docx_lines(download("quyet-dinh").content)
    assert "Số: 01/QĐ-UBND" in decision_doc

    # Certificates: one page per award of the registry decision.
    response = client.post(
        reverse("backoffice:certificates.new", args=[decision.pk]), {}, follow=True
    )
    batch = CertificateBatch.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "backoffice:certificates.detail", args=[batch.pk]
    )
    assert (batch.state, batch.done, batch.total) == ("done", 5, 5)
    pdf = client.get(reverse("backoffice:certificates.download", args=[batch.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf_page_count(b"".join(pdf.streaming_content)) == 5
