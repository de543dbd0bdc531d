"""Pagination that never counts more than it shows: a search matching a third of a province
("nguyen") must not count 40,000 rows to say "hơn 1.000 kết quả"."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most `cap` rows (SELECT COUNT(*) FROM (... LIMIT cap+1)); beyond that the
    page says "hơn cap kết quả" and only the first cap rows are reachable."""

    def __init__(self, object_list, per_page, *, cap: int = 1000, **kwargs):
        self.cap = cap
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def _counted(self) -> int:
        # No ORDER BY inside: counting must not sort every match.
        qs = self.object_list
        if hasattr(qs, "select_related"):  # a queryset: no joins or sort needed to count
            qs = qs.order_by().select_related(None).values("pk")
        return qs[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @cached_property
    def is_capped(self) -> bool:
        return self._counted > self.cap
