"""`tdkt api_token create USERNAME --name "..."` prints a new API key once;
`tdkt api_token revoke PREFIX` revokes it; `tdkt api_token list [USERNAME]` lists tokens."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from tdkt.accounts.models import ApiToken, User
from tdkt.api.services import api_token_create, api_token_revoke


def _messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = _("Tạo, thu hồi, liệt kê khóa API (Authorization: Bearer <khóa>).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help=_("Tạo khóa API mới cho một người dùng."))
        create.add_argument("username", help=_("Tên đăng nhập của người dùng."))
        create.add_argument("--name", required=True, help=_("Tên khóa (hệ thống sẽ dùng nó)."))
        revoke = sub.add_parser("revoke", help=_("Thu hồi khóa API theo tiền tố (8 ký tự đầu)."))
        revoke.add_argument("prefix", help=_("Tiền tố của khóa (8 ký tự đầu)."))
        revoke.add_argument("--reason", default="", help=_("Lý do thu hồi."))
        listing = sub.add_parser("list", help=_("Liệt kê khóa API."))
        listing.add_argument("username", nargs="?", help=_("Chỉ khóa của người dùng này."))

    def handle(self, *args, **options):
        return getattr(self, f"_{options['action']}")(options)

    def _create(self, options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("Không có người dùng “%(user)s”.") % {"user": options["username"]})
        try:
            token, key = api_token_create(user=user, name=options["name"])
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from exc
        self.stdout.write(key)
        self.stderr.write(
            _(
                "Đã tạo khóa API “%(name)s” (tiền tố %(prefix)s) cho %(user)s. "
                "Khóa chỉ hiện một lần: hãy lưu lại ngay."
            )
            % {"name": token.name, "prefix": token.prefix, "user": user.username}
        )

    def _revoke(self, options):
        prefix = options["prefix"].strip()[:8]
        if not prefix:
            raise CommandError(_("Cần tiền tố của khóa."))
        tokens = list(ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True))
        if not tokens:
            raise CommandError(
                _("Không có khóa API đang hiệu lực với tiền tố %(prefix)s.") % {"prefix": prefix}
            )
        if len(tokens) > 1:
            raise CommandError(
                _("Có %(n)s khóa cùng tiền tố %(prefix)s: thu hồi trong trang quản trị.")
                % {"n": len(tokens), "prefix": prefix}
            )
        try:
            token = api_token_revoke(token=tokens[0], reason=options["reason"])
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from exc
        self.stdout.write(
            _("Đã thu hồi khóa API “%(name)s” (%(prefix)s…).")
            % {"name": token.name, "prefix": token.prefix}
        )

    def _list(self, options):
        qs = ApiToken.objects.select_related("user").order_by("user__username", "created")
        if options.get("username"):
            qs = qs.filter(user__username=options["username"])
        for token in qs:
            used = (
                timezone.localtime(token.last_used).strftime("%H:%M %d/%m/%Y")
                if token.last_used
                else _("chưa dùng")
            )
            state = _("đã thu hồi") if token.revoked_at else _("hiệu lực")
            self.stdout.write(
                f"{token.prefix}  {token.user.username}  {token.name}  {state}  {used}"
            )
