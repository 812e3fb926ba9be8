"""Refresh the screenshots in docs/screenshots/ (phone and desktop) from a demo database.

Run: ``.venv/bin/python scripts/screenshots.py`` (needs Debian's Chromium at /usr/bin/chromium
and the dev extras). It serves the app on a free loopback port with a throw-away SQLite log,
makes a demo athlete (screened, measured, with a wrap plan and a session in progress) and a
coach they share their record with, and photographs the main pages. The app's clock stands
still at :data:`MOMENT`, so every date and time shown is the same in each run and the session in
progress stays where it was started however slow the machine is.
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.web.browser_support import DESKTOP, PHONE, chromium, live_server  # noqa: E402

from occlusion.services import accounts, grants, measurements, plans, screening  # noqa: E402  # noqa: E402
from occlusion.services.passwords import TEST_POLICY  # noqa: E402
from occlusion.web.app import create_app  # noqa: E402
from occlusion.web.config import WebConfig  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PASSWORD = "screenshot-password"
#: The moment the demo app's clock shows throughout (a Tuesday morning in Central Europe).
MOMENT = datetime(2026, 11, 24, 9, 0, tzinfo=timezone(timedelta(hours=1)))
NO_ANSWERS = [
    "current_clot_signs",
    "previous_vte",
    "thrombophilia",
    "anticoagulants_or_bleeding_disorder",
    "leg_paralysis",
    "cancer_last_5_years",
    "intensive_care_stay",
    "immobilised",
    "acute_illness",
    "covid_19",
    "heart_disease",
    "chest_pain_or_fainting",
    "dizzy_on_standing",
    "peripheral_artery_disease",
    "hypertension_diagnosed",
    "diabetes",
    "kidney_disease",
    "rheumatoid_arthritis",
    "anabolic_steroids",
    "oestrogen_medication",
    "rhabdomyolysis_history",
    "varicose_veins",
    "lymphoedema",
    "sickle_cell",
    "skin_problem_at_cuff_site",
    "recent_fracture",
]


def prepare(app: object) -> str:
    """Make the demo athlete and coach; return the athlete's person id."""
    state = app.state["occlusion"]  # type: ignore[attr-defined]
    database, now = state.database, state.now()
    athlete = accounts.sign_up(
        database,
        email="sam@example.org",
        password=PASSWORD,
        display_name="Sam Rivera",
        role="athlete",
        policy=TEST_POLICY,
        now=now,
    )
    athlete = accounts.create_profile(
        database,
        athlete,
        sex="male",
        birth_year=1998,
        body_mass=80,
        preferred_units="metric",
        now=now,
    )
    accounts.sign_up(
        database,
        email="casey@example.org",
        password=PASSWORD,
        display_name="Casey Coach",
        role="coach",
        policy=TEST_POLICY,
        now=now,
    )
    grants.grant_access(database, athlete, "casey@example.org", now=now)
    person = str(athlete.person_id)
    measurements.record_blood_pressure(database, person, systolic=122, diastolic=78, now=now)
    for side in ("left", "right"):
        measurements.record_limb(
            database, person, limb="thigh", side=side, circumference=58, now=now
        )
    measurements.record_estimated_lop(
        database, person, limb="thigh", side="right", posture="seated", cuff_width_cm=18, now=now
    )
    answers: dict[str, object] = dict.fromkeys(NO_ANSWERS, False)
    answers["pregnancy"] = "no"
    screening.screen_person(database, person, answers, now=now)
    plans.write_plan(
        database,
        person,
        {
            "equipment": {"kind": "wrap", "width_cm": 7.5, "length_cm": 200},
            "training": {
                "goal": "hypertrophy",
                "protocol": "resistance-30-15-15-15",
                "posture": "seated",
            },
            "exercises": [{"name": "Leg press", "limb": "thigh", "one_rep_max_kg": 150}],
        },
        now=now,
    )
    state.live.start(uuid.UUID(person))
    return person


def sign_in(page: object, site: str, email: str) -> None:
    """Sign in through the form."""
    page.goto(f"{site}/sign-in")  # type: ignore[attr-defined]
    page.get_by_label("E-mail address").fill(email)  # type: ignore[attr-defined]
    page.get_by_label("Password").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
    # Wait to leave the sign-in page: going on while the answer is on its way drops the cookie,
    # and every page after it would be the sign-in page again.
    page.wait_for_url(lambda url: "/sign-in" not in url)  # type: ignore[attr-defined]


def main() -> None:
    """Serve the demo, photograph every page at both sizes, list the files."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            WebConfig(
                database_url=f"sqlite:///{folder}/shots.db",
                password_policy=TEST_POLICY,
                live_interval_s=0.25,
                clock=lambda: MOMENT,
            )
        )
        person = prepare(app)
        pages = {
            "record": f"/people/{person}",
            "plan": f"/people/{person}/plan",
            "session": f"/people/{person}/session",
            "measurements": f"/people/{person}/measurements",
            "lop-routes": (
                f"/people/{person}/lop?limb=arm&side=left&equipment=cuff&cuff_width_cm=12"
                "&cuff_material=nylon&posture=seated"
            ),
            "screening": f"/people/{person}/screening",
            "history": f"/people/{person}/history",
            "profile": f"/people/{person}/profile",
            "account": "/account",
        }
        with live_server(app) as site, chromium() as browser:
            for size_name, size in (("phone", PHONE), ("desktop", DESKTOP)):
                context = browser.new_context(viewport=size)
                page = context.new_page()
                page.goto(f"{site}/sign-in")
                page.screenshot(path=str(OUT / f"sign-in-{size_name}.png"))
                sign_in(page, site, "sam@example.org")
                for name, path in pages.items():
                    page.goto(f"{site}{path}")
                    page.wait_for_load_state("networkidle" if name != "session" else "load")
                    if name == "session":
                        page.locator("#live[data-step]").wait_for()
                    page.screenshot(
                        path=str(OUT / f"{name}-{size_name}.png"), full_page=name != "session"
                    )
                # A refused form keeps its answers, the error beside the field.
                page.goto(f"{site}/people/{person}/measurements")
                page.get_by_label("Systolic").fill("1e3")
                page.get_by_label("Diastolic").fill("78")
                page.get_by_role("button", name="Save blood pressure").click()
                page.locator("#systolic-error").wait_for()
                page.screenshot(path=str(OUT / f"form-error-{size_name}.png"))
                context.close()
                dark = browser.new_context(viewport=size, color_scheme="dark").new_page()
                sign_in(dark, site, "sam@example.org")
                dark.goto(f"{site}/people/{person}/session")
                dark.locator("#live[data-step]").wait_for()
                dark.screenshot(path=str(OUT / f"session-dark-{size_name}.png"))
                dark.context.close()
                coach = browser.new_context(viewport=size).new_page()
                sign_in(coach, site, "casey@example.org")
                coach.goto(f"{site}/roster")
                coach.screenshot(path=str(OUT / f"roster-{size_name}.png"))
                coach.goto(f"{site}/simulator")
                coach.locator("#flow-chart canvas").wait_for()
                coach.get_by_label("Cuff pressure").fill("150")
                coach.wait_for_function(
                    "() => document.getElementById('readout').textContent.startsWith('150')"
                )
                coach.screenshot(path=str(OUT / f"simulator-{size_name}.png"), full_page=True)
                coach.context.close()
    for shot in sorted(OUT.glob("*.png")):
        print(shot.relative_to(ROOT))


if __name__ == "__main__":
    main()
