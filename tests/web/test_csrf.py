"""CSRF tokens bound to the sign-in session (issue 11, item 9)."""

from __future__ import annotations

from typing import Any

from occlusion.web.csrf import bound_token
from tests.web.conftest import Browser, sign_up


def test_a_planted_cookie_and_field_pair_is_refused(new_browser: Any) -> None:
    attacker = new_browser()
    attacker.get("/sign-in")
    planted = attacker.cookies["csrftoken"]  # a valid anonymous token the attacker made
    victim: Browser = new_browser()
    sign_up(victim, "athlete")
    assert victim.cookies["csrftoken"] != planted
    victim.cookies["csrftoken"] = planted
    forged = victim.request(
        "POST", "/account/sessions/revoke-others", data={"_csrf_token": planted}
    )
    assert forged.status_code == 403
    # The page says what happened in words, without the acronym.
    assert "nothing was done: reload the page and send it again" in forged.text
    assert "CSRF" not in forged.text.split("<main", 1)[1].split("</main>", 1)[0]
    forged_api = victim.request(
        "POST", "/api/me/sessions/revoke-others", headers={"x-csrftoken": planted}
    )
    assert forged_api.status_code == 403
    assert "CSRF" in forged_api.json()["detail"] and "reload" in forged_api.json()["message"]
    # Reloading a page hands the browser its session's own token again.
    page = victim.get("/account")
    assert page.status_code == 200
    own = victim.cookies["csrftoken"]
    assert own != planted and own in page.text
    assert victim.post("/api/me/sessions/revoke-others").status_code == 200


def test_the_token_is_derived_from_the_session(new_browser: Any, app: Any) -> None:
    browser = new_browser()
    sign_up(browser, "coach")
    secret = app.state["occlusion"].csrf_secret
    assert browser.cookies["csrftoken"] == bound_token(secret, browser.cookies["occlusion_session"])
    other = new_browser()
    sign_up(other, "coach")
    assert other.cookies["csrftoken"] != browser.cookies["csrftoken"]


def test_anonymous_forms_keep_the_double_submit(new_browser: Any) -> None:
    browser = new_browser()
    refused = browser.request("POST", "/sign-in", data={"email": "a@example.org"})
    assert refused.status_code == 403
    answered = browser.form("/sign-in", {"email": "a@example.org", "password": "x"})
    assert answered.status_code == 401
