"""Accessibility: axe-core (vendored, pinned) on every page at phone and desktop sizes.

No serious or critical violation is allowed. axe is injected by the test browser, which bypasses
the page's content security policy for that one script; the app never serves it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.browser_support import (
    DESKTOP,
    PHONE,
    chromium,
    onboard_athlete,
)

pytestmark = pytest.mark.slow

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def violations(page: Any) -> list[str]:
    """Return the serious and critical axe violations of the page, one line each."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{page.url}: {item['id']} ({item['impact']}): {item['help']} — "
        + "; ".join(node["target"][0] for node in item["nodes"][:3])
        for item in found
        if item["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_serious_violation_on_any_page(site: str, size: dict[str, int]) -> None:
    with chromium() as browser:
        context = browser.new_context(viewport=size, bypass_csp=True)
        page = context.new_page()
        found: list[str] = []
        for path in ("/sign-in", "/sign-up"):
            page.goto(f"{site}{path}")
            found += violations(page)
        person = onboard_athlete(page, site)
        for path in (
            "",
            "/screening",
            "/measurements",
            "/plan",
            "/profile",
            "/history",
            "/session",
            "/lop?limb=arm&side=left&equipment=cuff&cuff_width_cm=5&posture=seated",
            "/lop?limb=thigh&side=left&equipment=cuff&cuff_width_cm=&posture=seated",
            "/lop/guided?limb=arm&side=left",
            "/lop/guided?start=1&cuff_width_cm=5&limb=arm&side=left&answers=done,done,done,y",
        ):
            page.goto(f"{site}/people/{person}{path}")
            page.wait_for_load_state("networkidle")
            found += violations(page)
        for path in ("/account", "/simulator"):
            page.goto(f"{site}{path}")
            page.wait_for_load_state("networkidle")
            found += violations(page)
        # A refused form, with its errors beside the fields.
        page.goto(f"{site}/people/{person}/measurements")
        page.get_by_label("Systolic").fill("abc")
        page.get_by_label("Diastolic").fill("70")
        page.get_by_role("button", name="Save blood pressure").click()
        page.locator("#systolic-error").wait_for()
        found += violations(page)
        context.close()
    assert found == [], "\n".join(found)


def test_the_check_finds_what_it_should(site: str) -> None:
    # A field without a label is a critical violation: the harness must report it.
    with chromium() as browser:
        page = browser.new_context(viewport=PHONE, bypass_csp=True).new_page()
        page.goto(f"{site}/sign-in")
        page.evaluate(
            "() => document.querySelector('main').append(document.createElement('input'))"
        )
        assert any(" label " in line or "(critical)" in line for line in violations(page))
