"""The year-end round of the demo province, so the nomination screens have something to show on
first start: the units record this year's ratings (as they do in November), the province opens its
round (Bằng khen, Chiến sĩ thi đua cấp tỉnh, Tập thể lao động xuất sắc, Cờ thi đua), and the demo
commune drafts a proposal with eligible nominees and one that the rules engine flags. The
provincial council (chair, standing vice-chair, two members, a non-voting secretary) is ready for
its session.

Everything goes through the same services as the screens (audit log included), so the demo
history reads like a real one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.db.models import Count

from tdkt.accounts.models import User
from tdkt.council.enums import MemberRole
from tdkt.council.services import council_create, member_add
from tdkt.nominations import services as nominations
from tdkt.orgs.models import Unit
from tdkt.people.models import Person
from tdkt.registry.enums import RecordStatus
from tdkt.registry.models import YearlyRating
from tdkt.registry.services import initiative_create

#: Targets of the provincial year-end round.
ROUND_TARGETS = ["BK_TINH", "CSTD_TINH", "TTLDXS", "CO_TINH"]
#: How many of the demo commune's people get this year's rating (the rest are not rated yet).
RATED_PEOPLE = 120
#: Eligible nominees the commune proposes, plus one the engine flags.
PROPOSED = 4


def _council(province: Unit, admin: User, since: dt.date) -> None:
    council = council_create(
        name="Hội đồng Thi đua – Khen thưởng tỉnh",
        unit=province,
        valid_from=since,
        actor=admin,
        reason="Dữ liệu mẫu",
    )
    members = [
        ("hoidong", MemberRole.CHU_TICH, "Chủ tịch UBND tỉnh"),
        ("quantri", MemberRole.PHO_CHU_TICH_THUONG_TRUC, "Giám đốc Sở Nội vụ"),
        ("uyvien.a", MemberRole.UY_VIEN, "Chủ tịch Liên đoàn Lao động tỉnh"),
        ("uyvien.b", MemberRole.UY_VIEN, "Phó Giám đốc Sở Tài chính"),
        ("chuyenvien", MemberRole.THU_KY, "Chuyên viên Ban Thi đua – Khen thưởng"),
    ]
    users = {u.username: u for u in User.objects.filter(username__in=[m[0] for m in members])}
    for username, role, title in members:
        if username in users:
            member_add(
                council=council,
                user=users[username],
                role=role,
                title=title,
                valid_from=since,
                actor=admin,
                reason="Dữ liệu mẫu",
            )


def _rate_this_year(commune: Unit, year: int, officer: User) -> list[Person]:
    """This year's rating for the commune's people: last year's level carried over."""
    last = dict(
        YearlyRating.objects.filter(
            person__unit__path__startswith=commune.path,
            year=year - 1,
            status=RecordStatus.VALID,
        )
        .order_by("person_id")
        .values_list("person_id", "rating_id")[:RATED_PEOPLE]
    )
    people = list(Person.objects.filter(pk__in=last).order_by("pk"))
    done = set(
        YearlyRating.objects.filter(person__in=people, year=year).values_list(
            "person_id", flat=True
        )
    )
    rows = [
        YearlyRating(
            subject_kind="individual",
            person=p,
            year=year,
            rating_id=last[p.pk],
            unit_at_time_id=p.unit_id,
            source="demo",
        )
        for p in people
        if p.pk not in done
    ]
    YearlyRating.objects.bulk_create(rows)
    return people


INITIATIVE_TITLES = [
    "Số hóa hồ sơ một cửa cấp xã",
    "Sổ tay hướng dẫn thủ tục hành chính cho người cao tuổi",
    "Mô hình tổ tự quản vệ sinh môi trường khu dân cư",
    "Quy trình tiếp nhận phản ánh của người dân qua Zalo",
    "Bản đồ số các hộ nghèo, cận nghèo của xã",
    "Cải tiến cách lưu trữ hồ sơ hộ tịch",
    "Lịch trực tiếp dân luân phiên theo tổ",
    "Phần mềm theo dõi thu nộp quỹ phòng chống thiên tai",
]


def _recognise_initiatives(
    commune: Unit, people: list[Person], year: int, officer: User, today: dt.date
) -> None:
    """Two initiatives recognised at grassroots level (one last year, one this year) for the
    first four people rated "hoàn thành xuất sắc nhiệm vụ" both years: what Bằng khen asks."""
    excellent = set(
        YearlyRating.objects.filter(
            person__in=people, year__in=[year - 1, year], rating_id="HTXSNV", status="valid"
        )
        .values("person_id")
        .annotate(n=Count("pk"))
        .filter(n=2)
        .values_list("person_id", flat=True)
    )
    chosen = [p for p in people if p.pk in excellent][:PROPOSED]
    titles = iter(INITIATIVE_TITLES)
    for i, person in enumerate(chosen):
        for n, when in enumerate((year - 1, year)):
            initiative_create(
                code=f"SK-{commune.pk}-{year}-{i + 1}{n + 1}",
                title=next(titles),
                year=when,
                scope_id="co_so",
                unit=commune,
                authors=[person],
                recognised_by=f"Hội đồng sáng kiến {commune.name}",
                recognised_on=min(today, dt.date(when, 11, 10)),
                actor=officer,
                reason="Dữ liệu mẫu",
            )


def seed_workflow(
    *, today: dt.date, year: int, log: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Create the demo round for achievement `year` (the year after the demo history), its
    proposal and the council; returns what was created."""
    log = log or (lambda _msg: None)
    users = {u.username: u for u in User.objects.filter(username__in=["quantri", "canbo.xa"])}
    admin, officer = users.get("quantri"), users.get("canbo.xa")
    if admin is None or officer is None or officer.unit_id is None:
        return {}
    province = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    commune = officer.role_grants.filter(revoked_at__isnull=True).first().unit
    with transaction.atomic():
        _council(province, admin, dt.date(year, 1, 1))
        people = _rate_this_year(commune, year, officer)
        round_ = nominations.round_create(
            code=f"TK-{year}",
            name=f"Xét khen thưởng tổng kết năm {year}",
            year=year,
            issuing_unit=province,
            award_type="cong_trang",
            targets=ROUND_TARGETS,
            opens_on=today - dt.timedelta(days=7),
            submit_deadline=today + dt.timedelta(days=24),
            actor=admin,
        )
        round_ = nominations.set_round_state(
            round_, "open", actor=admin, reason="Dữ liệu mẫu: mở đợt xét cuối năm"
        )
        proposal = nominations.proposal_create(
            round=round_,
            unit=commune,
            actor=officer,
            number=f"{today.day:02d}/TTr-UBND",
            note="Đề nghị Chủ tịch UBND tỉnh tặng Bằng khen năm " + str(year),
        )
        _recognise_initiatives(commune, people, year, officer, today)
        eligible, flagged = [], []
        for person in people:
            judgement = nominations.judge("individual", person, "BK_TINH", year)
            if judgement["eligible"] and len(eligible) < PROPOSED:
                eligible.append(person)
            elif not judgement["eligible"] and not flagged:
                flagged.append(person)
            if len(eligible) >= PROPOSED and flagged:
                break
        for person in [*eligible, *flagged]:
            nominations.nominee_add(
                proposal=proposal,
                subject=person,
                target="BK_TINH",
                actor=officer,
                achievement_summary=(
                    f"Hoàn thành xuất sắc nhiệm vụ năm {year - 1} và năm {year}, "
                    "tích cực tham gia các phong trào thi đua của xã."
                ),
            )
    counts = {"rounds": 1, "proposals": 1, "nominees": len(eligible) + len(flagged)}
    log(
        f"Đợt xét {round_.code}: tờ trình {proposal.number} của {commune.name} "
        f"với {counts['nominees']} đối tượng; Hội đồng Thi đua – Khen thưởng tỉnh sẵn sàng."
    )
    return counts
