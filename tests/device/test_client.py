from __future__ import annotations

import pytest

from occlusion.device.client import CuffClient
from occlusion.device.transports import open_transport
from occlusion.errors import DeviceError, InputError


@pytest.mark.parametrize(
    "url",
    [
        "bluetooth:cuff",
        "sim:leg",
        "sim?x=1",
        "serial:",
        "serial:/dev/x?parity=E",
        "serial:/dev/x?baud=fast",
    ],
)
def test_bad_urls_are_input_errors(url: str) -> None:
    with pytest.raises(InputError):
        open_transport(url)


def test_missing_serial_port_is_a_device_error() -> None:
    with pytest.raises(DeviceError, match="cannot open serial port"):
        open_transport("serial:/dev/does-not-exist")


def test_the_heartbeat_keeps_a_long_wait_inflated() -> None:
    with CuffClient.connect("sim") as client:
        client.inflate(1, 100.0)
        client.wait(30.0)
        assert client.latest is not None
        assert client.latest.channels[1].state == "regulating"
        assert client.active_alarms() == []


def test_a_client_that_stops_heartbeating_is_deflated_by_the_device() -> None:
    client = CuffClient.connect("sim")
    client.inflate(1, 100.0)
    client.wait(10.0)
    client.heartbeat_interval_s = 1e9  # a hung host: no more heartbeats
    client.heartbeat_interval_s = 1e9
    client._last_heartbeat_s = client.transport.now_s()
    client.wait(5.0)
    assert client.latest is not None
    assert client.latest.channels[1].pressure_mmhg < 15.0
    assert "heartbeat-lost" in client.active_alarms(1)


def test_close_deflates_and_is_idempotent() -> None:
    client = CuffClient.connect("sim")
    client.inflate(1, 100.0)
    client.wait(8.0)
    client.close()
    client.close()
    assert client.latest is not None
    assert client.latest.channels[1].pressure_mmhg < 15.0
