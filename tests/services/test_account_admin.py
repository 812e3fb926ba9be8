"""Administrators search, disable and enable accounts (issue 10, item 12)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from occlusion.errors import AccessDenied, InputError, RecordNotFound, SignInError
from occlusion.services import accounts, audit, token_cache
from occlusion.services.passwords import TEST_POLICY
from occlusion.store.engine import Database

NOW = datetime(2026, 12, 6, 18, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


def _account(database: Database, email: str, name: str, role: str = "coach") -> accounts.Account:
    accounts.sign_up(database, email=email, password=PASSWORD, display_name=name, role=role,
                     policy=TEST_POLICY, now=NOW, allow_admin=True)
    return accounts.sign_in(database, email=email, password=PASSWORD, policy=TEST_POLICY, now=NOW)


def _sign_in(database: Database, email: str, password: str = PASSWORD) -> accounts.Account:
    return accounts.sign_in(database, email=email, password=password, policy=TEST_POLICY, now=NOW)


def test_search_ignores_case_matches_name_or_email_and_pages(database: Database) -> None:
    admin = _account(database, "root@example.org", "Root", "admin")
    for number in range(7):
        _account(database, f"coach{number}@Example.org", f"Coach Ångström {number}")
    _account(database, "zed@other.net", "Zed 100%_done")
    everyone = accounts.search_accounts(database, admin, per_page=3, now=NOW)
    assert (everyone["total"], everyone["pages"], everyone["page"]) == (9, 3, 1)
    assert [row["display_name"] for row in everyone["accounts"]] == [
        "Coach Ångström 0", "Coach Ångström 1", "Coach Ångström 2"]
    last = accounts.search_accounts(database, admin, per_page=3, page=99, now=NOW)
    assert last["page"] == 3 and len(last["accounts"]) == 3
    by_email = accounts.search_accounts(database, admin, query="  EXAMPLE.ORG ", now=NOW)
    assert by_email["total"] == 8 and by_email["query"] == "EXAMPLE.ORG"
    by_name = accounts.search_accounts(database, admin, query="coach ång", now=NOW)
    assert by_name["total"] == 7
    # LIKE wildcards in the query are plain characters.
    assert accounts.search_accounts(database, admin, query="%", now=NOW)["total"] == 1
    assert accounts.search_accounts(database, admin, query="0%_", now=NOW)["total"] == 1
    none = accounts.search_accounts(database, admin, query="nobody", now=NOW)
    assert (none["total"], none["pages"], none["accounts"]) == (0, 1, [])
    assert all("password" not in key for row in everyone["accounts"] for key in row)
    coach = _sign_in(database, "coach0@example.org")
    with pytest.raises(AccessDenied):
        accounts.search_accounts(database, coach, now=NOW)


def test_disable_signs_out_refuses_sign_in_like_a_wrong_password_and_enable_restores(
    database: Database,
) -> None:
    token_cache.install(database)
    admin = _account(database, "root@example.org", "Root", "admin")
    coach = _account(database, "coach@example.org", "Cora Coach")
    tokens = [accounts.open_session(database, coach, now=NOW) for _ in range(2)]
    assert all(accounts.account_for_token(database, t, now=NOW) == coach for t in tokens)
    assert accounts.set_disabled(database, admin, coach.id, disabled=True, now=NOW)
    # Every browser is signed out at once, cached or not.
    assert all(accounts.account_for_token(database, t, now=NOW) is None for t in tokens)
    with pytest.raises(SignInError) as disabled:
        _sign_in(database, "coach@example.org")
    with pytest.raises(SignInError) as wrong:
        _sign_in(database, "coach@example.org", "not the password at all")
    with pytest.raises(SignInError) as unknown:
        _sign_in(database, "nobody@example.org")
    assert str(disabled.value) == str(wrong.value) == str(unknown.value)
    assert disabled.value.code == wrong.value.code == unknown.value.code
    # Twice is no change and no second audit entry.
    assert not accounts.set_disabled(database, admin, coach.id, disabled=True, now=NOW)
    row = accounts.search_accounts(database, admin, query="cora", now=NOW)["accounts"][0]
    assert row["disabled"] and row["disabled_at"].startswith("2026-12-06T18:00")
    later = NOW + timedelta(minutes=5)
    assert accounts.set_disabled(database, admin, coach.id, disabled=False, now=later)
    assert _sign_in(database, "coach@example.org") == coach
    trail = audit.audit_log(database)
    assert [(e["action"], e["actor_name"], e["person_name"]) for e in trail] == [
        ("enable", "Root", "Cora Coach"), ("disable", "Root", "Cora Coach")
    ]


def test_a_disabled_account_costs_the_same_work_as_a_wrong_password(database: Database) -> None:
    admin = _account(database, "root@example.org", "Root", "admin")
    coach = _account(database, "coach@example.org", "Cora Coach")
    accounts.set_disabled(database, admin, coach.id, disabled=True, now=NOW)
    calls: list[str] = []
    original = accounts.verify_password

    def counting(stored: str, password: str, policy: object) -> bool:
        calls.append(stored)
        return original(stored, password, policy)  # type: ignore[arg-type]

    accounts.verify_password = counting  # type: ignore[assignment]
    try:
        for password in (PASSWORD, "not the password at all"):
            with pytest.raises(SignInError):
                _sign_in(database, "coach@example.org", password)
    finally:
        accounts.verify_password = original  # type: ignore[assignment]
    # One verification against the account's own hash either way.
    assert len(calls) == 2 and calls[0] == calls[1]


def test_an_admin_cannot_disable_themselves_or_the_last_admin(database: Database) -> None:
    root = _account(database, "root@example.org", "Root", "admin")
    coach = _account(database, "coach@example.org", "Cora Coach")
    with pytest.raises(InputError) as own:
        accounts.set_disabled(database, root, root.id, disabled=True, now=NOW)
    assert own.value.code == "account.self-disable"
    with pytest.raises(AccessDenied):
        accounts.set_disabled(database, coach, root.id, disabled=True, now=NOW)
    second = _account(database, "second@example.org", "Sam Second", "admin")
    assert accounts.set_disabled(database, root, second.id, disabled=True, now=NOW)
    # Root is now the only enabled admin: a (stale) second admin cannot disable them.
    with pytest.raises(InputError) as last:
        accounts.set_disabled(database, second, root.id, disabled=True, now=NOW)
    assert last.value.code == "account.last-admin"
    with pytest.raises(RecordNotFound):
        accounts.set_disabled(database, root, uuid.uuid4(), disabled=True, now=NOW)


def test_data_is_kept_while_disabled(database: Database) -> None:
    admin = _account(database, "root@example.org", "Root", "admin")
    athlete = _account(database, "ada@example.org", "Ada", "athlete")
    athlete = accounts.create_profile(database, athlete, sex="female", birth_year=1995,
                                      body_mass=64, preferred_units="metric", now=NOW)
    accounts.set_disabled(database, admin, athlete.id, disabled=True, now=NOW)
    accounts.set_disabled(database, admin, athlete.id, disabled=False, now=NOW)
    assert _sign_in(database, "ada@example.org").person_id == athlete.person_id
