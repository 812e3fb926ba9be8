from __future__ import annotations

import pytest

from occlusion.device.client import CuffClient
from occlusion.device.transports import open_transport
from occlusion.errors import DeviceError, InputError, ProtocolError


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
    with pytest.raises(DeviceError, match="cannot open serial port") as caught:
        open_transport("serial:/dev/does-not-exist")
    assert caught.value.code == "device.serial.cannot-open"
    assert caught.value.fields["port"] == "/dev/does-not-exist" and caught.value.fields["reason"]


def test_a_channel_the_cuff_lacks_and_limits_out_of_range_carry_their_codes() -> None:
    with CuffClient.connect("sim") as client:
        with pytest.raises(InputError) as caught:
            client.inflate(5, 100.0)
        assert caught.value.code == "device.no-such-channel"
        assert caught.value.fields == {"channel": 5, "channels": 2}
        with pytest.raises(InputError) as caught:
            client.set_limits(0, 300.0, 0.0)
        assert caught.value.code == "device.inflation-limit-out-of-range"
        with pytest.raises(ProtocolError) as caught_protocol:
            client.set_target(0, 7000.0)
        assert caught_protocol.value.code == "device.protocol.pressure-out-of-range"
        assert caught_protocol.value.fields["pressure_mmhg"] == 7000.0


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


class _SlowLink:
    """A link that hands the device's bytes to the host ``delay_s`` late (virtual time).

    As a busy host or a slow radio link does: every answer arrives after the client's reply
    timeout (1 s), though the device answered at once.
    """

    def __init__(self, delay_s: float) -> None:
        self.inner = open_transport("sim")
        self.delay_s = delay_s
        self.in_flight: list[tuple[float, bytes]] = []

    def write(self, data: bytes) -> None:
        self.inner.write(data)

    def read(self, duration_s: float) -> bytes:
        sent = self.inner.read(duration_s)
        if sent:
            self.in_flight.append((self.inner.now_s() + self.delay_s, sent))
        due = [data for at_s, data in self.in_flight if at_s <= self.inner.now_s()]
        self.in_flight = [item for item in self.in_flight if item[0] > self.inner.now_s()]
        return b"".join(due)

    def now_s(self) -> float:
        return float(self.inner.now_s())

    def close(self) -> None:
        self.inner.close()


@pytest.mark.parametrize("delay_s", [0.0, 0.6, 1.5])
def test_answers_later_than_the_reply_timeout_are_taken(delay_s: float) -> None:
    # Under load the Bluetooth LE contract legs failed with "no handshake reply": each retry
    # used a new nonce or sequence, so the late answer to the previous one was thrown away.
    # (A link slower than the device's 2 s heartbeat timeout cannot hold a session at all.)
    client = CuffClient(_SlowLink(delay_s))
    capabilities = client.handshake()
    assert capabilities.channels == 2
    client.set_limits(1, 250.0, 600)
    client.inflate(1, 100.0)
    client.wait_until(lambda status: status.channels[1].state == "regulating", timeout_s=20.0)
    assert client.active_alarms() == []
    client.close()
    assert client.latest is not None and client.latest.channels[1].pressure_mmhg < 15.0
