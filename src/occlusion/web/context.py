"""Per-request helpers shared by pages and API routes: the app's state and the signed-in account."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from litestar import Request

from occlusion.errors import AccessDenied, NotSignedIn
from occlusion.services.accounts import Account, account_for_token, remembered_account
from occlusion.services.live_sessions import LiveSessions
from occlusion.services.lockout import AttemptLimit
from occlusion.store.engine import Database
from occlusion.web.config import WebConfig
from occlusion.web.observability import Metrics

SESSION_COOKIE = "occlusion_session"


@dataclass(slots=True)
class AppState:
    """What every handler needs: the log, the settings, live sessions and the attempt limits."""

    database: Database
    config: WebConfig
    live: LiveSessions
    throttle: AttemptLimit
    sign_up_throttle: AttemptLimit
    csrf_secret: str
    metrics: Metrics = field(default_factory=Metrics)
    #: Set when the server begins shutting down: streams end, ``/readyz`` answers 503.
    draining: threading.Event = field(default_factory=threading.Event)

    def now(self) -> datetime:
        """Return the injected clock's current time."""
        return self.config.clock()


def app_state(request: Request[Any, Any, Any]) -> AppState:
    """Return the :class:`AppState` of the app serving ``request``."""
    state: AppState = request.app.state["occlusion"]
    return state


def current_account(request: Request[Any, Any, Any]) -> Account | None:
    """Return the account signed in on this request, or ``None``."""
    cached = request.scope.get("occlusion_account", False)
    if cached is None or isinstance(cached, Account):
        return cached
    state = app_state(request)
    token = request.cookies.get(SESSION_COOKIE, "")
    account = account_for_token(state.database, token, now=state.now()) if token else None
    request.scope["occlusion_account"] = account  # type: ignore[typeddict-unknown-key]
    return account


async def current_account_async(request: Request[Any, Any, Any]) -> Account | None:
    """:func:`current_account` for the event loop: no thread hop when the token is cached.

    A token this worker remembers is answered on the event loop; any other is looked up in
    the database on a worker thread, exactly as :func:`current_account` does.
    """
    cached = request.scope.get("occlusion_account", False)
    if cached is None or isinstance(cached, Account):
        return cached
    token = request.cookies.get(SESSION_COOKIE, "")
    if not token:
        return None
    state = app_state(request)
    remembered = remembered_account(state.database, token, now=state.now())
    if remembered is not None:
        request.scope["occlusion_account"] = remembered  # type: ignore[typeddict-unknown-key]
        return remembered
    import anyio.to_thread

    return await anyio.to_thread.run_sync(current_account, request)


async def require_account_async(request: Request[Any, Any, Any], *roles: str) -> Account:
    """:func:`require_account` for async handlers (see :func:`current_account_async`)."""
    await current_account_async(request)
    return require_account(request, *roles)


def require_account(request: Request[Any, Any, Any], *roles: str) -> Account:
    """Return the signed-in account, checking its role when ``roles`` are given.

    Raises
    ------
    NotSignedIn
        Nobody is signed in.
    AccessDenied
        The account's role is not among ``roles``.
    """
    account = current_account(request)
    if account is None:
        raise NotSignedIn("sign in first")
    if roles and account.role not in roles:
        raise AccessDenied(f"this page is for {' and '.join(roles)} accounts")
    return account


def client_address(request: Request[Any, Any, Any]) -> str:
    """Return the client's address (for the sign-in rate limit)."""
    client = request.client
    return client.host if client is not None else "unknown"
