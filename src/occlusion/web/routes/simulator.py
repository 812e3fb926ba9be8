"""The simulator page: a pressure slider redraws arterial inflow and venous outflow under a cuff.

The numbers come from the physiology model (:func:`occlusion.physiology.flow_curve`), the same as
``occlusion simulate flow``: flows one minute after inflation at rest, relative to the same limb
without restriction. They illustrate a calibrated model, not a measurement of the person.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from litestar import Request, get
from litestar.params import QueryParameter
from litestar.response import Template

from occlusion.web.context import require_account
from occlusion.web.routes.forms import page

#: Points on the curve drawn from 0 to 120 % of the model's occlusion pressure.
CURVE_POINTS = 25


def simulate_flow(
    *,
    limb: str,
    circumference_cm: float,
    sbp_mmhg: float,
    dbp_mmhg: float,
    cuff_width_cm: float,
    cuff_material: str,
    pressure_mmhg: float,
) -> dict[str, Any]:
    """Return the flows at ``pressure_mmhg`` and the whole curve up to 120 % of the model's LOP."""
    from occlusion.physiology import Cuff, Subject, flow_curve, occlusion_pressure_mmhg
    from occlusion.physiology.flow import flow_references

    subject = Subject(limb, circumference_cm, sbp_mmhg, dbp_mmhg)  # type: ignore[arg-type]
    cuff = Cuff(cuff_width_cm, cuff_material)  # type: ignore[arg-type]
    lop = occlusion_pressure_mmhg(subject, cuff)
    pressures = [lop * 1.2 * index / (CURVE_POINTS - 1) for index in range(CURVE_POINTS)]
    curve = flow_curve(subject, cuff, [*pressures, pressure_mmhg])
    return {
        "model_lop_mmhg": lop,
        "selected": curve[-1].as_dict(),
        "curve": [point.as_dict() for point in curve[:-1]],
        "references": flow_references(),
    }


@get("/simulator", include_in_schema=False, sync_to_thread=True)
def simulator_page(request: Request[Any, Any, Any]) -> Template:
    """Show the sliders and the flow chart."""
    require_account(request)
    return page(request, "simulator.html")


@get("/api/simulator/flow", tags=["simulator"], sync_to_thread=True)
def api_simulator_flow(
    request: Request[Any, Any, Any],
    limb: Annotated[Literal["arm", "thigh"], QueryParameter()] = "thigh",
    circumference_cm: Annotated[float, QueryParameter(ge=15, le=100)] = 56.0,
    sbp_mmhg: Annotated[float, QueryParameter(ge=80, le=200)] = 120.0,
    dbp_mmhg: Annotated[float, QueryParameter(ge=40, le=120)] = 78.0,
    cuff_width_cm: Annotated[float, QueryParameter(ge=3, le=25)] = 11.5,
    cuff_material: Annotated[Literal["nylon", "elastic"], QueryParameter()] = "nylon",
    pressure_mmhg: Annotated[float, QueryParameter(ge=0, le=400)] = 120.0,
) -> dict[str, Any]:
    """Return model flows at a cuff pressure and the curve from 0 to 120 % of the model LOP."""
    require_account(request)
    return simulate_flow(
        limb=limb,
        circumference_cm=circumference_cm,
        sbp_mmhg=sbp_mmhg,
        dbp_mmhg=dbp_mmhg,
        cuff_width_cm=cuff_width_cm,
        cuff_material=cuff_material,
        pressure_mmhg=pressure_mmhg,
    )


HANDLERS = [simulator_page, api_simulator_flow]
