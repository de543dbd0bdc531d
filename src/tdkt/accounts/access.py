"""Scope-checked access helpers. Views and the API fetch objects only through these: an object
outside the user's scope answers 404 exactly like one that does not exist."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from tdkt.accounts.selectors import Scope, user_scope, writer_scope


def require_writer(user, message: str | None = None) -> None:
    """Refuse (403) a user who may write the registry in no unit at all (read-only roles)."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext

    if writer_scope(user).is_empty:
        raise PermissionDenied(
            message or gettext("Tài khoản chỉ có quyền xem, không được ghi dữ liệu.")
        )


def _get(qs: QuerySet, pk) -> object:
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def units_for(user, *, write: bool = False) -> QuerySet:
    from tdkt.orgs.models import Unit

    scope = writer_scope(user) if write else user_scope(user)
    return scope.filter(Unit.objects.all())


def people_for(user, *, write: bool = False) -> QuerySet:
    from tdkt.people.models import Person

    scope = writer_scope(user) if write else user_scope(user)
    return scope.filter(Person.objects.all(), "unit__")


def households_for(user, *, write: bool = False) -> QuerySet:
    from tdkt.people.models import Household

    scope = writer_scope(user) if write else user_scope(user)
    return scope.filter(Household.objects.all(), "unit__")


def _subject_q(scope: Scope) -> Q:
    return (
        scope.q("unit_at_time__")
        | scope.q("person__unit__")
        | scope.q("collective__")
        | scope.q("household__unit__")
    )


def subject_records_for(model, user, *, write: bool = False) -> QuerySet:
    """Awards, ratings, discipline: made in a unit of the scope, or of a subject now in it."""
    scope = writer_scope(user) if write else user_scope(user)
    qs = model.objects.all()
    if scope.is_global:
        return qs
    if scope.is_empty:
        return qs.none()
    if write:
        return qs.filter(scope.q("unit_at_time__"))
    return qs.filter(_subject_q(scope))


def decisions_for(user) -> QuerySet:
    from django.db.models import Exists, OuterRef

    from tdkt.registry.models import AwardRecord, Decision

    scope = user_scope(user)
    qs = Decision.objects.all()
    if scope.is_global:
        return qs
    if scope.is_empty:
        return qs.none()
    awards = AwardRecord.objects.filter(decision=OuterRef("pk")).filter(scope.q("unit_at_time__"))
    return qs.filter(scope.q("issuer_unit__") | Q(Exists(awards)))


def initiatives_for(user, *, write: bool = False) -> QuerySet:
    from tdkt.registry.models import Initiative

    scope = writer_scope(user) if write else user_scope(user)
    return scope.filter(Initiative.objects.all(), "unit__")


def access_unit(user, pk, *, write: bool = False):
    return _get(units_for(user, write=write), pk)


def access_person(user, pk, *, write: bool = False):
    return _get(people_for(user, write=write).select_related("unit"), pk)


def access_household(user, pk, *, write: bool = False):
    return _get(households_for(user, write=write).select_related("unit"), pk)


def access_decision(user, pk):
    return _get(decisions_for(user), pk)


def access_award(user, pk, *, write: bool = False):
    from tdkt.registry.models import AwardRecord

    return _get(subject_records_for(AwardRecord, user, write=write), pk)


def access_rating(user, pk, *, write: bool = False):
    from tdkt.registry.models import YearlyRating

    return _get(subject_records_for(YearlyRating, user, write=write), pk)


def access_discipline(user, pk, *, write: bool = False):
    from tdkt.registry.models import DisciplineRecord

    return _get(subject_records_for(DisciplineRecord, user, write=write), pk)


def access_initiative(user, pk, *, write: bool = False):
    return _get(initiatives_for(user, write=write), pk)
