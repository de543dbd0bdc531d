"""Build an invented but realistic province after the 2025 reform, fast.

One call (`build`) creates, in this order and one transaction per phase:

1. the unit tree: the province, ~20 provincial departments with their internal departments,
   schools and hospitals; 8 pre-2025 districts (valid to 30/06/2025) with their ~150 old
   communes, merged on 01/07/2025 into 60 new communes and wards (succession links of kind
   `merge`); schools, a health station, internal departments and villages under each commune;
2. the demo accounts, one per role, each with its role grant;
3. people, in batches of 5,000: personal data, assignments (commune staff moved from their old
   commune on 01/07/2025), ten years of yearly ratings and of the titles and forms that follow
   from them under the legal chains (LĐTT → CSTĐCS → CSTĐ tỉnh, Bằng khen tỉnh, Giấy khen),
   initiatives consumed by the awards they served, a few discipline records;
4. households in the villages with “Gia đình văn hóa” and the villages' “Thôn văn hóa”;
5. collective ratings and titles of the units (TTLĐTT, TTLĐXS, Cờ thi đua tỉnh).

Rows are written with `bulk_create` (no per-row audit entries; one `demo.build` entry sums the
run up); search and sort keys are computed with the same text helpers the services use.
Decisions are grouped per issuing unit, year and honour, signed on a weekday in mid-January of
the year after the achievement year, with the regime and bonus amounts derived from the date.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from tdkt.accounts.enums import Role
from tdkt.accounts.models import RoleGrant, User
from tdkt.catalog.models import BaseSalary, BonusCoefficient, Honour, Regime
from tdkt.common.models import AuditLog
from tdkt.common.text import person_sort_string, search_key, vi_sort_string
from tdkt.demo import names
from tdkt.demo.names import Weighted
from tdkt.demo.writer import Table, Writer
from tdkt.orgs.enums import SuccessionKind, UnitKind
from tdkt.orgs.models import SEGMENT, Unit, UnitSuccession
from tdkt.people.models import Assignment, Household, Person, PersonToken, name_tokens
from tdkt.registry.enums import DisciplineState, RecordSource, RecordStatus
from tdkt.registry.models import (
    AwardRecord,
    Decision,
    DisciplineRecord,
    Initiative,
    YearlyRating,
)

PROVINCE_NAME = "Tỉnh Hòa Bình Xanh"
PROVINCE_CODE = "HBX"
#: Citizen-ID province prefix. 099 is not assigned to any province, so a demo ID can never be
#: a real person's.
CID_PREFIX = "099"
REFORM_DATE = dt.date(2025, 7, 1)
REFORM_YEAR = REFORM_DATE.year
MERGE_REF = "Nghị quyết số 1656/NQ-UBTVQH15"
DEMO_PASSWORD = "tdkt-demo-2026"  # noqa: S105 -- demo accounts only, printed by demo_logins
BATCH = 5000
VALID, DEMO = RecordStatus.VALID.value, RecordSource.DEMO.value

#: (username, role, full name, unit key): the unit keys are resolved by `_demo_accounts`.
DEMO_ACCOUNTS = [
    ("quantri", Role.ADMIN, "Nguyễn Minh Quân", "province"),
    ("canbo.xa", Role.OFFICER, "Trần Thị Thu Hà", "commune"),
    ("lanhdao.xa", Role.HEAD, "Lê Văn Thắng", "commune"),
    ("chuyenvien", Role.SPECIALIST, "Phạm Thị Ngọc Anh", "province"),
    ("hoidong", Role.COUNCIL, "Hoàng Đức Long", "province"),
    ("uyvien.a", Role.COUNCIL, "Bùi Thị Mai", "province"),
    ("uyvien.b", Role.COUNCIL, "Đỗ Văn Nam", "province"),
    ("cumtruong", Role.CLUSTER_LEADER, "Vũ Thị Hồng Nhung", "commune2"),
    ("kiemtra", Role.AUDITOR, "Đặng Quốc Huy", "province"),
]
DEMO_USERNAMES = [a[0] for a in DEMO_ACCOUNTS]

# Provincial departments: (abbreviation, name, signer title, internal departments).
DEPARTMENTS: list[tuple[str, str, str, list[str]]] = [
    (
        "VP",
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Chánh Văn phòng",
        [
            "Phòng Tổng hợp",
            "Phòng Kinh tế",
            "Phòng Khoa giáo – Văn xã",
            "Phòng Hành chính – Tổ chức",
            "Trung tâm Phục vụ hành chính công tỉnh",
        ],
    ),
    (
        "SNV",
        "Sở Nội vụ",
        "Giám đốc Sở Nội vụ",
        [
            "Văn phòng Sở",
            "Ban Thi đua – Khen thưởng",
            "Phòng Tổ chức, biên chế và Tổ chức phi chính phủ",
            "Phòng Công chức, viên chức",
            "Phòng Xây dựng chính quyền và Công tác thanh niên",
            "Phòng Lao động, Tiền lương và Bảo hiểm xã hội",
        ],
    ),
    (
        "STC",
        "Sở Tài chính",
        "Giám đốc Sở Tài chính",
        [
            "Văn phòng Sở",
            "Phòng Quản lý ngân sách",
            "Phòng Quản lý giá và công sản",
            "Phòng Đầu tư",
            "Phòng Doanh nghiệp, kinh tế tập thể và kinh tế tư nhân",
        ],
    ),
    (
        "STP",
        "Sở Tư pháp",
        "Giám đốc Sở Tư pháp",
        [
            "Văn phòng Sở",
            "Phòng Hành chính tư pháp",
            "Phòng Bổ trợ tư pháp",
            "Phòng Văn bản và Quản lý xử lý vi phạm hành chính",
        ],
    ),
    (
        "SGDĐT",
        "Sở Giáo dục và Đào tạo",
        "Giám đốc Sở Giáo dục và Đào tạo",
        [
            "Văn phòng Sở",
            "Phòng Giáo dục phổ thông",
            "Phòng Tổ chức cán bộ",
            "Phòng Giáo dục mầm non và Giáo dục thường xuyên",
            "Phòng Khảo thí và Quản lý chất lượng",
        ],
    ),
    (
        "SYT",
        "Sở Y tế",
        "Giám đốc Sở Y tế",
        [
            "Văn phòng Sở",
            "Phòng Nghiệp vụ Y",
            "Phòng Nghiệp vụ Dược",
            "Phòng Tổ chức cán bộ",
            "Phòng Kế hoạch – Tài chính",
        ],
    ),
    (
        "SXD",
        "Sở Xây dựng",
        "Giám đốc Sở Xây dựng",
        [
            "Văn phòng Sở",
            "Phòng Quản lý xây dựng",
            "Phòng Quy hoạch – Kiến trúc",
            "Phòng Quản lý giao thông",
        ],
    ),
    (
        "SNNMT",
        "Sở Nông nghiệp và Môi trường",
        "Giám đốc Sở Nông nghiệp và Môi trường",
        [
            "Văn phòng Sở",
            "Phòng Trồng trọt và Bảo vệ thực vật",
            "Phòng Quản lý đất đai",
            "Phòng Môi trường",
            "Chi cục Kiểm lâm",
            "Chi cục Thủy lợi",
        ],
    ),
    (
        "SCT",
        "Sở Công Thương",
        "Giám đốc Sở Công Thương",
        [
            "Văn phòng Sở",
            "Phòng Quản lý công nghiệp",
            "Phòng Quản lý thương mại",
            "Phòng Quản lý năng lượng",
        ],
    ),
    (
        "SKHCN",
        "Sở Khoa học và Công nghệ",
        "Giám đốc Sở Khoa học và Công nghệ",
        [
            "Văn phòng Sở",
            "Phòng Quản lý khoa học",
            "Phòng Chuyển đổi số",
            "Phòng Bưu chính, Viễn thông",
        ],
    ),
    (
        "SVHTTDL",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Giám đốc Sở Văn hóa, Thể thao và Du lịch",
        [
            "Văn phòng Sở",
            "Phòng Quản lý văn hóa và Gia đình",
            "Phòng Quản lý thể dục thể thao",
            "Phòng Quản lý du lịch",
        ],
    ),
    (
        "SDTTG",
        "Sở Dân tộc và Tôn giáo",
        "Giám đốc Sở Dân tộc và Tôn giáo",
        ["Văn phòng Sở", "Phòng Chính sách dân tộc", "Phòng Quản lý tôn giáo"],
    ),
    (
        "TTr",
        "Thanh tra tỉnh",
        "Chánh Thanh tra tỉnh",
        [
            "Văn phòng Thanh tra",
            "Phòng Thanh tra kinh tế – xã hội",
            "Phòng Tiếp công dân và Xử lý đơn thư",
            "Phòng Phòng, chống tham nhũng",
        ],
    ),
    (
        "BQLKCN",
        "Ban Quản lý các khu công nghiệp tỉnh",
        "Trưởng ban",
        ["Văn phòng Ban", "Phòng Quản lý đầu tư", "Phòng Quản lý lao động và môi trường"],
    ),
    (
        "VPĐĐBQH",
        "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
        "Chánh Văn phòng",
        [
            "Phòng Công tác Quốc hội",
            "Phòng Công tác Hội đồng nhân dân",
            "Phòng Hành chính, Tổ chức, Quản trị",
        ],
    ),
    (
        "MTTQ",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "Chủ tịch Ủy ban Mặt trận Tổ quốc tỉnh",
        ["Văn phòng", "Ban Tổ chức – Kiểm tra", "Ban Dân chủ – Pháp luật", "Ban Phong trào"],
    ),
    (
        "LĐLĐ",
        "Liên đoàn Lao động tỉnh",
        "Chủ tịch Liên đoàn Lao động tỉnh",
        ["Văn phòng", "Ban Tổ chức – Kiểm tra", "Ban Chính sách – Pháp luật"],
    ),
    (
        "TCT",
        "Trường Chính trị tỉnh",
        "Hiệu trưởng",
        [
            "Phòng Tổ chức – Hành chính",
            "Khoa Lý luận cơ sở",
            "Khoa Nhà nước và Pháp luật",
            "Khoa Xây dựng Đảng",
        ],
    ),
    (
        "BPTTH",
        "Báo và Phát thanh, Truyền hình tỉnh",
        "Tổng Biên tập",
        ["Ban Thời sự", "Ban Chuyên đề", "Ban Kỹ thuật – Công nghệ", "Phòng Hành chính – Trị sự"],
    ),
]

HOSPITALS = [
    (
        "Bệnh viện Đa khoa tỉnh",
        [
            "Khoa Khám bệnh",
            "Khoa Nội tổng hợp",
            "Khoa Ngoại tổng hợp",
            "Khoa Hồi sức tích cực – Chống độc",
            "Khoa Nhi",
            "Khoa Sản",
            "Khoa Xét nghiệm",
            "Khoa Chẩn đoán hình ảnh",
            "Phòng Kế hoạch tổng hợp",
            "Phòng Điều dưỡng",
        ],
    ),
    ("Bệnh viện Sản – Nhi tỉnh", ["Khoa Sản", "Khoa Nhi", "Khoa Sơ sinh", "Khoa Gây mê hồi sức"]),
    (
        "Bệnh viện Y học cổ truyền tỉnh",
        ["Khoa Châm cứu – Dưỡng sinh", "Khoa Nội", "Khoa Phục hồi chức năng"],
    ),
    ("Bệnh viện Phổi tỉnh", ["Khoa Lao", "Khoa Bệnh phổi"]),
]

STAFF_POSITIONS = {
    "office": Weighted(
        {
            "Chuyên viên": 60,
            "Chuyên viên chính": 15,
            "Kế toán": 5,
            "Nhân viên": 8,
            "Văn thư": 4,
            "Lái xe": 3,
        }
    ),
    "school": Weighted(
        {"Giáo viên": 88, "Kế toán": 3, "Nhân viên": 5, "Văn thư": 2, "Nhân viên y tế học đường": 2}
    ),
    "preschool": Weighted({"Giáo viên": 85, "Kế toán": 3, "Nhân viên nấu ăn": 8, "Nhân viên": 4}),
    "health": Weighted(
        {
            "Bác sĩ": 30,
            "Điều dưỡng": 40,
            "Hộ sinh": 6,
            "Kỹ thuật viên": 8,
            "Dược sĩ": 6,
            "Y sĩ": 4,
            "Kế toán": 3,
            "Nhân viên": 3,
        }
    ),
    "commune": Weighted(
        {
            "Công chức Văn hóa – Xã hội": 12,
            "Công chức Tài chính – Kế toán": 10,
            "Công chức Tư pháp – Hộ tịch": 10,
            "Công chức Địa chính – Xây dựng": 10,
            "Công chức Văn phòng – Thống kê": 10,
            "Chuyên viên": 40,
            "Nhân viên": 8,
        }
    ),
}
OLD_COMMUNE_POSITIONS = [
    "Công chức Văn hóa – Xã hội",
    "Công chức Tài chính – Kế toán",
    "Công chức Tư pháp – Hộ tịch",
    "Công chức Địa chính – Xây dựng",
    "Công chức Văn phòng – Thống kê",
]
DIRECT_WORKERS = {
    "Giáo viên",
    "Điều dưỡng",
    "Hộ sinh",
    "Kỹ thuật viên",
    "Y sĩ",
    "Nhân viên",
    "Nhân viên nấu ăn",
    "Lái xe",
    "Nhân viên y tế học đường",
}
FEMALE_SHARE = {"office": 0.45, "school": 0.72, "preschool": 0.97, "health": 0.65, "commune": 0.4}
DISCIPLINE_LEVELS = Weighted(
    {"khien_trach": 60, "canh_cao": 30, "ha_bac_luong": 5, "giang_chuc": 3, "cach_chuc": 2}
)
DISCIPLINE_REASONS = [
    "Vi phạm quy định về thời giờ làm việc",
    "Chậm trễ trong giải quyết hồ sơ thủ tục hành chính",
    "Vi phạm quy chế chuyên môn",
    "Thiếu trách nhiệm trong thực hiện nhiệm vụ được giao",
]
#: Honours decided by the Chairman of the provincial People's Committee.
PROVINCIAL = {"CSTD_TINH", "BK_TINH", "TTLDXS", "CO_TINH"}
#: Honours decided by the commune chairman even before the 2025 reform.
COMMUNE_LEVEL = {"GK", "GD_VAN_HOA", "THON_VAN_HOA"}
KIND_WORDS = ("Thành phố", "Thị xã", "Thị trấn", "Huyện", "Xã", "Phường", "Tỉnh")


def _lower_kind(name: str) -> str:
    """“Xã An Lạc” → “xã An Lạc” (inside “Ủy ban nhân dân xã An Lạc”)."""
    for word in KIND_WORDS:
        if name.startswith(word + " "):
            return word.lower() + name[len(word) :]
    return name


def _initials(name: str) -> str:
    words = [w for w in search_key(name).replace(",", " ").split() if w.isalnum()]
    return "".join(w[0] for w in words).upper()[:8] or "DV"


@dataclass(eq=False)
class Spec:
    """A unit before and after it is written: tree, staffing profile and authority links."""

    code: str
    name: str
    kind: str
    parent: Spec | None = None
    short_name: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    profile: str = ""  # staffing profile; "" = nobody works directly in the unit
    weight: float = 0.0
    heads: tuple[str, str] = ("Trưởng phòng", "Phó Trưởng phòng")
    abbr: str = "UBND"
    signer: str = ""
    sector: Spec | None = None  # nearest provincial department
    commune: Spec | None = None  # new (2025) commune whose subtree holds the unit
    district: Spec | None = None  # pre-2025 district of a new commune's predecessors
    old_commune: Spec | None = None  # pre-2025 commune of a village, school ...
    olds: list[Spec] = field(default_factory=list)  # predecessors of a new commune
    children: list[Spec] = field(default_factory=list)
    address: str = ""
    obj: Unit | None = None

    @property
    def is_old(self) -> bool:
        return self.valid_to is not None


@dataclass(eq=False)
class Issuer:
    spec: Spec
    name: str
    abbr: str
    signer_title: str
    level: str  # DecisionLevel
    issuer_level: str  # "xa" | "other" | "tinh" (Giấy khen bonus)


@dataclass
class PersonSpec:
    unit: Spec
    old_unit: Spec | None
    sex: str
    ethnicity: str
    birth: dt.date
    name: str
    position: str
    start: dt.date
    profile: str
    quality: str
    pk: int = 0


@dataclass
class Stats:
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: float = 0.0


class Builder:
    def __init__(
        self,
        *,
        people: int = 5000,
        seed: int = 2026,
        years: int = 10,
        today: dt.date | None = None,
        log: Callable[[str], None] | None = None,
    ):
        self.n_people = people
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        # The last achievement year whose decisions (mid-January next year) are already signed.
        last = (
            self.today.year - 1
            if self.today >= dt.date(self.today.year, 1, 26)
            else (self.today.year - 2)
        )
        self.years = list(range(last - years + 1, last + 1))
        self.log = log or (lambda _msg: None)
        self.stats = Stats()
        self.codes: set[str] = set()
        self.specs: list[Spec] = []
        self.issuers: dict[int, Issuer] = {}
        self.decisions: dict[tuple, tuple[int, dt.date, str | None]] = {}
        self.decision_numbers: dict[tuple, int] = {}
        self.sign_dates: dict[tuple, dt.date] = {}
        self.signers: dict[tuple, str] = {}
        self.rating_refs: dict[tuple, str] = {}
        self.unit_stats: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        self.cids: set[str] = set()
        self.initiative_seq = 0
        self.name_keys: dict[str, tuple[str, str, str]] = {}
        self.bonus_cache: dict[tuple, int | None] = {}
        self.award_templates: dict[tuple, tuple] = {}
        self.contexts: dict[tuple, tuple] = {}
        self.authorities: dict[tuple, Issuer] = {}
        self._load_catalog()
        self.w = Writer()
        self.t_decisions = Table(
            Decision,
            [
                "id",
                "number",
                "signed_on",
                "issuer_name",
                "issuer_unit",
                "signer_name",
                "signer_title",
                "level",
                "award_type",
                "regime",
                "summary",
                "attachment",
                "status",
                "revoked_reason",
                "source",
            ],
        )
        self.t_people = Table(
            Person,
            [
                "id",
                "full_name",
                "birth_date",
                "birth_year",
                "sex",
                "ethnicity",
                "citizen_id",
                "position",
                "unit",
                "employment_start",
                "direct_worker",
                "phone",
                "email",
                "is_active",
                "note",
                "search_key",
                "sort_key",
                "family_sort_key",
            ],
        )
        self.t_assignments = Table(
            Assignment, ["person", "unit", "position", "start", "end", "reason"]
        )
        self.t_tokens = Table(PersonToken, ["person", "token"])
        self.t_households = Table(
            Household, ["id", "head_name", "address", "unit", "search_key", "sort_key"]
        )
        subject = ["subject_kind", "person", "collective", "household"]
        award_fields = [
            *subject,
            "honour",
            "award_type",
            "year_from",
            "year_to",
            "decision",
            "unit_at_time",
            "issuer_level",
            "bonus_amount",
            "achievement",
            "status",
            "revoked_reason",
            "source",
        ]
        self.t_awards = Table(AwardRecord, award_fields)
        self.t_awards_id = Table(AwardRecord, ["id", *award_fields])
        self.t_ratings = Table(
            YearlyRating,
            [
                *subject,
                "year",
                "rating",
                "unit_at_time",
                "months_in_service",
                "decision_ref",
                "note",
                "status",
                "source",
            ],
        )
        self.t_initiatives = Table(
            Initiative,
            [
                "id",
                "kind",
                "code",
                "title",
                "year",
                "scope",
                "unit",
                "recognised_by",
                "recognised_on",
                "used_for",
                "status",
            ],
        )
        self.t_authors = Table(Initiative.authors.through, ["initiative", "person"])
        self.t_discipline = Table(
            DisciplineRecord,
            [*subject, "state", "level", "start", "end", "decision_ref", "reason", "unit_at_time"],
        )

    # ------------------------------------------------------------------ catalogue (law as data)
    def _load_catalog(self) -> None:
        self.regimes = list(Regime.objects.order_by("valid_from"))
        self.base_salaries = sorted(
            BaseSalary.objects.values_list("valid_from", "amount"), key=lambda r: r[0]
        )
        self.coefficients = {
            (c.regime_id, c.honour_id, c.subject_kind, c.issuer_level): c.coefficient
            for c in BonusCoefficient.objects.all()
        }
        self.honour_names = dict(Honour.objects.values_list("code", "name"))
        self.honour_category = dict(Honour.objects.values_list("code", "category"))

    def regime_on(self, on: dt.date) -> Regime | None:
        for regime in reversed(self.regimes):
            if (regime.valid_from is None or regime.valid_from <= on) and (
                regime.valid_to is None or on <= regime.valid_to
            ):
                return regime
        return None

    def bonus(
        self, honour: str, subject_kind: str, issuer_level: str, on: dt.date, regime: str | None
    ) -> int | None:
        """Coefficient × base salary on the decision date, rounded up to 10,000 đồng."""
        key = (honour, subject_kind, issuer_level, on, regime)
        if key in self.bonus_cache:
            return self.bonus_cache[key]
        amount = None
        coef = self.coefficients.get((regime, honour, subject_kind, issuer_level))
        if coef is None:
            coef = self.coefficients.get((regime, honour, subject_kind, ""))
        base = None
        for valid_from, value in self.base_salaries:
            if valid_from <= on:
                base = value
        if regime is not None and coef is not None and base is not None:
            amount = math.ceil(Decimal(coef) * base / 10_000) * 10_000
        self.bonus_cache[key] = amount
        return amount

    # ---------------------------------------------------------------------------- unit tree
    def _code(self, parent: Spec | None, token: str) -> str:
        base = f"{parent.code}.{token}" if parent else token
        code, n = base, 1
        while code in self.codes:
            n += 1
            code = f"{base}{n}"
        self.codes.add(code)
        return code

    def _spec(self, name: str, kind: str, parent: Spec | None, token: str = "", **kw) -> Spec:
        spec = Spec(
            code=self._code(parent, token or _initials(name)),
            name=name,
            kind=kind,
            parent=parent,
            **kw,
        )
        if parent is not None:
            parent.children.append(spec)
            spec.sector = spec.sector or parent.sector
            spec.commune = spec.commune or parent.commune
            spec.district = spec.district or parent.district
            spec.old_commune = spec.old_commune or parent.old_commune
        self.specs.append(spec)
        return spec

    def plan_units(self) -> None:
        rng = self.rng
        self.province = province = self._spec(
            PROVINCE_NAME, UnitKind.TINH, None, PROVINCE_CODE, short_name="Hòa Bình Xanh"
        )
        place_taken: set[str] = set()
        for abbr, name, signer, offices in DEPARTMENTS:
            dept = self._spec(
                name, UnitKind.SO_NGANH, province, _initials(abbr), abbr=abbr, signer=signer
            )
            dept.sector = dept
            for office in offices:
                heads = ("Trưởng phòng", "Phó Trưởng phòng")
                if office.startswith("Văn phòng"):
                    heads = ("Chánh Văn phòng", "Phó Chánh Văn phòng")
                elif office.startswith("Ban"):
                    heads = ("Trưởng ban", "Phó Trưởng ban")
                elif office.startswith("Khoa"):
                    heads = ("Trưởng khoa", "Phó Trưởng khoa")
                elif office.startswith(("Chi cục", "Trung tâm")):
                    heads = (
                        ("Chi cục trưởng", "Phó Chi cục trưởng")
                        if "Chi cục" in office
                        else ("Giám đốc", "Phó Giám đốc")
                    )
                self._spec(
                    office, UnitKind.PHONG_BAN, dept, profile="office", weight=8, heads=heads
                )
            if abbr == "SGDĐT":
                self._spec(
                    f"Trường THPT Chuyên {province.short_name}",
                    UnitKind.SU_NGHIEP,
                    dept,
                    "THPTC",
                    profile="school",
                    weight=70,
                    heads=("Hiệu trưởng", "Phó Hiệu trưởng"),
                )
                for patron in names.SCHOOL_PATRONS[:12]:
                    self._spec(
                        f"Trường THPT {patron}",
                        UnitKind.SU_NGHIEP,
                        dept,
                        "THPT" + _initials(patron),
                        profile="school",
                        weight=60,
                        heads=("Hiệu trưởng", "Phó Hiệu trưởng"),
                    )
                self._spec(
                    "Trung tâm Giáo dục thường xuyên tỉnh",
                    UnitKind.SU_NGHIEP,
                    dept,
                    "GDTX",
                    profile="school",
                    weight=25,
                    heads=("Giám đốc", "Phó Giám đốc"),
                )
            if abbr == "SYT":
                regional = [
                    (
                        f"Bệnh viện Đa khoa khu vực {p}",
                        ["Khoa Khám bệnh", "Khoa Nội", "Khoa Ngoại", "Khoa Sản – Nhi"],
                    )
                    for p in names.place_names(rng, 2, place_taken)
                ]
                for hospital, wards in HOSPITALS + regional:
                    h = self._spec(
                        hospital,
                        UnitKind.SU_NGHIEP,
                        dept,
                        profile="health",
                        weight=3,
                        heads=("Giám đốc", "Phó Giám đốc"),
                    )
                    for ward in wards:
                        heads = (
                            ("Trưởng phòng", "Phó Trưởng phòng")
                            if ward.startswith("Phòng")
                            else ("Trưởng khoa", "Phó Trưởng khoa")
                        )
                        self._spec(
                            ward, UnitKind.PHONG_BAN, h, profile="health", weight=30, heads=heads
                        )
                self._spec(
                    "Trung tâm Kiểm soát bệnh tật tỉnh",
                    UnitKind.SU_NGHIEP,
                    dept,
                    "CDC",
                    profile="health",
                    weight=50,
                    heads=("Giám đốc", "Phó Giám đốc"),
                )
        self._plan_communes(place_taken)

    def _plan_communes(self, place_taken: set[str]) -> None:
        rng, province = self.rng, self.province
        end = REFORM_DATE - dt.timedelta(days=1)
        # (kind word of the district, number of new communes formed from its communes)
        plan = [
            ("Huyện", 8),
            ("Huyện", 8),
            ("Huyện", 8),
            ("Huyện", 7),
            ("Huyện", 7),
            ("Huyện", 7),
            ("Thị xã", 7),
            ("Thành phố", 8),
        ]
        district_names = names.place_names(rng, len(plan), place_taken)
        self.communes: list[Spec] = []
        first = True
        for (word, n_new), dname in zip(plan, district_names, strict=True):
            district = self._spec(
                f"{word} {dname}", UnitKind.HUYEN, province, f"H{len(self.codes):03d}", valid_to=end
            )
            for i in range(n_new):
                is_ward = word == "Thành phố" or (word == "Thị xã" and i < 4)
                n_old = rng.choice((2, 3, 3, 3, 4)) if not first else 3
                olds = []
                for j, oname in enumerate(names.place_names(rng, n_old, place_taken)):
                    if word == "Thành phố" or (is_ward and j == 0):
                        oword = "Phường"
                    elif word == "Huyện" and i == 0 and j == 0:
                        oword = "Thị trấn"
                    else:
                        oword = "Xã"
                    old = self._spec(
                        f"{oword} {oname}",
                        UnitKind.XA,
                        district,
                        f"{'P' if oword == 'Phường' else 'X'}{len(self.codes):03d}",
                        valid_to=end,
                        profile="commune",
                        weight=0,
                        heads=(
                            f"Chủ tịch Ủy ban nhân dân {oword.lower()}",
                            f"Phó Chủ tịch Ủy ban nhân dân {oword.lower()}",
                        ),
                    )
                    olds.append(old)
                if first:
                    new_name = "An Lạc"
                    place_taken.add(new_name)
                elif rng.random() < 0.4:
                    new_name = olds[0].name.split(" ", 1)[1]
                else:
                    new_name = names.place_names(rng, 1, place_taken)[0]
                word_new = "Phường" if is_ward else "Xã"
                commune = self._spec(
                    f"{word_new} {new_name}",
                    UnitKind.XA,
                    province,
                    f"{'P' if is_ward else 'X'}{len(self.communes) + 1:03d}",
                    valid_from=REFORM_DATE,
                    profile="commune",
                    weight=3,
                    heads=(
                        f"Chủ tịch Ủy ban nhân dân {word_new.lower()}",
                        f"Phó Chủ tịch Ủy ban nhân dân {word_new.lower()}",
                    ),
                    address=f"{word_new} {new_name}, {PROVINCE_NAME}",
                )
                commune.commune, commune.district, commune.olds = commune, district, olds
                commune.old_commune = olds[0]
                self.communes.append(commune)
                self._plan_commune_units(commune, is_ward, new_name)
                first = False

    def _plan_commune_units(self, commune: Spec, is_ward: bool, place: str) -> None:
        rng = self.rng
        word = "phường" if is_ward else "xã"
        offices = [
            (
                "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
                "VP",
                10,
                ("Chánh Văn phòng", "Phó Chánh Văn phòng"),
            ),
            (
                "Phòng Kinh tế, Hạ tầng và Đô thị" if is_ward else "Phòng Kinh tế",
                "PKT",
                8,
                ("Trưởng phòng", "Phó Trưởng phòng"),
            ),
            ("Phòng Văn hóa – Xã hội", "PVHXH", 8, ("Trưởng phòng", "Phó Trưởng phòng")),
            ("Trung tâm Phục vụ hành chính công", "TTHCC", 5, ("Giám đốc", "Phó Giám đốc")),
        ]
        for name, token, weight, heads in offices:
            self._spec(
                name,
                UnitKind.PHONG_BAN,
                commune,
                token,
                profile="commune",
                weight=weight,
                heads=heads,
            )
        school_heads = ("Hiệu trưởng", "Phó Hiệu trưởng")
        for prefix, token, profile, weight in (
            ("Trường Mầm non", "MN", "preschool", 25),
            ("Trường Tiểu học", "TH", "school", 35),
            ("Trường THCS", "THCS", "school", 40),
        ):
            self._spec(
                f"{prefix} {place}",
                UnitKind.SU_NGHIEP,
                commune,
                token,
                profile=profile,
                weight=weight,
                heads=school_heads,
                old_commune=rng.choice(commune.olds),
            )
        self._spec(
            f"Trạm Y tế {word} {place}",
            UnitKind.SU_NGHIEP,
            commune,
            "TYT",
            profile="health",
            weight=7,
            heads=("Trạm trưởng", "Phó Trạm trưởng"),
        )
        if rng.random() < 0.35 or commune is self.communes[0]:
            n = rng.randint(4, 8)
            if is_ward:
                village_names = [f"Tổ dân phố số {i}" for i in range(1, n + 1)]
            else:
                pool = [
                    "Đông",
                    "Tây",
                    "Nam",
                    "Bắc",
                    "Trung",
                    "Thượng",
                    "Hạ",
                    "Đồng Tâm",
                    "Tân Lập",
                    "Hòa Bình",
                    "Quyết Tiến",
                    "Thống Nhất",
                ]
                village_names = [f"Thôn {v}" for v in rng.sample(pool, n)]
            for i, vname in enumerate(village_names, 1):
                self._spec(
                    vname,
                    UnitKind.THON,
                    commune,
                    f"T{i:02d}",
                    old_commune=commune.olds[i % len(commune.olds)],
                    address=f"{vname}, {commune.name}, {PROVINCE_NAME}",
                )

    def write_units(self) -> None:
        by_depth: dict[int, list[Spec]] = defaultdict(list)

        def depth(spec: Spec) -> int:
            return 0 if spec.parent is None else depth(spec.parent) + 1

        for spec in self.specs:
            by_depth[depth(spec)].append(spec)
        for d in sorted(by_depth):
            objs = []
            for spec in by_depth[d]:
                unit = Unit(
                    code=spec.code.upper(),
                    name=spec.name,
                    short_name=spec.short_name,
                    kind=spec.kind,
                    parent=spec.parent.obj if spec.parent else None,
                    valid_from=spec.valid_from,
                    valid_to=spec.valid_to,
                    address=spec.address,
                    depth=d,
                    search_key=search_key(f"{spec.name} {spec.short_name} {spec.code.upper()}"),
                    sort_key=vi_sort_string(spec.name),
                )
                spec.obj = unit
                objs.append(unit)
            Unit.objects.bulk_create(objs, batch_size=BATCH)
            for spec in by_depth[d]:
                parent_path = spec.parent.obj.path if spec.parent else ""
                spec.obj.path = f"{parent_path}{spec.obj.pk:0{SEGMENT}d}."
            Unit.objects.bulk_update([s.obj for s in by_depth[d]], ["path"], batch_size=1000)
        links = [
            UnitSuccession(
                predecessor=old.obj,
                successor=commune.obj,
                kind=SuccessionKind.MERGE,
                date=REFORM_DATE,
                decision_ref=MERGE_REF,
                note="Sắp xếp đơn vị hành chính cấp xã năm 2025",
            )
            for commune in self.communes
            for old in commune.olds
        ]
        UnitSuccession.objects.bulk_create(links)
        self.stats.counts["units"] = len(self.specs)
        self.stats.counts["successions"] = len(links)

    # ----------------------------------------------------------------------------- issuers
    def issuer(self, spec: Spec) -> Issuer:
        found = self.issuers.get(id(spec))
        if found is not None:
            return found
        if spec.kind == UnitKind.TINH:
            found = Issuer(
                spec,
                f"Ủy ban nhân dân {_lower_kind(spec.name)}",
                "UBND",
                "Chủ tịch Ủy ban nhân dân tỉnh",
                "tinh",
                "tinh",
            )
        elif spec.kind == UnitKind.SO_NGANH:
            found = Issuer(spec, spec.name, spec.abbr, spec.signer, "co_so", "other")
        elif spec.kind == UnitKind.HUYEN:
            found = Issuer(
                spec,
                f"Ủy ban nhân dân {_lower_kind(spec.name)}",
                "UBND",
                f"Chủ tịch Ủy ban nhân dân {_lower_kind(spec.name).split()[0]}",
                "co_so",
                "other",
            )
        else:  # commune or ward, old or new
            found = Issuer(
                spec,
                f"Ủy ban nhân dân {_lower_kind(spec.name)}",
                "UBND",
                spec.heads[0],
                "co_so",
                "xa",
            )
        self.issuers[id(spec)] = found
        return found

    def authority(self, spec: Spec, year: int, honour: str) -> Issuer:
        """Who decides `honour` for a subject of `spec` for achievement year `year`."""
        key = (id(spec), year, honour)
        found = self.authorities.get(key)
        if found is None:
            found = self.authorities[key] = self._authority(spec, year, honour)
        return found

    def _authority(self, spec: Spec, year: int, honour: str) -> Issuer:
        if honour in PROVINCIAL or spec.kind == UnitKind.TINH:
            return self.issuer(self.province)
        local = honour in COMMUNE_LEVEL
        if spec.kind == UnitKind.XA and spec.is_old:
            return self.issuer(spec if local else spec.parent)
        if spec.commune is not None:
            if spec is spec.commune and honour == "TTLDTT":
                return self.issuer(self.province)
            if year >= REFORM_YEAR:
                return self.issuer(spec.commune)
            return self.issuer(spec.old_commune if local else spec.district)
        if spec.sector is not None:
            if spec is spec.sector:
                return self.issuer(self.province)
            return self.issuer(spec.sector)
        return self.issuer(self.province)

    def sign_date(self, issuer: Issuer, year: int) -> dt.date:
        key = (id(issuer), year)
        found = self.sign_dates.get(key)
        if found is None:
            found = dt.date(year + 1, 1, self.rng.randint(12, 20))
            while found.weekday() >= 5:
                found += dt.timedelta(days=1)
            self.sign_dates[key] = found
        return found

    def signer(self, issuer: Issuer, year: int) -> str:
        key = (id(issuer), year // 5)
        found = self.signers.get(key)
        if found is None:
            sex = "M" if self.rng.random() < 0.7 else "F"
            found = self.signers[key] = names.full_name(self.rng, sex, "Kinh", 1970)
        return found

    def decision(
        self, issuer: Issuer, year: int, honour: str, award_type: str = "cong_trang"
    ) -> tuple[int, dt.date, str | None]:
        """(id, signed_on, regime) of the decision of `issuer` on `honour` for `year`."""
        key = (id(issuer), year, honour, award_type)
        found = self.decisions.get(key)
        if found is not None:
            return found
        nkey = (id(issuer), year)
        number = self.decision_numbers.get(nkey) or self.rng.randint(3, 90)
        self.decision_numbers[nkey] = number + self.rng.randint(1, 6)
        signed_on = self.sign_date(issuer, year)
        regime = self.regime_on(signed_on)
        title = self.honour_names.get(honour, honour)
        if self.honour_category.get(honour) == "title":
            summary = f"Về việc tặng danh hiệu “{title}” năm {year}"
        elif honour == "GK" and award_type == "chuyen_de":
            summary = (
                f"Về việc tặng Giấy khen cho cá nhân có thành tích xuất sắc trong phong "
                f"trào thi đua năm {year}"
            )
        else:
            summary = f"Về việc tặng {title} cho các cá nhân có thành tích năm {year}"
        pk = self.w.next_id(Decision)
        regime_code = regime.code if regime else None
        self.t_decisions.add(
            (
                pk,
                f"{number}/QĐ-{issuer.abbr}",
                self.w.date(signed_on),
                issuer.name,
                issuer.spec.obj.pk,
                self.signer(issuer, year),
                issuer.signer_title,
                issuer.level,
                award_type,
                regime_code,
                summary,
                "",
                VALID,
                "",
                DEMO,
            )
        )
        found = self.decisions[key] = (pk, signed_on, regime_code)
        return found

    def rating_ref(self, issuer: Issuer, year: int) -> str:
        key = (id(issuer), year)
        found = self.rating_refs.get(key)
        if found is None:
            day = self.rng.randint(15, 30)
            found = (
                f"Quyết định số {self.rng.randint(200, 900)}/QĐ-{issuer.abbr} ngày "
                f"{day:02d}/12/{year} của {issuer.name}"
            )[:200]
            self.rating_refs[key] = found
        return found

    def award(
        self,
        *,
        subject: tuple,
        honour: str,
        year: int,
        spec: Spec,
        year_from: int | None = None,
        award_type: str = "cong_trang",
        achievement: str = "",
        need_id: bool = False,
    ) -> int | None:
        """Queue an award row; with `need_id`, reserve and return its id (for initiatives)."""
        key = (id(spec), year, honour, award_type, subject[0])
        found = self.award_templates.get(key)
        if found is None:
            issuer = self.authority(spec, year, honour)
            decision_id, signed_on, regime = self.decision(issuer, year, honour, award_type)
            issuer_level = issuer.issuer_level if honour == "GK" else ""
            found = self.award_templates[key] = (
                decision_id,
                spec.obj.pk,
                issuer_level,
                self.bonus(honour, subject[0], issuer_level, signed_on, regime),
            )
        decision_id, unit_id, issuer_level, bonus = found
        row = (
            *subject,
            honour,
            award_type,
            year_from or year,
            year,
            decision_id,
            unit_id,
            issuer_level,
            bonus,
            achievement,
            VALID,
            "",
            DEMO,
        )
        if need_id:
            pk = self.w.next_id(AwardRecord)
            self.t_awards_id.add((pk, *row))
            return pk
        self.t_awards.add(row)
        return None

    def year_context(self, spec: Spec, year: int) -> tuple[bool, str, int, list[int]]:
        """(old regime?, rating reference, unit id, unit statistics) of `spec` in `year`."""
        key = (id(spec), year)
        found = self.contexts.get(key)
        if found is None:
            regime = self.regime_on(self.sign_date(self.authority(spec, year, "LDTT"), year))
            found = self.contexts[key] = (
                regime is None or regime.code == "decree91",
                self.rating_ref(self.authority(spec, year, "GK"), year),
                spec.obj.pk,
                self.unit_stats[key],
            )
        return found

    # ------------------------------------------------------------------------------ people
    def _keys(self, full_name: str) -> tuple[str, str, str]:
        found = self.name_keys.get(full_name)
        if found is None:
            found = self.name_keys[full_name] = (
                search_key(full_name),
                person_sort_string(full_name, given_first=True),
                person_sort_string(full_name, given_first=False),
            )
        return found

    def _staff_counts(self) -> list[tuple[Spec, int]]:
        staffed = [s for s in self.specs if s.weight > 0 and not s.is_old]
        total = sum(s.weight for s in staffed)
        shares = [(s, self.n_people * s.weight / total) for s in staffed]
        counts = {id(s): int(share) for s, share in shares}
        rest = self.n_people - sum(counts.values())
        by_fraction = sorted(
            shares, key=lambda p: (p[1] - int(p[1]), self.rng.random()), reverse=True
        )
        for s, _share in by_fraction[:rest]:
            counts[id(s)] += 1
        return [(s, counts[id(s)]) for s in staffed if counts[id(s)]]

    def plan_people(self) -> Iterable[PersonSpec]:
        rng = self.rng
        latest_start = self.today - dt.timedelta(days=30)
        for spec, n in self._staff_counts():
            births = sorted(
                names.random_date(rng, dt.date(1965, 1, 1), dt.date(2002, 12, 31)) for _ in range(n)
            )
            # Small samples (few people per unit) keep mostly staff, not only unit heads.
            head_at = rng.randrange(max(1, n // 3)) if n >= 3 or rng.random() < 0.3 else -1
            deputies = 0 if n < 4 else (1 if n < 15 else 2)
            deputy_at = {(head_at + k) % n for k in range(1, deputies + 1)}
            for i, birth in enumerate(births):
                profile = spec.profile
                sex = "F" if rng.random() < FEMALE_SHARE[profile] else "M"
                ethnicity = names.ETHNICITY(rng)
                if i == head_at:
                    position = spec.heads[0]
                elif i in deputy_at:
                    position = spec.heads[1]
                else:
                    position = STAFF_POSITIONS[profile](rng)
                age = rng.randint(24, 32) if position == "Bác sĩ" else rng.randint(21, 30)
                start = dt.date(birth.year + age, rng.randint(1, 12), 1)
                if start > latest_start:
                    start = latest_start.replace(day=1)
                old = None
                if (
                    spec.commune is not None
                    and spec.kind in (UnitKind.XA, UnitKind.PHONG_BAN)
                    and start < REFORM_DATE
                ):
                    old = rng.choice(spec.commune.olds)
                yield PersonSpec(
                    unit=spec,
                    old_unit=old,
                    sex=sex,
                    ethnicity=ethnicity,
                    birth=birth,
                    name=names.full_name(rng, sex, ethnicity, birth.year),
                    position=position,
                    start=start,
                    profile=profile,
                    quality=names.QUALITY(rng),
                )

    def _citizen_id(self, p: PersonSpec) -> str | None:
        if self.rng.random() >= 0.7:
            return None
        while True:
            cid = names.citizen_id(self.rng, CID_PREFIX, p.sex, p.birth.year)
            if cid not in self.cids:
                self.cids.add(cid)
                return cid

    def add_people(self, batch: list[PersonSpec]) -> None:
        rng, d = self.rng, self.w.date
        for p in batch:
            p.pk = self.w.next_id(Person)
            skey, sort_key, family_key = self._keys(p.name)
            self.t_people.add(
                (
                    p.pk,
                    p.name,
                    d(p.birth),
                    p.birth.year,
                    p.sex,
                    p.ethnicity,
                    self._citizen_id(p),
                    p.position,
                    p.unit.obj.pk,
                    d(p.start),
                    p.position in DIRECT_WORKERS,
                    f"09{rng.randrange(10**8):08d}" if rng.random() < 0.5 else "",
                    "",
                    True,
                    "",
                    skey,
                    sort_key,
                    family_key,
                )
            )
            for token in name_tokens(skey):
                self.t_tokens.add((p.pk, token))
            if p.old_unit is not None:
                if p.unit.kind == UnitKind.XA and p.position in p.unit.heads:
                    old_position = p.old_unit.heads[p.unit.heads.index(p.position)]
                elif p.position.startswith("Công chức"):
                    old_position = p.position
                else:
                    old_position = rng.choice(OLD_COMMUNE_POSITIONS)
                self.t_assignments.add(
                    (
                        p.pk,
                        p.old_unit.obj.pk,
                        old_position,
                        d(p.start),
                        d(REFORM_DATE - dt.timedelta(days=1)),
                        "",
                    )
                )
                self.t_assignments.add(
                    (
                        p.pk,
                        p.unit.obj.pk,
                        p.position,
                        d(REFORM_DATE),
                        None,
                        f"Sắp xếp đơn vị hành chính cấp xã ({MERGE_REF})",
                    )
                )
            else:
                self.t_assignments.add((p.pk, p.unit.obj.pk, p.position, d(p.start), None, ""))

    def add_history(self, batch: list[PersonSpec]) -> None:
        by_unit: dict[int, list[PersonSpec]] = defaultdict(list)
        for p in batch:
            by_unit[id(p.unit)].append(p)
        for p in batch:
            self._person_history(p, by_unit[id(p.unit)])

    def _initiative(
        self,
        p: PersonSpec,
        spec: Spec,
        year: int,
        scope: str,
        *,
        colleagues: list[PersonSpec],
        used_for: int | None = None,
    ) -> None:
        rng = self.rng
        self.initiative_seq += 1
        pk = self.w.next_id(Initiative)
        issuer = self.issuer(self.province) if scope == "tinh" else self.authority(spec, year, "GK")
        recognised_on = names.random_date(rng, dt.date(year, 10, 15), dt.date(year, 12, 20))
        profile = {
            "preschool": "preschool",
            "school": "school",
            "health": "health",
            "commune": "commune",
        }.get(spec.profile or p.profile, "office")
        place = _lower_kind(spec.name if spec.kind != UnitKind.PHONG_BAN else spec.parent.name)
        self.t_initiatives.add(
            (
                pk,
                "sang_kien" if rng.random() < 0.9 else "de_tai",
                f"SK-{year}-{self.initiative_seq:06d}",
                names.initiative_title(rng, profile, place)[:500],
                year,
                scope,
                spec.obj.pk,
                (
                    f"Quyết định số {rng.randint(100, 999)}/QĐ-{issuer.abbr} ngày "
                    f"{recognised_on:%d/%m/%Y} của {issuer.name}"
                )[:255],
                self.w.date(recognised_on),
                used_for,
                VALID,
            )
        )
        self.t_authors.add((pk, p.pk))
        if len(colleagues) > 1 and rng.random() < 0.2:
            other = rng.choice(colleagues)
            # A co-author worked in the same unit that year.
            same_unit = year >= REFORM_YEAR or other.old_unit is p.old_unit
            if other is not p and other.start.year <= year and same_unit:
                self.t_authors.add((pk, other.pk))

    def _person_history(self, p: PersonSpec, colleagues: list[PersonSpec]) -> None:
        rng, d = self.rng, self.w.date
        subject = ("individual", p.pk, None, None)
        probs = names.RATING_BY_QUALITY[p.quality]
        cut1, cut2, cut3 = probs[0], probs[0] + probs[1], probs[0] + probs[1] + probs[2]
        chain: list[int] = []  # consecutive CSTĐCS years not yet used for a CSTĐ tỉnh
        cstdcs_years: set[int] = set()
        htxs_streak, last_bk, last_discipline = 0, -99, -99
        for year in self.years:
            if p.start > dt.date(year, 12, 31):
                continue
            months = 12 if p.start.year < year else 13 - p.start.month
            spec = p.old_unit if (p.old_unit is not None and year < REFORM_YEAR) else p.unit
            old_regime, rating_ref, unit_id, unit_stat = self.year_context(spec, year)
            unit_stat[0] += 1
            disciplined = (
                year > p.start.year and year - last_discipline > 2 and rng.random() < 0.004
            )
            if disciplined:
                last_discipline = year
                # Decree 48/2023: disciplined in the year → not completing tasks.
                rating = "KHTNV" if year >= 2023 else "HTNV"
                level = DISCIPLINE_LEVELS(rng)
                start = names.random_date(rng, dt.date(year, 2, 1), dt.date(year, 10, 31))
                end = start + dt.timedelta(days=364)
                issuer = self.authority(spec, year, "LDTT")
                self.t_discipline.add(
                    (
                        *subject,
                        DisciplineState.ENDED if end < self.today else DisciplineState.IN_FORCE,
                        level,
                        d(start),
                        d(end),
                        (
                            f"Quyết định số {rng.randint(10, 500)}/QĐ-{issuer.abbr} ngày "
                            f"{start:%d/%m/%Y} của {issuer.name}"
                        )[:200],
                        rng.choice(DISCIPLINE_REASONS),
                        spec.obj.pk,
                    )
                )
                if level != "khien_trach":
                    unit_stat[4] += 1
            else:
                r = rng.random()
                rating = (
                    "HTXSNV"
                    if r < cut1
                    else "HTTNV"
                    if r < cut2
                    else "HTNV"
                    if r < cut3
                    else "KHTNV"
                )
            if rating == "KHTNV":
                unit_stat[3] += 1
            self.t_ratings.add(
                (*subject, year, rating, unit_id, months, rating_ref, "", VALID, DEMO)
            )
            htxs_streak = htxs_streak + 1 if rating == "HTXSNV" else 0
            # LĐTT: HTTNV or better, enough months in the year (10 under Decree 91, else 6),
            # no discipline.
            min_months = 10 if old_regime else 6
            if rating not in ("HTXSNV", "HTTNV") or months < min_months or disciplined:
                chain = []
                continue
            self.award(subject=subject, honour="LDTT", year=year, spec=spec)
            unit_stat[1] += 1
            # CSTĐCS: LĐTT + HTXSNV or an initiative (an initiative is mandatory before 2024).
            candidate = rating == "HTXSNV" or rng.random() < 0.02
            p_cs = 0.8 if chain and chain[-1] == year - 1 else 0.5
            if candidate and rng.random() < p_cs:
                needs_initiative = old_regime or rating != "HTXSNV"
                cs = self.award(
                    subject=subject, honour="CSTDCS", year=year, spec=spec, need_id=needs_initiative
                )
                unit_stat[2] += 1
                cstdcs_years.add(year)
                if needs_initiative:
                    self._initiative(p, spec, year, "co_so", colleagues=colleagues, used_for=cs)
                chain = [*chain, year] if chain and chain[-1] == year - 1 else [year]
            else:
                chain = []
            # CSTĐ tỉnh: 3 consecutive CSTĐCS + an initiative of provincial scope.
            if len(chain) >= 3 and rng.random() < 0.5:
                cstd = self.award(
                    subject=subject,
                    honour="CSTD_TINH",
                    year=year,
                    spec=spec,
                    year_from=year - 2,
                    need_id=True,
                )
                self._initiative(p, spec, year, "tinh", colleagues=colleagues, used_for=cstd)
                chain = []
            # Bằng khen tỉnh: 2 consecutive CSTĐCS (or HTXSNV) + 2 fresh initiatives.
            elif (
                ({year - 1, year} <= cstdcs_years or htxs_streak >= 2)
                and year - last_bk >= 5
                and rng.random() < 0.3
            ):
                bk = self.award(
                    subject=subject,
                    honour="BK_TINH",
                    year=year,
                    spec=spec,
                    year_from=year - 1,
                    achievement=(
                        f"Đã có thành tích xuất sắc trong công tác từ năm {year - 1} "
                        f"đến năm {year}, góp phần vào sự nghiệp xây dựng và phát triển "
                        "tỉnh"
                    ),
                    need_id=True,
                )
                for y in (year - 1, year):
                    prev = p.old_unit if (p.old_unit is not None and y < REFORM_YEAR) else p.unit
                    self._initiative(p, prev, y, "co_so", colleagues=colleagues, used_for=bk)
                last_bk = year
            # Giấy khen of the head of the unit.
            if rng.random() < 0.08:
                thematic = rng.random() < 0.25
                text = (
                    f"Đã có thành tích xuất sắc trong phong trào thi đua "
                    f"“{rng.choice(names.EMULATION_MOVEMENTS)}” năm {year}"
                    if thematic
                    else f"Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {year}"
                )
                self.award(
                    subject=subject,
                    honour="GK",
                    year=year,
                    spec=spec,
                    award_type="chuyen_de" if thematic else "cong_trang",
                    achievement=text,
                )
            # An initiative not (yet) used for any award.
            if rating == "HTXSNV" and rng.random() < 0.08:
                self._initiative(p, spec, year, "co_so", colleagues=colleagues)

    def flush(self) -> None:
        self.w.flush(
            self.t_decisions,
            self.t_people,
            self.t_tokens,
            self.t_households,
            self.t_awards_id,
            self.t_awards,
            self.t_initiatives,
            self.t_authors,
            self.t_ratings,
            self.t_assignments,
            self.t_discipline,
        )

    # -------------------------------------------------------------------------- households
    def add_households(self) -> None:
        rng = self.rng
        villages = [s for s in self.specs if s.kind == UnitKind.THON]
        if not villages:
            return
        per_village = max(3, self.n_people // 8 // len(villages))
        households: list[tuple[int, Spec]] = []
        for village in villages:
            for _ in range(rng.randint(per_village * 2 // 3, per_village * 4 // 3 + 1)):
                sex = "M" if rng.random() < 0.8 else "F"
                head = names.full_name(rng, sex, names.ETHNICITY(rng), rng.randint(1945, 1995))
                skey, sort_key, _family = self._keys(head)
                pk = self.w.next_id(Household)
                self.t_households.add((pk, head, village.address, village.obj.pk, skey, sort_key))
                households.append((pk, village))
        for year in self.years:
            for pk, village in households:
                if rng.random() < 0.75:
                    self.award(
                        subject=("household", None, None, pk),
                        honour="GD_VAN_HOA",
                        year=year,
                        spec=village,
                    )
            for village in villages:
                if rng.random() < 0.5:
                    self.award(
                        subject=("collective", None, village.obj.pk, None),
                        honour="THON_VAN_HOA",
                        year=year,
                        spec=village,
                    )
            if len(self.t_awards.rows) > 20 * BATCH:
                self.flush()

    # ------------------------------------------------------------------------- collectives
    def add_collectives(self) -> None:
        rng = self.rng
        candidates = [
            s
            for s in self.specs
            if s.kind in (UnitKind.PHONG_BAN, UnitKind.SU_NGHIEP, UnitKind.XA, UnitKind.SO_NGANH)
        ]
        for year in self.years:
            flag_candidates = []
            for spec in candidates:
                if spec.valid_from and spec.valid_from.year > year:
                    continue
                if spec.valid_to and spec.valid_to.year < year:
                    continue
                members = [spec, *(c for c in spec.children if c.kind == UnitKind.PHONG_BAN)]
                total = [0, 0, 0, 0, 0]
                for m in members:
                    stat = self.unit_stats.get((id(m), year))
                    if stat:
                        total = [a + b for a, b in zip(total, stat, strict=True)]
                n, ldtt, cstdcs, khtnv, heavy = total
                if n == 0:
                    continue
                share = ldtt / n
                if share >= 0.8 and not khtnv:
                    rating = "HTXSNV" if rng.random() < 0.45 else "HTTNV"
                elif share < 0.5:
                    rating = "HTNV" if rng.random() < 0.5 else "HTTNV"
                else:
                    rating = "HTTNV"
                subject = ("collective", None, spec.obj.pk, None)
                self.t_ratings.add(
                    (
                        *subject,
                        year,
                        rating,
                        spec.obj.pk,
                        None,
                        self.rating_ref(self.authority(spec, year, "GK"), year),
                        "",
                        VALID,
                        DEMO,
                    )
                )
                # TTLĐTT: HTTNV+, at least half LĐTT, nobody disciplined (cảnh cáo or heavier).
                if rating == "HTNV" or share < 0.5 or heavy or rng.random() > 0.9:
                    continue
                self.award(subject=subject, honour="TTLDTT", year=year, spec=spec)
                # TTLĐXS: HTXSNV, ≥ 70 % LĐTT, ≥ 1 CSTĐCS, everybody completed the tasks.
                if (
                    rating == "HTXSNV"
                    and share >= 0.7
                    and cstdcs >= 1
                    and not khtnv
                    and (rng.random() < 0.6)
                ):
                    self.award(subject=subject, honour="TTLDXS", year=year, spec=spec)
                    if spec.kind != UnitKind.PHONG_BAN and not spec.is_old:
                        flag_candidates.append(spec)
            for spec in rng.sample(flag_candidates, min(2, len(flag_candidates))):
                self.award(
                    subject=("collective", None, spec.obj.pk, None),
                    honour="CO_TINH",
                    year=year,
                    spec=spec,
                    achievement=f"Đơn vị dẫn đầu cụm thi đua năm {year}",
                )

    # ------------------------------------------------------------------------------- users
    def write_users(self) -> list[User]:
        ban_tdkt = next(s for s in self.specs if s.name == "Ban Thi đua – Khen thưởng")
        units = {
            "province": self.province,
            "commune": self.communes[0],
            "commune2": self.communes[-1],
        }
        home = {
            "quantri": ban_tdkt,
            "chuyenvien": ban_tdkt,
            "hoidong": next(s for s in self.specs if s.name == "Sở Nội vụ"),
            "uyvien.a": next(s for s in self.specs if s.name == "Sở Nội vụ"),
            "uyvien.b": next(s for s in self.specs if s.name == "Sở Tài chính"),
            "kiemtra": next(s for s in self.specs if s.name == "Thanh tra tỉnh"),
        }
        users = []
        # One hash for all demo accounts (same password): argon2 is slow on purpose.
        encoded = make_password(DEMO_PASSWORD)
        for username, role, full_name, unit_key in DEMO_ACCOUNTS:
            scope = units[unit_key]
            user = User(
                username=username,
                full_name=full_name,
                unit=home.get(username, scope).obj,
                email=f"{username}@demo.invalid",
                is_superuser=role == Role.ADMIN,
                is_staff=role == Role.ADMIN,
            )
            user.password = encoded
            user.save()
            RoleGrant.objects.create(user=user, role=role, unit=scope.obj)
            users.append(user)
        return users

    # ------------------------------------------------------------------------------ driver
    def run(self) -> Stats:
        started = time.monotonic()

        def step(label: str) -> None:
            self.log(f"[{time.monotonic() - started:6.1f} giây] {label}")

        step("Tạo cây đơn vị (tỉnh, sở, xã, phường; huyện và xã cũ đến 30/06/2025) ...")
        with transaction.atomic():
            self.plan_units()
            self.write_units()
            admin = self.write_users()[0]
        step(
            f"Đã tạo {len(self.specs)} đơn vị, {self.stats.counts['successions']} liên kết "
            f"sáp nhập và {len(DEMO_ACCOUNTS)} tài khoản mẫu."
        )
        batch: list[PersonSpec] = []
        for person in self.plan_people():
            batch.append(person)
            if len(batch) >= BATCH:
                self._people_batch(batch, step)
                batch = []
        if batch:
            self._people_batch(batch, step)
        step("Tạo hộ gia đình, danh hiệu Gia đình văn hóa và Thôn văn hóa ...")
        with transaction.atomic():
            self.add_households()
            self.flush()
        step("Xếp loại và danh hiệu tập thể ...")
        with transaction.atomic():
            self.add_collectives()
            self.flush()
        step("Cập nhật thống kê của cơ sở dữ liệu (ANALYZE) ...")
        self.w.analyze(
            self.t_decisions,
            self.t_people,
            self.t_tokens,
            self.t_households,
            self.t_awards,
            self.t_initiatives,
            self.t_authors,
            self.t_ratings,
            self.t_assignments,
            self.t_discipline,
        )
        self.stats.seconds = time.monotonic() - started
        counts = self.stats.counts
        for key, table in (
            ("people", self.t_people),
            ("assignments", self.t_assignments),
            ("households", self.t_households),
            ("decisions", self.t_decisions),
            ("ratings", self.t_ratings),
            ("initiatives", self.t_initiatives),
            ("discipline", self.t_discipline),
        ):
            counts[key] = table.written
        counts["awards"] = self.t_awards.written + self.t_awards_id.written
        counts["users"] = len(DEMO_ACCOUNTS)
        counts = dict(counts)
        with transaction.atomic():
            AuditLog.objects.create(
                content_type=ContentType.objects.get_for_model(Unit),
                object_id=str(self.province.obj.pk),
                object_repr=self.province.name,
                action="demo.build",
                actor=admin,
                after={
                    **counts,
                    "seconds": round(self.stats.seconds, 1),
                    "years": [self.years[0], self.years[-1]],
                },
                reason="Tạo dữ liệu mẫu (tdkt demo)",
            )
        step("Xong: " + ", ".join(f"{k} {_num(v)}" for k, v in counts.items()))
        return self.stats

    def _people_batch(self, batch: list[PersonSpec], step: Callable[[str], None]) -> None:
        with transaction.atomic():
            self.add_people(batch)
            self.add_history(batch)
            self.flush()
        step(
            f"Đã tạo {_num(self.t_people.written)} / {_num(self.n_people)} cá nhân "
            f"cùng {len(self.years)} năm xếp loại, khen thưởng"
        )


def _num(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def build(
    *,
    people: int = 5000,
    seed: int = 2026,
    years: int = 10,
    today: dt.date | None = None,
    log: Callable[[str], None] | None = None,
) -> Stats:
    """Build the demo province into an empty database, then the year-end round in progress
    (`tdkt.demo.workflow`); returns the row counts and the time."""
    from tdkt.demo.workflow import seed_workflow

    started = time.monotonic()
    builder = Builder(people=people, seed=seed, years=years, today=today, log=log)
    stats = builder.run()
    stats.counts.update(
        seed_workflow(today=builder.today, year=builder.years[-1] + 1, log=builder.log)
    )
    stats.seconds = time.monotonic() - started
    return stats


def has_data() -> bool:
    return Unit.objects.exists()
