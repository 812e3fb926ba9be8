"""The behaviour every transport must show. Channel 1 (the arm cuff) keeps real-time legs short."""

from __future__ import annotations

import json

import pytest

from occlusion.device.client import CuffClient
from occlusion.device.conformance import CHECKS, Check, Target
from occlusion.device.firmware import limits as table
from occlusion.device.protocol import Status
from occlusion.errors import DeviceError, InputError

ARM = 1
SAFE = table.limit("safe_pressure_mmhg")


def ready(client: CuffClient) -> CuffClient:
    """Release what an earlier test on a shared device left latched, and wait for idle."""
    client.acknowledge()
    client.wait_until(lambda s: s.channels[ARM].state == "idle", timeout_s=20.0)
    return client


def test_handshake_reports_capabilities(connect) -> None:  # type: ignore[no-untyped-def]
    client: CuffClient = connect()
    capabilities = client.capabilities
    assert capabilities is not None
    assert capabilities.channels == 2
    assert capabilities.status_rate_hz >= 50
    assert capabilities.heartbeat_timeout_s <= 5.0
    assert capabilities.lop_ramp and capabilities.cycles and capabilities.set_limits


def test_status_stream_is_at_least_fifty_hertz_by_device_counter(connect) -> None:  # type: ignore[no-untyped-def]
    client: CuffClient = connect()
    seen: list[Status] = []
    unsubscribe = client.subscribe(seen.append)
    client.wait(1.0)
    unsubscribe()
    assert len(seen) >= 50
    span_s = seen[-1].device_time_s - seen[0].device_time_s
    assert (len(seen) - 1) / span_s >= 50.0


def test_inflate_regulate_and_deflate(connect) -> None:  # type: ignore[no-untyped-def]
    client = ready(connect())
    client.inflate(ARM, pressure_mmhg=100.0)
    client.wait_until(lambda s: s.channels[ARM].state == "regulating", timeout_s=20.0)
    client.wait(1.0)
    assert client.latest is not None
    assert abs(client.latest.channels[ARM].pressure_mmhg - 100.0) < 8.0
    client.deflate(ARM)
    client.wait_until(lambda s: s.channels[ARM].pressure_mmhg < SAFE, timeout_s=10.0)


def test_refused_command_raises_with_the_reason(connect) -> None:  # type: ignore[no-untyped-def]
    client: CuffClient = connect()
    with pytest.raises(DeviceError, match="outside the device limits"):
        client.set_target(ARM, 400.0)
    with pytest.raises(InputError):
        client.inflate(5, 100.0)


def test_garbage_on_the_line_is_counted_not_acted_on(connect) -> None:  # type: ignore[no-untyped-def]
    client = ready(connect())
    assert client.latest is not None
    before = client.latest.frames_rejected
    client.transport.write(bytes(range(1, 200)) + b"\x00" + b"\x05\x01\x07\x00" * 20)
    # Waited for, not slept on: a slow link (Bluetooth on a busy host) delays the count.
    counted = client.wait_until(lambda s: s.frames_rejected > before, timeout_s=20.0)
    assert counted.channels[ARM].pressure_mmhg < SAFE
    assert counted.channels[ARM].state == "idle"


def test_alarm_latches_until_acknowledged(connect) -> None:  # type: ignore[no-untyped-def]
    client = ready(connect())
    client.set_limits(ARM, ceiling_mmhg=300.0, inflation_limit_s=3)
    client.inflate(ARM, pressure_mmhg=80.0)
    client.wait_until(lambda s: s.channels[ARM].state == "safe", timeout_s=15.0)
    assert "inflation-time" in client.active_alarms(ARM)
    with pytest.raises(DeviceError, match="acknowledged"):
        client.inflate(ARM)
    client.wait_until(lambda s: s.channels[ARM].pressure_mmhg < SAFE, timeout_s=10.0)
    client.acknowledge()
    client.wait_until(lambda s: s.channels[ARM].state == "idle", timeout_s=10.0)
    assert any(event.event == "acknowledged" for event in client.alarm_log)
    # Limits can only be lowered in a session; the next session (a new HELLO) restores them.
    with pytest.raises(DeviceError, match="outside the device limits"):
        client.set_limits(ARM, ceiling_mmhg=360.0, inflation_limit_s=1200)


def test_close_always_deflates(connect) -> None:  # type: ignore[no-untyped-def]
    client = ready(connect())
    client.inflate(ARM, pressure_mmhg=90.0)
    client.wait_until(lambda s: s.channels[ARM].pressure_mmhg > 60.0, timeout_s=15.0)
    client.close()
    monitor: CuffClient = connect()
    first = monitor.wait_until(lambda _status: True, timeout_s=20.0)
    assert first.channels[ARM].pressure_mmhg < SAFE


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
def test_conformance_check(connect, check) -> None:  # type: ignore[no-untyped-def]
    """Every check of ``occlusion device conformance`` holds on every transport."""
    result: Check = check(Target(connect, ARM))
    assert result.passed, json.dumps(result.as_dict())
