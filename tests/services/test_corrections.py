from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from occlusion.services.corrections import LATE_SET_ARRIVAL_NOTE, LATE_SET_NOTE, add_late_set
from occlusion.services.sessions import abandon_session, log_set, start_session
from occlusion.services.set_times import CLOCK_SKEW_ALLOWANCE_S
from occlusion.sessions import ManualClock
from occlusion.store.csv_formats import export_sets_csv, read_csv_rows
from tests.services.flow import WHEN, ready_person

STARTED = WHEN + timedelta(hours=1)
#: The first set is logged live a minute after the start; the session is then left.
FIRST_SET = STARTED + timedelta(seconds=60)
#: The phone's set reaches the server two hours later.
ARRIVED = STARTED + timedelta(hours=2)
#: The phone's clock in another offset than the server's, to see the offset kept.
PHONE_ZONE = timezone(timedelta(hours=-5))


def ended_session_with_one_set(database) -> tuple[str, object]:  # type: ignore[no-untyped-def]
    person = ready_person(database)
    clock = ManualClock(STARTED)
    handle = start_session(database, person, clock=clock)
    handle.runner.confirm_applied()
    clock.advance(60)
    log_set(handle, reps=30)
    abandon_session(database, person)
    return person, handle.session_id


def late_second_set(database, done_at: datetime | None) -> dict:  # type: ignore[no-untyped-def]
    person, session_id = ended_session_with_one_set(database)
    return add_late_set(
        database, person, session_id, exercise_number=1, set_number=2, reps=14, load=None,
        load_unit="kg", rpe=None, discomfort=None, now=ARRIVED, done_at=done_at,
    )


def test_a_plausible_phone_time_is_kept_with_its_offset(database) -> None:  # type: ignore[no-untyped-def]
    done = (FIRST_SET + timedelta(minutes=2)).astimezone(PHONE_ZONE)
    row = late_second_set(database, done)
    assert row["notes"] == LATE_SET_NOTE
    rows = list(read_csv_rows(export_sets_csv(database)))
    assert [item["performed_at"] for item in rows] == [
        FIRST_SET.isoformat(), done.isoformat()]


@pytest.mark.parametrize(
    "done_at",
    [
        pytest.param(None, id="no time from the phone"),
        pytest.param(ARRIVED + timedelta(seconds=CLOCK_SKEW_ALLOWANCE_S + 1), id="in the future"),
        pytest.param(STARTED - timedelta(seconds=CLOCK_SKEW_ALLOWANCE_S + 1),
                     id="before the session began"),
        pytest.param(FIRST_SET - timedelta(seconds=30), id="before the set ahead of it"),
    ],
)
def test_an_implausible_phone_time_falls_back_to_arrival(  # type: ignore[no-untyped-def]
    database, done_at: datetime | None
) -> None:
    row = late_second_set(database, done_at)
    assert row["notes"] == LATE_SET_ARRIVAL_NOTE
    rows = list(read_csv_rows(export_sets_csv(database)))
    assert rows[-1]["performed_at"] == ARRIVED.isoformat()


def test_a_phone_clock_a_little_ahead_is_allowed(database) -> None:  # type: ignore[no-untyped-def]
    # Just done and sent at once by a phone whose clock runs a minute ahead of the server's.
    done = ARRIVED + timedelta(seconds=CLOCK_SKEW_ALLOWANCE_S / 2)
    assert late_second_set(database, done)["notes"] == LATE_SET_NOTE


def test_a_late_set_must_come_before_the_sets_logged_after_it(database) -> None:  # type: ignore[no-untyped-def]
    person, session_id = ended_session_with_one_set(database)
    common = {"reps": 14, "load": None, "load_unit": "kg", "rpe": None, "discomfort": None,
              "now": ARRIVED}
    third = add_late_set(database, person, session_id, exercise_number=1, set_number=3,
                         done_at=FIRST_SET + timedelta(minutes=4), **common)
    assert third["notes"] == LATE_SET_NOTE
    # The second set, said done after the third: out of order, so timed on arrival.
    second = add_late_set(database, person, session_id, exercise_number=1, set_number=2,
                          done_at=FIRST_SET + timedelta(minutes=5), **common)
    assert second["notes"] == LATE_SET_ARRIVAL_NOTE
