"""Pages of one person's record: overview, screening, measurements, LOP, plan and history."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from occlusion.errors import InputError
from occlusion.science.lop import AGREEMENT_STUDIES
from occlusion.services import records
from occlusion.vocabulary import (
    CuffMaterial,
    DetectionMethod,
    Goal,
    Limb,
    Posture,
    Role,
    Side,
    choose,
)
from occlusion.web.context import app_state, require_account
from occlusion.web.routes.exports import DOWNLOADS
from occlusion.web.routes.forms import Form, number, page, see_other


@get("/people/{person_id:uuid}", include_in_schema=False, sync_to_thread=True)
def overview(request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]) -> Template:
    """Show the record's front page."""
    state = app_state(request)
    account = require_account(request)
    record = records.overview(state.database, account, person_id, now=state.now(), live=state.live)
    return page(request, "record.html", record=record, person_id=person_id)


@get("/people/{person_id:uuid}/screening", include_in_schema=False, sync_to_thread=True)
def screening_page(request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]) -> Template:
    """Show the screening questionnaire."""
    from occlusion.science.screening import QUESTIONNAIRE

    account = require_account(request)
    state = app_state(request)
    person = records.person(state.database, account, person_id, now=state.now())
    return page(
        request,
        "screening.html",
        person=person.as_dict(),
        person_id=person_id,
        questions=[
            question.as_dict()
            for question in QUESTIONNAIRE
            if question.id not in ("age_years", "resting_sbp_mmhg", "resting_dbp_mmhg")
        ],
        latest=records.latest_screening(state.database, person_id),
    )


def answers_from_form(fields: dict[str, str]) -> dict[str, Any]:
    """Turn questionnaire form fields into screening answers (yes/no → booleans)."""
    from occlusion.science.screening import QUESTIONNAIRE

    answers: dict[str, Any] = {}
    for question in QUESTIONNAIRE:
        text = fields.get(question.id, "").strip()
        if not text:
            continue
        if question.kind == "yes-no":
            if text not in ("yes", "no"):
                raise InputError(f"answer yes or no to: {question.text}")
            answers[question.id] = text == "yes"
        elif question.kind == "number":
            answers[question.id] = number(fields, question.id)
        else:
            answers[question.id] = text
    return answers


@post("/people/{person_id:uuid}/screening", include_in_schema=False, sync_to_thread=True)
def screen(request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: Form) -> Template:
    """Screen the person and show the decision with its reasons."""
    state = app_state(request)
    account = require_account(request)
    record = records.screen(
        state.database, account, person_id, answers_from_form(data), now=state.now()
    )
    return page(request, "screening_result.html", record=record, person_id=person_id)


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
    """Show measurement forms and every measurement so far."""
    account = require_account(request)
    state = app_state(request)
    return page(
        request,
        "measurements.html",
        person_id=person_id,
        measurements=records.measurements(state.database, account, person_id, now=state.now()),
        limbs=tuple(Limb),
        sides=tuple(Side),
        postures=tuple(Posture),
        materials=tuple(CuffMaterial),
        detections=tuple(DetectionMethod),
        agreement_studies=[study.as_dict() for study in AGREEMENT_STUDIES],
        device=state.config.device,
    )


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
    records.add_blood_pressure(
        state.database,
        account,
        person_id,
        systolic=number(data, "systolic") or 0.0,
        diastolic=number(data, "diastolic", required=False),
        unit=data.get("unit", "mmHg"),
        posture=data.get("posture") or None,
        now=state.now(),
    )
    return see_other(f"/people/{person_id}/measurements")


@post("/people/{person_id:uuid}/measurements/limb", include_in_schema=False, sync_to_thread=True)
def add_limb(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: Form
) -> Response[Any]:
    """Record a limb circumference."""
    state = app_state(request)
    account = require_account(request)
    records.add_limb(
        state.database,
        account,
        person_id,
        limb=data.get("limb", ""),
        side=data.get("side", ""),
        circumference=number(data, "circumference") or 0.0,
        unit=data.get("unit", "cm"),
        now=state.now(),
    )
    return see_other(f"/people/{person_id}/measurements")


@post("/people/{person_id:uuid}/lop/estimate", include_in_schema=False, sync_to_thread=True)
def estimate_lop(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: Form
) -> Template:
    """Estimate LOP and show the value, its 95 % interval, the equation and its references."""
    state = app_state(request)
    account = require_account(request)
    record = records.estimate_lop(
        state.database,
        account,
        person_id,
        limb=data.get("limb", ""),
        side=data.get("side", ""),
        posture=data.get("posture", ""),
        cuff_width_cm=number(data, "cuff_width_cm") or 0.0,
        cuff_material=data.get("cuff_material", "nylon"),
        now=state.now(),
    )
    return page(request, "lop_result.html", record=record, person_id=person_id)


@get("/people/{person_id:uuid}/lop/guided", include_in_schema=False, sync_to_thread=True)
def guided_lop(
    request: Request[Any, Any, Any],
    person_id: FromPath[uuid.UUID],
    limb: FromQuery[str] = "thigh",
    side: FromQuery[str] = "right",
    posture: FromQuery[str] = "seated",
    detection: FromQuery[str] = "doppler",
    cuff_width_cm: FromQuery[float] = 11.5,
    cuff_material: FromQuery[str] = "nylon",
    answers: FromQuery[str] = "",
) -> Template:
    """Walk the manual LOP measurement step by step; the answers so far travel in the URL."""
    state = app_state(request)
    account = require_account(request)
    choose(side, Side, "side")
    choose(detection, DetectionMethod, "detection")
    choose(cuff_material, CuffMaterial, "cuff material")
    if len(answers) > 400:
        raise InputError("too many answers for one measurement; start again")
    measurement = records.guided_lop(
        state.database,
        account,
        person_id,
        limb=limb,
        posture=posture,
        detection=detection,
        answers=answers.split(",") if answers else [],
        now=state.now(),
    )
    settings = {
        "limb": limb,
        "side": side,
        "posture": posture,
        "detection": detection,
        "cuff_width_cm": cuff_width_cm,
        "cuff_material": cuff_material,
    }
    return page(
        request,
        "lop_guided.html",
        person_id=person_id,
        state=measurement,
        settings=settings,
        answers=answers,
        finished=measurement["finished"],
    )


@post("/people/{person_id:uuid}/lop/measured", include_in_schema=False, sync_to_thread=True)
def record_measured_lop(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: Form
) -> Response[Any]:
    """Store an LOP measured by hand."""
    state = app_state(request)
    account = require_account(request)
    choose(data.get("method", "doppler"), DetectionMethod, "method")
    records.record_measured_lop(
        state.database,
        account,
        person_id,
        limb=data.get("limb", ""),
        side=data.get("side", ""),
        posture=data.get("posture", ""),
        cuff_width_cm=number(data, "cuff_width_cm") or 0.0,
        cuff_material=data.get("cuff_material", "nylon"),
        lop_mmhg=number(data, "lop_mmhg") or 0.0,
        method=data.get("method", "doppler"),
        now=state.now(),
    )
    return see_other(f"/people/{person_id}/measurements")


@post("/people/{person_id:uuid}/lop/device", include_in_schema=False, sync_to_thread=True)
def automatic_lop(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: Form
) -> Template:
    """Run the cuff's automatic LOP measurement and show the result."""
    state = app_state(request)
    account = require_account(request)
    result = records.automatic_lop(
        state.database,
        account,
        person_id,
        limb=data.get("limb", ""),
        side=data.get("side", ""),
        posture=data.get("posture", ""),
        cuff_width_cm=number(data, "cuff_width_cm") or 0.0,
        cuff_material=data.get("cuff_material", "nylon"),
        now=state.now(),
        device=state.config.device,
    )
    return page(request, "lop_device.html", result=result, person_id=person_id)


@get("/people/{person_id:uuid}/plan", include_in_schema=False, sync_to_thread=True)
def plan_page(request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]) -> Template:
    """Show the active plan (with the wrap marking picture) and the form for a new one."""
    state = app_state(request)
    from occlusion.science.protocols import all_protocols

    account = require_account(request)
    plan = records.plan(state.database, account, person_id, now=state.now())
    return page(
        request,
        "plan.html",
        person_id=person_id,
        plan=plan,
        protocols=[(item.name, item.title) for item in all_protocols()],
        goals=tuple(Goal),
        postures=tuple(Posture),
        limbs=tuple(Limb),
        materials=tuple(CuffMaterial),
    )


def partial_profile_from_form(fields: dict[str, str]) -> dict[str, Any]:
    """Build the partial profile (equipment, training, exercises) from the plan form."""
    kind = fields.get("equipment_kind", "wrap")
    equipment: dict[str, Any] = {"kind": kind, "width_cm": number(fields, "width_cm")}
    if kind == "wrap":
        length = number(fields, "length_cm", required=False)
        if length is not None:
            equipment["length_cm"] = length
    elif kind == "cuff":
        equipment["material"] = fields.get("material", "nylon")
    else:
        raise InputError("equipment must be a wrap or a cuff")
    exercises = []
    for index in (1, 2):
        name = fields.get(f"exercise_{index}_name", "").strip()
        if not name:
            continue
        exercise: dict[str, Any] = {"name": name, "limb": fields.get(f"exercise_{index}_limb", "")}
        one_rep_max = number(fields, f"exercise_{index}_one_rep_max_kg", required=False)
        if one_rep_max is not None:
            exercise["one_rep_max_kg"] = one_rep_max
        exercises.append(exercise)
    if not exercises:
        raise InputError("name at least one exercise")
    return {
        "equipment": equipment,
        "training": {
            "goal": fields.get("goal", "hypertrophy"),
            "protocol": fields.get("protocol", ""),
            "posture": fields.get("posture", "seated"),
        },
        "exercises": exercises,
    }


@post("/people/{person_id:uuid}/plan", include_in_schema=False, sync_to_thread=True)
def write_plan(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: Form
) -> Response[Any]:
    """Prescribe and store a new active plan."""
    state = app_state(request)
    account = require_account(request)
    records.write_plan(
        state.database, account, person_id, partial_profile_from_form(data), now=state.now()
    )
    return see_other(f"/people/{person_id}/plan")


@get("/people/{person_id:uuid}/history", include_in_schema=False, sync_to_thread=True)
def history_page(
    request: Request[Any, Any, Any],
    person_id: FromPath[uuid.UUID],
    before: FromQuery[str | None] = None,
) -> Template:
    """Show one page of sessions and the progress chart."""
    account = require_account(request)
    state = app_state(request)
    return page(
        request,
        "history.html",
        person_id=person_id,
        history=records.history(
            state.database, account, person_id, limit=20, before=before, now=state.now()
        ),
        progress=records.progress(state.database, account, person_id, now=state.now()),
        downloads=DOWNLOADS,
    )


HANDLERS = [
    overview,
    screening_page,
    screen,
    clearance,
    measurements_page,
    add_blood_pressure,
    add_limb,
    estimate_lop,
    guided_lop,
    record_measured_lop,
    automatic_lop,
    plan_page,
    write_plan,
    history_page,
]
