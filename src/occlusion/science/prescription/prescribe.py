"""Prescription: a person, their screening, equipment and goal → a plan they can follow.

The plan says, per limb, how hard to restrict (a cuff pressure in mmHg and % of limb occlusion
pressure, or how far to stretch an elastic wrap, with the perceived-tightness method as the
fallback), which exercises with which loads, sets, repetitions and rests, how long the limb may
stay restricted, how often to train, how to progress, when to stop at once, and every source
behind those numbers.

Screening gates it: an ``exclude`` decision yields no plan, and ``refer`` yields none until a
clinician clearance is recorded (:func:`occlusion.science.screening.require_plan_allowed`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from occlusion import NOT_A_MEDICAL_DEVICE
from occlusion.errors import InputError, NotEstimableError, ScreeningBlockError
from occlusion.evidence import Reference
from occlusion.messages import Message, stored
from occlusion.science.bands import (
    DEFAULT_WRAP_KEY,
    TightnessGuide,
    WrapPlan,
    perceived_tightness_guide,
    plan_wrap,
)
from occlusion.science.exercises import limbs_worked
from occlusion.science.loads import (
    IMPERIAL_BARBELL,
    METRIC_BARBELL,
    STANDARD_EQUIPMENT,
    ExerciseKind,
    LoadEquipment,
    OneRepMaxEstimate,
    PrescribedLoad,
    estimate_one_rep_max,
    prescribe_load,
)
from occlusion.science.lop import LopEstimate, estimate
from occlusion.science.prescription.document import PLAN_FORMAT_VERSION, frozen_session
from occlusion.science.prescription.estimated_lop import EstimatedLopShare, estimated_lop_share
from occlusion.science.prescription.profile import ExerciseSection, LimbSection, Profile
from occlusion.science.protocols import (
    REPERFUSION_AFTER_CAP_S,
    STOP_RULES,
    Protocol,
    RestrictionBudget,
    StopRule,
    get_protocol,
    pressure_from_pct_lop,
    recommended_pct_lop,
)
from occlusion.science.screening import (
    ScreeningAnswers,
    ScreeningResult,
    require_plan_allowed,
    screen,
)
from occlusion.units import KG_PER_POUND
from occlusion.vocabulary import (
    Decision,
    EquipmentKind,
    Goal,
    Limb,
    LimbSides,
    Mode,
    Posture,
    UnitSystem,
)


@dataclass(frozen=True, slots=True)
class OcclusionPressureSource:
    """Where a limb's occlusion pressure came from: a measurement or an estimate."""

    lop_mmhg: float
    kind: Literal["measured", "estimated"]
    method: str
    interval_95_mmhg: tuple[float, float] | None
    posture: Posture
    cuff_width_cm: float
    references: tuple[Reference, ...]
    warnings: tuple[Message, ...]
    record_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "lop_mmhg": round(self.lop_mmhg, 1),
            "kind": self.kind,
            "record_id": self.record_id,
            "method": self.method,
            "interval_95_mmhg": (
                [round(bound, 1) for bound in self.interval_95_mmhg]
                if self.interval_95_mmhg
                else None
            ),
            "posture": self.posture,
            "cuff_width_cm": self.cuff_width_cm,
            "references": [reference.key for reference in self.references],
            "warnings": [stored(warning) for warning in self.warnings],
        }


@dataclass(frozen=True, slots=True)
class LimbPlan:
    """How to restrict one limb."""

    limb: Limb
    side: LimbSides
    equipment_kind: EquipmentKind
    circumference_cm: float
    budget: RestrictionBudget | None
    rationale: str
    references: tuple[Reference, ...]
    warnings: tuple[Message, ...]
    pct_lop: float | None = None
    pct_lop_range: tuple[float, float] | None = None
    pressure_mmhg: float | None = None
    pressure_interval_95_mmhg: tuple[float, float] | None = None
    occlusion_pressure: OcclusionPressureSource | None = None
    estimated_lop_share: EstimatedLopShare | None = None
    wrap: WrapPlan | None = None
    tightness_fallback: TightnessGuide | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "limb": self.limb,
            "side": self.side,
            "equipment": self.equipment_kind,
            "circumference_cm": self.circumference_cm,
            "pct_lop": self.pct_lop,
            "pct_lop_range": list(self.pct_lop_range) if self.pct_lop_range else None,
            "pressure_mmhg": round(self.pressure_mmhg) if self.pressure_mmhg else None,
            "pressure_interval_95_mmhg": (
                [round(bound) for bound in self.pressure_interval_95_mmhg]
                if self.pressure_interval_95_mmhg
                else None
            ),
            "occlusion_pressure": (
                self.occlusion_pressure.as_dict() if self.occlusion_pressure else None
            ),
            "estimated_lop_share": (
                self.estimated_lop_share.as_dict() if self.estimated_lop_share else None
            ),
            "wrap": self.wrap.as_dict() if self.wrap else None,
            "perceived_tightness_fallback": (
                self.tightness_fallback.as_dict() if self.tightness_fallback else None
            ),
            "restriction_budget": self.budget.as_dict() if self.budget else None,
            "rationale": self.rationale,
            "references": [reference.key for reference in self.references],
            "warnings": [stored(warning) for warning in self.warnings],
        }


@dataclass(frozen=True, slots=True)
class ExercisePlan:
    """One exercise: load, sets, repetitions, rest and cadence."""

    name: str
    limb: Limb
    one_rep_max: OneRepMaxEstimate
    load: PrescribedLoad | None
    scheme: str
    sets: tuple[dict[str, Any], ...]
    rest_between_sets_s: float
    cadence: dict[str, float] | None

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "name": self.name,
            "limb": self.limb,
            "one_rep_max": self.one_rep_max.as_dict(),
            "load": self.load.as_dict() if self.load else None,
            "scheme": self.scheme,
            "sets": list(self.sets),
            "rest_between_sets_s": self.rest_between_sets_s,
            "cadence": self.cadence,
        }


@dataclass(frozen=True, slots=True)
class Prescription:
    """A complete, cited plan for one person."""

    person_name: str
    units: UnitSystem
    goal: Goal
    posture: Posture
    screening: ScreeningResult
    clinician_clearance: bool
    protocol: Protocol
    limbs: tuple[LimbPlan, ...]
    exercises: tuple[ExercisePlan, ...]
    stop_rules: tuple[StopRule, ...]
    references: tuple[Reference, ...]
    warnings: tuple[Message, ...]

    def as_dict(self) -> dict[str, Any]:
        """Return the whole plan as one JSON-ready document (:mod:`.document`, current format)."""
        protocol = self.protocol
        return {
            "format_version": PLAN_FORMAT_VERSION,
            "person": {"name": self.person_name, "units": self.units},
            "goal": self.goal,
            "posture": self.posture,
            "screening": self.screening.as_dict(),
            "clinician_clearance": self.clinician_clearance,
            "protocol": {
                "name": protocol.name,
                "title": protocol.title,
                "mode": protocol.mode,
                "scheme": protocol.scheme(),
                "restriction": protocol.restriction,
                "rest_between_sets_s": protocol.rest_between_sets_s,
                "rest_between_exercises_s": protocol.rest_between_exercises_s,
                "load_pct_1rm": list(protocol.load_pct_1rm) if protocol.load_pct_1rm else None,
                "reperfusion_s": protocol.reperfusion_s,
                "experimental": protocol.experimental,
            },
            "limbs": [limb.as_dict() for limb in self.limbs],
            "exercises": [exercise.as_dict() for exercise in self.exercises],
            "frequency": {
                "sessions_per_week": (
                    list(protocol.sessions_per_week) if protocol.sessions_per_week else None
                ),
                "note": protocol.frequency_note,
            },
            "progression": protocol.progression.as_dict() if protocol.progression else None,
            "stop_rules": [rule.as_dict() for rule in self.stop_rules],
            "session": frozen_session(protocol, REPERFUSION_AFTER_CAP_S),
            "warnings": [stored(warning) for warning in self.warnings],
            "references": [reference.as_dict() for reference in self.references],
            "disclaimer": NOT_A_MEDICAL_DEVICE,
        }


def _occlusion_pressure(profile: Profile, limb: LimbSection) -> OcclusionPressureSource:
    equipment = profile.equipment
    posture = profile.training.posture
    measured = limb.measured_lop
    if measured is not None:
        warnings: list[Message] = []
        if measured.posture != posture:
            warnings.append(
                Message(
                    f"LOP was measured {measured.posture} but you will train {posture}: "
                    "occlusion pressure changes with posture (seated about 13 % above supine in "
                    "one study); measure it again in the training posture",
                    code="plan.lop-other-posture",
                    measured_posture=measured.posture,
                    posture=posture,
                )
            )
        if abs(measured.cuff_width_cm - equipment.width_cm) > 0.5:
            warnings.append(
                Message(
                    f"LOP was measured with a {measured.cuff_width_cm:g} cm cuff but the plan "
                    f"uses a {equipment.width_cm:g} cm cuff: occlusion pressure depends on cuff "
                    "width; measure it again with this cuff",
                    code="plan.lop-other-cuff",
                    measured_cuff_width_cm=measured.cuff_width_cm,
                    cuff_width_cm=equipment.width_cm,
                )
            )
        return OcclusionPressureSource(
            lop_mmhg=measured.lop_mmhg,
            kind="measured",
            method=measured.method,
            interval_95_mmhg=None,
            posture=measured.posture,
            cuff_width_cm=measured.cuff_width_cm,
            references=(),
            warnings=tuple(warnings),
            record_id=measured.record_id,
        )
    try:
        estimated: LopEstimate = estimate(
            limb=limb.limb,
            cuff_width_cm=equipment.width_cm,
            circumference_cm=limb.circumference_cm,
            sbp_mmhg=profile.blood_pressure.sbp_mmhg,
            dbp_mmhg=profile.blood_pressure.dbp_mmhg,
            age_years=profile.person.age_years,
            sex=profile.person.sex,
            posture=posture,
            cuff_material=equipment.cuff_material,
        )
    except NotEstimableError as error:
        raise NotEstimableError(
            f"{limb.limb}: {error}", code=error.code, **{**error.fields, "limb": limb.limb}
        ) from None
    return OcclusionPressureSource(
        lop_mmhg=estimated.lop_mmhg,
        kind="estimated",
        method=estimated.method,
        interval_95_mmhg=estimated.interval_95_mmhg,
        posture=posture,
        cuff_width_cm=equipment.width_cm,
        references=estimated.references,
        warnings=estimated.warnings,
    )


def _target_pct_lop(profile: Profile, protocol: Protocol, limb: Limb) -> tuple[float, Any]:
    recommendation = recommended_pct_lop(
        limb=limb, mode=protocol.mode, goal=profile.training.goal
    )
    low, high = protocol.pressure_pct_lop or (recommendation.low_pct, recommendation.high_pct)
    chosen = profile.training.pct_lop
    if chosen is None:
        chosen = min(max(recommendation.default_pct, low), high)
    elif not low <= chosen <= high:
        raise InputError(
            f"training.pct_lop {chosen:g} % is outside the {low:g}-{high:g} % LOP range of "
            f"protocol {protocol.name!r}",
            code="plan.pct-lop-outside-protocol",
            pct_lop=chosen,
            low=low,
            high=high,
            protocol=protocol.name,
        )
    return chosen, recommendation


def _limb_plan(profile: Profile, protocol: Protocol, limb: LimbSection) -> LimbPlan:
    equipment = profile.equipment
    references: list[Reference] = list(protocol.references)
    warnings: list[Message] = []
    budget = _budget(protocol, limb.limb, max(1, _exercise_count(profile, limb.limb)), warnings)

    def limb_plan(kind: EquipmentKind, rationale: str, **details: Any) -> LimbPlan:
        return LimbPlan(
            limb=limb.limb,
            side=limb.side,
            equipment_kind=kind,
            circumference_cm=limb.circumference_cm,
            budget=budget,
            rationale=rationale,
            references=tuple(references),
            warnings=tuple(warnings),
            **details,
        )

    absolute = protocol.absolute_pressure_for(limb.limb)
    if absolute is not None:
        if equipment.kind != EquipmentKind.CUFF:
            raise InputError(
                f"protocol {protocol.name!r} is defined in mmHg and needs a pneumatic cuff",
                code="plan.protocol-needs-cuff", protocol=protocol.name
            )
        return limb_plan(
            EquipmentKind.CUFF,
            f"{protocol.title}: {absolute.label()} as published.",
            pressure_mmhg=absolute.resolve_mmhg(profile.blood_pressure.sbp_mmhg),
        )
    pct_lop, recommendation = _target_pct_lop(profile, protocol, limb.limb)
    references.extend(recommendation.references)
    pct_lop_range = (recommendation.low_pct, recommendation.high_pct)
    if equipment.kind == EquipmentKind.WRAP:
        wrap = plan_wrap(
            limb=limb.limb,
            circumference_cm=limb.circumference_cm,
            width_cm=equipment.width_cm,
            target_pct_lop=pct_lop,
            wrap_length_cm=equipment.length_cm,
            units=profile.person.units,
            material=equipment.material or DEFAULT_WRAP_KEY,
        )
        tightness = perceived_tightness_guide(limb.limb)
        references.extend((*wrap.references, *tightness.references))
        warnings.extend(wrap.warnings)
        return limb_plan(
            EquipmentKind.WRAP,
            recommendation.rationale,
            pct_lop=pct_lop,
            pct_lop_range=pct_lop_range,
            wrap=wrap,
            tightness_fallback=tightness,
        )
    occlusion = _occlusion_pressure(profile, limb)
    references.extend(occlusion.references)
    warnings.extend(occlusion.warnings)
    pressure_mmhg = pressure_from_pct_lop(occlusion.lop_mmhg, pct_lop)
    share = None
    interval = None
    if occlusion.interval_95_mmhg:
        # An estimate: the pressure's meaning across the interval, and the policy cap.
        share = estimated_lop_share(
            lop_mmhg=occlusion.lop_mmhg,
            interval_95_mmhg=occlusion.interval_95_mmhg,
            target_pct_lop=pct_lop,
        )
        pressure_mmhg = share.pressure_mmhg
        pct_lop = round(share.pct_of_estimate, 1)
        low_lop, high_lop = share.lop_interval_95_mmhg
        interval = (
            pressure_from_pct_lop(low_lop, pct_lop),
            pressure_from_pct_lop(high_lop, pct_lop),
        )
    if occlusion.kind == "estimated":
        warnings.append(
            Message(
                "this pressure rests on an estimated LOP; measure LOP with this cuff in the "
                "training posture before relying on it",
                code="plan.lop-estimated",
                limb=limb.limb,
                side=limb.side,
            )
        )
    return limb_plan(
        EquipmentKind.CUFF,
        recommendation.rationale,
        pct_lop=pct_lop,
        pct_lop_range=pct_lop_range,
        pressure_mmhg=pressure_mmhg,
        pressure_interval_95_mmhg=interval,
        occlusion_pressure=occlusion,
        estimated_lop_share=share,
    )


def _prefixed(prefix: str, warning: str, **fields: Any) -> Message:
    if isinstance(warning, Message):
        return warning.with_prefix(prefix, **fields)
    return Message(f"{prefix}{warning}", code="note", **fields)


def _exercise_count(profile: Profile, limb: Limb) -> int:
    return sum(1 for exercise in profile.exercises if exercise.limb == limb)


def _budget(
    protocol: Protocol, limb: Limb, exercises: int, warnings: list[Message]
) -> RestrictionBudget | None:
    try:
        budget = protocol.restriction_budget(limb, exercises=exercises)
    except NotEstimableError as error:
        warnings.append(Message(str(error), code=error.code, **error.fields))
        return None
    if not budget.within_cap:
        raise InputError(
            f"protocol {protocol.name!r} would keep the {limb} restricted for "
            f"{budget.longest_continuous_s / 60:.1f} min without release, over the "
            f"{budget.cap_s / 60:.0f} min cap; use its intermittent variant",
            code="plan.over-restriction-cap",
            protocol=protocol.name,
            limb=limb,
            longest_continuous_s=budget.longest_continuous_s,
            cap_s=budget.cap_s,
        )
    return budget


def _load_equipment(exercise: ExerciseSection, system: UnitSystem) -> LoadEquipment:
    section = exercise.load_equipment
    if section.kind == "metric-barbell":
        return METRIC_BARBELL
    if section.kind == "imperial-barbell":
        return IMPERIAL_BARBELL
    if section.kind == "barbell":
        return STANDARD_EQUIPMENT[(system, "barbell")]
    standard = STANDARD_EQUIPMENT[(system, "stack")]
    if section.increment_kg is None and section.minimum_kg is None and section.maximum_kg is None:
        return standard
    increment_kg = standard.increment_kg if section.increment_kg is None else section.increment_kg
    # Steps typed in pounds are named in pounds: "stack in 5 lb steps".
    if section.entered_units.get("increment_kg") == "lb":
        step = f"{increment_kg / KG_PER_POUND:g} lb"
    else:
        step = f"{increment_kg:g} kg"
    return LoadEquipment(
        kind="stack",
        bar_kg=standard.bar_kg if section.minimum_kg is None else section.minimum_kg,
        increment_kg=increment_kg,
        maximum_kg=section.maximum_kg,
        name=f"stack in {step} steps",
    )


def _exercise_plan(profile: Profile, protocol: Protocol, exercise: ExerciseSection) -> ExercisePlan:
    if exercise.rep_max is not None:
        kind: ExerciseKind = "lower-body" if exercise.limb == Limb.THIGH else "upper-body"
        one_rep_max = estimate_one_rep_max(
            load_kg=exercise.rep_max.load_kg, reps=exercise.rep_max.reps, exercise_kind=kind
        )
    else:
        assert exercise.one_rep_max_kg is not None  # guaranteed by ExerciseSection
        one_rep_max = OneRepMaxEstimate(exercise.one_rep_max_kg, "entered 1RM", ())
    load = None
    pct = profile.training.load_pct_one_rep_max or protocol.default_load_pct_1rm
    if pct is not None:
        if protocol.load_pct_1rm and not (
            protocol.load_pct_1rm[0] <= pct <= protocol.load_pct_1rm[1]
        ):
            raise InputError(
                f"training.load_pct_one_rep_max {pct:g} % is outside the "
                f"{protocol.load_pct_1rm[0]:g}-{protocol.load_pct_1rm[1]:g} % 1RM range of "
                f"protocol {protocol.name!r}",
                code="plan.load-outside-protocol",
                pct_one_rep_max=pct,
                low=protocol.load_pct_1rm[0],
                high=protocol.load_pct_1rm[1],
                protocol=protocol.name,
            )
        load = prescribe_load(
            one_rep_max_kg=one_rep_max.one_rep_max_kg,
            pct_one_rep_max=pct,
            equipment=_load_equipment(exercise, profile.person.units),
            allowed_pct_range=protocol.load_pct_1rm,
        )
    return ExercisePlan(
        name=exercise.name,
        limb=exercise.limb,
        one_rep_max=one_rep_max,
        load=load,
        scheme=protocol.scheme(),
        sets=tuple(set_spec.as_dict() for set_spec in protocol.sets),
        rest_between_sets_s=protocol.rest_between_sets_s,
        cadence=protocol.cadence.as_dict() if protocol.cadence else None,
    )


def _unique(references: list[Reference]) -> tuple[Reference, ...]:
    seen: dict[str, Reference] = {}
    for reference in references:
        seen.setdefault(reference.key, reference)
    return tuple(seen.values())


def limbs_to_restrict(profile: Profile) -> tuple[LimbSection, ...]:
    """Return the limb entries a plan restricts: those its exercises work.

    A profile may list every limb ever measured; only the limbs its exercises work are
    restricted, so a cuff plan for curls needs no LOP of the thighs. A profile without
    exercises (a passive or aerobic protocol) restricts every limb it lists.
    """
    worked = limbs_worked(exercise.limb for exercise in profile.exercises)
    if not worked:
        return profile.limbs
    return tuple(limb for limb in profile.limbs if limb.limb in worked)


def screen_profile(profile: Profile) -> ScreeningResult:
    """Run the pre-participation screening on the answers in a profile.

    The profile's age and resting blood pressure are added to the answers unless the answers
    give them already.
    """
    answers = profile.screening.answers()
    answers.setdefault("age_years", profile.person.age_years)
    answers.setdefault("resting_sbp_mmhg", profile.blood_pressure.sbp_mmhg)
    answers.setdefault("resting_dbp_mmhg", profile.blood_pressure.dbp_mmhg)
    return screen(ScreeningAnswers.from_mapping(answers))


def prescribe(profile: Profile) -> Prescription:
    """Turn a validated profile into a complete, cited plan.

    Parameters
    ----------
    profile
        The person, blood pressure, equipment, limbs, exercises, goal and screening answers.

    Returns
    -------
    Prescription
        The plan; its ``as_dict()`` is the document ``occlusion plan --json`` prints.

    Raises
    ------
    ScreeningBlockError
        If screening excludes the person, or refers them and no clinician clearance is recorded.
    NotEstimableError
        If a cuff plan needs an occlusion pressure that cannot be estimated for this cuff and
        limb (the message says how to measure it).
    InputError
        If the profile asks for something the protocol does not allow.
    """
    screening = screen_profile(profile)
    clearance = profile.screening.clinician_clearance
    try:
        require_plan_allowed(screening, clinician_clearance=clearance)
    except ScreeningBlockError as error:
        if screening.decision == Decision.REFER:
            raise ScreeningBlockError(
                f"{error} Once a clinician has cleared you, record their clearance.",
                code="plan.needs-clearance",
            ) from None
        raise
    protocol = get_protocol(profile.training.protocol)
    restricted = limbs_to_restrict(profile)
    for limb in restricted:
        if not protocol.applies_to(limb.limb):
            raise InputError(
                f"protocol {protocol.name!r} is described for the {', '.join(protocol.limbs)} "
                f"only, not the {limb.limb}",
                code="plan.protocol-not-for-limb",
                protocol=protocol.name,
                limb=limb.limb,
            )
    limb_plans = tuple(_limb_plan(profile, protocol, limb) for limb in restricted)
    exercises = tuple(
        _exercise_plan(profile, protocol, exercise) for exercise in profile.exercises
    )
    warnings: list[Message] = []
    if screening.decision == Decision.CAUTION:
        warnings.append(
            Message(
                "screening advises caution: read its reasons before the first session",
                code="plan.screening-caution",
            )
        )
    if screening.decision == Decision.REFER and clearance:
        warnings.append(
            Message(
                "screening referred you; this plan relies on the recorded clearance",
                code="plan.relies-on-clearance",
            )
        )
    if protocol.experimental:
        warnings.append(
            Message(
                f"protocol {protocol.name!r} is experimental: some timings are unverified",
                code="plan.experimental-protocol",
                protocol=protocol.name,
            )
        )
    if protocol.mode == Mode.RESISTANCE and not exercises:
        warnings.append(
            Message("no exercises listed: list exercises to get loads", code="plan.no-exercises")
        )
    for limb_plan in limb_plans:
        warnings.extend(
            _prefixed(f"{limb_plan.limb}: ", warning, limb=limb_plan.limb)
            for warning in limb_plan.warnings
        )
    for exercise in exercises:
        warnings.extend(
            _prefixed(f"{exercise.name}: ", warning, exercise=exercise.name)
            for warning in exercise.one_rep_max.warnings
        )
        if exercise.load:
            warnings.extend(
                _prefixed(f"{exercise.name}: ", warning, exercise=exercise.name)
                for warning in exercise.load.warnings
            )
    references: list[Reference] = []
    for reason in screening.reasons:
        references.extend(reason.references)
    for limb_plan in limb_plans:
        references.extend(limb_plan.references)
    for exercise in exercises:
        references.extend(exercise.one_rep_max.references)
    for rule in STOP_RULES:
        references.extend(rule.references)
    return Prescription(
        person_name=profile.person.name,
        units=profile.person.units,
        goal=profile.training.goal,
        posture=profile.training.posture,
        screening=screening,
        clinician_clearance=clearance,
        protocol=protocol,
        limbs=limb_plans,
        exercises=exercises,
        stop_rules=STOP_RULES,
        references=_unique(references),
        warnings=tuple(dict.fromkeys(warnings)),
    )
