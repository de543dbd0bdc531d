from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.awarding.conftest import SIGNED

pytestmark = pytest.mark.django_db


def engine_amount(code, kind, on, issuer="other"):
    from tdkt.rules.engine import compute_bonus

    return compute_bonus(
        {
            "code": code,
            "subject_kind": kind,
            "decision_date": on.isoformat(),
            "issuer_level": issuer,
        }
    )["amount"]


def test_draft_takes_every_passed_nominee_with_engine_bonuses(round_, passed, specialist):
    from tdkt.awarding.services import draft_create

    draft = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    lines = {line.nominee_id: line for line in draft.lines.all()}
    assert set(lines) == {n.pk for n in passed.values()}
    assert lines[passed["khoa"].pk].bonus_amount == engine_amount("LDTT", "individual", SIGNED)
    # 0,3 × 2.340.000 = 702.000, rounded up to the next 10.000 as the engine does
    assert lines[passed["khoa"].pk].bonus_amount == 710_000
    assert lines[passed["anh"].pk].bonus_amount == 2_340_000
    assert lines[passed["binh"].pk].bonus_amount == 3_510_000
    assert lines[passed["anh"].pk].initiative_codes == ["SK-2025-0099"]
    assert lines[passed["khoa"].pk].bonus_basis.startswith(
        "Hệ số 0,3 × mức lương cơ sở 2.340.000 đồng = 702.000 đồng, làm tròn lên 710.000 đồng "
        "(ngày ký 20/01/2026;"
    )


def test_bonus_follows_the_planned_signing_date(round_, passed, specialist):
    from tdkt.awarding.services import draft_create, draft_update

    draft = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    later = dt.date(2026, 7, 2)  # base salary 2.530.000 from 1/7/2026
    draft_update(draft=draft, actor=specialist, planned_on=later)
    amounts = sorted(line.bonus_amount for line in draft.lines.all())
    assert amounts == sorted(
        [
            engine_amount("LDTT", "individual", later),
            engine_amount("CSTDCS", "individual", later),
            engine_amount("BK_TINH", "individual", later),
        ]
    )
    assert amounts == [760_000, 2_530_000, 3_800_000]


def test_a_nominee_goes_into_one_live_draft_only(round_, passed, specialist):
    from tdkt.awarding.services import draft_cancel, draft_create

    first = draft_create(round=round_, actor=specialist, honour="LDTT", planned_on=SIGNED)
    assert [line.nominee_id for line in first.lines.all()] == [passed["khoa"].pk]
    second = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    assert sorted(line.nominee_id for line in second.lines.all()) == sorted(
        [passed["anh"].pk, passed["binh"].pk]
    )
    with pytest.raises(ValidationError) as exc:
        draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    assert "Không còn đối tượng" in str(exc.value)
    with pytest.raises(ValidationError):
        draft_cancel(draft=first, actor=specialist, reason="  ")
    draft_cancel(draft=first, actor=specialist, reason="Gộp vào quyết định chung.")
    third = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    assert [line.nominee_id for line in third.lines.all()] == [passed["khoa"].pk]


def _sign(draft, actor, on=SIGNED):
    from tdkt.awarding.services import draft_sign

    return draft_sign(
        draft=draft,
        actor=actor,
        signed_on=on,
        signer_name="Lê Hồng Sơn",
        signer_authority="KT. Chủ tịch",
        signer_title="Phó Chủ tịch",
    )


def test_signing_writes_the_registry_and_closes_the_round(round_, passed, specialist, tree):
    from tdkt.awarding.services import draft_create
    from tdkt.common.models import AuditLog
    from tdkt.nominations.services import set_round_state
    from tdkt.registry.models import AwardRecord, Decision, Initiative

    set_round_state(round_, "closed", actor=specialist)
    draft = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    draft = _sign(draft, specialist)
    assert draft.state == "signed"
    assert draft.number == "01/QĐ-UBND"
    decision = Decision.objects.get()
    assert draft.registry_decision == decision
    assert (decision.number, decision.signed_on, decision.issuer_unit) == (
        "01/QĐ-UBND",
        SIGNED,
        tree.province,
    )
    assert decision.issuer_name == "Ủy ban nhân dân tỉnh Hòa Bình Xanh"
    assert decision.signer_title == "KT. Chủ tịch Phó Chủ tịch"
    records = {
        (a.person.full_name, a.honour_id, a.year_to, a.bonus_amount, a.source)
        for a in AwardRecord.objects.select_related("person")
    }
    assert records == {
        ("Nguyễn Văn Khoa", "LDTT", 2025, 710_000, "nomination"),
        ("Phạm Thị Ngọc Ánh", "CSTDCS", 2025, 2_340_000, "nomination"),
        ("Trần Văn Bình", "BK_TINH", 2025, 3_510_000, "nomination"),
    }
    assert AwardRecord.objects.filter(decision=decision).count() == 3
    initiative = Initiative.objects.get(code="SK-2025-0099")
    assert initiative.used_for == AwardRecord.objects.get(honour_id="CSTDCS")
    states = set(round_.nominees.values_list("state", flat=True))
    assert states == {"awarded"}
    round_.refresh_from_db()
    assert round_.state == "decided"
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {
        "awarding.draft.create",
        "awarding.draft.signed",
        "registry.decision.create",
        "registry.award.create",
        "registry.initiative.use",
        "nominations.nominee.awarded",
        "nominations.round.decided",
    } <= actions


def test_a_duplicate_award_refuses_the_whole_signing(round_, passed, specialist, worker):
    from tdkt.awarding.models import NumberSequence
    from tdkt.awarding.services import draft_create
    from tdkt.registry.models import AwardRecord, Decision, Initiative
    from tests.factories import make_award, make_decision

    old = make_decision("88/QĐ-UBND", signed_on=dt.date(2026, 1, 10))
    make_award(worker, "LDTT", 2025, decision=old)
    draft = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    with pytest.raises(ValidationError) as exc:
        _sign(draft, specialist)
    assert "Nguyễn Văn Khoa đã có Lao động tiên tiến năm 2025" in " ".join(exc.value.messages)
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.number == ""
    assert list(Decision.objects.values_list("number", flat=True)) == ["88/QĐ-UBND"]
    assert AwardRecord.objects.count() == 1
    assert Initiative.objects.get(code="SK-2025-0099").used_for is None
    assert set(round_.nominees.values_list("state", flat=True)) == {"voted_passed"}
    assert not NumberSequence.objects.filter(last__gt=0).exists()


def test_an_initiative_used_meanwhile_refuses_the_signing(round_, passed, specialist, innovator):
    from tdkt.awarding.services import draft_create
    from tdkt.registry.models import AwardRecord, Initiative
    from tdkt.registry.services import initiative_mark_used
    from tests.factories import make_award

    other = make_award(innovator, "GK", 2024)
    draft = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    initiative_mark_used(
        initiative=Initiative.objects.get(code="SK-2025-0099"), award=other, actor=specialist
    )
    with pytest.raises(ValidationError) as exc:
        _sign(draft, specialist)
    assert "SK-2025-0099" in " ".join(exc.value.messages)
    assert AwardRecord.objects.count() == 1


def test_numbers_per_body_per_year(tree):
    from django.db import transaction

    from tdkt.awarding.services import next_number

    with transaction.atomic():
        got = [
            next_number(unit=tree.province, year=2026),
            next_number(unit=tree.province, year=2026),
            next_number(unit=tree.commune_a, year=2026),
            next_number(unit=tree.province, year=2027),
            next_number(unit=tree.province, year=2026),
            next_number(unit=tree.province, year=2026, kind="TTr"),
        ]
    assert got == [1, 2, 1, 1, 3, 1]


def test_numbers_continue_after_decisions_entered_in_the_registry(tree):
    """Decisions typed into the registry (or signed before the system) hold their numbers."""
    from django.db import transaction

    from tdkt.awarding.services import next_number
    from tests.factories import make_decision

    make_decision("07/QĐ-UBND", dt.date(2026, 3, 2), issuer_unit=tree.province)
    make_decision("31/TTr-UBND", dt.date(2026, 3, 2), issuer_unit=tree.province)
    make_decision("45/QĐ-UBND", dt.date(2025, 12, 30), issuer_unit=tree.province)
    make_decision("12/QĐ-UBND", dt.date(2026, 4, 1), issuer_unit=tree.commune_a)
    with transaction.atomic():
        got = [next_number(unit=tree.province, year=2026) for _ in range(2)]
        make_decision("20/QĐ-UBND", dt.date(2026, 5, 5), issuer_unit=tree.province)
        got.append(next_number(unit=tree.province, year=2026))
    assert got == [8, 9, 21]


def test_signing_tells_each_proposing_unit_which_nominees_are_awarded(  # noqa: PLR0917
    round_, passed, specialist, alice, bob, django_capture_on_commit_callbacks
):
    from tdkt.awarding.services import draft_create
    from tdkt.notifications.models import Notification

    draft = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    with django_capture_on_commit_callbacks(execute=True):
        _sign(draft, specialist)
    signed = Notification.objects.filter(kind="awarding.signed")
    got = {
        (n.recipient.username, n.title, n.body, n.url)
        for n in signed.filter(recipient__in=[alice, bob]).select_related("recipient")
    }
    a, b = passed["khoa"].proposal, passed["binh"].proposal
    assert got == {
        (
            alice.username,
            "Quyết định số 01/QĐ-UBND ngày 20/01/2026 khen thưởng 2 đối tượng của Xã An Lạc",
            f"{passed['khoa'].subject}, {passed['anh'].subject}",
            f"/to-trinh/{a.pk}/",
        ),
        (
            bob.username,
            "Quyết định số 01/QĐ-UBND ngày 20/01/2026 khen thưởng 1 đối tượng của Xã Bình Minh",
            str(passed["binh"].subject),
            f"/to-trinh/{b.pk}/",
        ),
    }


def test_signing_numbers_follow_the_body_sequence(round_, passed, specialist):
    from tdkt.awarding.services import draft_create

    first = draft_create(round=round_, actor=specialist, honour="LDTT", planned_on=SIGNED)
    second = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    assert _sign(first, specialist).number == "01/QĐ-UBND"
    assert _sign(second, specialist, on=dt.date(2026, 1, 21)).number == "02/QĐ-UBND"
    with pytest.raises(ValidationError):
        _sign(second, specialist)


def test_office_of_another_body_may_not_draft(round_, passed, alice):
    from django.core.exceptions import PermissionDenied

    from tdkt.awarding.services import draft_create

    with pytest.raises(PermissionDenied):
        draft_create(round=round_, actor=alice, planned_on=SIGNED)


def test_sign_refuses_a_future_date_and_a_missing_signer(round_, passed, specialist):
    from tdkt.awarding.services import draft_create, draft_sign

    draft = draft_create(round=round_, actor=specialist, planned_on=SIGNED)
    with pytest.raises(ValidationError) as exc:
        draft_sign(draft=draft, actor=specialist, signed_on=dt.date(2099, 1, 1))
    assert "Ngày ký" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError) as exc:
        draft_sign(draft=draft, actor=specialist, signed_on=SIGNED, signer_name="")
    assert "người ký" in " ".join(exc.value.messages)
