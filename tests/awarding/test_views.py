from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.awarding.conftest import SIGNED

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, specialist):
    client.force_login(specialist)
    return client


def test_round_page_lists_passed_nominees_and_creates_a_draft(office, round_, passed):
    url = reverse("backoffice:awarding.round", args=[round_.pk])
    page = office.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("Nguyễn Văn Khoa", "Phạm Thị Ngọc Ánh", "Trần Văn Bình"):
        assert name in html
    assert "Lập dự thảo quyết định" in html
    response = office.post(
        reverse("backoffice:awarding.create", args=[round_.pk]),
        {"nominee": [passed["khoa"].pk, passed["binh"].pk], "planned_on": "20/01/2026"},
    )
    from tdkt.awarding.models import DecisionDraft

    draft = DecisionDraft.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:awarding.draft", args=[draft.pk])
    assert sorted(draft.lines.values_list("nominee_id", flat=True)) == sorted(
        [passed["khoa"].pk, passed["binh"].pk]
    )
    assert draft.planned_on == SIGNED
    html = office.get(url).content.decode()
    assert "Phạm Thị Ngọc Ánh" in html
    assert html.count("Nguyễn Văn Khoa") == 0


def test_draft_page_edit_sign_and_link_to_registry(office, round_, passed, specialist):
    from tdkt.awarding.services import draft_create

    draft = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    url = reverse("backoffice:awarding.draft", args=[draft.pk])
    html = office.get(url).content.decode()
    assert "6.560.000" in html and "Ký ban hành" in html
    response = office.post(
        reverse("backoffice:awarding.edit", args=[draft.pk]),
        {
            "title": "Về việc tặng danh hiệu thi đua năm 2025",
            "basis": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
            "planned_on": "20/01/2026",
            "signer_authority": "KT. Chủ tịch",
            "signer_title": "Phó Chủ tịch",
            "signer_name": "Lê Hồng Sơn",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.signer_name, draft.title) == (
        "Lê Hồng Sơn",
        "Về việc tặng danh hiệu thi đua năm 2025",
    )
    response = office.post(
        reverse("backoffice:awarding.sign", args=[draft.pk]),
        {"signed_on": "20/01/2026", "seen": "draft"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == "signed" and draft.number == "01/QĐ-UBND"
    html = office.get(url).content.decode()
    assert reverse("backoffice:decisions.detail", args=[draft.registry_decision_id]) in html
    for kind, ctype in (
        ("quyet-dinh", "wordprocessingml"),
        ("danh-sach", "wordprocessingml"),
        ("chi-tien-docx", "wordprocessingml"),
        ("chi-tien-xlsx", "spreadsheetml"),
    ):
        response = office.get(reverse("backoffice:awarding.download", args=[draft.pk, kind]))
        assert response.status_code == 200
        assert ctype in response["Content-Type"]
        assert response.content[:4] == b"PK\x03\x04"


def test_sign_error_is_a_message_not_a_500(office, round_, passed, specialist):
    from tdkt.awarding.services import draft_create

    draft = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    response = office.post(
        reverse("backoffice:awarding.sign", args=[draft.pk]),
        {"signed_on": "20/01/2026", "seen": "draft"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Nhập họ tên người ký." in response.content.decode()
    response = office.post(
        reverse("backoffice:awarding.sign", args=[draft.pk]),
        {"signed_on": "31/02/2026", "seen": "draft"},
        follow=True,
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_cancel_with_reason(office, round_, passed, specialist):
    from tdkt.awarding.services import draft_create

    draft = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    office.post(reverse("backoffice:awarding.cancel", args=[draft.pk]), {"reason": "Lập lại."})
    draft.refresh_from_db()
    assert (draft.state, draft.cancel_reason) == ("cancelled", "Lập lại.")


def test_strangers_get_404(client, round_, passed, specialist, alice, bob):  # noqa: PLR0917
    from tdkt.awarding.services import draft_create

    draft = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    for user in (alice, bob):
        client.force_login(user)
        urls = [
            reverse("backoffice:awarding.round", args=[round_.pk]),
            reverse("backoffice:awarding.draft", args=[draft.pk]),
            reverse("backoffice:awarding.download", args=[draft.pk, "quyet-dinh"]),
        ]
        for url in urls:
            assert client.get(url).status_code == 404
        for name, data in (
            ("backoffice:awarding.sign", {"signed_on": "20/01/2026", "seen": "draft"}),
            ("backoffice:awarding.cancel", {"reason": "x"}),
        ):
            assert client.post(reverse(name, args=[draft.pk]), data).status_code == 404
        assert (
            client.post(reverse("backoffice:awarding.create", args=[round_.pk])).status_code == 404
        )
    draft.refresh_from_db()
    assert draft.state == "draft"


def _add_passed(round_, tree, alice, head_a, specialist, count, start):  # noqa: PLR0917
    from tdkt.nominations.services import nominee_add, proposal_create
    from tests.awarding.conftest import pass_all, submit
    from tests.factories import make_person, make_rating

    proposal = proposal_create(round=round_, unit=tree.commune_a, actor=alice)
    for i in range(count):
        person = make_person(f"Nguyễn Văn Thứ {start + i}", tree.commune_a, birth_year=1980)
        make_rating(person, 2025, "HTTNV")
        nominee_add(proposal=proposal, subject=person, target="LDTT", actor=alice)
    submit(proposal, officer=alice, head=head_a, specialist=specialist)
    pass_all(round_, specialist)


def test_round_page_constant_queries(office, round_, tree, alice, head_a, specialist):  # noqa: PLR0917
    from tdkt.awarding.services import draft_create

    url = reverse("backoffice:awarding.round", args=[round_.pk])
    _add_passed(round_, tree, alice, head_a, specialist, 2, 0)
    draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    _add_passed(round_, tree, alice, head_a, specialist, 1, 10)
    office.get(url)
    with CaptureQueriesContext(connection) as small:
        assert office.get(url).status_code == 200
    _add_passed(round_, tree, alice, head_a, specialist, 4, 20)
    draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    _add_passed(round_, tree, alice, head_a, specialist, 5, 30)
    with CaptureQueriesContext(connection) as big:
        assert office.get(url).status_code == 200
    assert len(big) == len(small)


def test_draft_page_constant_queries(office, round_, tree, alice, head_a, specialist):  # noqa: PLR0917
    from tdkt.awarding.services import draft_create

    _add_passed(round_, tree, alice, head_a, specialist, 2, 0)
    small_draft = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    _add_passed(round_, tree, alice, head_a, specialist, 6, 10)
    big_draft = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    office.get(reverse("backoffice:awarding.draft", args=[small_draft.pk]))
    with CaptureQueriesContext(connection) as small:
        office.get(reverse("backoffice:awarding.draft", args=[small_draft.pk]))
    with CaptureQueriesContext(connection) as big:
        office.get(reverse("backoffice:awarding.draft", args=[big_draft.pk]))
    assert len(big) == len(small)
