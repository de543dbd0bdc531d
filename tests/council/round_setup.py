"""A provincial round for 2025 whose nominees have been appraised, for the council's agenda.

Commune A proposes Nguyễn Văn Khoa (LĐTT, appraised "agree"), Trần Thị Lan (LĐTT, not
eligible, proposed by the head's override, appraised "agree with Giấy khen"), Hoàng Minh Đức
(CSTĐCS, override, escalated "đề nghị cấp trên khen") and Đỗ Thị Mơ (LĐTT, override, rejected);
commune B proposes Lý Văn Bình (LĐTT, agree). Nothing else is appraised."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

OVERRIDE_REASON = "Đồng chí có thành tích đột xuất trong phòng chống bão lũ năm 2025."
APPRAISAL_NOTE = "Hồ sơ đầy đủ, thành tích tiêu biểu."


def appraised_round(tree, monkeypatch) -> SimpleNamespace:
    from tdkt.nominations import services as nominations
    from tests.factories import grant, make_person, make_rating, make_user

    monkeypatch.setattr(nominations, "_today", lambda: dt.date(2026, 1, 15))
    office = grant(
        make_user("vanphongtdkt", full_name="Phạm Văn Phòng"), "specialist", tree.province
    )
    officer_a = grant(make_user("canboxa_a", full_name="Cán Bộ Xã A"), "officer", tree.commune_a)
    officer_b = grant(make_user("canboxa_b", full_name="Cán Bộ Xã B"), "officer", tree.commune_b)
    head_a = grant(make_user("truongxa_a", full_name="Lê Văn Trưởng"), "head", tree.commune_a)

    round_ = nominations.round_create(
        code="TK-2025",
        name="Xét khen thưởng tổng kết năm 2025",
        year=2025,
        issuing_unit=tree.province,
        award_type="cong_trang",
        targets=["LDTT", "CSTDCS", "GK", "TTLDTT"],
        opens_on=dt.date(2026, 1, 5),
        submit_deadline=dt.date(2026, 1, 30),
        actor=office,
    )
    round_ = nominations.set_round_state(round_, "open", actor=office)

    def person(name, unit, rating, birth_year):
        p = make_person(name, unit, birth_year=birth_year, employment_start=dt.date(2010, 1, 1))
        make_rating(p, 2025, rating)
        return p

    # commune B first in time: the agenda still follows the unit order (A before B)
    prop_b = nominations.proposal_create(
        round=round_, unit=tree.commune_b, actor=officer_b, number="20/TTr-UBND"
    )
    binh = nominations.nominee_add(
        proposal=prop_b,
        subject=person("Lý Văn Bình", tree.commune_b, "HTTNV", 1982),
        target="LDTT",
        actor=officer_b,
    )
    prop_a = nominations.proposal_create(
        round=round_, unit=tree.commune_a, actor=officer_a, number="15/TTr-UBND"
    )
    khoa = nominations.nominee_add(
        proposal=prop_a,
        subject=person("Nguyễn Văn Khoa", tree.commune_a, "HTTNV", 1980),
        target="LDTT",
        actor=officer_a,
    )
    lan = nominations.nominee_add(
        proposal=prop_a,
        subject=person("Trần Thị Lan", tree.commune_a, "HTNV", 1990),
        target="LDTT",
        actor=officer_a,
    )
    duc = nominations.nominee_add(
        proposal=prop_a,
        subject=person("Hoàng Minh Đức", tree.commune_a, "HTNV", 1975),
        target="CSTDCS",
        actor=officer_a,
    )
    mo = nominations.nominee_add(
        proposal=prop_a,
        subject=person("Đỗ Thị Mơ", tree.commune_a, "HTNV", 1988),
        target="LDTT",
        actor=officer_a,
    )
    for nominee in (khoa, lan, duc, mo, binh):
        nominee.refresh_from_db()
        if not nominee.eligible:
            nominations.nominee_override(nominee=nominee, head=head_a, reason=OVERRIDE_REASON)
    for proposal, officer in ((prop_b, officer_b), (prop_a, officer_a)):
        nominations.proposal_submit(proposal=proposal, actor=officer)
        proposal.refresh_from_db()
        nominations.proposal_receive(proposal=proposal, actor=office)
    decisions = [
        (khoa, {"decision": "agree", "note": APPRAISAL_NOTE}),
        (lan, {"decision": "lower", "lower_target": "GK"}),
        (duc, {"decision": "escalate", "note": "Đề nghị Chủ tịch UBND tỉnh tặng Bằng khen."}),
        (mo, {"decision": "reject", "note": "Không đủ tiêu chuẩn."}),
        (binh, {"decision": "agree"}),
    ]
    for nominee, kwargs in decisions:
        nominee.refresh_from_db()
        nominations.nominee_appraise(nominee=nominee, actor=office, **kwargs)
    for nominee in (khoa, lan, duc, mo, binh):
        nominee.refresh_from_db()
    return SimpleNamespace(
        round=round_,
        office=office,
        officer_a=officer_a,
        head_a=head_a,
        prop_a=prop_a,
        prop_b=prop_b,
        khoa=khoa,
        lan=lan,
        duc=duc,
        mo=mo,
        binh=binh,
    )


def patch_notice(monkeypatch, blocked: dict | None = None) -> dict:
    """Replace the portal's `notice_blockers` by one answering from `blocked` ({nominee id:
    reason}); returns the dict (tests may fill it later)."""
    import importlib

    blocked = {} if blocked is None else blocked
    portal = importlib.import_module("tdkt.portal.selectors")

    def fake(nominees, on):
        return {n.pk: blocked[n.pk] for n in nominees if n.pk in blocked}

    monkeypatch.setattr(portal, "notice_blockers", fake, raising=False)
    return blocked
