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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Literal, get_args

from occlusion.errors import InputError
from occlusion.evidence import Reference, register
from occlusion.science.common import (
    CUFF_MATERIALS,
    LIMBS,
    PLAUSIBLE_CUFF_WIDTH_CM,
    POSTURES,
    CuffMaterial,
    Limb,
    Posture,
    check_blood_pressure_mmhg,
    choose,
    require_between,
    require_finite,
)

LOENNEKE_2012_PROTOCOL = register(
    Reference(
        key="loenneke_2012_aop_measurement_protocol",
        citation=(
            "Loenneke JP, Fahs CA, Rossow LM, et al. Effects of cuff width on arterial "
            "occlusion: implications for blood flow restricted exercise. Eur J Appl Physiol "
            "2012;112(8):2903-2912."
        ),
        status="verified",
        doi="10.1007/s00421-011-2266-8",
        url="https://pmc.ncbi.nlm.nih.gov/articles/PMC4133131",
        note=(
            "Methods read (pubcompare.ai copy of the methods; abstract on PMC): supine, cuff on "
            "the most proximal thigh, hand-held Doppler at the posterior tibial artery; 50 mmHg "
            "30 s, deflate 10 s; SBP 30 s, deflate 10 s; +40 mmHg steps (30 s on, 10 s off) "
            "until no pulse; then down in 10 mmHg steps until the pulse returns; AOP recorded "
            "to the nearest 10 mmHg as the lowest pressure without a pulse; never over 300 mmHg."
        ),
    )
)

DetectionMethod = Literal["doppler", "pulse-oximeter"]
RecordMethod = Literal["doppler", "pulse-oximeter", "device", "estimate"]
Side = Literal["left", "right"]
Phase = Literal["preparation", "ascending", "descending", "finished"]
Outcome = Literal["occluded", "not-occluded-at-ceiling", "stopped", "no-pulse-at-start"]

DETECTION_METHODS: tuple[DetectionMethod, ...] = get_args(DetectionMethod)
RECORD_METHODS: tuple[RecordMethod, ...] = get_args(RecordMethod)
SIDES: tuple[Side, ...] = get_args(Side)

#: First inflation and the steps of the protocol [mmHg] (Loenneke 2012).
FIRST_PRESSURE_MMHG = 50.0
ASCENDING_STEP_MMHG = 40.0
DESCENDING_STEP_MMHG = 10.0
#: Hold and release times of each inflation [s] (Loenneke 2012; the same cadence is used on the
#: way down, which the paper does not specify).
HOLD_S = 30.0
DEFLATE_S = 10.0
#: Highest pressure the protocol may reach [mmHg]: the 300 mmHg limit of Loenneke 2012, which is
#: also the top of a manual sphygmomanometer gauge.
DEFAULT_CEILING_MMHG = 300.0
CEILING_RANGE_MMHG = (100.0, 300.0)
#: Quiet rest before measuring [min]; a project policy (the study measured after the scan and
#: blood pressure, Hughes 2018 rested 5 min between positions).
REST_BEFORE_MIN = 5

STOP_WORDS = ("stop", "s", "abort", "pain", "q", "quit")
PRESENT_WORDS = ("y", "yes", "present", "p", "1", "true")
ABSENT_WORDS = ("n", "no", "absent", "a", "0", "false", "gone")
DONE_WORDS = ("", "done", "d", "ok", "y", "yes", "ready", "next")


@dataclass(frozen=True, slots=True)
class ProtocolStep:
    """One thing the person does, with the question to answer afterwards.

    Parameters
    ----------
    key
        Stable identifier (``position``, ``place-cuff``, ``find-pulse``, ``inflate``,
        ``step-down``, ``finished``).
    title
        Short heading.
    instruction
        What to do, in plain words.
    target_pressure_mmhg
        Cuff pressure to inflate to [mmHg], for inflation steps.
    hold_s
        How long to hold that pressure before answering [s].
    deflate_s
        How long to leave the cuff deflated after answering [s].
    question
        What to answer; ``None`` for the final step.
    """

    key: str
    title: str
    instruction: str
    target_pressure_mmhg: float | None = None
    hold_s: float | None = None
    deflate_s: float | None = None
    question: str | None = None

    @property
    def kind(self) -> Literal["instruction", "pulse-check", "finished"]:
        """``pulse-check`` for inflation steps, ``finished`` at the end, else ``instruction``."""
        if self.question is None:
            return "finished"
        return "pulse-check" if self.target_pressure_mmhg is not None else "instruction"

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "key": self.key,
            "kind": self.kind,
            "title": self.title,
            "instruction": self.instruction,
            "target_pressure_mmhg": self.target_pressure_mmhg,
            "hold_s": self.hold_s,
            "deflate_s": self.deflate_s,
            "question": self.question,
        }


@dataclass(frozen=True, slots=True)
class PulseCheck:
    """The pulse observed at one cuff pressure."""

    pressure_mmhg: float
    pulse_present: bool

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {"pressure_mmhg": self.pressure_mmhg, "pulse_present": self.pulse_present}


@dataclass(frozen=True, slots=True)
class MeasurementSettings:
    """Who and what is measured: limb, posture, pulse detection, SBP and pressure ceiling.

    Parameters
    ----------
    limb
        ``"arm"`` or ``"thigh"``.
    posture
        Posture the person measures (and should train) in.
    detection
        ``"doppler"`` or ``"pulse-oximeter"``.
    sbp_mmhg
        Resting systolic pressure [mmHg] for the second inflation, or ``None`` to skip it.
    ceiling_mmhg
        Highest pressure any step may ask for [mmHg].
    """

    limb: Limb
    posture: Posture
    detection: DetectionMethod
    sbp_mmhg: float | None
    ceiling_mmhg: float


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

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping of the state."""
        return {
            "phase": self.phase,
            "step": self.step.as_dict(),
            "checks": [check.as_dict() for check in self.checks],
            "outcome": self.outcome,
            "lop_mmhg": self.lop_mmhg,
        }


def _pulse_site(limb: Limb, detection: DetectionMethod) -> str:
    if detection == "doppler":
        return (
            "the posterior tibial artery, just behind the inner ankle bone"
            if limb == "thigh"
            else "the radial artery, at the wrist on the thumb side"
        )
    return "the big toe" if limb == "thigh" else "the index finger"


def preparation_steps(settings: MeasurementSettings) -> tuple[ProtocolStep, ...]:
    """Return the steps before the first inflation, worded for the limb and detector."""
    segment = "thigh" if settings.limb == "thigh" else "upper arm"
    site = _pulse_site(settings.limb, settings.detection)
    if settings.detection == "doppler":
        find_pulse = (
            f"Put ultrasound gel over {site} and find the pulse with the hand-held Doppler "
            "probe until you hear a clear, regular whoosh. Hold the probe still from now on."
        )
    else:
        find_pulse = (
            f"Clip the pulse oximeter on {site} of the same limb and wait until it shows a "
            "steady pulse wave. Keep that hand or foot warm and still from now on."
        )
    return (
        ProtocolStep(
            key="position",
            title="Position and rest",
            instruction=(
                f"Take the posture you will train in ({settings.posture}) and rest quietly "
                f"for {REST_BEFORE_MIN} minutes with the limb relaxed. LOP changes with "
                "posture, so measure in the training posture. Answer 'stop' at any time on "
                "sharp pain, numbness, tingling or dizziness: the cuff comes off at once."
            ),
            question="Press Enter when rested (or type stop).",
        ),
        ProtocolStep(
            key="place-cuff",
            title="Place the cuff",
            instruction=(
                f"Wrap the deflated cuff around the most proximal part of the {segment}, "
                "snug but without pressure, using the cuff you will train with. Connect the "
                f"hand pump and gauge and check that the gauge reads 0. Never pump above "
                f"{settings.ceiling_mmhg:g} mmHg."
            ),
            question="Press Enter when the cuff is on (or type stop).",
        ),
        ProtocolStep(
            key="find-pulse",
            title="Find the pulse",
            instruction=find_pulse,
            question="Press Enter when you can hear or see the pulse (or type stop).",
        ),
    )


def _inflation_step(pressure_mmhg: float, phase: Phase) -> ProtocolStep:
    going_down = phase == "descending"
    return ProtocolStep(
        key="step-down" if going_down else "inflate",
        title=f"{'Step down to' if going_down else 'Inflate to'} {pressure_mmhg:g} mmHg",
        instruction=(
            f"Inflate the cuff to {pressure_mmhg:g} mmHg and hold it there for {HOLD_S:g} s "
            "while you listen or watch for the pulse. After answering, open the valve fully "
            f"and leave the cuff deflated for {DEFLATE_S:g} s."
        ),
        target_pressure_mmhg=pressure_mmhg,
        hold_s=HOLD_S,
        deflate_s=DEFLATE_S,
        question=f"Is the pulse still there at {pressure_mmhg:g} mmHg? (y/n/stop)",
    )


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
    posture: Posture = "seated",
    detection: DetectionMethod = "doppler",
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
    choose(limb, LIMBS, "limb")
    choose(posture, POSTURES, "posture")
    choose(detection, DETECTION_METHODS, "pulse detection method")
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
        raise InputError(f"answer {text!r} not understood: type y (pulse there), n or stop")
    if state.step.kind == "instruction" and word in DONE_WORDS:
        return "done"
    raise InputError(f"answer {text!r} not understood: press Enter to go on, or type stop")


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
        raise InputError("the measurement has already finished")
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


def run_measurement(answers: Iterable[str], **settings: Any) -> MeasurementState:
    """Walk the protocol with a sequence of answers and return the state reached.

    Stops as soon as the protocol finishes; unused answers are ignored. Handy for scripts and
    tests: ``run_measurement(["", "", "", "y", "y", "n", "n", "y"], limb="thigh")``.
    """
    state = start_measurement(**settings)
    for answer in answers:
        if state.finished:
            break
        state = advance(state, answer)
    return state


def _current_pressure(state: MeasurementState) -> float:
    pressure = state.step.target_pressure_mmhg
    if pressure is None:
        raise InputError("the current step has no cuff pressure")
    return pressure


def _ask(
    state: MeasurementState, pressure_mmhg: float, phase: Phase, checks: tuple[PulseCheck, ...]
) -> MeasurementState:
    return replace(state, step=_inflation_step(pressure_mmhg, phase), phase=phase, checks=checks)


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


@dataclass(frozen=True, slots=True)
class LopMeasurement:
    """One recorded limb occlusion pressure, measured or estimated.

    Parameters
    ----------
    limb
        ``"arm"`` or ``"thigh"``.
    side
        ``"left"`` or ``"right"``.
    posture
        Posture of the measurement.
    cuff_width_cm
        Width of the cuff's bladder [cm].
    cuff_material
        ``"nylon"`` or ``"elastic"``.
    method
        ``"doppler"``, ``"pulse-oximeter"``, ``"device"`` (automatic cuff) or ``"estimate"``.
    lop_mmhg
        Limb occlusion pressure [mmHg].
    interval_95_mmhg
        95 % prediction interval (low, high) [mmHg] for estimates; ``None`` for measurements.
    measured_at
        When it was measured, as a timezone-aware UTC datetime.
    utc_offset_minutes
        The local clock's offset from UTC at that moment [min].
    notes
        Free text.
    """

    limb: Limb
    side: Side
    posture: Posture
    cuff_width_cm: float
    cuff_material: CuffMaterial
    method: RecordMethod
    lop_mmhg: float
    measured_at: datetime
    utc_offset_minutes: int
    interval_95_mmhg: tuple[float, float] | None = None
    notes: str = ""

    def __post_init__(self) -> None:
        choose(self.limb, LIMBS, "limb")
        choose(self.side, SIDES, "side")
        choose(self.posture, POSTURES, "posture")
        choose(self.cuff_material, CUFF_MATERIALS, "cuff material")
        choose(self.method, RECORD_METHODS, "measurement method")
        require_between(self.cuff_width_cm, *PLAUSIBLE_CUFF_WIDTH_CM, "cuff width", "cm")
        require_between(self.lop_mmhg, 20.0, 1000.0, "limb occlusion pressure", "mmHg")
        offset = self.measured_at.utcoffset()
        if offset is None or offset != timedelta(0):
            raise InputError("measured_at must be a timezone-aware UTC datetime")
        if not -16 * 60 <= self.utc_offset_minutes <= 16 * 60:
            raise InputError(f"UTC offset {self.utc_offset_minutes} min is not a real offset")
        if self.interval_95_mmhg is not None:
            low, high = (require_finite(bound, "interval bound") for bound in self.interval_95_mmhg)
            if not low <= self.lop_mmhg <= high:
                raise InputError("the 95 % interval must contain the LOP")
        if not isinstance(self.notes, str):
            raise InputError("notes must be text")

    @classmethod
    def at_local_time(cls, local_time: datetime, **fields: Any) -> LopMeasurement:
        """Build a record from an aware local datetime, keeping UTC and the local offset."""
        offset = local_time.utcoffset()
        if offset is None:
            raise InputError("the measurement time must carry its UTC offset")
        return cls(
            measured_at=local_time.astimezone(UTC),
            utc_offset_minutes=round(offset.total_seconds() / 60),
            **fields,
        )

    @property
    def measured_at_local(self) -> datetime:
        """The measurement time on the local clock it was taken with."""
        return self.measured_at.astimezone(timezone(timedelta(minutes=self.utc_offset_minutes)))

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping (one line of the measurements file)."""
        return {
            "limb": self.limb,
            "side": self.side,
            "posture": self.posture,
            "cuff_width_cm": self.cuff_width_cm,
            "cuff_material": self.cuff_material,
            "method": self.method,
            "lop_mmhg": self.lop_mmhg,
            "interval_95_mmhg": (
                None if self.interval_95_mmhg is None else list(self.interval_95_mmhg)
            ),
            "measured_at": self.measured_at.isoformat(),
            "utc_offset_minutes": self.utc_offset_minutes,
            "measured_at_local": self.measured_at_local.isoformat(),
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LopMeasurement:
        """Rebuild a record from :meth:`as_dict` output, validating every field.

        Raises
        ------
        InputError
            If a field is missing or invalid.
        """
        if not isinstance(data, Mapping):
            raise InputError("a LOP measurement record must be a JSON object")
        required = ("limb", "side", "posture", "cuff_width_cm", "cuff_material", "method")
        missing = [name for name in (*required, "lop_mmhg", "measured_at") if name not in data]
        if missing:
            raise InputError(f"LOP measurement record lacks {', '.join(missing)}")
        try:
            measured_at = datetime.fromisoformat(str(data["measured_at"]))
        except ValueError:
            raise InputError(f"measured_at {data['measured_at']!r} is not an ISO time") from None
        if measured_at.utcoffset() is None:
            raise InputError("measured_at must carry a UTC offset")
        interval = data.get("interval_95_mmhg")
        if interval is not None and (not isinstance(interval, list | tuple) or len(interval) != 2):
            raise InputError("interval_95_mmhg must be [low, high] or null")
        offset_default = round((measured_at.utcoffset() or timedelta(0)).total_seconds() / 60)
        return cls(
            limb=data["limb"],
            side=data["side"],
            posture=data["posture"],
            cuff_width_cm=require_finite(data["cuff_width_cm"], "cuff width"),
            cuff_material=data["cuff_material"],
            method=data["method"],
            lop_mmhg=require_finite(data["lop_mmhg"], "limb occlusion pressure"),
            measured_at=measured_at.astimezone(UTC),
            utc_offset_minutes=int(
                require_finite(data.get("utc_offset_minutes", offset_default), "UTC offset")
            ),
            interval_95_mmhg=(
                None
                if interval is None
                else (
                    require_finite(interval[0], "interval bound"),
                    require_finite(interval[1], "interval bound"),
                )
            ),
            notes=str(data.get("notes", "") or ""),
        )
