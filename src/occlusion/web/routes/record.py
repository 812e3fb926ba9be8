"""Pages of one person's record: overview, screening, measurements, LOP, plan and history."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any, Literal

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from occlusion import units
from occlusion.science.checks import (
    PLAUSIBLE_CIRCUMFERENCE_CM,
    PLAUSIBLE_DBP_MMHG,
    PLAUSIBLE_SBP_MMHG,
)
from occlusion.science.exercises import CATALOGUE, find_exercise
from occlusion.services import records
from occlusion.vocabulary import (
    CuffMaterial,
    EquipmentKind,
    Goal,
    LengthUnit,
    Limb,
    Posture,
    PressureUnit,
    Role,
    Side,
    UnitSystem,
)
from occlusion.web.context import app_state, require_account
from occlusion.web.cuff_widths import read_with_width
from occlusion.web.display import reader_units
from occlusion.web.downloads import DOWNLOADS
from occlusion.web.fields import (
    Choice,
    FormInvalid,
    Number,
    Text,
    bound_text,
    choices_of,
    read_form,
)
from occlusion.web.guard import keeps_form
from occlusion.web.routes.forms import Form, Forms, FormState, page, see_other, submit
from occlusion.web.words import label

LIMB = Choice("limb", "Limb", choices_of(Limb))
SIDE = Choice("side", "Side", choices_of(Side))
POSTURE = Choice("posture", "Posture", choices_of(Posture), default=Posture.SEATED.value)


def _kpa(bounds_mmhg: tuple[float, float]) -> tuple[float, float]:
    return (
        round(units.mmhg_to_kpa(bounds_mmhg[0]), 1),
        round(units.mmhg_to_kpa(bounds_mmhg[1]), 1),
    )


#: The reading a refusal offers as an example [mmHg]: 115/75, the lowest usual pressure down to
#: which lower still meant lower vascular mortality in one million adults (Prospective Studies
#: Collaboration, Lancet 2002;360:1903-13, doi:10.1016/S0140-6736(02)11911-8) — a healthy adult
#: reading, so the example nudges nobody towards a high number (the range's middle, 160, would).
EXAMPLE_BLOOD_PRESSURE_MMHG = (115.0, 75.0)


#: The refusal of a diastolic pressure at or above the systolic.
DIASTOLIC_NOT_BELOW_SYSTOLIC = "Diastolic must be lower than systolic."


def blood_pressure_fields(fields: dict[str, str]) -> dict[str, Any]:
    """Read the blood-pressure form: unit first, so the bounds are in the unit typed."""
    unit = read_form(
        fields, (Choice("unit", "Unit", choices_of(PressureUnit), default=PressureUnit.MMHG.value),)
    )["unit"]
    kpa = unit == PressureUnit.KPA
    sbp = _kpa(PLAUSIBLE_SBP_MMHG) if kpa else PLAUSIBLE_SBP_MMHG
    dbp = _kpa(PLAUSIBLE_DBP_MMHG) if kpa else PLAUSIBLE_DBP_MMHG
    sbp_example, dbp_example = (
        _kpa(EXAMPLE_BLOOD_PRESSURE_MMHG) if kpa else EXAMPLE_BLOOD_PRESSURE_MMHG
    )
    values = read_form(
        fields,
        (
            Number("systolic", "Systolic", *sbp, unit=unit, example=sbp_example),
            Number("diastolic", "Diastolic", *dbp, unit=unit, example=dbp_example),
            Choice("posture", "Posture", choices_of(Posture), required=False),
        ),
    )
    if values["diastolic"] >= values["systolic"]:
        raise FormInvalid({"diastolic": DIASTOLIC_NOT_BELOW_SYSTOLIC})
    return {**values, "unit": unit}


#: The circumference a refusal offers as an example, per limb [cm]: on the arm the mean
#: mid-upper-arm circumference of US adults, 34.2 cm in men and 31.9 cm in women (Ostchega et al.
#: 2013, NHANES 2007-2010), about 33; on the thigh the simulator's reference young-adult thigh
#: (``model_choices.REFERENCE_THIGH_CIRCUMFERENCE_CM``, an assumed mean, not read in a source).
EXAMPLE_CIRCUMFERENCE_CM = {Limb.ARM: 33.0, Limb.THIGH: 55.0}


def circumference_spec(limb: Limb, system: UnitSystem, unit: str, **options: Any) -> Number:
    """Return the circumference field for ``limb``, its bounds and example in ``system``'s unit."""
    low, high = units.length_bounds(PLAUSIBLE_CIRCUMFERENCE_CM[limb], system)
    example = units.typical_length(EXAMPLE_CIRCUMFERENCE_CM[limb], system)
    return Number("circumference", "Circumference", low, high, unit=unit, example=example,
                  **options)  # fmt: skip


def limb_fields(fields: dict[str, str]) -> dict[str, Any]:
    """Read the circumference form with the plausible range of the chosen limb, in its unit."""
    chosen = read_form(
        fields,
        (LIMB, SIDE, Choice("unit", "Unit", choices_of(LengthUnit), default=LengthUnit.CM.value)),
    )
    system = UnitSystem.IMPERIAL if chosen["unit"] == LengthUnit.IN else UnitSystem.METRIC
    circumference = read_form(
        fields, (circumference_spec(Limb(chosen["limb"]), system, chosen["unit"]),)
    )
    return {**chosen, **circumference}


@get("/people/{person_id:uuid}", include_in_schema=False, sync_to_thread=True)
def overview(request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]) -> Template:
    """Show the record's front page."""
    state = app_state(request)
    account = require_account(request)
    record = records.overview(state.database, account, person_id, now=state.now(), live=state.live)
    return page(request, "record.html", record=record, person_id=person_id)


#: Asked elsewhere: age comes from the profile, blood pressure from the measurements.
FROM_RECORD = ("age_years", "resting_sbp_mmhg", "resting_dbp_mmhg")
#: The example a refused "days since the operation" offers: a recent operation, inside the
#: question's 12 weeks (the middle of its bounds, half a year, would read as a strange answer).
EXAMPLE_DAYS_SINCE_SURGERY = 14


@get("/people/{person_id:uuid}/screening", include_in_schema=False, sync_to_thread=True)
def screening_page(request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]) -> Template:
    """Show the screening questionnaire."""
    return draw_screening(request, person_id, Forms())


def draw_screening(request: Request[Any, Any, Any], person_id: uuid.UUID, forms: Forms) -> Template:
    """Draw the questionnaire with ``forms`` (a refused one keeps every answer)."""
    from occlusion.science.screening import QUESTIONNAIRE

    account = require_account(request)
    state = app_state(request)
    person = records.person(state.database, account, person_id, now=state.now())
    latest = records.latest_screening(state.database, person_id, state.now())
    if latest and not forms.screening.failed:
        # Screening again starts from the last answers: change what is different.
        forms = Forms("screening", FormState(_as_fields(latest.get("answers") or {})))
    return page(
        request,
        "screening.html",
        forms=forms,
        person=person.as_dict(),
        person_id=person_id,
        questions=[
            question.as_dict() for question in QUESTIONNAIRE if question.id not in FROM_RECORD
        ],
        latest=latest,
    )


def _as_fields(answers: dict[str, Any]) -> dict[str, str]:
    """Return stored screening answers as the form's fields (booleans as yes/no)."""
    fields: dict[str, str] = {}
    for key, value in answers.items():
        if key in FROM_RECORD or value is None:
            continue
        if isinstance(value, bool):
            fields[key] = "yes" if value else "no"
        elif isinstance(value, float) and value.is_integer():
            fields[key] = str(int(value))
        else:
            fields[key] = str(value)
    return fields


def answers_from_form(fields: dict[str, str]) -> dict[str, Any]:
    """Turn questionnaire form fields into screening answers (yes/no → booleans).

    Raises
    ------
    FormInvalid
        A required question is unanswered or an answer is not one offered; every such
        question has its message.
    """
    from occlusion.science.screening import QUESTIONNAIRE

    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in QUESTIONNAIRE:
        if question.id in FROM_RECORD:
            continue
        text = fields.get(question.id, "").strip()
        try:
            if question.kind == "yes-no":
                value = Choice(question.id, "answer", ("yes", "no"), question.required).read(text)
                if value is not None:
                    answers[question.id] = value == "yes"
            elif question.kind == "number":
                number_value = Number(
                    question.id,
                    "The number of days",
                    question.minimum if question.minimum is not None else 0,
                    question.maximum if question.maximum is not None else 365,
                    whole=True,
                    required=question.required,
                    example=EXAMPLE_DAYS_SINCE_SURGERY,
                ).read(text)
                if number_value is not None:
                    answers[question.id] = number_value
            else:
                choice = Choice(
                    question.id, "answer", tuple(question.choices), question.required
                ).read(text)
                if choice is not None:
                    answers[question.id] = choice
        except ValueError as error:
            errors[question.id] = str(error)
    if errors:
        raise FormInvalid(errors)
    return answers


@keeps_form
@post("/people/{person_id:uuid}/screening", include_in_schema=False, sync_to_thread=True)
def screen(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: Form
) -> Response[Any]:
    """Screen the person and show the decision with its reasons."""
    state = app_state(request)
    account = require_account(request)

    def work() -> Response[Any]:
        record = records.screen(
            state.database, account, person_id, answers_from_form(data), now=state.now()
        )
        return page(request, "screening_result.html", record=record, person_id=person_id)

    return submit(
        request,
        data,
        form="screening",
        done=f"/people/{person_id}",
        work=work,
        redraw=lambda forms: draw_screening(request, person_id, forms),
    )


@post("/people/{person_id:uuid}/clearance", include_in_schema=False, sync_to_thread=True)
def clearance(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: Form
) -> Response[Any]:
    """Record the signed-in clinician's clearance."""
    state = app_state(request)
    account = require_account(request, Role.CLINICIAN)
    records.clear(state.database, account, person_id, data.get("note", ""), now=state.now())
    return see_other(f"/people/{person_id}")


@get("/people/{person_id:uuid}/measurements", include_in_schema=False, sync_to_thread=True)
def measurements_page(request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]) -> Template:
    """Show measurement forms and every measurement so far.

    ``?limb=thigh`` (a link from the plan page naming what is missing) chooses the limb in the
    circumference form.
    """
    limb = request.query_params.get("limb")
    if isinstance(limb, str) and limb in choices_of(Limb):
        return draw_measurements(request, person_id, Forms("limb", FormState({"limb": limb})))
    return draw_measurements(request, person_id, Forms())


def draw_measurements(
    request: Request[Any, Any, Any], person_id: uuid.UUID, forms: Forms
) -> Template:
    """Draw the measurements page with ``forms`` (one of them possibly refused)."""
    account = require_account(request)
    state = app_state(request)
    return page(
        request,
        "measurements.html",
        forms=forms,
        person_id=person_id,
        measurements=records.measurements(state.database, account, person_id, now=state.now()),
        limbs=tuple(Limb),
        sides=tuple(Side),
        postures=tuple(Posture),
        materials=tuple(CuffMaterial),
        equipment_kinds=tuple(EquipmentKind),
        device=state.config.device,
    )


@keeps_form
@post(
    "/people/{person_id:uuid}/measurements/blood-pressure",
    include_in_schema=False,
    sync_to_thread=True,
)
def add_blood_pressure(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: Form
) -> Response[Any]:
    """Record a resting blood pressure."""
    state = app_state(request)
    account = require_account(request)
    done = f"/people/{person_id}/measurements"

    def work() -> Response[Any]:
        values = blood_pressure_fields(data)
        records.add_blood_pressure(state.database, account, person_id, now=state.now(), **values)
        return see_other(done)

    return submit(
        request,
        data,
        form="bp",
        done=done,
        work=work,
        redraw=lambda forms: draw_measurements(request, person_id, forms),
    )


@keeps_form
@post("/people/{person_id:uuid}/measurements/limb", include_in_schema=False, sync_to_thread=True)
def add_limb(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: Form
) -> Response[Any]:
    """Record a limb circumference."""
    state = app_state(request)
    account = require_account(request)
    done = f"/people/{person_id}/measurements"

    def work() -> Response[Any]:
        records.add_limb(state.database, account, person_id, now=state.now(), **limb_fields(data))
        return see_other(done)

    return submit(
        request,
        data,
        form="limb",
        done=done,
        work=work,
        redraw=lambda forms: draw_measurements(request, person_id, forms),
    )


#: The sections of a plan the plan form gives itself (the record gives the rest).
FORM_SECTIONS: dict[str, Any] = {"equipment": {}}


@get("/people/{person_id:uuid}/plan", include_in_schema=False, sync_to_thread=True)
def plan_page(request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]) -> Template:
    """Show the active plan (with the wrap marking picture) and the form for a new one."""
    return draw_plan(request, person_id, Forms())


def draw_plan(request: Request[Any, Any, Any], person_id: uuid.UUID, forms: Forms) -> Template:
    """Draw the plan page with ``forms`` (a refused plan form keeps its answers)."""
    state = app_state(request)
    from occlusion.science.loads import STANDARD_EQUIPMENT
    from occlusion.science.protocols import all_protocols

    account = require_account(request)
    plan = records.plan(state.database, account, person_id, now=state.now())
    system = reader_units(request)
    # Before anyone fills the form in: what the record still lacks (the form gives the rest).
    missing = (
        []
        if forms.plan.failed
        else records.plan_missing(
            state.database, account, person_id, FORM_SECTIONS, now=state.now()
        )
    )
    return page(
        request,
        "plan.html",
        missing=missing,
        screening=records.latest_screening(state.database, person_id, state.now()),
        forms=forms,
        person_id=person_id,
        plan=plan,
        protocols=[(item.name, item.title) for item in all_protocols()],
        goals=tuple(Goal),
        postures=tuple(Posture),
        limbs=tuple(Limb),
        materials=tuple(CuffMaterial),
        load_equipment=[
            (kind, STANDARD_EQUIPMENT[(system, kind)].name.capitalize())
            for kind in LOAD_EQUIPMENT
        ],
        catalogue=CATALOGUE,
    )


#: Wrap lengths on sale run from about 50 cm to 3 m; this only refuses typing slips [cm].
WRAP_LENGTH_CM = (20.0, 400.0)
#: One-repetition maximum, as the load equations accept it [kg].
ONE_REP_MAX_KG = (0.5, 1000.0)
#: The one-rep maximum a refusal offers as an example, and the plan form's first default [kg].
EXAMPLE_ONE_REP_MAX_KG = 100.0
#: What an exercise is loaded with; the plan rounds its load to the steps of the person's units.
LOAD_EQUIPMENT: tuple[Literal["stack", "barbell"], ...] = ("stack", "barbell")


def _exercise_limb(index: int, name: str, chosen: str | None) -> str:
    """Return the limb exercise ``index`` works: the catalogue's, or the one chosen."""
    entry = find_exercise(name)
    field = f"exercise_{index}_limb"
    if entry is None:
        if chosen is None:
            raise FormInvalid(
                {field: f"{name} is not in the exercise list: choose the limb it works."}
            )
        return chosen
    if chosen is not None and chosen != entry.limb:
        raise FormInvalid(
            {
                field: f"{entry.name} works the {label(entry.limb)}s, not the "
                f"{label(chosen)}s: leave the limb to the exercise."
            }
        )
    return str(entry.limb)


def partial_profile_from_form(
    fields: dict[str, str], system: UnitSystem = UnitSystem.METRIC
) -> dict[str, Any]:
    """Build the partial profile (equipment, training, exercises) from the plan form.

    The band or cuff width, the wrap length and the one-rep maxima are typed in ``system``'s
    units (cm and kg, or in and lb) and checked against bounds in those units; the profile
    holds centimetres for the width (:mod:`occlusion.web.cuff_widths`).

    Raises
    ------
    FormInvalid
        A field is invalid (each with its message), or no exercise is named.
    """
    from occlusion.science.protocols import all_protocols

    mass, length = units.mass_unit(system), units.length_unit(system)
    one_rep_max_range = units.mass_bounds(ONE_REP_MAX_KG, system, step=0.5)
    specs: list[Any] = [
        Choice("equipment_kind", "Equipment", ("wrap", "cuff"), default="wrap"),
        Number(
            "length",
            "Wrap length",
            *units.length_bounds(WRAP_LENGTH_CM, system, step=1.0),
            unit=length,
            required=False,
        ),
        Choice("material", "Cuff material", choices_of(CuffMaterial), required=False),
        Choice("goal", "Goal", choices_of(Goal), default=Goal.HYPERTROPHY.value),
        Choice("protocol", "Protocol", tuple(item.name for item in all_protocols())),
        POSTURE,
    ]
    for index in (1, 2):
        specs += [
            Text(f"exercise_{index}_name", "Exercise name", max_length=100),
            Choice(f"exercise_{index}_limb", "Limb", choices_of(Limb), required=False),
            Number(
                f"exercise_{index}_one_rep_max",
                "One-repetition maximum",
                *one_rep_max_range,
                unit=mass,
                required=False,
                example=units.typical_mass(EXAMPLE_ONE_REP_MAX_KG, system),
            ),
            Choice(
                f"exercise_{index}_load_equipment", "Loaded with", LOAD_EQUIPMENT, default="stack"
            ),
        ]
    # A load typed for an exercise with no name would be dropped unseen: said beside the name,
    # with any other refusal of the form at the same time.
    nameless = {
        f"exercise_{index}_name": (
            f"Name exercise {index}, or clear its one-rep max: a one-rep max needs the "
            "exercise it is for."
        )
        for index in (1, 2)
        if not fields.get(f"exercise_{index}_name", "").strip()
        and fields.get(f"exercise_{index}_one_rep_max", "").strip()
    }
    try:
        values = read_with_width(
            fields, specs, system, typed="width", carried="width_cm", label="Width"
        )
    except FormInvalid as problem:
        raise FormInvalid({**problem.errors, **nameless}, problem.general) from None
    kind = values["equipment_kind"]
    equipment: dict[str, Any] = {"kind": kind, "width_cm": values["width_cm"]}
    if kind == "wrap" and values["length"] is not None:
        equipment[f"length_{length}"] = values["length"]
    elif kind == "cuff":
        equipment["material"] = values["material"] or CuffMaterial.NYLON.value
    exercises = []
    for index in (1, 2):
        name = values[f"exercise_{index}_name"]
        if not name:
            continue
        limb = _exercise_limb(index, name, values[f"exercise_{index}_limb"])
        exercise: dict[str, Any] = {
            "name": name,
            "limb": limb,
            "load_equipment": {"kind": values[f"exercise_{index}_load_equipment"]},
        }
        one_rep_max = values[f"exercise_{index}_one_rep_max"]
        if one_rep_max is None:
            # The plan sets each exercise's load from it: asked here, in words, not left to
            # the profile's validator.
            low, high = one_rep_max_range
            raise FormInvalid(
                {
                    f"exercise_{index}_one_rep_max": f"Enter the one-rep max of {name}, from "
                    f"{bound_text(low)} to {bound_text(high)} {mass}: the plan sets the load "
                    "from it."
                }
            )
        exercise[f"one_rep_max_{mass}"] = one_rep_max
        exercises.append(exercise)
    if not exercises:
        raise FormInvalid({"exercise_1_name": "Name at least one exercise."})
    if nameless:
        raise FormInvalid(nameless)
    return {
        "equipment": equipment,
        "training": {
            "goal": values["goal"],
            "protocol": values["protocol"],
            "posture": values["posture"],
        },
        "exercises": exercises,
    }


@keeps_form
@post("/people/{person_id:uuid}/plan", include_in_schema=False, sync_to_thread=True)
def write_plan(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: Form
) -> Response[Any]:
    """Prescribe and store a new active plan."""
    state = app_state(request)
    account = require_account(request)
    done = f"/people/{person_id}/plan"

    def work() -> Response[Any]:
        partial = partial_profile_from_form(data, reader_units(request))
        records.write_plan(state.database, account, person_id, partial, now=state.now())
        return see_other(done)

    return submit(
        request,
        data,
        form="plan",
        done=done,
        work=work,
        redraw=lambda forms: draw_plan(request, person_id, forms),
    )


@get("/people/{person_id:uuid}/history", include_in_schema=False, sync_to_thread=True)
def history_page(
    request: Request[Any, Any, Any],
    person_id: FromPath[uuid.UUID],
    before: FromQuery[str | None] = None,
) -> Template:
    """Show one page of sessions and the progress chart."""
    return history_template(request, person_id, before=before)


def history_template(
    request: Request[Any, Any, Any],
    person_id: uuid.UUID,
    *,
    before: str | None = None,
    status_code: int = 200,
    download: Mapping[str, Any] | None = None,
) -> Template:
    """Draw the history page; ``download`` keeps a refused download's answers and its error."""
    account = require_account(request)
    state = app_state(request)
    progress = records.progress(state.database, account, person_id, now=state.now())
    system = reader_units(request)
    # The chart plots the volumes in the reader's unit; the table formats them itself.
    chart_points = [
        {
            **point,
            "volume_load": None
            if point.get("volume_load_kg") is None
            else round(units.kg_to_display(point["volume_load_kg"], system), 1),
        }
        for point in progress["points"]
    ]
    return page(
        request,
        "history.html",
        status_code,
        person_id=person_id,
        history=records.history(
            state.database, account, person_id, limit=20, before=before, now=state.now()
        ),
        progress=progress,
        chart_points=chart_points,
        downloads=DOWNLOADS,
        download=download or {},
    )


HANDLERS = [
    overview,
    screening_page,
    screen,
    clearance,
    measurements_page,
    add_blood_pressure,
    add_limb,
    plan_page,
    write_plan,
    history_page,
]
