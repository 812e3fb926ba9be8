"""Authorisation matrix: every route × every kind of visitor, generated from the app's routes.

Visitors: anonymous, the owner, another athlete, a granted coach, an ungranted coach, a granted
clinician, an ungranted clinician and an admin. A person's record opens only for its owner and
for coaches and clinicians the owner granted; everyone else gets 404 (no hint the record exists)
or, when not signed in, 401 / a redirect to sign-in. Account-wide routes follow the role.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from litestar.routes import HTTPRoute

from occlusion.services import accounts
from occlusion.services.passwords import TEST_POLICY
from tests.web.conftest import PASSWORD, Browser, StepClock, athlete_ready, sign_up

DENIED = {401, 403, 404}
PUBLIC = {
    "/",
    "/sign-in",
    "/sign-up",
    "/api/sign-in",
    "/api/sign-up",
    "/api/sign-out",
    "/sign-out",
    "/api",
    "/api/openapi.json",
    # Whoever holds a reset link may use it (tested in test_password_reset).
    "/reset/{token:str}",
    "/api/reset",
    # For the orchestrator and the metrics scraper: no person's data (docs/deploy.md; the
    # proxy keeps /metrics inside the network).
    "/healthz",
    "/readyz",
    "/metrics",
    # The service worker and the page it shows offline: app shell only, no person's data.
    "/sw.js",
    "/offline",
}
# Routes that end or replace the visitor's own account or session; run last, separately.
# A password change signs out the visitor's other browsers, and a wrong current password counts
# towards the lockout; both are covered in test_accounts_privacy.
DESTRUCTIVE = {"/account/delete", "/api/me/delete", "/account/password", "/api/me/password"}


def concrete_routes(app: Any) -> list[tuple[str, str]]:
    """Every (method, path pattern) the app serves, but static files and HEAD/OPTIONS."""
    found: list[tuple[str, str]] = []
    for route in app.routes:
        if (
            not isinstance(route, HTTPRoute)
            or route.path.startswith("/static")
            or ("path:" in route.path)
        ):
            continue
        for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
            found.append((method, route.path))
    return found


BODIES: dict[str, dict[str, Any]] = {
    "blood-pressure": {"systolic": 120, "diastolic": 80},
    "limb": {"limb": "thigh", "side": "right", "circumference": 56},
    "estimate": {"limb": "thigh", "side": "right", "cuff_width_cm": 18},
    "measured": {"limb": "thigh", "side": "right", "cuff_width_cm": 11.5, "lop_mmhg": 180},
    "plan": {"equipment": {"kind": "wrap", "width_cm": 7.5}, "exercises": []},
    "log": {"reps": 10},
    "report": {"discomfort": 2},
    "grants": {"email": "nobody@example.org"},
    "profile": {"sex": "male", "birth_year": 1990},
    "guided": {"limb": "thigh", "answers": ["done"]},
    "device": {"limb": "thigh", "side": "right", "cuff_width_cm": 11.5},
    "routes": {"limb": "arm", "side": "left", "equipment": "cuff", "cuff_width_cm": 5},
}


def request(browser: Browser, method: str, pattern: str, ids: dict[str, str]) -> Any:
    path = re.sub(r"\{(\w+):\w+\}", lambda m: ids[m.group(1)], pattern)
    if method == "GET":
        return browser.get(path, follow_redirects=False)
    body = next((value for key, value in BODIES.items() if path.rstrip("/").endswith(key)), {})
    if path.startswith("/api/"):
        return browser.post(path, json=body, follow_redirects=False)
    if path.endswith("/plan"):
        body = PLAN_FORM
    return browser.form(path, {key: str(value) for key, value in body.items()})


PLAN_FORM = {
    "equipment_kind": "wrap",
    "width_cm": "7.5",
    "protocol": "resistance-30-15-15-15",
    "exercise_1_name": "Leg press",
    "exercise_1_limb": "thigh",
}


@pytest.fixture
def cast(new_browser: Any, app: Any, clock: StepClock) -> dict[str, Any]:
    owner = new_browser()
    owner_account = athlete_ready(owner)
    other = new_browser()
    athlete_ready(other)
    visitors = {"owner": owner, "other athlete": other}
    for label, role in (
        ("granted coach", "coach"),
        ("ungranted coach", "coach"),
        ("granted clinician", "clinician"),
        ("ungranted clinician", "clinician"),
    ):
        browser = new_browser()
        account = sign_up(browser, role)
        if label.startswith("granted"):
            granted = owner.post("/api/me/grants", json={"email": account["email"]})
            assert granted.status_code == 202
        visitors[label] = browser
    state = app.state["occlusion"]
    accounts.sign_up(
        state.database,
        email="admin@example.org",
        password=PASSWORD,
        display_name="Admin",
        role="admin",
        policy=TEST_POLICY,
        now=clock(),
        allow_admin=True,
    )
    admin = new_browser()
    assert (
        admin.post(
            "/api/sign-in", json={"email": "admin@example.org", "password": PASSWORD}
        ).status_code
        == 200
    )
    visitors["admin"] = admin
    visitors["anonymous"] = new_browser()
    grant_id = owner.get("/api/me/grants").json()[0]["id"]
    person = owner_account["person_id"]
    record = owner.get(f"/api/people/{person}").json()
    measured = owner.post(f"/api/people/{person}/lop/measured", json=BODIES["measured"])
    assert measured.status_code == 201, measured.text
    ids = {
        "person_id": person,
        "grant_id": grant_id,
        "user_id": owner_account["id"],
        "kind": "blood-pressure",
        "row_id": record["measurements"]["blood_pressure"][0]["id"],
        "lop_id": measured.json()["id"],
        "set_id": one_finished_set(owner, person),
        # No such session: allowed visitors are told so (400), others never learn the record.
        "session_id": str(uuid.uuid4()),
    }
    return {"visitors": visitors, "ids": ids}


def one_finished_set(owner: Browser, person: str) -> str:
    """Run a short wrap session (one set, then stop) and return the id of its set."""
    base = f"/api/people/{person}/session"
    assert owner.post(f"{base}/start").status_code == 200
    assert owner.post(f"{base}/confirm").status_code == 200
    assert owner.post(f"{base}/log", json={"reps": 30}).status_code == 200
    assert owner.post(f"{base}/stop").status_code == 200
    history = owner.get(f"/api/people/{person}/history").json()
    return str(history["sessions"][0]["exercises"][0]["sets"][0]["id"])


def expected_allowed(visitor: str, method: str, path: str) -> bool:
    """Whether ``visitor`` may use the route (then any status but 401/403/404 is fine)."""
    if visitor == "anonymous":
        return False
    if "{person_id" in path:
        if path.endswith("/clearance"):
            return visitor == "granted clinician"
        return visitor in ("owner", "granted coach", "granted clinician")
    if "{grant_id" in path:
        return visitor == "owner"
    if "/grants" in path or path in ("/api/me/profile", "/onboarding/profile", "/me"):
        return visitor in ("owner", "other athlete")
    if path in ("/roster", "/api/roster"):
        return "coach" in visitor or "clinician" in visitor
    if path.startswith(("/admin", "/api/admin")):
        return visitor == "admin"
    return True  # the visitor's own account: /account, /api/me, exports, sessions


VISITORS = (
    "anonymous",
    "owner",
    "other athlete",
    "granted coach",
    "ungranted coach",
    "granted clinician",
    "ungranted clinician",
    "admin",
)


@pytest.mark.parametrize("visitor", VISITORS)
def test_every_route_for(visitor: str, cast: dict[str, Any], app: Any) -> None:
    browser = cast["visitors"][visitor]
    mismatches = []
    checked = 0
    for method, pattern in concrete_routes(app):
        if pattern in PUBLIC or pattern in DESTRUCTIVE or pattern.endswith("/stream"):
            continue
        ids = cast["ids"]
        if "{grant_id" in pattern and visitor == "owner":
            # Each revoke uses up a grant: take one still active.
            ids = {**ids, "grant_id": browser.get("/api/me/grants").json()[0]["id"]}
        response = request(browser, method, pattern, ids)
        checked += 1
        status = response.status_code
        redirected_to_sign_in = status in (302, 303, 307) and response.headers.get(
            "location", ""
        ).startswith("/sign-in")
        allowed = expected_allowed(visitor, method, pattern)
        if allowed and (status in DENIED or redirected_to_sign_in or status >= 500):
            mismatches.append(f"{method} {pattern}: expected access, got {status}")
        if not allowed and not (status in DENIED or redirected_to_sign_in):
            mismatches.append(f"{method} {pattern}: expected refusal, got {status}")
        if status >= 400 and pattern.startswith("/api/"):
            assert response.json()["detail"], f"{method} {pattern} answered without a message"
    assert checked > 40
    assert mismatches == [], "\n".join(mismatches)


def test_no_foreign_id_reaches_another_persons_data(cast: dict[str, Any]) -> None:
    other = cast["visitors"]["other athlete"]
    owner = cast["visitors"]["owner"]
    grant_id = cast["ids"]["grant_id"]
    # Another athlete cannot revoke the owner's grant by its id.
    assert other.post(f"/api/me/grants/{grant_id}/revoke").status_code == 404
    assert len(owner.get("/api/me/grants").json()) == 2
    # A coach cannot reach an ungranted record through a granted one's pages or the stream.
    coach = cast["visitors"]["ungranted coach"]
    person = cast["ids"]["person_id"]
    assert coach.get(f"/api/people/{person}/session/stream?limit=1").status_code == 404
    # Every record id a granted coach sees belongs to the granted person.
    granted = cast["visitors"]["granted coach"]
    record = granted.get(f"/api/people/{person}").json()
    for kind in ("blood_pressure", "limbs", "lop"):
        for row in record["measurements"][kind]:
            assert row["person_id"] == person
    assert record["person"]["id"] == person
    # The other athlete's export holds none of the owner's rows.
    exported = other.get("/api/me/export").text
    assert person not in exported
