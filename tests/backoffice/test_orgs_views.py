"""Back-office screens for the organisation tree: browse, detail, history, create/edit, merge."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tdkt.orgs.models import Unit, UnitSuccession
from tdkt.people.models import Person
from tests.factories import grant, make_award, make_decision, make_person, make_unit, make_user

pytestmark = pytest.mark.django_db

UNIT_LINK = re.compile(r'<a href="/don-vi/\d+/">([^<]+)</a>')


def names(response) -> list[str]:
    return UNIT_LINK.findall(response.content.decode())


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


# --- list: tree and search -------------------------------------------------------------------


def test_tree_shows_scope_roots_and_loads_children_on_demand(alice_client, tree):
    response = alice_client.get(reverse("backoffice:units.list"))
    assert names(response) == ["Xã An Lạc"]
    html = response.content.decode()
    assert f'hx-get="/don-vi/{tree.commune_a.pk}/con/?status=current"' in html
    children = alice_client.get(
        reverse("backoffice:units.children", args=[tree.commune_a.pk]), HTTP_HX_REQUEST="true"
    )
    assert names(children) == ["Trường Tiểu học An Lạc"]
    assert "<html" not in children.content.decode()


def test_specialist_tree_starts_at_the_province(client, specialist, tree):
    client.force_login(specialist)
    assert names(client.get(reverse("backoffice:units.list"))) == ["Tỉnh Hòa Bình Xanh"]
    children = client.get(
        reverse("backoffice:units.children", args=[tree.province.pk]), HTTP_HX_REQUEST="true"
    )
    # Vietnamese order: "Sở" after "Xã"? No: S < X; and "Xã An Lạc" < "Xã Bình Minh".
    assert names(children) == ["Sở Giáo dục và Đào tạo", "Xã An Lạc", "Xã Bình Minh"]


def test_search_by_name_without_diacritics_and_by_code(client, specialist, tree):
    client.force_login(specialist)
    url = reverse("backoffice:units.list")
    assert names(client.get(url, {"q": "an lac"})) == ["Trường Tiểu học An Lạc", "Xã An Lạc"]
    assert names(client.get(url, {"q": "XÃ BÌNH MINH"})) == ["Xã Bình Minh"]
    assert names(client.get(url, {"q": "th-a"})) == ["Trường Tiểu học An Lạc"]


def test_status_filter_lists_ended_units(client, specialist, tree):
    import datetime as dt

    from tdkt.orgs.services import unit_update

    unit_update(unit=tree.commune_b, actor=None, valid_to=dt.date(2025, 6, 30))
    client.force_login(specialist)
    url = reverse("backoffice:units.list")
    assert names(client.get(url, {"status": "ended"})) == ["Xã Bình Minh"]
    children = client.get(
        reverse("backoffice:units.children", args=[tree.province.pk]),
        {"status": "current"},
        HTTP_HX_REQUEST="true",
    )
    assert "Xã Bình Minh" not in names(children)


@pytest.mark.parametrize("count", [1, 5])
def test_units_list_and_children_query_count_is_constant(
    client, specialist, tree, count, django_assert_num_queries
):
    for i in range(count):
        make_unit(f"Thôn {i}", "thon", tree.commune_b)
    client.force_login(specialist)
    with django_assert_num_queries(12):
        client.get(reverse("backoffice:units.list"))
    with django_assert_num_queries(9):
        response = client.get(
            reverse("backoffice:units.children", args=[tree.commune_b.pk]), HTTP_HX_REQUEST="true"
        )
    assert len(names(response)) == count


# --- scope ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["units.detail", "units.history", "units.edit"])
def test_stranger_gets_404_on_unit_pages(client, bob, tree, name):
    client.force_login(bob)
    assert client.get(reverse(f"backoffice:{name}", args=[tree.commune_a.pk])).status_code == 404
    assert client.get(reverse(f"backoffice:{name}", args=[tree.school_a.pk])).status_code == 404


def test_bob_cannot_see_or_expand_commune_a(client, bob, tree):
    client.force_login(bob)
    assert "Xã An Lạc" not in names(client.get(reverse("backoffice:units.list"), {"q": "an"}))
    response = client.get(
        reverse("backoffice:units.children", args=[tree.commune_a.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 404


def test_auditor_reads_but_cannot_write(client, auditor, tree):
    client.force_login(auditor)
    response = client.get(reverse("backoffice:units.detail", args=[tree.commune_a.pk]))
    html = response.content.decode()
    assert "Xã An Lạc" in html
    assert reverse("backoffice:units.edit", args=[tree.commune_a.pk]) not in html
    edit = reverse("backoffice:units.edit", args=[tree.commune_a.pk])
    assert client.post(edit, {"code": "X", "name": "Y", "kind": "xa"}).status_code == 404
    assert client.post(reverse("backoffice:units.create"), {}).status_code == 403
    assert client.post(reverse("backoffice:units.merge"), {}).status_code == 403
    assert Unit.objects.get(pk=tree.commune_a.pk).name == "Xã An Lạc"


# --- detail and history ----------------------------------------------------------------------


def test_detail_shows_ancestors_children_people_count(alice_client, tree, person_a):
    make_person("Lê Văn An", tree.school_a)
    response = alice_client.get(reverse("backoffice:units.detail", args=[tree.commune_a.pk]))
    html = response.content.decode()
    assert "Tỉnh Hòa Bình Xanh" in html  # breadcrumb, not a link: outside alice's scope
    assert f'href="/don-vi/{tree.province.pk}/"' not in html
    assert "Trường Tiểu học An Lạc" in html
    assert (response.context["people_direct"], response.context["people_subtree"]) == (1, 2)
    assert reverse("backoffice:units.history", args=[tree.commune_a.pk]) in html


def test_create_and_edit_unit(alice_client, alice, tree):
    response = alice_client.post(
        reverse("backoffice:units.create"),
        {
            "code": "thon-1",
            "name": "thôn  Đông",
            "kind": "thon",
            "parent": tree.commune_a.pk,
            "valid_from": "01/07/2025",
            "valid_to": "",
            "short_name": "",
            "address": "",
            "reason": "QĐ 5/QĐ-UBND",
        },
    )
    unit = Unit.objects.get(code="THON-1")
    assert response.url == reverse("backoffice:units.detail", args=[unit.pk])
    assert (unit.parent, unit.path.startswith(tree.commune_a.path)) == (tree.commune_a, True)
    # A parent outside the writer scope is refused, with a message on the field.
    response = alice_client.post(
        reverse("backoffice:units.create"),
        {
            "code": "thon-2",
            "name": "Thôn Tây",
            "kind": "thon",
            "parent": tree.commune_b.pk,
        },
    )
    assert "parent" in response.context["form"].errors
    # Edit: a bad date re-renders the form in Vietnamese, no 500.
    edit = reverse("backoffice:units.edit", args=[unit.pk])
    response = alice_client.post(
        edit,
        {
            "code": "THON-1",
            "name": "Thôn Đông",
            "kind": "thon",
            "parent": tree.commune_a.pk,
            "valid_from": "32/13/2025",
        },
    )
    assert response.status_code == 200 and "valid_from" in response.context["form"].errors
    response = alice_client.post(
        edit,
        {
            "code": "THON-1",
            "name": "Thôn Đông Mới",
            "kind": "thon",
            "parent": tree.school_a.pk,
            "valid_from": "01/07/2025",
            "reason": "Đổi tên",
        },
    )
    unit.refresh_from_db()
    assert (unit.name, unit.parent) == ("Thôn Đông Mới", tree.school_a)
    # Duplicate code: the service's message lands on the code field.
    response = alice_client.post(
        edit, {"code": "TH-A", "name": "Thôn Đông Mới", "kind": "thon", "parent": tree.school_a.pk}
    )
    assert response.status_code == 200 and "code" in response.context["form"].errors


def test_officer_can_edit_own_commune_without_moving_it(alice_client, tree):
    edit = reverse("backoffice:units.edit", args=[tree.commune_a.pk])
    form = alice_client.get(edit).context["form"]
    assert "parent" not in form.fields
    response = alice_client.post(
        edit,
        {
            "code": "XA-A",
            "name": "Xã An Lạc",
            "kind": "xa",
            "address": "Thôn 1",
            "reason": "Bổ sung địa chỉ",
        },
    )
    assert response.status_code == 302
    assert Unit.objects.get(pk=tree.commune_a.pk).address == "Thôn 1"


# --- merge ---------------------------------------------------------------------------------


@pytest.fixture
def officer_b_and_a(tree):
    """An officer of both communes (e.g. the new commune's TĐKT officer)."""
    user = grant(make_user("canbo"), "officer", tree.commune_a)
    return grant(user, "officer", tree.commune_b)


def test_merge_through_the_screen(client, tree, officer_b_and_a, person_a, person_b):
    decision = make_decision("7/QĐ-UBND")
    make_award(tree.commune_a, "TTLDTT", 2023, decision=decision)
    make_award(person_a, "LDTT", 2023)
    client.force_login(officer_b_and_a)
    data = {
        "sources": [tree.commune_a.pk],
        "successor": tree.commune_b.pk,
        "kind": "merge",
        "date": "01/07/2025",
        "decision_ref": "NQ 1656/NQ-UBTVQH15",
        "reason": "",
    }
    preview = client.post(reverse("backoffice:units.merge"), data)
    assert preview.context["people_total"] == 1
    assert [u.name for u in preview.context["moving_children"]] == ["Trường Tiểu học An Lạc"]
    assert Person.objects.get(pk=person_a.pk).unit == tree.commune_a  # nothing done yet
    # The confirmation page carries the whole form in hidden fields.
    hidden = re.findall(
        r'<input type="hidden" name="(\w+)" value="([^"]*)"', preview.content.decode()
    )
    posted: dict[str, list[str]] = {}
    for key, value in hidden:
        posted.setdefault(key, []).append(value)
    assert posted["sources"] == [str(tree.commune_a.pk)]
    assert posted["date"] == ["01/07/2025"] and posted["confirm"] == ["1"]
    done = client.post(reverse("backoffice:units.merge"), posted)
    assert done.url == reverse("backoffice:units.detail", args=[tree.commune_b.pk])
    assert Person.objects.get(pk=person_a.pk).unit == tree.commune_b
    assert Unit.objects.get(pk=tree.school_a.pk).parent == tree.commune_b
    link = UnitSuccession.objects.get()
    assert (link.predecessor, link.successor) == (tree.commune_a, tree.commune_b)
    history = client.get(reverse("backoffice:units.history", args=[tree.commune_b.pk]))
    html = history.content.decode()
    assert "Tập thể lao động tiên tiến" in html and "7/QĐ-UBND" in html
    assert history.context["award_rows"] == [{"year": 2023, "cells": [1], "total": 1}]
    detail = client.get(reverse("backoffice:units.detail", args=[tree.commune_b.pk]))
    assert "NQ 1656/NQ-UBTVQH15" in detail.content.decode()


def test_merge_needs_writer_scope_on_every_unit(alice_client, tree, person_b):
    data = {
        "sources": [tree.commune_a.pk],
        "successor": tree.commune_b.pk,
        "kind": "merge",
        "date": "01/07/2025",
        "decision_ref": "NQ 1",
        "confirm": "1",
    }
    response = alice_client.post(reverse("backoffice:units.merge"), data)
    assert "successor" in response.context["form"].errors
    assert not UnitSuccession.objects.exists()
    assert Person.objects.get(pk=person_b.pk).unit == tree.commune_b


def test_merge_form_errors_are_vietnamese(client, tree, officer_b_and_a):
    client.force_login(officer_b_and_a)
    response = client.post(
        reverse("backoffice:units.merge"),
        {
            "sources": [tree.commune_a.pk],
            "successor": tree.school_a.pk,
            "kind": "merge",
            "date": "hôm qua",
            "decision_ref": "",
        },
    )
    errors = response.context["form"].errors
    assert "không thể sáp nhập vào đơn vị con" in errors["successor"][0]
    assert "Không đọc được ngày" in errors["date"][0]
    assert errors["decision_ref"] == ["Cần ghi căn cứ (số nghị quyết, quyết định)."]
