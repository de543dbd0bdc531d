"""`tdkt rules eligibility|bonus|tally FILE`: the rules contract (eligibility, bonus, council
tally) on the command line; FILE is a JSON request or ``-`` for standard input. Exit 0 with the
JSON result, 2 with the contract's JSON error object. See tdkt.rules.cli."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tdkt.rules.cli import run
from tdkt.rules.services import ACTIONS


class Command(BaseCommand):
    help = _(
        "Kiểm tra điều kiện khen thưởng, tính tiền thưởng, kiểm phiếu hội đồng theo hợp đồng "
        "JSON: tdkt rules eligibility|bonus|tally TỆP (TỆP là - để đọc từ đầu vào chuẩn)."
    )
    requires_system_checks = []  # stateless: no database needed
    stealth_options = ("stdin",)  # tests pass a file object instead of sys.stdin

    def add_arguments(self, parser):
        parser.add_argument(
            "action", choices=ACTIONS, help=_("Thao tác: eligibility, bonus, tally.")
        )
        parser.add_argument("file", help=_("Tệp JSON yêu cầu, hoặc - để đọc từ đầu vào chuẩn."))

    def handle(self, *args, **options):
        code = run(
            options["action"],
            options["file"],
            stdin=options.get("stdin") or sys.stdin,
            stdout=self.stdout,
            stderr=self.stderr,
        )
        if code:
            sys.exit(code)
