"""`tdkt serve`: the gunicorn command line, address parsing, static files first."""

from __future__ import annotations

import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tdkt.common.management.commands import serve


@pytest.mark.parametrize(("cores", "workers"), [(1, 3), (2, 4), (8, 4), (None, 3)])
def test_workers(cores, workers):
    assert serve.workers_for(cores) == workers


def test_gunicorn_argv():
    assert serve.gunicorn_argv("127.0.0.1:8000", cores=1) == [
        sys.executable,
        "-m",
        "gunicorn",
        "tdkt.wsgi:application",
        "--bind",
        "127.0.0.1:8000",
        "--workers",
        "3",
        "--threads",
        "2",
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
    ]


@pytest.mark.parametrize(
    ("given", "parsed"),
    [
        ("", "127.0.0.1:8000"),
        ("9000", "127.0.0.1:9000"),
        ("0.0.0.0:80", "0.0.0.0:80"),
        ("[::1]:8000", "[::1]:8000"),
    ],
)
def test_parse_addr(given, parsed):
    assert serve.parse_addr(given) == parsed


@pytest.mark.parametrize("bad", ["localhost", "host:port", "127.0.0.1:70000", ":80"])
def test_parse_addr_rejects(bad):
    with pytest.raises(CommandError, match="không hợp lệ"):
        serve.parse_addr(bad)


def test_serve_collects_static_then_execs_gunicorn(monkeypatch):
    calls = []
    monkeypatch.setattr(serve, "call_command", lambda *a, **kw: calls.append(("collect", a, kw)))
    monkeypatch.setattr(serve.os, "execv", lambda path, argv: calls.append(("exec", path, argv)))
    out = StringIO()
    call_command("serve", "127.0.0.1:8123", stdout=out)
    assert calls[0] == ("collect", ("collectstatic",), {"interactive": False, "verbosity": 0})
    kind, path, argv = calls[1]
    assert (kind, path) == ("exec", sys.executable)
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8123"
    assert "http://127.0.0.1:8123" in out.getvalue()
