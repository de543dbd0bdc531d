# ruff: noqa: F811 (fixtures imported from tests.portal.fixtures)
"""The back-office public-notice screen of a round: office only, publish, withdraw, comments."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tdkt.portal import services
from tdkt.portal.models import PublicComment, PublicNotice
from tests.portal.fixtures import (  # noqa: F401
    _clear_cache,
    _today,
    hc_proposal,
    hc_round,
    hero,
    modest,
    pending,
)

pytestmark = pytest.mark.django_db


def _url(round_):
    return reverse("backoffice:rounds.notice", args=[round_.pk])


def test_stranger_gets_404(client, hc_round, bob, alice):
    for user in (bob, alice):  # commune officers are not the province's office
        client.force_login(user)
        assert client.get(_url(hc_round)).status_code == 404
        assert client.post(_url(hc_round), {}).status_code == 404


def test_anonymous_is_sent_to_login(client, hc_round):
    response = client.get(_url(hc_round))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


@pytest.mark.usefixtures("pending")
def test_office_sees_candidates(client, hc_round, hero, modest, specialist):
    client.force_login(specialist)
    response = client.get(_url(hc_round))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nguyễn Văn Anh" in html
    assert "Trần Thị Bé" in html
    assert "Lê Văn Chờ" not in html  # not appraised yet
    assert f'id="nominee-{hero.pk}" checked disabled' in html
    assert f'name="nominees" value="{modest.pk}"' in html


def test_publish_from_screen(client, hc_round, hero, modest, specialist):
    client.force_login(specialist)
    response = client.post(
        _url(hc_round),
        {"title": "Lấy ý kiến Nhân dân", "body": "", "working_days": "7", "nominees": [modest.pk]},
    )
    assert response.status_code == 302
    notice = PublicNotice.objects.get()
    assert sorted(notice.entries.values_list("nominee_id", flat=True)) == sorted(
        [hero.pk, modest.pk]
    )
    assert (notice.title, notice.working_days) == ("Lấy ý kiến Nhân dân", 7)
    page = client.get(response["Location"]).content.decode()
    assert "Đã công khai 2 đối tượng trên cổng thông tin đến hết 26/01/2026." in page


def test_publish_error_is_a_message(client, hc_round, modest, specialist):
    client.force_login(specialist)
    response = client.post(
        _url(hc_round), {"title": "X", "working_days": "10", "nominees": []}, follow=True
    )
    assert response.status_code == 200
    assert "Chọn ít nhất một đối tượng để công khai." in response.content.decode()
    assert PublicNotice.objects.count() == 0


def test_withdraw_and_handle_comment(client, hc_round, hero, specialist):
    notice = services.notice_publish(round=hc_round, nominees=[], actor=specialist)
    comment = services.comment_post(
        notice=notice,
        entry=notice.entries.get(),
        author_name="Phạm Dân",
        text="Ý kiến",
        ip="1.2.3.4",
    )
    client.force_login(specialist)
    page = client.get(_url(hc_round)).content.decode()
    assert f'id="comment-{comment.pk}"' in page
    assert "Ý kiến" in page
    mark = reverse("backoffice:rounds.notice.comment", args=[hc_round.pk, comment.pk])
    response = client.post(mark, {"seen": "new", "state": "handled", "note": ""}, follow=True)
    assert "Ghi kết quả xử lý ý kiến góp ý." in response.content.decode()
    client.post(mark, {"seen": "new", "state": "handled", "note": "Đã xác minh"})
    comment.refresh_from_db()
    assert (comment.state, comment.handled_note) == ("handled", "Đã xác minh")

    withdraw = reverse("backoffice:rounds.notice.withdraw", args=[hc_round.pk, notice.pk])
    client.post(withdraw, {"reason": "Sai tên đơn vị"})
    notice.refresh_from_db()
    assert (notice.state, notice.withdrawn_reason) == ("withdrawn", "Sai tên đơn vị")


def test_stranger_cannot_touch_comment(client, hc_round, hero, specialist, bob):
    notice = services.notice_publish(round=hc_round, nominees=[], actor=specialist)
    comment = services.comment_post(notice=notice, author_name="A", text="B", ip="1.2.3.4")
    client.force_login(bob)
    mark = reverse("backoffice:rounds.notice.comment", args=[hc_round.pk, comment.pk])
    assert client.post(mark, {"seen": "new", "state": "read"}).status_code == 404
    withdraw = reverse("backoffice:rounds.notice.withdraw", args=[hc_round.pk, notice.pk])
    assert client.post(withdraw, {"reason": "x"}).status_code == 404
    assert PublicComment.objects.get().state == "new"


def test_screen_constant_queries(client, hc_round, hc_proposal, specialist):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_person
    from tests.portal.fixtures import add_nominee

    def grow(count, tag):
        nominees = [
            add_nominee(hc_proposal, make_person(f"Người {tag} {i}", hc_proposal.unit), "HCLD3")
            for i in range(count)
        ]
        notice = services.notice_publish(round=hc_round, nominees=[], actor=specialist)
        for i, entry in enumerate(notice.entries.all()):
            services.comment_post(
                notice=notice, entry=entry, author_name=f"Dân {i}", text="Ý kiến", ip=f"10.0.0.{i}"
            )
        add_nominee(hc_proposal, make_person(f"Chờ {tag}", hc_proposal.unit), "BK_TINH")
        return nominees

    client.force_login(specialist)
    grow(1, "a")
    with CaptureQueriesContext(connection) as few:
        assert client.get(_url(hc_round)).status_code == 200
    grow(4, "b")
    with CaptureQueriesContext(connection) as many:
        assert client.get(_url(hc_round)).status_code == 200
    assert len(many) == len(few)
