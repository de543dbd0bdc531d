"""Rounds and proposals screens: the office's rounds, the unit's proposal (nominees with the live
judgement, the head's override, submit, correct and resubmit), the office's receive and return;
scope (404 for strangers), "who acted first" messages, constant queries, no 500 on bad input."""

# The fixtures of tests/nominations/conftest.py are imported below (F811 on their use).
# ruff: noqa: F811, PLR0917

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from tdkt.nominations.models import Nominee, Proposal, Round
from tdkt.nominations.services import (
    nominee_add,
    nominee_override,
    proposal_create,
    proposal_submit,
    round_create,
)
from tests.factories import make_person, make_rating
from tests.nominations.conftest import (  # noqa: F401 -- fixtures
    _today,
    head_a,
    laggard,
    proposal,
    round_,
    specialist2,
    worker,
)

pytestmark = pytest.mark.django_db

LACKING = "Cần xếp loại Hoàn thành tốt nhiệm vụ trở lên năm 2025"


def msgs(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def as_user(client, user):
    client.logout()
    client.force_login(user)
    return client


def purl(name: str, proposal_, *extra) -> str:
    return reverse(f"backoffice:proposals.{name}", args=[proposal_.pk, *extra])


def text(response) -> str:
    """The page's visible text, tags stripped and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def seen(proposal_) -> dict:
    return {"seen": proposal_.state, "version": proposal_.version}


@pytest.fixture
def submitted(proposal, worker, alice):
    nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    return proposal_submit(proposal=proposal, actor=alice)


# --------------------------------------------------------------------------- rounds


def test_round_list_shows_the_rounds_a_user_may_see(client, round_, alice, bob, specialist, tree):
    draft = round_create(
        code="TK-2025-CT",
        name="Đợt chuyên đề (đang chuẩn bị)",
        year=2025,
        issuing_unit=tree.province,
        award_type="cong_trang",
        targets=["GK"],
        opens_on=dt.date(2026, 2, 1),
        submit_deadline=dt.date(2026, 2, 20),
        actor=specialist,
    )
    as_user(client, alice)
    rows = list(client.get(reverse("backoffice:rounds.list")).context["page_obj"])
    assert rows == [round_]
    as_user(client, specialist)
    rows = list(client.get(reverse("backoffice:rounds.list")).context["page_obj"])
    assert {r.pk for r in rows} == {round_.pk, draft.pk}
    as_user(client, alice)
    assert client.get(reverse("backoffice:rounds.detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("backoffice:rounds.detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("count", [1, 6])
def test_round_list_constant_queries(client, specialist, tree, count, django_assert_num_queries):
    for i in range(count):
        round_create(
            code=f"R-{i}",
            name=f"Đợt {i}",
            year=2025,
            issuing_unit=tree.province,
            award_type="cong_trang",
            targets=["LDTT"],
            opens_on=dt.date(2026, 1, 5),
            submit_deadline=dt.date(2026, 1, 30),
            actor=specialist,
        )
    as_user(client, specialist)
    client.get(reverse("backoffice:rounds.list"))
    with django_assert_num_queries(14):
        response = client.get(reverse("backoffice:rounds.list"))
    assert len(response.context["page_obj"].object_list) == count


def _round_post(tree, **over):
    data = {
        "code": "TK-2026",
        "name": "Xét khen thưởng chuyên đề",
        "year": "2025",
        "issuing_unit": tree.province.pk,
        "award_type": "cong_trang",
        "simplified": "on",
        "targets": ["LDTT", "GK"],
        "submitting_units": [tree.commune_a.pk],
        "opens_on": "05/01/2026",
        "submit_deadline": "30/01/2026",
        "appraisal_working_days": "20",
    }
    data.update(over)
    return data


def test_office_creates_a_round_with_the_procedures_default(client, specialist, tree):
    as_user(client, specialist)
    page = client.get(reverse("backoffice:rounds.create"))
    assert page.context["form"]["appraisal_working_days"].value() == 20
    response = client.post(reverse("backoffice:rounds.create"), _round_post(tree), follow=True)
    created = Round.objects.get(code="TK-2026")
    assert msgs(response) == ["Đã tạo đợt xét «Xét khen thưởng chuyên đề» (đang chuẩn bị)."]
    assert (created.simplified, created.appraisal_working_days) == (True, 10)
    assert (created.opens_on, created.submit_deadline) == (
        dt.date(2026, 1, 5),
        dt.date(2026, 1, 30),
    )
    assert sorted(created.targets.values_list("pk", flat=True)) == ["GK", "LDTT"]
    assert list(created.submitting_units.all()) == [tree.commune_a]
    assert created.state == "draft"


def test_round_form_rejects_bad_input_without_500(client, specialist, tree):
    as_user(client, specialist)
    response = client.post(
        reverse("backoffice:rounds.create"),
        _round_post(
            tree,
            opens_on="31/02/2026",
            submit_deadline="hôm nay",
            targets=["KHONG-CO"],
            issuing_unit="abc",
            appraisal_working_days="0",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {
        "opens_on",
        "submit_deadline",
        "targets",
        "issuing_unit",
        "appraisal_working_days",
    }
    response = client.post(
        reverse("backoffice:rounds.create"),
        _round_post(tree, opens_on="30/01/2026", submit_deadline="05/01/2026"),
    )
    assert response.context["form"].errors == {
        "submit_deadline": [
            "Hạn gửi hồ sơ (05/01/2026) không được trước ngày bắt đầu (30/01/2026)."
        ]
    }
    assert not Round.objects.filter(code="TK-2026").exists()


def test_unit_head_cannot_create_rounds(client, head_a):
    as_user(client, head_a)
    assert client.get(reverse("backoffice:rounds.create")).status_code == 403


def test_round_state_actions(client, round_, specialist, specialist2, alice):
    url = reverse("backoffice:rounds.state", args=[round_.pk])
    as_user(client, specialist)
    page = client.get(round_.get_absolute_url())
    assert page.context["actions"] == [("closed", "Kết thúc nhận hồ sơ")]
    assert reverse("backoffice:rounds.notice", args=[round_.pk]) in page.content.decode()
    response = client.post(url, {"state": "closed", "seen": "open"}, follow=True)
    assert msgs(response) == ["Đợt xét đã chuyển sang trạng thái «Hết hạn nhận hồ sơ»."]
    # Another specialist on a stale page: told who acted first.
    as_user(client, specialist2)
    response = client.post(url, {"state": "closed", "seen": "open"}, follow=True)
    assert msgs(response) == [
        "Đợt xét đã được Chuyenvien chuyển sang «Hết hạn nhận hồ sơ»; không thể chuyển sang "
        "«Hết hạn nhận hồ sơ». Tải lại trang để xem thông tin mới."
    ]
    response = client.post(url, {"state": "cancelled", "seen": "closed"}, follow=True)
    assert msgs(response) == ["Ghi lý do hủy đợt xét."]
    response = client.post(url, {"state": "bogus", "seen": "closed"}, follow=True)
    assert response.status_code == 200
    round_.refresh_from_db()
    assert round_.state == "closed"
    # The unit's officer sees no state buttons and cannot move the round.
    as_user(client, alice)
    page = client.get(round_.get_absolute_url())
    assert (page.context["is_office"], page.context["actions"]) == (False, [])
    response = client.post(url, {"state": "open", "seen": "closed"}, follow=True)
    assert msgs(response) == [
        "Chỉ cơ quan thường trực thi đua – khen thưởng của cấp quyết định mới được điều hành "
        "đợt xét."
    ]


def test_round_page_lists_proposals_with_counts(client, submitted, specialist, laggard, alice):
    as_user(client, specialist)
    page = client.get(submitted.round.get_absolute_url())
    (row,) = page.context["proposals"]
    assert (row.pk, row.nominee_count, row.eligible_count, row.returned_count) == (
        submitted.pk,
        1,
        1,
        0,
    )
    as_user(client, alice)
    page = client.get(submitted.round.get_absolute_url())
    assert page.context["can_propose"] is True
    assert "Lập tờ trình" in text(page)


# --------------------------------------------------------------------------- proposals


def test_unit_creates_a_proposal(client, round_, alice, tree):
    as_user(client, alice)
    page = client.get(reverse("backoffice:proposals.create") + f"?round={round_.pk}")
    units = list(page.context["form"].fields["unit"].queryset)
    assert units == [tree.commune_a, tree.school_a]
    response = client.post(
        reverse("backoffice:proposals.create"),
        {"round": round_.pk, "unit": tree.commune_a.pk, "number": "15/TTr-UBND"},
        follow=True,
    )
    proposal_ = Proposal.objects.get()
    assert response.redirect_chain[-1][0] == proposal_.get_absolute_url()
    assert (proposal_.unit, proposal_.number, proposal_.state) == (
        tree.commune_a,
        "15/TTr-UBND",
        "draft",
    )
    # A unit outside the user's scope is not a choice.
    response = client.post(
        reverse("backoffice:proposals.create"),
        {"round": round_.pk, "unit": tree.commune_b.pk},
    )
    assert response.context["form"].errors == {
        "unit": ["Đơn vị này không được lập tờ trình trong đợt xét."]
    }
    assert client.get(reverse("backoffice:proposals.create") + "?round=abc").status_code == 404
    assert client.get(reverse("backoffice:proposals.create")).status_code == 404


def test_stranger_gets_404(client, proposal, worker, alice, bob):
    nominee = nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    as_user(client, bob)
    assert client.get(proposal.get_absolute_url()).status_code == 404
    for name in ("submit", "edit", "receive", "return", "nominee_add", "check"):
        assert client.post(purl(name, proposal)).status_code == 404
    for name in ("nominee_withdraw", "nominee_override", "nominee_return", "nominee_accept"):
        assert client.post(purl(name, proposal, nominee.pk)).status_code == 404
    assert client.get(purl("subjects", proposal) + "?subject_q=khoa").status_code == 404
    nominee.refresh_from_db()
    assert nominee.state == "draft"


def test_unknown_nominee_is_404(client, proposal, alice):
    as_user(client, alice)
    assert client.post(purl("nominee_withdraw", proposal, 999999)).status_code == 404
    assert client.get(reverse("backoffice:proposals.detail", args=[999999])).status_code == 404


def _nominee_post(subject, target="LDTT", kind="individual", **over):
    data = {"subject_kind": kind, "subject_id": subject.pk, "target": target, "year_to": "2025"}
    data.update(over)
    return data


def test_subject_search_stays_in_the_unit(client, proposal, worker, person_b, alice):
    as_user(client, alice)
    found = client.get(purl("subjects", proposal) + "?subject_q=nguyen van")
    assert [r[1] for r in found.context["results"]] == ["Nguyễn Văn Khoa"]
    found = client.get(purl("subjects", proposal) + "?subject_q=binh")
    assert found.context["results"] == []


def test_check_shows_the_live_judgement(client, proposal, worker, laggard, alice):
    as_user(client, alice)
    response = client.post(purl("check", proposal), _nominee_post(laggard))
    assert "Trần Thị Lan chưa đủ điều kiện Lao động tiên tiến năm 2025" in text(response)
    assert LACKING in text(response)
    response = client.post(purl("check", proposal), _nominee_post(worker))
    assert "Nguyễn Văn Khoa đủ điều kiện Lao động tiên tiến năm 2025." in text(response)
    response = client.post(purl("check", proposal), _nominee_post(worker, subject_id="x"))
    assert response.status_code == 200
    assert "Mã đối tượng không hợp lệ." in text(response)
    assert Nominee.objects.count() == 0


def test_add_nominees_and_warnings(client, proposal, worker, laggard, person_b, alice):
    as_user(client, alice)
    response = client.post(purl("nominee_add", proposal), _nominee_post(worker), follow=True)
    assert msgs(response) == ["Đã thêm Nguyễn Văn Khoa – Lao động tiên tiến: đủ điều kiện."]
    response = client.post(purl("nominee_add", proposal), _nominee_post(laggard), follow=True)
    assert msgs(response) == [
        f"Đã thêm Trần Thị Lan – Lao động tiên tiến nhưng chưa đủ điều kiện: {LACKING}. "
        "Chỉ gửi được khi lãnh đạo đơn vị quyết định đề nghị, kèm lý do."
    ]
    page = client.get(proposal.get_absolute_url())
    rows = page.context["rows"]
    assert [(r["n"].subject_name, r["n"].eligible, r["lacking"]) for r in rows] == [
        ("Nguyễn Văn Khoa", True, ""),
        ("Trần Thị Lan", False, LACKING),
    ]
    assert rows[1]["bases"]  # the legal basis of the failed checks is shown
    assert "✓ Đủ điều kiện" in text(page)
    # Twice the same subject and target, a stranger's person, a target outside the round.
    response = client.post(purl("nominee_add", proposal), _nominee_post(worker))
    assert response.status_code == 200
    assert msgs(response) == [
        "Nguyễn Văn Khoa đã được đề nghị Lao động tiên tiến trong đợt xét này "
        f"({proposal} của Xã An Lạc)."
    ]
    response = client.post(purl("nominee_add", proposal), _nominee_post(person_b))
    assert "Không tìm thấy đối tượng này trong Xã An Lạc." in msgs(response)
    response = client.post(purl("nominee_add", proposal), _nominee_post(worker, target="CSTD_TINH"))
    assert "Danh hiệu, hình thức này không thuộc đợt xét." in msgs(response)
    response = client.post(purl("nominee_add", proposal), _nominee_post(worker, year_to="20x5"))
    assert "Năm phải là số, ví dụ 2025." in msgs(response)
    assert Nominee.objects.count() == 2


def test_collective_nominee(client, proposal, alice, tree):
    as_user(client, alice)
    response = client.post(
        purl("nominee_add", proposal),
        _nominee_post(tree.school_a, target="TTLDTT", kind="collective"),
        follow=True,
    )
    nominee = Nominee.objects.get()
    assert (nominee.collective, nominee.target_id) == (tree.school_a, "TTLDTT")
    assert response.status_code == 200


def test_withdraw_a_draft_nominee(client, proposal, worker, alice):
    nominee = nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    as_user(client, alice)
    response = client.post(
        purl("nominee_withdraw", proposal, nominee.pk), {"nominee_seen": "draft"}, follow=True
    )
    assert msgs(response) == ["Đã rút Nguyễn Văn Khoa khỏi tờ trình."]
    nominee.refresh_from_db()
    assert nominee.state == "withdrawn"
    # The place is free again.
    response = client.post(purl("nominee_add", proposal), _nominee_post(worker), follow=True)
    assert msgs(response) == ["Đã thêm Nguyễn Văn Khoa – Lao động tiên tiến: đủ điều kiện."]


def test_edit_number_and_nominee(client, proposal, laggard, alice):
    nominee = nominee_add(proposal=proposal, subject=laggard, target="LDTT", actor=alice)
    as_user(client, alice)
    response = client.post(
        purl("edit", proposal),
        {"number": "16/TTr-UBND", "note": "Bổ sung", **seen(proposal)},
        follow=True,
    )
    assert msgs(response) == ["Đã lưu số tờ trình và ghi chú."]
    proposal.refresh_from_db()
    assert (proposal.number, proposal.note) == ("16/TTr-UBND", "Bổ sung")
    response = client.post(
        purl("nominee_edit", proposal, nominee.pk),
        {"year_from": "2024", "year_to": "2025", "achievement_summary": "Hoàn thành xuất sắc"},
        follow=True,
    )
    assert msgs(response) == ["Đã sửa hồ sơ của Trần Thị Lan và kiểm tra lại điều kiện."]
    nominee.refresh_from_db()
    assert (nominee.year_from, nominee.achievement_summary) == (2024, "Hoàn thành xuất sắc")
    response = client.post(
        purl("nominee_edit", proposal, nominee.pk),
        {"year_from": "2026", "year_to": "2025"},
        follow=True,
    )
    assert msgs(response) == ["Năm bắt đầu thành tích không được sau năm kết thúc."]


def test_submit_refused_names_the_ineligible_then_head_overrides(
    client, proposal, worker, laggard, alice, head_a, specialist
):
    nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    lan = nominee_add(proposal=proposal, subject=laggard, target="LDTT", actor=alice)
    as_user(client, alice)
    page = client.get(proposal.get_absolute_url())
    assert [r["can_override"] for r in page.context["rows"]] == [False, False]
    assert "Lãnh đạo quyết định đề nghị" not in text(page)
    response = client.post(purl("submit", proposal), seen(proposal), follow=True)
    assert msgs(response) == [
        "Không gửi được tờ trình: 1 đối tượng chưa đủ điều kiện; chỉ lãnh đạo đơn vị được "
        "quyết định đề nghị, kèm lý do bằng văn bản.",
        f"Trần Thị Lan – Lao động tiên tiến: chưa đủ điều kiện ({LACKING}).",
    ]
    # The officer cannot override.
    response = client.post(
        purl("nominee_override", proposal, lan.pk), {"reason": "Tôi muốn"}, follow=True
    )
    assert msgs(response) == [
        "Chỉ lãnh đạo Xã An Lạc mới được quyết định đề nghị đối tượng chưa đủ điều kiện."
    ]
    # The head: reason required, then the override.
    as_user(client, head_a)
    page = client.get(proposal.get_absolute_url())
    assert [r["can_override"] for r in page.context["rows"]] == [False, True]
    response = client.post(
        purl("nominee_override", proposal, lan.pk), {"reason": "  "}, follow=True
    )
    assert msgs(response) == ["Ghi rõ lý do lãnh đạo đơn vị quyết định đề nghị."]
    reason = "Có thành tích đột xuất trong phòng chống bão số 3."
    response = client.post(
        purl("nominee_override", proposal, lan.pk), {"reason": reason}, follow=True
    )
    assert msgs(response) == ["Lãnh đạo đơn vị đã quyết định đề nghị Trần Thị Lan."]
    as_user(client, alice)
    response = client.post(purl("submit", proposal), seen(proposal), follow=True)
    assert msgs(response) == ["Đã gửi Tờ trình số 15/TTr-UBND."]
    proposal.refresh_from_db()
    assert proposal.state == "submitted"
    # The specialist sees who decided, when and why.
    as_user(client, specialist)
    page = text(client.get(proposal.get_absolute_url()))
    today = dt.date.today().strftime("%d/%m/%Y")
    assert f"Lãnh đạo đơn vị quyết định đề nghị: Lê Văn Trưởng, {today} , lý do: {reason}" in page


def test_office_receives(client, submitted, specialist, alice):
    as_user(client, alice)
    page = client.get(submitted.get_absolute_url())
    assert (page.context["can_receive"], page.context["can_send"]) == (False, False)
    response = client.post(purl("receive", submitted), seen(submitted), follow=True)
    assert msgs(response) == [
        "Chỉ cơ quan thường trực thi đua – khen thưởng của Tỉnh Hòa Bình Xanh mới được xử lý "
        "tờ trình."
    ]
    as_user(client, specialist)
    response = client.post(purl("receive", submitted), seen(submitted), follow=True)
    assert msgs(response) == ["Đã tiếp nhận Tờ trình số 15/TTr-UBND."]
    submitted.refresh_from_db()
    assert submitted.state == "received"
    assert submitted.due_on is not None
    assert set(submitted.nominees.values_list("state", flat=True)) == {"accepted"}
    assert reverse("backoffice:proposals.appraise", args=[submitted.pk]) in (
        response.content.decode()
    )


def test_who_received_first(client, submitted, specialist, specialist2):
    page_state = seen(submitted)
    as_user(client, specialist)
    client.post(purl("receive", submitted), page_state)
    as_user(client, specialist2)
    response = client.post(purl("receive", submitted), page_state, follow=True)
    (message,) = msgs(response)
    assert message.startswith("Tờ trình số 15/TTr-UBND đã được Chuyenvien tiếp nhận lúc ")
    assert message.endswith(
        "(trạng thái hiện tại: «Đã tiếp nhận»); không thể chuyển sang «Đã tiếp nhận». "
        "Tải lại trang để xem thông tin mới."
    )


def test_return_whole_proposal_then_reopen_and_resubmit(client, submitted, specialist, alice):
    as_user(client, specialist)
    response = client.post(
        purl("return", submitted), {"reason": " ", **seen(submitted)}, follow=True
    )
    assert msgs(response) == ["Ghi lý do trả lại tờ trình."]
    reason = "Thiếu biên bản họp Hội đồng thi đua – khen thưởng xã."
    response = client.post(
        purl("return", submitted), {"reason": reason, **seen(submitted)}, follow=True
    )
    assert msgs(response) == ["Đã trả lại Tờ trình số 15/TTr-UBND cho Xã An Lạc."]
    submitted.refresh_from_db()
    assert submitted.state == "returned"
    as_user(client, alice)
    page = client.get(submitted.get_absolute_url())
    assert f"Tờ trình bị trả lại – lý do: {reason}" in text(page)
    assert (page.context["can_reopen"], page.context["can_send"]) == (True, True)
    response = client.post(purl("reopen", submitted), seen(submitted), follow=True)
    assert msgs(response) == ["Đã mở lại Tờ trình số 15/TTr-UBND để bổ sung, sửa."]
    submitted.refresh_from_db()
    assert submitted.state == "draft"
    response = client.post(purl("submit", submitted), seen(submitted), follow=True)
    assert msgs(response) == ["Đã gửi lại Tờ trình số 15/TTr-UBND."]
    submitted.refresh_from_db()
    assert (submitted.state, submitted.version) == ("submitted", 2)
    history = [
        e.get_kind_display() for e in client.get(submitted.get_absolute_url()).context["history"]
    ]
    assert history == [
        "Lập tờ trình",
        "Gửi tờ trình",
        "Gửi tờ trình",
        "Trả lại",
        "Trả lại",
        "Mở lại để bổ sung, sửa",
        "Mở lại để bổ sung, sửa",
        "Gửi lại sau khi bổ sung",
        "Gửi lại sau khi bổ sung",
    ]


def test_return_one_nominee_then_resubmit_and_accept(
    client, proposal, worker, alice, specialist, tree
):
    other = make_person(
        "Lê Thị Mai", tree.commune_a, birth_year=1982, employment_start=dt.date(2012, 1, 1)
    )
    make_rating(other, 2025, "HTTNV")
    khoa = nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    nominee_add(proposal=proposal, subject=other, target="LDTT", actor=alice)
    proposal_submit(proposal=proposal, actor=alice)
    as_user(client, specialist)
    proposal.refresh_from_db()
    client.post(purl("receive", proposal), seen(proposal), follow=True)
    url = purl("nominee_return", proposal, khoa.pk)
    response = client.post(url, {"reason": "", "nominee_seen": "accepted"}, follow=True)
    assert msgs(response) == ["Ghi lý do trả lại hồ sơ của Nguyễn Văn Khoa."]
    reason = "Bản tóm tắt thành tích chưa có xác nhận."
    response = client.post(url, {"reason": reason, "nominee_seen": "accepted"}, follow=True)
    assert msgs(response) == ["Đã trả lại hồ sơ của Nguyễn Văn Khoa."]
    khoa.refresh_from_db()
    proposal.refresh_from_db()
    assert (khoa.state, proposal.state) == ("returned", "received")
    # The unit sees the reason, corrects and sends the nominee again.
    as_user(client, alice)
    page = client.get(proposal.get_absolute_url())
    assert f"Nguyễn Văn Khoa – Lao động tiên tiến : {reason}" in text(page)
    assert page.context["can_send"] is True
    client.post(
        purl("nominee_edit", proposal, khoa.pk),
        {"year_from": "2025", "year_to": "2025", "achievement_summary": "Đã có xác nhận"},
        follow=True,
    )
    response = client.post(purl("submit", proposal), seen(proposal), follow=True)
    assert msgs(response) == ["Đã gửi lại Tờ trình số 15/TTr-UBND."]
    khoa.refresh_from_db()
    proposal.refresh_from_db()
    assert (khoa.state, proposal.state, proposal.version) == ("submitted", "received", 2)
    as_user(client, specialist)
    page = client.get(proposal.get_absolute_url())
    assert [r["can_accept"] for r in page.context["rows"]] == [True, False]
    response = client.post(
        purl("nominee_accept", proposal, khoa.pk), {"nominee_seen": "submitted"}, follow=True
    )
    assert msgs(response) == ["Đã tiếp nhận lại hồ sơ của Nguyễn Văn Khoa."]
    khoa.refresh_from_db()
    assert khoa.state == "accepted"


@pytest.mark.parametrize("count", [1, 5])
def test_proposal_list_constant_queries(
    client, round_, specialist, tree, count, django_assert_num_queries
):
    from tests.factories import grant, make_unit, make_user

    admin = grant(make_user("cbtinh"), "officer", tree.province)
    for i in range(count):
        unit = make_unit(f"Thôn {i}", "thon", tree.commune_a, code=f"TH{i}")
        p = proposal_create(round=round_, unit=unit, actor=admin, number=f"{i}/TTr")
        person = make_person(f"Người {i}", unit, birth_year=1980)
        nominee_add(proposal=p, subject=person, target="GK", actor=admin)
    as_user(client, admin)
    client.get(reverse("backoffice:proposals.list"))
    with django_assert_num_queries(17):
        response = client.get(reverse("backoffice:proposals.list"))
    rows = list(response.context["page_obj"])
    assert len(rows) == count
    assert {r.nominee_count for r in rows} == {1}
    filtered = client.get(
        reverse("backoffice:proposals.list"), {"round": round_.pk, "state": "submitted"}
    )
    assert list(filtered.context["page_obj"]) == []
    bad = client.get(reverse("backoffice:proposals.list"), {"round": "x", "state": "nope"})
    assert bad.status_code == 200
    assert len(list(bad.context["page_obj"])) == count


def test_proposal_list_scope(client, proposal, alice, bob, tree, round_):
    other = proposal_create(round=round_, unit=tree.commune_b, actor=bob)
    as_user(client, alice)
    assert list(client.get(reverse("backoffice:proposals.list")).context["page_obj"]) == [proposal]
    as_user(client, bob)
    assert list(client.get(reverse("backoffice:proposals.list")).context["page_obj"]) == [other]


def test_override_shown_after_submit_is_kept(client, proposal, laggard, alice, head_a, specialist):
    lan = nominee_add(proposal=proposal, subject=laggard, target="LDTT", actor=alice)
    nominee_override(nominee=lan, head=head_a, reason="Lý do đặc biệt")
    proposal_submit(proposal=proposal, actor=alice)
    as_user(client, specialist)
    page = client.get(proposal.get_absolute_url())
    assert "lý do: Lý do đặc biệt" in text(page)
