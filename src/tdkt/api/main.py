"""The JSON API, mounted at /api/v1/ (docs at /api/v1/docs, schema at /api/v1/openapi.json).

Every endpoint needs a bearer token or the logged-in session (see `tdkt.api.auth`) and reads
objects only through `tdkt.accounts.access`: an object outside the caller's scope answers 404
exactly like a missing one. Routers are registered below; add new ones here.
"""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Swagger
from ninja.renderers import JSONRenderer

from tdkt.api import errors
from tdkt.api.auth import AUTH
from tdkt.api.routers import catalog, people, registry, units


class Renderer(JSONRenderer):
    """UTF-8 JSON: Vietnamese text stays readable ("Nguyễn", not "Nguy\\u1ec5n")."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="TĐKT API",
    version="1",
    description=_(
        "API của hệ thống quản lý thi đua, khen thưởng. Xác thực: "
        "`Authorization: Bearer <khóa>` (tạo khóa bằng `tdkt api_token create TÊN_ĐĂNG_NHẬP "
        '--name "..."`) hoặc phiên đăng nhập của trình duyệt. Danh sách trả về '
        '`{"items": [...], "count": tổng số}` với `limit` (mặc định 50, tối đa 500) và '
        "`offset`."
    ),
    docs_url="/docs",
    # Swagger UI from the static files django-ninja ships (no CDN: intranets are offline);
    # no validator badge (it would call validator.swagger.io).
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    urls_namespace="api",
    auth=AUTH,
    renderer=Renderer(),
    parser=errors.JsonParser(),
)
errors.install(api)

api.add_router("/units", units.router)
api.add_router("/people", people.router)
api.add_router("/", registry.router)
api.add_router("/catalog", catalog.router)
# The rules endpoints (/api/v1/rules/...): stateless checks of the rules contract.
from tdkt.rules.api import router as rules_router  # noqa: E402

api.add_router("/rules", rules_router)
