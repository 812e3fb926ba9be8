"""Session token → account, remembered briefly so most requests skip the database lookup.

Every signed-in request starts by finding the account behind its cookie; under load that
lookup was about a fifth of the server's CPU (docs/benchmarks/web.md). The cache keeps the
answer for at most :data:`DEFAULT_TTL_S`, and never past the session's own expiry. Revocation
is honoured at once: any committed change to accounts, sign-in sessions or people — sign-out,
"sign out everywhere else", a new password, a role change, a profile, a deleted account —
empties the cache of this worker when the transaction commits, and (through the cluster's
``LISTEN/NOTIFY`` channel) of every other worker on the same PostgreSQL as soon as the
notification arrives, within milliseconds. Only found accounts are cached: a new sign-in needs
no invalidation.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import Any

#: An account is remembered at most this long after it was read [s].
DEFAULT_TTL_S = 30.0
#: Tokens remembered at once (least recently used go first).
CAPACITY = 10_000
_WATCHED_TABLES = frozenset({"web_user", "web_session", "person"})
_FLAG = "occlusion_accounts_changed"


class TokenCache:
    """Token digest → (account, session expiry), for ``ttl_s`` at most; thread-safe."""

    def __init__(
        self, ttl_s: float = DEFAULT_TTL_S, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl_s = ttl_s
        self._monotonic = monotonic
        self._entries: OrderedDict[str, tuple[Any, datetime, float]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        #: Bumped by every clear, so a read that raced with a revocation is not stored.
        self.generation = 0

    def get(self, digest: str, moment_utc: datetime) -> Any | None:
        """Return the cached account for ``digest`` if still valid at ``moment_utc``."""
        if self.ttl_s <= 0:
            return None
        with self._lock:
            entry = self._entries.get(digest)
            if entry is None or entry[1] <= moment_utc or entry[2] <= self._monotonic():
                if entry is not None:
                    del self._entries[digest]
                self.misses += 1
                return None
            self._entries.move_to_end(digest)
            self.hits += 1
            return entry[0]

    def put(self, digest: str, account: Any, expires_at_utc: datetime, generation: int) -> None:
        """Remember ``account`` (read at ``generation``) until the TTL or the session's expiry."""
        if self.ttl_s <= 0:
            return
        with self._lock:
            if generation != self.generation:
                return  # a change committed while the account was read: it may be stale
            self._entries[digest] = (account, expires_at_utc, self._monotonic() + self.ttl_s)
            self._entries.move_to_end(digest)
            while len(self._entries) > CAPACITY:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every token (an account or session changed somewhere)."""
        with self._lock:
            self._entries.clear()
            self.generation += 1


def install(database: Any, ttl_s: float = DEFAULT_TTL_S) -> TokenCache:
    """Attach a cache to ``database``, emptied whenever a commit changes accounts or sessions."""
    from sqlalchemy.orm import Session

    from occlusion.store.accounts import WebSession, WebUser
    from occlusion.store.models import Person

    cache = TokenCache(ttl_s)
    database.memo["token-cache"] = cache
    watched = (WebUser, WebSession, Person)

    def statement_hook(state: Any) -> None:
        if state.is_update or state.is_delete:
            table = getattr(state.statement, "table", None)
            if getattr(table, "name", None) in _WATCHED_TABLES:
                state.session.info[_FLAG] = True

    def flush_hook(session: Session, _context: Any) -> None:
        for instance in (*session.dirty, *session.deleted):
            if isinstance(instance, watched):
                session.info[_FLAG] = True
                return

    def commit_hook(session: Session) -> None:
        if session.info.pop(_FLAG, False):
            accounts_changed(database)

    def rollback_hook(session: Session) -> None:
        session.info.pop(_FLAG, None)

    database.listen("do_orm_execute", statement_hook)
    database.listen("after_flush", flush_hook)
    database.listen("after_commit", commit_hook)
    database.listen("after_rollback", rollback_hook)
    return cache


def cache_of(database: Any) -> TokenCache | None:
    """Return the cache :func:`install` attached to ``database``, if any."""
    cache = database.memo.get("token-cache")
    return cache if isinstance(cache, TokenCache) else None


def on_accounts_changed(database: Any, callback: Callable[[], None]) -> None:
    """Call ``callback`` after every commit that changed accounts (to tell other workers)."""
    database.memo.setdefault("accounts-changed", []).append(callback)


def accounts_changed(database: Any, *, tell_others: bool = True) -> None:
    """Empty this worker's cache and, unless told otherwise, tell the other workers."""
    cache = cache_of(database)
    if cache is not None:
        cache.clear()
    if tell_others:
        for callback in database.memo.get("accounts-changed", []):
            callback()
