"""What the real-browser tests share: Debian's chromium through Playwright, a desktop and a phone viewport."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 375, "height": 812}
PASSWORD = "ita-demo-2568"


@pytest.fixture(scope="module", autouse=True)
def allow_sync_orm_beside_playwright():
    # Playwright's sync API runs an event loop in this thread; the ORM calls in these tests are still sync.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (bin/setup dev installs it)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="th-TH")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
