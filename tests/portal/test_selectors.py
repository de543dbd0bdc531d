"""What the council reads: blockers per nominee and the public's comments."""

from __future__ import annotations

import datetime as dt

import pytest

from tdkt.portal import services
from tdkt.portal.selectors import comments_for_nominees, general_comments, notice_blockers

pytestmark = pytest.mark.django_db

NOT_PUBLISHED = (
    "Chưa công khai danh sách đề nghị trên cổng thông tin (bắt buộc trước khi Hội đồng xét)."
)


def test_blockers_missing_running_and_done(hc_round, hero, modest, specialist):
    assert notice_blockers([hero, modest], dt.date(2026, 1, 15)) == {hero.pk: NOT_PUBLISHED}
    services.notice_publish(round=hc_round, nominees=[], actor=specialist)
    assert notice_blockers([hero, modest], dt.date(2026, 1, 29)) == {
        hero.pk: "Đang công khai đến 29/01/2026."
    }
    assert notice_blockers([hero, modest], dt.date(2026, 1, 30)) == {}


def test_withdrawn_notice_does_not_count(hc_round, hero, specialist):
    notice = services.notice_publish(round=hc_round, nominees=[], actor=specialist)
    services.notice_withdraw(notice=notice, actor=specialist, reason="Sai sót")
    assert notice_blockers([hero], dt.date(2026, 3, 1)) == {hero.pk: NOT_PUBLISHED}


def test_lowered_target_decides(hc_round, hero):
    hero.state = "appraised_lower"
    hero.lower_target_id = "BK_TINH"
    hero.save()
    assert notice_blockers([hero], dt.date(2026, 1, 15)) == {}
    assert notice_blockers([], dt.date(2026, 1, 15)) == {}


def test_comments_for_nominees(hc_round, hero, modest, specialist):
    notice = services.notice_publish(round=hc_round, nominees=[modest], actor=specialist)
    by_nominee = {e.nominee_id: e for e in notice.entries.all()}
    first = services.comment_post(
        notice=notice, entry=by_nominee[hero.pk], author_name="A", text="Một", ip="1.1.1.1"
    )
    general = services.comment_post(notice=notice, author_name="B", text="Chung", ip="1.1.1.2")
    second = services.comment_post(
        notice=notice, entry=by_nominee[hero.pk], author_name="C", text="Hai", ip="1.1.1.3"
    )
    assert comments_for_nominees([hero.pk, modest.pk]) == {
        hero.pk: [first, second],
        None: [general],
    }
    assert comments_for_nominees([]) == {}
    assert general_comments([notice.pk]) == [general]
