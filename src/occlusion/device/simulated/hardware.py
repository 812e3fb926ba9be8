"""Simulated board: pneumatics, sensor and limb per channel, with injectable faults.

Implements the firmware's :class:`~occlusion.device.firmware.controller.Hardware`, so the real
firmware runs on it unchanged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from occlusion.device.firmware.controller import Hardware
from occlusion.device.simulated import faults as fault_table
from occlusion.device.simulated.limb import SimulatedLimb
from occlusion.device.simulated.pneumatics import CuffPneumatics, PneumaticParameters
from occlusion.device.simulated.sensor import PressureSensor, SensorParameters

SUBSTEPS_PER_TICK = 2


@dataclass
class SimulatedChannel:
    """One cuff on one limb, with its sensor and actuator state."""

    pneumatics: CuffPneumatics
    sensor: PressureSensor
    limb: SimulatedLimb | None
    pump_duty: float = 0.0
    vent_duty: float = 1.0
    dump_open: bool = True
    faults: set[str] = field(default_factory=set)
    last_reading_mmhg: float = 0.0
    clamped: bool = False  # tube clamped shut: valves and pump cut off from the cuff

    @property
    def true_pressure_mmhg(self) -> float:
        """Return the actual cuff pressure [mmHg]."""
        return self.pneumatics.pressure_mmhg


class SimulatedHardware(Hardware):
    """The board the firmware drives, in virtual time.

    Parameters
    ----------
    cuffs
        Pneumatic constants, one per channel.
    limbs
        Limb under each cuff (None: the cuff lies on a table, no pulsation).
    sensor
        Sensor imperfections (same for every channel).
    seed
        Seed for the sensors' noise.
    """

    def __init__(
        self,
        cuffs: list[PneumaticParameters],
        limbs: list[SimulatedLimb | None],
        sensor: SensorParameters | None = None,
        seed: int = 0,
    ) -> None:
        sensor_parameters = sensor or SensorParameters()
        self.channels = [
            SimulatedChannel(
                CuffPneumatics(cuff), PressureSensor(sensor_parameters, seed * 31 + index), limb
            )
            for index, (cuff, limb) in enumerate(zip(cuffs, limbs, strict=True))
        ]
        self.time_s = 0.0
        self.outbox = bytearray()
        self.pending_faults: list[fault_table.FaultEvent] = []

    # Hardware interface -------------------------------------------------------------
    def read_pressure_mmhg(self, channel: int) -> float | None:
        """Return what the sensor of ``channel`` reads now [mmHg]."""
        state = self.channels[channel]
        if "sensor-disconnected" in state.faults:
            return fault_table.SENSOR_RAIL_MMHG
        if "sensor-nan" in state.faults:
            return math.nan
        if "sensor-stuck" in state.faults:
            return state.last_reading_mmhg
        reading = state.sensor.read(state.true_pressure_mmhg, self.time_s, state.pump_duty)
        if "sensor-noisy" in state.faults:
            reading += state.sensor._rng.gauss(0.0, fault_table.SENSOR_NOISE_FAULT_MMHG)
        state.last_reading_mmhg = reading
        return reading

    def drive(self, channel: int, pump_duty: float, vent_duty: float, dump_open: bool) -> None:
        """Apply the firmware's actuator command, as modified by any active fault."""
        state = self.channels[channel]
        if state.clamped:
            pump_duty, vent_duty, dump_open = 0.0, 0.0, False
        if "pump-dead" in state.faults:
            pump_duty = 0.0
        elif "pump-stuck-on" in state.faults:
            # Shorted driver: full power unless the safety line (dump open) cut the supply.
            pump_duty = 0.0 if dump_open else 1.0
        if "vent-stuck-open" in state.faults:
            vent_duty = 1.0
        elif "vent-stuck-closed" in state.faults:
            vent_duty = 0.0
        if "dump-stuck-closed" in state.faults:
            dump_open = False
        state.pump_duty = min(max(pump_duty, 0.0), 1.0)
        state.vent_duty = min(max(vent_duty, 0.0), 1.0)
        state.dump_open = dump_open

    def write(self, data: bytes) -> None:
        """Collect bytes the firmware sends to the host."""
        self.outbox.extend(data)

    # Simulation ---------------------------------------------------------------------
    def inject(self, event: fault_table.FaultEvent) -> None:
        """Schedule a fault; it starts when device time reaches ``event.start_s``."""
        self.pending_faults.append(event)

    def advance(self, duration_s: float) -> None:
        """Advance the physics of every channel by ``duration_s``."""
        for event in list(self.pending_faults):
            if event.start_s <= self.time_s:
                self.pending_faults.remove(event)
                state = self.channels[event.channel]
                state.faults.add(event.name)
                if event.name == "leak":
                    state.pneumatics.leak_conductance_ml_s_per_mmhg = fault_table.LEAK_ML_S_PER_MMHG
        step = duration_s / SUBSTEPS_PER_TICK
        for _ in range(SUBSTEPS_PER_TICK):
            self.time_s += step
            for state in self.channels:
                limb_volume = 0.0
                if state.limb is not None:
                    limb_volume = state.limb.displaced_volume_ml(
                        self.time_s, state.pneumatics.pressure_mmhg
                    )
                state.pneumatics.step(
                    step, state.pump_duty, state.vent_duty, state.dump_open, limb_volume
                )
