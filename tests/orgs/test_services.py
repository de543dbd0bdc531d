import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tdkt.accounts.access import people_for, subject_records_for
from tdkt.common.models import AuditLog
from tdkt.orgs.models import Unit, UnitSuccession
from tdkt.orgs.selectors import unit_history_units, unit_lineage_ids
from tdkt.orgs.services import unit_move, units_merge
from tdkt.people.models import Assignment
from tdkt.registry.models import AwardRecord
from tests.factories import grant, make_award, make_person, make_unit, make_user

pytestmark = pytest.mark.django_db


def test_subtree_uses_materialised_path(tree):
    names = list(Unit.objects.subtree(tree.commune_a).values_list("name", flat=True))
    assert names == ["Xã An Lạc", "Trường Tiểu học An Lạc"]


def test_move_rewrites_subtree_paths(tree):
    unit_move(unit=tree.commune_a, new_parent=tree.dept, actor=None, reason="thử")
    school = Unit.objects.get(pk=tree.school_a.pk)
    commune = Unit.objects.get(pk=tree.commune_a.pk)
    assert school.path == commune.path + f"{school.pk:08d}."
    assert (commune.depth, school.depth) == (2, 3)
    assert list(Unit.objects.subtree(tree.dept).values_list("pk", flat=True)) == [
        tree.dept.pk,
        tree.commune_a.pk,
        tree.school_a.pk,
    ]


def test_move_into_own_subtree_refused(tree):
    with pytest.raises(ValidationError):
        unit_move(unit=tree.commune_a, new_parent=tree.school_a, actor=None)


def test_merge_moves_people_keeps_history_and_links(tree):
    successor = make_unit("Xã An Bình", "xa", tree.province, valid_from=dt.date(2025, 7, 1))
    hang = make_person("Nguyễn Thị Hằng", tree.commune_a)
    binh = make_person("Trần Văn Bình", tree.commune_b)
    old_award = make_award(hang, "LDTT", 2024)
    collective_award = make_award(tree.commune_a, "TTLDTT", 2024)

    units_merge(
        sources=[tree.commune_a, tree.commune_b],
        successor=successor,
        date=dt.date(2025, 7, 1),
        decision_ref="Nghị quyết 1656/NQ-UBTVQH15",
        actor=None,
    )

    hang.refresh_from_db()
    binh.refresh_from_db()
    assert (hang.unit_id, binh.unit_id) == (successor.pk, successor.pk)
    # Records stay where they were made.
    assert AwardRecord.objects.get(pk=old_award.pk).unit_at_time_id == tree.commune_a.pk
    # Assignment history: old closed the day before, new opened on the date.
    periods = list(
        Assignment.objects.filter(person=hang).order_by("pk").values_list("unit_id", "end", "start")
    )
    assert periods[-1] == (successor.pk, None, dt.date(2025, 7, 1))
    assert periods[0][1] == dt.date(2025, 6, 30)
    commune_a = Unit.objects.get(pk=tree.commune_a.pk)
    assert commune_a.valid_to == dt.date(2025, 6, 30)
    # The school moved under the successor.
    assert Unit.objects.get(pk=tree.school_a.pk).parent_id == successor.pk
    assert UnitSuccession.objects.filter(successor=successor).count() == 2
    assert set(unit_lineage_ids(successor)) == {successor.pk, tree.commune_a.pk, tree.commune_b.pk}
    assert tree.commune_a.pk in set(unit_history_units(successor).values_list("pk", flat=True))
    assert collective_award.collective_id == tree.commune_a.pk
    assert AuditLog.objects.filter(action="orgs.unit.merge").count() == 2


def test_successor_officer_sees_predecessor_history(tree):
    successor = make_unit("Xã An Bình", "xa", tree.province)
    hang = make_person("Nguyễn Thị Hằng", tree.commune_a)
    award = make_award(hang, "LDTT", 2024)
    units_merge(
        sources=[tree.commune_a],
        successor=successor,
        date=dt.date(2025, 7, 1),
        decision_ref="NQ 1",
        actor=None,
        move_children=False,
    )
    officer = grant(make_user("canbo_moi"), "officer", successor)
    # The old school stayed under the old commune, which is now history of the successor.
    teacher = make_person("Lê Văn Tám", tree.school_a)
    assert set(people_for(officer).values_list("pk", flat=True)) == {hang.pk, teacher.pk}
    assert list(subject_records_for(AwardRecord, officer).values_list("pk", flat=True)) == [
        award.pk
    ]


def test_merge_requires_decision_reference(tree):
    successor = make_unit("Xã An Bình", "xa", tree.province)
    with pytest.raises(ValidationError):
        units_merge(
            sources=[tree.commune_a],
            successor=successor,
            date=dt.date(2025, 7, 1),
            decision_ref=" ",
            actor=None,
        )


def test_merge_into_own_child_refused(tree):
    with pytest.raises(ValidationError):
        units_merge(
            sources=[tree.commune_a],
            successor=tree.school_a,
            date=dt.date(2025, 7, 1),
            decision_ref="NQ",
            actor=None,
        )
