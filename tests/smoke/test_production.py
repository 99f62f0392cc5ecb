"""A person signs in to the production server in a real browser, reads pages and solves.

The server is started as the README's Production section says: gunicorn with the
production settings against PostgreSQL, static files collected, a task worker beside it.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.smoke

DEMO_PASSWORD = "parley-demo-2026"


def test_the_production_server_signs_in_serves_pages_and_solves(page, site_url):
    health = page.request.get(f"{site_url}/healthz")
    assert (health.status, health.json()["status"]) == (200, "ok")

    page.goto("/")
    page.get_by_label("User name").fill("protocol")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Talks at a neutral venue")).to_be_visible()

    stylesheet = page.locator("link[rel=stylesheet]").first.get_attribute("href")
    assert re.fullmatch(r"/static/parley/parley\.[0-9a-f]{12}\.css", stylesheet)
    assert page.request.get(f"{site_url}{stylesheet}").status == 200

    page.get_by_role("link", name="Talks at a neutral venue").click()
    expect(page.locator("h1")).to_contain_text("Talks at a neutral venue")
    page.goto(page.url + "programme/")
    page.get_by_role("link", name="Planning inputs").click()
    expect(page.locator("main")).to_contain_text("Interpreter")

    # A solve goes through the task worker, which takes it from PostgreSQL.
    page.go_back()
    page.get_by_label("Time limit (seconds)").fill("2")
    page.get_by_role("button", name="Solve").click()
    expect(page.get_by_role("button", name=re.compile(r"Publish as version \d+"))).to_be_visible(
        timeout=60_000
    )
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_label("User name")).to_be_visible()
