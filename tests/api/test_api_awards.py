"""POST /awards: writes through the service (audit log), refuses duplicates with 409."""

import datetime as dt

import pytest

from tdkt.common.models import AuditLog
from tdkt.registry.models import AwardRecord
from tests.factories import grant, make_decision, make_household, make_user

pytestmark = pytest.mark.django_db

DUPLICATE = (
    "Nguyễn Thị Hằng đã có Lao động tiên tiến năm 2024. Mỗi thành tích chỉ được khen một lần: "
    "kiểm tra lại hoặc thu hồi bản ghi cũ trước."
)


def test_post_award_creates_record_with_audit_log(tree, alice, person_a, api_for):
    decision = make_decision(
        "9/QĐ-UBND", dt.date(2025, 1, 20), issuer_unit=tree.commune_a, level="co_so"
    )
    response = api_for(alice).post(
        "/api/v1/awards",
        {
            "person_id": person_a.pk,
            "honour": "LDTT",
            "year": 2024,
            "decision_id": decision.pk,
            "bonus_amount": 1_000_000,
        },
    )
    assert response.status_code == 201, response.content
    record = AwardRecord.objects.get()
    body = response.json()
    assert body["id"] == record.pk
    assert body["subject"] == {"kind": "individual", "id": person_a.pk, "name": "Nguyễn Thị Hằng"}
    assert (body["honour"], body["year_from"], body["year_to"], body["bonus_amount"]) == (
        "LDTT",
        2024,
        2024,
        1_000_000,
    )
    assert body["decision"]["id"] == decision.pk
    assert body["unit_at_time"]["id"] == tree.commune_a.pk
    assert record.source == "api"
    assert record.created_by == alice
    log = AuditLog.objects.get(action="registry.award.create")
    assert log.object_id == str(record.pk)
    assert log.actor == alice


def test_duplicate_award_returns_409_with_vietnamese_message(alice, person_a, api_for):
    api = api_for(alice)
    payload = {"person_id": person_a.pk, "honour": "LDTT", "year": 2024}
    assert api.post("/api/v1/awards", payload).status_code == 201
    response = api.post("/api/v1/awards", payload)
    assert response.status_code == 409
    assert response.json() == {
        "detail": DUPLICATE,
        "errors": [{"field": "honour", "message": DUPLICATE}],
    }
    assert AwardRecord.objects.count() == 1


def test_collective_and_household_subjects(tree, alice, api_for):
    household = make_household("Lò Văn Pọm", tree.commune_a)
    api = api_for(alice)
    response = api.post(
        "/api/v1/awards",
        {
            "collective_id": tree.school_a.pk,
            "honour": "TTLDTT",
            "year": 2024,
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["subject"] == {
        "kind": "collective",
        "id": tree.school_a.pk,
        "name": "Trường Tiểu học An Lạc",
    }
    response = api.post(
        "/api/v1/awards",
        {
            "household_id": household.pk,
            "honour": "GD_VAN_HOA",
            "year": 2024,
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["subject"]["kind"] == "household"


def test_stranger_subject_is_404_and_read_only_role_is_403(tree, bob, auditor, person_a, api_for):
    payload = {"person_id": person_a.pk, "honour": "LDTT", "year": 2024}
    response = api_for(bob).post("/api/v1/awards", payload)
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}
    response = api_for(auditor).post("/api/v1/awards", payload)
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền ghi sổ khen thưởng của Xã An Lạc."}
    head = grant(make_user("lanhdao"), "head", tree.commune_a)
    assert api_for(head).post("/api/v1/awards", payload).status_code == 403
    assert AwardRecord.objects.count() == 0


def test_filters_on_awards(tree, specialist, person_a, person_b, api_for):
    api = api_for(specialist)
    for person, honour, year in (
        (person_a, "LDTT", 2023),
        (person_a, "CSTDCS", 2024),
        (person_b, "LDTT", 2024),
    ):
        assert (
            api.post(
                "/api/v1/awards", {"person_id": person.pk, "honour": honour, "year": year}
            ).status_code
            == 201
        )

    def ids(**params):
        return [
            (a["subject"]["id"], a["honour"], a["year_to"])
            for a in api.get("/api/v1/awards", **params).json()["items"]
        ]

    assert ids(year=2024, honour="LDTT") == [(person_b.pk, "LDTT", 2024)]
    assert ids(unit=tree.commune_a.pk) == [
        (person_a.pk, "CSTDCS", 2024),
        (person_a.pk, "LDTT", 2023),
    ]
    assert ids(person=person_b.pk) == [(person_b.pk, "LDTT", 2024)]
    assert ids(status="revoked") == []
