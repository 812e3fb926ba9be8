"""The simulator page: a pressure or wrap-stretch slider redraws inflow, outflow and pooled blood.

The model run is the use case :func:`occlusion.services.simulator.simulate_flow`; this module
only serves the page and its query parameters. The numbers illustrate a calibrated model, not a
measurement of the person.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from litestar import Request, get
from litestar.params import QueryParameter
from litestar.response import Template

from occlusion import units
from occlusion.services.simulator import input_bounds, simulate_flow
from occlusion.vocabulary import CuffMaterial, Limb, Posture, UnitSystem
from occlusion.web.context import require_account
from occlusion.web.cuff_widths import EXAMPLE_WIDTH_CM
from occlusion.web.display import reader_units
from occlusion.web.fields import Number, bound_text
from occlusion.web.routes.forms import page
from occlusion.web.routes.record import (
    DIASTOLIC_NOT_BELOW_SYSTOLIC,
    EXAMPLE_BLOOD_PRESSURE_MMHG,
    circumference_spec,
)

#: What the simulator takes: the model's own bounds (one source for the page and the API).
BOUNDS = input_bounds()
#: The circumference bounds whatever the limb [cm]; the page narrows them to the chosen limb's.
_ANY_LIMB_CM = (
    min(low for low, _ in BOUNDS["circumference_cm"].values()),
    max(high for _, high in BOUNDS["circumference_cm"].values()),
)
#: The page's first values: circumference and cuff width [cm].
FIRST_CIRCUMFERENCE_CM = 56.0
FIRST_CUFF_WIDTH_CM = 11.5


@get("/simulator", include_in_schema=False, sync_to_thread=True)
def simulator_page(request: Request[Any, Any, Any]) -> Template:
    """Show the sliders and the flow chart."""
    require_account(request)
    system = reader_units(request)
    specs = field_specs(system)
    # The page checks each field before asking the model, with the server's own words.
    rules: dict[str, Any] = {
        name: spec.rule() for name, spec in specs.items() if isinstance(spec, Number)
    }
    rules["circumference"] = {limb: spec.rule() for limb, spec in specs["circumference"].items()}
    rules["dbp_mmhg"]["not_below_systolic"] = DIASTOLIC_NOT_BELOW_SYSTOLIC
    return page(
        request,
        "simulator.html",
        cm_per_unit=units.length_to_cm(1.0, system),
        stretch_width_cm=BOUNDS["stretch_width_cm"],
        bounds={
            "circumference": {
                limb: _bounds_text(spec) for limb, spec in specs["circumference"].items()
            },
            **{name: _bounds_text(specs[name]) for name in ("cuff_width", "sbp_mmhg", "dbp_mmhg")},
        },
        first={
            "circumference": units.length_number(FIRST_CIRCUMFERENCE_CM, system, 1),
            "cuff_width": units.length_number(FIRST_CUFF_WIDTH_CM, system, 1),
        },
        step=0.5 if system == UnitSystem.METRIC else 0.1,
        field_rules=json.dumps(rules),
        postures=tuple(Posture),
        materials=tuple(CuffMaterial),
    )


def _pressure_spec(
    name: str, label: str, bounds_mmhg: tuple[float, float], example_mmhg: float
) -> Number:
    low, high = bounds_mmhg
    return Number(name, label, low, high, unit="mmHg", example=example_mmhg)


def _bounds_text(spec: Number) -> dict[str, str]:
    """Return a field's bounds as its input's ``min`` and ``max`` attributes."""
    return {
        name: bound_text(value).replace(",", "")
        for name, value in (("min", spec.low), ("max", spec.high))
    }


def field_specs(system: UnitSystem) -> dict[str, Any]:
    """Return the simulator's fields in ``system``'s units, bounded by the model's own bounds.

    ``circumference`` maps each limb to its field (the bounds differ by limb).
    """
    length = str(units.length_unit(system))
    sbp_example, dbp_example = EXAMPLE_BLOOD_PRESSURE_MMHG
    return {
        "circumference": {
            limb: circumference_spec(Limb(limb), system, length)
            for limb in BOUNDS["circumference_cm"]
        },
        "cuff_width": Number(
            "cuff_width",
            "Cuff width",
            *units.length_bounds(BOUNDS["cuff_width_cm"], system),
            unit=length,
            example=units.typical_length(EXAMPLE_WIDTH_CM, system),
        ),
        "sbp_mmhg": _pressure_spec("sbp_mmhg", "Systolic", BOUNDS["sbp_mmhg"], sbp_example),
        "dbp_mmhg": _pressure_spec("dbp_mmhg", "Diastolic", BOUNDS["dbp_mmhg"], dbp_example),
    }


@get("/api/simulator/flow", tags=["simulator"], sync_to_thread=True)
def api_simulator_flow(
    request: Request[Any, Any, Any],
    limb: Annotated[Limb, QueryParameter()] = Limb.THIGH,
    circumference_cm: Annotated[
        float, QueryParameter(ge=_ANY_LIMB_CM[0], le=_ANY_LIMB_CM[1])
    ] = FIRST_CIRCUMFERENCE_CM,
    sbp_mmhg: Annotated[
        float, QueryParameter(ge=BOUNDS["sbp_mmhg"][0], le=BOUNDS["sbp_mmhg"][1])
    ] = 120.0,
    dbp_mmhg: Annotated[
        float, QueryParameter(ge=BOUNDS["dbp_mmhg"][0], le=BOUNDS["dbp_mmhg"][1])
    ] = 78.0,
    cuff_width_cm: Annotated[
        float, QueryParameter(ge=BOUNDS["cuff_width_cm"][0], le=BOUNDS["cuff_width_cm"][1])
    ] = FIRST_CUFF_WIDTH_CM,
    cuff_material: Annotated[CuffMaterial, QueryParameter()] = CuffMaterial.NYLON,
    pressure_mmhg: Annotated[float, QueryParameter(ge=0, le=400)] = 120.0,
    stretch_pct: Annotated[float | None, QueryParameter(ge=0, le=100)] = None,
    posture: Annotated[Posture, QueryParameter()] = Posture.SUPINE,
) -> dict[str, Any]:
    """Return model flows and pooled blood at a cuff pressure or wrap stretch, and the curve.

    ``stretch_pct`` (10–20 %, a 5 cm elastic band on the arm) replaces ``pressure_mmhg``.
    """
    require_account(request)
    return simulate_flow(
        limb=limb,
        circumference_cm=circumference_cm,
        sbp_mmhg=sbp_mmhg,
        dbp_mmhg=dbp_mmhg,
        cuff_width_cm=cuff_width_cm,
        cuff_material=cuff_material,
        pressure_mmhg=pressure_mmhg,
        stretch_pct=stretch_pct,
        posture=posture,
    )


HANDLERS = [simulator_page, api_simulator_flow]
