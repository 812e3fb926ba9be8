"""Lumped pneumatics of one cuff channel: pump, vent and dump valves, leak, bladder on a limb.

State is the gauge pressure ``P`` of the cuff. The air is counted as free-air volume
(millilitres at atmospheric pressure) and the bladder volume depends on pressure, so mass
balance gives (device.md section 4.1)::

    dP/dt * (V(P) - V_limb + P_abs * dV/dP) = P_atm * (Q_pump - Q_vent - Q_dump - Q_leak)
                                              + P_abs * dV_limb/dt

with ``V(P) = V_dead + V_max * (1 - exp(-P / P_c)) + C_t * P`` (a slack bladder that fills
quickly and then stiffens) and ``V_limb`` the volume the limb pushes into the bladder (arterial
pulsation, muscle contraction, motion). The air is isothermal (the few-percent sag after a fast
inflation as the air cools is not modelled). The pump's flow falls linearly to zero at its stall
pressure and a check valve stops back-flow; valves are orifices in the subsonic regime, which
always holds when venting 0-400 mmHg gauge to air (device.md 4.2). Every parameter is an
engineering estimate ([est] in device.md), to be calibrated on a real board.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ATMOSPHERIC_MMHG = 760.0


@dataclass(frozen=True, slots=True)
class PneumaticParameters:
    """Hardware and cuff constants of one channel (all [est], see the module docstring).

    Parameters
    ----------
    dead_volume_ml
        Tubing and manifold volume [mL].
    bladder_volume_ml
        Volume the slack bladder takes up before it stiffens [mL].
    bladder_knee_mmhg
        Pressure scale of the slack-to-stiff transition [mmHg].
    tissue_compliance_ml_per_mmhg
        Volume gained per mmHg once the bladder is taut (soft tissue, sleeve) [mL/mmHg].
    pump_free_flow_ml_s
        Pump flow into an open outlet [mL/s of free air].
    pump_stall_mmhg
        Back-pressure at which the pump delivers nothing [mmHg].
    vent_conductance
        Vent-valve orifice constant [mL/s per sqrt(mmHg)].
    dump_conductance
        Dump-valve orifice constant [mL/s per sqrt(mmHg)].
    """

    dead_volume_ml: float
    bladder_volume_ml: float
    bladder_knee_mmhg: float
    tissue_compliance_ml_per_mmhg: float
    pump_free_flow_ml_s: float
    pump_stall_mmhg: float = 600.0
    vent_conductance: float = 4.0
    dump_conductance: float = 20.0

    def as_dict(self) -> dict[str, float]:
        """Return JSON-ready data."""
        return {
            "dead_volume_ml": self.dead_volume_ml,
            "bladder_volume_ml": self.bladder_volume_ml,
            "bladder_knee_mmhg": self.bladder_knee_mmhg,
            "tissue_compliance_ml_per_mmhg": self.tissue_compliance_ml_per_mmhg,
            "pump_free_flow_ml_s": self.pump_free_flow_ml_s,
            "pump_stall_mmhg": self.pump_stall_mmhg,
            "vent_conductance": self.vent_conductance,
            "dump_conductance": self.dump_conductance,
        }


# An 11-12 cm thigh cuff and a 5-6 L/min pump; an arm cuff with the same pump. The pump is
# larger than the 2.5 L/min blood-pressure pumps of DIY builds (device.md 2.1): holding a thigh
# cuff through leg-press contractions needs the flow (docs/device.md shows both).
THIGH_CUFF = PneumaticParameters(
    dead_volume_ml=15.0,
    bladder_volume_ml=400.0,
    bladder_knee_mmhg=15.0,
    tissue_compliance_ml_per_mmhg=0.5,
    pump_free_flow_ml_s=90.0,
)
ARM_CUFF = PneumaticParameters(
    dead_volume_ml=15.0,
    bladder_volume_ml=150.0,
    bladder_knee_mmhg=10.0,
    tissue_compliance_ml_per_mmhg=0.2,
    pump_free_flow_ml_s=90.0,
)
SMALL_PUMP_FREE_FLOW_ML_S = 2500.0 / 60.0  # 2.5 L/min, e.g. ZR370-02PM (device.md 2.1)


def orifice_flow_ml_s(conductance: float, pressure_mmhg: float) -> float:
    """Return the free-air flow out of a cuff at ``pressure_mmhg`` through an orifice [mL/s].

    Subsonic flow to atmosphere, ``Q = G * sqrt(P * (P + P_atm) / P_atm)``: about the square
    root of the pressure difference, scaled by the upstream density.
    """
    if pressure_mmhg <= 0.0:
        return 0.0
    return conductance * math.sqrt(
        pressure_mmhg * (pressure_mmhg + ATMOSPHERIC_MMHG) / ATMOSPHERIC_MMHG
    )


class CuffPneumatics:
    """Integrate the pressure of one cuff channel.

    Parameters
    ----------
    parameters
        Cuff, pump and valve constants.
    """

    def __init__(self, parameters: PneumaticParameters) -> None:
        self.parameters = parameters
        self.pressure_mmhg = 0.0
        self._limb_volume_ml = 0.0
        self.leak_conductance_ml_s_per_mmhg = 0.0

    def bladder_volume_ml(self, pressure_mmhg: float) -> float:
        """Return the air volume of cuff and tubing at ``pressure_mmhg`` on a still limb [mL]."""
        p = self.parameters
        gauge = max(pressure_mmhg, 0.0)
        return (
            p.dead_volume_ml
            + p.bladder_volume_ml * (1.0 - math.exp(-gauge / p.bladder_knee_mmhg))
            + p.tissue_compliance_ml_per_mmhg * gauge
        )

    def compliance_ml_per_mmhg(self, pressure_mmhg: float) -> float:
        """Return dV/dP of the bladder at ``pressure_mmhg`` [mL/mmHg]."""
        p = self.parameters
        gauge = max(pressure_mmhg, 0.0)
        return (
            p.bladder_volume_ml / p.bladder_knee_mmhg * math.exp(-gauge / p.bladder_knee_mmhg)
            + p.tissue_compliance_ml_per_mmhg
        )

    def free_air_compliance_ml_per_mmhg(self, pressure_mmhg: float) -> float:
        """Return the free air needed per mmHg of pressure rise [mL/mmHg] (device.md C_fa)."""
        volume = self.bladder_volume_ml(pressure_mmhg)
        absolute = pressure_mmhg + ATMOSPHERIC_MMHG
        return (volume + absolute * self.compliance_ml_per_mmhg(pressure_mmhg)) / (ATMOSPHERIC_MMHG)

    def limb_ml_per_mmhg(self, pressure_mmhg: float) -> float:
        """Return the limb volume that raises a closed cuff by 1 mmHg [mL/mmHg].

        From the mass balance with no flow: ``dP * (V + P_abs dV/dP) = P_abs * dV_limb``, so
        ``dV_limb/dP = (V + P_abs dV/dP) / P_abs`` -- the free-air compliance times
        ``P_atm / P_abs``, because the limb displaces air at cuff pressure, not free air.
        """
        absolute = pressure_mmhg + ATMOSPHERIC_MMHG
        return self.free_air_compliance_ml_per_mmhg(pressure_mmhg) * ATMOSPHERIC_MMHG / absolute

    def pump_flow_ml_s(self, duty: float) -> float:
        """Return the pump's free-air flow at the current back-pressure [mL/s]."""
        p = self.parameters
        head = 1.0 - max(self.pressure_mmhg, 0.0) / p.pump_stall_mmhg
        return max(0.0, duty) * p.pump_free_flow_ml_s * max(head, 0.0)

    def step(
        self,
        duration_s: float,
        pump_duty: float,
        vent_duty: float,
        dump_open: bool,
        limb_volume_ml: float,
    ) -> float:
        """Advance by ``duration_s`` and return the new gauge pressure [mmHg].

        Parameters
        ----------
        duration_s
            Time step [s]; keep it at or below 5 ms.
        pump_duty, vent_duty
            Pump and vent drive in [0, 1] (vent duty is the PWM fraction of an on/off valve).
        dump_open
            Whether the dump valve is open.
        limb_volume_ml
            Volume the limb pushes into the bladder at the end of the step [mL].
        """
        p = self.parameters
        pressure = self.pressure_mmhg
        inflow = self.pump_flow_ml_s(pump_duty)
        outflow = vent_duty * orifice_flow_ml_s(p.vent_conductance, pressure)
        if dump_open:
            outflow += orifice_flow_ml_s(p.dump_conductance, pressure)
        outflow += self.leak_conductance_ml_s_per_mmhg * max(pressure, 0.0)
        limb_rate = (limb_volume_ml - self._limb_volume_ml) / duration_s
        self._limb_volume_ml = limb_volume_ml
        absolute = pressure + ATMOSPHERIC_MMHG
        air_volume = max(self.bladder_volume_ml(pressure) - limb_volume_ml, 1.0)
        stiffness = air_volume + absolute * self.compliance_ml_per_mmhg(pressure)
        derivative = (ATMOSPHERIC_MMHG * (inflow - outflow) + absolute * limb_rate) / stiffness
        self.pressure_mmhg = max(pressure + derivative * duration_s, 0.0)
        return self.pressure_mmhg
