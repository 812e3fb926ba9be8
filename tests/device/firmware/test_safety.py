"""The over-target rule of the safety layer, driven sample by sample in virtual time."""

from __future__ import annotations

from occlusion.device.firmware import limits as table
from occlusion.device.firmware.safety import SAFE_OUTPUT, SafetyMonitor

REGULATING = (0.0, 0.0, False)  # pump off, vent shut, dump shut: what a holding loop asks


def _run(monitor: SafetyMonitor, readings_mmhg: list[float], target_mmhg: float) -> list[object]:
    outputs = []
    for tick, reading in enumerate(readings_mmhg):
        now_s = tick * table.CONTROL_PERIOD_S
        monitor.host_frame(now_s)
        outputs.append(monitor.evaluate(0, now_s, reading, REGULATING, target_mmhg, False))
    return outputs


def _ticks(duration_s: float) -> int:
    return round(duration_s / table.CONTROL_PERIOD_S)


def test_pressure_held_far_above_target_deflates_and_latches() -> None:
    monitor = SafetyMonitor(channels=1)
    # A shorted pump driver holds 190 mmHg against a 110 mmHg set point (slight ripple).
    readings = [190.0 + (tick % 3) * 0.2 for tick in range(_ticks(4.0))]
    outputs = _run(monitor, readings, target_mmhg=110.0)
    trip = _ticks(table.limit("over_target_s"))
    assert outputs[trip - 5] == REGULATING
    assert outputs[-1] == SAFE_OUTPUT
    assert table.OVER_TARGET in monitor.channels[0].latched
    assert monitor.channels[0].forced_safe()


def test_contraction_peaks_do_not_trip_it() -> None:
    monitor = SafetyMonitor(channels=1)
    # 2 s repetitions: 0.6 s peaks 25 mmHg over a 150 mmHg set point, then back to target.
    readings = [
        175.0 if (tick % _ticks(2.0)) < _ticks(0.6) else 150.0 for tick in range(_ticks(30.0))
    ]
    outputs = _run(monitor, readings, target_mmhg=150.0)
    assert all(output == REGULATING for output in outputs)
    assert table.OVER_TARGET not in monitor.channels[0].latched


def test_lowering_the_set_point_does_not_trip_it() -> None:
    monitor = SafetyMonitor(channels=1)
    # Set point lowered from 200 to 100 mmHg; the vent brings the cuff down at 20 mmHg/s.
    readings = [max(100.0, 200.0 - 20.0 * tick * table.CONTROL_PERIOD_S) for tick in range(600)]
    outputs = _run(monitor, readings, target_mmhg=100.0)
    assert all(output == REGULATING for output in outputs)


def test_rule_is_in_the_reviewed_table() -> None:
    name, severity, latched, limit_names, _ = table.ALARM_RULES[table.OVER_TARGET]
    assert (name, severity, latched) == ("over-target", table.SEVERITY_DEFLATE, True)
    for limit_name in limit_names:
        assert limit_name in table.LIMITS
