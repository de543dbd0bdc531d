"""Who may see what: the unit scope of a user, by role.

A role granted on a unit covers its subtree and, through the succession links, the subtrees of
every unit it succeeded (a commune formed in 2025 sees the history of the communes it absorbed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from tdkt.accounts.enums import REGISTRY_WRITERS, Role


@dataclass(frozen=True)
class Scope:
    is_global: bool
    paths: tuple[str, ...]

    def q(self, prefix: str = "") -> Q:
        """A Q over a Unit relation at `prefix` (e.g. "unit__") matching the scope."""
        if self.is_global:
            return Q()
        if not self.paths:
            return Q(pk__in=[])
        q = Q()
        for path in self.paths:
            q |= Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": path + "~"})
        return q

    def filter(self, qs: QuerySet, prefix: str = "") -> QuerySet:
        return qs if self.is_global else qs.filter(self.q(prefix))

    def contains_path(self, path: str) -> bool:
        return self.is_global or any(path.startswith(p) for p in self.paths)

    @property
    def is_empty(self) -> bool:
        return not self.is_global and not self.paths


def _active_grants(user):
    from tdkt.accounts.models import RoleGrant

    return RoleGrant.objects.filter(user=user, revoked_at__isnull=True).select_related("unit")


def user_roles(user) -> list[str]:
    if not getattr(user, "is_authenticated", False):
        return []
    cache = getattr(user, "_tdkt_roles", None)
    if cache is None:
        cache = sorted({g.role for g in _active_grants(user)})
        if user.is_superuser and Role.ADMIN not in cache:
            cache.append(Role.ADMIN.value)
        user._tdkt_roles = cache
    return cache


def user_has_device(user) -> bool:
    from django_otp import devices_for_user

    return any(True for _ in devices_for_user(user, confirmed=True))


def _with_predecessors(paths: set[str]) -> set[str]:
    """Add the paths of every unit (transitively) succeeded by a unit inside `paths`."""
    from tdkt.orgs.models import UnitSuccession

    links = list(UnitSuccession.objects.values_list("predecessor__path", "successor__path"))
    result = set(paths)
    changed = True
    while changed:
        changed = False
        for pred_path, succ_path in links:
            covered = any(pred_path.startswith(p) for p in result)
            if not covered and any(succ_path.startswith(p) for p in result):
                result.add(pred_path)
                changed = True
    # Drop paths already covered by a shorter one.
    return {p for p in result if not any(p != q and p.startswith(q) for q in result)}


def user_scope(user, roles: Iterable[str] | None = None) -> Scope:
    """The units `user` may act on with any of `roles` (all roles when None)."""
    if not getattr(user, "is_authenticated", False):
        return Scope(False, ())
    wanted = None if roles is None else frozenset(str(r) for r in roles)
    cache_key = ("_tdkt_scope", wanted)
    cache = user.__dict__.setdefault("_tdkt_scope_cache", {})
    if cache_key in cache:
        return cache[cache_key]
    if user.is_superuser:
        scope = Scope(True, ())
    else:
        grants = [g for g in _active_grants(user) if wanted is None or g.role in wanted]
        if any(g.role == Role.ADMIN and g.unit.parent_id is None for g in grants):
            scope = Scope(True, ())
        else:
            paths = {g.unit.path for g in grants}
            scope = (
                Scope(False, tuple(sorted(_with_predecessors(paths))))
                if paths
                else Scope(False, ())
            )
    cache[cache_key] = scope
    return scope


def writer_scope(user) -> Scope:
    return user_scope(user, REGISTRY_WRITERS)


def can_write_unit(user, unit) -> bool:
    return writer_scope(user).contains_path(unit.path)
