"""The API answers with the screens' scope: a stranger gets 404, lists hold only their units."""

import datetime as dt

import pytest

from tests.factories import make_award, make_decision, make_person, make_rating

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Không tìm thấy."}


def test_bob_gets_404_on_commune_a_person_and_history(bob, alice, person_a, api_for):
    make_award(person_a, "LDTT", 2024)
    bob_api = api_for(bob)
    for url in (f"/api/v1/people/{person_a.pk}", f"/api/v1/people/{person_a.pk}/history"):
        response = bob_api.get(url)
        assert response.status_code == 404
        assert response.json() == NOT_FOUND
    # The owner sees them; a missing id answers exactly like a hidden one.
    alice_api = api_for(alice)
    assert alice_api.get(f"/api/v1/people/{person_a.pk}/history").status_code == 200
    assert alice_api.get("/api/v1/people/999999").json() == NOT_FOUND


def test_people_list_for_bob_holds_only_commune_b(tree, bob, person_a, person_b, api_for):
    others_b = [make_person(name, tree.commune_b) for name in ("Lê Thị Cúc", "Phạm Văn Dũng")]
    make_person("Đỗ Văn Em", tree.school_a)
    response = api_for(bob).get("/api/v1/people")
    assert response.status_code == 200
    body = response.json()
    assert {p["id"] for p in body["items"]} == {person_b.pk, *(p.pk for p in others_b)}
    assert body["count"] == 3
    # Vietnamese order by given name: Bình, Cúc, Dũng.
    assert [p["full_name"] for p in body["items"]] == [
        "Trần Văn Bình",
        "Lê Thị Cúc",
        "Phạm Văn Dũng",
    ]


def test_people_search_is_diacritic_insensitive(tree, alice, person_a, api_for):
    make_person("Nguyễn Văn Thắng", tree.school_a)
    api = api_for(alice)
    response = api.get("/api/v1/people", q="nguyen thi hang")
    assert [p["id"] for p in response.json()["items"]] == [person_a.pk]
    response = api.get("/api/v1/people", q="NGUYỄN", order="family")
    assert [p["full_name"] for p in response.json()["items"]] == [
        "Nguyễn Thị Hằng",
        "Nguyễn Văn Thắng",
    ]
    response = api.get("/api/v1/people", unit=tree.school_a.pk)
    assert [p["full_name"] for p in response.json()["items"]] == ["Nguyễn Văn Thắng"]


def test_people_unit_filter_outside_scope_is_404(tree, bob, api_for):
    response = api_for(bob).get("/api/v1/people", unit=tree.commune_a.pk)
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_units_list_and_detail_scoped(tree, alice, bob, api_for):
    alice_api = api_for(alice)
    body = alice_api.get("/api/v1/units").json()
    assert [u["code"] for u in body["items"]] == ["XA-A", "TH-A"]
    assert body["count"] == 2
    assert [
        u["code"] for u in alice_api.get("/api/v1/units", q="truong an lac").json()["items"]
    ] == ["TH-A"]
    assert [u["code"] for u in alice_api.get("/api/v1/units", kind="xa").json()["items"]] == [
        "XA-A"
    ]
    assert [
        u["code"] for u in alice_api.get("/api/v1/units", parent=tree.commune_a.pk).json()["items"]
    ] == ["TH-A"]
    assert alice_api.get("/api/v1/units", current="false").json()["count"] == 0
    detail = alice_api.get(f"/api/v1/units/{tree.school_a.pk}").json()
    assert detail["parent"] == {"id": tree.commune_a.pk, "code": "XA-A", "name": "Xã An Lạc"}
    assert [a["code"] for a in detail["ancestors"]] == ["T01", "XA-A"]
    assert detail["predecessors"] == []
    assert api_for(bob).get(f"/api/v1/units/{tree.school_a.pk}").json() == NOT_FOUND


def test_unit_detail_lists_predecessors_and_successors(tree, specialist, api_for):
    from tdkt.orgs.services import units_merge
    from tests.factories import make_unit

    merged = make_unit("Xã An Bình", "xa", tree.province, code="XA-AB")
    units_merge(
        sources=[tree.commune_a, tree.commune_b],
        successor=merged,
        date=dt.date(2025, 7, 1),
        decision_ref="NQ 1/2025",
        actor=specialist,
    )
    api = api_for(specialist)
    detail = api.get(f"/api/v1/units/{merged.pk}").json()
    assert sorted(p["unit"]["code"] for p in detail["predecessors"]) == ["XA-A", "XA-B"]
    assert {p["kind"] for p in detail["predecessors"]} == {"merge"}
    old = api.get(f"/api/v1/units/{tree.commune_a.pk}").json()
    assert [s["unit"]["code"] for s in old["successors"]] == ["XA-AB"]
    assert old["is_current"] is False
    current = api.get("/api/v1/units", current="true", kind="xa").json()["items"]
    assert [u["code"] for u in current] == ["XA-AB"]


def test_records_of_commune_a_hidden_from_bob(alice, bob, person_a, person_b, api_for):
    decision = make_decision(
        "7/QĐ-UBND", dt.date(2025, 1, 20), issuer_unit=person_a.unit, level="co_so"
    )
    award_a = make_award(person_a, "LDTT", 2024, decision=decision)
    award_b = make_award(person_b, "LDTT", 2024)
    rating_a = make_rating(person_a, 2024)
    rating_b = make_rating(person_b, 2024)
    bob_api = api_for(bob)
    assert [a["id"] for a in bob_api.get("/api/v1/awards").json()["items"]] == [award_b.pk]
    assert [r["id"] for r in bob_api.get("/api/v1/ratings").json()["items"]] == [rating_b.pk]
    assert bob_api.get(f"/api/v1/awards/{award_a.pk}").json() == NOT_FOUND
    assert bob_api.get(f"/api/v1/decisions/{decision.pk}").json() == NOT_FOUND
    assert bob_api.get("/api/v1/decisions").json() == {"items": [], "count": 0}

    alice_api = api_for(alice)
    assert [r["id"] for r in alice_api.get("/api/v1/ratings", year=2024).json()["items"]] == [
        rating_a.pk
    ]
    detail = alice_api.get(f"/api/v1/decisions/{decision.pk}").json()
    assert detail["number"] == "7/QĐ-UBND"
    assert [a["id"] for a in detail["awards"]] == [award_a.pk]
    award = alice_api.get(f"/api/v1/awards/{award_a.pk}").json()
    assert award["subject"] == {"kind": "individual", "id": person_a.pk, "name": "Nguyễn Thị Hằng"}
    assert award["decision"]["number"] == "7/QĐ-UBND"
    assert award["honour_name"] == "Lao động tiên tiến"


def test_history_has_entries_and_year_table(alice, person_a, api_for):
    make_rating(person_a, 2023, "HTTNV")
    make_rating(person_a, 2024, "HTXSNV")
    make_award(person_a, "LDTT", 2023)
    make_award(person_a, "CSTDCS", 2024)
    body = api_for(alice).get(f"/api/v1/people/{person_a.pk}/history").json()
    assert body["person"] == {"id": person_a.pk, "full_name": "Nguyễn Thị Hằng"}
    assert [(e["year"], e["kind"], e["code"]) for e in body["entries"]] == [
        (2024, "title", "CSTDCS"),
        (2024, "rating", "HTXSNV"),
        (2023, "title", "LDTT"),
        (2023, "rating", "HTTNV"),
    ]
    assert [(y["year"], y["rating"], y["titles"]) for y in body["years"]] == [
        (2024, "HTXSNV", ["CSTDCS"]),
        (2023, "HTTNV", ["LDTT"]),
    ]
    assert body["counts"] == {"title": 2, "rating": 2}


def test_catalog_endpoints(alice, api_for):
    api = api_for(alice)
    honours = api.get("/api/v1/catalog/honours").json()
    by_code = {h["code"]: h for h in honours}
    assert by_code["LDTT"]["subject_kinds"] == ["individual"]
    assert by_code["LDTT"]["category"] == "title"
    assert {r["code"] for r in api.get("/api/v1/catalog/ratings").json()} >= {"HTXSNV", "HTTNV"}
    assert [r["code"] for r in api.get("/api/v1/catalog/regimes").json()] == [
        "decree91",
        "decree98",
        "decree152",
    ]
