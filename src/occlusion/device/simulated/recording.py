"""Record what the firmware of a simulated cuff saw and did, for :mod:`occlusion.device.trace`.

:class:`TraceRecorder` attaches to a :class:`~occlusion.device.simulated.device.SimulatedDevice`
before the host connects. From then on, every control period adds one step: the host's bytes
that arrived since the previous period, every sensor reading the firmware took (faults
included: a disconnected sensor's rail, a stuck value), and -- as the expected output -- the
actuator commands and the bytes the firmware sent. Replaying :attr:`TraceRecorder.trace` must
give back :attr:`TraceRecorder.expected`, on CPython and on MicroPython alike.
"""

from __future__ import annotations

from typing import Any

from occlusion.device.simulated.device import SimulatedDevice
from occlusion.device.trace import bytes_to_hex, float_to_hex


class TraceRecorder:
    """Record the inputs and outputs of the firmware inside ``device``.

    Parameters
    ----------
    device
        The simulated cuff; its hardware and feed are wrapped in place.
    """

    def __init__(self, device: SimulatedDevice) -> None:
        self.channels = len(device.hardware.channels)
        self._received = bytearray()
        self._sent = bytearray()
        self._readings: list[str | None] = [None] * self.channels
        self._drives: list[list[Any]] = [[] for _ in range(self.channels)]
        self.steps: list[list[Any]] = []
        self.entropy: list[int] = []
        self.outputs: list[list[Any]] = []
        hardware = device.hardware
        firmware = device.firmware
        read, drive, write = hardware.read_pressure_mmhg, hardware.drive, hardware.write
        receive, tick = firmware.receive, firmware.tick
        draw = hardware.entropy_u32

        def draw_recorded() -> int:
            value = draw()
            self.entropy.append(value)
            return value

        def read_recorded(channel: int) -> float | None:
            value = read(channel)
            self._readings[channel] = None if value is None else float_to_hex(value)
            return value

        def drive_recorded(
            channel: int, pump_duty: float, vent_duty: float, dump_open: bool
        ) -> None:
            self._drives[channel] = [float_to_hex(pump_duty), float_to_hex(vent_duty), dump_open]
            drive(channel, pump_duty, vent_duty, dump_open)

        def write_recorded(data: bytes) -> None:
            self._sent.extend(data)
            write(data)

        def receive_recorded(data: bytes) -> None:
            self._received.extend(data)
            receive(data)

        def tick_recorded() -> None:
            tick()
            self.steps.append([bytes_to_hex(bytes(self._received)), list(self._readings)])
            self.outputs.append([bytes_to_hex(bytes(self._sent)), self._drives])
            self._received.clear()
            self._sent.clear()
            self._drives = [[] for _ in range(self.channels)]

        hardware.entropy_u32 = draw_recorded  # type: ignore[method-assign]
        hardware.read_pressure_mmhg = read_recorded  # type: ignore[method-assign]
        hardware.drive = drive_recorded  # type: ignore[method-assign]
        hardware.write = write_recorded  # type: ignore[method-assign]
        firmware.receive = receive_recorded  # type: ignore[method-assign]
        firmware.tick = tick_recorded  # type: ignore[method-assign]

    @property
    def trace(self) -> dict[str, Any]:
        """Return the recorded inputs in the trace format of :mod:`occlusion.device.trace`."""
        return {"channels": self.channels, "steps": self.steps, "entropy": self.entropy}

    @property
    def expected(self) -> dict[str, Any]:
        """Return what the firmware did, in the output format of :func:`.trace.replay`."""
        return {"steps": self.outputs}
