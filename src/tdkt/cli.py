"""The `tdkt` console command: Django's manage.py for operators (`tdkt migrate`, `tdkt demo`,
`tdkt serve`, `tdkt rules ...`)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tdkt.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tdkt", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
