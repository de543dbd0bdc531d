"""Scope-checked access to rounds and proposals: anything outside what the user may see
(`selectors.rounds_for`, `selectors.proposals_for`) answers 404, exactly like a missing one."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from tdkt.nominations import selectors
from tdkt.nominations.models import Proposal, Round


def get_or_404(qs: QuerySet, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def access_round(user, pk) -> Round:
    return get_or_404(selectors.rounds_for(user), pk)


def access_proposal(user, pk) -> Proposal:
    return get_or_404(selectors.proposals_for(user), pk)
