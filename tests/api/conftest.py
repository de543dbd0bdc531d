"""API test helpers: a token per persona and a client sending `Authorization: Bearer`."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tdkt.api.services import api_token_create


class ApiClient:
    def __init__(self, key: str | None = None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def get(self, url: str, **params):
        return self.client.get(url, params, headers=self.headers)

    def post(self, url: str, data=None, *, raw: str | bytes | None = None):
        body = raw if raw is not None else json.dumps(data)
        return self.client.post(url, body, content_type="application/json", headers=self.headers)


@pytest.fixture
def api_for():
    """api_for(user) → an ApiClient authenticated with a fresh token of `user`."""

    def make(user) -> ApiClient:
        _token, key = api_token_create(user=user, name=f"Thử nghiệm {user.username}")
        return ApiClient(key)

    return make
