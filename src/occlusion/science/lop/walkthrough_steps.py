"""The manual LOP protocol as data: its steps, timings, limits and wording.

Loenneke et al. (2012): with the cuff on the most proximal part of the limb and the distal
pulse monitored (hand-held Doppler at the posterior tibial or radial artery, or a pulse oximeter
on a toe or finger), inflate to 50 mmHg for 30 s, deflate for 10 s, inflate to the person's
systolic pressure for 30 s, deflate for 10 s, then rise in 40 mmHg steps (30 s on, 10 s off)
until the pulse is gone; then step down by 10 mmHg until it returns. LOP is the lowest pressure
at which the pulse was absent, to the nearest 10 mmHg, and the cuff never exceeds 300 mmHg.
:mod:`occlusion.science.lop.walkthrough` walks these steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from occlusion.evidence import Reference, register
from occlusion.vocabulary import DetectionMethod, Limb, Posture

Phase = Literal["preparation", "ascending", "descending", "finished"]

LOENNEKE_2012_PROTOCOL = register(
    Reference(
        key="loenneke_2012_cuff_width",
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
            "to the nearest 10 mmHg as the lowest pressure without a pulse; never over 300 mmHg. "
            "Results (abstract, n = 116): thigh AOP 235 (42) mmHg with the 5 cm cuff and "
            "144 (17) mmHg with the 13.5 cm cuff."
        ),
    )
)

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
    wait_s
        How long to wait before answering, for a step that is a timed rest [s].
    """

    key: str
    title: str
    instruction: str
    target_pressure_mmhg: float | None = None
    hold_s: float | None = None
    deflate_s: float | None = None
    question: str | None = None
    wait_s: float | None = None

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
            "wait_s": self.wait_s,
        }


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


def _pulse_site(limb: Limb, detection: DetectionMethod) -> str:
    if detection == DetectionMethod.DOPPLER:
        return (
            "the posterior tibial artery, just behind the inner ankle bone"
            if limb == Limb.THIGH
            else "the radial artery, at the wrist on the thumb side"
        )
    return "the big toe" if limb == Limb.THIGH else "the index finger"


def preparation_steps(settings: MeasurementSettings) -> tuple[ProtocolStep, ...]:
    """Return the steps before the first inflation, worded for the limb and detector."""
    segment = "thigh" if settings.limb == Limb.THIGH else "upper arm"
    site = _pulse_site(settings.limb, settings.detection)
    if settings.detection == DetectionMethod.DOPPLER:
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
            question="Go on when rested, or stop.",
            wait_s=REST_BEFORE_MIN * 60.0,
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
            question="Go on when the cuff is on, or stop.",
        ),
        ProtocolStep(
            key="find-pulse",
            title="Find the pulse",
            instruction=find_pulse,
            question="Go on when you can hear or see the pulse, or stop.",
        ),
    )


def inflation_step(pressure_mmhg: float, phase: Phase) -> ProtocolStep:
    """Return the step that inflates to ``pressure_mmhg`` and asks whether the pulse is there."""
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
        question=f"Is the pulse still there at {pressure_mmhg:g} mmHg?",
    )
