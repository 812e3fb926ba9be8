"""The one rule by which a set sent from a phone keeps the time the phone gave it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from occlusion.services.set_times import CLOCK_SKEW_ALLOWANCE_S, believable

STARTED = datetime(2026, 5, 1, 18, 0)
ARRIVED = STARTED + timedelta(minutes=20)
SKEW = timedelta(seconds=CLOCK_SKEW_ALLOWANCE_S)
SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("done", "kept"),
    [
        (STARTED + timedelta(minutes=5), True),
        (ARRIVED + SKEW, True),
        (ARRIVED + SKEW + SECOND, False),
        (STARTED - SKEW, True),
        (STARTED - SKEW - SECOND, False),
    ],
)
def test_a_time_is_kept_within_the_clock_allowance_of_start_and_arrival(
    done: datetime, kept: bool
) -> None:
    assert believable(done, arrived_utc=ARRIVED, started_utc=STARTED) is kept


def test_a_time_must_fall_between_the_sets_around_it() -> None:
    before, after = [STARTED + timedelta(minutes=2)], [STARTED + timedelta(minutes=8)]
    between = STARTED + timedelta(minutes=5)
    common = {"arrived_utc": ARRIVED, "started_utc": STARTED}
    assert believable(between, before=before, after=after, **common)
    assert not believable(STARTED + timedelta(minutes=1), before=before, **common)
    assert not believable(STARTED + timedelta(minutes=9), after=after, **common)
