"""Escalation: the nominees a commune's office appraised "đề nghị cấp trên khen" are gathered into
the commune's own proposal in the province's open round, once."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tdkt.nominations.escalation import escalated_pending, upper_rounds, upward_proposal_create
from tdkt.nominations.models import Nominee, Proposal
from tdkt.nominations.services import (
    nominee_add,
    nominee_appraise,
    proposal_receive,
    proposal_submit,
    round_create,
    set_round_state,
)
from tests.factories import grant, make_person, make_rating, make_user
from tests.nominations.conftest import DEADLINE, OPENS

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune_office(tree):
    return grant(make_user("cvxa", full_name="Đỗ Văn Xã"), "specialist", tree.commune_a)


@pytest.fixture
def school_officer(tree):
    return grant(make_user("vanthu", full_name="Ngô Thị Trường"), "officer", tree.school_a)


@pytest.fixture
def commune_round(tree, commune_office):
    r = round_create(
        code="XA-A-2025",
        name="Xét khen thưởng năm 2025 của xã An Lạc",
        year=2025,
        issuing_unit=tree.commune_a,
        award_type="cong_trang",
        targets=["LDTT", "GK"],
        opens_on=OPENS,
        submit_deadline=DEADLINE,
        actor=commune_office,
    )
    return set_round_state(r, "open", actor=commune_office)


@pytest.fixture
def teachers(tree):
    people = []
    for name in ("Lý Thị Mai", "Đặng Quốc Huy", "Bùi Thanh Tâm"):
        person = make_person(name, tree.school_a, birth_year=1982)
        make_rating(person, 2025, "HTTNV")
        people.append(person)
    return people


@pytest.fixture
def appraised(commune_round, tree, teachers, school_officer, commune_office):
    """The school's proposal in the commune round: Mai and Huy escalated, Tâm agreed."""
    from tdkt.nominations.services import proposal_create

    proposal = proposal_create(
        round=commune_round, unit=tree.school_a, actor=school_officer, number="03/TTr-TH"
    )
    nominees = [
        nominee_add(
            proposal=proposal,
            subject=person,
            target="LDTT",
            actor=school_officer,
            achievement_summary=f"Thành tích của {person.full_name}",
        )
        for person in teachers
    ]
    proposal_submit(proposal=proposal, actor=school_officer)
    proposal_receive(proposal=proposal, actor=commune_office)
    for nominee, decision in zip(nominees, ["escalate", "escalate", "agree"], strict=True):
        nominee.refresh_from_db()
        nominee_appraise(
            nominee=nominee, actor=commune_office, decision=decision, note="Thành tích nổi bật"
        )
    proposal.refresh_from_db()
    assert proposal.state == "appraised"
    return proposal, nominees


def test_gathers_exactly_the_escalated_nominees_once(
    appraised, commune_round, round_, tree, commune_office
):
    proposal, (mai, huy, _tam) = appraised
    assert [r.pk for r in upper_rounds(commune_round)] == [round_.pk]

    result = upward_proposal_create(round=commune_round, actor=commune_office)

    (upper,) = result.proposals
    assert (upper.round, upper.unit, upper.state, upper.created_by) == (
        round_,
        tree.commune_a,
        "draft",
        commune_office,
    )
    copied = list(upper.nominees.order_by("order"))
    assert [
        (n.source_id, n.person_id, n.target_id, n.year_from, n.year_to, n.state) for n in copied
    ] == [
        (mai.pk, mai.person_id, "LDTT", 2025, 2025, "draft"),
        (huy.pk, huy.person_id, "LDTT", 2025, 2025, "draft"),
    ]
    assert [n.achievement_summary for n in copied] == [
        "Thành tích của Lý Thị Mai",
        "Thành tích của Đặng Quốc Huy",
    ]
    # Judged again for the upper round, with a trace of where it came from.
    assert [(n.eligible, n.eligibility["escalated_from"]["nominee"]) for n in copied] == [
        (True, mai.pk),
        (True, huy.pk),
    ]
    assert [p.pk for p in result.marked] == [proposal.pk]
    proposal.refresh_from_db()
    assert proposal.state == "proposed_upward"
    assert list(escalated_pending(commune_round)) == []

    # Idempotent: a second run gathers nothing and changes nothing.
    with pytest.raises(ValidationError) as exc:
        upward_proposal_create(round=commune_round, actor=commune_office)
    assert exc.value.message_dict == {
        "nominees": ["Không có đối tượng đề nghị cấp trên khen nào chưa được tổng hợp."]
    }
    assert Nominee.objects.filter(round=round_).count() == 2
    assert Proposal.objects.filter(round=round_).count() == 1


def test_partial_gathering_reuses_the_draft_and_marks_at_the_end(
    appraised, commune_round, round_, commune_office
):
    proposal, (mai, huy, _tam) = appraised
    first = upward_proposal_create(round=commune_round, actor=commune_office, nominees=[mai.pk])
    proposal.refresh_from_db()
    assert (len(first.created), first.marked, proposal.state) == (1, [], "appraised")
    assert [n.pk for n in escalated_pending(commune_round)] == [huy.pk]

    second = upward_proposal_create(round=commune_round, actor=commune_office, upper_round=round_)
    assert [p.pk for p in second.proposals] == [p.pk for p in first.proposals]
    assert sorted(
        Nominee.objects.filter(round=round_).values_list("source_id", flat=True)
    ) == sorted([mai.pk, huy.pk])
    proposal.refresh_from_db()
    assert proposal.state == "proposed_upward"


def test_the_gathered_proposal_is_submitted_by_the_commune(  # noqa: PLR0917 -- fixtures
    appraised, commune_round, round_, alice, specialist, commune_office
):
    result = upward_proposal_create(round=commune_round, actor=commune_office)
    (upper,) = result.proposals
    proposal_submit(proposal=upper, actor=alice)
    proposal_receive(proposal=upper, actor=specialist)
    upper.refresh_from_db()
    assert upper.state == "received"
    assert sorted(upper.nominees.values_list("state", flat=True)) == ["accepted", "accepted"]


def test_only_the_round_office_and_a_real_upper_round(
    appraised, commune_round, round_, bob, commune_office
):
    with pytest.raises(PermissionDenied):
        upward_proposal_create(round=commune_round, actor=bob)
    # The commune round is not above itself; the province round has no round above it.
    with pytest.raises(ValidationError) as exc:
        upward_proposal_create(round=commune_round, actor=commune_office, upper_round=commune_round)
    assert list(exc.value.message_dict) == ["upper_round"]
    assert upper_rounds(round_) == []
    assert Nominee.objects.filter(source__isnull=False).count() == 0


def test_nothing_to_gather_without_an_open_upper_round(
    appraised, commune_round, round_, commune_office, specialist
):
    set_round_state(round_, "closed", actor=specialist)
    with pytest.raises(ValidationError) as exc:
        upward_proposal_create(round=commune_round, actor=commune_office)
    assert exc.value.message_dict["nominees"][0] == "Không tổng hợp được đối tượng nào:"
    assert len(exc.value.message_dict["nominees"]) == 3
    assert Nominee.objects.filter(source__isnull=False).count() == 0


def test_the_nominee_own_documents_go_up_with_it(
    appraised, commune_round, round_, school_officer, commune_office
):
    import datetime as dt

    from django.utils import timezone

    from tdkt.nominations.models import DossierFile

    proposal, (mai, _huy, _tam) = appraised
    at = timezone.make_aware(dt.datetime(2026, 1, 12, 9, 30))

    def upload(name, nominee=None, document="bao_cao_thanh_tich"):
        return DossierFile.objects.create(
            proposal=proposal,
            nominee=nominee,
            document=document,
            original_name=name,
            file=f"private/dossiers/{proposal.pk}/{name}",
            content_type="application/pdf",
            size=1234,
            sha256="0" * 64,
            uploaded_by=school_officer,
            uploaded_at=at,
        )

    old = upload("bao-cao-cu.pdf", mai)
    new = upload("bao-cao-mai.pdf", mai)
    old.superseded_by = new
    old.save(update_fields=["superseded_by"])
    upload("to-trinh.pdf", document="to_trinh")

    result = upward_proposal_create(round=commune_round, actor=commune_office)

    (upper,) = result.proposals
    upper_mai = upper.nominees.get(source=mai)
    assert [
        (f.proposal_id, f.document, f.original_name, f.file.name, f.uploaded_by, f.uploaded_at)
        for f in DossierFile.objects.filter(proposal=upper)
    ] == [
        (
            upper.pk,
            "bao_cao_thanh_tich",
            "bao-cao-mai.pdf",
            f"private/dossiers/{proposal.pk}/bao-cao-mai.pdf",
            school_officer,
            at,
        )
    ]
    assert [f.nominee_id for f in DossierFile.objects.filter(proposal=upper)] == [upper_mai.pk]
