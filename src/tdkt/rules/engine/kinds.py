"""Parameter schema of the condition kinds a data pack may declare.

A pack lists, per target, conditions such as ``{rule: cstdcs_chain, kind: consecutive_titles,
params: {code: CSTDCS, years: 3}}``. The loader checks every condition against this schema (kind
known, required parameters present, codes known to the catalogue) so that a typo in a pack fails
at load time, not in front of a user. The engine implements each kind in ``conditions.py``.
"""

from __future__ import annotations

from typing import Final

#: parameter type tags understood by the pack validator
PARAM_TYPES: Final = frozenset(
    {
        "rating",
        "scope",
        "level",
        "honour",
        "int",
        "number",
        "bool",
        "field",
        "fraction",
        "options",
        "consumed",
    }
)

#: kind -> {parameter: (type tag, required)}
KIND_PARAMS: Final[dict[str, dict[str, tuple[str, bool]]]] = {
    # the yearly task rating of the judged year reaches `min`
    "min_rating": {"min": ("rating", True)},
    # months worked in the judged year (maternity leave and counted training included)
    "min_months_in_service": {"min": ("number", True)},
    # no discipline of level >= `min_level` overlapping the judged year
    "no_discipline_in_year": {"min_level": ("level", False)},
    # the standard of another target (e.g. LDTT inside CSTDCS) is met, or that title is held
    "title_standard": {"code": ("honour", True)},
    # rating >= `min_rating` in the judged year, or a recognised unused initiative
    "excellence_or_initiative": {
        "min_rating": ("rating", True),
        "initiative_min_scope": ("scope", True),
        "window_years": ("int", False),
    },
    # `count` unused initiatives of scope >= `min_scope` recognised in the window
    "initiative": {
        "min_scope": ("scope", True),
        "count": ("int", False),
        "window_years": ("int", False),
        "required": ("bool", False),
    },
    # the title held `years` consecutive years ending at the judged year, or held `count` times
    # every `spacing` years (e.g. CSTD_TINH twice, 3 years apart)
    "consecutive_titles": {
        "code": ("honour", True),
        "years": ("int", False),
        "count": ("int", False),
        "spacing": ("int", False),
        "consumed_by": ("consumed", False),
    },
    # rating >= `min` for `years` consecutive years ending at the judged year
    "consecutive_ratings": {"min": ("rating", True), "years": ("int", True)},
    # the title held at least `count` times in the last `window_years` years
    "titles_in_window": {
        "code": ("honour", True),
        "count": ("int", True),
        "window_years": ("int", True),
    },
    # rating >= `min` at least `count` times in the last `window_years` years
    "ratings_in_window": {
        "min": ("rating", True),
        "count": ("int", True),
        "window_years": ("int", True),
    },
    # a prior award held at least `min_years_before` years before the judged year
    "prior_award": {
        "code": ("honour", True),
        "min_years_before": ("int", True),
        "after_last_target": ("bool", False),
    },
    # one of several conditions (each `{kind, params}`) holds
    "any_of": {"options": ("options", True)},
    # a member count of a collective, as a share of members_total or as an absolute minimum
    "collective_ratios": {
        "field": ("field", True),
        "min_fraction": ("fraction", False),
        "strict": ("bool", False),
        "min_count": ("int", False),
    },
    # the collective leads its emulation cluster/block (from `subject.emulation_result`)
    "cluster_result": {},
}

#: the member counts a collective may carry (eligibility contract §1)
COLLECTIVE_FIELDS: Final = (
    "members_total",
    "members_completed_tasks",
    "members_ldtt",
    "members_cstdcs",
)

#: principle checks the engine adds by itself (they cannot be switched off by a pack)
PRINCIPLE_RULES: Final = (
    "no_pending_discipline",
    "not_already_awarded",
    "subject_kind",
    "rule_not_configured",
)

#: award types whose results never count toward regular (công trạng) chains
#: (Decree 98 Art. 4(3), Decree 152 Art. 4(3) [V])
NON_COUNTING_AWARD_TYPES: Final = frozenset({"chuyen_de", "dot_xuat"})
