from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from occlusion.device.address import DeviceAddress
from occlusion.device.client import CuffClient
from occlusion.errors import InputError
from occlusion.services.device_lop import DEVICE_LOP_METHOD, measure_lop_with_device
from occlusion.services.measurements import measurements
from occlusion.services.people import add_person

WHEN = datetime(2026, 5, 1, 18, 30, tzinfo=timezone(timedelta(hours=-5)))
CUFF = {"limb": "thigh", "side": "left", "posture": "supine", "cuff_width_cm": 11.5,
        "cuff_material": "nylon"}

SIM = DeviceAddress.parse("sim")


@pytest.fixture
def person(database) -> str:  # type: ignore[no-untyped-def]
    return add_person(database, name="Ana", sex="male", birth_year=1996, now=WHEN).id


def test_simulated_cuff_measures_its_own_limb_and_stores_nothing(database, person) -> None:  # type: ignore[no-untyped-def]
    result = measure_lop_with_device(database, person, device=SIM, now=WHEN, **CUFF)
    assert result.simulated and result.saved is None
    assert result.lop_mmhg is not None and 60.0 < result.lop_mmhg < 320.0
    assert result.quality == "good"
    assert measurements(database, person)["lop"] == []


def test_real_cuff_result_is_stored_as_a_device_lop(
    database, person, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    opened: list[DeviceAddress] = []
    connect = CuffClient.connect

    def connect_to_the_simulator(address: DeviceAddress, **options: Any) -> CuffClient:
        # Stands in for a serial cuff: the same protocol, the simulator behind it.
        opened.append(address)
        return connect("sim", **options)

    monkeypatch.setattr(CuffClient, "connect", staticmethod(connect_to_the_simulator))
    result = measure_lop_with_device(
        database, person, device=DeviceAddress.parse("serial:/dev/ttyUSB0"), now=WHEN, **CUFF
    )
    assert [str(address) for address in opened] == ["serial:/dev/ttyUSB0"]
    assert not result.simulated and result.saved is not None
    (stored,) = measurements(database, person)["lop"]
    assert stored["source"] == "device" and stored["method"] == DEVICE_LOP_METHOD
    assert stored["lop_mmhg"] == pytest.approx(result.lop_mmhg)
    assert stored["details"]["measurement"]["quality"] == result.quality


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"limb": "leg"}, "unknown limb"), ({"cuff_width_cm": -3.0}, "cuff width"),
     ({"device": DeviceAddress.parse("sim:arm")}, "no thigh channel")],
)
def test_bad_requests_are_refused_before_the_cuff_inflates(  # type: ignore[no-untyped-def]
    database, person, monkeypatch: pytest.MonkeyPatch, changes: dict[str, Any], message: str
) -> None:
    def no_inflation(url: str, **options: Any) -> CuffClient:
        raise AssertionError("the cuff must not be touched")

    monkeypatch.setattr(CuffClient, "connect", staticmethod(no_inflation))
    arguments: dict[str, Any] = {"device": DeviceAddress.parse("sim"), **CUFF, **changes}
    with pytest.raises(InputError, match=message):
        measure_lop_with_device(database, person, now=WHEN, **arguments)
    with pytest.raises(InputError):
        measure_lop_with_device(database, "ffffffff", device=SIM, now=WHEN, **CUFF)

