"""The web app's words for the codes and values the layers below return.

Services and science say *what* happened with a code and its fields; this module says it to a
person on a phone or at a clinic desk, with a next step they can take on a page (never a
command to run). A code without an entry here falls back to the message that came with it.
Vocabulary values (``left``, ``pulse-oximeter``, ``resistance-30-15-15-15``) are shown through
:func:`label`, never raw.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote

from occlusion.services import lockout
from occlusion.sessions.validation import LOAD_RANGE_KG
from occlusion.units import cm_to_inches
from occlusion.vocabulary import PLAIN_WORDS, plain, stop_reason_words, strip_command_advice
from occlusion.web.equation_names import without_identifiers

_ALERTS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "not-screened": lambda fields: "not screened",
    "screening": lambda fields: f"screening: {label(fields.get('decision', '?'))}",
    "no-lop": lambda fields: "no LOP on record",
    "lop-old": lambda fields: f"LOP {fields.get('days', '?')} days old",
    "symptoms": lambda fields: "symptoms reported",
    "high-discomfort": lambda fields: (
        f"{fields.get('sets', '?')} set(s) with discomfort above {fields.get('above', 7):g}/10"
    ),
    "stopped-by-symptom": lambda fields: (
        f"session stopped for {label(fields.get('reason', 'a symptom'))}"
        + (f" on {local_day(fields['started_at'])}" if fields.get("started_at") else "")
    ),
}

#: How vocabulary values read on a page (the same words as the PDF report).
LABELS: dict[str, str] = PLAIN_WORDS

#: A deletion refused because the password typed to confirm it is not the account's.
DELETE_WRONG_PASSWORD = "That password is not right, so nothing was deleted."

#: Words for error codes; the fields fill the blanks.
_ERRORS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "account.email-taken": lambda fields: (
        "An account with this e-mail address exists already: sign in instead."
    ),
    "account.bad-email": lambda fields: (
        "Type your e-mail address, like name@example.com."
        if not str(fields.get("value", "")).strip()
        else "That is not an e-mail address: it needs a name, an @ and a domain."
    ),
    "account.wrong-password": lambda fields: "That password is not right.",
    "account.sign-in-refused": lambda fields: (
        "This e-mail address and password did not sign in. After "
        f"{fields.get('attempts', lockout.MAX_FAILED_SIGN_INS)} wrong passwords in a row an "
        f"account pauses for {fields.get('minutes', lockout.LOCKOUT_S // 60)} minutes."
    ),
    "account.delete-wrong-password": lambda fields: DELETE_WRONG_PASSWORD,
    "account.wrong-own-password": lambda fields: "That is not your current password.",
    "account.profile-exists": lambda fields: "Your profile exists already; edit it instead.",
    "grant.no-such-grantee": lambda fields: (
        "No coach or clinician account has that e-mail address. Ask them to sign up first."
    ),
    "grant.exists": lambda fields: "You already share your record with them.",
    "lop.no-device": lambda fields: (
        "No cuff is connected to this server: estimate LOP or measure it by hand instead."
    ),
    "session.set-moved-on": lambda fields: (
        "That set was no longer under way (the session had moved on), so it was not logged."
    ),
    "plan.none": lambda fields: "There is no plan yet: write one on the plan page first.",
    "plan.screening-due": lambda fields: (
        f"Screen again before a new plan: {due_text(fields.get('reasons', []))}. Answer the "
        "questions on the Screening page; it takes two minutes."
    ),
    "session.screening-expired": lambda fields: (
        f"Screen again before training: {due_text(fields.get('reasons', []))}. Answer the "
        "questions on the Screening page."
    ),
    "set.load-out-of-range": lambda fields: (
        f"Load must be a number from {fields['low']:,g} to {fields['high']:,g} {fields['unit']}."
        if {"low", "high", "unit"} <= fields.keys()
        else f"Load must be a number from {LOAD_RANGE_KG[0]:,g} to {LOAD_RANGE_KG[1]:,g} kg."
    ),
    "too-many-attempts": lambda fields: (
        "Too many attempts from this network connection in a short time; try again in "
        f"{wait_words(fields.get('retry_after_s'))}."
    ),
    "unknown-choice": lambda fields: (
        f"Choose the {fields.get('what', 'value')} from the list."
        if fields.get("what")
        else "Choose a value from the list."
    ),
}

_CUFF_NOT_REACHED = (
    "The cuff could not be reached. Check that it is switched on and connected to the computer "
    "that runs Occlusion (cable or Bluetooth), then try again."
)
_CUFF_STOPPED_ANSWERING = (
    "The cuff stopped answering properly. If it is still tight, open its valve or take it off; "
    "then check that it is switched on and connected, and try again."
)
#: The cuff on the server's cable or Bluetooth link: what a person can check from the page.
_DEVICE_NOT_REACHED = (
    "device.serial.cannot-open",
    "device.no-handshake-reply",
    "device.ble.no-cuff-service",
    "device.ble.missing-characteristic",
    "device.ble.not-open",
    "device.transport.closed",
)
_DEVICE_STOPPED_ANSWERING = (
    "device.no-reply",
    "device.state-timeout",
    "device.limits-reply-missing",
    "device.ble.timeout",
    "device.ble.write-failed",
    "device.serial.write-failed",
    "device.serial.read-failed",
    "device.protocol.bad-payload-length",
    "device.protocol.status-truncated",
    "device.protocol.status-length-mismatch",
    "device.protocol.unknown-message",
)
_ERRORS.update(dict.fromkeys(_DEVICE_NOT_REACHED, lambda fields: _CUFF_NOT_REACHED))
_ERRORS.update(dict.fromkeys(_DEVICE_STOPPED_ANSWERING, lambda fields: _CUFF_STOPPED_ANSWERING))
_ERRORS.update(
    {
        "device.protocol-version-mismatch": lambda fields: (
            "This cuff's software and this version of Occlusion do not speak the same language; "
            "the cuff or Occlusion needs an update before they can work together."
        ),
        "device.no-channel": lambda fields: (
            f"The cuff connected here has no {label(fields['limb'])} cuff: choose the "
            f"{' or '.join(label(channel) for channel in fields['channels'])}, or measure "
            "LOP by hand."
        ),
        "physiology.cuff-width-outside-validity": lambda fields: (
            f"The model was worked out for cuffs {fields['minimum_cm']:g} to "
            f"{fields['maximum_cm']:g} cm ({cm_to_inches(fields['minimum_cm']):.1f} to "
            f"{cm_to_inches(fields['maximum_cm']):.1f} in) wide: choose a width in that range."
        ),
    }
)


def _due_reason(reason: Mapping[str, Any]) -> str:
    code = str(reason.get("code", ""))
    if code == "screening.aged":
        return (
            f"your answers are {reason.get('age_days', '?')} days old and we ask again after "
            f"{reason.get('valid_days', '?')} days (our policy)"
        )
    if code == "screening.blood-pressure-changed":
        dbp = reason.get("dbp_mmhg")
        reading = f"{reason.get('sbp_mmhg', 0):.0f}" + (f"/{dbp:.0f}" if dbp else "")
        return f"your newest blood pressure ({reading} mmHg) is above what you were screened with"
    if code == "screening.age-band-changed":
        return f"you have turned {reason.get('threshold_years', 0):g}, which changes the questions"
    return "something changed since you were screened"


def due_text(reasons: Any) -> str:
    """Return why a screening is due again, in words (the codes of ``rescreen_reasons``)."""
    texts = [_due_reason(reason) for reason in reasons or [] if isinstance(reason, Mapping)]
    return "; ".join(texts) if texts else "your answers need to be given again"


def label(value: Any) -> str:
    """Return how a vocabulary value reads on a page (the value itself, de-hyphenated, if new)."""
    return plain(value)


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
    "lop.walkthrough.answer-not-understood": lambda fields: "answer with one of the buttons",
    "plan.lop-estimated": lambda fields: (
        "measure it with the guided steps on the Measurements page"
    ),
}


#: What a plan still needs, as a link to the page (under ``/people/{id}/``) and form that
#: records it, and the words of that link.
_PREREQUISITES: dict[str, tuple[str, str]] = {
    "plan.needs-person-details": ("profile", "Add the year of birth and sex to the profile"),
    "plan.needs-blood-pressure": (
        "measurements#bp", "Record a resting blood pressure (systolic and diastolic)"
    ),
    "plan.needs-limb-circumference": (
        "measurements#limb", "Record the circumference of each limb to restrict"
    ),
    "plan.needs-equipment": ("plan#new", "Choose the wrap or cuff in the plan form"),
    "plan.needs-screening": ("screening", "Answer the screening questions"),
}


def prerequisite(item: Mapping[str, Any]) -> dict[str, str]:
    """Return a missing prerequisite (a code and its fields) as ``page`` and link ``text``.

    ``page`` is the address under ``/people/{id}/`` of the form that records it; a limb's
    circumference opens the circumference form with that limb chosen.
    """
    code = str(item.get("code", ""))
    limb = item.get("limb")
    if code == "plan.needs-limb-circumference" and isinstance(limb, str) and limb:
        exercise = item.get("exercise")
        text = f"Record the {label(limb)} circumference"
        if exercise:
            text += f" ({exercise} works the {label(limb)}s)"
        return {"page": f"measurements?limb={quote(limb)}#limb", "text": text}
    page, text = _PREREQUISITES.get(code, ("", "Complete the record"))
    return {"page": page, "text": text}


# Refusals whose default wording carries raw dates or ids: said in full here instead.
def outside_population_text(fields: Mapping[str, Any], step: str = "measure instead") -> str:
    """Say why no estimate is given for an age beyond the studied population and the margin.

    Below the youngest age accepted (the adults' 18 years) the words send a minor to the
    screening too, so a teenager is not sent to measure as if that were all.
    """
    studied_low, studied_high = whole_years_within(*fields["studied"])
    accepted_low, accepted_high = whole_years_within(*fields["accepted"])
    age = float(fields["value"])
    minor = (
        f" Under {accepted_low}, the screening first decides whether blood-flow-restriction "
        "training is for you at all, and with whom: see the Screening page."
        if age < accepted_low
        else ""
    )
    # The studied range is derived (adults, up to the sample's mean age + 2 SD), not published.
    return (
        f"The equation comes from young adults (we take {studied_low} to {studied_high} years as "
        f"the ages it covers). At {age:g} years an estimate would be a guess beyond our policy "
        f"margin ({accepted_low} to {accepted_high} years; a margin we chose, not a finding), so "
        f"none is given: {step}.{minor}"
    )


def _outside_population_error(fields: Mapping[str, Any]) -> str:
    limb = fields.get("limb")
    words = outside_population_text(
        fields, step="measure LOP with the guided steps on the Measurements page"
    )
    return f"{label(limb).capitalize()}: {words[:1].lower()}{words[1:]}" if limb else words


_ERRORS["lop.not-estimable.outside-studied-population"] = _outside_population_error

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


_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def browser_name(user_agent: str | None) -> str:
    """Return ``Chrome on Android`` for a browser's User-Agent header (not the header itself)."""
    text = user_agent or ""
    browser = next((name for mark, name in _BROWSERS if mark in text), None)
    system = next((name for mark, name in _SYSTEMS if mark in text), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or (f"a browser on {system}" if system else "an unknown browser")


def month_name(text: str) -> str:
    """Return ``May 2026`` for ``2026-05``."""
    year, month = text.split("-")
    return f"{_MONTHS[int(month) - 1]} {year}"


def _next_step(code: str, fields: Mapping[str, Any]) -> str | None:
    step = _NEXT_STEPS.get(code)
    if step is None and code.startswith("lop.not-estimable"):
        return "measure LOP with the guided steps on the Measurements page"
    return step(fields) if step is not None else None


def error_text(error: Exception) -> str:
    """Return the web app's one line for ``error``: what happened and what to do on a page.

    A code with words of its own here is said in them; otherwise the message that came with the
    error, with the next step on a page that fits its code. Any clause that still names a command
    or a profile key is cut off: web users cannot run commands.
    """
    code = str(getattr(error, "code", ""))
    fields = getattr(error, "fields", {}) or {}
    missing = fields.get("missing")
    if isinstance(missing, list) and missing and all(isinstance(m, Mapping) for m in missing):
        steps = "; ".join(prerequisite(item)["text"][:1].lower() + prerequisite(item)["text"][1:]
                          for item in missing)
        return f"still needed before a plan can be written: {steps}"
    if code in _WHOLE:
        return _WHOLE[code]
    render = _ERRORS.get(code)
    if render is not None:
        # An error raised without the fields its words need is said as it was raised.
        with contextlib.suppress(KeyError, TypeError, ValueError):
            return render(fields)
    text = without_identifiers(strip_command_advice(" ".join(str(error).split())))
    step = _next_step(code, fields)
    text = text if step is None else f"{text.rstrip().rstrip('.')}: {step}"
    return text


def warning_text(warning: Any) -> str:
    """Return the web app's words for a warning: a coded message, a stored one, or plain text.

    A warning carries its code and fields (:class:`occlusion.messages.Message`, or the mapping
    it is stored as); the page says it with the next step that fits the code, and a warning
    without a code is shown as it is, cut of any command-line advice. Equation identifiers are
    said as people know the equation.
    """
    if isinstance(warning, Mapping):
        code, fields, text = (
            str(warning.get("code", "")), warning.get("fields") or {}, str(warning.get("text", ""))
        )
    else:
        code, fields, text = (
            str(getattr(warning, "code", "")), getattr(warning, "fields", {}) or {}, str(warning)
        )
    render = _WARNINGS.get(code)
    if render is not None:
        # A stored warning from before its fields is said as it was written.
        with contextlib.suppress(KeyError, TypeError, ValueError):
            text = render(fields)
    text = without_identifiers(strip_command_advice(" ".join(text.split())))
    step = _next_step(code, fields)
    return text if step is None else f"{text.rstrip().rstrip('.')}: {step}"


#: How a studied-range quantity reads, and whether its bounds are said in whole years.
_STUDIED_QUANTITIES = {
    "age": ("your age", "aged", True),
    "circumference": ("your limb's circumference", "with a limb circumference of", False),
    "SBP": ("your systolic blood pressure", "with a systolic blood pressure of", False),
}


def whole_years_within(low_years: float, high_years: float) -> tuple[int, int]:
    """Return the whole ages [years] inside ``low_years`` to ``high_years`` (18–33.71: 18, 33).

    Rounding the bounds instead would tell a 34-year-old that 34 is inside a range that a
    33.71-year limit leaves them outside.
    """
    return math.ceil(low_years), math.floor(high_years)


def _outside_studied_range(fields: Mapping[str, Any]) -> str:
    what, studied, in_years = _STUDIED_QUANTITIES[str(fields["quantity"])]
    unit = str(fields["unit"])
    low, high, value = float(fields["low"]), float(fields["high"]), float(fields["value"])
    bounds = whole_years_within(low, high) if in_years else (low, high)
    # The equation's name comes with its article ("the thigh equation of …").
    return (
        f"{sentence(str(fields['equation'])).rstrip('.')} was worked out in people {studied} "
        f"{bounds[0]:g} to {bounds[1]:g} {unit}; {what} ({value:g} {unit}) is outside that, so "
        "the estimate reaches beyond its evidence and measuring LOP is better."
    )


#: Warnings said in words of their own here (the science layer's message names its sources).
_WARNINGS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "lop.outside-studied-range": _outside_studied_range,
    # The project speaks as "we" on the pages; ``basis`` is what the source says.
    "lop.cuff-width-interpretation": lambda fields: (
        f"The {float(fields['equation_cuff_width_cm']):g} cm cuff width of {fields['equation']} "
        "is our interpretation: "
        # Warnings kept before 2026-12-07 end "... is this project's interpretation".
        + str(fields["basis"]).replace("this project's", "our")
        + "."
    ),
    # "SEE 15.289 mmHg (R² 0.397)" in words: both are about the study the equation came from.
    "lop.population-and-error": lambda fields: (
        f"Worked out in {fields['population']}; not checked in older people or people with "
        "heart or blood-vessel disease. In that study its estimates were typically "
        f"{float(fields['error_mmhg']):.0f} mmHg off a person's measured LOP, and it accounted "
        f"for {100.0 * float(fields['r_squared']):.0f} % of how LOP differed between people."
    ),
    # The next step (the guided measurement) follows these words.
    "plan.lop-estimated": lambda fields: (
        "This pressure rests on an estimated LOP; your own LOP, with this cuff and in the "
        "posture you train in, is better"
    ),
}


def sentence(text: str) -> str:
    """Return ``text`` as a sentence: capital first letter, full stop at the end."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


#: Why a session ended, as people read it: the PDF report says it in the same words.
stop_reason = stop_reason_words


def rpe_text(rpe: float | None) -> str:
    """Return a rating of perceived exertion as written on the Borg CR10 scale ("7", "7.5")."""
    if rpe is None:
        return "—"
    return f"{round(rpe, 1):g}"


def duration(seconds: float | None) -> str:
    """Return a duration in minutes and seconds ("3 min 05 s")."""
    if seconds is None:
        return "—"
    whole = max(0, round(seconds))
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def wait_words(seconds: Any) -> str:
    """Return a wait in the words a person reads ("a minute", "12 minutes", "an hour").

    Rounded up to whole minutes, so nobody who waits as told finds the door still shut.
    """
    try:
        minutes = max(1, math.ceil(float(seconds) / 60.0))
    except (TypeError, ValueError):
        return "a few minutes"
    if minutes == 1:
        return "a minute"
    if minutes == 60:
        return "an hour"
    return f"{minutes} minutes"


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
    # The cuff's width, where the study gives it, tells apart studies that disagree.
    width = study.get("cuff_width_cm")
    where = f"the {study['limb']}" + (f" ({float(width):g} cm cuff)" if width else "")
    text = f"{name} on {where} {_VERDICTS.get(str(study['verdict']), '')}"
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
