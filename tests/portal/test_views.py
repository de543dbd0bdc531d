"""The public portal: no login, names but no personal data, comments with honeypot and limits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tdkt.portal import services
from tdkt.portal.models import PublicComment

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(hc_round, hero, modest, specialist):
    return services.notice_publish(round=hc_round, nominees=[modest], actor=specialist)


def test_index_lists_open_notice(client, notice):
    response = client.get(reverse("portal:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert notice.title in html
    assert "Tỉnh Hòa Bình Xanh" in html
    assert "sidenav" not in html


def test_notice_page_shows_names_not_personal_data(client, notice):
    response = client.get(reverse("portal:notice", args=[notice.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nguyễn Văn Anh" in html
    assert "Trần Thị Bé" in html
    assert "Huân chương Lao động hạng Ba" in html
    assert "001080123456" not in html
    assert "07/03/1980" not in html
    assert "1980" not in html


def test_post_comment(client, notice):
    entry = notice.entries.get(nominee__person__full_name="Nguyễn Văn Anh")
    response = client.post(
        reverse("portal:notice", args=[notice.pk]),
        {"entry": entry.pk, "author_name": "Phạm Văn Dân", "text": "Đồng ý.", "contact": ""},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 302
    comment = PublicComment.objects.get()
    assert (comment.entry, comment.author_name, comment.text, comment.ip_hash) == (
        entry,
        "Phạm Văn Dân",
        "Đồng ý.",
        services.ip_hash("203.0.113.9"),
    )
    page = client.get(response["Location"]).content.decode()
    assert "Cảm ơn bạn đã gửi ý kiến góp ý." in page


def test_missing_name_redisplays_form(client, notice):
    response = client.post(
        reverse("portal:notice", args=[notice.pk]), {"author_name": "", "text": "Ý kiến"}
    )
    assert response.status_code == 200
    assert PublicComment.objects.count() == 0


def test_honeypot_stores_nothing(client, notice):
    response = client.post(
        reverse("portal:notice", args=[notice.pk]),
        {"author_name": "Bot", "text": "spam", "website": "http://spam.example"},
    )
    assert response.status_code == 302
    assert PublicComment.objects.count() == 0


def test_rate_limit_answers_429(client, notice, settings):
    settings.TDKT_PORTAL_COMMENT_LIMITS = [(5, 600), (20, 86400)]
    url = reverse("portal:notice", args=[notice.pk])
    data = {"author_name": "Phạm Văn Dân", "text": "Ý kiến"}
    for _ in range(5):
        assert client.post(url, data, REMOTE_ADDR="203.0.113.5").status_code == 302
    response = client.post(url, data, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429
    assert "Bạn đã gửi 5 ý kiến trong 10 phút." in response.content.decode()
    assert PublicComment.objects.count() == 5


def test_closed_notice_is_read_only(client, notice, _today):
    _today["today"] = dt.date(2026, 2, 2)
    url = reverse("portal:notice", args=[notice.pk])
    page = client.get(url).content.decode()
    assert "Thời gian nhận ý kiến góp ý đối với thông báo này đã kết thúc." in page
    assert 'name="text"' not in page
    response = client.post(url, {"author_name": "A", "text": "B"})
    assert response.status_code == 302
    assert PublicComment.objects.count() == 0
    index = client.get(reverse("portal:index")).content.decode()
    assert "Đã hết thời gian góp ý" in index


def test_withdrawn_notice_is_gone(client, notice, specialist):
    services.notice_withdraw(notice=notice, actor=specialist, reason="Sai sót")
    assert client.get(reverse("portal:notice", args=[notice.pk])).status_code == 404
    assert notice.title not in client.get(reverse("portal:index")).content.decode()


def _publish_many(round_, proposal, specialist, count):
    from tests.factories import make_person
    from tests.portal.fixtures import add_nominee

    nominees = [
        add_nominee(proposal, make_person(f"Người số {i}", proposal.unit), "BK_TINH")
        for i in range(count)
    ]
    return services.notice_publish(round=round_, nominees=nominees, actor=specialist)


def test_constant_queries(client, hc_round, hc_proposal, specialist):
    small = _publish_many(hc_round, hc_proposal, specialist, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("portal:notice", args=[small.pk])).status_code == 200
    with CaptureQueriesContext(connection) as index_few:
        client.get(reverse("portal:index"))
    big = _publish_many(hc_round, hc_proposal, specialist, 12)
    _publish_many(hc_round, hc_proposal, specialist, 3)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("portal:notice", args=[big.pk])).status_code == 200
    with CaptureQueriesContext(connection) as index_many:
        client.get(reverse("portal:index"))
    assert len(many) == len(few)
    assert len(index_many) == len(index_few)
