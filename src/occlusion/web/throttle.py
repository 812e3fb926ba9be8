"""A sliding-window limit on sign-in attempts per client address (with an injected clock).

Lockout (:mod:`occlusion.services.accounts`) protects one account from guessing; this limit protects
the server from one address trying many accounts. Both apply.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from datetime import datetime

from occlusion.errors import InputError


class TooManyAttempts(InputError):
    """The client made too many sign-in attempts in the window (HTTP 429)."""

    def __init__(self, message: str, retry_after_s: float) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class SignInThrottle:
    """Allow at most ``limit`` attempts per ``window_s`` seconds from each client address."""

    def __init__(self, limit: int, window_s: float, clock: Callable[[], datetime]) -> None:
        if limit < 1 or window_s <= 0:
            raise ValueError("limit must be ≥ 1 and window_s > 0")
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._attempts: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        """Count one attempt from ``client``.

        Raises
        ------
        TooManyAttempts
            The client already used its attempts in the current window.
        """
        now = self.clock().timestamp()
        with self._lock:
            attempts = self._attempts.setdefault(client, deque())
            while attempts and attempts[0] <= now - self.window_s:
                attempts.popleft()
            if len(attempts) >= self.limit:
                wait = attempts[0] + self.window_s - now
                raise TooManyAttempts(
                    f"too many sign-in attempts from this address; wait {max(1, round(wait))} s",
                    wait,
                )
            attempts.append(now)
            if len(self._attempts) > 10_000:
                self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        for key in [
            key
            for key, queue in self._attempts.items()
            if not queue or queue[-1] <= now - self.window_s
        ]:
            del self._attempts[key]
