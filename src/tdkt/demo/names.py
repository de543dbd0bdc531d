"""Weighted word lists for realistic (invented) Vietnamese demo data.

The weights of family names follow the commonly cited shares in Vietnam (Nguyễn ≈ 38 %, Trần
≈ 11 %, Lê ≈ 9.5 %, Phạm ≈ 7 % ...); middle and given names are weighted by how often they
appear in staff lists of public agencies. Ethnic minorities get family names typical of their
community (Tày, Nùng: Hoàng, Nông, Lục, Bế ...; Thái: Lò, Lường, Cầm ...; H'Mông: Giàng,
Sùng, Vàng ...). Nothing here describes a real person or a real province.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect
from itertools import accumulate


class Weighted:
    """Fast repeated weighted choice (cumulative weights + bisect)."""

    def __init__(self, pairs: list[tuple[str, float]] | dict[str, float]):
        items = list(pairs.items()) if isinstance(pairs, dict) else list(pairs)
        self.values = [v for v, _w in items]
        self.cum = list(accumulate(w for _v, w in items))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> str:
        return self.values[bisect(self.cum, rng.random() * self.total)]

    def __len__(self) -> int:
        return len(self.values)


FAMILY_KINH = Weighted(
    {
        "Nguyễn": 38.0,
        "Trần": 11.0,
        "Lê": 9.5,
        "Phạm": 7.0,
        "Hoàng": 3.0,
        "Huỳnh": 2.0,
        "Phan": 4.5,
        "Vũ": 2.0,
        "Võ": 1.9,
        "Đặng": 2.1,
        "Bùi": 2.0,
        "Đỗ": 1.4,
        "Hồ": 1.3,
        "Ngô": 1.3,
        "Dương": 1.0,
        "Lý": 0.5,
        "Đào": 0.6,
        "Đoàn": 0.6,
        "Đinh": 0.6,
        "Trương": 0.6,
        "Lương": 0.5,
        "Mai": 0.5,
        "Trịnh": 0.5,
        "Cao": 0.4,
        "Hà": 0.4,
        "Lâm": 0.4,
        "Phùng": 0.3,
        "Tô": 0.3,
        "Lưu": 0.3,
        "Tạ": 0.25,
        "Chu": 0.2,
        "Quách": 0.15,
        "Thái": 0.15,
        "Kiều": 0.12,
        "Vương": 0.12,
        "Khúc": 0.05,
        "Triệu": 0.1,
        "Đồng": 0.08,
        "Tăng": 0.08,
        "Âu": 0.05,
        "Văn": 0.05,
        "Nghiêm": 0.06,
        "Ninh": 0.05,
        "Kim": 0.05,
        "Giáp": 0.05,
        "Lại": 0.08,
    }
)

FAMILY_BY_ETHNICITY = {
    "Tày": Weighted(
        {
            "Hoàng": 25,
            "Nông": 20,
            "Lương": 10,
            "Lục": 8,
            "Bế": 8,
            "Ma": 6,
            "Hà": 8,
            "Đinh": 5,
            "Triệu": 5,
            "Nguyễn": 5,
        }
    ),
    "Nùng": Weighted(
        {
            "Hoàng": 20,
            "Nông": 18,
            "Lý": 12,
            "Vi": 10,
            "Lục": 10,
            "Hứa": 8,
            "Chu": 7,
            "Mã": 5,
            "Lương": 5,
            "Triệu": 5,
        }
    ),
    "Thái": Weighted(
        {"Lò": 22, "Lường": 18, "Cầm": 14, "Quàng": 10, "Vì": 10, "Tòng": 8, "Hà": 10, "Lê": 8}
    ),
    "Mường": Weighted({"Bùi": 40, "Đinh": 22, "Quách": 12, "Hà": 10, "Xa": 6, "Cao": 5, "Phạm": 5}),
    "H'Mông": Weighted(
        {"Giàng": 20, "Sùng": 18, "Vàng": 16, "Thào": 14, "Lý": 10, "Hạng": 8, "Mùa": 7, "Ly": 7}
    ),
    "Dao": Weighted({"Triệu": 35, "Bàn": 25, "Đặng": 20, "Lý": 12, "Phùn": 8}),
    "Khmer": Weighted({"Thạch": 35, "Sơn": 25, "Danh": 15, "Kim": 10, "Lâm": 8, "Chau": 7}),
}

ETHNICITY = Weighted(
    {
        "Kinh": 82.0,
        "Mường": 4.0,
        "Tày": 4.0,
        "Thái": 3.5,
        "Nùng": 2.0,
        "H'Mông": 2.0,
        "Dao": 1.5,
        "Khmer": 1.0,
    }
)

MIDDLE_MALE = Weighted(
    {
        "Văn": 28,
        "Đức": 10,
        "Minh": 10,
        "Quang": 7,
        "Hữu": 7,
        "Công": 5,
        "Đình": 4,
        "Xuân": 4,
        "Thanh": 4,
        "Ngọc": 3,
        "Tiến": 3,
        "Mạnh": 3,
        "Trọng": 3,
        "Anh": 3,
        "Hoàng": 3,
        "Duy": 3,
        "Thế": 3,
        "Quốc": 3,
        "Việt": 2,
        "Gia": 2,
        "Huy": 2,
        "Bá": 2,
        "Tuấn": 2,
        "Hồng": 1.5,
        "Kim": 1,
        "Trung": 1.5,
        "Khắc": 1,
        "Chí": 1,
        "Nhật": 1,
        "Thành": 1.5,
    }
)

MIDDLE_FEMALE = Weighted(
    {
        "Thị": 38,
        "Ngọc": 8,
        "Thu": 6,
        "Thanh": 6,
        "Hồng": 4,
        "Kim": 4,
        "Minh": 4,
        "Phương": 3,
        "Thùy": 3,
        "Bích": 2,
        "Hải": 2,
        "Mai": 2,
        "Bảo": 2,
        "Khánh": 2,
        "Diệu": 2,
        "Mỹ": 2,
        "Hoài": 2,
        "Ánh": 2,
        "Quỳnh": 2,
        "Như": 2,
        "Thảo": 1.5,
        "Lan": 1,
        "Tuyết": 1,
        "Hà": 1,
        "Vân": 1,
        "Xuân": 1.5,
        "Cẩm": 1,
        "Hương": 1,
    }
)

GIVEN_MALE = Weighted(
    {
        "Hùng": 5,
        "Dũng": 5,
        "Tuấn": 5,
        "Minh": 5,
        "Hải": 4.5,
        "Nam": 4.5,
        "Long": 4,
        "Sơn": 4,
        "Thắng": 4,
        "Cường": 4,
        "Đức": 4,
        "Hiếu": 3.5,
        "Huy": 3.5,
        "Trung": 3.5,
        "Phong": 3,
        "Quân": 3,
        "Thành": 3.5,
        "Hoàng": 3,
        "Anh": 3.5,
        "Tùng": 3,
        "Bình": 3,
        "Hưng": 3,
        "Khánh": 2.5,
        "Việt": 2.5,
        "Vinh": 2.5,
        "Toàn": 2.5,
        "Tiến": 2.5,
        "Thái": 2,
        "Quang": 2,
        "Phúc": 2,
        "Lâm": 2,
        "Kiên": 2,
        "Hòa": 2,
        "Đạt": 2.5,
        "An": 2,
        "Tâm": 2,
        "Tài": 2,
        "Trường": 2,
        "Nghĩa": 2,
        "Thịnh": 2,
        "Tú": 2,
        "Phương": 1.5,
        "Lộc": 1.5,
        "Lợi": 1.5,
        "Mạnh": 1.5,
        "Khoa": 1.5,
        "Hiển": 1.2,
        "Hào": 1.2,
        "Giang": 1.2,
        "Chiến": 1.5,
        "Công": 1.2,
        "Duy": 1.5,
        "Dương": 1.2,
        "Định": 1,
        "Hậu": 1,
        "Hiệp": 1.2,
        "Khải": 1,
        "Luân": 1,
        "Nguyên": 1.2,
        "Sang": 1,
        "Tín": 1,
        "Tuyên": 0.8,
        "Hưởng": 0.8,
        "Bảo": 1.5,
        "Phát": 1.2,
        "Phú": 1.2,
        "Quý": 1,
        "Quyết": 1,
        "Thạch": 0.6,
        "Thọ": 0.8,
        "Thông": 1,
        "Thuận": 1,
        "Trí": 1.2,
        "Trọng": 1.2,
        "Vũ": 1.2,
        "Vương": 0.8,
        "Khang": 1,
        "Nhân": 1.2,
        "Lực": 0.8,
        "Ngọc": 0.8,
        "Thanh": 1.2,
    }
)

GIVEN_FEMALE = Weighted(
    {
        "Hương": 5,
        "Lan": 4.5,
        "Hằng": 4.5,
        "Linh": 4.5,
        "Trang": 4.5,
        "Hà": 4,
        "Hoa": 4,
        "Huyền": 4,
        "Thủy": 4,
        "Nga": 3.5,
        "Mai": 3.5,
        "Anh": 3.5,
        "Thảo": 3.5,
        "Dung": 3,
        "Hạnh": 3,
        "Hiền": 3,
        "Hồng": 3,
        "Loan": 2.5,
        "Ngọc": 2.5,
        "Nhung": 2.5,
        "Phương": 3,
        "Thu": 2.5,
        "Thúy": 2.5,
        "Vân": 2.5,
        "Yến": 2.5,
        "Quỳnh": 2.5,
        "Giang": 2,
        "Chi": 2,
        "Duyên": 2,
        "Huệ": 2,
        "Liên": 2,
        "Ly": 2,
        "Oanh": 2,
        "Tâm": 2,
        "Thanh": 2,
        "Tuyết": 2,
        "Uyên": 1.5,
        "Xuân": 1.5,
        "Ánh": 1.5,
        "Bích": 1.5,
        "Cúc": 1.2,
        "Diệp": 1,
        "Diễm": 1,
        "Đào": 1,
        "Gấm": 0.6,
        "Hậu": 1,
        "Hòa": 1.2,
        "Huế": 1.2,
        "Hường": 1.5,
        "Khánh": 1,
        "Kiều": 1,
        "Lệ": 1,
        "Liễu": 0.8,
        "Lụa": 0.6,
        "Mến": 0.8,
        "My": 1.5,
        "Ngân": 2,
        "Nguyệt": 1.2,
        "Nhàn": 1.2,
        "Nhi": 1.5,
        "Phượng": 1.5,
        "Quế": 0.8,
        "Quyên": 1.2,
        "Sen": 0.8,
        "Thắm": 1,
        "Thơ": 1,
        "Thư": 1.5,
        "Thương": 1.5,
        "Trâm": 1.2,
        "Trinh": 1.2,
        "Vy": 1.2,
        "Hoài": 1,
        "Thoa": 1,
        "Dịu": 0.6,
        "Hảo": 0.8,
        "Lam": 0.6,
        "Tươi": 0.6,
        "Ninh": 0.6,
        "Thêu": 0.5,
        "Hạ": 0.6,
    }
)

#: Two-syllable place names for communes and districts are built from these (invented).
PLACE_FIRST = [
    "An",
    "Bình",
    "Hòa",
    "Tân",
    "Phú",
    "Thạch",
    "Hưng",
    "Thịnh",
    "Quang",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Hồng",
    "Kim",
    "Ngọc",
    "Vĩnh",
    "Long",
    "Phúc",
    "Thái",
    "Minh",
    "Đại",
    "Yên",
    "Thanh",
    "Xuân",
    "Hương",
    "Cao",
    "Sơn",
    "Tiên",
    "Mỹ",
    "Đức",
    "Quảng",
    "Nghĩa",
    "Hiệp",
    "Lương",
    "Thuận",
    "Gia",
    "Định",
    "Vân",
    "Lạc",
    "Cẩm",
    "Hải",
    "Tam",
]
PLACE_SECOND = [
    "Lạc",
    "Bình",
    "Hòa",
    "Thịnh",
    "Phú",
    "Sơn",
    "Lâm",
    "Hưng",
    "Thành",
    "Lợi",
    "Phong",
    "Tiến",
    "Trung",
    "An",
    "Long",
    "Khê",
    "Xuyên",
    "Thủy",
    "Điền",
    "Lộc",
    "Phúc",
    "Mỹ",
    "Nghĩa",
    "Đức",
    "Tân",
    "Hải",
    "Hà",
    "Vân",
    "Khánh",
    "Quang",
    "Minh",
    "Xá",
    "Cường",
    "Đồng",
    "Tường",
    "Yên",
    "Thượng",
    "Hạ",
    "Liêm",
    "Giang",
]

#: Famous names given to upper-secondary schools.
SCHOOL_PATRONS = [
    "Lê Quý Đôn",
    "Nguyễn Trãi",
    "Trần Hưng Đạo",
    "Chu Văn An",
    "Phan Bội Châu",
    "Nguyễn Du",
    "Lê Lợi",
    "Quang Trung",
    "Hoàng Văn Thụ",
    "Ngô Quyền",
    "Lý Thường Kiệt",
    "Trần Phú",
    "Võ Thị Sáu",
    "Nguyễn Huệ",
    "Lương Thế Vinh",
    "Trần Quốc Tuấn",
]

RATINGS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")

#: Person "profiles": rating probabilities (HTXSNV, HTTNV, HTNV, KHTNV) by latent quality.
QUALITY = Weighted({"star": 13, "good": 77, "weak": 10})
RATING_BY_QUALITY = {
    "star": (0.62, 0.36, 0.02, 0.0),
    "good": (0.12, 0.83, 0.045, 0.005),
    "weak": (0.02, 0.62, 0.29, 0.07),
}

EMULATION_MOVEMENTS = [
    "Chung tay vì người nghèo – Không để ai bị bỏ lại phía sau",
    "Cả nước chung tay xây dựng nông thôn mới",
    "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
    "Đổi mới, sáng tạo trong dạy và học",
    "Đẩy mạnh cải cách hành chính, chuyển đổi số",
    "Phòng, chống dịch COVID-19",
    "Xóa nhà tạm, nhà dột nát",
]

INITIATIVE_TEMPLATES = {
    "school": [
        "Một số biện pháp giúp học sinh lớp {grade} học tốt môn {subject}",
        "Ứng dụng công nghệ thông tin trong dạy học môn {subject} lớp {grade}",
        "Nâng cao chất lượng bồi dưỡng học sinh giỏi môn {subject}",
        "Giải pháp rèn kỹ năng tự học môn {subject} cho học sinh lớp {grade}",
        "Tổ chức hoạt động trải nghiệm gắn với môn {subject} ở lớp {grade}",
    ],
    "preschool": [
        "Một số biện pháp phát triển ngôn ngữ cho trẻ {age} tuổi",
        "Xây dựng môi trường học tập lấy trẻ làm trung tâm cho trẻ {age} tuổi",
        "Nâng cao chất lượng chăm sóc, nuôi dưỡng trẻ {age} tuổi tại trường",
    ],
    "health": [
        "Cải tiến quy trình {care} tại {place}",
        "Nâng cao chất lượng {care} cho người bệnh {group}",
        "Ứng dụng bảng kiểm trong {care} tại {place}",
    ],
    "office": [
        "Số hóa hồ sơ {domain} tại {place}",
        "Rút ngắn thời gian giải quyết thủ tục {domain}",
        "Cải tiến quy trình tham mưu công tác {domain}",
        "Ứng dụng phần mềm quản lý {domain} tại {place}",
    ],
    "commune": [
        "Nâng cao hiệu quả công tác {domain} tại {place}",
        "Mô hình {model} ở {place}",
        "Giải pháp đẩy mạnh dịch vụ công trực tuyến về {domain} tại {place}",
    ],
}
INITIATIVE_SLOTS = {
    "grade": ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"],
    "subject": [
        "Toán",
        "Ngữ văn",
        "Tiếng Anh",
        "Vật lý",
        "Hóa học",
        "Sinh học",
        "Lịch sử",
        "Địa lý",
        "Tin học",
        "Khoa học tự nhiên",
        "Giáo dục thể chất",
    ],
    "age": ["3 – 4", "4 – 5", "5 – 6", "24 – 36 tháng"],
    "care": [
        "chăm sóc người bệnh sau phẫu thuật",
        "tiếp đón người bệnh",
        "cấp phát thuốc",
        "phòng ngừa nhiễm khuẩn",
        "tiêm chủng mở rộng",
        "quản lý bệnh không lây nhiễm",
    ],
    "group": ["cao tuổi", "đái tháo đường", "tăng huyết áp", "sau sinh", "nhi"],
    "domain": [
        "thi đua, khen thưởng",
        "văn thư, lưu trữ",
        "hộ tịch",
        "đất đai",
        "kế toán",
        "tiếp công dân",
        "cải cách hành chính",
        "bảo trợ xã hội",
        "quản lý tài sản công",
    ],
    "model": [
        "“Dân vận khéo”",
        "khu dân cư tự quản",
        "đường hoa nông thôn mới",
        "tổ hợp tác sản xuất",
        "“Ngày thứ Bảy văn minh”",
    ],
}


def full_name(rng: random.Random, sex: str, ethnicity: str = "Kinh", birth_year: int = 1985) -> str:
    family = FAMILY_BY_ETHNICITY.get(ethnicity, FAMILY_KINH)(rng)
    if sex == "F":
        middle = "Thị" if birth_year < 1980 and rng.random() < 0.3 else MIDDLE_FEMALE(rng)
        given = GIVEN_FEMALE(rng)
    else:
        middle = "Văn" if birth_year < 1980 and rng.random() < 0.3 else MIDDLE_MALE(rng)
        given = GIVEN_MALE(rng)
    if middle == given:
        middle = "Thị" if sex == "F" else "Văn"
    return f"{family} {middle} {given}"


def place_names(rng: random.Random, count: int, taken: set[str] | None = None) -> list[str]:
    """`count` distinct invented two-syllable place names."""
    taken = set() if taken is None else taken
    result = []
    while len(result) < count:
        name = f"{rng.choice(PLACE_FIRST)} {rng.choice(PLACE_SECOND)}"
        first, second = name.split()
        if first == second or name in taken:
            continue
        taken.add(name)
        result.append(name)
    return result


def initiative_title(rng: random.Random, profile: str, place: str) -> str:
    template = rng.choice(INITIATIVE_TEMPLATES.get(profile, INITIATIVE_TEMPLATES["office"]))
    slots = {k: rng.choice(v) for k, v in INITIATIVE_SLOTS.items()}
    return template.format(place=place, **slots)


def citizen_id(rng: random.Random, province_code: str, sex: str, birth_year: int) -> str:
    """12-digit personal ID: province code (3) + sex/century (1) + birth year (2) + random (6)."""
    century = 0 if birth_year < 2000 else 2
    digit = century + (1 if sex == "F" else 0)
    return f"{province_code}{digit}{birth_year % 100:02d}{rng.randrange(1_000_000):06d}"


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))
