"""`tdkt rules eligibility|bonus|tally FILE`: the contract's public examples, contract errors
(exit 2, JSON error object naming the field, never a traceback), stdin and a real subprocess."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tdkt.rules.engine import check_eligibility, compute_bonus, tally

from .examples import BAD_REQUESTS, EXAMPLES, subset

ROOT = Path(__file__).resolve().parents[2]
ENGINE = {"eligibility": check_eligibility, "bonus": compute_bonus, "tally": tally}


def run(action: str, source: str, stdin: str | None = None) -> tuple[int, dict]:
    out = io.StringIO()
    code = 0
    kwargs = {"stdout": out}
    if stdin is not None:
        kwargs["stdin"] = io.StringIO(stdin)
    try:
        call_command("rules", action, source, **kwargs)
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue())


@pytest.mark.parametrize(
    ("name", "action", "request_", "expected"), EXAMPLES, ids=[e[0] for e in EXAMPLES]
)
def test_public_examples_from_a_file(tmp_path, name, action, request_, expected):
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(request_, ensure_ascii=False), encoding="utf-8")
    code, result = run(action, str(path))
    assert code == 0
    assert subset(result, expected) == expected
    assert result == ENGINE[action](request_)


@pytest.mark.parametrize(
    ("name", "action", "request_", "expected"), EXAMPLES[:3], ids=[e[0] for e in EXAMPLES[:3]]
)
def test_public_examples_from_stdin(name, action, request_, expected):
    code, result = run(action, "-", stdin=json.dumps(request_))
    assert code == 0
    assert subset(result, expected) == expected


@pytest.mark.parametrize(
    ("name", "action", "body", "field"), BAD_REQUESTS, ids=[b[0] for b in BAD_REQUESTS]
)
def test_contract_errors_exit_2_with_the_error_object(name, action, body, field):
    code, result = run(action, "-", stdin=body)
    assert code == 2
    assert set(result) == {"field", "message"}
    assert result["field"] == field
    assert result["message"]


def test_missing_file_is_a_contract_error(tmp_path):
    code, result = run("eligibility", str(tmp_path / "khong-co.json"))
    assert code == 2
    assert result == {
        "field": "file",
        "message": f"Không tìm thấy tệp {tmp_path / 'khong-co.json'}",
    }


def test_output_is_indented_utf8(tmp_path):
    out = io.StringIO()
    request_ = EXAMPLES[0][2]
    call_command("rules", "eligibility", "-", stdin=io.StringIO(json.dumps(request_)), stdout=out)
    text = out.getvalue()
    assert "Xếp loại Hoàn thành tốt nhiệm vụ năm 2025" in text  # not \\u escapes
    assert text.startswith('{\n  "target": "LDTT"')


def test_subprocess_reads_stdin_and_never_prints_a_traceback():
    tdkt = ROOT / ".venv" / "bin" / "tdkt"
    command = [str(tdkt)] if tdkt.exists() else [sys.executable, "-m", "tdkt"]
    ok = subprocess.run(  # noqa: S603
        [*command, "rules", "eligibility", "-"],
        input=json.dumps(EXAMPLES[2][2]),
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["eligible"] is True
    bad = subprocess.run(  # noqa: S603
        [*command, "rules", "eligibility", "-"],
        input="{không phải json",
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )
    assert bad.returncode == 2
    assert json.loads(bad.stdout)["field"] == "request"
    assert "Traceback" not in bad.stderr + bad.stdout
