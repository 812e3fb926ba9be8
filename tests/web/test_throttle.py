"""The sign-in rate limit: a sliding window per client address, on an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from occlusion.web.throttle import SignInThrottle, TooManyAttempts


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.moment


def test_limit_then_window_slides() -> None:
    clock = Clock()
    throttle = SignInThrottle(3, 60.0, clock)
    for _ in range(3):
        throttle.check("10.0.0.1")
    with pytest.raises(TooManyAttempts) as refused:
        throttle.check("10.0.0.1")
    assert refused.value.retry_after_s == pytest.approx(60.0)
    throttle.check("10.0.0.2")  # another address has its own budget
    clock.moment += timedelta(seconds=60)
    throttle.check("10.0.0.1")


def test_invalid_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        SignInThrottle(0, 60.0, Clock())
    with pytest.raises(ValueError):
        SignInThrottle(3, 0.0, Clock())


@settings(max_examples=60, deadline=None)
@given(
    limit=st.integers(1, 6),
    gaps=st.lists(st.floats(0.0, 30.0, allow_nan=False), min_size=1, max_size=40),
)
def test_never_more_than_limit_attempts_in_any_window(limit: int, gaps: list[float]) -> None:
    clock = Clock()
    window = 20.0
    throttle = SignInThrottle(limit, window, clock)
    accepted: list[float] = []
    now = 0.0
    for gap in gaps:
        now += gap
        clock.moment = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=now)
        try:
            throttle.check("client")
        except TooManyAttempts as refusal:
            assert 0 < refusal.retry_after_s <= window
            # A refusal only happens when the window really is full.
            assert sum(1 for t in accepted if t > now - window) >= limit
            continue
        accepted.append(now)
        assert sum(1 for t in accepted if t > now - window) <= limit
