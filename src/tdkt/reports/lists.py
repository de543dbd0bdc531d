"""Sheets of the registry lists: the same querysets as the screens, as exportable rows.

Every builder takes an already filtered, scoped and ordered queryset and returns the sheet
description and a lazy row iterator fed by `.iterator(chunk_size=CHUNK)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tdkt.reports.exporters.base import DATE, MONEY, NUMBER, Column, Sheet

CHUNK = 2000


def _sheet(title: str, filters: str, columns: list[Column]) -> Sheet:
    return Sheet(
        title=title,
        columns=columns,
        org_name=settings.TDKT_ORG_NAME.upper(),
        filters=filters,
        exported_on=timezone.localdate(),
    )


def _birth(person) -> Any:
    if person is None:
        return ""
    return person.birth_date or person.birth_year or ""


AWARD_COLUMNS = [
    Column(gettext_lazy("STT"), NUMBER, 6),
    Column(gettext_lazy("Họ và tên"), width=28),
    Column(gettext_lazy("Ngày sinh"), DATE, 12),
    Column(gettext_lazy("Đơn vị"), width=30),
    Column(gettext_lazy("Danh hiệu/Hình thức"), width=30),
    Column(gettext_lazy("Năm"), NUMBER, 10),
    Column(gettext_lazy("Số quyết định"), width=18),
    Column(gettext_lazy("Ngày quyết định"), DATE, 14),
    Column(gettext_lazy("Tiền thưởng"), MONEY, 14),
    Column(gettext_lazy("Trạng thái"), width=16),
]


def _period(record) -> Any:
    if record.year_from == record.year_to:
        return record.year_to
    return f"{record.year_from}–{record.year_to}"


def awards_sheet(qs: QuerySet, *, title: str, filters: str = "") -> tuple[Sheet, Iterator]:
    def rows():
        for i, a in enumerate(qs.iterator(chunk_size=CHUNK), start=1):
            yield (
                i,
                str(a.subject),
                _birth(a.person),
                str(a.unit_at_time),
                a.honour.name,
                _period(a),
                a.decision.number if a.decision_id else "",
                a.decision.signed_on if a.decision_id else None,
                a.bonus_amount,
                a.get_status_display(),
            )

    return _sheet(title, filters, AWARD_COLUMNS), rows()


RATING_COLUMNS = [
    Column(gettext_lazy("STT"), NUMBER, 6),
    Column(gettext_lazy("Họ và tên"), width=28),
    Column(gettext_lazy("Ngày sinh"), DATE, 12),
    Column(gettext_lazy("Đơn vị"), width=30),
    Column(gettext_lazy("Năm"), NUMBER, 8),
    Column(gettext_lazy("Xếp loại"), width=30),
    Column(gettext_lazy("Số tháng công tác"), NUMBER, 10),
    Column(gettext_lazy("Căn cứ"), width=24),
    Column(gettext_lazy("Trạng thái"), width=16),
]


def ratings_sheet(qs: QuerySet, *, title: str, filters: str = "") -> tuple[Sheet, Iterator]:
    def rows():
        for i, r in enumerate(qs.iterator(chunk_size=CHUNK), start=1):
            yield (
                i,
                str(r.subject),
                _birth(r.person),
                str(r.unit_at_time),
                r.year,
                r.rating.name,
                r.months_in_service,
                r.decision_ref,
                r.get_status_display(),
            )

    return _sheet(title, filters, RATING_COLUMNS), rows()


DECISION_COLUMNS = [
    Column(gettext_lazy("STT"), NUMBER, 6),
    Column(gettext_lazy("Số quyết định"), width=18),
    Column(gettext_lazy("Ngày ký"), DATE, 12),
    Column(gettext_lazy("Cơ quan ban hành"), width=30),
    Column(gettext_lazy("Cấp khen"), width=24),
    Column(gettext_lazy("Loại hình"), width=28),
    Column(gettext_lazy("Trích yếu"), width=50),
    Column(gettext_lazy("Số khen thưởng"), NUMBER, 10),
    Column(gettext_lazy("Trạng thái"), width=16),
]


def decisions_sheet(qs: QuerySet, *, title: str, filters: str = "") -> tuple[Sheet, Iterator]:
    def rows():
        for i, d in enumerate(qs.iterator(chunk_size=CHUNK), start=1):
            yield (
                i,
                d.number,
                d.signed_on,
                d.issuer_name,
                d.get_level_display(),
                d.award_type.name,
                d.summary,
                getattr(d, "award_count", None),
                d.get_status_display(),
            )

    return _sheet(title, filters, DECISION_COLUMNS), rows()


INITIATIVE_COLUMNS = [
    Column(gettext_lazy("STT"), NUMBER, 6),
    Column(gettext_lazy("Mã số"), width=14),
    Column(gettext_lazy("Tên sáng kiến, đề tài"), width=45),
    Column(gettext_lazy("Tác giả"), width=30),
    Column(gettext_lazy("Đơn vị"), width=28),
    Column(gettext_lazy("Năm"), NUMBER, 8),
    Column(gettext_lazy("Phạm vi ảnh hưởng"), width=24),
    Column(gettext_lazy("Quyết định công nhận"), width=28),
    Column(gettext_lazy("Đã dùng cho"), width=30),
    Column(gettext_lazy("Trạng thái"), width=16),
]


def initiatives_sheet(qs: QuerySet, *, title: str, filters: str = "") -> tuple[Sheet, Iterator]:
    def rows():
        for i, x in enumerate(qs.iterator(chunk_size=CHUNK), start=1):
            used = f"{x.used_for.honour.name} {x.used_for.year_to}" if x.used_for_id else ""
            yield (
                i,
                x.code,
                x.title,
                ", ".join(a.full_name for a in x.authors.all()),
                str(x.unit),
                x.year,
                x.scope.name,
                x.recognised_by,
                used,
                x.get_status_display(),
            )

    return _sheet(title, filters, INITIATIVE_COLUMNS), rows()


PEOPLE_COLUMNS = [
    Column(gettext_lazy("STT"), NUMBER, 6),
    Column(gettext_lazy("Họ và tên"), width=28),
    Column(gettext_lazy("Ngày sinh"), DATE, 12),
    Column(gettext_lazy("Giới tính"), width=9),
    Column(gettext_lazy("Chức vụ"), width=26),
    Column(gettext_lazy("Đơn vị"), width=30),
    Column(gettext_lazy("Người lao động trực tiếp"), width=12),
    Column(gettext_lazy("Trạng thái"), width=16),
]


def people_sheet(qs: QuerySet, *, title: str, filters: str = "") -> tuple[Sheet, Iterator]:
    def rows():
        for i, p in enumerate(qs.iterator(chunk_size=CHUNK), start=1):
            yield (
                i,
                p.full_name,
                _birth(p),
                p.get_sex_display() if p.sex else "",
                p.position,
                str(p.unit),
                _("Có") if p.direct_worker else "",
                _("Đang công tác") if p.is_active else _("Đã thôi công tác"),
            )

    return _sheet(title, filters, PEOPLE_COLUMNS), rows()
