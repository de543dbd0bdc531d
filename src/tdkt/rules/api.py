"""POST /api/v1/rules/eligibility, /bonus, /tally: the rules contract over HTTP.

The bodies and results are those of the contract (eligibility-contract.md) and of the command
line; an input that breaks the contract (malformed JSON included) answers 400 with the same
error object ``{"field": ..., "message": ...}``. Stateless: they judge only what the request
carries, so they read nothing from the registry; authentication is the API's (a token or the
logged-in session).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Router, Schema, Status

from tdkt.rules.engine import ContractError
from tdkt.rules.services import parse_json, run_contract

router = Router(tags=[gettext_lazy("Quy tắc thi đua, khen thưởng")])


class ContractErrorOut(Schema):
    field: str
    message: str


def _body(schema: dict[str, Any], example: dict[str, Any]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": schema, "example": example}},
        }
    }


ELIGIBILITY_EXAMPLE = {
    "target": "CSTDCS",
    "year": 2025,
    "decision_date": "2026-01-20",
    "subject": {"kind": "individual", "months_in_service": 12},
    "history": [
        {"type": "rating", "year": 2025, "code": "HTTNV"},
        {"type": "award", "year": 2025, "code": "LDTT", "award_type": "cong_trang"},
        {
            "type": "initiative",
            "year": 2025,
            "id": "SK-2025-014",
            "scope": "co_so",
            "used_by": None,
        },
    ],
}
BONUS_EXAMPLE = {
    "code": "LDTT",
    "subject_kind": "individual",
    "decision_date": "2026-01-20",
    "issuer_level": "other",
}
TALLY_EXAMPLE = {
    "target": "CSTD_TINH",
    "decision_date": "2026-01-20",
    "members_total": 15,
    "members_present": 11,
    "votes_yes": 13,
}

_OBJECT = {"type": "object"}
_RESPONSES = {200: dict[str, Any], 400: ContractErrorOut}


def _judge(action: str, request: HttpRequest):
    try:
        return Status(200, run_contract(action, parse_json(request.body)))
    except ContractError as exc:
        return Status(400, exc.as_dict())


@router.post(
    "/eligibility",
    response=_RESPONSES,
    summary=gettext_lazy("Kiểm tra điều kiện khen thưởng"),
    description=gettext_lazy(
        "Đủ điều kiện hay không, từng tiêu chí với căn cứ pháp lý, điều còn thiếu, "
        "sáng kiến sẽ sử dụng (hợp đồng JSON mục 1)."
    ),
    openapi_extra=_body(
        {
            **_OBJECT,
            "required": ["target", "year", "subject"],
            "properties": {
                "target": {"type": "string"},
                "year": {"type": "integer"},
                "decision_date": {"type": "string", "format": "date"},
                "subject": _OBJECT,
                "history": {"type": "array", "items": _OBJECT},
            },
        },
        ELIGIBILITY_EXAMPLE,
    ),
)
def eligibility(request: HttpRequest):
    return _judge("eligibility", request)


@router.post(
    "/bonus",
    response=_RESPONSES,
    summary=gettext_lazy("Tính tiền thưởng"),
    description=gettext_lazy(
        "Hệ số × bội số × mức lương cơ sở tại ngày quyết định, làm tròn lên "
        "đến 10.000 đồng (hợp đồng JSON mục 2)."
    ),
    openapi_extra=_body(
        {
            **_OBJECT,
            "required": ["code", "subject_kind", "decision_date"],
            "properties": {
                "code": {"type": "string"},
                "subject_kind": {"type": "string"},
                "decision_date": {"type": "string", "format": "date"},
                "issuer_level": {"type": "string", "enum": ["xa", "other"]},
            },
        },
        BONUS_EXAMPLE,
    ),
)
def bonus(request: HttpRequest):
    return _judge("bonus", request)


@router.post(
    "/tally",
    response=_RESPONSES,
    summary=gettext_lazy("Kiểm phiếu hội đồng thi đua, khen thưởng"),
    description=gettext_lazy(
        "Số thành viên dự họp, tỷ lệ và số phiếu đồng ý cần đạt (hợp đồng JSON mục 3)."
    ),
    openapi_extra=_body(
        {
            **_OBJECT,
            "required": ["target", "members_total", "members_present", "votes_yes"],
            "properties": {
                "target": {"type": "string"},
                "decision_date": {"type": "string", "format": "date"},
                "members_total": {"type": "integer"},
                "members_present": {"type": "integer"},
                "votes_yes": {"type": "integer"},
            },
        },
        TALLY_EXAMPLE,
    ),
)
def tally_view(request: HttpRequest):
    return _judge("tally", request)
