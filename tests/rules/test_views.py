"""The screens: a subject's "Kiểm tra điều kiện" page (the contract's public examples rebuilt in
the registry), the bulk screening of a unit (equal to per-subject checks, filters, quotas, Excel,
background run for big scopes) and scope checks."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from tdkt.orgs.selectors import unit_lineage_ids
from tdkt.rules.adapters import history_for_subject
from tdkt.rules.engine import DU, KHONG_DU, SAP_DU, check_eligibility, screen_many
from tdkt.rules.services import COLLECTIVE_TARGETS, INDIVIDUAL_TARGETS
from tests.factories import make_award, make_initiative, make_person, make_rating, make_unit

from .examples import EXAMPLES

pytestmark = pytest.mark.django_db

ELIGIBILITY = {
    name: (request_, expected)
    for name, action, request_, expected in EXAMPLES
    if action == "eligibility"
}


def subject_url(kind: str, pk: int, year: int = 2025) -> str:
    return reverse("backoffice:rules.subject", args=[kind, pk]) + f"?year={year}"


def judgement(response, target: str):
    return next(j for j in response.context["report"].judgements if j.target == target)


def build_person(name: str, unit):
    """The registry history matching each individual public example."""
    person = make_person(f"Nguyễn Văn {name}", unit)
    if name == "ldtt-12-months":
        make_rating(person, 2025, "HTTNV", months_in_service=12)
    elif name == "ldtt-3-months":
        make_rating(person, 2025, "HTXSNV", months_in_service=3)
    elif name == "cstdcs-excellence":
        make_rating(person, 2025, "HTXSNV")
        make_award(person, "LDTT", 2025)
    elif name == "cstdcs-no-initiative":
        make_rating(person, 2025, "HTTNV")
        make_award(person, "LDTT", 2025)
    elif name == "cstd-tinh":
        for year in (2023, 2024, 2025):
            make_award(person, "CSTDCS", year)
        make_initiative(unit, 2025, "tinh", authors=[person], code="SK-T-1")
    return person


@pytest.mark.parametrize(
    "name",
    ["ldtt-12-months", "ldtt-3-months", "cstdcs-excellence", "cstdcs-no-initiative", "cstd-tinh"],
)
def test_public_examples_on_the_person_page(client, alice, tree, name):
    request_, expected = ELIGIBILITY[name]
    person = build_person(name, tree.commune_a)
    client.force_login(alice)
    response = client.get(subject_url("individual", person.pk))
    assert response.status_code == 200
    j = judgement(response, request_["target"])
    assert j.result == check_eligibility(request_)
    assert j.result["eligible"] is expected["eligible"]
    assert j.status == (DU if expected["eligible"] else j.status)
    content = response.content.decode()
    for check in j.result["checks"]:
        assert check["message"] in content
        assert check["basis"] in content
    for missing in j.result["missing"]:
        assert missing in content
    if expected["eligible"]:
        assert "Đủ điều kiện" in content
    else:
        assert j.forecast is not None and j.forecast["message"] in content


def test_months_message_of_a_recent_recruit(client, alice, tree):
    person = build_person("ldtt-3-months", tree.commune_a)
    client.force_login(alice)
    response = client.get(subject_url("individual", person.pk))
    assert "Mới công tác 3 tháng trong năm 2025, dưới 6 tháng nên không xét" in (
        response.content.decode()
    )
    assert judgement(response, "LDTT").status == SAP_DU  # a full year next year


def test_public_collective_example_on_the_unit_page(client, alice, tree):
    request_, _expected = ELIGIBILITY["ttldxs-20-of-30"]
    school = make_unit("Trường Mầm non An Lạc", "su_nghiep", tree.commune_a)
    make_rating(school, 2025, "HTXSNV")
    for i in range(30):
        person = make_person(f"Giáo viên {i:02d}", school)
        make_rating(person, 2025, "HTTNV")
        if i < 20:
            make_award(person, "LDTT", 2025)
        if i < 2:
            make_award(person, "CSTDCS", 2025)
    client.force_login(alice)
    response = client.get(subject_url("collective", school.pk))
    assert response.status_code == 200
    j = judgement(response, "TTLDXS")
    assert j.result == check_eligibility(request_)
    assert j.result["eligible"] is False
    content = response.content.decode()
    assert "Có 20/30 thành viên đạt Lao động tiên tiến (66,7%), chưa đạt yêu cầu tối thiểu 70%" in (
        content
    )
    assert [j.target for j in response.context["report"].judgements] == list(COLLECTIVE_TARGETS)


def test_every_individual_target_is_listed(client, alice, person_a):
    client.force_login(alice)
    response = client.get(subject_url("individual", person_a.pk))
    assert [j.target for j in response.context["report"].judgements] == list(INDIVIDUAL_TARGETS)


def test_year_defaults_to_last_year_and_ignores_a_bad_one(client, alice, person_a):
    client.force_login(alice)
    last = dt.date.today().year - 1
    url = reverse("backoffice:rules.subject", args=["individual", person_a.pk])
    assert client.get(url).context["year"] == last
    assert client.get(url, {"year": 2099}).context["year"] == last
    assert client.get(url, {"year": "abc"}).context["year"] == last


def test_strangers_get_404(client, bob, tree, person_a):
    client.force_login(bob)
    assert client.get(subject_url("individual", person_a.pk)).status_code == 404
    assert client.get(subject_url("collective", tree.commune_a.pk)).status_code == 404
    assert client.get(subject_url("household", tree.commune_b.pk)).status_code == 404
    pk = tree.commune_a.pk
    for name in ("rules.screening", "rules.screening_export", "rules.screening_progress"):
        assert client.get(reverse(f"backoffice:{name}", args=[pk])).status_code == 404
    assert client.post(reverse("backoffice:rules.screening_run", args=[pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, person_a):
    response = client.get(subject_url("individual", person_a.pk))
    assert response.status_code == 302


def test_links_from_the_history_pages(client, alice, tree, person_a):
    client.force_login(alice)
    person_page = client.get(reverse("backoffice:people.detail", args=[person_a.pk]))
    assert reverse("backoffice:rules.subject", args=["individual", person_a.pk]) in (
        person_page.content.decode()
    )
    for name in ("units.detail", "units.history"):
        page = client.get(reverse(f"backoffice:{name}", args=[tree.commune_a.pk])).content.decode()
        assert reverse("backoffice:rules.subject", args=["collective", tree.commune_a.pk]) in page
        assert reverse("backoffice:rules.screening", args=[tree.commune_a.pk]) in page


# --- screening ----------------------------------------------------------------------------------


def populate(unit, n: int = 6):
    people = []
    for i in range(n):
        person = make_person(f"Trần Thị {chr(65 + i)}", unit)
        people.append(person)
        make_rating(person, 2024, "HTXSNV" if i % 2 else "HTTNV")
        make_rating(person, 2025, ("HTXSNV", "HTTNV", "HTNV")[i % 3])
        if i % 3 != 2:
            make_award(person, "LDTT", 2024)
        if i % 2:
            make_award(person, "CSTDCS", 2024)
            make_initiative(unit, 2025, "co_so", authors=[person])
    return people


def screening(client, unit, **params):
    query = {"year": 2025, "kind": "individual", **params}
    return client.get(reverse("backoffice:rules.screening", args=[unit.pk]), query)


def test_screening_equals_per_subject_checks(client, alice, tree):
    people = populate(tree.commune_a)
    populate(tree.school_a, 3)
    client.force_login(alice)
    response = screening(client, tree.commune_a)
    assert response.status_code == 200
    result = response.context["result"]
    assert len(result["rows"]) == 9  # the subtree: commune A and its school
    targets = result["targets"]
    assert targets == list(INDIVIDUAL_TARGETS)
    for pk, _name, _birth, _unit, statuses in result["rows"]:
        entry = history_for_subject("individual", [pk], year=2025)
        assert (
            dict(zip(targets, statuses, strict=True)) == screen_many({pk: entry}, targets, 2025)[pk]
        )
        for target, status in zip(targets, statuses, strict=True):
            eligible = check_eligibility({"target": target, "year": 2025, **entry})["eligible"]
            assert (status == DU) is eligible, (pk, target)
    assert {p.pk for p in people} <= {row[0] for row in result["rows"]}


def test_collective_screening_equals_per_subject_checks(client, alice, tree):
    populate(tree.school_a, 3)
    make_rating(tree.school_a, 2025, "HTXSNV")
    make_rating(tree.commune_a, 2025, "HTTNV")
    client.force_login(alice)
    response = screening(client, tree.commune_a, kind="collective")
    result = response.context["result"]
    assert {row[0] for row in result["rows"]} == {tree.commune_a.pk, tree.school_a.pk}
    for pk, _name, _birth, _unit, statuses in result["rows"]:
        from tdkt.orgs.models import Unit

        entry = history_for_subject(
            "collective", unit_lineage_ids(Unit.objects.get(pk=pk)), year=2025
        )
        for target, status in zip(result["targets"], statuses, strict=True):
            eligible = check_eligibility({"target": target, "year": 2025, **entry})["eligible"]
            assert (status == DU) is eligible, (pk, target)


def test_screening_filters_by_target_and_status(client, alice, tree):
    populate(tree.commune_a)
    client.force_login(alice)
    result = screening(client, tree.commune_a).context["result"]
    i = result["targets"].index("LDTT")
    for status in (DU, SAP_DU, KHONG_DU):
        response = screening(client, tree.commune_a, target="LDTT", status=status)
        expected = sorted(row[0] for row in result["rows"] if row[4][i] == status)
        assert sorted(r["pk"] for r in response.context["table"]) == expected
        assert [c[0] for c in response.context["columns"]] == ["LDTT"]
    assert any(row[4][i] == DU for row in result["rows"])


@pytest.mark.parametrize("n", [1, 5])
def test_screening_page_runs_a_constant_number_of_queries(
    client, alice, tree, django_assert_num_queries, n
):
    populate(tree.commune_a, n)
    client.force_login(alice)
    screening(client, tree.commune_a)  # warm the caches (session, scope)
    with django_assert_num_queries(17):
        response = screening(client, tree.commune_a)
    assert len(response.context["result"]["rows"]) == n


def test_screening_export_to_excel(client, alice, tree):
    import openpyxl

    populate(tree.commune_a)
    client.force_login(alice)
    url = reverse("backoffice:rules.screening_export", args=[tree.commune_a.pk])
    response = client.get(
        url, {"year": 2025, "kind": "individual", "target": "LDTT", "format": "xlsx"}
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [r for r in book.active.iter_rows(values_only=True) if any(c is not None for c in r)]
    header = rows.index(("STT", "Họ và tên", "Ngày sinh", "Đơn vị", "Lao động tiên tiến"))
    body = rows[header + 1 :]
    result = screening(client, tree.commune_a).context["result"]
    assert [r[1] for r in body] == [row[1] for row in result["rows"]]
    assert {r[4] for r in body} <= {"Đủ điều kiện", "Sắp đủ điều kiện", "Không đủ điều kiện"}


def test_big_scope_runs_in_the_background(client, alice, tree, settings, tmp_path):
    settings.TDKT_SCREENING_SYNC_MAX = 2
    settings.MEDIA_ROOT = tmp_path
    populate(tree.commune_a, 3)
    client.force_login(alice)
    first = screening(client, tree.commune_a)
    assert first.context["background"] is True
    assert first.context["result"] is None
    assert "Rà soát" in first.content.decode()
    run = client.post(
        reverse("backoffice:rules.screening_run", args=[tree.commune_a.pk]),
        {"year": 2025, "kind": "individual"},
    )
    assert run.status_code == 302
    done = screening(client, tree.commune_a)
    assert len(done.context["result"]["rows"]) == 3
    assert (tmp_path / "screening" / f"{tree.commune_a.pk}-2025-individual.json").exists()
    progress = client.get(
        reverse("backoffice:rules.screening_progress", args=[tree.commune_a.pk]),
        {"year": 2025, "kind": "individual"},
        headers={"HX-Request": "true"},
    )
    assert progress.headers.get("HX-Refresh") == "true"
    settings.TDKT_SCREENING_SYNC_MAX = 5000
    direct = screening(client, tree.commune_a).context["result"]
    assert direct["rows"] == done.context["result"]["rows"]


def test_quota_warning_when_the_eligible_list_exceeds_it(client, alice, tree):
    """Decree 91 (decisions of 2017-10 to 2023): CSTĐCS ≤ 15% of LĐTT."""
    unit = make_unit("Phòng Văn hóa", "phong_ban", tree.commune_a)
    for i in range(3):
        person = make_person(f"Lê Văn {chr(65 + i)}", unit)
        make_rating(person, 2022, "HTXSNV")
        make_award(person, "LDTT", 2022)
        make_initiative(unit, 2022, "co_so", authors=[person])
    client.force_login(alice)
    response = screening(client, unit, year=2022)
    result = response.context["result"]
    assert result["counts"]["CSTDCS"][DU] == 3
    quota = next(q for q in result["quotas"] if q.get("target") == "CSTDCS")
    assert {k: quota[k] for k in ("base_total", "limit", "eligible", "exceeded", "rounding")} == {
        "base_total": 3,
        "limit": 0,
        "eligible": 3,
        "exceeded": True,
        "rounding": "floor",
    }
    content = response.content.decode()
    assert "Vượt tỷ lệ khống chế" in content
    assert "hạn mức 15% × 3 = 0 (làm tròn xuống)" in content
    assert "Danh sách đủ điều kiện Chiến sĩ thi đua cơ sở: 3." in content


def test_current_law_has_no_numeric_quota(client, alice, tree):
    populate(tree.commune_a, 2)
    client.force_login(alice)
    response = screening(client, tree.commune_a)
    assert all(not q["numeric"] for q in response.context["result"]["quotas"])
    assert "Không có tỷ lệ khống chế toàn quốc" in response.content.decode()
    assert "Vượt tỷ lệ khống chế" not in response.content.decode()
