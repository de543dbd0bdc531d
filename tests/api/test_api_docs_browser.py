"""The Swagger UI page renders in a real browser with the strict CSP and no network access
beyond the product itself."""

import os

import pytest

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.browser,
]


def test_docs_render_offline(live_server):
    playwright = pytest.importorskip("playwright.sync_api")
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("chromium is not installed")
    errors, external = [], []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))

        def route(r):
            if r.request.url.startswith(live_server.url):
                r.continue_()
            else:
                external.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(f"{live_server.url}/api/v1/docs")
        page.wait_for_selector(".opblock-summary-path", timeout=15000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        browser.close()
    assert "/api/v1/people/{id}/history" in [p.replace("\u200b", "") for p in paths]
    assert external == []
    assert errors == []
