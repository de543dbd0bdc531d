"""Shared fixtures: a small province tree and fixed personas (alice in commune A, bob in
commune B, an admin), used by permission tests across the suite."""

from __future__ import annotations

import pytest

# Factories import Django models: imported inside the fixtures so that the pure-Python suites
# (text helpers, rules engine) also run without Django (`-p no:django`).


@pytest.fixture
def tree(db):
    from tests.factories import make_province

    return make_province()


@pytest.fixture
def alice(tree):
    """TĐKT officer of commune A."""
    from tests.factories import grant, make_user

    return grant(make_user("alice"), "officer", tree.commune_a)


@pytest.fixture
def bob(tree):
    """TĐKT officer of commune B (a stranger to commune A)."""
    from tests.factories import grant, make_user

    return grant(make_user("bob"), "officer", tree.commune_b)


@pytest.fixture
def specialist(tree):
    from tests.factories import grant, make_user

    return grant(make_user("chuyenvien"), "specialist", tree.province)


@pytest.fixture
def auditor(tree):
    from tests.factories import grant, make_user

    return grant(make_user("kiemtra"), "auditor", tree.province)


@pytest.fixture
def admin_user(db):
    from tests.factories import make_user

    return make_user("quantri", is_superuser=True, is_staff=True)


@pytest.fixture
def person_a(tree):
    from tests.factories import make_person

    return make_person("Nguyễn Thị Hằng", tree.commune_a, birth_year=1985)


@pytest.fixture
def person_b(tree):
    from tests.factories import make_person

    return make_person("Trần Văn Bình", tree.commune_b, birth_year=1979)


@pytest.fixture(autouse=True)
def _fresh_content_type_cache(request):
    """A transactional test flushes and restores the database, giving content types new ids;
    the process-wide ContentType cache must not outlive that (the audit log uses it)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    if transactional:
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
    yield
    if transactional:
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _default_language():
    """A test that switches to English must not leave English active for the next ones."""
    yield
    from django.utils import translation

    translation.activate("vi")
