"""Back-office screens for people and households: search, scope, forms, audit."""

from __future__ import annotations

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tdkt.common.models import AuditLog
from tdkt.people.models import Assignment, Person
from tests.factories import make_award, make_decision, make_household, make_person

pytestmark = pytest.mark.django_db

PERSON_LINK = re.compile(r'<a href="/ca-nhan/\d+/">([^<]+)</a>')
HOUSEHOLD_LINK = re.compile(r'<a href="/ho-gia-dinh/\d+/">([^<]+)</a>')


def names(response, pattern=PERSON_LINK) -> list[str]:
    return pattern.findall(response.content.decode())


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def people_a(tree, person_a):
    make_person("Lê Văn An", tree.commune_a, birth_year=1990)
    make_person("Phạm Thị Bình", tree.school_a, birth_year=1979, citizen_id="001079000123")
    make_person("Đặng Văn Đức", tree.commune_a)
    return person_a


# --- search ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["nguyen thi hang", "NGUYỄN THỊ HẰNG", "Nguyen Thi Hang", "hang"])
def test_search_is_diacritic_and_case_insensitive(alice_client, people_a, text):
    response = alice_client.get(reverse("backoffice:people.list"), {"q": text})
    assert names(response) == ["Nguyễn Thị Hằng"]


def test_search_finds_decomposed_input_and_d(alice_client, people_a):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "đặng văn đức")
    response = alice_client.get(reverse("backoffice:people.list"), {"q": nfd})
    assert names(response) == ["Đặng Văn Đức"]
    response = alice_client.get(reverse("backoffice:people.list"), {"q": "dang van duc"})
    assert names(response) == ["Đặng Văn Đức"]


def test_search_by_citizen_id_and_birth_year(alice_client, people_a):
    url = reverse("backoffice:people.list")
    assert names(alice_client.get(url, {"q": "001079000123"})) == ["Phạm Thị Bình"]
    assert names(alice_client.get(url, {"q": "1990"})) == ["Lê Văn An"]


def test_list_sorted_by_given_name_then_by_family_name(alice_client, people_a):
    url = reverse("backoffice:people.list")
    assert names(alice_client.get(url)) == [
        "Lê Văn An",
        "Phạm Thị Bình",
        "Đặng Văn Đức",
        "Nguyễn Thị Hằng",
    ]
    assert names(alice_client.get(url, {"order": "family"})) == [
        "Đặng Văn Đức",
        "Lê Văn An",
        "Nguyễn Thị Hằng",
        "Phạm Thị Bình",
    ]


def test_unit_filter_covers_the_subtree_and_stays_in_scope(alice_client, tree, people_a, person_b):
    url = reverse("backoffice:people.list")
    assert names(alice_client.get(url, {"unit": tree.school_a.pk})) == ["Phạm Thị Bình"]
    # Commune B is not a choice for alice: the filter is rejected, nobody of B is listed.
    response = alice_client.get(url, {"unit": tree.commune_b.pk})
    assert "Trần Văn Bình" not in names(response)
    assert names(alice_client.get(url)) == names(alice_client.get(url, {"unit": ""}))


def test_list_only_shows_people_in_scope(client, bob, people_a, person_b):
    client.force_login(bob)
    assert names(client.get(reverse("backoffice:people.list"))) == ["Trần Văn Bình"]


def test_htmx_search_returns_only_the_results_table(alice_client, people_a):
    response = alice_client.get(
        reverse("backoffice:people.list"),
        {"q": "hang"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="results",
    )
    html = response.content.decode()
    assert names(response) == ["Nguyễn Thị Hằng"]
    assert "<html" not in html and 'id="id_q"' not in html


def test_list_paginates_by_50(alice_client, tree):
    for i in range(51):
        make_person(f"Nguyễn Văn Số{i:02d}", tree.commune_a)
    url = reverse("backoffice:people.list")
    assert len(names(alice_client.get(url))) == 50
    assert len(names(alice_client.get(url, {"page": 2}))) == 1


@pytest.mark.parametrize("count", [1, 5])
def test_people_list_query_count_is_constant(alice_client, tree, count, django_assert_num_queries):
    for i in range(count):
        make_person(f"Nguyễn Văn Người{i}", tree.school_a)
    with django_assert_num_queries(14):
        response = alice_client.get(reverse("backoffice:people.list"))
    assert len(names(response)) == count


# --- detail and scope ---------------------------------------------------------------------------


def test_detail_shows_history_with_decision_and_revoked_struck(alice_client, alice, tree, person_a):
    from tdkt.registry.services import award_revoke

    decision = make_decision("15/QĐ-UBND")
    make_award(person_a, "LDTT", 2023, decision=decision)
    revoked = make_award(person_a, "CSTDCS", 2023)
    award_revoke(record=revoked, reason="Hồ sơ không trung thực", actor=alice)
    url = reverse("backoffice:people.detail", args=[person_a.pk])
    html = alice_client.get(url).content.decode()
    assert "Lao động tiên tiến" in html
    assert "15/QĐ-UBND" in html and "20/01/2025" in html
    assert re.search(r"<s><strong>Chiến sĩ thi đua cơ sở</strong></s>", html)
    table = alice_client.get(url, {"view": "years"}).content.decode()
    assert "<th>Hình thức khen thưởng</th>" in table
    assert re.search(r"<s [^>]*>Chiến sĩ thi đua cơ sở</s>", table)


def test_detail_assignments_tab_and_audit_link(alice_client, person_a):
    url = reverse("backoffice:people.detail", args=[person_a.pk])
    html = alice_client.get(url, {"tab": "assignments"}).content.decode()
    assert "Xã An Lạc" in html
    assert f"/nhat-ky/people/person/{person_a.pk}/" in html


@pytest.mark.parametrize(
    "name", ["people.detail", "people.edit", "people.transfer", "people.leave"]
)
def test_stranger_gets_404_on_person(client, bob, person_a, name):
    client.force_login(bob)
    assert client.get(reverse(f"backoffice:{name}", args=[person_a.pk])).status_code == 404


def test_auditor_sees_no_edit_buttons_and_cannot_post(client, auditor, person_a):
    client.force_login(auditor)
    html = client.get(reverse("backoffice:people.detail", args=[person_a.pk])).content.decode()
    assert "Nguyễn Thị Hằng" in html
    assert reverse("backoffice:people.edit", args=[person_a.pk]) not in html
    response = client.post(
        reverse("backoffice:people.edit", args=[person_a.pk]), {"full_name": "Khác", "reason": "x"}
    )
    assert response.status_code == 404
    assert client.post(reverse("backoffice:people.create"), {"full_name": "X"}).status_code == 403
    assert Person.objects.get(pk=person_a.pk).full_name == "Nguyễn Thị Hằng"


# --- create / edit ------------------------------------------------------------------------------


def _person_post(**overrides):
    data = {
        "full_name": "trần   thị  mai",
        "birth_date": "05/09/1988",
        "sex": "F",
        "ethnicity": "Kinh",
        "citizen_id": "",
        "position": "Kế toán",
        "employment_start": "",
        "phone": "",
        "email": "",
        "note": "",
    }
    data.update(overrides)
    return data


def test_create_person_through_the_form(alice_client, tree):
    response = alice_client.post(
        reverse("backoffice:people.create"), _person_post(unit=tree.commune_a.pk)
    )
    person = Person.objects.get(search_key="tran thi mai")
    assert response.url == reverse("backoffice:people.detail", args=[person.pk])
    assert (person.full_name, person.birth_year, person.unit) == (
        "Trần Thị Mai",
        1988,
        tree.commune_a,
    )


def test_create_rejects_unit_out_of_writer_scope(alice_client, tree):
    response = alice_client.post(
        reverse("backoffice:people.create"), _person_post(unit=tree.commune_b.pk)
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Person.objects.filter(search_key="tran thi mai").exists()


def test_edit_writes_audit_log_with_before_after_and_reason(alice_client, alice, person_a):
    url = reverse("backoffice:people.edit", args=[person_a.pk])
    response = alice_client.post(
        url,
        _person_post(
            full_name="Nguyễn Thị Hằng",
            position="Phó Chủ tịch",
            birth_date="",
            reason="Bổ nhiệm theo Quyết định 12/QĐ-UBND",
        ),
    )
    assert response.status_code == 302
    log = AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person_a.pk),
        action="people.person.update",
    ).get()
    assert log.actor == alice
    assert log.reason == "Bổ nhiệm theo Quyết định 12/QĐ-UBND"
    assert (log.before["position"], log.after["position"]) == ("", "Phó Chủ tịch")


def test_edit_requires_a_reason(alice_client, person_a):
    url = reverse("backoffice:people.edit", args=[person_a.pk])
    response = alice_client.post(url, _person_post(full_name="Nguyễn Thị Hằng", reason=""))
    assert response.context["form"].errors["reason"] == ["Cần ghi lý do thay đổi."]


def test_invalid_date_rerenders_with_vietnamese_error(alice_client, person_a):
    url = reverse("backoffice:people.edit", args=[person_a.pk])
    response = alice_client.post(url, _person_post(birth_date="31/02/1990", reason="Sửa"))
    assert response.status_code == 200
    [error] = response.context["form"].errors["birth_date"]
    assert "ngày" in error.lower()
    assert "31/02/1990" in response.content.decode()


def test_duplicate_citizen_id_is_shown_on_the_field(alice_client, tree, person_a):
    make_person("Võ Văn Tám", tree.commune_a, citizen_id="001090000001")
    url = reverse("backoffice:people.edit", args=[person_a.pk])
    response = alice_client.post(
        url, _person_post(full_name="Nguyễn Thị Hằng", citizen_id="001090000001", reason="Bổ sung")
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["citizen_id"]
    assert "đã thuộc về Võ Văn Tám" in error
    response = alice_client.post(
        reverse("backoffice:people.create"),
        _person_post(unit=tree.commune_a.pk, citizen_id="001090000001"),
    )
    assert "đã thuộc về Võ Văn Tám" in response.context["form"].errors["citizen_id"][0]


# --- transfer / leave ----------------------------------------------------------------------------


def test_transfer_within_writer_scope(alice_client, tree, person_a):
    url = reverse("backoffice:people.transfer", args=[person_a.pk])
    response = alice_client.post(
        url,
        {"to_unit": tree.school_a.pk, "on": "01/03/2025", "position": "", "reason": "Điều động"},
    )
    assert response.status_code == 302
    person_a.refresh_from_db()
    assert person_a.unit == tree.school_a
    last = Assignment.objects.filter(person=person_a).order_by("-pk").first()
    assert (last.unit, str(last.start)) == (tree.school_a, "2025-03-01")
    # Commune B is outside alice's writer scope.
    response = alice_client.post(
        url, {"to_unit": tree.commune_b.pk, "on": "01/04/2025", "reason": "x"}
    )
    assert "to_unit" in response.context["form"].errors


def test_leave(alice_client, person_a):
    url = reverse("backoffice:people.leave", args=[person_a.pk])
    alice_client.post(url, {"on": "31/12/2024", "reason": "Nghỉ hưu"})
    person_a.refresh_from_db()
    assert (person_a.is_active, str(person_a.left_on)) == (False, "2024-12-31")
    url = reverse("backoffice:people.list")
    assert names(alice_client.get(url)) == []
    assert names(alice_client.get(url, {"active": "0"})) == ["Nguyễn Thị Hằng"]


# --- households ---------------------------------------------------------------------------


def test_household_search_and_detail(alice_client, tree):
    household = make_household("Hoàng Văn Thụ", tree.commune_a, address="Thôn 3")
    make_household("Nguyễn Văn Thành", tree.commune_a)
    make_award(household, "GD_VAN_HOA", 2024)
    url = reverse("backoffice:households.list")
    assert names(alice_client.get(url, {"q": "HOANG van THU"}), HOUSEHOLD_LINK) == ["Hoàng Văn Thụ"]
    html = alice_client.get(reverse("backoffice:households.detail", args=[household.pk]))
    assert "Gia đình văn hóa" in html.content.decode()


def test_household_stranger_404_and_create(client, alice, bob, tree):
    household = make_household("Hoàng Văn Thụ", tree.commune_a)
    client.force_login(bob)
    assert (
        client.get(reverse("backoffice:households.detail", args=[household.pk])).status_code == 404
    )
    assert names(client.get(reverse("backoffice:households.list")), HOUSEHOLD_LINK) == []
    client.force_login(alice)
    response = client.post(
        reverse("backoffice:households.create"),
        {"head_name": "lò văn  páo", "unit": tree.commune_a.pk, "address": ""},
    )
    assert response.status_code == 302
    assert names(
        client.get(reverse("backoffice:households.list"), {"q": "pao"}), HOUSEHOLD_LINK
    ) == ["Lò Văn Páo"]


@pytest.mark.parametrize("count", [1, 5])
def test_household_list_query_count_is_constant(
    alice_client, tree, count, django_assert_num_queries
):
    for i in range(count):
        make_household(f"Nguyễn Văn Hộ{i}", tree.commune_a)
    with django_assert_num_queries(14):
        response = alice_client.get(reverse("backoffice:households.list"))
    assert len(names(response, HOUSEHOLD_LINK)) == count


def test_every_page_renders_for_a_writer(alice_client, tree, person_a):
    household = make_household("Hoàng Văn Thụ", tree.commune_a)
    make_award(tree.commune_a, "TTLDTT", 2022)
    make_award(person_a, "LDTT", 2022)
    pages = {
        reverse("backoffice:people.create"): "Thêm cá nhân",
        reverse("backoffice:people.edit", args=[person_a.pk]): "Lý do thay đổi",
        reverse("backoffice:people.transfer", args=[person_a.pk]): "Chuyển đến đơn vị",
        reverse("backoffice:people.leave", args=[person_a.pk]): "Ngày thôi công tác",
        reverse("backoffice:people.detail", args=[person_a.pk]) + "?view=years": "Kỷ luật",
        reverse("backoffice:households.create"): "Họ và tên chủ hộ",
        reverse("backoffice:households.detail", args=[household.pk]): "Hoàng Văn Thụ",
        reverse("backoffice:units.create"): "Mã đơn vị",
        reverse("backoffice:units.edit", args=[tree.school_a.pk]): "Đơn vị cấp trên",
        reverse("backoffice:units.merge"): "Đơn vị tiếp nhận",
        reverse("backoffice:units.history", args=[tree.commune_a.pk]) + "?view=years": (
            "Tập thể lao động tiên tiến"
        ),
    }
    for url, text in pages.items():
        response = alice_client.get(url)
        assert (url, response.status_code, text in response.content.decode()) == (url, 200, True)
