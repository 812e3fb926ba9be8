"""CSRF tokens bound to the sign-in session.

Litestar's middleware checks that a state change carries the same token as the ``csrftoken``
cookie (double submit), and that the token was made with the app's secret. Someone who can plant
a cookie in a browser (a sibling subdomain, a plain-HTTP hop) could plant a pair they made
themselves. So a signed-in browser's token is not random: it is an HMAC of its session token,
which the attacker does not know, and :func:`check_bound` refuses any other on a state change.
Anonymous forms (sign-in, sign-up) keep the plain double submit.
"""

from __future__ import annotations

import hmac
from hashlib import sha256
from typing import Any, cast

from litestar import Request
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.exceptions import PermissionDeniedException
from litestar.middleware.csrf import generate_csrf_hash
from litestar.types import Message, Scope
from litestar.utils.scope.state import ScopeState

from occlusion.web.context import SESSION_COOKIE, app_state, current_account_async

CSRF_COOKIE = "csrftoken"
CSRF_HEADER = "x-csrftoken"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_PENDING_COOKIE = "occlusion_csrf_cookie"


def bound_token(secret: str, session_token: str) -> str:
    """Return the CSRF token of the browser signed in with ``session_token`` (Litestar format)."""
    part = hmac.new(secret.encode(), b"csrf\n" + session_token.encode(), sha256).hexdigest()
    return part + generate_csrf_hash(token=part, secret=secret)


def csrf_cookie(token: str, *, secure: bool) -> Cookie:
    """Return the ``csrftoken`` cookie as Litestar's middleware sets it (scripts may read it)."""
    return Cookie(
        key=CSRF_COOKIE, value=token, path="/", secure=secure, httponly=False, samesite="strict"
    )


async def check_bound(request: Request[Any, Any, Any]) -> None:
    """Refuse a signed-in state change whose CSRF cookie is not the session's own.

    On a safe request of a signed-in browser with another token, the page is rendered with the
    session's token and the cookie is replaced (:func:`set_pending_cookie`).

    Raises
    ------
    PermissionDeniedException
        A state change by a signed-in browser carries a token not made from its session.
    """
    session_token = request.cookies.get(SESSION_COOKIE, "")
    if not session_token:
        return
    # A cached token is answered on the event loop; only a lookup goes to a worker thread.
    account = await current_account_async(request)
    if account is None:
        return
    state = app_state(request)
    expected = bound_token(state.csrf_secret, session_token)
    if request.cookies.get(CSRF_COOKIE, "") == expected:
        return
    if request.method not in _SAFE_METHODS:
        raise PermissionDeniedException("CSRF token verification failed")
    ScopeState.from_scope(request.scope).csrf_token = expected
    request.scope[_PENDING_COOKIE] = expected  # type: ignore[literal-required]


def set_pending_cookie(secure: bool) -> Any:
    """Return a ``before_send`` hook that sets the cookie :func:`check_bound` replaced."""

    async def hook(message: Message, scope: Scope) -> None:
        token = cast("dict[str, Any]", scope).get(_PENDING_COOKIE)
        if token and message["type"] == "http.response.start":
            cookie = csrf_cookie(token, secure=secure)
            MutableScopeHeaders.from_message(message).add("set-cookie", cookie.to_header(header=""))

    return hook
