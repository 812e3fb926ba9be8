"""The Accounts page in Debian's Chromium at phone and desktop widths: search, disable, enable."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from occlusion.services import accounts
from occlusion.services.passwords import TEST_POLICY
from tests.web.browser_support import DESKTOP, PHONE, chromium, live_server, require_chromium
from tests.web.conftest import PASSWORD, START

pytestmark = pytest.mark.slow


@pytest.fixture
def site(app: Any) -> Iterator[str]:
    require_chromium()
    database = app.state["occlusion"].database
    for email, name, role in (
        ("root@example.org", "Root Admin", "admin"),
        ("cora@example.org", "Cora Coach", "coach"),
        ("ada@example.org", "Ada Athlete", "athlete"),
    ):
        accounts.sign_up(database, email=email, password=PASSWORD, display_name=name, role=role,
                         policy=TEST_POLICY, now=START, allow_admin=True)
    with live_server(app) as base:
        yield base


def _sign_in(page: Any, site: str, email: str) -> None:
    page.goto(f"{site}/sign-in")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_admin_finds_disables_and_enables_an_account(
    site: str, viewport: dict[str, int], tmp_path: Path
) -> None:
    with chromium() as browser:
        coach = browser.new_context(viewport=viewport).new_page()
        _sign_in(coach, site, "cora@example.org")
        coach.wait_for_url(lambda url: "/sign-in" not in url)
        admin = browser.new_context(viewport=viewport).new_page()
        _sign_in(admin, site, "root@example.org")
        admin.wait_for_url(lambda url: "/sign-in" not in url)
        admin.get_by_role("navigation").get_by_role("link", name="Accounts").click()
        # A boosted navigation still in flight would swap in an empty search form after the
        # typing; wait until htmx has no request running before typing.
        admin.wait_for_url("**/admin**")
        admin.wait_for_function("() => !document.querySelector('.htmx-request')")
        admin.get_by_label("Find an account by name or e-mail").fill("CORA")
        admin.get_by_role("button", name="Search").click()
        admin.get_by_text("1 account match “CORA”").wait_for()
        assert admin.get_by_text("Ada Athlete").count() == 0
        admin.get_by_role("button", name="Disable Cora Coach").click()
        admin.get_by_role("button", name="Enable again Cora Coach").wait_for()
        assert admin.get_by_text("disabled", exact=True).count() == 1
        width = admin.evaluate("() => document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"the Accounts page is {width} px wide"
        admin.screenshot(path=str(tmp_path / "admin.png"), full_page=True)
        if os.environ.get("OCCLUSION_SCREENSHOTS"):
            admin.screenshot(path=os.environ["OCCLUSION_SCREENSHOTS"] + f"-{viewport['width']}.png",
                             full_page=True)
        # The coach's open browser is signed out at once.
        coach.reload()
        assert "/sign-in" in coach.url
        admin.get_by_role("button", name="Enable again Cora Coach").click()
        admin.get_by_role("button", name="Disable Cora Coach").wait_for()
        _sign_in(coach, site, "cora@example.org")
        coach.wait_for_url(lambda url: "/sign-in" not in url)
