"""A provincial council: chair, standing vice-chair, vice-chairs and members (voting) and a
secretary who does not vote; a session on 20/01/2026 (decree 152 regime)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

SESSION_DATE = dt.date(2026, 1, 20)

NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bích",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Vũ Thị Phương",
    "Đặng Văn Giang",
    "Bùi Thị Hà",
    "Đỗ Văn Hùng",
    "Hồ Thị Khánh",
    "Ngô Văn Lâm",
    "Dương Thị Mai",
    "Lý Văn Nam",
    "Phan Thị Oanh",
    "Trịnh Văn Phúc",
    "Mai Thị Quỳnh",
    "Tạ Văn Sơn",
    "Châu Thị Thu",
    "Lưu Văn Uy",
    "Kiều Thị Vân",
]


def make_council(tree, size: int, *, prefix: str = "hd"):
    from tdkt.council.enums import MemberRole
    from tdkt.council.services import council_create, member_add
    from tests.factories import make_user

    council = council_create(
        name="Hội đồng Thi đua – Khen thưởng tỉnh",
        unit=tree.province,
        valid_from=dt.date(2025, 1, 1),
    )
    roles = [MemberRole.CHU_TICH, MemberRole.PHO_CHU_TICH_THUONG_TRUC, MemberRole.PHO_CHU_TICH]
    members = []
    for i in range(size):
        user = make_user(f"{prefix}{i:02d}", full_name=NAMES[i])
        role = roles[i] if i < len(roles) else MemberRole.UY_VIEN
        members.append(member_add(council=council, user=user, role=role))
    secretary_user = make_user(f"{prefix}thuky", full_name="Nguyễn Thị Thư Ký")
    secretary = member_add(council=council, user=secretary_user, role=MemberRole.THU_KY)
    return SimpleNamespace(
        council=council,
        members=members,
        chair=members[0],
        secretary=secretary,
        secretary_user=secretary_user,
    )


@pytest.fixture
def c15(tree):
    return make_council(tree, 15)


@pytest.fixture
def nominees(tree):
    from tests.factories import make_person

    return [
        make_person("Phạm Minh Tuấn", tree.dept, birth_year=1980),
        make_person("Võ Thị Lan", tree.dept, birth_year=1984),
        make_person("Đinh Công Thành", tree.dept, birth_year=1978),
    ]


def open_session(c, *, present: int, written: int, cases):
    """A session of council `c`: the first `present` voting members present, the next `written`
    absent with a written opinion, the rest absent; `cases` = [(honour_id, subject)]; state open.
    """
    from tdkt.council.services import (
        attendance_record,
        case_add,
        session_create,
        set_session_state,
    )

    chair_user = c.chair.user
    session = session_create(
        council=c.council, date=SESSION_DATE, title="Phiên họp xét khen thưởng năm 2025"
    )
    added = [
        case_add(session=session, honour_id=honour, subject=subject, actor=chair_user)
        for honour, subject in cases
    ]
    for i, member in enumerate(c.members):
        attendance_record(
            session=session,
            member=member,
            present=i < present,
            written_ballot=present <= i < present + written,
        )
    attendance_record(session=session, member=c.secretary, present=True)
    set_session_state(session, "open", actor=chair_user)
    return session, added
