"""Who may do what with proposals and nominees (django-rules predicates; the services check the
same predicates, so screens and API built on top agree with the writes).

* the submitting side: a TĐKT officer (or admin) whose scope covers the proposal's unit drafts,
  submits and resubmits; only a unit head ("head" role covering the unit) overrides a judgement;
* the receiving office: a specialist, officer or admin whose writer scope covers the round's
  issuing unit receives, returns, assigns and appraises.
"""

from __future__ import annotations

import rules

from tdkt.accounts.selectors import user_scope

SUBMITTER_ROLES = ("officer", "head", "admin")
OFFICE_ROLES = ("specialist", "officer", "admin")


def _unit_of(obj):
    """The submitting unit of a proposal or of a nominee's proposal."""
    proposal = getattr(obj, "proposal", obj)
    return proposal.unit


def _issuing_unit(obj):
    proposal = getattr(obj, "proposal", obj)
    return proposal.round.issuing_unit


@rules.predicate
def is_unit_submitter(user, obj) -> bool:
    return obj is not None and user_scope(user, SUBMITTER_ROLES).contains_path(_unit_of(obj).path)


@rules.predicate
def is_unit_head(user, obj) -> bool:
    return obj is not None and user_scope(user, ["head"]).contains_path(_unit_of(obj).path)


@rules.predicate
def is_receiving_office(user, obj) -> bool:
    return obj is not None and user_scope(user, OFFICE_ROLES).contains_path(_issuing_unit(obj).path)


@rules.predicate
def is_round_office(user, round_) -> bool:
    return round_ is not None and user_scope(user, OFFICE_ROLES).contains_path(
        round_.issuing_unit.path
    )


@rules.predicate
def is_viewer(user, obj) -> bool:
    if obj is None:
        return False
    scope = user_scope(user)
    return scope.contains_path(_unit_of(obj).path) or scope.contains_path(_issuing_unit(obj).path)


rules.add_perm("nominations.manage_round", is_round_office)
rules.add_perm("nominations.see_proposal", is_viewer)
rules.add_perm("nominations.edit_proposal", is_unit_submitter)
rules.add_perm("nominations.submit_proposal", is_unit_submitter)
rules.add_perm("nominations.override_nominee", is_unit_head)
rules.add_perm("nominations.receive_proposal", is_receiving_office)
rules.add_perm("nominations.appraise_nominee", is_receiving_office)
