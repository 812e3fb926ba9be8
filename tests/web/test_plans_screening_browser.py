"""On a 390×844 phone in Debian's Chromium, through the menus: a plan for curls restricts only
the arm, the LOP behind it is retired and the plan page offers to re-plan, and months later the
record asks to screen again before a new plan."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browser_support import (
    PHONE,
    chromium,
    phone_context,
    record_link,
    screen_all_no,
    screenshot_path,
    sign_in,
    sign_up,
)
from tests.web.conftest import StepClock

pytestmark = pytest.mark.slow


def no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width


def test_curls_plan_retire_its_lop_and_screen_again(site: str, clock: StepClock) -> None:
    with chromium() as browser:
        context = phone_context(browser)
        page = context.new_page()
        sign_up(page, site, "Cora Curls", "cora@example.org")
        page.get_by_label("Sex").select_option("female")
        page.get_by_label("Year of birth").fill("1992")
        page.get_by_role("button", name="Save and continue to screening").click()
        page.wait_for_url("**/screening")
        person = page.url.split("/people/")[1].split("/")[0]
        # Choices read in words.
        page.get_by_text("I gave birth in the last 6 weeks").wait_for()
        screen_all_no(page)
        result = page.locator("main").inner_text()
        assert "no resting blood pressure" not in result.lower()
        assert "Still to check: your resting blood pressure" in result
        page.screenshot(path=screenshot_path("screening-result-pending-bp-phone.png"))

        record_link(page, "Measurements and LOP")
        page.get_by_label("Systolic").fill("118")
        page.get_by_label("Diastolic").fill("76")
        page.get_by_role("button", name="Save blood pressure").click()
        page.get_by_text("Latest: 118/76 mmHg").wait_for()
        for limb, size in (("thigh", "56"), ("arm", "30")):
            page.locator("#limb-limb").select_option(limb)
            page.locator("#limb-side").select_option("right")
            page.get_by_label("Circumference", exact=True).fill(size)
            page.get_by_role("button", name="Save circumference").click()
            page.get_by_text(f"right {limb}: {size}").first.wait_for()
        # An arm LOP measured by hand with a 5 cm cuff (recorded through the JSON API).
        token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
        measured = page.request.post(
            f"{site}/api/people/{person}/lop/measured",
            data={"limb": "arm", "side": "right", "cuff_width_cm": 5, "lop_mmhg": 140},
            headers={"x-csrftoken": token},
        )
        assert measured.status == 201, measured.text()

        record_link(page, "Plan")
        page.get_by_label("Equipment").select_option("cuff")
        page.get_by_label("Band or cuff width (cm)").fill("5")
        page.get_by_label("Protocol").select_option("resistance-30-15-15-15")
        page.get_by_label("Exercise 1", exact=True).fill("Biceps curls")
        page.get_by_label("Exercise 1 one-rep max (kg)").fill("20")
        page.get_by_role("button", name="Write plan").click()
        page.get_by_role("heading", name="Right arm: cuff").wait_for()
        headings = page.locator("main section.card h2").all_inner_texts()
        assert headings == ["Right arm: cuff"], headings
        assert "70 mmHg" in page.locator("main").inner_text()
        no_sideways_scroll(page)
        page.screenshot(path=screenshot_path("plan-curls-arm-only-phone.png"), full_page=True)

        record_link(page, "Measurements and LOP")
        page.get_by_role("link", name="Retire or delete the LOP", exact=False).click()
        page.get_by_role("button", name="Retire this LOP").click()
        page.get_by_text("retired 24 Nov 2026").wait_for()
        page.get_by_role("link", name="Use again or delete", exact=False).wait_for()
        no_sideways_scroll(page)
        page.screenshot(path=screenshot_path("measurements-lop-retired-phone.png"), full_page=True)

        record_link(page, "Plan")
        notice = page.get_by_role("status").filter(has_text="rests on a measurement you retired")
        notice.wait_for()
        assert "right arm pressure was set from an LOP of 140 mmHg" in notice.inner_text()
        page.screenshot(path=screenshot_path("plan-retired-lop-phone.png"))
        notice.get_by_role("link", name="Re-plan").click()
        assert page.url.endswith("#new")

        # Seven months later: sign in again, the record asks to screen again.
        clock.advance(200 * 86400)
        sign_in(page, site, "cora@example.org")
        record_link(page, "Plan")
        prompt = page.get_by_role("status").filter(has_text="Screen again before a new plan")
        prompt.wait_for()
        assert "200 days old" in prompt.inner_text() and "our policy" in prompt.inner_text()
        page.screenshot(path=screenshot_path("plan-screen-again-phone.png"))
        page.get_by_role("navigation").get_by_role("link", name="My record").click()
        page.get_by_text("screen again", exact=True).wait_for()
        page.get_by_role("list", name="Getting ready").get_by_role(
            "link", name="Screening"
        ).click()
        page.get_by_text("Please screen again.").wait_for()
        # The last answers are filled in: confirming is one tap.
        assert page.locator("input[type=radio]:checked").count() >= 20
        no_sideways_scroll(page)
        page.screenshot(path=screenshot_path("screening-again-phone.png"))
        page.get_by_role("button", name="See my screening result").click()
        page.get_by_text("Not a medical device — ask a clinician").wait_for()
        record_link(page, "Plan")
        assert page.get_by_text("Screen again before a new plan").count() == 0
        context.close()
