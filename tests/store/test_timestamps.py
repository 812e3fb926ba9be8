from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from occlusion.errors import InputError
from occlusion.store import timestamps
from occlusion.store.ids import id_time_ms, new_id

MOMENTS = st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1))
OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60)


@given(MOMENTS, OFFSETS)
def test_iso_round_trip(moment: datetime, offset_min: int) -> None:
    text = timestamps.to_iso(moment, offset_min)
    assert text == timestamps.join(moment, offset_min).isoformat()
    assert text is not None
    assert timestamps.split(timestamps.parse_iso(text)) == (moment, offset_min)


@given(MOMENTS, OFFSETS)
def test_local_date_is_the_day_of_the_local_time(moment: datetime, offset_min: int) -> None:
    assert timestamps.local_date(moment, offset_min) == timestamps.join(moment, offset_min).date()


def test_naive_times_are_refused() -> None:
    with pytest.raises(InputError, match="no UTC offset"):
        timestamps.parse_iso("2026-01-01T10:00")
    with pytest.raises(InputError, match="no UTC offset"):
        timestamps.split(datetime(2026, 1, 1))
    with pytest.raises(InputError, match="ISO 8601"):
        timestamps.parse_iso("tomorrow")


def test_uuid7_layout_and_order() -> None:
    moment = datetime(2026, 5, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    ms = int(moment.timestamp() * 1000)
    identifier = new_id(ms * 1_000_000)
    assert identifier.version == 7
    assert identifier.variant == "specified in RFC 4122"
    assert id_time_ms(identifier) == ms
    ids = [new_id() for _ in range(2000)]
    assert ids == sorted(ids, key=lambda item: item.int)
    assert len(set(ids)) == len(ids)
