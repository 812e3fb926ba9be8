"""The web app's words for the LOP routes (:mod:`occlusion.services.lop_routes`).

A route arrives as a code and fields; these functions say it to a person on a phone, with the
next step on a page (never a command), and name equations as people know them, never by the
identifiers the science layer uses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from occlusion.text import article_before_number
from occlusion.vocabulary import UnitSystem
from occlusion.web.display import cuff_width
from occlusion.web.equation_names import equation_label, without_identifiers
from occlusion.web.words import label, outside_population_text, warning_text

_TITLES = {
    "estimate": "Estimate it from a published equation",
    "stretch": "Use the stretch method (no LOP needed)",
    "manual": "Measure it by hand, step by step",
    "device": "Let the cuff measure it",
}
_STATUSES = {
    "ready": "You can do this now",
    "needs": "Needs something first",
    "unavailable": "Does not apply here",
}
_EQUIPMENT = {
    "cuff": "pneumatic cuff",
    "wrap": "elastic wrap or knee wrap",
    "floss": "floss band",
}
_INPUTS = {
    "circumference_cm": "the limb's circumference (on the Measurements page)",
    "sbp_mmhg": "a resting blood pressure (on the Measurements page)",
    "age_years": "your birth year (on your profile)",
    "sex": "your sex (on your profile)",
    "cuff_width_cm": "the cuff width",
}


def equipment_label(kind: Any) -> str:
    """Return how an equipment kind reads in a choice list."""
    text = str(getattr(kind, "value", kind))
    return _EQUIPMENT.get(text, label(text))


def route_title(route: Mapping[str, Any]) -> str:
    """Return the heading of a route."""
    return _TITLES.get(str(route["kind"]), label(route["kind"]))


def route_status(route: Mapping[str, Any]) -> str:
    """Return whether a route can be taken, in words."""
    return _STATUSES.get(str(route["status"]), label(route["status"]))


def _mmhg(value: Any) -> str:
    return f"{float(value):.0f} mmHg"


def _missing(fields: Mapping[str, Any]) -> str:
    wanted = [_INPUTS.get(str(name), label(name)) for name in fields.get("missing", ())]
    if not wanted:
        return "more about you"
    return wanted[0] if len(wanted) == 1 else ", ".join(wanted[:-1]) + " and " + wanted[-1]


def _estimate_ready(fields: Mapping[str, Any]) -> str:
    low, high = fields["interval_95_mmhg"]
    return (
        f"About {_mmhg(fields['lop_mmhg'])} from {equation_label(fields.get('method'))}; "
        f"95 % of people like you lie between {_mmhg(low)} and {_mmhg(high)}. An estimate is "
        "not a measurement: a pressure set from it is kept lower, and measuring is better."
    )


def _unchecked_for_width(names: Any) -> str:
    """Say that equations published for this cuff exist but could not be checked."""
    if not names:
        return ""
    equations = " and ".join(equation_label(name) for name in names)
    return (
        f" {equations[0].upper()}{equations[1:]} cover this width but could not be checked "
        "against their paper, so none is used."
    )


_REASONS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "lop.route.estimate.ready": _estimate_ready,
    "lop.route.estimate.needs-inputs": lambda f: (
        f"{equation_label(f.get('method')).capitalize()} covers this cuff; it needs "
        f"{_missing(f)} first."
        if f.get("method")
        else f"Give {_missing(f)} first."
    ),
    "lop.route.estimate.not-a-cuff": lambda f: (
        "Equations estimate the LOP of a pneumatic cuff; a band's tightness is set by stretch."
    ),
    "lop.not-estimable.arm": lambda f: (
        "No published arm equation could be checked against its paper, so none is used: "
        "measure the arm's LOP instead."
    ),
    "lop.not-estimable.narrow-thigh-cuff": lambda f: (
        f"{article_before_number(f['cuff_width']).capitalize()} {f['cuff_width']} cuff on the "
        "thigh cannot be estimated usefully: "
        "for 5 cm thigh cuffs, 95 % of predictions fell between 134 mmHg too low and 148 mmHg "
        "too high (Spitz et al. 2024)."
    ),
    "lop.not-estimable.cuff-width": lambda f: (
        f"No checked equation covers {article_before_number(f['cuff_width'])} "
        f"{f['cuff_width']} cuff on the "
        f"{label(f.get('limb', 'limb'))}: LOP changes strongly with cuff width, and the one "
        "checked thigh equation is for cuffs of 17 to 19 cm."
        + _unchecked_for_width(f.get("unchecked_equations", ()))
    ),
    "lop.not-estimable.outside-studied-population": outside_population_text,
    "lop.route.stretch.needs-no-lop": lambda f: (
        "Elastic wraps and knee wraps are stretched to marks worked out from your limb "
        "circumference, so they need no LOP."
    ),
    "lop.route.stretch.floss-needs-no-lop": lambda f: (
        "Floss bands are wrapped with overlap and stretch for a short time; they need no LOP."
    ),
    "lop.route.stretch.cuff-set-by-pressure": lambda f: (
        "A pneumatic cuff is set by pressure, as a share of its LOP; stretching to marks is "
        "for elastic wraps."
    ),
    "lop.route.manual.ready": lambda f: (
        "Use the cuff you train with, its hand pump and gauge (a blood-pressure cuff, if that "
        "is what you train with), and a hand-held Doppler or a pulse oximeter. The page asks "
        f"for the cuff width first, then times every {f.get('hold_s', 30):g} s hold and "
        f"{f.get('deflate_s', 10):g} s rest."
    ),
    "lop.route.manual.needs-cuff-width": lambda f: "Give the cuff width first.",
    "lop.route.manual.not-needed-for-band": lambda f: (
        "An LOP measured with a cuff does not tell how tight to wrap a band: use the stretch "
        "method."
    ),
    "lop.route.device.ready": lambda f: (
        "The connected cuff inflates slowly, finds the pressure where the pulse in its own "
        "pressure signal stops, and deflates by itself (about 30 to 60 s). Keep still."
        + (
            " This server's cuff is simulated: it measures its own virtual limb, so nothing "
            "is saved."
            if f.get("simulated")
            else ""
        )
    ),
    "lop.route.device.no-device": lambda f: (
        "No cuff that measures LOP by itself is connected to this server."
    ),
    "lop.route.device.not-a-cuff": lambda f: "Only a pneumatic cuff can measure LOP by itself.",
}


def route_reason(route: Mapping[str, Any], system: str = UnitSystem.METRIC) -> str:
    """Return why a route applies or not, in a sentence or two.

    A cuff width the route is about is said in the reader's unit ``system`` (imperial readers
    read inches, with the centimetres a cuff's label gives).
    """
    render = _REASONS.get(str(route["reason"]))
    if render is None:
        return "The values on record are outside what this route accepts."
    fields = dict(route.get("fields", {}))
    if fields.get("cuff_width_cm") is not None:
        fields["cuff_width"] = cuff_width(fields["cuff_width_cm"], system)
    try:
        return render(fields)
    except (KeyError, TypeError, ValueError):
        # Fields missing from a hand-made route: say what the route is about, without numbers.
        return _STATUSES.get(str(route["status"]), "")


def route_notes(route: Mapping[str, Any]) -> list[str]:
    """Return the extra sentences a route carries (evidence choice, narrow cuffs, warnings)."""
    fields = route.get("fields", {})
    notes = []
    for method in fields.get("contested_detections", ()):
        other = "a hand-held Doppler" if method == "pulse-oximeter" else "a pulse oximeter"
        notes.append(
            f"On the {label(fields.get('limb', 'limb'))} a study found the {label(method)} did "
            f"not agree with ultrasound imaging: prefer {other} there."
        )
    if fields.get("narrow_thigh_cuff"):
        notes.append(
            "With a cuff this narrow the thigh may not occlude within the 300 mmHg of a gauge; "
            "a wider cuff occludes at a lower pressure."
        )
    for warning in fields.get("warnings", ()):
        notes.append(warning_text(warning))
    return notes


_OUTCOMES = {
    "not-occluded-at-ceiling": "the pulse was still there at the highest pressure allowed",
    "stopped": "stopped before the end",
    "no-pulse-at-start": "no pulse at the lowest pressure",
}


def outcome_text(outcome: str | None) -> str:
    """Return how a guided measurement that found no LOP ended."""
    return _OUTCOMES.get(str(outcome), label(outcome or ""))


def register(filters: dict[str, Any]) -> None:
    """Add this module's words to the template filters."""
    filters["equipment_label"] = equipment_label
    filters["equation_label"] = equation_label
    filters["route_title"] = route_title
    filters["route_status"] = route_status
    filters["route_reason"] = route_reason
    filters["route_notes"] = route_notes
    filters["without_identifiers"] = without_identifiers
    filters["outcome_text"] = outcome_text
