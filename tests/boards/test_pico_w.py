"""The Pico W board layer: the real host client drives it through stand-in pins and radio.

The host (:class:`~occlusion.device.client.CuffClient`, unchanged) talks to the board over the
Bluetooth LE stand-in; the board layer runs the firmware, drives the pins and notifies in
MTU-sized runs; the rig's bench cuff closes the loop. Then the recorded host bytes are replayed
through the same board layer in real MicroPython and every pin level, duty, notification and
UART byte must be the same.
"""

from __future__ import annotations

import binascii
import struct
from collections.abc import Callable
from typing import Any

import pytest

from occlusion.device.client import CuffClient
from occlusion.device.firmware import gatt
from occlusion.device.firmware import limits as table
from occlusion.errors import DeviceError
from tests.boards import pico_w_rig
from tests.boards.conftest import BOARD
from tests.micropython_runner import ROOT, micropython_runner

micropython = micropython_runner(
    entry="pico_w_rig:run",
    extras=(BOARD / "cuff_board.py", ROOT / "tests" / "boards" / "pico_w_rig.py"),
)


class RigTransport:
    """The client's transport onto the rig over the BLE stand-in; records what it sent."""

    def __init__(self, rig: pico_w_rig.Rig) -> None:
        self.rig = rig
        self.pending = bytearray()
        self.script: list[list[str]] = []
        self.log: list[Any] = []
        self.ticks = 0
        self.event = "connect"

    def write(self, data: bytes) -> None:
        self.pending.extend(data)

    def step(self) -> bytes:
        if self.event == "connect":
            self.rig.connect()
        elif self.event == "disconnect":
            self.rig.disconnect()
        self.script.append([self.event, binascii.hexlify(self.pending).decode(), ""])
        entry = self.rig.step(bytes(self.pending))
        self.log.append(entry)
        self.pending.clear()
        self.event = ""
        self.ticks += 1
        return b"".join(bytes.fromhex(chunk) for chunk in entry[1])

    def read(self, duration_s: float) -> bytes:
        received = bytearray()
        for _ in range(max(1, round(duration_s / table.CONTROL_PERIOD_S))):
            received.extend(self.step())
        return bytes(received)

    def now_s(self) -> float:
        return self.ticks * table.CONTROL_PERIOD_S

    def close(self) -> None:
        pass


def session(mtu: int, script: Callable[[CuffClient, RigTransport], None]) -> RigTransport:
    transport = RigTransport(pico_w_rig.Rig(mtu))
    client = CuffClient(transport)
    client.handshake()
    script(client, transport)
    client.close()
    transport.read(1.0)
    return transport


def inflate_hold_deflate(client: CuffClient, transport: RigTransport) -> None:
    client.inflate(0, 150.0)
    client.wait_until(lambda status: status.channels[0].state == "regulating", timeout_s=30.0)
    client.wait(3.0)
    client.deflate(0)
    client.wait_until(lambda status: status.channels[0].state == "idle", timeout_s=30.0)


def pressure(line: list[Any]) -> float:
    """Return the bench cuff's pressure [mmHg] from one channel's log line."""
    value: float = struct.unpack(">d", bytes.fromhex(line[4]))[0]
    return value


def channel_log(transport: RigTransport, channel: int) -> list[list[Any]]:
    return [entry[0][channel] for entry in transport.log]


@pytest.mark.parametrize("mtu", [gatt.DEFAULT_ATT_MTU, gatt.PREFERRED_ATT_MTU])
def test_the_host_inflates_holds_and_deflates_a_cuff_through_the_board(mtu: int) -> None:
    transport = session(mtu, inflate_hold_deflate)
    rig = transport.rig
    pressures = [pressure(line) for line in channel_log(transport, 0)]
    assert max(pressures) == pytest.approx(150.0, abs=8.0)
    assert pressures[-1] < 5.0
    # The safety line was held on only by toggling while the cuff was inflated...
    inflated = [line for line in channel_log(transport, 0) if line[0] > 0]
    assert inflated and all(line[3] for line in inflated)
    # ...and the other channel's dump valve never closed, nor its pump ran.
    assert not any(line[3] or line[0] for line in channel_log(transport, 1))
    # Every period fed the watchdog once; notifications fitted the MTU; UART carried the same.
    assert [entry[3] for entry in transport.log] == list(range(1, len(transport.log) + 1))
    chunks = [chunk for entry in transport.log for chunk in entry[1]]
    assert max(len(chunk) // 2 for chunk in chunks) <= gatt.chunk_size(mtu)
    assert "".join(chunks) == "".join(entry[2] for entry in transport.log)
    assert rig.radio.mtu == gatt.PREFERRED_ATT_MTU
    assert rig.radio.buffers[rig.ble.write_handle][1] is True  # append mode keeps every write


def test_a_crashed_firmware_starves_the_watchdog_and_the_safety_line() -> None:
    rig = pico_w_rig.Rig(gatt.PREFERRED_ATT_MTU)
    transport = RigTransport(rig)
    client = CuffClient(transport)
    client.handshake()
    client.inflate(0, 150.0)
    client.wait_until(lambda status: status.channels[0].state == "regulating", timeout_s=30.0)
    feeds = rig.watchdog.feeds

    def crash() -> None:
        raise MemoryError("the firmware stopped")

    rig.board.firmware.tick = crash  # type: ignore[method-assign]
    lines = []
    for _ in range(pico_w_rig.KICK_HOLD_PERIODS + 2):
        with pytest.raises(MemoryError):
            rig.board.step()
        lines.append(rig.cuffs[0].step(rig.pins[0], table.CONTROL_PERIOD_S))
    # No feed after a failed period (the hardware watchdog resets the board), and with the
    # kick pin still the charge pump lets the safety line fall: dump open, pump unpowered.
    assert rig.watchdog.feeds == feeds
    assert lines[-1] is False


def test_an_uncalibrated_channel_never_inflates() -> None:
    rig = pico_w_rig.Rig(gatt.PREFERRED_ATT_MTU, calibrated=False)
    transport = RigTransport(rig)
    client = CuffClient(transport)
    client.handshake()
    client.set_target(0, 150.0)
    with pytest.raises(DeviceError, match="latched alarm"):
        client.inflate(0)
    client.wait(1.0)
    assert client.active_alarms(0) == ["sensor-out-of-range"]
    assert client.latest is not None and client.latest.channels[0].state == "safe"
    assert not any(line[0] or line[3] for line in channel_log(transport, 0))


def test_micropython_runs_the_board_layer_like_cpython(
    micropython: Callable[[dict[str, Any]], dict[str, Any]],
) -> None:
    transport = session(gatt.DEFAULT_ATT_MTU, inflate_hold_deflate)
    script = {"mtu": gatt.DEFAULT_ATT_MTU, "steps": transport.script}
    assert pico_w_rig.run(script)["steps"] == transport.log
    output = micropython(script)
    assert output["implementation"][0] == "micropython"
    assert output["steps"] == transport.log
