"""Sign-in security: CSRF, lockout, rate limit, revocable sessions, password hashing."""

from __future__ import annotations

from typing import Any

from occlusion.services.accounts import LOCKOUT_S, MAX_FAILED_SIGN_INS
from occlusion.services.passwords import TEST_POLICY, hash_password, verify_password
from tests.web.conftest import PASSWORD, StepClock, sign_up


def test_state_changes_without_csrf_token_are_refused(new_browser: Any) -> None:
    browser = new_browser()
    browser.get("/sign-in")
    response = browser.request(
        "POST",
        "/api/sign-up",
        json={"email": "a@example.org", "password": PASSWORD, "display_name": "A"},
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    form = browser.request("POST", "/sign-up", data={"email": "a@example.org"})
    assert form.status_code == 403 and "came from another site, so nothing was done" in form.text


def test_lockout_after_repeated_failures_and_release_after_the_lockout(
    new_browser: Any, clock: StepClock
) -> None:
    owner = new_browser()
    account = sign_up(owner, "athlete")
    attacker = new_browser()
    for _ in range(MAX_FAILED_SIGN_INS):
        wrong = attacker.post(
            "/api/sign-in", json={"email": account["email"], "password": "x" * 12}
        )
        assert wrong.status_code == 401
    locked = attacker.post("/api/sign-in", json={"email": account["email"], "password": PASSWORD})
    assert locked.status_code == 401 and "pauses" in locked.json()["detail"]
    clock.advance(LOCKOUT_S + 1)
    fine = attacker.post("/api/sign-in", json={"email": account["email"], "password": PASSWORD})
    assert fine.status_code == 200


def test_unknown_address_and_wrong_password_read_the_same(new_browser: Any) -> None:
    browser = new_browser()
    account = sign_up(browser, "coach")
    unknown = browser.post("/api/sign-in", json={"email": "nobody@example.org", "password": "x"})
    wrong = browser.post("/api/sign-in", json={"email": account["email"], "password": "x" * 10})
    assert unknown.json()["detail"] == wrong.json()["detail"]


def test_sign_in_rate_limit_per_address(web_config: Any, clock: StepClock) -> None:
    from dataclasses import replace

    from litestar.testing import TestClient

    from occlusion.web.app import create_app
    from tests.web.conftest import Browser

    client = TestClient(create_app(replace(web_config, sign_in_attempts_per_window=10)))
    browser = Browser(client.__enter__())
    codes = [
        browser.post(
            "/api/sign-in", json={"email": f"n{i}@example.org", "password": "x"}
        ).status_code
        for i in range(11)
    ]
    assert codes[:10] == [401] * 10 and codes[10] == 429
    clock.advance(61)
    again = browser.post("/api/sign-in", json={"email": "n@example.org", "password": "x"})
    assert again.status_code == 401
    client.__exit__(None, None, None)


def test_sign_out_revokes_the_server_session(new_browser: Any) -> None:
    browser = new_browser()
    sign_up(browser, "athlete")
    stolen_cookie = browser.cookies["occlusion_session"]
    assert browser.get("/api/me").status_code == 200
    browser.post("/api/sign-out")
    thief = new_browser()
    thief.cookies["occlusion_session"] = stolen_cookie
    assert thief.get("/api/me").status_code == 401


def test_sign_out_everywhere_else(new_browser: Any) -> None:
    first = new_browser()
    account = sign_up(first, "athlete")
    second = new_browser()
    assert (
        second.post(
            "/api/sign-in", json={"email": account["email"], "password": PASSWORD}
        ).status_code
        == 200
    )
    assert first.form("/account/sessions/revoke-others", {}).status_code == 303
    assert second.get("/api/me").status_code == 401
    assert first.get("/api/me").status_code == 200


def test_passwords_are_argon2id_and_never_leave_the_server(new_browser: Any) -> None:
    stored = hash_password(PASSWORD, TEST_POLICY)
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, PASSWORD, TEST_POLICY)
    assert not verify_password(stored, PASSWORD + "!", TEST_POLICY)
    assert not verify_password("not a hash", PASSWORD, TEST_POLICY)
    browser = new_browser()
    sign_up(browser, "athlete")
    exported = browser.get("/api/me/export").text
    assert "argon2" not in exported and PASSWORD not in exported


def test_admin_role_cannot_be_chosen_at_sign_up(new_browser: Any) -> None:
    browser = new_browser()
    response = browser.post(
        "/api/sign-up",
        json={
            "email": "root@example.org",
            "password": PASSWORD,
            "display_name": "R",
            "role": "admin",
        },
    )
    assert response.status_code == 400
    assert response.json()["detail"]


def test_default_cost_is_rfc_9106_second_recommended_option() -> None:
    from occlusion.services.passwords import PasswordPolicy

    policy = PasswordPolicy()
    assert (policy.time_cost, policy.memory_cost_kib, policy.parallelism) == (3, 64 * 1024, 4)
    assert "$argon2id$v=19$m=65536,t=3,p=4$" in hash_password("a long password", policy)


def test_admin_unlocks_and_changes_roles_but_not_their_own(
    new_browser: Any, app: Any, clock: StepClock
) -> None:
    from occlusion.services import accounts as account_functions

    state = app.state["occlusion"]
    admin_account = account_functions.sign_up(
        state.database,
        email="root@example.org",
        password=PASSWORD,
        display_name="Root",
        role="admin",
        policy=TEST_POLICY,
        now=clock(),
        allow_admin=True,
    )
    admin = new_browser()
    assert (
        admin.post(
            "/api/sign-in", json={"email": "root@example.org", "password": PASSWORD}
        ).status_code
        == 200
    )
    coach = sign_up(new_browser(), "coach")
    attacker = new_browser()
    for _ in range(MAX_FAILED_SIGN_INS):
        attacker.post("/api/sign-in", json={"email": coach["email"], "password": "x" * 12})
    listed = {row["email"]: row for row in admin.get("/api/admin/accounts").json()}
    assert listed[coach["email"]]["locked"] is True
    assert "password_hash" not in listed[coach["email"]]
    changed = admin.post(
        f"/api/admin/accounts/{coach['id']}", json={"unlock": True, "role": "clinician"}
    )
    assert changed.status_code == 200
    listed = {row["email"]: row for row in admin.get("/api/admin/accounts").json()}
    assert listed[coach["email"]]["locked"] is False
    assert listed[coach["email"]]["role"] == "clinician"
    demote = admin.post(f"/api/admin/accounts/{admin_account.id}", json={"role": "coach"})
    assert demote.status_code == 400 and "own admin role" in demote.json()["detail"]


def test_sign_up_is_limited_per_address(web_config: Any) -> None:
    from dataclasses import replace

    from litestar.testing import TestClient

    from occlusion.web.app import create_app
    from tests.web.conftest import Browser

    app = create_app(replace(web_config, sign_up_attempts_per_window=3))
    with TestClient(app) as client:
        browser = Browser(client)
        codes = [
            browser.post(
                "/api/sign-up",
                json={
                    "email": f"flood{number}@example.org",
                    "password": PASSWORD,
                    "display_name": "Flood",
                },
            ).status_code
            for number in range(4)
        ]
        assert codes[3] == 429 and 429 not in codes[:3]
        refused = browser.post(
            "/api/sign-up",
            json={"email": "late@example.org", "password": PASSWORD, "display_name": "L"},
        )
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
        # People read the wait in minutes, never a count of seconds.
        assert refused.json()["message"].endswith("try again in an hour.")


def test_refused_sign_ups_do_not_use_up_the_limit(web_config: Any) -> None:
    """Typing slips (a short password, an address that is not one) are answered beside their
    field and leave the address's sign-ups for the attempt that can make an account."""
    from dataclasses import replace

    from litestar.testing import TestClient

    from occlusion.web.app import create_app
    from tests.web.conftest import Browser

    app = create_app(replace(web_config, sign_up_attempts_per_window=2))
    with TestClient(app) as client:
        browser = Browser(client)
        slips = [
            {"email": "kim@example.org", "password": "short", "display_name": "Kim"},
            {"email": "kim at example.org", "password": PASSWORD, "display_name": "Kim"},
            {"email": "kim@example.org", "password": PASSWORD, "display_name": " "},
        ]
        for _ in range(3):
            for slip in slips:
                form = browser.form("/sign-up", {**slip, "role": "athlete"})
                assert form.status_code == 400, form.text
                assert '<p class="field-error"' in form.text
                api = browser.post("/api/sign-up", json=slip)
                assert api.status_code == 400, api.text
        made = browser.form(
            "/sign-up",
            {"email": "kim@example.org", "password": PASSWORD, "display_name": "Kim",
             "role": "athlete"},
        )
        assert made.status_code == 202, made.text
        again = browser.post(
            "/api/sign-up",
            json={"email": "lee@example.org", "password": PASSWORD, "display_name": "Lee"},
        )
        assert again.status_code == 202, again.text
        # The limit still holds for sign-ups that could make an account.
        over = browser.post(
            "/api/sign-up",
            json={"email": "max@example.org", "password": PASSWORD, "display_name": "Max"},
        )
        assert over.status_code == 429
