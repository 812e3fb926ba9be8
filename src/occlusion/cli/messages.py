"""The command line's words for the codes that errors and warnings carry.

Services and science say *what* happened with a code and its fields (see :mod:`occlusion.errors`
and :mod:`occlusion.messages`); this module adds the next step a person at a terminal can take:
the command to run, the option to pass, the profile key to write. A code without an entry keeps
its default wording.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from occlusion.errors import OcclusionError

_Step = Callable[[Mapping[str, Any]], str]

_LOP_MEASURE = "measure it with 'occlusion lop measure' (or 'occlusion measure lop --person ID')"
_OPTIONS = {"dbp_mmhg": "--dbp", "age_years": "--age", "sex": "--sex"}


def _missing_inputs(fields: Mapping[str, Any]) -> str:
    wanted = ", ".join(_OPTIONS.get(name, name) for name in fields.get("missing", ()))
    return f"give {wanted}, or {_LOP_MEASURE}"


def _not_estimable(fields: Mapping[str, Any]) -> str:
    return _LOP_MEASURE + (
        " and add it to the profile as [limbs.measured_lop]" if "limb" in fields else ""
    )


_NEXT_STEPS: dict[str, _Step] = {
    "lop.not-estimable.missing-inputs": _missing_inputs,
    "plan.needs-person-details": lambda f: "give [person] in the profile",
    "plan.needs-blood-pressure": lambda f: (
        f"run 'occlusion measure bp --person {f['person_ref']} --systolic S --diastolic D'"
    ),
    "plan.needs-equipment": lambda f: (
        "say which [equipment] restricts the limb in the profile, or record it with "
        f"'occlusion person equipment --person {f['person_ref']} ...'"
    ),
    "plan.needs-limb-circumference": lambda f: (
        f"run 'occlusion measure limb --person {f['person_ref']} ...'"
    ),
    "plan.screening-due": lambda f: (
        f"run 'occlusion screen --person {f['person_ref']} --answers FILE'"
    ),
    "plan.needs-screening": lambda f: (
        f"run 'occlusion screen --person {f['person_ref']} --answers FILE'"
    ),
    "session.no-plan": lambda f: f"write one with 'occlusion plan --person {f['person_ref']}'",
    "session.not-screened": lambda f: f"run 'occlusion screen --person {f['person_ref']}'",
    "session.screening-expired": lambda f: f"run 'occlusion screen --person {f['person_ref']}'",
    "session.needs-measured-lop": lambda f: (
        f"run 'occlusion measure lop --person {f['person_ref']} --limb {f['limb']} "
        f"--side {f['side']} ...'"
    ),
    "session.in-progress": lambda f: (
        f"run 'occlusion session resume --person {f['person_ref']}' or "
        f"'occlusion session abandon --person {f['person_ref']}'"
    ),
    "device.alarm-latched": lambda f: (
        f"the cuff reports {alarm_words(f.get('alarms', {}))}; carry on with "
        "'occlusion session resume --person ID', which shows the alarm and asks you to "
        "acknowledge it"
    ),
    "device.bench.participants-out-of-range": lambda f: "set --participants",
    "device.lop-eval.cohort-size-out-of-range": lambda f: "set --n",
    "device.sim.lop-not-above-diastolic": lambda f: (
        f"give each --lop-mmhg above {f['dbp_mmhg']:g} mmHg, the simulated limb's diastolic "
        "pressure"
    ),
    "physiology.cuff-width-outside-validity": lambda f: (
        f"give --cuff-width-cm from {f['minimum_cm']:g} to {f['maximum_cm']:g}"
    ),
    "physiology.fat-thicker-than-limb": lambda f: (
        "give a smaller --fat-thickness-cm or check --circumference-cm"
    ),
    "physiology.cohort-size-out-of-range": lambda f: (
        f"set --n from {f['minimum']:,} to {f['maximum']:,}"
    ),
    "physiology.bad-seed": lambda f: "set --seed to 0 or more",
    "physiology.workers-out-of-range": lambda f: "set --workers to 0 or more",
    "physiology.cluster.no-scheduler": lambda f: (
        "check that the scheduler runs and that --scheduler names its host and port"
    ),
    "physiology.cluster.missing-extra": lambda f: (
        f"install it with: pip install 'occlusion[{f['extra']}]'"
    ),
    "physiology.plot.bad-suffix": lambda f: "give --plot a name such as FILE.png or FILE.svg",
    "physiology.plot.no-folder": lambda f: "create the folder first, or give --plot another path",
    "physiology.protocol-not-simulable": lambda f: "choose one with --protocol",
    "device.serial.cannot-open": lambda f: (
        "check the cable and the port's name (serial:/dev/ttyUSB0 on Linux, serial:COM3 on "
        "Windows)"
    ),
    "session.wrap-plan-with-cuff": lambda f: (
        "write a cuff plan to use --device, or start without --device"
    ),
    "lop.needs-limb-circumference": lambda f: (
        f"run 'occlusion measure limb --person {f['person_ref']} --limb {f['limb']} "
        f"--side {f['side']} ...'"
    ),
    "lop.needs-blood-pressure": lambda f: (
        f"run 'occlusion measure bp --person {f['person_ref']}' first"
    ),
    "lop.bad-reference": lambda f: "see each LOP's id with 'occlusion person show PERSON'",
    "person.bad-reference": lambda f: (
        "give the id shown by 'occlusion person list' (at least its first 4 characters)"
    ),
    "screening.unknown-questions": lambda f: (
        "run 'occlusion screen' without --answers to see the questions, or see docs/screening.md"
    ),
    "floss.not-a-floss-band": lambda f: "use 'occlusion wrap' for it",
    "floss.no-tension-curve": lambda f: "pass the measured tension with --tension-n",
    "wrap.floss-band-for-sets": lambda f: "see 'occlusion floss' for floss bands",
    "plan.lop-estimated": lambda f: "measure it with 'occlusion lop measure'",
    "plan.no-exercises": lambda f: "add [[exercises]] to the profile",
    "plan.needs-clearance": lambda f: (
        "set clinician_clearance = true (and clearance_note) in the profile's [screening] section"
    ),
    "session.plan-without-exercises": lambda f: (
        "add [[exercises]] to the profile and write the plan again"
    ),
    "profile.not-a-table": lambda f: "write sections such as [person] and [blood_pressure]",
    "physiology.lop-beyond-studied-pressures": lambda f: "try a wider cuff (--cuff-width-cm)",
    "lop.walkthrough.answer-not-understood": lambda f: (
        "type y (pulse there), n or stop"
        if f["step_kind"] == "pulse-check"
        else "press Enter to go on, or type stop"
    ),
}


def _next_step(code: str, fields: Mapping[str, Any]) -> str | None:
    step = _NEXT_STEPS.get(code)
    if step is None and code.startswith("lop.not-estimable"):
        step = _not_estimable
    if step is None:
        return None
    try:
        return step(fields)
    except KeyError:
        # Fields missing from a hand-made error: the default wording still stands alone.
        return None


def _join(text: str, step: str | None) -> str:
    if step is None:
        return text
    return f"{text.rstrip().rstrip('.')}: {step}"


def alarm_words(alarms: Mapping[str, Any]) -> str:
    """Return latched cuff alarms per limb in words: ``leak on the left thigh``."""
    parts = [
        f"{' and '.join(str(code) for code in codes)} on the {str(limb).replace('-', ' ')}"
        for limb, codes in sorted(alarms.items())
    ]
    return "; ".join(parts) or "a latched alarm"


def error_text(error: OcclusionError) -> str:
    """Return the one line the command line prints for ``error`` (without ``error:``)."""
    return _join(" ".join(str(error).split()), _next_step(error.code, error.fields))


def warning_text(warning: str) -> str:
    """Return the command line's wording for a warning (a plain string is shown as it is)."""
    code = getattr(warning, "code", None)
    fields = getattr(warning, "fields", {})
    if not isinstance(code, str):
        return str(warning)
    return _join(str(warning), _next_step(code, fields))
