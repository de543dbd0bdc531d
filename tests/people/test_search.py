import pytest

from tdkt.people.models import Person
from tdkt.people.selectors import person_search
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd(tree):
    names = [
        "Nguyễn Thị Hằng",
        "Trần Văn An",
        "Lê Thị Ánh",
        "Đặng Văn Đức",
        "Phạm Thu Thắng",
        "Nguyễn Văn Bình",
        "Hoàng Thị Hà",
    ]
    return {n: make_person(n, tree.commune_a, birth_year=1980 + i) for i, n in enumerate(names)}


@pytest.mark.parametrize(
    "query",
    ["nguyen thi hang", "Nguyen Thi Hang", "NGUYỄN THỊ HẰNG", "Nguyễn Thị Hằng", "hang nguyen"],
)
def test_search_ignores_diacritics_and_case(crowd, query):
    found = [p.full_name for p in person_search(Person.objects.all(), text=query)]
    assert found == ["Nguyễn Thị Hằng"]


def test_d_matches_dj(crowd):
    assert [p.full_name for p in person_search(Person.objects.all(), text="dang van duc")] == [
        "Đặng Văn Đức"
    ]


def test_word_prefix_not_substring(crowd):
    # "hang" must not find "Thắng".
    assert [p.full_name for p in person_search(Person.objects.all(), text="hang")] == [
        "Nguyễn Thị Hằng"
    ]


def test_sorted_by_given_name_then_family(crowd):
    found = [p.full_name for p in person_search(Person.objects.all(), text="")]
    assert found == [
        "Trần Văn An",
        "Lê Thị Ánh",
        "Nguyễn Văn Bình",
        "Đặng Văn Đức",
        "Hoàng Thị Hà",
        "Nguyễn Thị Hằng",
        "Phạm Thu Thắng",
    ]
    by_family = [p.full_name for p in person_search(Person.objects.all(), order="family")]
    assert by_family == [
        "Đặng Văn Đức",
        "Hoàng Thị Hà",
        "Lê Thị Ánh",
        "Nguyễn Thị Hằng",
        "Nguyễn Văn Bình",
        "Phạm Thu Thắng",
        "Trần Văn An",
    ]


def test_search_by_birth_year_and_citizen_id(tree, crowd):
    p = make_person("Vũ Văn Long", tree.commune_a, citizen_id="001085012345", birth_year=1985)
    assert list(person_search(Person.objects.all(), text="001085012345")) == [p]
    assert [x.full_name for x in person_search(Person.objects.all(), text="1985")] == [
        "Nguyễn Văn Bình",
        "Vũ Văn Long",
    ]
    assert [x.full_name for x in person_search(Person.objects.all(), text="long 1985")] == [
        "Vũ Văn Long"
    ]


def test_nfd_input_is_normalised(tree):
    import unicodedata

    p = make_person(unicodedata.normalize("NFD", "nguyễn thị hằng"), tree.commune_a)
    assert p.full_name == "Nguyễn Thị Hằng"
    assert p.full_name == unicodedata.normalize("NFC", p.full_name)
