"""Publishing, withdrawing, commenting (hashed IP, rate limit, notification) and handling."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tdkt.portal import services
from tdkt.portal.models import NoticeEntry, PublicComment, PublicNotice

pytestmark = pytest.mark.django_db


def publish(round_, nominees, actor, **kw):
    return services.notice_publish(round=round_, nominees=nominees, actor=actor, **kw)


def test_publish_includes_required_nominees_and_snapshots_them(
    hc_round, hero, modest, pending, specialist
):
    notice = publish(hc_round, [], specialist)
    entries = list(notice.entries.order_by("order"))
    assert [(e.nominee_id, e.required) for e in entries] == [(hero.pk, True)]
    entry = entries[0]
    assert (entry.display_name, entry.position, entry.unit_name) == (
        "Nguyễn Văn Anh",
        "Chủ tịch Ủy ban nhân dân xã",
        "Xã An Lạc",
    )
    assert (entry.target_code, entry.target_name, entry.years) == (
        "HCLD3",
        "Huân chương Lao động hạng Ba",
        "2021–2025",
    )
    assert (notice.opens_on, notice.closes_on, notice.working_days) == (
        dt.date(2026, 1, 15),
        dt.date(2026, 1, 29),
        10,
    )
    assert (
        notice.title
        == "Công khai danh sách đề nghị khen thưởng – Xét khen thưởng cấp Nhà nước năm 2025"
    )


def test_optional_nominee_published_on_request(hc_round, hero, modest, specialist):
    notice = publish(hc_round, [modest], specialist, working_days=5, title="  Danh sách  ")
    assert sorted(notice.entries.values_list("nominee_id", "required")) == sorted(
        [(hero.pk, True), (modest.pk, False)]
    )
    assert notice.title == "Danh sách"
    assert notice.closes_on == dt.date(2026, 1, 22)


def test_closes_on_skips_weekends(hc_round, hero, specialist, _today):
    _today["today"] = dt.date(2026, 1, 16)  # Friday
    notice = publish(hc_round, [], specialist, working_days=1)
    assert notice.closes_on == dt.date(2026, 1, 19)  # Monday


def test_closes_on_skips_tet(hc_round, hero, specialist, _today):
    _today["today"] = dt.date(2026, 2, 10)  # Tuesday before Tết Bính Ngọ (16–20/02/2026)
    notice = publish(hc_round, [], specialist)
    assert notice.closes_on == dt.date(2026, 3, 3)


def test_only_appraised_nominees_are_published(hc_round, pending, modest, specialist):
    with pytest.raises(ValidationError) as exc:
        publish(hc_round, [pending], specialist)
    assert exc.value.message_dict["nominees"] == [
        "Chỉ công khai đối tượng đã thẩm định đồng ý hoặc đề nghị cấp trên khen: Lê Văn Chờ."
    ]
    assert PublicNotice.objects.count() == 0


def test_nothing_to_publish(hc_round, modest, specialist):
    with pytest.raises(ValidationError) as exc:
        publish(hc_round, [], specialist)
    assert exc.value.messages == ["Chọn ít nhất một đối tượng để công khai."]


def test_not_twice(hc_round, hero, specialist):
    publish(hc_round, [], specialist)
    with pytest.raises(ValidationError) as exc:
        publish(hc_round, [hero], specialist)
    assert exc.value.messages == ["Đã công khai: Nguyễn Văn Anh."]


def test_working_days_bounds(hc_round, hero, specialist):
    with pytest.raises(ValidationError) as exc:
        publish(hc_round, [], specialist, working_days=0)
    assert exc.value.messages == ["Thời gian công khai phải từ 1 đến 60 ngày làm việc."]


def test_stranger_cannot_publish(hc_round, hero, bob):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        publish(hc_round, [], bob)


def test_withdraw_needs_reason_and_keeps_rows(hc_round, hero, specialist):
    notice = publish(hc_round, [], specialist)
    with pytest.raises(ValidationError):
        services.notice_withdraw(notice=notice, actor=specialist, reason=" ")
    services.notice_withdraw(notice=notice, actor=specialist, reason="Sai tên đơn vị")
    notice.refresh_from_db()
    assert (notice.state, notice.withdrawn_reason, notice.withdrawn_by) == (
        "withdrawn",
        "Sai tên đơn vị",
        specialist,
    )
    assert NoticeEntry.objects.filter(notice=notice).count() == 1
    # republishing after a withdrawal is possible
    again = publish(hc_round, [], specialist)
    assert list(again.entries.values_list("nominee_id", flat=True)) == [hero.pk]


def _comment(notice, **kw):
    return services.comment_post(
        notice=notice,
        author_name=kw.pop("author_name", "Phạm Văn Dân"),
        text=kw.pop("text", "Tôi đề nghị xem lại thành tích năm 2023."),
        ip=kw.pop("ip", "203.0.113.7"),
        **kw,
    )


def test_comment_stores_ip_hash_not_ip(hc_round, hero, specialist):
    notice = publish(hc_round, [], specialist)
    entry = notice.entries.get()
    comment = _comment(notice, entry=entry, contact="0912 345 678")
    stored = PublicComment.objects.get(pk=comment.pk)
    assert stored.ip_hash == services.ip_hash("203.0.113.7")
    assert len(stored.ip_hash) == 64
    assert "203.0.113.7" not in str(PublicComment.objects.filter(pk=comment.pk).values().get())
    assert (stored.entry, stored.state, stored.contact) == (entry, "new", "0912 345 678")


def test_comment_text_is_nfc_and_limited(hc_round, hero, specialist):
    notice = publish(hc_round, [], specialist)
    comment = _comment(notice, text="  Hoa\u0300  ")  # decomposed "Hoà"
    assert comment.text == "Hoà"
    with pytest.raises(ValidationError) as exc:
        _comment(notice, text="x" * 2001)
    assert exc.value.message_dict["text"] == ["Tối đa 2000 ký tự (đang có 2001)."]


def test_closed_notice_refuses_comments(hc_round, hero, specialist, _today):
    notice = publish(hc_round, [], specialist)
    _today["today"] = dt.date(2026, 1, 30)
    with pytest.raises(ValidationError) as exc:
        _comment(notice)
    assert exc.value.messages == ["Thời gian nhận ý kiến góp ý đối với thông báo này đã kết thúc."]
    assert PublicComment.objects.count() == 0


def test_withdrawn_notice_refuses_comments(hc_round, hero, specialist):
    notice = publish(hc_round, [], specialist)
    services.notice_withdraw(notice=notice, actor=specialist, reason="Thu hồi")
    with pytest.raises(ValidationError):
        _comment(notice)


def test_rate_limit(hc_round, hero, specialist, settings):
    settings.TDKT_PORTAL_COMMENT_LIMITS = [(2, 600), (3, 86400)]
    notice = publish(hc_round, [], specialist)
    _comment(notice)
    _comment(notice)
    with pytest.raises(services.RateLimited) as exc:
        _comment(notice)
    assert exc.value.message == (
        "Bạn đã gửi 2 ý kiến trong 10 phút. Xin vui lòng gửi lại sau; cảm ơn bạn đã quan tâm góp ý."
    )
    _comment(notice, ip="198.51.100.1")  # another address is not limited
    assert PublicComment.objects.count() == 3


def test_new_comment_notifies_assigned_specialist(
    hc_round, hero, specialist, specialist2, django_capture_on_commit_callbacks
):
    from tdkt.notifications.models import Notification

    notice = publish(hc_round, [], specialist)
    with django_capture_on_commit_callbacks(execute=True):
        comment = _comment(notice, entry=notice.entries.get())
    rows = list(Notification.objects.values_list("recipient_id", "kind", "title", "url"))
    assert rows == [
        (
            specialist.pk,
            "portal.comment",
            "Ý kiến góp ý mới về Nguyễn Văn Anh",
            f"/dot-xet/{hc_round.pk}/cong-khai/#comment-{comment.pk}",
        )
    ]


@pytest.mark.usefixtures("hero")
def test_general_comment_without_assignee_notifies_office(
    hc_round, hc_proposal, specialist, specialist2, django_capture_on_commit_callbacks
):
    from tdkt.notifications.models import Notification

    hc_proposal.assigned_specialist = None
    hc_proposal.save()
    notice = publish(hc_round, [], specialist)
    with django_capture_on_commit_callbacks(execute=True):
        _comment(notice)
    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted(
        [specialist.pk, specialist2.pk]
    )


def test_comment_mark_read_then_handled(hc_round, hero, specialist):
    notice = publish(hc_round, [], specialist)
    comment = _comment(notice)
    services.comment_mark(comment=comment, actor=specialist, state="read")
    with pytest.raises(ValidationError) as exc:
        services.comment_mark(comment=comment, actor=specialist, state="handled")
    assert exc.value.messages == ["Ghi kết quả xử lý ý kiến góp ý."]
    services.comment_mark(
        comment=comment, actor=specialist, state="handled", note="Đã xác minh, không có vi phạm."
    )
    comment.refresh_from_db()
    assert (comment.state, comment.handled_by, comment.handled_note) == (
        "handled",
        specialist,
        "Đã xác minh, không có vi phạm.",
    )


def test_comment_mark_stale(hc_round, hero, specialist, specialist2):
    notice = publish(hc_round, [], specialist)
    comment = _comment(notice)
    seen_by_first = PublicComment.objects.get(pk=comment.pk)
    services.comment_mark(comment=comment, actor=specialist2, state="handled", note="Xong")
    with pytest.raises(ValidationError) as exc:
        services.comment_mark(comment=seen_by_first, actor=specialist, state="handled", note="X")
    assert exc.value.messages == [
        "Ý kiến này đã được Phạm Thu Hà cập nhật trước. Tải lại trang để xem thông tin mới."
    ]
