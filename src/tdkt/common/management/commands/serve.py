"""`tdkt serve [ADDR:PORT]`: collect static files, then run the production server (gunicorn)."""

from __future__ import annotations

import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

DEFAULT_ADDR = "127.0.0.1:8000"


def parse_addr(addr: str) -> str:
    """“8000” → “127.0.0.1:8000”; checks the port."""
    addr = addr.strip() or DEFAULT_ADDR
    if addr.isdigit():
        addr = f"127.0.0.1:{addr}"
    host, sep, port = addr.rpartition(":")
    if not sep or not host or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise CommandError(
            _("Địa chỉ “%(addr)s” không hợp lệ: dùng dạng ĐỊA_CHỈ:CỔNG, ví dụ 127.0.0.1:8000.")
            % {"addr": addr}
        )
    return addr


def workers_for(cores: int | None) -> int:
    """2 × cores + 1, at most 4 (the database, not the CPU, is the limit)."""
    return max(1, min(2 * (cores or 1) + 1, 4))


def gunicorn_argv(addr: str, cores: int | None = None) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "tdkt.wsgi:application",
        "--bind",
        addr,
        "--workers",
        str(workers_for(cores if cores is not None else os.cpu_count())),
        "--threads",
        "2",
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
    ]


class Command(BaseCommand):
    help = _("Chạy hệ thống ở chế độ vận hành (gunicorn), sau khi thu thập tệp tĩnh.")

    def add_arguments(self, parser):
        parser.add_argument(
            "addr",
            nargs="?",
            default=DEFAULT_ADDR,
            help=_("Địa chỉ và cổng (mặc định 127.0.0.1:8000)."),
        )

    def handle(self, *args, **options):
        addr = parse_addr(options["addr"])
        call_command("collectstatic", interactive=False, verbosity=0)
        argv = gunicorn_argv(addr)
        host = addr.rpartition(":")[0]
        shown = "127.0.0.1" if host in ("0.0.0.0", "[::]") else host  # noqa: S104
        self.stdout.write(
            _("TĐKT đang chạy tại http://%(host)s:%(port)s (Ctrl+C để dừng).")
            % {"host": shown, "port": addr.rpartition(":")[2]}
        )
        self.stdout.flush()
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tdkt.settings")
        os.execv(argv[0], argv)  # noqa: S606 -- replace this process: signals reach gunicorn
