"""No account enumeration, the password policy and password change (issue 11, items 7 and 8)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from occlusion.errors import InputError
from occlusion.services.lockout import MAX_FAILED_SIGN_INS
from occlusion.services.passwords import check_new_password
from tests.web.conftest import PASSWORD, sign_up

_TOKEN = re.compile(r"[0-9a-f]{128}")


def _same_page(text: str, email: str) -> str:
    """The page without its CSRF token (random per browser) and the address typed."""
    return _TOKEN.sub("TOKEN", text).replace(email, "EMAIL")


def _without_volatile(response: Any) -> tuple[int, str, list[str]]:
    cookies = sorted(cookie.split("=")[0] for cookie in response.headers.get_list("set-cookie"))
    return response.status_code, response.text, cookies


def test_sign_up_answers_the_same_for_a_new_and_an_existing_address(new_browser: Any) -> None:
    owner = new_browser()
    account = sign_up(owner, "coach")
    body = {"password": "another fine pass phrase", "display_name": "Someone", "role": "athlete"}
    existing = new_browser()
    existing.get("/sign-in")
    fresh = new_browser()
    fresh.get("/sign-in")
    taken = existing.post("/api/sign-up", json={**body, "email": account["email"]})
    new = fresh.post("/api/sign-up", json={**body, "email": "fresh@example.org"})
    assert _without_volatile(taken) == _without_volatile(new)
    assert taken.status_code == 202 and "sign in" in taken.json()["detail"]
    assert "occlusion_session" not in existing.cookies
    # The existing account is untouched: its own password still signs in, the new one does not.
    assert (
        existing.post(
            "/api/sign-in", json={"email": account["email"], "password": body["password"]}
        ).status_code
        == 401
    )
    assert (
        existing.post(
            "/api/sign-in", json={"email": account["email"], "password": PASSWORD}
        ).status_code
        == 200
    )
    pages = [
        browser.form("/sign-up", {**body, "email": email})
        for browser, email in ((new_browser(), account["email"]), (new_browser(), "p@example.org"))
    ]
    assert pages[0].status_code == pages[1].status_code == 202
    assert "your account is ready" in pages[0].text
    assert _same_page(pages[0].text, account["email"]) == _same_page(pages[1].text, "p@example.org")


def test_sign_in_answers_the_same_for_unknown_wrong_and_locked(new_browser: Any) -> None:
    owner = new_browser()
    locked = sign_up(owner, "athlete")
    wrong = sign_up(new_browser(), "athlete")
    attacker = new_browser()
    for _ in range(MAX_FAILED_SIGN_INS):
        attacker.post("/api/sign-in", json={"email": locked["email"], "password": "x" * 12})
    answers = {
        state: attacker.post("/api/sign-in", json={"email": email, "password": password})
        for state, email, password in (
            ("unknown", "nobody-here@example.org", "x" * 12),
            ("wrong", wrong["email"], "x" * 12),
            ("locked", locked["email"], PASSWORD),
        )
    }
    assert len({(r.status_code, r.text) for r in answers.values()}) == 1
    pages = {
        state: new_browser().form("/sign-in", {"email": email, "password": password}).text
        for state, email, password in (
            ("unknown", "nobody-here@example.org", "x" * 12),
            ("locked", locked["email"], PASSWORD),
        )
    }
    assert _same_page(pages["unknown"], "nobody-here@example.org") == _same_page(
        pages["locked"], locked["email"]
    )


def test_the_grant_form_does_not_reveal_accounts(new_browser: Any) -> None:
    from tests.web.conftest import athlete_ready

    athlete = new_browser()
    athlete_ready(athlete)
    coach = sign_up(new_browser(), "coach")
    other_athlete = sign_up(new_browser(), "athlete")
    answers = [
        athlete.post("/api/me/grants", json={"email": email})
        for email in (coach["email"], other_athlete["email"], "nobody@example.org", coach["email"])
    ]
    assert len({(r.status_code, r.text) for r in answers}) == 1
    assert answers[0].status_code == 202
    assert [g["grantee_email"] for g in athlete.get("/api/me/grants").json()] == [coach["email"]]
    pages = [
        athlete.form("/account/grants", {"email": email})
        for email in ("nobody@example.org", coach["email"])
    ]
    assert pages[0].status_code == pages[1].status_code == 200
    assert "If a coach or clinician has an account" in pages[0].text


@pytest.mark.parametrize(
    "weak",
    ["          ", "password12", "1234567890", "qwertyuiop", "abcdefghij", "occlusion1"],
)
def test_common_and_trivial_passwords_are_refused(weak: str) -> None:
    with pytest.raises(InputError) as refused:
        check_new_password(weak)
    assert refused.value.code == "password.weak"


@pytest.mark.parametrize(
    "strong",
    [
        PASSWORD,
        "demo cuff at seven tenths",
        "my knees like slow squats with a blue band " * 20,  # a very long pass-phrase
    ],
)
def test_pass_phrases_are_accepted(strong: str) -> None:
    check_new_password(strong)


def test_the_name_and_address_do_not_make_a_password() -> None:
    # Strong for a stranger; trivial for someone who knows the account's name and address.
    check_new_password("zanthorpe2026")
    with pytest.raises(InputError):
        check_new_password(
            "zanthorpe2026", user_inputs=("q.zanthorpe@example.org", "Quillby Zanthorpe")
        )


def test_a_weak_password_is_refused_in_words_on_the_page(new_browser: Any) -> None:
    page = new_browser().form(
        "/sign-up",
        {"display_name": "W", "email": "w@example.org", "password": "password12", "role": "coach"},
    )
    assert page.status_code == 400 and "too easy to guess" in page.text


def test_password_change_signs_out_other_browsers(new_browser: Any) -> None:
    first = new_browser()
    account = sign_up(first, "athlete")
    second = new_browser()
    assert (
        second.post(
            "/api/sign-in", json={"email": account["email"], "password": PASSWORD}
        ).status_code
        == 200
    )
    refused = first.post(
        "/api/me/password", json={"current_password": "not it at all", "new_password": "x" * 12}
    )
    assert refused.status_code == 401
    weak = first.post(
        "/api/me/password", json={"current_password": PASSWORD, "new_password": "password12"}
    )
    assert weak.status_code == 400
    new_password = "violet kettles hum at noon"
    changed = first.post(
        "/api/me/password", json={"current_password": PASSWORD, "new_password": new_password}
    )
    assert changed.status_code == 200 and changed.json()["signed_out"] == 1
    assert second.get("/api/me").status_code == 401
    assert first.get("/api/me").status_code == 200
    fresh = new_browser()
    assert (
        fresh.post(
            "/api/sign-in", json={"email": account["email"], "password": PASSWORD}
        ).status_code
        == 401
    )
    assert (
        fresh.post(
            "/api/sign-in", json={"email": account["email"], "password": new_password}
        ).status_code
        == 200
    )
    page = first.form(
        "/account/password",
        {"current_password": new_password, "new_password": "orange rivers fold quietly"},
    )
    assert page.status_code == 200 and "Your password is changed" in page.text
