"""`tdkt rules eligibility|bonus|tally FILE`: the rules contract on the command line.

FILE is a JSON request (``-`` reads standard input). The result is printed as JSON on standard
output (exit 0 whenever a result was computed, eligible or not); an input that breaks the
contract, malformed JSON or a missing file prints the contract's error object
``{"field": ..., "message": ...}`` and exits with status 2. Never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from tdkt.rules.engine import ContractError, PackError
from tdkt.rules.services import dumps, parse_json, run_contract

EXIT_OK, EXIT_INTERNAL, EXIT_CONTRACT = 0, 1, 2


def read_source(source: str, stdin: IO[Any]) -> Any:
    """The parsed JSON request of `source` (a path, or ``-`` for `stdin`)."""
    if source == "-":
        data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read()
        return parse_json(data)
    path = Path(source)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ContractError("file", _("Không tìm thấy tệp %(file)s") % {"file": source}) from exc
    except IsADirectoryError as exc:
        raise ContractError(
            "file", _("%(file)s là thư mục, không phải tệp") % {"file": source}
        ) from exc
    except OSError as exc:
        raise ContractError(
            "file",
            _("Không đọc được tệp %(file)s: %(error)s") % {"file": source, "error": exc.strerror},
        ) from exc
    return parse_json(data)


def run(action: str, source: str, *, stdin: IO[Any], stdout: IO[str], stderr: IO[str]) -> int:
    """Judge one request; write the JSON result (or error) to `stdout`; return the exit code."""
    try:
        result = run_contract(action, read_source(source, stdin))
    except ContractError as exc:
        stdout.write(dumps(exc.as_dict()) + "\n")
        return EXIT_CONTRACT
    except PackError as exc:
        stdout.write(dumps({"field": "pack", "message": str(exc)}) + "\n")
        stderr.write(_("Lỗi bộ quy định (rule pack): %(error)s") % {"error": exc} + "\n")
        return EXIT_INTERNAL
    stdout.write(dumps(result) + "\n")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        sys.stderr.write(
            _("Cách dùng: tdkt rules eligibility|bonus|tally TỆP (hoặc - cho stdin)") + "\n"
        )
        return EXIT_CONTRACT
    return run(argv[0], argv[1], stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr)
