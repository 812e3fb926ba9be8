"""Each single fault with the host gone: the device alone ends it (host silent or passive).

Two hosts that never deflate: one that stops sending anything (a crash, a dropped link: the
heartbeat rule dumps), and one that stays connected and keeps the heartbeat going but never
acts (the device's own fault rules must dump). Either way the true cuff pressure must fall below
15 mmHg within 30 s of the fault (IEC 60601-2-30 single-fault rule), whichever fault it is.
"""

from __future__ import annotations

import pytest

from occlusion.device.firmware import limits as table
from occlusion.device.simulated.faults import FaultEvent
from tests.device.conftest import RawHost, make_host

SINGLE_FAULTS = (
    "pump-stuck-on",
    "vent-stuck-closed",
    "dump-stuck-closed",
    "sensor-stuck",
    "sensor-nan",
)
REQUIRED_S = 30.0


def _time_to_safe(host: RawHost, fault: str, heartbeat: bool) -> float | None:
    host.inflate(160.0)
    host.run(15.0)
    assert host.statuses()[-1].channels[0].state == "regulating"
    start = host.device.time_s
    host.device.hardware.inject(FaultEvent(fault, start))
    host.heartbeat = heartbeat
    while host.device.time_s - start < REQUIRED_S + 5.0:
        host.run(0.25)
        if host.true_pressure() < table.limit("safe_pressure_mmhg"):
            return host.device.time_s - start
    return None


@pytest.mark.parametrize("fault", SINGLE_FAULTS)
def test_a_silent_host_and_any_single_fault_end_deflated(fault: str) -> None:
    host = make_host()
    elapsed = _time_to_safe(host, fault, heartbeat=False)
    assert elapsed is not None and elapsed <= REQUIRED_S
    assert host.statuses()[-1].channels[0].state == "safe"


@pytest.mark.parametrize("fault", SINGLE_FAULTS)
def test_a_passive_host_and_any_single_fault_end_deflated(fault: str) -> None:
    host = make_host()
    elapsed = _time_to_safe(host, fault, heartbeat=True)
    assert elapsed is not None and elapsed <= REQUIRED_S
    latest = host.statuses()[-1].channels[0]
    assert latest.state == "safe"
    assert table.HEARTBEAT_LOST not in latest.alarm_codes
