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
    Column("STT", NUMBER, 6),
    Column("Họ và tên", width=28),
    Column("Ngày sinh", DATE, 12),
    Column("Đơn vị", width=30),
    Column("Danh hiệu/Hình thức", width=30),
    Column("Năm", NUMBER, 10),
    Column("Số quyết định", width=18),
    Column("Ngày quyết định", DATE, 14),
    Column("Tiền thưởng", MONEY, 14),
    Column("Trạng thái", width=16),
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
    Column("STT", NUMBER, 6),
    Column("Họ và tên", width=28),
    Column("Ngày sinh", DATE, 12),
    Column("Đơn vị", width=30),
    Column("Năm", NUMBER, 8),
    Column("Xếp loại", width=30),
    Column("Số tháng công tác", NUMBER, 10),
    Column("Căn cứ", width=24),
    Column("Trạng thái", width=16),
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
    Column("STT", NUMBER, 6),
    Column("Số quyết định", width=18),
    Column("Ngày ký", DATE, 12),
    Column("Cơ quan ban hành", width=30),
    Column("Cấp khen", width=24),
    Column("Loại hình", width=28),
    Column("Trích yếu", width=50),
    Column("Số khen thưởng", NUMBER, 10),
    Column("Trạng thái", width=16),
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
    Column("STT", NUMBER, 6),
    Column("Mã số", width=14),
    Column("Tên sáng kiến, đề tài", width=45),
    Column("Tác giả", width=30),
    Column("Đơn vị", width=28),
    Column("Năm", NUMBER, 8),
    Column("Phạm vi ảnh hưởng", width=24),
    Column("Quyết định công nhận", width=28),
    Column("Đã dùng cho", width=30),
    Column("Trạng thái", width=16),
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
    Column("STT", NUMBER, 6),
    Column("Họ và tên", width=28),
    Column("Ngày sinh", DATE, 12),
    Column("Giới tính", width=9),
    Column("Chức vụ", width=26),
    Column("Đơn vị", width=30),
    Column("Người lao động trực tiếp", width=12),
    Column("Trạng thái", width=16),
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
                "Có" if p.direct_worker else "",
                "Đang công tác" if p.is_active else "Đã thôi công tác",
            )

    return _sheet(title, filters, PEOPLE_COLUMNS), rows()
