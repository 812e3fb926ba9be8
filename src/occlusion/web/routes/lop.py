"""The LOP step: the ways to an LOP for one limb and its equipment, and the guided measurement.

``/people/{id}/lop`` asks for the limb and the equipment and lists every route with the reason
it applies or not (:mod:`occlusion.services.lop_routes`): the estimate where a verified
equation applies, the stretch method for wraps, the guided manual measurement, and the cuff's
own measurement. ``/people/{id}/lop/guided`` asks for the cuff width first, then walks the
manual measurement step by step with a countdown for every hold. The estimate, the device
measurement and the saving of a measured LOP post from these pages; a refusal draws the LOP page
again with every answer kept.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from occlusion.science.lop import AGREEMENT_STUDIES
from occlusion.science.protocols import PLAUSIBLE_LOP_MMHG
from occlusion.services import records
from occlusion.services.accounts import Account
from occlusion.vocabulary import (
    CuffMaterial,
    DetectionMethod,
    EquipmentKind,
    Limb,
    Posture,
    Side,
    UnitSystem,
)
from occlusion.web.context import AppState, app_state, require_account
from occlusion.web.cuff_widths import read_with_width, typed_width
from occlusion.web.display import reader_units
from occlusion.web.fields import Choice, FormInvalid, Number, choices_of
from occlusion.web.guard import keeps_form
from occlusion.web.routes.forms import (
    Form,
    Forms,
    FormState,
    control_problem,
    page,
    refused,
    see_other,
    submit,
)
from occlusion.web.routes.record import LIMB, POSTURE, SIDE

MATERIAL = Choice(
    "cuff_material", "Cuff material", choices_of(CuffMaterial), default=CuffMaterial.NYLON.value
)
EQUIPMENT = Choice(
    "equipment", "Equipment", choices_of(EquipmentKind), default=EquipmentKind.CUFF.value
)
DETECTION = Choice(
    "detection", "Pulse detection", choices_of(DetectionMethod),
    default=DetectionMethod.DOPPLER.value,
)
#: The fields the LOP step draws, and the guided measurement's setup (their queries carry more).
STEP_FIELDS = ("limb", "side", "cuff_width", "cuff_material", "posture")
SETUP_FIELDS = ("limb", "side", "posture", "detection", "cuff_material", "cuff_width")
#: The most characters the answers of one walk-through can take in the URL.
MAX_ANSWERS_TEXT = 400
#: The LOP a refusal offers as an example [mmHg]: 144 (17) mmHg, the mean thigh LOP of 116
#: young adults with a 13.5 cm cuff (Loenneke et al. 2012, target B2), to the nearest 10 mmHg
#: as that study recorded it.
EXAMPLE_LOP_MMHG = 140.0


def read_step(fields: Mapping[str, str], system: UnitSystem) -> dict[str, Any]:
    """Read the LOP step's choices; a cuff needs its width, a band's width is optional.

    The width is typed in ``system``'s length unit and returned in centimetres.

    Raises
    ------
    FormInvalid
        A field is invalid, or a cuff was chosen without its width.
    """
    values = read_with_width(
        fields, (LIMB, SIDE, EQUIPMENT, MATERIAL, POSTURE), system, required=False
    )
    if values["equipment"] == EquipmentKind.CUFF and values["cuff_width_cm"] is None:
        unit = "inches" if system == UnitSystem.IMPERIAL else "centimetres"
        raise FormInvalid(
            {"cuff_width": f"Enter the width of the cuff's inflatable part, in {unit}."}
        )
    return values


@keeps_form
@get("/people/{person_id:uuid}/lop", include_in_schema=False, sync_to_thread=True)
def lop_step(request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]) -> Template:
    """Ask for the limb and equipment; once chosen, list every way to an LOP for them."""
    query = {key: value for key, value in request.query_params.items() if isinstance(value, str)}
    if "limb" not in query:
        return draw_lop_step(request, person_id, Forms(), None)
    system = reader_units(request)
    query = typed_width(query, system)
    try:
        held = control_problem(request, shown=STEP_FIELDS)
        if held is not None:
            raise held
        values = read_step(query, system)
    except FormInvalid as problem:
        response = draw_lop_step(request, person_id, refused("step", query, problem), None)
        response.status_code = 400
        return response
    return draw_lop_step(request, person_id, Forms("step", FormState(query)), values)


def draw_lop_step(
    request: Request[Any, Any, Any],
    person_id: uuid.UUID,
    forms: Forms,
    values: Mapping[str, Any] | None,
) -> Template:
    """Draw the LOP step with its choices and, when ``values`` are chosen, their routes."""
    state = app_state(request)
    account = require_account(request)
    routes = None
    if values is None:
        records.open_lop_step(state.database, account, person_id, now=state.now())
    else:
        routes = records.lop_routes(
            state.database,
            account,
            person_id,
            now=state.now(),
            device=state.config.device,
            limb=values["limb"],
            side=values["side"],
            equipment=values["equipment"],
            cuff_width_cm=values["cuff_width_cm"],
            cuff_material=values["cuff_material"],
            posture=values["posture"],
        )
    return page(
        request,
        "lop_routes.html",
        forms=forms,
        person_id=person_id,
        chosen=values,
        routes=routes,
        limbs=tuple(Limb),
        sides=tuple(Side),
        postures=tuple(Posture),
        materials=tuple(CuffMaterial),
        equipment_kinds=tuple(EquipmentKind),
        device=state.config.device,
    )


def _redraw_with(
    request: Request[Any, Any, Any], person_id: uuid.UUID, data: Mapping[str, str]
) -> Callable[[Forms], Response[Any]]:
    """Return a redraw of the LOP step for a refused post from it, its routes still listed."""

    def redraw(forms: Forms) -> Template:
        try:
            values = read_step(data, reader_units(request))
        except FormInvalid:
            values = None
        return draw_lop_step(request, person_id, forms, values)

    return redraw


def _submit_equipment(
    request: Request[Any, Any, Any],
    person_id: uuid.UUID,
    data: Form,
    form: str,
    show: Callable[[AppState, Account, dict[str, Any]], Response[Any]],
) -> Response[Any]:
    """Read the limb and equipment fields of ``form`` and answer with ``show``.

    A refusal draws the LOP step again with every answer kept.
    """
    state = app_state(request)
    account = require_account(request)

    def work() -> Response[Any]:
        values = read_with_width(data, (LIMB, SIDE, POSTURE, MATERIAL), reader_units(request))
        return show(state, account, values)

    return submit(
        request,
        data,
        form=form,
        done=f"/people/{person_id}/measurements",
        work=work,
        redraw=_redraw_with(request, person_id, data),
    )


@keeps_form
@post("/people/{person_id:uuid}/lop/estimate", include_in_schema=False, sync_to_thread=True)
def estimate_lop(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: Form
) -> Response[Any]:
    """Estimate LOP and show the value, its 95 % interval, the equation and its references."""

    def show(state: AppState, account: Account, values: dict[str, Any]) -> Response[Any]:
        record = records.estimate_lop(state.database, account, person_id, now=state.now(), **values)
        return page(request, "lop_result.html", record=record, person_id=person_id)

    return _submit_equipment(request, person_id, data, "estimate", show)


@keeps_form
@post("/people/{person_id:uuid}/lop/device", include_in_schema=False, sync_to_thread=True)
def automatic_lop(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: Form
) -> Response[Any]:
    """Run the cuff's automatic LOP measurement and show the result."""

    def show(state: AppState, account: Account, values: dict[str, Any]) -> Response[Any]:
        result = records.automatic_lop(
            state.database,
            account,
            person_id,
            now=state.now(),
            device=state.config.device,
            **values,
        )
        return page(request, "lop_device.html", result=result, person_id=person_id)

    return _submit_equipment(request, person_id, data, "device", show)


@keeps_form
@post("/people/{person_id:uuid}/lop/measured", include_in_schema=False, sync_to_thread=True)
def record_measured_lop(
    request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID], data: Form
) -> Response[Any]:
    """Store an LOP measured by hand."""
    state = app_state(request)
    account = require_account(request)
    done = f"/people/{person_id}/measurements"

    def work() -> Response[Any]:
        values = read_with_width(
            data,
            (
                LIMB,
                SIDE,
                POSTURE,
                MATERIAL,
                Number(
                    "lop_mmhg", "LOP", *PLAUSIBLE_LOP_MMHG, unit="mmHg", example=EXAMPLE_LOP_MMHG
                ),
                Choice(
                    "method",
                    "Pulse detection",
                    choices_of(DetectionMethod),
                    default=DetectionMethod.DOPPLER.value,
                ),
            ),
            reader_units(request),
        )
        records.record_measured_lop(state.database, account, person_id, now=state.now(), **values)
        return see_other(done)

    return submit(
        request,
        data,
        form="measured",
        done=done,
        work=work,
        redraw=_redraw_with(request, person_id, data),
    )


@keeps_form
@get("/people/{person_id:uuid}/lop/guided", include_in_schema=False, sync_to_thread=True)
def guided_lop(request: Request[Any, Any, Any], person_id: FromPath[uuid.UUID]) -> Template:
    """Ask for the cuff width first, then walk the manual measurement one timed step at a time.

    The settings and the answers so far travel in the URL, so a reload or the back button shows
    the same step and nothing is kept on the server until the result is saved.
    """
    state = app_state(request)
    account = require_account(request)
    query = {key: value for key, value in request.query_params.items() if isinstance(value, str)}
    system = reader_units(request)
    query = typed_width(query, system)
    specs = (LIMB, SIDE, POSTURE, DETECTION, MATERIAL)
    held = control_problem(request, shown=SETUP_FIELDS)
    if "start" not in query and held is None:
        return _guided_setup(request, person_id, Forms("setup", FormState(query)))
    try:
        if held is not None:
            raise held
        settings = read_with_width(query, specs, system)
    except FormInvalid as problem:
        response = _guided_setup(request, person_id, refused("setup", query, problem))
        response.status_code = 400
        return response
    answers_text = query.get("answers", "")
    if len(answers_text) > MAX_ANSWERS_TEXT:
        too_many = FormInvalid({}, "That measurement had too many answers; start again.")
        response = _guided_setup(request, person_id, refused("setup", query, too_many))
        response.status_code = 400
        return response
    answers = answers_text.split(",") if answers_text else []
    measurement = records.guided_lop(
        state.database,
        account,
        person_id,
        limb=settings["limb"],
        posture=settings["posture"],
        detection=settings["detection"],
        answers=answers,
        now=state.now(),
    )
    return page(
        request,
        "lop_guided.html",
        person_id=person_id,
        state=measurement,
        settings={**settings, "start": "1"},
        answers=answers_text,
        previous_kind=_previous_kind(measurement, answers),
        finished=measurement["finished"],
    )


def _previous_kind(measurement: Mapping[str, Any], answers: list[str]) -> str | None:
    """Return ``pulse-check`` when the step before this one inflated the cuff (so rest first)."""
    if answers and measurement["checks"] and not measurement["finished"]:
        return "pulse-check"
    return None


def _guided_setup(
    request: Request[Any, Any, Any], person_id: uuid.UUID, forms: Forms
) -> Template:
    """Draw the questions asked before a guided measurement: cuff width first."""
    state = app_state(request)
    records.open_lop_step(state.database, require_account(request), person_id, now=state.now())
    return page(
        request,
        "lop_guided_setup.html",
        forms=forms,
        person_id=person_id,
        limbs=tuple(Limb),
        sides=tuple(Side),
        postures=tuple(Posture),
        materials=tuple(CuffMaterial),
        detections=tuple(DetectionMethod),
        agreement_studies=[study.as_dict() for study in AGREEMENT_STUDIES],
    )


HANDLERS = [lop_step, estimate_lop, automatic_lop, record_measured_lop, guided_lop]
