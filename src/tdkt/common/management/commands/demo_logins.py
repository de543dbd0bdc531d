"""`tdkt demo_logins`: the demo accounts (username, role, unit, password) and where to log in."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tdkt.accounts.enums import Role
from tdkt.accounts.models import RoleGrant, User
from tdkt.demo.builder import DEMO_PASSWORD, DEMO_USERNAMES


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


class Command(BaseCommand):
    help = _("In danh sách tài khoản dùng thử (tên đăng nhập, vai trò, đơn vị, mật khẩu).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000",
            help=_("Địa chỉ mở hệ thống (mặc định http://127.0.0.1:8000)."),
        )

    def handle(self, *args, **options):
        users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
        if not users:
            self.stdout.write(_("Chưa có tài khoản dùng thử: chạy “tdkt demo” trước."))
            return
        grants = {}
        for grant in (
            RoleGrant.objects.filter(user__in=users.values(), revoked_at__isnull=True)
            .select_related("unit")
            .order_by("pk")
        ):
            grants.setdefault(grant.user_id, grant)
        still_demo: dict[str, bool] = {}  # one (slow) hash check per distinct stored hash
        rows = []
        for username in DEMO_USERNAMES:
            user = users.get(username)
            if user is None:
                continue
            if user.password not in still_demo:
                still_demo[user.password] = user.check_password(DEMO_PASSWORD)
            grant = grants.get(user.pk)
            rows.append(
                [
                    username,
                    str(Role(grant.role).label) if grant else "",
                    grant.unit.name if grant else "",
                    DEMO_PASSWORD if still_demo[user.password] else _("(đã đổi)"),
                ]
            )
        self.stdout.write(_("Tài khoản dùng thử (chỉ dành cho dữ liệu mẫu):"))
        for line in _table([_("Tên đăng nhập"), _("Vai trò"), _("Phạm vi"), _("Mật khẩu")], rows):
            self.stdout.write("  " + line)
        self.stdout.write("")
        self.stdout.write(
            _(
                "Lưu ý: tài khoản quản trị (quantri) phải thiết lập xác thực hai lớp (ứng dụng "
                "TOTP trên điện thoại) ở lần đăng nhập đầu tiên."
            )
        )
        self.stdout.write(_("Hãy đổi mật khẩu hoặc xóa các tài khoản này trước khi dùng thật."))
        self.stdout.write(_("Mở %(url)s") % {"url": options["url"]})
