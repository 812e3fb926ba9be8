"""The simulated cuff controller: the real firmware on simulated hardware, in virtual time."""

from __future__ import annotations

from collections.abc import Callable

from occlusion.device.firmware import limits as table
from occlusion.device.firmware.controller import Firmware
from occlusion.device.simulated.hardware import SimulatedHardware
from occlusion.device.simulated.limb import SimulatedLimb
from occlusion.device.simulated.pneumatics import ARM_CUFF, THIGH_CUFF, PneumaticParameters
from occlusion.device.simulated.sensor import SensorParameters
from occlusion.errors import InputError

TickObserver = Callable[["SimulatedDevice"], None]


class SimulatedDevice:
    """Firmware plus simulated hardware; bytes in, bytes out, time advanced on request.

    Parameters
    ----------
    hardware
        The simulated board.
    """

    def __init__(self, hardware: SimulatedHardware) -> None:
        self.hardware = hardware
        self.firmware = Firmware(hardware, channels=len(hardware.channels))
        self.observers: list[TickObserver] = []
        self._carry_s = 0.0

    @property
    def time_s(self) -> float:
        """Return device time [s]."""
        return self.firmware.now_s()

    def feed(self, data: bytes) -> None:
        """Deliver bytes from the host to the firmware."""
        self.firmware.receive(data)

    def take_output(self) -> bytes:
        """Return and forget the bytes the firmware sent since the last call."""
        data = bytes(self.hardware.outbox)
        self.hardware.outbox.clear()
        return data

    def tick(self) -> None:
        """Advance one control period: physics, then the firmware's period."""
        self.hardware.advance(table.CONTROL_PERIOD_S)
        self.firmware.tick()
        for observer in self.observers:
            observer(self)

    def run(self, duration_s: float) -> None:
        """Advance by ``duration_s`` of device time.

        Time moves in whole control periods; a remainder is carried to the next call, so many
        short runs add up to the same time as one long run.
        """
        self._carry_s += max(duration_s, 0.0)
        ticks = int(self._carry_s / table.CONTROL_PERIOD_S + 1e-9)
        self._carry_s -= ticks * table.CONTROL_PERIOD_S
        for _ in range(ticks):
            self.tick()


def cuff_parameters(limb: str, pump_free_flow_ml_s: float | None = None) -> PneumaticParameters:
    """Return the default pneumatic constants for a cuff on ``limb`` ("arm" or "thigh")."""
    if limb not in ("arm", "thigh"):
        raise InputError(
            f"unknown limb {limb!r}: choose arm or thigh",
            code="unknown-choice",
            what="limb",
            value=str(limb),
            allowed=["arm", "thigh"],
        )
    base = ARM_CUFF if limb == "arm" else THIGH_CUFF
    if pump_free_flow_ml_s is None:
        return base
    if pump_free_flow_ml_s <= 0:
        raise InputError(
            "pump flow must be positive",
            code="input.not-positive",
            what="pump flow",
            value=pump_free_flow_ml_s,
            unit="mL/s",
        )
    return PneumaticParameters(
        dead_volume_ml=base.dead_volume_ml,
        bladder_volume_ml=base.bladder_volume_ml,
        bladder_knee_mmhg=base.bladder_knee_mmhg,
        tissue_compliance_ml_per_mmhg=base.tissue_compliance_ml_per_mmhg,
        pump_free_flow_ml_s=pump_free_flow_ml_s,
        pump_stall_mmhg=base.pump_stall_mmhg,
        vent_conductance=base.vent_conductance,
        dump_conductance=base.dump_conductance,
    )


def build_device(
    limbs: list[tuple[str, SimulatedLimb | None]],
    sensor: SensorParameters | None = None,
    seed: int = 0,
    pump_free_flow_ml_s: float | None = None,
) -> SimulatedDevice:
    """Return a simulated device with one channel per ``(limb kind, limb model)`` pair."""
    if not limbs:
        raise InputError("a device needs at least one channel", code="device.sim.no-channel")
    cuffs = [cuff_parameters(kind, pump_free_flow_ml_s) for kind, _ in limbs]
    hardware = SimulatedHardware(cuffs, [limb for _, limb in limbs], sensor, seed)
    return SimulatedDevice(hardware)
