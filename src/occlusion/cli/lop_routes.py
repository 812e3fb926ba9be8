"""The command line's rendering of the LOP routes (:mod:`occlusion.services.lop_routes`).

When no verified equation estimates a limb's LOP, ``occlusion lop estimate`` does not stop at
the refusal: it prints every route for that limb and cuff, with the reason each applies or not
and the command that takes it, and exits with status 1 (no estimate was made; the input was
fine). ``--json`` prints the same as codes and fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from occlusion.cli.lop_words import agreement_lines
from occlusion.cli.output import console, print_json
from occlusion.errors import NotEstimableError
from occlusion.services.lop_routes import LopRoutes
from occlusion.text import article_before_number

_TITLES = {
    "estimate": "Estimate from a published equation",
    "stretch": "Stretch method (no LOP needed)",
    "manual": "Measure by hand, step by step",
    "device": "Let a cuff device measure it",
}
_MARKS = {"ready": "+", "needs": "?", "unavailable": "-"}
_STATUSES = {
    "ready": "you can do this now",
    "needs": "needs something first",
    "unavailable": "does not apply",
}
_OPTIONS = {
    "circumference_cm": "--circumference-cm",
    "sbp_mmhg": "--sbp",
    "age_years": "--age",
    "sex": "--sex",
    "cuff_width_cm": "--cuff-width-cm",
}


def _measure_command(situation: Mapping[str, Any], side: str | None) -> str:
    words = [
        "occlusion lop measure",
        f"--limb {situation['limb']}",
        f"--side {side or 'SIDE'}",
        f"--cuff-width-cm {situation['cuff_width_cm']:g}",
        f"--posture {situation['posture']}",
    ]
    if situation.get("sbp_mmhg") is not None:
        words.append(f"--sbp {situation['sbp_mmhg']:g}")
    return " ".join(words)


def _device_command(situation: Mapping[str, Any], side: str | None) -> str:
    return (
        f"occlusion measure lop --person ID --limb {situation['limb']} --side {side or 'SIDE'} "
        f"--cuff-width-cm {situation['cuff_width_cm']:g} --mode device --device serial:PORT"
    )


def route_lines(
    route: Mapping[str, Any], situation: Mapping[str, Any], side: str | None
) -> list[str]:
    """Return the lines for one route (``LopRoute.as_dict`` form)."""
    kind, status, reason = str(route["kind"]), str(route["status"]), str(route["reason"])
    fields = route.get("fields", {})
    title = _TITLES.get(kind, kind)
    if reason == "lop.route.device.no-device":
        # The command line cannot know which cuff is at hand: it says what the route needs.
        lines = [f"? {title}: needs a cuff device that measures LOP"]
    else:
        lines = [f"{_MARKS.get(status, '-')} {title}: {_STATUSES.get(status, status)}"]
    detail: str
    if kind == "estimate" and status == "ready":
        low, high = fields["interval_95_mmhg"]
        detail = (
            f"about {fields['lop_mmhg']:.0f} mmHg (95 % prediction interval {low:.0f} to "
            f"{high:.0f}) from {fields['method']}"
        )
    elif kind == "estimate" and status == "needs":
        wanted = ", ".join(_OPTIONS.get(str(name), str(name)) for name in fields["missing"])
        detail = f"give {wanted}"
    elif kind == "estimate":
        refusal = NotEstimableError("", code=reason, **dict(fields))
        detail = _refusal_words(refusal)
    elif kind == "manual" and status == "ready":
        detail = (
            "with the cuff you train with, its pump and gauge, and a hand-held Doppler or a "
            f"pulse oximeter: {_measure_command(situation, side)} (add --timer to count the "
            "holds down)"
        )
    elif kind == "manual" and status == "needs":
        detail = "give --cuff-width-cm"
    elif kind == "manual":
        detail = "an LOP measured with a cuff does not set a band's tightness"
    elif kind == "device" and status == "ready":
        detail = _device_command(situation, side)
    elif kind == "device" and reason == "lop.route.device.no-device":
        detail = f"with one connected: {_device_command(situation, side)}"
    elif kind == "device":
        detail = "only a pneumatic cuff measures LOP by itself"
    elif kind == "stretch" and status == "ready":
        detail = (
            "elastic wraps are stretched to marks from the limb circumference: 'occlusion wrap'"
            if reason == "lop.route.stretch.needs-no-lop"
            else "floss bands: 'occlusion floss'"
        )
    else:
        detail = "a pneumatic cuff is set by pressure, as a share of its LOP"
    lines.append(f"    {detail}")
    for method in fields.get("contested_detections", ()):
        lines.append(
            f"    On the {fields.get('limb')} a study found the {method} did not agree with "
            "ultrasound: prefer a hand-held Doppler (--detection doppler)."
        )
    if fields.get("narrow_thigh_cuff"):
        lines.append(
            "    A cuff this narrow may not occlude the thigh within a gauge's 300 mmHg; a "
            "wider cuff occludes at a lower pressure."
        )
    if kind == "manual" and status == "ready":
        lines.extend(f"    {line}" for line in agreement_lines(fields.get("studies", ())))
    return lines


def _refusal_words(refusal: NotEstimableError) -> str:
    """Return a refusal's reason without the generic advice to measure (listed as a route)."""
    width_cm = float(refusal.fields.get("cuff_width_cm", 0))
    unchecked = refusal.fields.get("unchecked_equations") or ()
    words = {
        "lop.not-estimable.arm": (
            "no arm equation's coefficients could be read in its primary source, so none is shipped"
        ),
        "lop.not-estimable.narrow-thigh-cuff": (
            "narrow thigh cuffs cannot be estimated with useful precision (Spitz 2024: 95 % "
            "limits of agreement -133.6 to +147.8 mmHg)"
        ),
        "lop.not-estimable.cuff-width": (
            f"no verified equation covers {article_before_number(f'{width_cm:g}')} "
            f"{width_cm:g} cm cuff on this limb (verified: 17-19 cm on the thigh)"
            + (
                "; published for this width but not checked against its paper: "
                + ", ".join(str(name) for name in unchecked)
                if unchecked
                else ""
            )
        ),
    }
    if refusal.code in words:
        return words[refusal.code]
    if refusal.code == "lop.not-estimable.missing-inputs":
        wanted = ", ".join(_OPTIONS.get(str(name), str(name)) for name in refusal.fields["missing"])
        return f"{refusal.fields.get('method', 'the equation')} also needs {wanted}"
    if refusal.code == "lop.not-estimable.outside-studied-population":
        studied, accepted = refusal.fields["studied"], refusal.fields["accepted"]
        # The studied range is derived (adults, up to the sample's mean age + 2 SD), not published.
        return (
            f"the ages {refusal.fields.get('method', 'the equation')} was fitted on are taken as "
            f"{studied[0]:g}-{studied[1]:g} years (adults up to the sample's mean + 2 SD, "
            f"derived); {refusal.fields['value']:g} years is beyond the project's policy margin "
            f"({accepted[0]:g}-{accepted[1]:g} years)"
            + (
                f"; under {accepted[0]:g}, 'occlusion screen' first decides whether "
                "blood-flow-restriction training is for this person at all"
                if float(refusal.fields["value"]) < float(accepted[0])
                else ""
            )
        )
    return "the values given are outside what the equation accepts"


def show_routes(
    refusal: NotEstimableError, routes: LopRoutes, *, side: str | None, json_output: bool
) -> None:
    """Print the refusal and every route (readable or ``--json``)."""
    document = routes.as_dict()
    if json_output:
        print_json(
            {
                "estimate": None,
                "refusal": {
                    "code": refusal.code,
                    "message": str(refusal),
                    "fields": dict(refusal.fields),
                },
                "routes": document["routes"],
                "ready": document["ready"],
                "situation": document["situation"],
            }
        )
        return
    out = console()
    out.print(f"No estimate: {_refusal_words(refusal)}.", markup=False, soft_wrap=True)
    situation = document["situation"]
    out.print(
        f"What you can do for the {situation['limb']} with the "
        f"{situation['cuff_width_cm']:g} cm {situation['cuff_material']} cuff:",
        markup=False,
    )
    for route in document["routes"]:
        for line in route_lines(route, situation, side):
            out.print(line, markup=False, soft_wrap=True)
