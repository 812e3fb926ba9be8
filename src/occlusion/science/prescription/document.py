"""The stored plan: a typed, versioned document that freezes everything a session needs.

A plan is written once by :func:`~occlusion.science.prescription.prescribe` and kept in the
training log. Sessions run from the document alone: the restriction, the per-limb caps, the
reperfusion time, the rest between exercises, the cadence, the stop rules, the loads and the
progression are copied into it when it is written, so editing a protocol in the library never
changes a plan someone already holds.

Versions
--------
1
    The first format. Its ``protocol`` section named the protocol, and sessions looked the caps,
    reperfusion, rest and cadence up in the *current* protocol library.
2
    Adds the ``session`` section (:class:`FrozenSession`) with those values frozen.
3
    Warnings (the plan's and each limb's) are stored with their code and fields
    (:class:`PlanMessage`) instead of as text, so each interface can say them in its own words.
4
    Types each limb's ``occlusion_pressure`` (:class:`PlanOcclusionPressure`) and adds its
    ``record_id``: the training log's id of the measured LOP the pressure was set from, so a
    plan resting on a measurement that was retired later can say so. Older plans name no
    record (``None``). A plan restricts only the limbs its exercises work from this version on;
    older plans keep the limbs they were written with.

:func:`plan_document` reads any version and returns the current one through explicit
migrations (:data:`MIGRATIONS`). Migrating a version-1 plan is the only place the protocol
library is read for a stored plan: it freezes what that plan meant on the day it is upgraded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from occlusion.errors import InputError
from occlusion.messages import stored
from occlusion.vocabulary import Limb, Posture, Restriction

if TYPE_CHECKING:
    from occlusion.science.protocols import Protocol

#: The format :meth:`Prescription.as_dict` writes.
PLAN_FORMAT_VERSION = 4


class _Part(BaseModel):
    # Display-only keys (rationale, references, wrap marks...) are kept as they are written.
    model_config = ConfigDict(extra="allow", frozen=True)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FrozenSession(_Strict):
    """The protocol's timing rules as they stood when the plan was written.

    Parameters
    ----------
    cadence_s
        Tempo of a repetition as (concentric, isometric, eccentric) [s], or ``None``.
    cap_s
        Longest continuous restriction per limb kind without a full reperfusion [s].
    reperfusion_s
        Release that counts as reperfusion, and the forced rest at a cap [s].
    rest_between_exercises_s
        Release and rest between two exercises [s].
    """

    cadence_s: tuple[float, float, float] | None
    cap_s: dict[str, float]
    reperfusion_s: float = Field(ge=0)
    rest_between_exercises_s: float = Field(ge=0)


class PlanMessage(_Strict):
    """A warning as stored: its stable code, its default wording and the values it is about."""

    code: str
    text: str
    fields: dict[str, Any] = {}


class PlanProtocol(_Part):
    """The protocol section: its stable name and how it restricts."""

    name: str
    restriction: Restriction


class PlanWrap(_Part):
    """A limb's wrap plan; sessions read its instructions."""

    instructions: list[str] = []


class PlanOcclusionPressure(_Part):
    """Where a cuffed limb's occlusion pressure came from.

    Parameters
    ----------
    lop_mmhg
        The LOP the pressure was set from [mmHg].
    kind
        ``measured`` (by hand or by a cuff) or ``estimated`` (an equation).
    record_id
        The training log's id of the measured LOP, ``None`` for an estimate, a profile file or
        a plan older than format 3.
    """

    lop_mmhg: float = Field(gt=0)
    kind: Literal["measured", "estimated"]
    record_id: str | None = None


class PlanLimb(_Part):
    """How one limb is restricted."""

    limb: Limb
    side: str = "both"
    pct_lop: float | None = None
    pressure_mmhg: float | None = None
    wrap: PlanWrap | None = None
    warnings: list[PlanMessage] = []
    occlusion_pressure: PlanOcclusionPressure | None = None


class PlanSet(_Part):
    """One set: repetitions, to failure, or a duration."""

    reps: int | None = None
    to_failure: bool = False
    duration_s: float | None = None


class PlanLoad(_Part):
    """The load prescribed for an exercise."""

    load_kg: float | None = None


class PlanExercise(_Part):
    """One exercise with its sets, rest and load."""

    name: str
    limb: Limb
    sets: list[PlanSet]
    rest_between_sets_s: float = 0.0
    load: PlanLoad | None = None


class PlanStopRule(_Part):
    """A stop rule as data."""

    code: str
    action: str
    advice: str
    discomfort_above: float | None = None
    pressure_step_mmhg: float | None = None


class PlanDocument(_Part):
    """A stored plan of the current format (:data:`PLAN_FORMAT_VERSION`)."""

    format_version: Literal[4]
    posture: Posture | None = None
    protocol: PlanProtocol
    limbs: list[PlanLimb] = []
    exercises: list[PlanExercise] = []
    stop_rules: list[PlanStopRule] = []
    progression: dict[str, Any] | None = None
    session: FrozenSession
    warnings: list[PlanMessage] = []

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON-ready document, as stored in the training log."""
        return self.model_dump(mode="json")


def _frozen_session_from_library(protocol_name: str) -> dict[str, Any]:
    from occlusion.science.protocols import REPERFUSION_AFTER_CAP_S, get_protocol

    protocol = get_protocol(protocol_name)
    return frozen_session(protocol, REPERFUSION_AFTER_CAP_S)


def frozen_session(protocol: Protocol, reperfusion_after_cap_s: float) -> dict[str, Any]:
    """Return the :class:`FrozenSession` mapping of ``protocol``.

    ``reperfusion_after_cap_s`` [s] stands in for a reperfusion or rest the protocol leaves open.
    """
    cadence = protocol.cadence
    return {
        "cadence_s": (
            [cadence.concentric_s, cadence.isometric_s, cadence.eccentric_s] if cadence else None
        ),
        "cap_s": {str(kind): cap for kind, cap in protocol.max_continuous_restriction_s.items()},
        "reperfusion_s": float(protocol.reperfusion_s or reperfusion_after_cap_s),
        "rest_between_exercises_s": float(
            protocol.rest_between_exercises_s
            if protocol.rest_between_exercises_s is not None
            else reperfusion_after_cap_s
        ),
    }


def _from_1(document: dict[str, Any]) -> dict[str, Any]:
    """Version 1 → 2: freeze the session rules from the protocol library as it stands."""
    protocol = dict(document["protocol"])
    if "restriction" not in protocol:
        from occlusion.science.protocols import get_protocol

        protocol["restriction"] = get_protocol(protocol["name"]).restriction
    return {
        **document,
        "format_version": 2,
        "protocol": protocol,
        "session": _frozen_session_from_library(protocol["name"]),
    }


def _from_2(document: dict[str, Any]) -> dict[str, Any]:
    """Version 2 → 3: warnings stored as text become messages with code ``note``."""
    limbs = [
        {**limb, "warnings": [stored(text) for text in limb.get("warnings") or []]}
        if isinstance(limb, Mapping)
        else limb
        for limb in document.get("limbs") or []
    ]
    return {
        **document,
        "format_version": 3,
        "limbs": limbs,
        "warnings": [stored(text) for text in document.get("warnings") or []],
    }


def _from_3(document: dict[str, Any]) -> dict[str, Any]:
    """Version 3 → 4: each limb's occlusion pressure names no log record (it was not kept)."""
    limbs = []
    for limb in document.get("limbs") or []:
        source = limb.get("occlusion_pressure") if isinstance(limb, Mapping) else None
        if isinstance(source, Mapping):
            limb = {**limb, "occlusion_pressure": {**source, "record_id": None}}
        limbs.append(limb)
    return {**document, "format_version": 4, "limbs": limbs}


#: ``MIGRATIONS[n]`` turns a version-``n`` document into version ``n + 1``.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _from_1,
    2: _from_2,
    3: _from_3,
}


def plan_document(data: Mapping[str, Any]) -> PlanDocument:
    """Read a stored plan of any known format and return it in the current format.

    Raises
    ------
    InputError
        ``plan.bad-document``: not a plan document, or of a format this version does not know.
    """
    if not isinstance(data, Mapping) or not isinstance(data.get("protocol"), Mapping):
        raise InputError("the stored plan is not a prescription document", code="plan.bad-document")
    document = dict(data)
    version = document.get("format_version", 1)
    if not isinstance(version, int) or not 1 <= version <= PLAN_FORMAT_VERSION:
        raise InputError(
            f"the stored plan has format version {version!r}; this version reads 1 to "
            f"{PLAN_FORMAT_VERSION}",
            code="plan.unknown-format",
            format_version=version,
        )
    try:
        while version < PLAN_FORMAT_VERSION:
            document = MIGRATIONS[version](document)
            version += 1
        return PlanDocument.model_validate(document)
    except (KeyError, TypeError, ValidationError, InputError) as error:
        raise InputError(
            f"the stored plan is not a valid prescription document ({_first(error)})",
            code="plan.bad-document",
        ) from None


def _first(error: Exception) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        return f"{'.'.join(str(part) for part in first['loc'])}: {first['msg']}"
    return str(error)
