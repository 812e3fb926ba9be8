"""The web app's words for the codes the layers below return (alerts, refusals, errors).

Services and science say *what* happened with a code and its fields; this module says it to a
person on a phone or at a clinic desk, with a next step they can take on a page (never a
command to run). A code without an entry here falls back to the message that came with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from occlusion.errors import OcclusionError

_ALERTS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "not-screened": lambda fields: "not screened",
    "screening": lambda fields: f"screening: {fields.get('decision', '?')}",
    "no-lop": lambda fields: "no LOP on record",
    "lop-old": lambda fields: f"LOP {fields.get('days', '?')} days old",
    "symptoms": lambda fields: "symptoms reported",
    "high-discomfort": lambda fields: (
        f"{fields.get('sets', '?')} set(s) with discomfort above {fields.get('above', 7):g}/10"
    ),
}


def alert_text(alert: Mapping[str, Any]) -> str:
    """Return the roster's words for an alert (a mapping with ``code`` and its fields)."""
    code = str(alert.get("code", ""))
    render = _ALERTS.get(code)
    return render(alert) if render is not None else code.replace("-", " ")


_MEASUREMENTS_PAGE = "record it on the Measurements page"
_NEXT_STEPS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "plan.needs-person-details": lambda fields: "add the birth year and sex to the profile",
    "plan.needs-blood-pressure": lambda fields: _MEASUREMENTS_PAGE,
    "plan.needs-limb-circumference": lambda fields: _MEASUREMENTS_PAGE,
    "plan.needs-equipment": lambda fields: "choose the wrap or cuff on the Plan page",
    "plan.needs-screening": lambda fields: "answer the questions on the Screening page",
    "session.no-plan": lambda fields: "write one on the Plan page",
    "session.not-screened": lambda fields: "answer the questions on the Screening page",
    "session.screening-expired": lambda fields: "answer the questions on the Screening page",
    "session.needs-measured-lop": lambda fields: "measure it on the Measurements page",
    "session.in-progress": lambda fields: "continue it on the Session page",
    "session.wrap-plan-with-cuff": lambda fields: "write a cuff plan on the Plan page",
    "lop.needs-limb-circumference": lambda fields: _MEASUREMENTS_PAGE,
    "lop.needs-blood-pressure": lambda fields: _MEASUREMENTS_PAGE,
    "physiology.lop-beyond-studied-pressures": lambda fields: "choose a wider cuff",
}


# Refusals whose default wording carries raw dates or ids: said in full here instead.
_WHOLE: dict[str, str] = {
    "export.empty-period": "there are no sessions in the chosen period: choose other dates",
    "export.period-reversed": "the period ends before it starts: swap the two dates",
    "export.no-session": "no such session in this record",
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def local_day(text: str | None) -> str:
    """Return ``2 May 2026`` for a stored ISO 8601 local time (``—`` when empty)."""
    if not text:
        return "—"
    moment = datetime.fromisoformat(text)
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


def local_time(text: str | None) -> str:
    """Return ``2 May 2026, 18:00`` for a stored ISO 8601 local time (``—`` when empty)."""
    if not text:
        return "—"
    return f"{local_day(text)}, {datetime.fromisoformat(text):%H:%M}"


def month_name(text: str) -> str:
    """Return ``May 2026`` for ``2026-05``."""
    year, month = text.split("-")
    return f"{_MONTHS[int(month) - 1]} {year}"


def _next_step(code: str, fields: Mapping[str, Any]) -> str | None:
    step = _NEXT_STEPS.get(code)
    if step is None and code.startswith("lop.not-estimable"):
        return "measure LOP with the guided steps on the Measurements page"
    return step(fields) if step is not None else None


def error_text(error: OcclusionError) -> str:
    """Return the web app's one line for ``error``: what happened and what to do on a page."""
    if error.code in _WHOLE:
        return _WHOLE[error.code]
    text = " ".join(str(error).split())
    step = _next_step(error.code, error.fields)
    return text if step is None else f"{text.rstrip().rstrip('.')}: {step}"


_METHOD_NAMES = {"doppler": "Hand-held Doppler", "pulse-oximeter": "Pulse oximeter"}
_VERDICTS = {
    "agrees": "agreed with ultrasound imaging",
    "disagrees": "did not agree with ultrasound imaging (the authors judged it not valid here)",
    "repeatable": "gave repeatable results",
}


def estimated_share_lines(share: Mapping[str, Any] | None) -> list[str]:
    """Return the plan page's sentences for a pressure set from an estimated LOP."""
    if not share:
        return []
    low_lop, high_lop = share["lop_interval_95_mmhg"]
    small, large = share["share_of_lop_pct"]
    lines = [
        f"This pressure comes from an estimate. If your true LOP is anywhere from "
        f"{low_lop:.0f} to {high_lop:.0f} mmHg, {share['pressure_mmhg']:.0f} mmHg is "
        f"{small:.0f}–{large:.0f} % of it."
    ]
    cap = share["cap"]
    if cap["applied"]:
        lines.append(
            f"Lowered from {share['requested_pressure_mmhg']:.0f} mmHg "
            f"({share['requested_pct_lop']:g} % of the estimate) by our policy: a pressure from "
            f"an estimate stays within {cap['max_share_at_lower_bound_pct']:g} % of the lowest "
            "LOP the estimate allows. Measure your LOP to train at the full target."
        )
    return lines


def agreement_text(study: Mapping[str, Any]) -> str:
    """Return one sentence on a published study of a manual LOP method."""
    name = _METHOD_NAMES.get(str(study["method"]), str(study["method"]))
    text = f"{name} on the {study['limb']} {_VERDICTS.get(str(study['verdict']), '')}"
    details = []
    if study.get("bias_mmhg") is not None:
        details.append(f"mean difference {study['bias_mmhg']:+g} mmHg")
    if study.get("limits_of_agreement_mmhg"):
        low, high = study["limits_of_agreement_mmhg"]
        details.append(f"95 % of readings within {low:g} to {high:+g} mmHg")
    if study.get("limits_half_width_mmhg") is not None:
        details.append(f"95 % of readings within ±{study['limits_half_width_mmhg']:g} mmHg")
    if study.get("repeatability_icc"):
        low, high = study["repeatability_icc"]
        details.append(f"reliability ICC {low:g}–{high:g}")
    details.append(f"{study['sample_size']} people")
    return f"{text} ({', '.join(details)})."
