"""Pages that correct or delete a measurement, a logged set, or the profile.

The owner, or a coach or clinician with a grant, can correct what was typed wrong; every such
change by someone else is in the owner's audit log (see :mod:`occlusion.services.records`).
"""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from occlusion import units
from occlusion.errors import RecordNotFound
from occlusion.services import records
from occlusion.services.corrections import MEASUREMENT_KINDS
from occlusion.sessions.validation import (
    DISCOMFORT_RANGE,
    LOAD_RANGE_KG,
    MAX_REPS_PER_SET,
    RPE_RANGE,
)
from occlusion.vocabulary import MassUnit, Posture, Sex, UnitSystem
from occlusion.web.context import app_state, require_account
from occlusion.web.display import reader_units
from occlusion.web.fields import Choice, Number, choices_of, read_form
from occlusion.web.guard import keeps_form
from occlusion.web.routes.forms import Form, Forms, FormState, page, see_other, submit
from occlusion.web.routes.record import blood_pressure_fields, limb_fields

#: The body mass a refusal offers as an example: a typical adult's, not the middle of the bounds
#: (which would suggest 188 kg) [kg].
EXAMPLE_BODY_MASS_KG = 70.0
#: The set load a refusal offers as an example (a 20 kg bar; 45 lb in pounds) [kg].
EXAMPLE_LOAD_KG = 20.0


def set_specs(unit: MassUnit | str) -> tuple[Number, ...]:
    """Return a set's fields: reps, load (in ``unit``, kg or lb), RPE and discomfort."""
    system = UnitSystem.METRIC if unit == MassUnit.KG else UnitSystem.IMPERIAL
    return (
        Number("reps", "Reps", 0, MAX_REPS_PER_SET, whole=True),
        Number(
            "load", "Load", *units.mass_bounds(LOAD_RANGE_KG, system), unit=str(unit),
            required=False, example=units.typical_mass(EXAMPLE_LOAD_KG, system),
        ),
        Number("rpe", "RPE", *RPE_RANGE, required=False),
        Number("discomfort", "Discomfort", *DISCOMFORT_RANGE, whole=True, required=False),
    )


def set_fields(fields: dict[str, str]) -> dict[str, Any]:
    """Read a set's reps, load (in kg or lb), RPE and discomfort, each with its bounds."""
    unit = read_form(fields, (Choice("load_unit", "Load unit", choices_of(MassUnit)),))["load_unit"]
    values = read_form(fields, set_specs(unit))
    return {**values, "load_unit": unit}


def _kind(kind: str) -> str:
    if kind not in MEASUREMENT_KINDS:
        raise RecordNotFound("no such kind of measurement", code="record.entry-not-found")
    return kind


def _entered(row: dict[str, Any], kind: str) -> dict[str, Any]:
    """Return a stored measurement as the form shows it, in the unit it was typed in."""
    from occlusion import units

    if kind == "blood-pressure":
        unit = row.get("pressure_entered_unit") or "mmHg"
        convert = units.mmhg_to_kpa if unit == "kPa" else float
        diastolic = row.get("diastolic_mmhg")
        return {
            "systolic": f"{convert(row['systolic_mmhg']):g}",
            "diastolic": "" if diastolic is None else f"{convert(diastolic):g}",
            "unit": unit,
            "posture": row.get("posture") or "",
        }
    if kind == "limb":
        unit = row.get("circumference_entered_unit") or "cm"
        value = row["circumference_cm"]
        shown = units.cm_to_inches(value) if unit == "in" else value
        return {
            "limb": row["limb"],
            "side": row["side"],
            "circumference": f"{round(shown, 1):g}",
            "unit": unit,
        }
    return {}


def _draw(
    request: Request[Any, Any, Any],
    person_id: uuid.UUID,
    kind: str,
    row_id: uuid.UUID,
    forms: Forms,
) -> Template:
    state = app_state(request)
    account = require_account(request)
    row = records.measurement(state.database, account, person_id, kind, row_id, now=state.now())
    if not forms.correct.failed:
        forms = Forms("correct", FormState(_entered(row, kind)))
    return page(
        request,
        "correct_measurement.html",
        forms=forms,
        person_id=person_id,
        kind=kind,
        row=row,
        postures=tuple(Posture),
    )


@get(
    "/people/{person_id:uuid}/corrections/{kind:str}/{row_id:uuid}",
    include_in_schema=False,
    sync_to_thread=True,
)
def measurement_page(
    request: Request[Any, Any, Any],
    person_id: FromPath[uuid.UUID],
    kind: FromPath[str],
    row_id: FromPath[uuid.UUID],
) -> Template:
    """Show one measurement with the form that corrects it and the button that deletes it."""
    return _draw(request, person_id, _kind(kind), row_id, Forms())


@keeps_form
@post(
    "/people/{person_id:uuid}/corrections/{kind:str}/{row_id:uuid}",
    include_in_schema=False,
    sync_to_thread=True,
)
def correct_measurement(
    request: Request[Any, Any, Any],
    person_id: FromPath[uuid.UUID],
    kind: FromPath[str],
    row_id: FromPath[uuid.UUID],
    data: Form,
) -> Response[Any]:
    """Correct a blood pressure or a circumference."""
    state = app_state(request)
    account = require_account(request)
    kind = _kind(kind)
    done = f"/people/{person_id}/measurements"

    def work() -> Response[Any]:
        if kind == "blood-pressure":
            records.correct_blood_pressure(
                state.database,
                account,
                person_id,
                row_id,
                now=state.now(),
                **blood_pressure_fields(data),
            )
        elif kind == "limb":
            values = limb_fields(data)
            records.correct_limb(
                state.database,
                account,
                person_id,
                row_id,
                now=state.now(),
                circumference=values["circumference"],
                unit=values["unit"],
            )
        else:
            raise RecordNotFound("an LOP is not corrected: delete it and measure again")
        return see_other(done)

    return submit(
        request,
        data,
        form="correct",
        done=done,
        work=work,
        redraw=lambda forms: _draw(request, person_id, kind, row_id, forms),
    )


@post(
    "/people/{person_id:uuid}/corrections/{kind:str}/{row_id:uuid}/delete",
    include_in_schema=False,
    sync_to_thread=True,
)
def delete_measurement(
    request: Request[Any, Any, Any],
    person_id: FromPath[uuid.UUID],
    kind: FromPath[str],
    row_id: FromPath[uuid.UUID],
) -> Response[Any]:
    """Delete one measurement; a second tap finds it gone and lands on the same page."""
    state = app_state(request)
    account = require_account(request)
    try:
        records.delete_measurement(
            state.database, account, person_id, _kind(kind), row_id, now=state.now()
        )
    except RecordNotFound as error:
        if error.code != "record.entry-not-found":
            raise
    return see_other(f"/people/{person_id}/measurements")


def _draw_set(
    request: Request[Any, Any, Any], person_id: uuid.UUID, set_id: uuid.UUID, forms: Forms
) -> Template:
    state = app_state(request)
    account = require_account(request)
    row = records.training_set(state.database, account, person_id, set_id, now=state.now())
    if not forms.correct.failed:
        # Shown in the reader's units: what an imperial person typed in pounds reads as typed.
        system = reader_units(request)
        load = row.get("load_kg")
        forms = Forms(
            "correct",
            FormState(
                {
                    "reps": "" if row.get("reps") is None else str(row["reps"]),
                    "load": "" if load is None else units.mass_number(load, system),
                    "load_unit": units.mass_unit(system),
                    "rpe": "" if row.get("rpe") is None else f"{row['rpe']:g}",
                    "discomfort": "" if row.get("discomfort") is None else str(row["discomfort"]),
                }
            ),
        )
    return page(
        request,
        "correct_set.html",
        forms=forms,
        person_id=person_id,
        row=row,
        mass_units=tuple(MassUnit),
    )


@get("/people/{person_id:uuid}/sets/{set_id:uuid}", include_in_schema=False, sync_to_thread=True)
def set_page(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], set_id: FromPath[uuid.UUID]
) -> Template:
    """Show one logged set with the form that corrects it and the button that deletes it."""
    return _draw_set(request, person_id, set_id, Forms())


@keeps_form
@post("/people/{person_id:uuid}/sets/{set_id:uuid}", include_in_schema=False, sync_to_thread=True)
def correct_set(
    request: Request[Any, Any, Any],
    person_id: FromPath[uuid.UUID],
    set_id: FromPath[uuid.UUID],
    data: Form,
) -> Response[Any]:
    """Correct reps, load, RPE and discomfort of a logged set."""
    state = app_state(request)
    account = require_account(request)
    done = f"/people/{person_id}/history"

    def work() -> Response[Any]:
        records.correct_set(
            state.database, account, person_id, set_id, now=state.now(), **set_fields(data)
        )
        return see_other(done)

    return submit(
        request,
        data,
        form="correct",
        done=done,
        work=work,
        redraw=lambda forms: _draw_set(request, person_id, set_id, forms),
    )


@post(
    "/people/{person_id:uuid}/sets/{set_id:uuid}/delete",
    include_in_schema=False,
    sync_to_thread=True,
)
def delete_set(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], set_id: FromPath[uuid.UUID]
) -> Response[Any]:
    """Delete a logged set; a second tap finds it gone and lands on the same page."""
    state = app_state(request)
    account = require_account(request)
    try:
        records.delete_set(state.database, account, person_id, set_id, now=state.now())
    except RecordNotFound as error:
        if error.code != "record.entry-not-found":
            raise
    return see_other(f"/people/{person_id}/history")


def profile_fields(fields: dict[str, str], this_year: int) -> dict[str, Any]:
    """Read the profile form (body mass bounds in the units chosen)."""
    from occlusion.services.people import MIN_BIRTH_YEAR, PLAUSIBLE_BODY_MASS_KG

    chosen = read_form(
        fields,
        (
            Choice("sex", "Sex", choices_of(Sex)),
            Choice("preferred_units", "Units", choices_of(UnitSystem)),
        ),
    )
    system = UnitSystem(chosen["preferred_units"])
    low, high = units.mass_bounds(PLAUSIBLE_BODY_MASS_KG, system)
    unit = units.mass_unit(system)
    numbers = read_form(
        fields,
        (
            Number("birth_year", "Year of birth", MIN_BIRTH_YEAR, this_year, whole=True),
            Number(
                "body_mass", "Body mass", low, high, unit=unit, required=False,
                example=units.typical_mass(EXAMPLE_BODY_MASS_KG, system),
            ),
        ),
    )
    return {**chosen, **numbers}


def _draw_profile(request: Request[Any, Any, Any], person_id: uuid.UUID, forms: Forms) -> Template:
    state = app_state(request)
    account = require_account(request)
    person = records.person(state.database, account, person_id, now=state.now()).as_dict()
    if not forms.profile.failed:
        mass = person.get("body_mass_kg")
        system = units.parse_unit_system(person.get("preferred_units") or "metric")
        forms = Forms(
            "profile",
            FormState(
                {
                    "sex": person.get("sex") or "",
                    "birth_year": "" if person.get("birth_year") is None else person["birth_year"],
                    "body_mass": "" if mass is None else units.mass_number(mass, system),
                    "preferred_units": person.get("preferred_units") or "metric",
                }
            ),
        )
    return page(
        request, "profile.html", forms=forms, person_id=person_id, person=person, editing=True
    )


@get("/people/{person_id:uuid}/profile", include_in_schema=False, sync_to_thread=True)
def profile_page(request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]) -> Template:
    """Show the profile form filled with what is on record."""
    return _draw_profile(request, person_id, Forms())


@keeps_form
@post("/people/{person_id:uuid}/profile", include_in_schema=False, sync_to_thread=True)
def edit_profile(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: Form
) -> Response[Any]:
    """Change sex, year of birth, body mass and units."""
    state = app_state(request)
    account = require_account(request)
    done = f"/people/{person_id}"

    def work() -> Response[Any]:
        values = profile_fields(data, state.now().year)
        records.update_profile(state.database, account, person_id, now=state.now(), **values)
        return see_other(done)

    return submit(
        request,
        data,
        form="profile",
        done=done,
        work=work,
        redraw=lambda forms: _draw_profile(request, person_id, forms),
    )


HANDLERS = [
    measurement_page,
    correct_measurement,
    delete_measurement,
    set_page,
    correct_set,
    delete_set,
    profile_page,
    edit_profile,
]
