"""Scope-checked reads of import batches: a batch is visible to its owner and to the users who
may write the registry of its unit; to anyone else it does not exist (404)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from tdkt.accounts.selectors import writer_scope
from tdkt.imports.models import ImportBatch


def batches_for(user) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return ImportBatch.objects.none()
    scope = writer_scope(user)
    qs = ImportBatch.objects.all()
    if scope.is_global:
        return qs
    return (
        qs.filter(Q(user=user) | scope.q("unit__")) if not scope.is_empty else qs.filter(user=user)
    )


def access_batch(user, pk) -> ImportBatch:
    try:
        return (
            batches_for(user)
            .select_related("unit", "user", "proposal", "proposal__round", "proposal__unit")
            .get(pk=pk)
        )
    except (ImportBatch.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
