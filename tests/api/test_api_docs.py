"""The schema lists every endpoint; the docs page works offline (no CDN, no external host)."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/units": {"get"},
    "/api/v1/units/{id}": {"get"},
    "/api/v1/people": {"get"},
    "/api/v1/people/{id}": {"get"},
    "/api/v1/people/{id}/history": {"get"},
    "/api/v1/ratings": {"get"},
    "/api/v1/decisions": {"get"},
    "/api/v1/decisions/{id}": {"get"},
    "/api/v1/awards": {"get", "post"},
    "/api/v1/awards/{id}": {"get"},
    "/api/v1/catalog/honours": {"get"},
    "/api/v1/catalog/ratings": {"get"},
    "/api/v1/catalog/regimes": {"get"},
}


def test_openapi_lists_the_endpoints():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "TĐKT API"
    paths = schema["paths"]
    for path, methods in ENDPOINTS.items():
        assert set(paths[path]) >= methods, path
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}


def test_docs_page_references_no_external_host():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"(?:https?:)?//[\w.-]+", html) == []
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    for url in assets:
        assert url.startswith("/"), url
    # Every asset is served by the product itself.
    for url in assets:
        assert url.startswith("/static/")
        assert finders.find(url.removeprefix("/static/")) is not None, url
    assert '"validatorUrl": null' in html
    assert "'self'" in response["Content-Security-Policy"]
