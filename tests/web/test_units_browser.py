"""An imperial athlete on a 390×844 phone in Debian's Chromium, going through the menus: the
profile in pounds, a circumference in inches, a plan on pound plates, a set logged in pounds, and
pounds in the summary, the history and the progress chart, and inches in the simulator."""

from __future__ import annotations

import pytest

from tests.web.browser_support import (
    PHONE,
    chromium,
    phone_context,
    record_link,
    screen_all_no,
    screenshot_path,
    sign_up,
)
from tests.web.conftest import StepClock

pytestmark = pytest.mark.slow


def test_an_imperial_athlete_reads_pounds_through_the_menus(site: str, clock: StepClock) -> None:
    with chromium() as browser:
        context = phone_context(browser)
        page = context.new_page()
        sign_up(page, site, "Ivy Imperial", "ivy@example.org")
        page.get_by_label("Sex").select_option("female")
        page.get_by_label("Year of birth").fill("1994")
        page.get_by_label("Units").select_option("imperial")
        page.get_by_label("Body mass", exact=False).fill("141")
        page.get_by_role("button", name="Save and continue to screening").click()
        page.wait_for_url("**/screening")
        screen_all_no(page)

        record_link(page, "Measurements and LOP")
        page.get_by_label("Systolic").fill("118")
        page.get_by_label("Diastolic").fill("76")
        page.get_by_role("button", name="Save blood pressure").click()
        page.get_by_text("Latest: 118/76 mmHg").wait_for()
        # The circumference is typed in inches: the unit is chosen already.
        assert page.locator("#limb-unit").input_value() == "in"
        page.get_by_label("Circumference", exact=True).fill("3")
        page.locator("#limb-limb").select_option("thigh")
        page.get_by_role("button", name="Save circumference").click()
        error = page.locator("#circumference-error")
        # Bounds and example in inches (25-110 cm, a 55 cm thigh).
        assert error.inner_text() == "Circumference must be from 9.9 to 43.3 in, such as 22."
        page.get_by_label("Circumference", exact=True).fill("21.5")
        page.get_by_role("button", name="Save circumference").click()
        page.get_by_text("left thigh: 21.5 in").wait_for()

        record_link(page, "Plan")
        page.get_by_label("Protocol").select_option("resistance-30-15-15-15")
        page.get_by_label("Exercise 1 one-rep max (lb)").fill("300")
        page.get_by_label("Exercise 1 loaded with").select_option("barbell")
        page.get_by_role("button", name="Write plan").click()
        page.locator("svg[role=img]").first.wait_for()
        # 30 % of 300 lb = 90 lb: the 45 lb bar and 10 + 10 + 2.5 lb on each side.
        page.get_by_text("90 lb (each side: 10 lb + 10 lb + 2.5 lb)").wait_for()
        assert "in apart unstretched" in page.locator("svg[role=img] title").first.text_content()
        page.screenshot(path=screenshot_path("units-plan-phone.png"), full_page=True)

        page.get_by_role("navigation").get_by_role("link", name="Session").click()
        page.get_by_role("button", name="Start session").click()
        page.get_by_role("button", name="Wraps are on").click()
        page.locator("#log:not([hidden])").wait_for()
        assert page.locator("#target").inner_text().endswith("at 90 lb")
        load = page.get_by_label("Load (lb)")
        assert load.input_value() == "90"
        for control in (page.get_by_role("button", name="Log set"), load):
            box = control.bounding_box()
            assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
        page.get_by_label("Reps done").fill("30")
        load.fill("2205")
        page.get_by_role("button", name="Log set").click()
        # The page says what the server would (fields.bound_text: no thousands comma below 10,000).
        refusal = "Load must be from 0 to 2200 lb, such as 45."
        assert page.locator("#load-error").inner_text() == refusal
        load.fill("135")
        page.screenshot(path=screenshot_path("units-session-phone.png"))
        page.get_by_role("button", name="Log set").click()
        page.locator("#live[data-step=rest]").wait_for()
        page.get_by_role("button", name="Release and stop").click()
        page.get_by_role("button", name="Yes, release and stop").click()
        page.wait_for_url("**/sessions/**", timeout=15000)
        totals = page.locator("dl.totals").inner_text()
        assert "4,050 lb (load × reps)" in totals
        assert "135 lb (90 lb)" in page.locator("main table").first.inner_text()
        page.screenshot(path=screenshot_path("units-summary-phone.png"), full_page=True)

        page.get_by_role("navigation").get_by_role("link", name="History").click()
        page.locator("#progress-chart canvas").wait_for()
        assert "(lb)" in page.locator("#progress-chart .u-legend").inner_text()
        assert "Volume load per session (lb)" in page.locator("figcaption").first.inner_text()
        page.locator("details.card summary").first.click()
        page.get_by_text("at 135 lb").first.wait_for()
        assert " kg" not in page.locator("main").inner_text()
        page.screenshot(path=screenshot_path("units-history-phone.png"), full_page=True)

        # The simulator takes the circumference and the cuff width in inches too.
        page.get_by_role("navigation").get_by_role("link", name="Simulator").click()
        width = page.get_by_label("Cuff width (in)")
        assert width.input_value() == "4.5"  # 11.5 cm
        # The model's widths (4-20 cm) in inches, said beside the field.
        width.fill("8")
        error = page.locator("#cuff_width-error")
        error.wait_for()
        assert error.inner_text() == "Cuff width must be from 1.6 to 7.8 in, such as 2."
        assert width.get_attribute("aria-invalid") == "true"
        assert page.locator("#simulator-error").is_hidden()
        width.fill("7.1")  # an 18 cm cuff
        error.wait_for(state="hidden")
        assert width.get_attribute("aria-invalid") is None
        # The wrap-stretch calibration's 5 cm band is 2 in on the page and 5 cm to the model.
        page.get_by_label("Set the restriction by").select_option("stretch")
        page.wait_for_function(
            "() => document.getElementById('readout').textContent.startsWith('Wrap stretched')"
        )
        assert page.locator("#simulator-error").is_hidden()
        context.close()
