"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser).
Skipped when /usr/bin/chromium is missing; screenshots go to var/screenshots/."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(os.environ.get("TDKT_SCREENSHOTS", "var/screenshots"))

pytestmark = pytest.mark.browser


@contextmanager
def open_page(width: int = 1280, height: int = 860):
    """A Chromium page. Opened inside the test body, after its data is written: a running
    Playwright event loop makes Django hand out a separate database connection."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
            ],
        )
        context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
        page = context.new_page()
        external: list[str] = []
        page.on(
            "request",
            lambda r: (
                external.append(r.url)
                if not r.url.startswith(("http://localhost", "http://127.0.0.1", "data:"))
                else None
            ),
        )
        try:
            yield page
        finally:
            context.close()
            browser.close()
            # Django queries made while Playwright's loop ran used a connection of their own:
            # close it, or PostgreSQL refuses to drop the test database at the end.
            from django.db import connections

            connections.close_all()
    assert external == [], f"page fetched external resources: {external}"


@pytest.fixture
def shot():
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


TEST_PASSWORD = "mat-khau-Thu-nghiem-1"


def login(page, live_server, username: str, password: str = TEST_PASSWORD) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
