"""POST /api/v1/rules/eligibility|bonus|tally: the public examples, the contract's error object
with 400 (malformed JSON included), and the API's authentication."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tdkt.api.services import api_token_create
from tdkt.rules.engine import check_eligibility, compute_bonus, tally

from .examples import BAD_REQUESTS, EXAMPLES, subset

pytestmark = pytest.mark.django_db

ENGINE = {"eligibility": check_eligibility, "bonus": compute_bonus, "tally": tally}


@pytest.fixture
def post(alice):
    _token, key = api_token_create(user=alice, name="Kiểm tra điều kiện")
    client = Client()

    def send(action: str, body: str):
        return client.post(
            f"/api/v1/rules/{action}",
            body,
            content_type="application/json",
            headers={"Authorization": f"Bearer {key}"},
        )

    return send


@pytest.mark.parametrize(
    ("name", "action", "request_", "expected"), EXAMPLES, ids=[e[0] for e in EXAMPLES]
)
def test_public_examples(post, name, action, request_, expected):
    response = post(action, json.dumps(request_))
    assert response.status_code == 200
    result = response.json()
    assert subset(result, expected) == expected
    assert result == ENGINE[action](request_)


@pytest.mark.parametrize(
    ("name", "action", "body", "field"), BAD_REQUESTS, ids=[b[0] for b in BAD_REQUESTS]
)
def test_contract_errors_answer_400_with_the_error_object(post, name, action, body, field):
    response = post(action, body)
    assert response.status_code == 400
    result = response.json()
    assert set(result) == {"field", "message"}
    assert result["field"] == field
    assert result["message"]


def test_same_error_object_as_the_command_line(post):
    import io

    from django.core.management import call_command

    body = '{"target": "LDTT", "year": 2099, "subject": {"kind": "individual"}}'
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("rules", "eligibility", "-", stdin=io.StringIO(body), stdout=out)
    assert post("eligibility", body).json() == json.loads(out.getvalue())


def test_vietnamese_text_is_not_escaped(post):
    response = post("eligibility", json.dumps(EXAMPLES[0][2]))
    assert "Hoàn thành tốt nhiệm vụ".encode() in response.content


def test_authentication_is_required():
    response = Client().post(
        "/api/v1/rules/eligibility", json.dumps(EXAMPLES[0][2]), content_type="application/json"
    )
    assert response.status_code == 401


def test_session_login_works(alice):
    client = Client()
    client.force_login(alice)
    response = client.post(
        "/api/v1/rules/tally", json.dumps(EXAMPLES[-1][2]), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["passed"] is False


def test_endpoints_are_documented():
    schema = Client().get("/api/v1/openapi.json").json()
    for action in ("eligibility", "bonus", "tally"):
        operation = schema["paths"][f"/api/v1/rules/{action}"]["post"]
        assert "requestBody" in operation
        assert set(operation["responses"]) >= {"200", "400"}
