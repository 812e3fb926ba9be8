"""The LOP measurement record: validation, UTC with local offset, JSON round trip."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from occlusion.errors import InputError
from occlusion.science.lop.record import LopMeasurement


def make_record(**changes: Any) -> LopMeasurement:
    fields: dict[str, Any] = {
        "limb": "thigh",
        "side": "right",
        "posture": "seated",
        "cuff_width_cm": 11.5,
        "cuff_material": "nylon",
        "method": "doppler",
        "lop_mmhg": 190.0,
        "notes": "after warm-up",
        **changes,
    }
    local = datetime(2026, 11, 24, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    return LopMeasurement.at_local_time(local, **fields)


def test_record_keeps_utc_and_the_local_offset() -> None:
    record = make_record()
    assert record.measured_at == datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
    assert record.utc_offset_minutes == 60
    assert record.measured_at_local.hour == 9
    document = record.as_dict()
    assert document["measured_at"] == "2026-11-24T08:30:00+00:00"
    assert document["measured_at_local"] == "2026-11-24T09:30:00+01:00"


def test_record_round_trips_through_json() -> None:
    for record in (make_record(), make_record(method="estimate", interval_95_mmhg=(160.0, 220.0))):
        again = LopMeasurement.from_dict(json.loads(json.dumps(record.as_dict())))
        assert again == record


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"side": "middle"}, "unknown side"),
        ({"method": "guess"}, "measurement method"),
        ({"lop_mmhg": -5.0}, "limb occlusion pressure"),
        ({"cuff_width_cm": 100.0}, "cuff width"),
        ({"method": "estimate", "interval_95_mmhg": (200.0, 250.0)}, "must contain"),
    ],
)
def test_invalid_records_are_refused(changes: dict[str, Any], text: str) -> None:
    with pytest.raises(InputError, match=text):
        make_record(**changes)


def test_naive_or_non_utc_times_are_refused() -> None:
    with pytest.raises(InputError, match="UTC offset"):
        LopMeasurement.at_local_time(
            datetime(2026, 1, 1),
            limb="arm",
            side="left",
            posture="seated",
            cuff_width_cm=5.0,
            cuff_material="nylon",
            method="doppler",
            lop_mmhg=150.0,
        )
    with pytest.raises(InputError, match="UTC datetime"):
        LopMeasurement(
            limb="arm",
            side="left",
            posture="seated",
            cuff_width_cm=5.0,
            cuff_material="nylon",
            method="doppler",
            lop_mmhg=150.0,
            measured_at=datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=2))),
            utc_offset_minutes=120,
        )


@pytest.mark.parametrize(
    "document",
    [
        [],
        {"limb": "thigh"},
        {**make_record().as_dict(), "measured_at": "yesterday"},
        {**make_record().as_dict(), "measured_at": "2026-01-01T10:00:00"},
        {**make_record().as_dict(), "interval_95_mmhg": [1]},
        {**make_record().as_dict(), "lop_mmhg": "high"},
    ],
)
def test_from_dict_rejects_malformed_records(document: Any) -> None:
    with pytest.raises(InputError):
        LopMeasurement.from_dict(document)
