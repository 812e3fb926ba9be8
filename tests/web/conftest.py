"""Fixtures for the web tests: an app on a fresh SQLite log, a manual clock, signed-in clients."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("litestar", reason="the web extra is not installed (pip install '.[web]')")

from litestar.testing import TestClient

from occlusion.services.passwords import TEST_POLICY
from occlusion.web.app import create_app
from occlusion.web.config import WebConfig

PASSWORD = "correct horse battery"
START = datetime(2026, 11, 24, 9, 0, tzinfo=timezone(timedelta(hours=1)))


class StepClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = START) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


class Browser:
    """One person's browser: its own cookies over the app's shared test client.

    Requests carry the CSRF header (JSON) or form field (forms), as the pages do.
    """

    def __init__(self, client: TestClient[Any]) -> None:
        self.client = client
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        self.client.cookies.clear()
        for name, value in self.cookies.items():
            self.client.cookies.set(name, value)
        response = self.client.request(method, path, **kwargs)
        for cookie in self.client.cookies.jar:
            self.cookies[cookie.name] = str(cookie.value)
        for name in list(self.cookies):
            if name not in {cookie.name for cookie in self.client.cookies.jar}:
                del self.cookies[name]
        return response

    @property
    def csrf(self) -> str:
        if "csrftoken" not in self.cookies:
            self.request("GET", "/sign-in")
        return self.cookies.get("csrftoken", "")

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        headers = {"x-csrftoken": self.csrf, **kwargs.pop("headers", {})}
        return self.request("POST", path, headers=headers, **kwargs)

    def form(self, path: str, data: dict[str, Any]) -> Any:
        return self.request(
            "POST", path, data={**data, "_csrf_token": self.csrf}, follow_redirects=False
        )


@pytest.fixture
def clock() -> StepClock:
    return StepClock()


@pytest.fixture
def web_config(tmp_path: Path, clock: StepClock) -> WebConfig:
    return WebConfig(
        database_url=f"sqlite:///{tmp_path / 'web.db'}",
        password_policy=TEST_POLICY,
        clock=clock,
        csrf_secret="test-secret",
        live_interval_s=0.01,
        # One test client signs up and signs in many accounts from one address.
        sign_up_attempts_per_window=10_000,
        sign_in_attempts_per_window=10_000,
    )


@pytest.fixture
def app(web_config: WebConfig) -> Any:
    return create_app(web_config)


@pytest.fixture
def client(app: Any) -> Iterator[TestClient[Any]]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def new_browser(client: TestClient[Any]) -> Any:
    return lambda: Browser(client)


def sign_up(browser: Browser, role: str, name: str | None = None) -> dict[str, Any]:
    """Sign up a fresh account of ``role`` through the API, sign it in and return it."""
    email = f"{role}-{uuid.uuid4().hex[:8]}@example.org"
    response = browser.post(
        "/api/sign-up",
        json={
            "email": email,
            "password": PASSWORD,
            "display_name": name or role.title(),
            "role": role,
        },
    )
    assert response.status_code == 202, response.text
    signed_in = browser.post("/api/sign-in", json={"email": email, "password": PASSWORD})
    assert signed_in.status_code == 200, signed_in.text
    return dict(signed_in.json())


def athlete_ready(browser: Browser) -> dict[str, Any]:
    """Sign up an athlete with a profile, screening, measurements and a wrap plan."""
    account = sign_up(browser, "athlete", "Ada Athlete")
    profile = browser.post(
        "/api/me/profile", json={"sex": "female", "birth_year": 1995, "body_mass": 64}
    )
    assert profile.status_code == 201, profile.text
    person = profile.json()["person_id"]
    base = f"/api/people/{person}"
    assert (
        browser.post(
            f"{base}/measurements/blood-pressure", json={"systolic": 118, "diastolic": 76}
        ).status_code
        == 201
    )
    assert (
        browser.post(
            f"{base}/measurements/limb",
            json={"limb": "thigh", "side": "right", "circumference": 55},
        ).status_code
        == 201
    )
    assert (
        browser.post(
            f"{base}/measurements/limb", json={"limb": "thigh", "side": "left", "circumference": 55}
        ).status_code
        == 201
    )
    answers: dict[str, Any] = dict.fromkeys(CLEAR_ANSWERS, False)
    answers["pregnancy"] = "no"
    screened = browser.post(f"{base}/screening", json=answers)
    assert screened.status_code == 201, screened.text
    plan = browser.post(f"{base}/plan", json=WRAP_PLAN)
    assert plan.status_code == 201, plan.text
    return {**account, "person_id": person}


CLEAR_ANSWERS = (
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
)

WRAP_PLAN = {
    "equipment": {"kind": "wrap", "width_cm": 7.5, "length_cm": 200},
    "training": {"goal": "hypertrophy", "protocol": "resistance-30-15-15-15", "posture": "seated"},
    "exercises": [{"name": "Leg press", "limb": "thigh", "one_rep_max_kg": 120}],
}


@pytest.fixture
def site(app: Any) -> Iterator[str]:
    """The app served on loopback for Chromium; skips (or fails in CI) without a browser."""
    from tests.web.browser_support import live_server, require_chromium

    require_chromium()
    with live_server(app) as base:
        yield base


@pytest.fixture
def browser(site: str) -> Iterator[Any]:
    """Debian's headless Chromium, after the site is up."""
    from tests.web.browser_support import chromium

    with chromium() as launched:
        yield launched
