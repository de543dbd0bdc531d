"""`tdkt demo [--people N] [--seed S] [--years Y] [--if-empty]`: build an invented province
(units before and after the 2025 reform, people, ten years of ratings and awards, demo accounts)
into an empty database. See tdkt.demo.builder."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tdkt.catalog.models import Regime
from tdkt.demo.builder import build, has_data


class Command(BaseCommand):
    help = _(
        "Tạo dữ liệu mẫu: một tỉnh giả định sau sắp xếp năm 2025, cá nhân, xếp loại và "
        "khen thưởng nhiều năm, tài khoản dùng thử."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--people", type=int, default=5000, help=_("Số cá nhân (mặc định 5.000).")
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help=_("Hạt giống ngẫu nhiên: cùng hạt giống cho cùng dữ liệu."),
        )
        parser.add_argument(
            "--years", type=int, default=10, help=_("Số năm thành tích (mặc định 10).")
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Không làm gì nếu cơ sở dữ liệu đã có đơn vị."),
        )

    def handle(self, *args, **options):
        people, years = options["people"], options["years"]
        if not 1 <= people <= 1_000_000:
            raise CommandError(_("--people: số cá nhân phải từ 1 đến 1.000.000."))
        if not 1 <= years <= 30:
            raise CommandError(_("--years: số năm phải từ 1 đến 30."))
        if has_data():
            if options["if_empty"]:
                self.stdout.write(_("Cơ sở dữ liệu đã có dữ liệu: bỏ qua tạo dữ liệu mẫu."))
                return
            raise CommandError(
                _(
                    "Cơ sở dữ liệu đã có đơn vị: dữ liệu mẫu chỉ được tạo vào cơ sở dữ liệu trống "
                    "(dùng --if-empty để bỏ qua khi đã có dữ liệu)."
                )
            )
        if not Regime.objects.exists():
            raise CommandError(_("Chưa có danh mục pháp lý: chạy “tdkt migrate” trước."))
        stats = build(people=people, seed=options["seed"], years=years, log=self.stdout.write)
        seconds = f"{stats.seconds:.1f}".replace(".", ",")
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã tạo dữ liệu mẫu trong %(seconds)s giây. Xem tài khoản: tdkt demo_logins")
                % {"seconds": seconds}
            )
        )
