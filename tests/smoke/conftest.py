"""The browser smoke test of a running production server (`.ci/smoke` starts one).

It runs only when PARLEY_SMOKE_URL names the server; otherwise it is deselected, visibly.
"""

import os
import shutil

import pytest

# None: Playwright launches the Chromium it installed itself (see the e2e conftest).
CHROMIUM = shutil.which("chromium")


def pytest_collection_modifyitems(config, items) -> None:
    if os.environ.get("PARLEY_SMOKE_URL"):
        return
    smoke = [item for item in items if item.get_closest_marker("smoke")]
    if smoke:
        config.hook.pytest_deselected(items=smoke)
        items[:] = [item for item in items if not item.get_closest_marker("smoke")]


@pytest.fixture
def site_url() -> str:
    return os.environ["PARLEY_SMOKE_URL"].rstrip("/")


@pytest.fixture
def page(site_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"],
        )
        context = browser.new_context(base_url=site_url)
        yield context.new_page()
        context.close()
        browser.close()
