"""In Chromium at phone size: a granted coach downloads a report and opens a session summary."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from occlusion.services import accounts, grants
from occlusion.services.passwords import TEST_POLICY
from tests.services.cuff_log import cuff_person, run_cuff_session
from tests.web.browser_support import (
    PHONE,
    chromium,
    phone_context,
    sign_in,
)
from tests.web.conftest import PASSWORD, START

pytestmark = pytest.mark.slow


def test_coach_downloads_a_report_on_a_phone(app: Any, site: str) -> None:
    database = app.state["occlusion"].database
    athlete = accounts.sign_up(database, email="ada@example.org", password=PASSWORD,
                               display_name="Ada Athlete", role="athlete", policy=TEST_POLICY,
                               now=START)
    athlete = accounts.create_profile(database, athlete, sex="female", birth_year=1995,
                                      body_mass=64, preferred_units="metric", now=START)
    person = str(athlete.person_id)
    cuff_person(database, person=person, now=START, screen=True)
    run_cuff_session(database, person, START + timedelta(days=1), sets=2)
    coach = {"email": "casey@example.org"}
    accounts.sign_up(database, email=coach["email"], password=PASSWORD,
                     display_name="Casey Coach", role="coach", policy=TEST_POLICY, now=START)
    grants.grant_access(database, athlete, coach["email"], now=START)
    with chromium() as browser:
        context = phone_context(browser, accept_downloads=True)
        page = context.new_page()
        sign_in(page, site, coach["email"])
        page.goto(f"{site}/people/{person}/history")
        page.get_by_label("Format").select_option("pdf")
        with page.expect_download() as download:
            page.get_by_role("button", name="Download").click()
        assert download.value.suggested_filename.startswith("occlusion-ada-athlete-pdf-")
        assert download.value.suggested_filename.endswith(".pdf")
        page.goto(f"{site}/people/{person}/history")
        page.get_by_label("Format").select_option("hevy")
        page.get_by_label("From (optional)").fill("2030-01-01")
        page.get_by_role("button", name="Download").click()
        page.get_by_text("there are no sessions in the chosen period").wait_for()
        # Where the person is looking: the message and the date in error on the first screen,
        # that date focused, the answers kept.
        assert page.evaluate("document.activeElement.id") == "from"
        assert page.get_by_text("there are no sessions in the chosen period").is_visible()
        for element in ("#download-error", "#from"):
            box = page.locator(element).bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
        assert page.get_by_label("From (optional)").input_value() == "2030-01-01"
        assert page.get_by_label("Format").input_value() == "hevy"
        page.goto(f"{site}/people/{person}")
        page.get_by_role("link", name="Session summary").click()
        page.get_by_role("heading", name="Leg press").wait_for()
        assert page.get_by_text("mmHg (target 90)").count() == 2
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], "the summary fits the phone without sideways scrolling"
        context.close()
