"""Bad input answers in Vietnamese, in one shape, naming the field; never a 500."""

import pytest

from tdkt.registry.models import AwardRecord

pytestmark = pytest.mark.django_db

INVALID = "Dữ liệu không hợp lệ."


@pytest.fixture
def api(alice, api_for):
    return api_for(alice)


def test_unknown_honour_code(api, person_a):
    response = api.post("/api/v1/awards", {"person_id": person_a.pk, "honour": "XYZ", "year": 2024})
    assert response.status_code == 400
    message = "Mã danh hiệu, hình thức “XYZ” không có trong danh mục."
    assert response.json() == {
        "detail": message,
        "errors": [{"field": "honour", "message": message}],
    }


def test_year_as_text(api, person_a):
    response = api.post(
        "/api/v1/awards", {"person_id": person_a.pk, "honour": "LDTT", "year": "hai nghìn"}
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": INVALID,
        "errors": [{"field": "year", "message": "Năm phải là số nguyên."}],
    }


def test_malformed_json(api):
    response = api.post("/api/v1/awards", raw='{"person_id": 1, "honour": ')
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Nội dung JSON không hợp lệ.",
        "errors": [{"field": "body", "message": "Nội dung JSON không hợp lệ."}],
    }


def test_missing_fields(api, person_a):
    response = api.post("/api/v1/awards", {"person_id": person_a.pk})
    assert response.status_code == 422
    assert response.json() == {
        "detail": INVALID,
        "errors": [
            {"field": "honour", "message": "Mã danh hiệu, hình thức khen thưởng là bắt buộc."},
            {"field": "year", "message": "Năm là bắt buộc."},
        ],
    }


def test_empty_body_and_non_object_body(api):
    response = api.post("/api/v1/awards", raw="")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "body", "message": "Thiếu nội dung yêu cầu (JSON)."}
    ]
    response = api.post("/api/v1/awards", raw="[1, 2]")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "body", "message": "Nội dung yêu cầu phải là một đối tượng JSON."}
    ]


def test_subject_must_be_exactly_one(api, tree, person_a):
    message = (
        "Cần đúng một đối tượng: person_id (cá nhân), collective_id (tập thể) "
        "hoặc household_id (hộ gia đình)."
    )
    for payload in (
        {"honour": "LDTT", "year": 2024},
        {
            "person_id": person_a.pk,
            "collective_id": tree.commune_a.pk,
            "honour": "LDTT",
            "year": 2024,
        },
    ):
        response = api.post("/api/v1/awards", payload)
        assert response.status_code == 422
        assert response.json()["errors"] == [{"field": "subject", "message": message}]


def test_service_refusals_name_the_api_field(api, person_a, tree):
    response = api.post(
        "/api/v1/awards", {"person_id": person_a.pk, "honour": "LDTT", "year": 1800}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "year"
    assert response.json()["errors"][0]["message"].startswith("Năm thành tích phải trong khoảng")
    response = api.post(
        "/api/v1/awards", {"person_id": person_a.pk, "honour": "TTLDTT", "year": 2024}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "honour",
            "message": "Tập thể lao động tiên tiến không áp dụng cho đối tượng cá nhân.",
        }
    ]
    response = api.post(
        "/api/v1/awards",
        {"person_id": person_a.pk, "honour": "LDTT", "year": 2024, "decision_id": 987654},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "decision_id", "message": "Không tìm thấy quyết định mã số 987654."}
    ]
    response = api.post(
        "/api/v1/awards",
        {"person_id": person_a.pk, "honour": "LDTT", "year": 2024, "bonus_amount": -5},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "bonus_amount", "message": "Tiền thưởng phải lớn hơn hoặc bằng 0."}
    ]
    assert AwardRecord.objects.count() == 0


def test_bad_query_parameters(api):
    cases = [
        ("/api/v1/people", {"birth_year": "abc"}, "birth_year", "Năm sinh phải là số nguyên."),
        ("/api/v1/units", {"current": "có lẽ"}, "current", "Còn hiệu lực phải là true hoặc false."),
        (
            "/api/v1/people",
            {"limit": 501},
            "limit",
            "Số bản ghi mỗi trang (limit) phải nhỏ hơn hoặc bằng 500.",
        ),
        (
            "/api/v1/people",
            {"offset": -1},
            "offset",
            "Vị trí bắt đầu (offset) phải lớn hơn hoặc bằng 0.",
        ),
    ]
    for url, params, field, message in cases:
        response = api.get(url, **params)
        assert response.status_code == 422, (url, params)
        assert response.json() == {
            "detail": INVALID,
            "errors": [{"field": field, "message": message}],
        }
    response = api.get("/api/v1/people", order="ten")
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "order"
    assert error["message"].startswith("Cách sắp xếp phải là một trong các giá trị:")
    response = api.get("/api/v1/awards", status="deleted")
    assert response.json()["errors"][0]["field"] == "status"


def test_pagination_limit_offset_and_count(api, tree):
    from tests.factories import make_person

    for name in ("An", "Bình", "Cúc", "Dũng"):
        make_person(f"Nguyễn Văn {name}", tree.commune_a)
    body = api.get("/api/v1/people", limit=2, offset=1).json()
    assert body["count"] == 4
    assert [p["full_name"] for p in body["items"]] == ["Nguyễn Văn Bình", "Nguyễn Văn Cúc"]


def test_out_of_range_and_odd_input_never_reaches_the_database(api, person_a):
    big = "99999999999999999999999"
    cases = [
        (f"/api/v1/units/{big}", {}),
        (f"/api/v1/people/{big}/history", {}),
        ("/api/v1/awards", {"person": big, "year": big, "unit": big}),
        ("/api/v1/people", {"birth_year": big}),
        ("/api/v1/units", {"parent": big}),
        ("/api/v1/decisions", {"year": big}),
        ("/api/v1/ratings", {"year": "-5", "person": big}),
    ]
    for url, params in cases:
        response = api.get(url, **params)
        assert response.status_code == 422, url
        assert response.json()["detail"] == INVALID
    for params in ({"q": "a\x00b"}, {"q": "x" * 5000}):
        assert api.get("/api/v1/people", **params).json() == {"items": [], "count": 0}
        assert api.get("/api/v1/units", **params).status_code == 200
    assert api.get("/api/v1/awards", honour="L\x00DTT").json() == {"items": [], "count": 0}
    response = api.post(
        "/api/v1/awards", {"person_id": int(big), "honour": "LDTT", "year": int(big)}
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["person_id", "year"]
    response = api.post(
        "/api/v1/awards",
        {"person_id": person_a.pk, "honour": "LDTT", "year": 2024, "year_from": 2025},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "year"
    response = api.post(
        "/api/v1/awards", {"person_id": person_a.pk, "honour": "L\x00", "year": 2024}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "honour"
