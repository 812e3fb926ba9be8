"""The token cache saves lookups and never outlives a sign-out, a revocation or a role change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from occlusion.services import accounts, token_cache
from occlusion.services.passwords import TEST_POLICY
from occlusion.store.engine import Database

NOW = datetime(2026, 12, 6, 18, 0, tzinfo=UTC)


def _account(database: Database, email: str, role: str = "coach") -> accounts.Account:
    accounts.sign_up(database, email=email, password="correct horse battery",
                     display_name="C", role=role, policy=TEST_POLICY, now=NOW)
    return accounts.sign_in(database, email=email, password="correct horse battery",
                            policy=TEST_POLICY, now=NOW)


def test_second_lookup_is_a_hit_and_sign_out_is_at_once(database: Database) -> None:
    cache = token_cache.install(database)
    account = _account(database, "a@example.org")
    token = accounts.open_session(database, account, now=NOW)
    assert accounts.account_for_token(database, token, now=NOW) == account
    assert accounts.account_for_token(database, token, now=NOW) == account
    assert (cache.hits, cache.misses) == (1, 1)
    accounts.close_session(database, token)
    assert accounts.account_for_token(database, token, now=NOW) is None


def test_revoking_other_sessions_and_expiry(database: Database) -> None:
    token_cache.install(database)
    account = _account(database, "b@example.org")
    kept = accounts.open_session(database, account, now=NOW)
    other = accounts.open_session(database, account, now=NOW)
    assert accounts.account_for_token(database, other, now=NOW) == account
    assert accounts.revoke_other_sessions(database, account, kept) == 1
    assert accounts.account_for_token(database, other, now=NOW) is None
    assert accounts.account_for_token(database, kept, now=NOW) == account
    much_later = NOW + timedelta(seconds=accounts.SESSION_LIFETIME_S + 1)
    assert accounts.account_for_token(database, kept, now=much_later) is None


def test_a_role_change_is_seen_at_once(database: Database) -> None:
    token_cache.install(database)
    admin = _account(database, "admin@example.org", "coach")
    with database.session() as session:  # the first administrator is made by hand
        from occlusion.store.accounts import WebUser

        session.get(WebUser, admin.id).role = "admin"  # type: ignore[union-attr]
    admin = accounts.sign_in(database, email="admin@example.org",
                             password="correct horse battery", policy=TEST_POLICY, now=NOW)
    coach = _account(database, "c@example.org")
    token = accounts.open_session(database, coach, now=NOW)
    assert accounts.account_for_token(database, token, now=NOW).role == "coach"  # type: ignore[union-attr]
    accounts.change_account(database, admin, coach.id, role="admin", unlock=False)
    assert accounts.account_for_token(database, token, now=NOW).role == "admin"  # type: ignore[union-attr]


def test_a_read_racing_a_revocation_is_not_kept() -> None:
    cache = token_cache.TokenCache()
    generation = cache.generation
    cache.clear()  # a revocation committed while the account was being read
    cache.put("digest", "account", NOW + timedelta(hours=1), generation)
    assert cache.get("digest", NOW) is None


def test_remembered_account_never_reads_the_database(database: Database) -> None:
    """What async handlers ask on the event loop: the cache only, revocation at once."""
    account = _account(database, "d@example.org")
    token = accounts.open_session(database, account, now=NOW)
    assert accounts.remembered_account(database, token, now=NOW) is None, "no cache installed"
    token_cache.install(database)
    assert accounts.remembered_account(database, token, now=NOW) is None, "not read yet"
    assert accounts.account_for_token(database, token, now=NOW) == account
    assert accounts.remembered_account(database, token, now=NOW) == account
    assert accounts.remembered_account(database, "x" * 101, now=NOW) is None
    accounts.close_session(database, token)
    assert accounts.remembered_account(database, token, now=NOW) is None
