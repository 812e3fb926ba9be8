"""The pressure loop of one channel: a PI regulator with anti-windup driving a pump and a vent.

The plant is asymmetric (the pump pushes air in, the vent lets it out; orifice flow grows with
the square root of pressure) so one signed controller output ``u`` in [-1, 1] is split: a
positive ``u`` is pump duty, a negative one vent duty. Integration stops while the output is
saturated in the direction of the error (conditional integration), so a long inflation does not
wind the integrator up. The integrator learns the duty that a small leak needs (feed-forward
for free). The measured pressure is low-pass filtered lightly so a pulse of 1-4 mmHg does not
make the valves chatter. Standard library only.

References: device.md section 2.2 (bang-bang vs PID, anti-windup, "don't chase pulse/motion").
"""

PROPORTIONAL_PER_MMHG = 0.3
INTEGRAL_PER_MMHG_S = 0.03
FILTER_TIME_S = 0.01
DEADBAND_MMHG = 0.6
# Above target by more than this, the dump valve helps the vent.
DUMP_ASSIST_MMHG = 4.0
# Below this error the loop regulates; above it the pump runs flat out (fast inflation).
BOOST_BAND_MMHG = 12.0
# [est] Below this duty a small diaphragm pump barely turns; asking for less runs it for
# nothing, and a pump "on" at 0.1 % duty for seconds looks like a leak to the safety layer.
MINIMUM_PUMP_DUTY = 0.05


class PressureLoop:
    """Regulate one cuff channel towards a target pressure.

    Parameters
    ----------
    period_s
        Control period [s].
    """

    def __init__(self, period_s: float) -> None:
        self.period_s = period_s
        self.filtered_mmhg = 0.0
        self.integral = 0.0
        self._primed = False

    def reset(self) -> None:
        """Forget the integrator (a new inflation starts)."""
        self.integral = 0.0

    def filter(self, pressure_mmhg: float) -> float:
        """Feed one raw sample to the low-pass filter and return the filtered pressure [mmHg]."""
        if not self._primed:
            self.filtered_mmhg = pressure_mmhg
            self._primed = True
        else:
            weight = self.period_s / (FILTER_TIME_S + self.period_s)
            self.filtered_mmhg += weight * (pressure_mmhg - self.filtered_mmhg)
        return self.filtered_mmhg

    def step(self, target_mmhg: float, pressure_mmhg: float) -> tuple[float, float, bool]:
        """Return ``(pump_duty, vent_duty, dump_assist)`` for one control period.

        Duties are in [0, 1]. ``dump_assist`` asks for the large dump valve as well when the
        pressure is so far above target that the vent alone is saturated (a contraction pushing
        the cuff up faster than the small vent can follow).

        Parameters
        ----------
        target_mmhg
            Set point [mmHg].
        pressure_mmhg
            Latest raw reading [mmHg]; it is filtered here.
        """
        measured = self.filter(pressure_mmhg)
        error = target_mmhg - measured
        if error > BOOST_BAND_MMHG:
            return 1.0, 0.0, False
        if abs(error) < DEADBAND_MMHG:
            error = 0.0
        output = PROPORTIONAL_PER_MMHG * error + self.integral
        saturated_high = output >= 1.0 and error > 0.0
        saturated_low = output <= -1.0 and error < 0.0
        if not (saturated_high or saturated_low):
            self.integral += INTEGRAL_PER_MMHG_S * error * self.period_s
            self.integral = max(-0.5, min(0.5, self.integral))
        if output >= MINIMUM_PUMP_DUTY:
            return min(output, 1.0), 0.0, False
        if output >= 0.0:
            return 0.0, 0.0, False
        return 0.0, min(-output, 1.0), error < -DUMP_ASSIST_MMHG
