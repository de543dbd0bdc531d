"""Lists run a constant number of queries whatever the page size."""

import pytest

from tests.factories import make_award, make_person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [1, 5])
def test_people_list_query_count(tree, alice, api_for, django_assert_num_queries, rows):
    for i in range(rows):
        make_person(f"Nguyễn Văn Số{i}", tree.school_a if i % 2 else tree.commune_a)
    api = api_for(alice)
    api.get("/api/v1/units")  # token's last_used written now, not in the measured request
    # token + grants + successions (scope) + count + page
    with django_assert_num_queries(5):
        response = api.get("/api/v1/people")
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 5])
def test_awards_list_query_count(tree, alice, api_for, django_assert_num_queries, rows):
    for i in range(rows):
        make_award(make_person(f"Trần Thị Số{i}", tree.commune_a), "LDTT", 2024)
    api = api_for(alice)
    api.get("/api/v1/units")
    with django_assert_num_queries(5):
        response = api.get("/api/v1/awards")
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 5])
def test_history_query_count(alice, person_a, api_for, django_assert_num_queries, rows):
    for year in range(2020, 2020 + rows):
        make_award(person_a, "LDTT", year)
    api = api_for(alice)
    api.get("/api/v1/units")
    # token + scope (2) + person + ratings + awards + initiatives + discipline
    with django_assert_num_queries(8):
        response = api.get(f"/api/v1/people/{person_a.pk}/history")
    assert len(response.json()["entries"]) == rows
