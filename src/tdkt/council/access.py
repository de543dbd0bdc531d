"""Scope-checked access to councils and sessions. A council is visible to the users whose scope
covers its unit and to its own members; anything else answers 404, exactly like a missing one.

The ballot page is stricter: only the voting member in office on the session date, logged in
as themselves, reaches it (`access_ballot`).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from tdkt.accounts.selectors import user_scope
from tdkt.council.models import Council, CouncilMember, Session
from tdkt.council.services import can_run, member_roles, members_on
from tdkt.council.services import is_secretary as services_is_secretary


def councils_for(user) -> QuerySet:
    """Councils whose unit is in the user's scope, or of which the user is a member."""
    if not getattr(user, "is_authenticated", False):
        return Council.objects.none()
    scope = user_scope(user)
    qs = Council.objects.all()
    if scope.is_global:
        return qs
    member = Q(pk__in=CouncilMember.objects.filter(user=user).values("council_id"))
    if scope.is_empty:
        return qs.filter(member)
    return qs.filter(scope.q("unit__") | member)


def sessions_for(user) -> QuerySet:
    return Session.objects.filter(council__in=councils_for(user))


def _get(qs: QuerySet, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def access_council(user, pk) -> Council:
    return _get(councils_for(user).select_related("unit"), pk)


def access_session(user, pk) -> Session:
    """The session `pk` if its council is visible to `user`, else 404."""
    return _get(
        sessions_for(user).select_related("council__unit", "state_changed_by"),
        pk,
    )


def session_roles(user, session: Session) -> set[str]:
    """The roles `user` holds in the session's council on the session date."""
    return member_roles(session, user)


def can_run_session(user, session: Session, roles: set[str] | None = None) -> bool:
    """Whether to show the buttons that run the session (the services enforce the same rule)."""
    return can_run(session, user, roles)


def is_secretary(user, session: Session, roles: set[str] | None = None) -> bool:
    return services_is_secretary(session, user, roles)


def voting_member(user, session: Session) -> CouncilMember | None:
    """The user's own voting membership on the session date, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        members_on(session.council_id, session.date)
        .filter(user=user, votes=True)
        .select_related("user")
        .first()
    )


def access_ballot(user, session_pk) -> tuple[Session, CouncilMember]:
    """The session and the logged-in user's own voting membership (CouncilMember.user ==
    user); 404 for anyone else — an officer in scope included: nobody votes for another."""
    session = _get(
        Session.objects.filter(council__members__user=user)
        .distinct()
        .select_related("council__unit"),
        session_pk,
    )
    member = voting_member(user, session)
    if member is None or member.user_id != user.pk:
        raise Http404
    return session, member


def can_manage_council(user, council: Council) -> bool:
    """The council's unit's TĐKT office (officer, specialist, admin whose writer scope covers the
    unit) creates its sessions."""
    from tdkt.accounts.selectors import can_write_unit

    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(getattr(user, "is_superuser", False) or can_write_unit(user, council.unit))
