"""The pressure loop of one channel: a PI regulator with anti-windup driving a pump and a vent.

The plant is asymmetric (the pump pushes air in, the vent lets it out; orifice flow grows with
the square root of pressure) so one signed controller output ``u`` in [-1, 1] is split: a
positive ``u`` is pump duty, a negative one vent duty. Integration stops while the output is
saturated in the direction of the error (conditional integration), so a long inflation does not
wind the integrator up. The integrator learns the duty that a small leak needs (feed-forward
for free). The measured pressure is low-pass filtered lightly so a pulse of 1-4 mmHg does not
make the valves chatter.

Contraction mode (gain scheduling on detected exercise): when the pressure swings around its
own 2 s mean by more than 3.5 % of the set point, the limb is working. Then the loop holds a set
point 4.5 % higher, vents only above that (and hard: the excess is what would overshoot into
the rest after a set) and pumps ahead of each relaxation in proportion to the falling slope.
Air a contraction pushes into the cuff stays there for the relaxation that follows instead of
being vented and pumped back, which the default pump cannot do fast enough. After each peak (a
steep fall the loop did not cause by venting) it fills the cuff ahead of the valley that
follows, up to 8 % over target: a valley draws air out faster than the default pump can put it
back while it lasts, so the air must be there before it starts. None of these offsets goes more
than ``exercise_above_target_mmhg`` (a reviewed limit) above the target. The constants are
tuned on the simulator's leg-press disturbance (``occlusion device bench``), not on a person.
Standard library only.

References: device.md section 2.2 (bang-bang vs PID, anti-windup, "don't chase pulse/motion").
"""

from occlusion.device.firmware import limits as table

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
# Contraction mode (gain scheduling on detected exercise). Swings of the cuff pressure larger
# than this share of the set point, decaying with SWING_MEMORY_S, mean the limb is working:
EXERCISE_SWING_FRACTION = 0.035
SWING_MEMORY_S = 3.0
SWING_MEAN_S = 2.0
# ... and pumps ahead of a relaxation: duty per mmHg/s of falling pressure.
EXERCISE_FEED_FORWARD_S_PER_MMHG = 0.3
SLOPE_FILTER_S = 0.05
# ... and vents what exceeds the band this many times harder than the plain loop would.
EXERCISE_VENT_GAIN = 8.0
# ... then the loop holds a set point this share above target (valleys are deeper than peaks:
# Swain et al. 2025 recorded 79/58 % LOP on weak cuffs around an 80 % LOP target) ...
EXERCISE_BIAS_FRACTION = 0.045
# ... and vents only above this share over target: air a contraction pushes out of the limb
# stays in the cuff for the relaxation that follows, instead of being vented and pumped back.
EXERCISE_VENT_FRACTION = 0.045
# ... and after each contraction's peak (the pressure falling faster than this share of the set
# point per second) it fills the cuff ahead of the valley that follows: the pump runs flat out
# for PREFILL_HOLD_S after the last such fall, up to this share above target. The valley of a
# leg-press repetition draws more air than the default pump can replace while it lasts, so
# the air must be in the cuff before it starts.
PREFILL_SLOPE_FRACTION_PER_S = 0.05
PREFILL_HOLD_S = 0.25
PREFILL_FRACTION = 0.08
# The three shares above target (bias, vent threshold, pre-fill) are each capped at this many
# mmHg: a safety limit, with its rationale in the limits table.
EXERCISE_CAP_MMHG = table.limit("exercise_above_target_mmhg")
# A fall within this long of the loop's own venting is the loop's doing, not a relaxation.
OWN_FALL_S = 0.15


def above_target_mmhg(fraction: float, target_mmhg: float) -> float:
    """Return how far above ``target_mmhg`` contraction mode may aim for a ``fraction`` [mmHg].

    ``fraction`` of the target, but at most ``EXERCISE_CAP_MMHG``: 8 % of a 190 mmHg set point
    is already 15 mmHg (the deviation window), and the pump runs on past its stop by a few mmHg.
    """
    return min(fraction * target_mmhg, EXERCISE_CAP_MMHG)


def prefill_top_mmhg(target_mmhg: float) -> float:
    """Return the pressure the valley pre-fill fills up to for ``target_mmhg`` [mmHg]."""
    return target_mmhg + above_target_mmhg(PREFILL_FRACTION, target_mmhg)


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
        self.swing_mmhg = 0.0
        self.mean_mmhg = 0.0
        self.previous_mmhg = 0.0
        self.slope_mmhg_s = 0.0
        self.prefill_s = 0.0
        self.own_fall_s = 0.0
        self._primed = False

    def reset(self) -> None:
        """Forget the integrator and the swing memory (a new inflation starts)."""
        self.integral = 0.0
        self.swing_mmhg = 0.0
        self.prefill_s = 0.0
        self.mean_mmhg = self.filtered_mmhg

    def exercising(self, target_mmhg: float) -> bool:
        """Return True while recent swings say the limb under the cuff is contracting."""
        return self.swing_mmhg > EXERCISE_SWING_FRACTION * target_mmhg

    def filter(self, pressure_mmhg: float) -> float:
        """Feed one raw sample to the low-pass filter and return the filtered pressure [mmHg]."""
        if not self._primed:
            self.filtered_mmhg = pressure_mmhg
            self.previous_mmhg = pressure_mmhg
            self._primed = True
        else:
            weight = self.period_s / (FILTER_TIME_S + self.period_s)
            self.filtered_mmhg += weight * (pressure_mmhg - self.filtered_mmhg)
        return self.filtered_mmhg

    def step(
        self, target_mmhg: float, pressure_mmhg: float, adaptive: bool = True
    ) -> tuple[float, float, bool]:
        """Return ``(pump_duty, vent_duty, dump_assist)`` for one control period (see _regulate)."""
        request = self._regulate(target_mmhg, pressure_mmhg, adaptive)
        if request[1] > 0.0 or request[2]:
            self.own_fall_s = OWN_FALL_S
        elif self.own_fall_s > 0.0:
            self.own_fall_s -= self.period_s
        return request

    def _regulate(
        self, target_mmhg: float, pressure_mmhg: float, adaptive: bool
    ) -> tuple[float, float, bool]:
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
        adaptive
            False keeps the plain regulator (an LOP ramp must follow its set point exactly).
        """
        measured = self.filter(pressure_mmhg)
        error = target_mmhg - measured
        slope = (measured - self.previous_mmhg) / self.period_s
        self.previous_mmhg = measured
        self.slope_mmhg_s += (slope - self.slope_mmhg_s) * self.period_s / SLOPE_FILTER_S
        if error > BOOST_BAND_MMHG:
            self.mean_mmhg = measured
            return 1.0, 0.0, False
        # Swing: how far the pressure strays from its own recent mean (a steady offset is no
        # swing, so the mode ends with the contractions whatever the loop's bias left).
        self.mean_mmhg += (measured - self.mean_mmhg) * self.period_s / SWING_MEAN_S
        self.swing_mmhg = max(
            abs(measured - self.mean_mmhg), self.swing_mmhg * (1.0 - self.period_s / SWING_MEMORY_S)
        )
        vent_above_mmhg = target_mmhg
        feed_forward = 0.0
        if adaptive and self.exercising(target_mmhg):
            error += above_target_mmhg(EXERCISE_BIAS_FRACTION, target_mmhg)
            vent_above_mmhg = target_mmhg + above_target_mmhg(EXERCISE_VENT_FRACTION, target_mmhg)
            # A falling cuff in a working limb is a relaxation starting: pump ahead of it.
            if self.slope_mmhg_s < 0.0:
                feed_forward = -self.slope_mmhg_s * EXERCISE_FEED_FORWARD_S_PER_MMHG
            falling = self.slope_mmhg_s < -PREFILL_SLOPE_FRACTION_PER_S * target_mmhg
            if falling and self.own_fall_s <= 0.0:
                self.prefill_s = PREFILL_HOLD_S
            elif self.prefill_s > 0.0:
                self.prefill_s -= self.period_s
            if self.prefill_s > 0.0 and measured < prefill_top_mmhg(target_mmhg):
                return 1.0, 0.0, False
        else:
            self.prefill_s = 0.0
        if abs(error) < DEADBAND_MMHG:
            error = 0.0
        if error < 0.0 and measured <= vent_above_mmhg:
            if feed_forward >= MINIMUM_PUMP_DUTY:
                return min(feed_forward, 1.0), 0.0, False
            return 0.0, 0.0, False
        if measured > vent_above_mmhg > target_mmhg:
            # Above the exercise band's top: let the excess out fast (it is what overshoots
            # into the rest that follows a set).
            error = min(error, (vent_above_mmhg - measured) * EXERCISE_VENT_GAIN)
        output = PROPORTIONAL_PER_MMHG * error + self.integral + feed_forward
        saturated_high = output >= 1.0 and error > 0.0
        saturated_low = output <= -1.0 and error < 0.0
        if not (saturated_high or saturated_low):
            self.integral += INTEGRAL_PER_MMHG_S * error * self.period_s
            self.integral = max(-0.5, min(0.5, self.integral))
        if output >= MINIMUM_PUMP_DUTY or (output > 0.0 and not adaptive):
            # (An LOP ramp keeps its smooth low duties: pulsing the pump would add ripple
            # to the oscillations it measures.)
            return min(output, 1.0), 0.0, False
        if output >= 0.0:
            return 0.0, 0.0, False
        return 0.0, min(-output, 1.0), error < -DUMP_ASSIST_MMHG
