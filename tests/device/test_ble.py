"""The cuff over Bluetooth LE: the simulated cuff as a peripheral on a virtual bumble link.

The contract suite runs over this link too (``tests/device/contract``, leg ``ble``); here are
the parts only Bluetooth has: the MTU exchange and fragmentation, and losing the link.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from occlusion.device.client import CuffClient
from occlusion.device.firmware import gatt, wire
from occlusion.device.firmware import messages as msg
from occlusion.device.simulated.ble import BumbleCentralLink
from occlusion.device.transports.ble import BleTransport
from occlusion.errors import DeviceError, InputError


def _link(client: CuffClient) -> BumbleCentralLink:
    transport = client.transport
    assert isinstance(transport, BleTransport)
    assert isinstance(transport.link, BumbleCentralLink)
    return transport.link


def test_frames_are_cut_to_the_mtu() -> None:
    frame = wire.encode_frame(msg.HEARTBEAT, 7, b"") * 5
    pieces = gatt.chunks(frame, gatt.DEFAULT_ATT_MTU)
    assert b"".join(pieces) == frame
    assert max(map(len, pieces)) == gatt.DEFAULT_ATT_MTU - gatt.ATT_HEADER_BYTES
    assert gatt.chunk_size(247) == 244
    assert gatt.chunk_size(5) == 20  # never below the default MTU


@pytest.mark.parametrize(("address", "mtu"), [("ble:virtual", 247), ("ble:virtual?mtu=23", 23)])
def test_the_host_asks_for_a_larger_mtu_and_works_at_the_default(address: str, mtu: int) -> None:
    with CuffClient.connect(address) as client:
        assert _link(client).att_mtu == mtu
        assert client.capabilities is not None and client.capabilities.channels == 2
        client.inflate(0, 120.0)
        status = client.wait_until(
            lambda s: s.channels[0].state == "regulating", timeout_s=30.0
        )
        assert status.channels[0].pressure_mmhg == pytest.approx(120.0, abs=6.0)


def test_a_short_link_loss_reconnects_and_the_session_goes_on() -> None:
    with CuffClient.connect("ble:virtual") as client:
        transport = client.transport
        assert isinstance(transport, BleTransport)
        client.inflate(0, 120.0)
        client.wait_until(lambda s: s.channels[0].state == "regulating", timeout_s=30.0)
        # Half a frame goes out, then the radio link drops.
        transport.write(wire.encode_frame(msg.HEARTBEAT, 9999, b"")[:3])
        transport.call(_link(client).drop())
        client.wait(1.0)  # the next read reconnects, well inside the 2 s heartbeat timeout
        assert transport.reconnections == 1
        status = client.wait_until(lambda s: s.channels[0].state == "regulating", 5.0)
        assert status.channels[0].alarm_codes == ()
        client.set_target(0, 110.0)  # commands work on the new link
        client.deflate(0)
        client.wait_until(lambda s: s.channels[0].state == "idle", timeout_s=30.0)


def test_a_long_link_loss_leaves_the_cuff_dumped_by_the_device() -> None:
    with CuffClient.connect("ble:virtual") as client:
        transport = client.transport
        assert isinstance(transport, BleTransport)
        client.inflate(0, 150.0)
        client.wait_until(lambda s: s.channels[0].state == "regulating", timeout_s=30.0)
        transport.call(_link(client).drop())
        time.sleep(3.0)  # the host is away longer than the heartbeat timeout
        status = client.wait_until(lambda s: s.channels[0].state == "safe", timeout_s=10.0)
        assert "heartbeat-lost" in client.active_alarms(0)
        assert status.channels[0].dump_open


def test_no_adapter_is_one_clear_device_error() -> None:
    started = time.monotonic()
    with pytest.raises(DeviceError) as caught:
        CuffClient.connect("ble:AA:BB:CC:DD:EE:FF?timeout_s=2")
    assert caught.value.code == "device.ble.connect-failed"
    assert "Bluetooth" in str(caught.value)
    assert time.monotonic() - started < 15.0


def test_bad_ble_options_are_refused() -> None:
    with pytest.raises(InputError):
        CuffClient.connect("ble:virtual?mtu=big")


def test_the_bleak_link_uses_the_service_as_specified(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    import bleak

    from occlusion.device.transports.ble import BleakLink

    calls: list[tuple[Any, ...]] = []

    class FakeBleakClient:
        def __init__(self, address: str, disconnected_callback: Any, timeout: float) -> None:
            calls.append(("client", address, timeout))
            self.lost = disconnected_callback
            self.mtu_size = 185

        async def connect(self) -> None:
            calls.append(("connect",))

        async def start_notify(self, uuid: str, callback: Any) -> None:
            calls.append(("notify", uuid))
            callback(None, bytearray(b"\x01\x02"))

        async def write_gatt_char(self, uuid: str, data: bytes, response: bool) -> None:
            calls.append(("write", uuid, bytes(data), response))

        async def disconnect(self) -> None:
            calls.append(("disconnect",))
            self.lost(self)

    monkeypatch.setattr(bleak, "BleakClient", FakeBleakClient)
    received: list[bytes] = []
    lost: list[bool] = []
    link = BleakLink("AA:BB:CC:DD:EE:FF", gatt.PREFERRED_ATT_MTU, 3.0)

    async def use() -> None:
        await link.open(received.append, lambda: lost.append(True))
        await link.write(b"\x00")
        await link.close()

    asyncio.run(use())
    assert link.att_mtu == 185  # what the operating system negotiated
    assert received == [b"\x01\x02"] and lost == [True]
    assert calls == [
        ("client", "AA:BB:CC:DD:EE:FF", 3.0),
        ("connect",),
        ("notify", gatt.NOTIFY_UUID),
        ("write", gatt.WRITE_UUID, b"\x00", False),
        ("disconnect",),
    ]
