import pytest
from django.core import mail
from django.db import transaction

from tdkt.notifications.models import Notification
from tdkt.notifications.selectors import notifications_for, unread_count
from tdkt.notifications.services import is_local_url, mark_all_read, mark_read, notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    from tests.factories import make_user

    return {
        "an": make_user("an", email="an@example.vn", full_name="Nguyễn Văn An"),
        "binh": make_user("binh", email="binh@example.vn", full_name="Trần Thị Bình"),
        "noemail": make_user("khongthu", email=""),
        "gone": make_user("nghiviec", email="cu@example.vn", is_active=False),
    }


def test_notify_creates_one_row_per_distinct_active_recipient(people, person_a):
    an, binh = people["an"], people["binh"]
    rows = notify(
        recipients=[an, binh, an, None, people["gone"]],
        kind="nomination.submitted",
        title="Hồ sơ đề nghị khen thưởng mới",
        body="Xã A gửi 3 hồ sơ.",
        url="/ho-so/12/",
        target=person_a,
        email=False,
    )
    assert sorted(r.recipient.username for r in rows) == ["an", "binh"]
    stored = Notification.objects.get(recipient=an)
    assert (stored.kind, stored.title, stored.url, stored.read_at) == (
        "nomination.submitted",
        "Hồ sơ đề nghị khen thưởng mới",
        "/ho-so/12/",
        None,
    )
    assert stored.target == person_a
    assert unread_count(an) == 1 and unread_count(people["gone"]) == 0


def test_text_is_normalised_to_nfc(people):
    decomposed = "Ho\u0302\u0300 so\u031b"  # "Hồ sơ" in NFD
    (row,) = notify(recipients=[people["an"]], kind="x", title=decomposed, email=False)
    assert row.title == "Hồ sơ"


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "ho-so",
    ],
)
def test_external_or_relative_url_is_refused(people, url):
    with pytest.raises(ValueError):
        notify(recipients=[people["an"]], kind="x", title="T", url=url)
    assert not Notification.objects.exists()
    assert not is_local_url(url)


def test_email_sent_on_commit_one_per_recipient_with_address(
    people, settings, django_capture_on_commit_callbacks
):
    settings.TDKT_SITE_NAME = "Hệ thống TĐKT tỉnh Thử"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = notify(
            recipients=[people["an"], people["binh"], people["noemail"]],
            kind="deadline.due_soon",
            title="Sắp đến hạn nộp hồ sơ",
            body="Hạn nộp: 06/03/2026.",
            url="/ho-so/12/",
        )
    assert len(rows) == 3
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == ["an@example.vn", "binh@example.vn"]
    assert all(len(m.to) == 1 for m in mail.outbox)
    message = next(m for m in mail.outbox if m.to == ["an@example.vn"])
    assert message.subject == "[Hệ thống TĐKT tỉnh Thử] Sắp đến hạn nộp hồ sơ"
    an_row = next(r for r in rows if r.recipient == people["an"])
    assert message.body.splitlines()[:5] == [
        "Kính gửi Nguyễn Văn An,",
        "",
        "Sắp đến hạn nộp hồ sơ",
        "",
        "Hạn nộp: 06/03/2026.",
    ]
    assert f"Xem chi tiết: /thong-bao/{an_row.pk}/" in message.body
    assert "Hệ thống TĐKT tỉnh Thử" in message.body
    assert message.alternatives == []  # plain text only


def test_no_email_when_the_transaction_rolls_back(people, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(recipients=[people["an"]], kind="x", title="Không gửi")
        raise RuntimeError("lỗi sau khi tạo thông báo")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_commit_sends_and_real_rollback_does_not():
    from tests.factories import make_user

    an = make_user("an2", email="an2@example.vn")
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=[an], kind="x", title="Bị hủy")
        raise RuntimeError
    assert mail.outbox == []
    with transaction.atomic():
        notify(recipients=[an], kind="x", title="Đã gửi")
        assert mail.outbox == []
    assert [m.subject.endswith("Đã gửi") for m in mail.outbox] == [True]


def test_email_false_sends_nothing(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[people["an"]], kind="x", title="T", email=False)
    assert mail.outbox == []


def test_broken_mail_backend_is_logged_not_raised(
    people, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tdkt.notifications.does_not_exist.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[people["an"]], kind="x", title="T")
    assert Notification.objects.count() == 1
    assert "Sending notification e-mails failed" in caplog.text


def test_mark_read_only_touches_own_notifications(people):
    an, binh = people["an"], people["binh"]
    mine = notify(recipients=[an], kind="x", title="1", email=False)
    mine += notify(recipients=[an], kind="x", title="2", email=False)
    theirs = notify(recipients=[binh], kind="x", title="3", email=False)
    assert mark_read(an, [mine[0].pk, theirs[0].pk, "rác"]) == 1
    assert unread_count(an) == 1 and unread_count(binh) == 1
    assert mark_read(an, [mine[0].pk]) == 0  # already read
    assert mark_all_read(an) == 1
    assert unread_count(an) == 0 and unread_count(binh) == 1
    assert [n.title for n in notifications_for(an)] == ["2", "1"]


def test_anonymous_has_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert unread_count(AnonymousUser()) == 0
    assert list(notifications_for(AnonymousUser())) == []
    assert mark_all_read(AnonymousUser()) == 0
