from __future__ import annotations

import pytest

from occlusion.device.faults import garbage_line, hardware_fault, silent_host
from occlusion.device.simulated.faults import HARDWARE_FAULTS, FaultEvent
from occlusion.errors import InputError


@pytest.mark.parametrize("name", sorted(HARDWARE_FAULTS))
def test_every_single_hardware_fault_ends_below_15_mmhg_within_30_s(name: str) -> None:
    result = hardware_fault(name)
    assert result.safe, result.as_dict()
    assert result.time_to_safe_s is not None and result.time_to_safe_s <= 30.0


@pytest.mark.parametrize(
    ("name", "alarm"),
    [("sensor-stuck", "sensor-stuck"), ("sensor-noisy", "sensor-implausible-rate"),
     ("sensor-disconnected", "sensor-out-of-range"), ("leak", "leak"),
     ("vent-stuck-open", "leak")],
)
def test_detectable_faults_are_detected_by_the_right_rule(name: str, alarm: str) -> None:
    result = hardware_fault(name)
    # The device's own rule fires, whether or not the host deflated first.
    assert alarm in result.alarms_without_host
    assert result.detected_by in (alarm, "host deflate")


def test_silent_host_and_garbage_deflate_within_five_seconds() -> None:
    for result in (silent_host(), garbage_line()):
        assert result.safe
        assert result.time_to_safe_s is not None and result.time_to_safe_s < 5.0
        assert result.detected_by == "heartbeat-lost"
        assert "acted on" not in result.description


def test_unknown_fault_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown fault") as caught:
        FaultEvent("gremlins", 0.0)
    assert caught.value.code == "unknown-choice"
    assert caught.value.fields["what"] == "fault" and caught.value.fields["value"] == "gremlins"


@pytest.mark.parametrize("name", sorted(HARDWARE_FAULTS))
def test_the_device_alone_ends_every_single_fault(name: str) -> None:
    """The column "safe without the host": a host that stays connected but never deflates."""
    result = hardware_fault(name)
    assert result.safe_without_host, result.as_dict()
    assert result.time_to_safe_without_host_s is not None
    assert result.time_to_safe_without_host_s <= 30.0


@pytest.mark.parametrize(
    ("name", "alarm"),
    [("vent-stuck-closed", "vent-stuck-shut"), ("dump-stuck-closed", "dump-stuck-shut")],
)
def test_a_valve_stuck_shut_is_found_by_the_valve_test(name: str, alarm: str) -> None:
    result = hardware_fault(name)
    assert result.alarms_without_host == (alarm,)
    assert result.detected_by == alarm


def test_a_stuck_pump_is_caught_by_the_uncommanded_inflation_rule() -> None:
    result = hardware_fault("pump-stuck-on")
    assert "uncommanded-inflation" in result.alarms
