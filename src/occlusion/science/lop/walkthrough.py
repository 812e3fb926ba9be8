"""Guided manual measurement of limb occlusion pressure (LOP), and the measurement record.

The protocol follows Loenneke et al. (2012): with the cuff on the most proximal part of the
limb and the distal pulse monitored (hand-held Doppler at the posterior tibial or radial artery,
or a pulse oximeter on a toe or finger), inflate to 50 mmHg for 30 s, deflate for 10 s, inflate
to the person's systolic pressure for 30 s, deflate for 10 s, then rise in 40 mmHg steps
(30 s on, 10 s off) until the pulse is gone; then step down by 10 mmHg until it returns. LOP is
the lowest pressure at which the pulse was absent, to the nearest 10 mmHg. Cuff pressure never
exceeds a ceiling (300 mmHg in that study).

The protocol is data (:class:`ProtocolStep`) walked by a small state machine
(:func:`start_measurement`, :func:`advance`): an interface shows ``state.step``, asks its
question, and passes the person's answer back. Nothing here sleeps or reads a clock; the
interface times the holds and supplies the time of the record.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Literal

from occlusion.errors import InputError
from occlusion.science.checks import check_blood_pressure_mmhg, require_between
from occlusion.science.lop.walkthrough_steps import (
    ASCENDING_STEP_MMHG,
    CEILING_RANGE_MMHG,
    DEFAULT_CEILING_MMHG,
    DESCENDING_STEP_MMHG,
    FIRST_PRESSURE_MMHG,
    MeasurementSettings,
    Phase,
    ProtocolStep,
    inflation_step,
    preparation_steps,
)
from occlusion.vocabulary import DetectionMethod, Limb, Posture, choose

Outcome = Literal["occluded", "not-occluded-at-ceiling", "stopped", "no-pulse-at-start"]

STOP_WORDS = ("stop", "s", "abort", "pain", "q", "quit")
PRESENT_WORDS = ("y", "yes", "present", "p", "1", "true")
ABSENT_WORDS = ("n", "no", "absent", "a", "0", "false", "gone")
DONE_WORDS = ("", "done", "d", "ok", "y", "yes", "ready", "next")


@dataclass(frozen=True, slots=True)
class PulseCheck:
    """The pulse observed at one cuff pressure."""

    pressure_mmhg: float
    pulse_present: bool

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {"pressure_mmhg": self.pressure_mmhg, "pulse_present": self.pulse_present}


@dataclass(frozen=True, slots=True)
class MeasurementState:
    """Where a guided measurement stands; :func:`advance` returns the next state.

    Parameters
    ----------
    settings
        The measurement's settings.
    step
        What the person should do now.
    phase
        ``preparation``, ``ascending``, ``descending`` or ``finished``.
    checks
        Every pulse check so far, in order.
    outcome
        How it ended, once ``phase`` is ``finished``.
    lop_mmhg
        The measured LOP [mmHg] when the outcome is ``occluded``.
    """

    settings: MeasurementSettings
    step: ProtocolStep
    phase: Phase
    checks: tuple[PulseCheck, ...] = ()
    outcome: Outcome | None = None
    lop_mmhg: float | None = None

    @property
    def finished(self) -> bool:
        """Whether the protocol has ended (with or without a result)."""
        return self.phase == "finished"

    def progress(self) -> dict[str, Any]:
        """Return where the walk-through stands, for a step counter.

        Returns
        -------
        dict
            ``step_number`` (1 for the first step, counting every step shown so far),
            ``phase``, ``phase_step`` (the step's place in its phase) and ``phase_steps`` (how
            many steps the phase has at most: 3 to get ready, the ascending pressures up to the
            ceiling; ``None`` on the way down, which ends when the pulse returns).
        """
        preparation = [step.key for step in preparation_steps(self.settings)]
        if self.phase == "preparation":
            index = preparation.index(self.step.key) + 1
            return {
                "step_number": index,
                "phase": self.phase,
                "phase_step": index,
                "phase_steps": len(preparation),
            }
        number = len(preparation) + len(self.checks) + (0 if self.finished else 1)
        if self.phase == "ascending":
            pressures = _ascending_pressures(self.settings)
            return {
                "step_number": number,
                "phase": self.phase,
                "phase_step": len(self.checks) + 1,
                "phase_steps": len(pressures),
            }
        descending = sum(
            1 for before, after in zip(self.checks, self.checks[1:], strict=False)
            if after.pressure_mmhg < before.pressure_mmhg
        )
        return {
            "step_number": number,
            "phase": self.phase,
            "phase_step": descending + (0 if self.finished else 1),
            "phase_steps": None,
        }

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping of the state (with its :meth:`progress`)."""
        return {
            "phase": self.phase,
            "step": self.step.as_dict(),
            "checks": [check.as_dict() for check in self.checks],
            "outcome": self.outcome,
            "lop_mmhg": self.lop_mmhg,
            "progress": self.progress(),
        }


def _ascending_pressures(settings: MeasurementSettings) -> tuple[float, ...]:
    pressures = [FIRST_PRESSURE_MMHG]
    if settings.sbp_mmhg is not None:
        # Rounded to 10 mmHg so that every step can be read on an ordinary gauge.
        sbp_step = round(settings.sbp_mmhg / 10.0) * 10.0
        if sbp_step > FIRST_PRESSURE_MMHG:
            pressures.append(min(sbp_step, settings.ceiling_mmhg))
    while pressures[-1] < settings.ceiling_mmhg:
        pressures.append(min(pressures[-1] + ASCENDING_STEP_MMHG, settings.ceiling_mmhg))
    return tuple(pressures)


def start_measurement(
    *,
    limb: Limb,
    posture: Posture = Posture.SEATED,
    detection: DetectionMethod = DetectionMethod.DOPPLER,
    sbp_mmhg: float | None = None,
    ceiling_mmhg: float = DEFAULT_CEILING_MMHG,
) -> MeasurementState:
    """Start a guided LOP measurement and return its first state.

    Parameters
    ----------
    limb
        ``"arm"`` or ``"thigh"``.
    posture
        Posture of the measurement (the one the person will train in).
    detection
        ``"doppler"`` or ``"pulse-oximeter"``.
    sbp_mmhg
        Resting systolic pressure [mmHg] for the second inflation; ``None`` skips that step.
    ceiling_mmhg
        Highest pressure to ask for [mmHg], 100-300; rounded down to a multiple of 10 mmHg.

    Returns
    -------
    MeasurementState
        The first preparation step.

    References
    ----------
    .. [1] Loenneke JP et al. Eur J Appl Physiol 2012;112(8):2903-2912.
    """
    limb = choose(limb, Limb, "limb")
    posture = choose(posture, Posture, "posture")
    detection = choose(detection, DetectionMethod, "pulse detection method")
    sbp = None if sbp_mmhg is None else check_blood_pressure_mmhg(sbp_mmhg, None)[0]
    ceiling_limit = require_between(
        ceiling_mmhg, *CEILING_RANGE_MMHG, "pressure ceiling", "mmHg"
    )
    # Every step is a multiple of 10 mmHg, so the result is one; round the ceiling down to match.
    ceiling = math.floor(ceiling_limit / DESCENDING_STEP_MMHG) * DESCENDING_STEP_MMHG
    settings = MeasurementSettings(
        limb=limb, posture=posture, detection=detection, sbp_mmhg=sbp, ceiling_mmhg=ceiling
    )
    return MeasurementState(
        settings=settings, step=preparation_steps(settings)[0], phase="preparation"
    )


Answer = Literal["done", "present", "absent", "stop"]


def parse_answer(state: MeasurementState, text: str) -> Answer:
    """Interpret what a person typed for the current step.

    Raises
    ------
    InputError
        If the text is not a valid answer for this step.
    """
    word = text.strip().lower()
    if word in STOP_WORDS:
        return "stop"
    if state.step.kind == "pulse-check":
        if word in PRESENT_WORDS:
            return "present"
        if word in ABSENT_WORDS:
            return "absent"
        raise InputError(
            f"answer {text!r} not understood: the pulse is there, not there, or stop",
            code="lop.walkthrough.answer-not-understood", answer=text, step_kind=state.step.kind,
        )
    if state.step.kind == "instruction" and word in DONE_WORDS:
        return "done"
    raise InputError(
        f"answer {text!r} not understood: go on, or stop",
        code="lop.walkthrough.answer-not-understood", answer=text, step_kind=state.step.kind,
    )


def advance(state: MeasurementState, answer: str) -> MeasurementState:
    """Return the state after the person answers the current step.

    Parameters
    ----------
    state
        The current state (not finished).
    answer
        What the person typed (see :func:`parse_answer`): Enter/``done`` for instructions,
        ``y``/``n`` for pulse checks, ``stop`` anywhere.

    Returns
    -------
    MeasurementState
        The next step, or a finished state with its outcome (and LOP when found).

    Raises
    ------
    InputError
        If the measurement is already finished or the answer is not understood.
    """
    if state.finished:
        raise InputError(
            "the measurement has already finished",
            code="lop.walkthrough.finished",
        )
    meaning = parse_answer(state, answer)
    if meaning == "stop":
        return _finish(state, "stopped", state.checks)
    if state.phase == "preparation":
        steps = preparation_steps(state.settings)
        index = [step.key for step in steps].index(state.step.key)
        if index + 1 < len(steps):
            return replace(state, step=steps[index + 1])
        return _ask(state, _ascending_pressures(state.settings)[0], "ascending", state.checks)

    pressure = _current_pressure(state)
    checks = (*state.checks, PulseCheck(pressure, meaning == "present"))
    if state.phase == "ascending":
        if meaning == "present":
            later = [p for p in _ascending_pressures(state.settings) if p > pressure]
            if not later:
                return _finish(state, "not-occluded-at-ceiling", checks)
            return _ask(state, later[0], "ascending", checks)
        if len(checks) == 1:
            return _finish(state, "no-pulse-at-start", checks)
        return _ask(state, pressure - DESCENDING_STEP_MMHG, "descending", checks)

    if meaning == "absent":
        lower = pressure - DESCENDING_STEP_MMHG
        if lower <= 0:
            return _finish(state, "no-pulse-at-start", checks)
        return _ask(state, lower, "descending", checks)
    lowest_absent_mmhg = pressure + DESCENDING_STEP_MMHG
    return _finish(state, "occluded", checks, lop_mmhg=lowest_absent_mmhg)


def _current_pressure(state: MeasurementState) -> float:
    pressure = state.step.target_pressure_mmhg
    if pressure is None:
        raise InputError(
            "the current step has no cuff pressure",
            code="lop.walkthrough.no-cuff-pressure",
        )
    return pressure


def _ask(
    state: MeasurementState, pressure_mmhg: float, phase: Phase, checks: tuple[PulseCheck, ...]
) -> MeasurementState:
    return replace(state, step=inflation_step(pressure_mmhg, phase), phase=phase, checks=checks)


def _finish(
    state: MeasurementState,
    outcome: Outcome,
    checks: tuple[PulseCheck, ...],
    *,
    lop_mmhg: float | None = None,
) -> MeasurementState:
    settings = state.settings
    lop_text = "?" if lop_mmhg is None else f"{lop_mmhg:g}"
    messages: dict[Outcome, str] = {
        "occluded": (
            f"Deflate the cuff fully and take it off. LOP = {lop_text} mmHg for this cuff, "
            f"on this limb, {settings.posture}. Set training pressures as a percentage of it."
        ),
        "not-occluded-at-ceiling": (
            f"The pulse was still there at the ceiling of {settings.ceiling_mmhg:g} mmHg: "
            "deflate now. This cuff cannot occlude this limb within the safe range, so no LOP "
            "was recorded. A wider cuff occludes at lower pressure."
        ),
        "stopped": (
            "Deflate the cuff now and take it off. Nothing was recorded. Seek medical help if "
            "numbness, pain or a change of skin colour does not pass within a few minutes."
        ),
        "no-pulse-at-start": (
            "No pulse at the lowest pressure: the probe or oximeter has probably lost the "
            "pulse. Deflate, find the pulse again and restart. Nothing was recorded."
        ),
    }
    final = ProtocolStep(key="finished", title="Finished", instruction=messages[outcome])
    return replace(
        state, step=final, phase="finished", checks=checks, outcome=outcome, lop_mmhg=lop_mmhg
    )


__all__ = [
    "Answer",
    "MeasurementState",
    "Outcome",
    "PulseCheck",
    "advance",
    "parse_answer",
    "start_measurement",
]
