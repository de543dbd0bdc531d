from tests.portal.fixtures import (  # noqa: F401
    _clear_cache,
    _today,
    hc_proposal,
    hc_round,
    hero,
    modest,
    pending,
    specialist2,
)
