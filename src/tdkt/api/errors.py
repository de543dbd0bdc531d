"""Error responses of the API, all in Vietnamese and all in one shape:

    {"detail": "<sentence>", "errors": [{"field": "year", "message": "Năm phải là số nguyên."}]}

- 422: the request does not match the schema (ninja ValidationError, translated from pydantic);
- 400: a service refused the data (Django ValidationError), or the body is not valid JSON;
- 409: the record already exists (`ApiConflict`);
- 401/403/404: authentication, permission, not found (a missing and an out-of-scope object
  answer the same 404).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

NOT_FOUND = gettext_lazy("Không tìm thấy.")
INVALID = gettext_lazy("Dữ liệu không hợp lệ.")
BAD_JSON = gettext_lazy("Nội dung JSON không hợp lệ.")
UNAUTHENTICATED = gettext_lazy(
    "Chưa xác thực: gửi khóa API (Authorization: Bearer <khóa>) hoặc đăng nhập."
)
BAD_TOKEN = gettext_lazy("Khóa API không hợp lệ hoặc đã bị thu hồi.")
FORBIDDEN = gettext_lazy("Bạn không có quyền thực hiện thao tác này.")
CSRF_FAILED = gettext_lazy("Kiểm tra CSRF không thành công: tải lại trang rồi thử lại.")
NOT_OBJECT = gettext_lazy("Nội dung yêu cầu phải là một đối tượng JSON.")
THROTTLED = gettext_lazy("Quá nhiều yêu cầu: vui lòng thử lại sau.")

#: Vietnamese names of the fields the API accepts (query, path and body).
FIELD_LABELS: dict[str, Any] = {
    "id": gettext_lazy("Mã số"),
    "q": gettext_lazy("Từ khóa tìm kiếm"),
    "kind": gettext_lazy("Loại"),
    "parent": gettext_lazy("Đơn vị cấp trên"),
    "current": gettext_lazy("Còn hiệu lực"),
    "unit": gettext_lazy("Đơn vị"),
    "person": gettext_lazy("Cá nhân"),
    "birth_year": gettext_lazy("Năm sinh"),
    "order": gettext_lazy("Cách sắp xếp"),
    "active": gettext_lazy("Đang công tác"),
    "year": gettext_lazy("Năm"),
    "year_from": gettext_lazy("Từ năm"),
    "level": gettext_lazy("Cấp khen"),
    "honour": gettext_lazy("Mã danh hiệu, hình thức khen thưởng"),
    "status": gettext_lazy("Trạng thái"),
    "person_id": gettext_lazy("Mã cá nhân"),
    "collective_id": gettext_lazy("Mã tập thể"),
    "household_id": gettext_lazy("Mã hộ gia đình"),
    "decision_id": gettext_lazy("Mã quyết định"),
    "bonus_amount": gettext_lazy("Tiền thưởng"),
    "achievement": gettext_lazy("Thành tích"),
    "issuer_level": gettext_lazy("Cấp ban hành"),
    "award_type": gettext_lazy("Loại hình khen thưởng"),
    "limit": gettext_lazy("Số bản ghi mỗi trang (limit)"),
    "offset": gettext_lazy("Vị trí bắt đầu (offset)"),
}

#: Service field names → API field names.
SERVICE_FIELDS = {
    "year_to": "year",
    "decision": "decision_id",
    "person": "person_id",
    "collective": "collective_id",
    "household": "household_id",
    "award_type_id": "award_type",
}

#: Parameter names that wrap a body or query schema (not a field of their own).
WRAPPERS = {"payload", "filters", "body", "query", "path"}


class ApiConflict(Exception):
    """409: the record already exists (a duplicate award, a lost race)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        self.message = message
        self.field = field
        super().__init__(message)


class JsonParser(Parser):
    """ninja's JSON parser, remembering when the body is JSON but not an object (a list, a
    number) so that the error can say so instead of listing every field as missing."""

    def parse_body(self, request: HttpRequest):
        data = super().parse_body(request)
        request._tdkt_body_not_object = not isinstance(data, dict)
        return data


def error_body(detail: str, errors: list[dict] | None = None) -> dict:
    return {"detail": str(detail), "errors": errors or []}


def _label(field: str) -> str:
    label = FIELD_LABELS.get(field.rsplit(".", 1)[-1])
    return str(label) if label is not None else field


def _field_of(loc: tuple | list) -> str:
    parts = [str(p) for p in loc if not isinstance(p, int) and str(p) not in WRAPPERS]
    return ".".join(parts)


def pydantic_message(error: dict) -> tuple[str, str]:
    """(field, Vietnamese message) of one pydantic/ninja error dict."""
    field = _field_of(error.get("loc", ()))
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    label = _label(field) if field else ""
    if not field:
        if kind == "value_error":  # a check across fields (e.g. exactly one subject)
            return "subject", str(ctx.get("error") or error.get("msg", "")).removeprefix(
                "Value error, "
            )
        if kind == "missing":
            return "body", _("Thiếu nội dung yêu cầu (JSON).")
        if kind in {"model_attributes_type", "dict_type", "model_type"}:
            return "body", str(NOT_OBJECT)
        return "body", str(INVALID)
    if kind == "missing":
        message = _("%(label)s là bắt buộc.") % {"label": label}
    elif kind in {"int_parsing", "int_type", "int_from_float"}:
        message = _("%(label)s phải là số nguyên.") % {"label": label}
    elif kind in {"float_parsing", "float_type", "decimal_parsing", "decimal_type"}:
        message = _("%(label)s phải là số.") % {"label": label}
    elif kind in {"bool_parsing", "bool_type"}:
        message = _("%(label)s phải là true hoặc false.") % {"label": label}
    elif kind in {"string_type", "str_type"}:
        message = _("%(label)s phải là chuỗi ký tự.") % {"label": label}
    elif kind in {"date_parsing", "date_type", "date_from_datetime_parsing"}:
        message = _("%(label)s phải là ngày dạng YYYY-MM-DD.") % {"label": label}
    elif kind in {"greater_than_equal", "greater_than"}:
        bound = ctx.get("ge", ctx.get("gt"))
        message = _("%(label)s phải lớn hơn hoặc bằng %(bound)s.") % {
            "label": label,
            "bound": bound if kind == "greater_than_equal" else f"{bound} + 1",
        }
    elif kind in {"less_than_equal", "less_than"}:
        bound = ctx.get("le", ctx.get("lt"))
        message = _("%(label)s phải nhỏ hơn hoặc bằng %(bound)s.") % {
            "label": label,
            "bound": bound if kind == "less_than_equal" else f"{bound} - 1",
        }
    elif kind == "string_too_long":
        message = _("%(label)s dài quá %(max)s ký tự.") % {
            "label": label,
            "max": ctx.get("max_length"),
        }
    elif kind == "string_too_short":
        message = _("%(label)s không được để trống.") % {"label": label}
    elif kind in {"enum", "literal_error"}:
        message = _("%(label)s phải là một trong các giá trị: %(expected)s.") % {
            "label": label,
            "expected": ctx.get("expected", ""),
        }
    elif kind == "value_error":
        # Our own validators raise ValueError with a Vietnamese sentence.
        message = str(ctx.get("error") or error.get("msg", "")).removeprefix("Value error, ")
    elif kind == "extra_forbidden":
        message = _("Trường “%(field)s” không được hỗ trợ.") % {"field": field}
    else:
        message = _("%(label)s không hợp lệ.") % {"label": label}
    return field, message


def django_errors(exc: DjangoValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        errors = []
        for field, messages in exc.message_dict.items():
            api_field = SERVICE_FIELDS.get(field, field)
            errors.extend(
                {"field": None if field == "__all__" else api_field, "message": m} for m in messages
            )
        return errors
    return [{"field": None, "message": m} for m in exc.messages]


def install(api) -> None:
    """Register the Vietnamese exception handlers on `api`."""

    def respond(request: HttpRequest, body: dict, status: int) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def on_validation(request, exc: NinjaValidationError):
        if getattr(request, "_tdkt_body_not_object", False):
            message = str(NOT_OBJECT)
            return respond(
                request, error_body(INVALID, [{"field": "body", "message": message}]), 422
            )
        errors = []
        for error in exc.errors:
            if isinstance(error, dict) and "loc" in error:
                field, message = pydantic_message(error)
            else:  # ninja's own errors (e.g. pagination cursor): {"field": "message"}
                field = next(iter(dict(error)), "")
                message = str(INVALID)
            errors.append({"field": field, "message": message})
        return respond(request, error_body(INVALID, errors), 422)

    def on_django_validation(request, exc: DjangoValidationError):
        errors = django_errors(exc)
        detail = " ".join(e["message"] for e in errors) or str(INVALID)
        return respond(request, error_body(detail, errors), 400)

    def on_conflict(request, exc: ApiConflict):
        return respond(
            request,
            error_body(exc.message, [{"field": exc.field, "message": exc.message}]),
            409,
        )

    def on_not_found(request, exc: Http404):
        return respond(request, {"detail": str(NOT_FOUND)}, 404)

    def on_http_error(request, exc: HttpError):
        status = exc.status_code
        if isinstance(exc, AuthenticationError):
            message = exc.message if exc.message != "Unauthorized" else str(UNAUTHENTICATED)
        elif isinstance(exc, AuthorizationError):
            message = exc.message if exc.message != "Forbidden" else str(FORBIDDEN)
        elif isinstance(exc, Throttled):
            message = str(THROTTLED)
        elif status == 400 and exc.message.startswith("Cannot parse request body"):
            return respond(
                request,
                error_body(BAD_JSON, [{"field": "body", "message": str(BAD_JSON)}]),
                400,
            )
        elif status == 403 and "CSRF" in exc.message:
            message = str(CSRF_FAILED)
        else:
            message = exc.message
        return respond(request, {"detail": message}, status)

    api.add_exception_handler(NinjaValidationError, on_validation)
    api.add_exception_handler(DjangoValidationError, on_django_validation)
    api.add_exception_handler(ApiConflict, on_conflict)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(HttpError, on_http_error)
