"""The receiving office's screens: the work dashboard of the office and of the units, the
appraisal page (assign, agree / lower form / reject / escalate, re-appraise, the head's override
shown to the appraiser, "who acted first"), the proposal to the higher level; scope (404)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tdkt.nominations import services
from tdkt.nominations.models import Nominee, Proposal
from tdkt.nominations.services import (
    nominee_add,
    nominee_appraise,
    nominee_override,
    nominee_return,
    proposal_create,
    proposal_receive,
    proposal_return,
    proposal_submit,
)
from tdkt.notifications.models import Notification
from tests.factories import make_person, make_rating
from tests.nominations import conftest as nominations_fixtures
from tests.nominations import test_escalation as escalation_fixtures

# The nominations fixtures (the province round, commune A's proposal, "today" inside the
# submission window) and the commune round of the escalation tests.
_today = nominations_fixtures._today
head_a = nominations_fixtures.head_a
laggard = nominations_fixtures.laggard
proposal = nominations_fixtures.proposal
round_ = nominations_fixtures.round_
specialist2 = nominations_fixtures.specialist2
worker = nominations_fixtures.worker
appraised = escalation_fixtures.appraised
commune_office = escalation_fixtures.commune_office
commune_round = escalation_fixtures.commune_round
school_officer = escalation_fixtures.school_officer
teachers = escalation_fixtures.teachers

pytestmark = pytest.mark.django_db

OVERRIDE_REASON = "Đồng chí có sáng kiến được Hội đồng khoa học xã công nhận tháng 12/2025."


@pytest.fixture
def received(proposal, worker, laggard, alice, head_a, specialist):  # noqa: PLR0917 -- fixtures
    """Khoa proposed for LĐTT (eligible), Lan for CSTĐCS (not eligible, overridden by the
    head); sent and received by the province office."""
    khoa = nominee_add(proposal=proposal, subject=worker, target="LDTT", actor=alice)
    lan = nominee_add(proposal=proposal, subject=laggard, target="CSTDCS", actor=alice)
    nominee_override(nominee=lan, head=head_a, reason=OVERRIDE_REASON)
    proposal_submit(proposal=proposal, actor=alice)
    proposal_receive(proposal=proposal, actor=specialist)
    proposal.refresh_from_db()
    return proposal, Nominee.objects.get(pk=khoa.pk), Nominee.objects.get(pk=lan.pk)


def page(proposal) -> str:
    return reverse("backoffice:proposals.appraise", args=[proposal.pk])


def act(name: str, proposal, nominee) -> str:
    return reverse(f"backoffice:proposals.appraise.{name}", args=[proposal.pk, nominee.pk])


def msgs(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def as_user(client, user):
    client.logout()
    client.force_login(user)
    return client


def appraise(client, proposal, nominee, seen="accepted", **data):
    prefix = f"n{nominee.pk}"
    post = {f"{prefix}-seen": seen, **{f"{prefix}-{k}": v for k, v in data.items()}}
    return client.post(act("nominee", proposal, nominee), post, follow=True)


# --------------------------------------------------------------------------- appraisal page


def test_the_heads_override_is_shown_to_the_appraiser(client, received, specialist, head_a):
    proposal, khoa, lan = received
    lan.refresh_from_db()
    response = as_user(client, specialist).get(page(proposal))
    assert response.status_code == 200
    html = response.content.decode()
    when = f"{timezone.localtime(lan.override_at):%H:%M %d/%m/%Y}"
    assert "Đối tượng lãnh đạo đơn vị quyết định đề nghị khi chưa đủ điều kiện" in html
    block = html.split(f'id="nominee-{lan.pk}"')[1]
    assert "Lãnh đạo đơn vị quyết định đề nghị khi chưa đủ điều kiện" in block
    assert "Người quyết định: Lê Văn Trưởng" in block
    assert f"«{OVERRIDE_REASON}»" in block
    assert when in block
    # Khoa was not overridden: no override block in his section.
    khoa_block = html.split(f'id="nominee-{khoa.pk}"')[1].split('id="nominee-')[0]
    assert "Người quyết định" not in khoa_block
    # The judgement's checks with their legal basis.
    assert "Căn cứ pháp lý" in html
    assert "Chưa đủ điều kiện" in block


def test_assign_then_agree_and_lower_form(client, received, specialist, specialist2):
    proposal, khoa, lan = received
    c = as_user(client, specialist)
    response = c.post(
        reverse("backoffice:proposals.appraise.assign", args=[proposal.pk]),
        {"specialist": specialist2.pk},
        follow=True,
    )
    assert msgs(response) == [f"Đã phân công Phạm Thu Hà thẩm định {proposal}."]
    proposal.refresh_from_db()
    assert (proposal.state, proposal.assigned_specialist) == ("appraising", specialist2)

    response = appraise(c, proposal, khoa, decision="agree", note="Đủ tiêu chuẩn")
    assert msgs(response) == ["Đã ghi kết quả thẩm định Nguyễn Văn Khoa: Thẩm định: đồng ý."]
    khoa.refresh_from_db()
    assert (khoa.state, khoa.appraisal_note, khoa.appraised_by) == (
        "appraised_agree",
        "Đủ tiêu chuẩn",
        specialist,
    )

    # Lower form: required, and only a lower one of the choices.
    response = appraise(c, proposal, lan, decision="lower")
    assert response.status_code == 400
    assert msgs(response) == ["Chọn hình thức khen thấp hơn."]
    response = appraise(c, proposal, lan, decision="lower", lower_target="CSTD_TINH")
    assert msgs(response) == ["Hình thức được chọn không thấp hơn hình thức đề nghị."]
    assert Nominee.objects.get(pk=lan.pk).state == "accepted"

    response = appraise(c, proposal, lan, decision="lower", lower_target="LDTT")
    assert msgs(response) == [
        "Đã ghi kết quả thẩm định Trần Thị Lan: Thẩm định: khen hình thức thấp hơn.",
        "Đã thẩm định xong tất cả đối tượng của tờ trình.",
    ]
    lan.refresh_from_db()
    proposal.refresh_from_db()
    assert (lan.state, lan.lower_target_id, proposal.state) == (
        "appraised_lower",
        "LDTT",
        "appraised",
    )


def test_reject_needs_a_note(client, received, specialist):
    proposal, khoa, _lan = received
    response = appraise(as_user(client, specialist), proposal, khoa, decision="reject")
    assert response.status_code == 400
    assert msgs(response) == ["Ghi lý do không đồng ý đề nghị Nguyễn Văn Khoa."]
    assert "Ghi lý do không đồng ý đề nghị Nguyễn Văn Khoa." in response.content.decode()
    assert Nominee.objects.get(pk=khoa.pk).state == "accepted"

    response = appraise(
        client, proposal, khoa, decision="reject", note="Chưa đủ thời gian công tác"
    )
    khoa.refresh_from_db()
    assert (khoa.state, khoa.appraisal_note) == ("rejected", "Chưa đủ thời gian công tác")


def test_second_appraiser_learns_who_acted_first(client, received, specialist, specialist2):
    proposal, khoa, _lan = received
    nominee_appraise(nominee=khoa, actor=specialist2, decision="escalate")
    response = appraise(as_user(client, specialist), proposal, khoa, decision="agree")
    (message,) = msgs(response)
    assert message.startswith("Nguyễn Văn Khoa đã được Phạm Thu Hà thẩm định lúc ")
    assert "(trạng thái hiện tại: «Đề nghị cấp trên khen»)" in message
    assert Nominee.objects.get(pk=khoa.pk).state == "escalated"


def test_reappraise_takes_the_nominee_back(client, received, specialist):
    proposal, khoa, lan = received
    nominee_appraise(nominee=khoa, actor=specialist, decision="agree")
    nominee_appraise(nominee=lan, actor=specialist, decision="reject", note="Không đạt")
    proposal.refresh_from_db()
    assert proposal.state == "appraised"
    c = as_user(client, specialist)
    response = c.post(
        act("reopen", proposal, lan), {"seen": "rejected", "reason": "Đơn vị bổ sung"}, follow=True
    )
    assert msgs(response) == [
        "Trần Thị Lan được đưa về trạng thái «Đã tiếp nhận» để thẩm định lại."
    ]
    lan.refresh_from_db()
    proposal.refresh_from_db()
    assert (lan.state, lan.appraisal_note, proposal.state) == ("accepted", "", "appraising")
    # A stale page (it still showed "rejected") is refused with who acted.
    response = c.post(act("reopen", proposal, lan), {"seen": "rejected"}, follow=True)
    assert msgs(response)[0].startswith("Trần Thị Lan đã được ")


def test_the_unit_is_told_the_results(
    client, received, specialist, alice, django_capture_on_commit_callbacks
):
    proposal, khoa, lan = received
    c = as_user(client, specialist)
    with django_capture_on_commit_callbacks(execute=True):
        appraise(c, proposal, khoa, decision="agree")
        appraise(c, proposal, lan, decision="reject", note="Chưa có sáng kiến")
    rows = Notification.objects.filter(
        recipient=alice, kind__in=["nominations.appraised", "nominations.rejected"]
    ).order_by("id")
    assert [(n.kind, n.title, n.body, n.url) for n in rows] == [
        (
            "nominations.rejected",
            "Trần Thị Lan: thẩm định không đồng ý đề nghị Chiến sĩ thi đua cơ sở",
            "Chưa có sáng kiến",
            reverse("backoffice:proposals.detail", args=[proposal.pk]),
        ),
        (
            "nominations.appraised",
            f"{proposal} đã có kết quả thẩm định",
            "Đồng ý: 1; đồng ý hình thức thấp hơn: 0; không đồng ý: 1; đề nghị cấp trên khen: 0.",
            reverse("backoffice:proposals.detail", args=[proposal.pk]),
        ),
    ]


def test_scope_and_who_may_act(client, received, bob, alice):
    proposal, khoa, _lan = received
    c = as_user(client, bob)
    assert c.get(page(proposal)).status_code == 404
    assert c.post(act("nominee", proposal, khoa), {}).status_code == 404
    # The unit sees the page read-only and may not appraise.
    c = as_user(client, alice)
    response = c.get(page(proposal))
    assert response.status_code == 200
    assert "Ghi kết quả thẩm định" not in response.content.decode()
    assert appraise(c, proposal, khoa, decision="agree").status_code == 403
    assert Nominee.objects.get(pk=khoa.pk).state == "accepted"


def test_resent_nominee_is_accepted_on_the_page(client, received, specialist, alice):
    proposal, khoa, _lan = received
    nominee_return(nominee=khoa, actor=specialist, reason="Thiếu báo cáo thành tích")
    services.proposal_resubmit(proposal=Proposal.objects.get(pk=proposal.pk), actor=alice)
    c = as_user(client, specialist)
    assert "Tiếp nhận hồ sơ gửi lại" in c.get(page(proposal)).content.decode()
    response = c.post(act("accept", proposal, khoa), {"seen": "submitted"}, follow=True)
    assert msgs(response) == ["Đã tiếp nhận hồ sơ của Nguyễn Văn Khoa."]
    assert Nominee.objects.get(pk=khoa.pk).state == "accepted"


# --------------------------------------------------------------------------- dashboard


def _person(name, unit):
    person = make_person(name, unit, birth_year=1980, employment_start=dt.date(2010, 1, 1))
    make_rating(person, 2025, "HTTNV")
    return person


def _proposals(round_, tree, alice, specialist, *, n: int, tag: str) -> dict:
    """n drafts, n submitted, n returned, n received (one nominee returned) of commune A."""
    made: dict[str, list] = {"draft": [], "submitted": [], "returned": [], "received": []}
    for i in range(n):
        for state, proposals in made.items():
            p = proposal_create(round=round_, unit=tree.commune_a, actor=alice)
            nominee = nominee_add(
                proposal=p,
                subject=_person(f"Người {tag} {state} {i}", tree.commune_a),
                target="LDTT",
                actor=alice,
            )
            if state != "draft":
                proposal_submit(proposal=p, actor=alice)
            if state == "returned":
                proposal_return(proposal=p, actor=specialist, reason=f"Thiếu biên bản {i}")
            if state == "received":
                proposal_receive(proposal=p, actor=specialist)
                nominee.refresh_from_db()
                nominee_return(nominee=nominee, actor=specialist, reason=f"Sai năm sinh {i}")
            proposals.append(p)
    return made


def _dashboard(client):
    return client.get(reverse("backoffice:work.dashboard"))


def test_office_dashboard_lists_and_counts(client, round_, tree, alice, specialist):
    made = _proposals(round_, tree, alice, specialist, n=1, tag="a")
    received = made["received"][0]
    # Its appraisal deadline passed yesterday; it is assigned to the specialist.
    Proposal.objects.filter(pk=received.pk).update(due_on=dt.date(2026, 1, 14))
    services.specialist_assign(
        proposal=Proposal.objects.get(pk=received.pk), specialist=specialist, actor=specialist
    )
    response = _dashboard(as_user(client, specialist))
    assert response.status_code == 200
    office = response.context["office"]
    assert response.context["unit"] is None
    assert {k: v["count"] for k, v in office.items()} == {
        "waiting": 1,
        "overdue": 1,
        "due": 0,
        "mine": 1,
        "appraised": 0,
        "resubmitted": 0,
        "escalated": 0,
    }
    assert [p.pk for p in office["waiting"]["items"]] == [made["submitted"][0].pk]
    assert [(p.pk, days) for p, days in office["overdue"]["items"]] == [(received.pk, 1)]
    assert [p.pk for p in office["mine"]["items"]] == [received.pk]
    html = response.content.decode()
    assert reverse("backoffice:proposals.detail", args=[made["submitted"][0].pk]) in html
    assert reverse("backoffice:proposals.appraise", args=[received.pk]) in html
    assert "quá 1 ngày làm việc (hạn 14/01/2026)" in html

    # Due tomorrow instead: "due soon".
    Proposal.objects.filter(pk=received.pk).update(due_on=dt.date(2026, 1, 16))
    office = _dashboard(client).context["office"]
    assert (office["overdue"]["count"], office["due"]["count"]) == (0, 1)
    assert [(p.pk, days) for p, days in office["due"]["items"]] == [(received.pk, 1)]


def test_unit_dashboard_lists_returns_with_reasons(  # noqa: PLR0917 -- fixtures
    client, round_, tree, alice, specialist, monkeypatch
):
    monkeypatch.setattr(services, "_today", lambda: dt.date(2026, 1, 27))
    made = _proposals(round_, tree, alice, specialist, n=1, tag="u")
    response = _dashboard(as_user(client, alice))
    unit = response.context["unit"]
    assert response.context["office"] is None
    assert {k: v["count"] for k, v in unit.items()} == {
        "drafts": 1,
        "returned": 1,
        "returned_nominees": 1,
        "rounds": 1,
    }
    assert [p.pk for p in unit["drafts"]["items"]] == [made["draft"][0].pk]
    (nominee,) = unit["returned_nominees"]["items"]
    assert (nominee.proposal_id, nominee.return_reason) == (
        made["received"][0].pk,
        "Sai năm sinh 0",
    )
    assert [(r.pk, days) for r, days in unit["rounds"]["items"]] == [(round_.pk, 3)]
    html = response.content.decode()
    assert "Lý do: Thiếu biên bản 0" in html
    assert "Lý do: Sai năm sinh 0" in html
    assert "còn 3 ngày làm việc (hạn gửi 30/01/2026)" in html


@pytest.mark.parametrize("who", ["specialist", "alice"])
def test_dashboard_query_count_is_constant(  # noqa: PLR0917 -- fixtures and parameters
    client, round_, tree, alice, specialist, who
):
    user = {"specialist": specialist, "alice": alice}[who]
    c = as_user(client, user)
    _proposals(round_, tree, alice, specialist, n=1, tag="x")
    _dashboard(c)
    with CaptureQueriesContext(connection) as small:
        assert _dashboard(c).status_code == 200
    _proposals(round_, tree, alice, specialist, n=3, tag="y")
    with CaptureQueriesContext(connection) as big:
        assert _dashboard(c).status_code == 200
    assert len(big) == len(small)


# --------------------------------------------------------------------------- upward screen


def test_upward_page_lists_and_gathers(  # noqa: PLR0917 -- fixtures
    client, appraised, commune_round, round_, commune_office, bob
):
    proposal, (mai, huy, _tam) = appraised
    url = reverse("backoffice:rounds.upward", args=[commune_round.pk])
    assert as_user(client, bob).get(url).status_code == 404
    c = as_user(client, commune_office)
    html = c.get(page(proposal)).content.decode()
    assert url in html  # "Lập tờ trình đề nghị cấp trên" on the appraisal page
    response = c.get(url)
    html = response.content.decode()
    assert "Lý Thị Mai – Lao động tiên tiến" in html
    assert "Đặng Quốc Huy – Lao động tiên tiến" in html
    assert "Bùi Thanh Tâm" not in html
    response = c.post(url, {"nominees": [str(mai.pk), str(huy.pk)], "upper_round": ""}, follow=True)
    (upper,) = Proposal.objects.filter(round=round_)
    assert msgs(response) == [
        f"Đã tổng hợp 2 đối tượng vào {upper} của Xã An Lạc "
        "(đợt xét «Xét khen thưởng tổng kết năm 2025»)."
    ]
    assert reverse("backoffice:proposals.detail", args=[upper.pk]) in response.content.decode()
    # Nothing left: a second post is refused with a message, nothing copied twice.
    response = c.post(url, {"nominees": [str(mai.pk)]}, follow=True)
    assert response.status_code == 400
    assert msgs(response) == ["Đối tượng được chọn đã được tổng hợp hoặc không còn hợp lệ."]
    assert Nominee.objects.filter(round=round_).count() == 2


def test_appraisal_page_query_count_is_constant(  # noqa: PLR0917 -- fixtures
    client, proposal, tree, alice, head_a, specialist
):
    def add(n: int, tag: str) -> None:
        for i in range(n):
            person = _person(f"Người {tag} {i}", tree.commune_a)
            nominee = nominee_add(proposal=proposal, subject=person, target="CSTDCS", actor=alice)
            nominee_override(nominee=nominee, head=head_a, reason=OVERRIDE_REASON)

    c = as_user(client, specialist)
    add(2, "a")
    proposal_submit(proposal=proposal, actor=alice)
    proposal_receive(proposal=proposal, actor=specialist)
    c.get(page(proposal))
    with CaptureQueriesContext(connection) as small:
        assert c.get(page(proposal)).status_code == 200
    # Two more nominees (states set directly: drafted, then accepted).
    Proposal.objects.filter(pk=proposal.pk).update(state="draft", submitted_at=None)
    proposal.refresh_from_db()
    add(2, "b")
    Proposal.objects.filter(pk=proposal.pk).update(state="received")
    Nominee.objects.filter(proposal=proposal).update(state="accepted")
    with CaptureQueriesContext(connection) as big:
        assert c.get(page(proposal)).status_code == 200
    assert len(big) == len(small)
