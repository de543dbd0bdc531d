import re

import pytest
from django.urls import reverse

from tdkt.notifications.models import Notification
from tdkt.notifications.services import notify

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")


def make(user, n=1, **kw):
    rows = []
    for i in range(n):
        rows += notify(recipients=[user], kind="x", title=f"Thông báo {i + 1}", email=False, **kw)
    return rows


def titles(response):
    return re.findall(r'href="/thong-bao/\d+/">(?:<strong>)?([^<]+)<', response.content.decode())


def test_list_newest_first_unread_highlighted(client, alice):
    rows = make(alice, 3, url="/")
    rows[0].read_at = rows[0].created
    rows[0].save()
    client.force_login(alice)
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Thông báo 3", "Thông báo 2", "Thông báo 1"]
    html = response.content.decode()
    assert html.count('class="unread"') == 2
    assert html.count("<strong>Thông báo") == 2
    assert "Đánh dấu đã đọc tất cả" in html
    # The nav badge shows the unread count.
    assert re.search(r'Thông báo <span class="badge bad"[^>]*>2</span>', html)


def test_list_shows_only_my_notifications(client, alice, bob):
    make(bob, 2)
    make(alice, 1)
    client.force_login(alice)
    response = client.get(LIST)
    assert titles(response) == ["Thông báo 1"]


def test_empty_list(client, alice):
    client.force_login(alice)
    html = client.get(LIST).content.decode()
    assert "Bạn chưa có thông báo nào." in html
    assert "Đánh dấu đã đọc tất cả" not in html
    assert 'class="badge bad"' not in html


@pytest.mark.parametrize("count", [1, 5])
def test_list_query_count_is_constant(client, alice, count, django_assert_num_queries):
    make(alice, count)
    client.force_login(alice)
    # session, user, 2 OTP device look-ups, role grants, paginator count, user's unit (header),
    # unread badge count, page rows
    with django_assert_num_queries(9):
        response = client.get(LIST)
    assert len(titles(response)) == count


def test_pagination(client, alice):
    make(alice, 31)
    client.force_login(alice)
    first = client.get(LIST)
    assert len(titles(first)) == 30 and "Trang 1/2" in first.content.decode()
    second = client.get(LIST, {"page": 2})
    assert titles(second) == ["Thông báo 1"]


def test_read_all(client, alice, bob):
    make(alice, 2)
    make(bob, 1)
    client.force_login(alice)
    assert client.get(reverse("notifications:read_all")).status_code == 405
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    assert "Đã đánh dấu 2 thông báo là đã đọc." in response.content.decode()
    assert Notification.objects.filter(recipient=alice, read_at=None).count() == 0
    assert Notification.objects.filter(recipient=bob, read_at=None).count() == 1


def test_open_marks_read_and_follows_local_url(client, alice):
    (row,) = make(alice, url="/nhap-excel/?page=2")
    client.force_login(alice)
    response = client.get(reverse("notifications:open", args=[row.pk]))
    assert (response.status_code, response["Location"]) == (302, "/nhap-excel/?page=2")
    row.refresh_from_db()
    assert row.read_at is not None


def test_open_without_url_goes_to_the_list(client, alice):
    (row,) = make(alice)
    client.force_login(alice)
    response = client.get(reverse("notifications:open", args=[row.pk]))
    assert response["Location"] == LIST


def test_open_refuses_external_redirect(client, alice):
    row = Notification.objects.create(
        recipient=alice, kind="x", title="Lừa", url="https://evil.example/"
    )
    client.force_login(alice)
    response = client.get(reverse("notifications:open", args=[row.pk]), follow=True)
    assert response.redirect_chain == [(LIST, 302)]
    assert "Đường dẫn của thông báo không hợp lệ" in response.content.decode()


def test_someone_elses_notification_is_404(client, alice, bob):
    (row,) = make(alice, url="/")
    client.force_login(bob)
    assert client.get(reverse("notifications:open", args=[row.pk])).status_code == 404
    assert client.get(reverse("notifications:open", args=[999999])).status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_anonymous_is_sent_to_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
