import pytest


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Overrides created in a test are rolled back with it: forget the cached years."""
    from tdkt.calendar_vn.services import clear_cache

    clear_cache()
    yield
    clear_cache()
