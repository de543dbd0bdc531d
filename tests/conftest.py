"""Shared fixtures: a small province tree and fixed personas (alice in commune A, bob in
commune B, an admin), used by permission tests across the suite."""

from __future__ import annotations

import pytest

from tests.factories import (
    grant,
    make_person,
    make_province,
    make_user,
)


@pytest.fixture
def tree(db):
    return make_province()


@pytest.fixture
def alice(tree):
    """TĐKT officer of commune A."""
    return grant(make_user("alice"), "officer", tree.commune_a)


@pytest.fixture
def bob(tree):
    """TĐKT officer of commune B (a stranger to commune A)."""
    return grant(make_user("bob"), "officer", tree.commune_b)


@pytest.fixture
def specialist(tree):
    return grant(make_user("chuyenvien"), "specialist", tree.province)


@pytest.fixture
def auditor(tree):
    return grant(make_user("kiemtra"), "auditor", tree.province)


@pytest.fixture
def admin_user(db):
    return make_user("quantri", is_superuser=True, is_staff=True)


@pytest.fixture
def person_a(tree):
    return make_person("Nguyễn Thị Hằng", tree.commune_a, birth_year=1985)


@pytest.fixture
def person_b(tree):
    return make_person("Trần Văn Bình", tree.commune_b, birth_year=1979)
