"""The rules of the safety layer, driven sample by sample in virtual time, and their table."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

from occlusion.device.firmware import limits as table
from occlusion.device.firmware import safety
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


SAFETY_SOURCE = Path(safety.__file__)


def test_the_safety_module_has_no_numeric_literal_but_zero_and_one() -> None:
    """Every threshold comes from LIMITS by name; 0 and 1 are identities (no duty, full duty)."""
    tree = ast.parse(SAFETY_SOURCE.read_text(encoding="utf-8"))
    literals = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    }
    assert literals <= {0, 1}, sorted(literals)


def test_every_alarm_row_has_one_rule_and_every_limit_a_rationale() -> None:
    coded = {code for code, _rule in safety.RULES} | {table.VENT_BLOCKED}
    coded |= {code for code, _output in safety.VALVE_TESTS}
    assert coded == set(table.ALARM_RULES)
    assert len({rule for _code, rule in safety.RULES}) == len(safety.RULES)
    for name, (value, unit, rationale) in table.LIMITS.items():
        assert isinstance(value, float), name
        assert unit and len(rationale) > 30, name
    for _code, (_name, _severity, _latched, limit_names, _why) in table.ALARM_RULES.items():
        assert set(limit_names) <= set(table.LIMITS)
    valve_test_limits = {name for name in table.LIMITS if name.startswith("valve_test_")}
    assert set(table.VALVE_TEST_LIMITS) == valve_test_limits


def test_limits_are_lowered_never_raised() -> None:
    monitor = SafetyMonitor(channels=1)
    assert monitor.set_limits(0, 300.0, 600.0)
    assert not monitor.set_limits(0, 320.0, 600.0)
    assert not monitor.set_limits(0, 300.0, 700.0)
    assert monitor.channels[0].ceiling_mmhg == 300.0
    monitor.restore_limits(0)
    assert monitor.channels[0].ceiling_mmhg == table.limit("absolute_ceiling_mmhg")


def test_the_deviation_advisory_waits_for_regulation() -> None:
    monitor = SafetyMonitor(channels=1)
    # A thigh inflating slowly from 0 towards 160 mmHg: far from target for many seconds.
    for tick in range(_ticks(6.0)):
        now_s = tick * table.CONTROL_PERIOD_S
        monitor.host_frame(now_s)
        monitor.evaluate(0, now_s, 20.0 * now_s, (1.0, 0.0, False), 160.0, False, False)
    assert table.PRESSURE_DEVIATION not in monitor.channels[0].active
    # Regulating, the same distance from the set point for longer than the debounce raises it.
    start = _ticks(6.0)
    for tick in range(start, start + _ticks(2.0)):
        now_s = tick * table.CONTROL_PERIOD_S
        monitor.host_frame(now_s)
        monitor.evaluate(0, now_s, 120.0, REGULATING, 160.0, False, True)
    assert table.PRESSURE_DEVIATION in monitor.channels[0].active


def _valve_test_run(
    monitor: SafetyMonitor,
    duration_s: float,
    reading: Callable[[float, tuple[float, float, bool]], float],
    requested: tuple[float, float, bool] = REGULATING,
) -> list[tuple[float, float, bool]]:
    """Regulate at 150 mmHg for ``duration_s``; ``reading(now, last output)`` is the sensor."""
    outputs: list[tuple[float, float, bool]] = []
    output = requested
    for tick in range(_ticks(duration_s)):
        now_s = tick * table.CONTROL_PERIOD_S
        monitor.host_frame(now_s)
        output = monitor.evaluate(0, now_s, reading(now_s, output), requested, 150.0, False, True)
        outputs.append(output)
    return outputs


def _cuff(stuck: int | None) -> Callable[[float, tuple[float, float, bool]], float]:
    """A quiet cuff near 150 mmHg whose open valves let 1 mmHg out per period (unless stuck)."""
    state = {"pressure": 150.0, "tick": 0}

    def read(now_s: float, output: tuple[float, float, bool]) -> float:
        _pump, vent, dump = output
        vent_works = vent > 0 and stuck != table.VENT_STUCK_SHUT
        dump_works = dump and stuck != table.DUMP_STUCK_SHUT
        if vent_works or dump_works:
            state["pressure"] -= 1.0
        elif state["pressure"] < 150.0:
            state["pressure"] += 0.5  # the loop refills
        state["tick"] += 1
        return state["pressure"] + (0.1 if state["tick"] % 2 else 0.0)

    return read


def test_working_valves_pass_the_test_in_turn() -> None:
    monitor = SafetyMonitor(channels=1)
    outputs = _valve_test_run(monitor, 30.0, _cuff(None))
    pulses = [output for output in outputs if output != REGULATING]
    assert pulses and SAFE_OUTPUT not in pulses
    assert {(0.0, 1.0, False), (0.0, 0.0, True)} <= set(pulses)
    assert not monitor.channels[0].latched


def test_a_stuck_valve_is_found_and_dumps() -> None:
    for code in (table.VENT_STUCK_SHUT, table.DUMP_STUCK_SHUT):
        monitor = SafetyMonitor(channels=1)
        outputs = _valve_test_run(monitor, 30.0, _cuff(code))
        assert code in monitor.channels[0].latched
        assert outputs[-1] == SAFE_OUTPUT


def test_no_valve_test_while_the_loop_works_hard() -> None:
    """A loop holding a working limb steady pumps and vents: a contraction could fake a failure."""
    monitor = SafetyMonitor(channels=1)
    busy = (0.6, 0.0, False)
    # 7 s: longer than a test interval and a quiet time, shorter than the leak rule's 8 s.
    outputs = _valve_test_run(monitor, 7.0, _cuff(table.VENT_STUCK_SHUT), requested=busy)
    assert all(output == busy for output in outputs)
    assert not monitor.channels[0].latched
