"""Replay a recorded sensor trace through the firmware, in CPython or in MicroPython.

A trace is what a board's firmware saw, control period by control period: the bytes the host
sent since the previous period and the reading of every pressure sensor. Replaying it drives
:class:`~occlusion.device.firmware.controller.Firmware` open-loop and collects what it did: the
actuator command of every channel and the bytes it sent. The firmware owns no clock, and its
one random draw -- the session challenge of each HELLO, from the board's entropy source -- is
recorded in the trace too, so the same trace gives the same output on any interpreter that runs the
firmware correctly -- which is how the tests prove that the package runs unmodified in real
MicroPython (``tools/micropython``): they replay one trace in both and compare.

Floats cross the interpreter boundary as the 16 hex digits of their IEEE 754 double, so the
comparison is exact. This module uses only what MicroPython has (``binascii``, ``struct``); it
is copied next to the firmware into MicroPython's file system as it is.

Trace format (JSON)::

    {"channels": 2,
     "steps": [["<hex of host bytes>", ["<hex double>" | null, ...]], ...],
     "entropy": [<u32 drawn for each session challenge, in order>, ...]}

Output format::

    {"steps": [["<hex of device bytes>", [["<pump>", "<vent>", dump], ...]], ...]}
"""

import binascii
import struct

from occlusion.device.firmware.controller import Firmware, Hardware


def float_to_hex(value: float) -> str:
    """Return the IEEE 754 double ``value`` as 16 hex digits (big-endian)."""
    return binascii.hexlify(struct.pack(">d", value)).decode()


def hex_to_float(text: str) -> float:
    """Return the double whose big-endian hex digits are ``text``."""
    value: float = struct.unpack(">d", binascii.unhexlify(text))[0]
    return value


def bytes_to_hex(data: bytes) -> str:
    """Return ``data`` as lower-case hex digits."""
    return binascii.hexlify(data).decode()


class TraceHardware(Hardware):
    """A board whose sensors read from a trace and whose actuators and port only record."""

    def __init__(self, channels: int, entropy: list[int] | None = None) -> None:
        self.entropy = list(entropy or [])
        self.readings: list[float | None] = [None] * channels
        self.drives: list[list[object]] = [[] for _ in range(channels)]
        self.sent = bytearray()

    def read_pressure_mmhg(self, channel: int) -> float | None:
        """Return the traced reading of ``channel`` for this period."""
        return self.readings[channel]

    def drive(self, channel: int, pump_duty: float, vent_duty: float, dump_open: bool) -> None:
        """Record the command for ``channel``."""
        self.drives[channel] = [float_to_hex(pump_duty), float_to_hex(vent_duty), dump_open]

    def write(self, data: bytes) -> None:
        """Record bytes sent to the host."""
        self.sent.extend(data)

    def entropy_u32(self) -> int:
        """Return the next recorded random draw (a session challenge)."""
        return self.entropy.pop(0)


def replay(trace: dict) -> dict:  # type: ignore[type-arg]  # JSON in, JSON out
    """Run the firmware through ``trace`` and return what it did (see the module's formats)."""
    channels = int(trace["channels"])
    hardware = TraceHardware(channels, trace.get("entropy"))
    firmware = Firmware(hardware, channels=channels)
    steps = []
    for received, readings in trace["steps"]:
        hardware.readings = [None if value is None else hex_to_float(value) for value in readings]
        if received:
            firmware.receive(binascii.unhexlify(received))
        firmware.tick()
        steps.append([bytes_to_hex(bytes(hardware.sent)), hardware.drives])
        hardware.sent = bytearray()
        hardware.drives = [[] for _ in range(channels)]
    return {"steps": steps}
