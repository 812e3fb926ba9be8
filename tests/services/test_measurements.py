from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from occlusion.errors import InputError, NotEstimableError, OutOfRangeError
from occlusion.science.lop import estimate
from occlusion.services.measurements import (
    measurements,
    record_blood_pressure,
    record_estimated_lop,
    record_limb,
    record_measured_lop,
)
from occlusion.services.people import add_person

WHEN = datetime(2026, 5, 1, 18, 30, tzinfo=timezone(timedelta(hours=-5)))


@pytest.fixture
def person(database) -> str:  # type: ignore[no-untyped-def]
    return add_person(database, name="Ana", sex="male", birth_year=1996, now=WHEN).id


def test_blood_pressure_in_kpa_is_stored_in_mmhg(database, person) -> None:  # type: ignore[no-untyped-def]
    view = record_blood_pressure(database, person, systolic=16.0, diastolic=10.0, unit="kPa",
                                 posture="seated", now=WHEN)
    record = view.as_dict()
    assert record["systolic_mmhg"] == pytest.approx(16.0 * 1000 / 133.322387415)
    assert record["pressure_entered_unit"] == "kPa"
    assert record["measured_at"] == "2026-05-01T18:30:00-05:00"


def test_limb_in_inches_is_stored_in_cm(database, person) -> None:  # type: ignore[no-untyped-def]
    record = record_limb(database, person, limb="thigh", side="left", circumference=22,
                         unit="in", now=WHEN).as_dict()
    assert record["circumference_cm"] == pytest.approx(55.88)
    assert record["circumference_entered_unit"] == "in"


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda d, p: record_blood_pressure(d, p, systolic=12), OutOfRangeError),
        (lambda d, p: record_blood_pressure(d, p, systolic=120, diastolic=130), InputError),
        (lambda d, p: record_blood_pressure(d, p, systolic=120, unit="psi"), InputError),
        (lambda d, p: record_limb(d, p, limb="thigh", side="left", circumference=550), InputError),
        (lambda d, p: record_limb(d, p, limb="leg", side="left", circumference=55), InputError),
        (lambda d, p: record_limb(d, p, limb="arm", side="up", circumference=30), InputError),
        (lambda d, p: record_measured_lop(d, p, limb="arm", side="left", posture="seated",
                                          cuff_width_cm=5, cuff_material="nylon",
                                          lop_mmhg=1200), InputError),
        (lambda d, p: record_measured_lop(d, p, limb="arm", side="left", posture="lying",
                                          cuff_width_cm=5, cuff_material="nylon",
                                          lop_mmhg=150), InputError),
    ],
)
def test_bad_measurements_write_nothing(database, person, call, error) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error):
        call(database, person)
    document = measurements(database, person)
    assert document["blood_pressure"] == document["limbs"] == document["lop"] == []


def test_estimated_lop_uses_latest_records_and_keeps_interval(database, person) -> None:  # type: ignore[no-untyped-def]
    record_blood_pressure(database, person, systolic=130, diastolic=80, now=WHEN)
    record_limb(database, person, limb="thigh", side="right", circumference=50, now=WHEN)
    record_limb(database, person, limb="thigh", side="right", circumference=55,
                now=WHEN + timedelta(days=1))
    view = record_estimated_lop(database, person, limb="thigh", side="right", posture="seated",
                                cuff_width_cm=18, now=WHEN + timedelta(days=1))
    expected = estimate(limb="thigh", cuff_width_cm=18, circumference_cm=55, sbp_mmhg=130,
                        dbp_mmhg=80, age_years=30, sex="male", posture="seated")
    record = view.as_dict()
    assert record["lop_mmhg"] == pytest.approx(expected.lop_mmhg)
    assert [record["interval_low_mmhg"], record["interval_high_mmhg"]] == pytest.approx(
        list(expected.interval_95_mmhg))
    assert record["source"] == "estimated"
    assert record["details"]["references"]


def test_estimate_needs_records_and_an_equation(database, person) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="circumference"):
        record_estimated_lop(database, person, limb="thigh", side="left", posture="seated",
                             cuff_width_cm=18)
    record_limb(database, person, limb="arm", side="left", circumference=30)
    record_blood_pressure(database, person, systolic=120)
    with pytest.raises(NotEstimableError):
        record_estimated_lop(database, person, limb="arm", side="left", posture="seated",
                             cuff_width_cm=5)
    assert measurements(database, person)["lop"] == []


def test_measured_lop_by_hand(database, person) -> None:  # type: ignore[no-untyped-def]
    record = record_measured_lop(database, person, limb="arm", side="left", posture="seated",
                                 cuff_width_cm=5, cuff_material="nylon", lop_mmhg=142,
                                 method="pulse-oximeter", now=WHEN).as_dict()
    assert record["source"] == "manual"
    assert record["interval_low_mmhg"] is None
    assert measurements(database, person)["lop"][0]["lop_mmhg"] == 142.0
