import pytest
from django.http import Http404

from tdkt.accounts.access import (
    access_award,
    access_person,
    access_unit,
    people_for,
    subject_records_for,
)
from tdkt.registry.models import AwardRecord
from tests.factories import make_award, make_person

pytestmark = pytest.mark.django_db


def test_officer_sees_own_subtree_only(tree, alice, person_a, person_b):
    teacher = make_person("Phạm Thu Trang", tree.school_a)
    assert set(people_for(alice).values_list("pk", flat=True)) == {person_a.pk, teacher.pk}


def test_stranger_gets_404_like_missing(tree, alice, bob, person_a):
    assert access_person(alice, person_a.pk) == person_a
    with pytest.raises(Http404):
        access_person(bob, person_a.pk)
    with pytest.raises(Http404):
        access_person(bob, 999_999)
    with pytest.raises(Http404):
        access_unit(bob, tree.commune_a.pk)
    with pytest.raises(Http404):
        access_person(bob, "not-a-number")


def test_specialist_at_province_sees_everything_below(tree, specialist, person_a, person_b):
    assert set(people_for(specialist).values_list("pk", flat=True)) == {person_a.pk, person_b.pk}


def test_auditor_reads_but_cannot_write(tree, auditor, person_a):
    assert access_person(auditor, person_a.pk) == person_a
    with pytest.raises(Http404):
        access_person(auditor, person_a.pk, write=True)


def test_award_visible_after_person_moves_in(tree, alice, bob, person_b):
    award = make_award(person_b, "LDTT", 2024)
    assert access_award(bob, award.pk) == award
    with pytest.raises(Http404):
        access_award(alice, award.pk)


def test_user_without_grant_sees_nothing(tree, person_a, django_user_model):
    nobody = django_user_model.objects.create_user(username="nobody", password="x")
    assert list(people_for(nobody)) == []
    assert list(subject_records_for(AwardRecord, nobody)) == []


def test_superuser_is_global(tree, admin_user, person_a, person_b):
    assert people_for(admin_user).count() == 2
