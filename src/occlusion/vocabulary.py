"""The words every layer speaks: limbs, sides, postures, materials, methods, goals, units, roles.

Each type is a :class:`~enum.StrEnum`, so a member *is* its text: it compares equal to the
string, serialises to JSON as the string and is stored in the training log as the string. Code
that receives text from outside (a command-line option, a form field, a profile file, a stored
row) turns it into a member once with :func:`choose`, and everything after that point is typed.

Adding a word here is a change of contract: the stored rows, the JSON documents, the command
line and the web forms all accept it at once. Removing one needs a migration of stored data.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, TypeVar

from occlusion.errors import InputError

__all__ = [
    "PLAIN_WORDS",
    "CuffMaterial",
    "Decision",
    "DetectionMethod",
    "EquipmentKind",
    "Goal",
    "LengthUnit",
    "Limb",
    "LimbSides",
    "LopMethod",
    "LopSource",
    "MassUnit",
    "Material",
    "Mode",
    "Posture",
    "PressureUnit",
    "ProgressionKind",
    "Restriction",
    "Role",
    "Sex",
    "Side",
    "StopAction",
    "Symptom",
    "UnitSystem",
    "choose",
    "plain",
    "stop_reason_words",
    "strip_command_advice",
    "values",
]


class Limb(StrEnum):
    """The limb a cuff or band is put on: the upper arm or the thigh."""

    ARM = "arm"
    THIGH = "thigh"


class Side(StrEnum):
    """Which of a pair of limbs."""

    LEFT = "left"
    RIGHT = "right"


class LimbSides(StrEnum):
    """The sides a plan restricts: one limb or both."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"

    def sides(self) -> tuple[Side, ...]:
        """Return the individual sides: both means left then right."""
        if self is LimbSides.BOTH:
            return (Side.LEFT, Side.RIGHT)
        return (Side(self.value),)


class Sex(StrEnum):
    """Sex as the published equations and reference populations record it."""

    MALE = "male"
    FEMALE = "female"


class Posture(StrEnum):
    """Body position during a measurement or session; occlusion pressure depends on it."""

    SUPINE = "supine"
    SEATED = "seated"
    STANDING = "standing"


class CuffMaterial(StrEnum):
    """What the occlusion-pressure equations and the simulator know a cuff to be made of."""

    NYLON = "nylon"
    ELASTIC = "elastic"


class Material(StrEnum):
    """What a person's cuff, wrap or band is made of.

    The cuff materials plus latex, the rubber of floss bands. A floss band never goes through an
    occlusion-pressure model; :meth:`as_cuff_material` says which materials can.
    """

    NYLON = "nylon"
    ELASTIC = "elastic"
    LATEX = "latex"

    def as_cuff_material(self) -> CuffMaterial | None:
        """Return the same material as a :class:`CuffMaterial`, ``None`` for latex."""
        return None if self is Material.LATEX else CuffMaterial(self.value)


class EquipmentKind(StrEnum):
    """A person's restriction equipment: pneumatic cuff, elastic wrap or floss band."""

    CUFF = "cuff"
    WRAP = "wrap"
    FLOSS = "floss"


class Goal(StrEnum):
    """What the training is for."""

    HYPERTROPHY = "hypertrophy"
    STRENGTH = "strength"
    REHABILITATION = "rehabilitation"
    ENDURANCE = "endurance"
    ATROPHY_PREVENTION = "atrophy-prevention"


class Mode(StrEnum):
    """How restriction is used.

    With resistance exercise, aerobic exercise, passively at rest (immobilisation,
    post-operative), as ischaemic preconditioning, KAATSU-style cycles, or a short floss-band
    application.
    """

    RESISTANCE = "resistance"
    AEROBIC = "aerobic"
    PASSIVE = "passive"
    ISCHEMIC_PRECONDITIONING = "ischemic-preconditioning"
    KAATSU_CYCLE = "kaatsu-cycle"
    FLOSS = "floss"


class Restriction(StrEnum):
    """Whether restriction stays on through the rests of an exercise or is released."""

    CONTINUOUS = "continuous"
    INTERMITTENT = "intermittent"


class DetectionMethod(StrEnum):
    """How the distal pulse is watched while a cuff is inflated by hand."""

    DOPPLER = "doppler"
    PULSE_OXIMETER = "pulse-oximeter"


class LopMethod(StrEnum):
    """How a limb occlusion pressure on record was obtained."""

    DOPPLER = "doppler"
    PULSE_OXIMETER = "pulse-oximeter"
    DEVICE = "device"
    ESTIMATE = "estimate"

    @property
    def is_measured(self) -> bool:
        """Return whether this method measures rather than estimates."""
        return self is not LopMethod.ESTIMATE


class LopSource(StrEnum):
    """Who produced an LOP in the training log: an equation, a person with a gauge, or a cuff."""

    ESTIMATED = "estimated"
    MANUAL = "manual"
    DEVICE = "device"


class UnitSystem(StrEnum):
    """The units a person reads and types lengths and loads in."""

    METRIC = "metric"
    IMPERIAL = "imperial"


class LengthUnit(StrEnum):
    """A unit a length is typed in."""

    CM = "cm"
    IN = "in"


class MassUnit(StrEnum):
    """A unit a load is typed in."""

    KG = "kg"
    LB = "lb"


class PressureUnit(StrEnum):
    """A unit a pressure is typed in."""

    MMHG = "mmHg"
    KPA = "kPa"


class Role(StrEnum):
    """What a web account may do: train, coach, treat, or administer the site."""

    ATHLETE = "athlete"
    COACH = "coach"
    CLINICIAN = "clinician"
    ADMIN = "admin"


class Decision(StrEnum):
    """The outcome of pre-participation screening, least to most severe."""

    CLEARED = "cleared"
    CAUTION = "caution"
    REFER = "refer"
    EXCLUDE = "exclude"

    @property
    def severity(self) -> int:
        """Return 0 for cleared up to 3 for exclude."""
        return list(Decision).index(self)


class StopAction(StrEnum):
    """What a stop rule makes the session do."""

    REDUCE_PRESSURE = "reduce-pressure"
    RELEASE = "release"
    RELEASE_AND_STOP = "release-and-stop"


class Symptom(StrEnum):
    """A symptom a person reports during restriction."""

    TINGLING = "tingling"
    DISCOMFORT = "discomfort"
    DIZZINESS = "dizziness"
    NUMBNESS = "numbness"
    PAIN = "pain"


class ProgressionKind(StrEnum):
    """How a protocol progresses from session to session."""

    ADD_LOAD = "add-load"
    ADD_SET = "add-set"


_Word = TypeVar("_Word", bound=StrEnum)


def values(kind: type[StrEnum]) -> tuple[str, ...]:
    """Return the words of ``kind`` in their declared order."""
    return tuple(member.value for member in kind)


def choose(value: object, kind: type[_Word], what: str) -> _Word:
    """Return the member of ``kind`` spelled ``value``, or refuse with a clear error.

    Parameters
    ----------
    value
        Text from outside (an option, a form field, a file, a stored row) or a member already.
    kind
        The vocabulary type, e.g. :class:`Limb`.
    what
        The field's name in words, used in the error (``"limb"``, ``"cuff material"``).

    Raises
    ------
    InputError
        Code ``unknown-choice`` with fields ``what``, ``value`` and ``allowed``.
    """
    if isinstance(value, kind):
        return value
    if isinstance(value, str):
        try:
            return kind(value)
        except ValueError:
            pass
    allowed = values(kind)
    raise InputError(
        f"unknown {what} {value!r}: choose one of {', '.join(allowed)}",
        code="unknown-choice",
        what=what,
        value=str(value),
        allowed=allowed,
    )


#: How each value reads to a person, on a web page and in the PDF report alike (one wording per
#: reader, kept here so every interface that speaks to people takes it from one place).
PLAIN_WORDS: dict[str, str] = {
    "arm": "arm",
    "thigh": "thigh",
    "left": "left",
    "right": "right",
    "both": "both sides",
    "left-arm": "left arm",
    "right-arm": "right arm",
    "left-thigh": "left thigh",
    "right-thigh": "right thigh",
    "male": "male",
    "female": "female",
    "supine": "lying down",
    "seated": "seated",
    "standing": "standing",
    "nylon": "nylon (rigid)",
    "elastic": "elastic",
    "cuff": "cuff",
    "wrap": "elastic wraps",
    "floss": "floss band",
    "doppler": "Doppler probe",
    "pulse-oximeter": "pulse oximeter",
    "device": "measured by the cuff",
    "estimate": "estimated",
    "estimated": "estimated from measurements",
    "manual": "measured by hand",
    # Shipped LOP equations, as a record's method (a PDF report's LOP history).
    "rbme_2019_thigh_18cm": "thigh equation of Cirilo-Sousa et al. 2019",
    "metric": "metric (kg, cm)",
    "imperial": "imperial (lb, in)",
    "cleared": "cleared",
    "caution": "caution",
    "refer": "see a clinician",
    "exclude": "not suitable",
    "hypertrophy": "muscle size",
    "strength": "strength",
    "rehabilitation": "rehabilitation",
    "endurance": "endurance",
    "atrophy-prevention": "keep muscle while injured",
    "athlete": "athlete",
    "coach": "coach",
    "clinician": "clinician",
    "admin": "administrator",
    "running": "in progress",
    "completed": "completed",
    "stopped": "stopped early",
    "tingling": "tingling",
    "numbness": "numbness",
    "dizziness": "dizziness",
    "sharp pain": "sharp pain",
    "sharp-pain": "sharp pain",
    "pain": "pain",
    "discomfort": "discomfort",
    "colour-or-refill": "colour change or slow refill",
    "discomfort-above-7": "discomfort above 7/10",
    "pregnant": "pregnant",
    "postpartum": "gave birth recently",
    "not-applicable": "does not apply",
    "yes": "yes",
    "no": "no",
}


def plain(value: Any) -> str:
    """Return how a value reads to a person (itself, de-hyphenated, if it has no entry)."""
    text = str(getattr(value, "value", value))
    return PLAIN_WORDS.get(text, text.replace("-", " ").replace("_", " "))


#: Command-line advice inside a message: a quoted ``occlusion`` command, an option, a config key.
_COMMAND = re.compile(r"(run |with |use )?'occlusion [^']*'|--[a-z][a-z-]+|\[[a-z_.]+\]")


def strip_command_advice(message: str) -> str:
    """Cut command-line advice out of ``message`` (the clause that names a command or key)."""
    # A parenthesis starts a clause of its own but keeps its "(": a kept one must stay balanced.
    parts = re.split(
        r"(?<=[:;])\s+|\s+(?=\()|,\s+(?=(?:or |and )?(?:run|resume|add|use)\b)", message
    )
    kept = [part for part in parts if not _COMMAND.search(part)]
    text = " ".join(kept).strip().rstrip(":;,(").strip()
    return text or "That could not be done."


#: Why a session ended as the log keeps it (the runner's words) and as people read it.
_STOP_REASONS = {
    "completed": "completed",
    "stopped by the person": "stopped with the stop button",
    "abandoned after an interruption": "left unfinished after an interruption",
}
#: The start of a reason that carries details (an error's text) and the words for all of them.
_STOP_REASON_STARTS = (
    ("device fault", "stopped by a cuff fault"),
    ("no page followed", "stopped because the page was closed"),
    ("server", "stopped by a server error"),
)


def stop_reason_words(reason: str | None) -> str:
    """Return why a session ended as people read it, on a page and in the PDF report alike."""
    text = (reason or "").strip()
    if not text:
        return "—"
    if text.startswith("stop rule "):
        rule = text.removeprefix("stop rule ").split(":", 1)[0].strip()
        return f"stopped for {plain(rule)}"
    if text in _STOP_REASONS:
        return _STOP_REASONS[text]
    # Whether a cuff was let down is said once, beside the session's restriction (a summary's
    # lead says "The cuff is deflated."), not in every reason a cuff or wrap session ends.
    for start, words in _STOP_REASON_STARTS:
        if text.startswith(start):
            return words
    return strip_command_advice(text)
