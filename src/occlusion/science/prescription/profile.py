"""A person's training profile: who they are, their limbs, equipment, exercises and goal.

A profile is what :func:`occlusion.science.prescription.prescribe` turns into a plan. It is read
from a mapping (a parsed TOML or JSON file; the file itself is read at the edge) and validated
here, so that every mistake in it produces one clear message naming the field.

Lengths may be given in centimetres (``circumference_cm``) or inches (``circumference_in``) and
loads in kilograms (``one_rep_max_kg``) or pounds (``one_rep_max_lb``); they are stored in
centimetres and kilograms.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from occlusion.errors import InputError
from occlusion.science.checks import (
    PLAUSIBLE_AGE_YEARS,
    PLAUSIBLE_CIRCUMFERENCE_CM,
    PLAUSIBLE_CUFF_WIDTH_CM,
    PLAUSIBLE_DBP_MMHG,
    PLAUSIBLE_SBP_MMHG,
)
from occlusion.science.exercises import find_exercise
from occlusion.units import KG_PER_POUND
from occlusion.vocabulary import (
    CuffMaterial,
    EquipmentKind,
    Goal,
    Limb,
    LimbSides,
    LopMethod,
    Posture,
    Sex,
    UnitSystem,
)


def _convert_imperial(data: Any, pairs: tuple[tuple[str, str, float], ...]) -> Any:
    # Accept `<name>_in` / `<name>_lb` and store `<name>_cm` / `<name>_kg`, remembering the unit.
    if not isinstance(data, dict):
        return data
    converted = dict(data)
    for imperial_key, metric_key, factor in pairs:
        if imperial_key in converted:
            if metric_key in converted:
                raise ValueError(f"give either {metric_key} or {imperial_key}, not both")
            value = converted.pop(imperial_key)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{imperial_key} must be a number")
            converted[metric_key] = value * factor
            converted.setdefault("entered_units", {})[metric_key] = imperial_key.rsplit("_", 1)[1]
    return converted


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PersonSection(_Strict):
    """Who the plan is for."""

    name: str = Field(min_length=1, max_length=120)
    age_years: float = Field(ge=PLAUSIBLE_AGE_YEARS[0], le=PLAUSIBLE_AGE_YEARS[1])
    sex: Sex
    units: UnitSystem = UnitSystem.METRIC


class BloodPressureSection(_Strict):
    """Resting brachial blood pressure, seated, after 5 minutes of rest [mmHg]."""

    sbp_mmhg: float = Field(ge=PLAUSIBLE_SBP_MMHG[0], le=PLAUSIBLE_SBP_MMHG[1])
    dbp_mmhg: float = Field(ge=PLAUSIBLE_DBP_MMHG[0], le=PLAUSIBLE_DBP_MMHG[1])

    @model_validator(mode="after")
    def _diastolic_below_systolic(self) -> BloodPressureSection:
        if self.dbp_mmhg >= self.sbp_mmhg:
            raise ValueError(
                f"diastolic {self.dbp_mmhg:g} mmHg must be below systolic {self.sbp_mmhg:g} mmHg"
            )
        return self


class MeasuredLop(_Strict):
    """A limb occlusion pressure measured by hand (Doppler, pulse oximeter) or by a cuff."""

    lop_mmhg: float = Field(gt=20, le=400)
    posture: Posture
    cuff_width_cm: float = Field(ge=PLAUSIBLE_CUFF_WIDTH_CM[0], le=PLAUSIBLE_CUFF_WIDTH_CM[1])
    method: LopMethod
    measured_on: str | None = Field(default=None, description="ISO date of the measurement")
    record_id: str | None = Field(
        default=None, max_length=64, description="the training log's id of this measurement"
    )


    @field_validator("method")
    @classmethod
    def _measured(cls, method: LopMethod) -> LopMethod:
        if not method.is_measured:
            raise ValueError("a measured LOP comes from doppler, pulse-oximeter or device")
        return method


class LimbSection(_Strict):
    """One limb to restrict: its circumference at the band and, ideally, a measured LOP."""

    limb: Limb
    side: LimbSides = LimbSides.BOTH
    circumference_cm: float
    measured_lop: MeasuredLop | None = None
    entered_units: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _accept_inches(cls, data: Any) -> Any:
        return _convert_imperial(data, (("circumference_in", "circumference_cm", 2.54),))

    @model_validator(mode="after")
    def _plausible_circumference(self) -> LimbSection:
        low, high = PLAUSIBLE_CIRCUMFERENCE_CM[self.limb]
        if not low <= self.circumference_cm <= high:
            raise ValueError(
                f"{self.limb} circumference {self.circumference_cm:g} cm is not plausible "
                f"(expected {low:g} to {high:g} cm)"
            )
        return self


class EquipmentSection(_Strict):
    """What restricts the limb: an elastic wrap or band, or a pneumatic cuff."""

    kind: EquipmentKind
    width_cm: float = Field(ge=PLAUSIBLE_CUFF_WIDTH_CM[0], le=PLAUSIBLE_CUFF_WIDTH_CM[1])
    material: str | None = None
    length_cm: float | None = Field(default=None, gt=10, le=1000)
    name: str | None = None
    entered_units: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _accept_inches(cls, data: Any) -> Any:
        return _convert_imperial(
            data, (("width_in", "width_cm", 2.54), ("length_in", "length_cm", 2.54))
        )

    @field_validator("kind")
    @classmethod
    def _restricts(cls, kind: EquipmentKind) -> EquipmentKind:
        if kind == EquipmentKind.FLOSS:
            raise ValueError("a plan restricts with a wrap or a cuff, not a floss band")
        return kind

    @property
    def cuff_material(self) -> CuffMaterial:
        """The cuff material for the LOP equations (``nylon`` unless stated elastic)."""
        elastic = (self.material or "").lower() == CuffMaterial.ELASTIC
        return CuffMaterial.ELASTIC if elastic else CuffMaterial.NYLON


class RepMax(_Strict):
    """A rep-max test: the heaviest load lifted for ``reps`` repetitions to failure."""

    load_kg: float = Field(gt=0, le=1000)
    reps: int = Field(ge=1, le=15)
    entered_units: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _accept_pounds(cls, data: Any) -> Any:
        return _convert_imperial(data, (("load_lb", "load_kg", KG_PER_POUND),))


class LoadEquipmentSection(_Strict):
    """What the gym can load for an exercise.

    ``barbell`` and a ``stack`` without steps mean the standard equipment of the person's units
    (:data:`occlusion.science.loads.STANDARD_EQUIPMENT`: metric plates or a 5 kg stack, pound
    plates or a 5 lb stack). Steps may be given in kilograms or pounds (``increment_lb``).
    """

    kind: Literal["metric-barbell", "imperial-barbell", "barbell", "stack"] = "stack"
    increment_kg: float | None = Field(default=None, gt=0, le=50)
    minimum_kg: float | None = Field(default=None, ge=0, le=200)
    maximum_kg: float | None = Field(default=None, gt=0, le=1000)
    entered_units: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _accept_pounds(cls, data: Any) -> Any:
        return _convert_imperial(
            data,
            (
                ("increment_lb", "increment_kg", KG_PER_POUND),
                ("minimum_lb", "minimum_kg", KG_PER_POUND),
                ("maximum_lb", "maximum_kg", KG_PER_POUND),
            ),
        )


class ExerciseSection(_Strict):
    """An exercise in the plan, with the limb it works and how strong the person is at it.

    ``limb`` may be left out for an exercise of the catalogue
    (:data:`occlusion.science.exercises.CATALOGUE`), which names the limb; given for one of
    the catalogue, it must be that limb.
    """

    name: str = Field(min_length=1, max_length=80)
    limb: Limb
    one_rep_max_kg: float | None = Field(default=None, gt=0, le=1000)
    rep_max: RepMax | None = None
    load_equipment: LoadEquipmentSection = Field(default_factory=LoadEquipmentSection)
    entered_units: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _accept_pounds(cls, data: Any) -> Any:
        return _convert_imperial(data, (("one_rep_max_lb", "one_rep_max_kg", KG_PER_POUND),))

    @model_validator(mode="before")
    @classmethod
    def _limb_from_catalogue(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("limb") not in (None, ""):
            return data
        name = data.get("name")
        entry = find_exercise(name) if isinstance(name, str) else None
        if entry is None:
            if isinstance(name, str):
                raise ValueError(
                    f"exercise {name!r} is not in the catalogue: name the limb it works "
                    "(arm or thigh)"
                )
            return data
        return {**data, "limb": entry.limb}

    @model_validator(mode="after")
    def _limb_of_the_catalogue(self) -> ExerciseSection:
        entry = find_exercise(self.name)
        if entry is not None and entry.limb != self.limb:
            raise ValueError(
                f"{entry.name} works the {entry.limb}, not the {self.limb}: leave the limb out "
                "or correct it"
            )
        return self

    @model_validator(mode="after")
    def _strength_given_once(self) -> ExerciseSection:
        if (self.one_rep_max_kg is None) == (self.rep_max is None):
            raise ValueError("give exactly one of one_rep_max_kg (or _lb) and [rep_max]")
        return self


class TrainingSection(_Strict):
    """What the person wants and how they will train."""

    goal: Goal = Goal.HYPERTROPHY
    protocol: str = "resistance-30-15-15-15"
    posture: Posture = Posture.SEATED
    pct_lop: float | None = Field(default=None, ge=10, le=100)
    load_pct_one_rep_max: float | None = Field(default=None, ge=10, le=80)


class ScreeningSection(BaseModel):
    """Screening answers (keys of ``occlusion screen``) and an optional clinician clearance."""

    model_config = ConfigDict(extra="allow", frozen=True)

    clinician_clearance: bool = False
    clearance_note: str | None = None

    def answers(self) -> dict[str, Any]:
        """Return the questionnaire answers without the clearance fields."""
        return dict(self.model_extra or {})


class Profile(_Strict):
    """Everything :func:`~occlusion.science.prescription.prescribe` needs about a person."""

    person: PersonSection
    blood_pressure: BloodPressureSection
    equipment: EquipmentSection
    limbs: tuple[LimbSection, ...] = Field(min_length=1)
    exercises: tuple[ExerciseSection, ...] = ()
    training: TrainingSection = Field(default_factory=TrainingSection)
    screening: ScreeningSection

    @field_validator("limbs")
    @classmethod
    def _limbs_unique(cls, limbs: tuple[LimbSection, ...]) -> tuple[LimbSection, ...]:
        seen: set[tuple[str, str]] = set()
        for limb in limbs:
            key = (limb.limb, limb.side)
            if key in seen:
                raise ValueError(f"{limb.limb} ({limb.side}) is listed twice")
            seen.add(key)
        return limbs

    @model_validator(mode="after")
    def _exercises_use_listed_limbs(self) -> Profile:
        listed = {limb.limb for limb in self.limbs}
        for exercise in self.exercises:
            if exercise.limb not in listed:
                raise ValueError(
                    f"exercise {exercise.name!r} loads the {exercise.limb}, which has no limb "
                    "entry"
                )
        return self


def _describe(error: ValidationError) -> tuple[str, str]:
    first = error.errors()[0]
    location = ".".join(str(part) for part in first["loc"]) or "profile"
    message = str(first["msg"]).removeprefix("Value error, ")
    extra = f" (and {error.error_count() - 1} more problem(s))" if error.error_count() > 1 else ""
    if first["type"] == "extra_forbidden":
        message = "unknown field"
    elif first["type"] == "missing":
        message = "missing"
    return f"profile field {location}: {message}{extra}", location


def profile_from_mapping(data: Mapping[str, Any]) -> Profile:
    """Validate a parsed profile document and return a :class:`Profile`.

    Raises
    ------
    InputError
        With one line naming the first invalid field, e.g.
        ``profile field limbs.0.circumference_cm: ...``.
    """
    if not isinstance(data, Mapping):
        raise InputError("a profile must be a table of sections", code="profile.not-a-table")
    try:
        return Profile.model_validate(dict(data))
    except ValidationError as error:
        text, location = _describe(error)
        raise InputError(text, code="profile.invalid-field", field=location) from None
