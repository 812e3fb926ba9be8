"""A clinical report of one person and period as PDF, written with fpdf2 (pure Python wheels).

Sections, in order: who and which period; the not-a-medical-device boundary; screening and
clearances; resting blood pressure and limb circumferences; LOP history (method, cuff, posture,
interval or measurement); the active plan; adherence per month (flagged under 16 days); progress
charts; every session with its sets (target next to actual), restriction time per limb, pressure
fidelity per cuff set, stop events, symptoms and device alarms; references; the boundary again.

Text is set in DejaVu Sans (shipped in matplotlib's wheel), so any name or unit symbol prints;
the charts are drawn by matplotlib into PNG images.
"""

from __future__ import annotations

import io
import logging
import unicodedata
from collections.abc import Container, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont

from occlusion.services.fidelity import ADHERENCE_DAYS_PER_MONTH, FIDELITY_BAND
from occlusion.services.record_data import RecordData, SessionData
from occlusion.vocabulary import plain, stop_reason_words

BOUNDARY = (
    "Occlusion is not a medical device. Its estimates carry real uncertainty. This report lists "
    "what was recorded; it is not a diagnosis, and clinical decisions rest with the clinician."
)
_FONT = "DejaVu"
# fpdf2 subsets the fonts with fontTools, which reports every table it prunes at INFO: about a
# hundred log lines per report in a server's log. Its warnings still come through.
logging.getLogger("fontTools").setLevel(logging.WARNING)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def local_day(moment: datetime) -> str:
    """Return ``2 May 2026`` (English month names whatever the locale)."""
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


def local_time(moment: datetime) -> str:
    """Return ``2 May 2026, 18:00`` in the recorded local time."""
    return f"{local_day(moment)}, {moment:%H:%M}"


def _iso_day(text: str | None) -> str:
    return local_day(datetime.fromisoformat(text)) if text else "—"


def _number(value: Any, digits: int = 0, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{float(value):.{digits}f}"
    return f"{text} {unit}".strip()


def _plain_or_dash(value: Any) -> str:
    return "—" if value is None else plain(value)


def _minutes(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


#: Characters that only decorate or join pictographs: taken out with a pictograph the font lacks.
_JOINERS = frozenset("\u200d\ufe0e\ufe0f")
#: What stands for a letter the font has no glyph for (a name in a script DejaVu lacks).
MISSING_GLYPH = "\u25a1"


def printable(text: str, glyphs: Container[int]) -> str:
    """Return ``text`` with what the report's font cannot draw taken out or marked.

    A pictograph (an emoji in a name, with its joiners, variation selectors and skin-tone
    modifiers) the font lacks is dropped with one space beside it, so "Pat 💪, born 1985" reads
    "Pat, born 1985"; any other character the font lacks (a letter of a script it does not
    cover) becomes :data:`MISSING_GLYPH`, so the reader sees that something was there.

    Parameters
    ----------
    glyphs
        Code points the font can draw.
    """
    chars = list(text)
    drop = [
        ord(char) not in glyphs and unicodedata.category(char) in ("So", "Sk", "Cn", "Co")
        for char in chars
    ]
    # Joiners and variation selectors go with the pictographs they join.
    for index, char in enumerate(chars):
        if char in _JOINERS and (drop[index - 1] if index else False):
            drop[index] = True
    kept: list[str] = []
    after_drop = False
    for char, dropped in zip(chars, drop, strict=True):
        if dropped:
            if kept and kept[-1] == " " and not after_drop:
                kept.pop()
            after_drop = True
            continue
        if char == " " and after_drop and (not kept or kept[-1] == " "):
            continue
        kept.append(char if ord(char) in glyphs else MISSING_GLYPH)
        after_drop = False
    return "".join(kept)


class _Report(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.report_title = title
        fonts = _font_folder()
        self.add_font(_FONT, "", str(fonts / "DejaVuSans.ttf"))
        self.add_font(_FONT, "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.add_font(_FONT, "I", str(fonts / "DejaVuSans-Oblique.ttf"))
        # What every face can draw, so text is checked the same whichever face sets it.
        faces = [font.cmap.keys() for font in self.fonts.values() if isinstance(font, TTFFont)]
        self.glyphs: frozenset[int] = frozenset(faces[0]).intersection(*faces[1:])
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(16, 16, 16)
        self.set_title(title)
        self.set_creator("Occlusion")

    def normalize_text(self, text: str) -> str:
        """Take out or mark what the font cannot draw, then let fpdf2 check the text."""
        return str(super().normalize_text(printable(text, self.glyphs)))

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(_FONT, "I", 7)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"{self.report_title} · not a medical device · page {self.page_no()}",
                  align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, room_mm: float = 45) -> None:
        if self.get_y() > self.h - room_mm:
            self.add_page()
        self.ln(3)
        self.set_font(_FONT, "B", 12)
        self.cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(_FONT, "", 9)

    def subheading(self, text: str) -> None:
        if self.get_y() > self.h - 35:
            self.add_page()
        self.ln(1)
        self.set_font(_FONT, "B", 9.5)
        self.multi_cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(_FONT, "", 9)

    def text_block(self, text: str, size: float = 9) -> None:
        self.set_font(_FONT, "", size)
        self.multi_cell(0, 4.6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def grid(self, header: tuple[str, ...], rows: Sequence[tuple[str, ...]],
             widths: tuple[float, ...] | None = None) -> None:
        if not rows:
            self.text_block("None recorded.")
            return
        self.set_font(_FONT, "", 8)
        with self.table(col_widths=widths, text_align="LEFT", line_height=4.4,
                        first_row_as_headings=True, padding=1) as table:
            row = table.row()
            for name in header:
                row.cell(name)
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(value)
        self.set_font(_FONT, "", 9)
        self.ln(1)


def _font_folder() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def report_pdf(record: RecordData, now: datetime) -> bytes:
    """Return the clinical report of ``record`` as PDF bytes."""
    person = record.person
    pdf = _Report(f"BFR training report: {person['name']}")
    pdf.add_page()
    _identity(pdf, record, now)
    _screening(pdf, record)
    _measurements(pdf, record)
    _lop(pdf, record)
    _plan(pdf, record)
    _adherence(pdf, record)
    _charts(pdf, record)
    _sessions(pdf, record)
    _references(pdf, record)
    pdf.heading("Boundary")
    pdf.text_block(BOUNDARY)
    return bytes(pdf.output())


def _identity(pdf: _Report, record: RecordData, now: datetime) -> None:
    person = record.person
    pdf.set_font(_FONT, "B", 16)
    pdf.cell(0, 9, "Blood-flow-restriction training report", new_x=XPos.LMARGIN,
             new_y=YPos.NEXT)
    pdf.set_font(_FONT, "", 10)
    details = [str(person["name"])]
    if person.get("sex"):
        details.append(str(person["sex"]))
    if person.get("birth_year"):
        details.append(f"born {person['birth_year']}")
    pdf.cell(0, 6, ", ".join(details), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    period = record.period
    if record.sessions and len(record.sessions) == 1 and period.is_open:
        span = f"one session, {local_time(record.sessions[0].started_local)}"
    elif period.is_open:
        span = "all sessions on record"
        if record.sessions:
            first = record.sessions[0].started_local
            last = record.sessions[-1].started_local
            span += f" ({local_day(first)} to {local_day(last)})"
    else:
        start = local_day(datetime.combine(period.start, datetime.min.time())) \
            if period.start else "the first session"
        end = local_day(datetime.combine(period.end, datetime.min.time())) \
            if period.end else "today"
        span = f"{start} to {end}"
    pdf.cell(0, 6, f"Period: {span}. Sessions: {len(record.sessions)}.",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(0, 6, f"Report made {local_time(now)}.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_fill_color(255, 244, 214)
    pdf.set_font(_FONT, "B", 9)
    pdf.multi_cell(0, 5, BOUNDARY, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(_FONT, "", 9)


def _screening(pdf: _Report, record: RecordData) -> None:
    pdf.heading("Screening and clearances")
    if not record.screenings:
        pdf.text_block("No screening on record: blood-flow restriction should not start before "
                       "one.")
    for screening in record.screenings[-3:]:
        result = screening.get("result") or {}
        pdf.subheading(f"{_iso_day(screening['screened_at'])}: {plain(screening['decision'])}")
        if result.get("summary"):
            pdf.text_block(str(result["summary"]))
        for reason in result.get("reasons") or []:
            text = reason.get("text") if isinstance(reason, dict) else str(reason)
            pdf.text_block(f"• {text}")
    if record.clearances:
        pdf.grid(("Cleared on", "Clinician", "Note"), [
            (_iso_day(item["cleared_at"]), str(item["clinician"]), str(item.get("note") or ""))
            for item in record.clearances
        ], (30, 50, 100))


def _measurements(pdf: _Report, record: RecordData) -> None:
    pdf.heading("Resting blood pressure and limb circumference")
    pdf.grid(("Date", "Systolic", "Diastolic", "Posture"), [
        (_iso_day(item["measured_at"]), _number(item["systolic_mmhg"], 0, "mmHg"),
         _number(item.get("diastolic_mmhg"), 0, "mmHg"),
         plain(item["posture"]) if item.get("posture") else "—")
        for item in record.blood_pressure
    ])
    pdf.grid(("Date", "Limb", "Circumference"), [
        (_iso_day(item["measured_at"]), f"{item['side']} {item['limb']}",
         _number(item["circumference_cm"], 1, "cm"))
        for item in record.limbs
    ])


def _lop(pdf: _Report, record: RecordData) -> None:
    pdf.heading("Limb occlusion pressure (LOP) history")
    rows = []
    for item in record.lop:
        if item.get("interval_low_mmhg") is not None:
            basis = (f"estimated, 95 % interval {item['interval_low_mmhg']:.0f}–"
                     f"{item['interval_high_mmhg']:.0f} mmHg")
        else:
            basis = plain(item["source"])
        if item.get("retired_at"):
            basis += f"; retired {_iso_day(item['retired_at'])}, not used for plans"
        rows.append((
            _iso_day(item["measured_at"]), f"{item['side']} {item['limb']}",
            _number(item["lop_mmhg"], 0, "mmHg"), basis, plain(item["method"]),
            f"{item['cuff_width_cm']:g} cm {plain(item['cuff_material'])}",
            plain(item["posture"]),
        ))
    pdf.grid(("Date", "Limb", "LOP", "Estimate or measurement", "Method", "Cuff", "Posture"),
             rows, (20, 20, 18, 42, 36, 24, 18))


def _plan(pdf: _Report, record: RecordData) -> None:
    pdf.heading("Plan")
    if record.plan is None:
        pdf.text_block("No active plan.")
        return
    prescription = record.plan["prescription"]
    protocol = prescription.get("protocol") or {}
    pdf.text_block(
        f"{protocol.get('title', record.plan['protocol'])}, written "
        f"{_iso_day(record.plan['created_at'])}. Goal: {_plain_or_dash(prescription.get('goal'))}; "
        f"posture: {_plain_or_dash(prescription.get('posture'))}."
    )
    limbs = []
    for limb in prescription.get("limbs") or []:
        pressure = (f"{limb['pressure_mmhg']} mmHg" if limb.get("pressure_mmhg") is not None
                    else "wrap by stretch")
        limbs.append((f"{limb.get('side', '')} {limb['limb']}".strip(),
                      plain(limb.get("equipment", "")), f"{_number(limb.get('pct_lop'))} % LOP",
                      pressure))
    pdf.grid(("Limb", "Equipment", "Target", "Pressure"), limbs)
    exercises = []
    for exercise in prescription.get("exercises") or []:
        load = (exercise.get("load") or {}).get("load_kg")
        sets = " / ".join(str(item.get("label")) for item in exercise.get("sets") or [])
        exercises.append((str(exercise["name"]), sets, _number(load, 1, "kg"),
                          _number(exercise.get("rest_between_sets_s"), 0, "s")))
    pdf.grid(("Exercise", "Sets (reps)", "Load", "Rest between sets"), exercises)


def _adherence(pdf: _Report, record: RecordData) -> None:
    pdf.heading("Adherence: days with a session per month")
    pdf.grid(("Month", "Days with a session", f"Under {ADHERENCE_DAYS_PER_MONTH} days"), [
        (f"{_MONTHS[item.month - 1]} {item.year}", str(item.days),
         "yes" if item.below_threshold else "no")
        for item in record.adherence
    ], (50, 50, 50))
    pdf.text_block(
        f"US remote therapeutic monitoring bills the device code per 30 days with at least "
        f"{ADHERENCE_DAYS_PER_MONTH} days of data (secondary sources); this count is per "
        "calendar month.", size=8)


def _charts(pdf: _Report, record: RecordData) -> None:
    points = []
    for data in record.sessions:
        volume = sum((item.get("load_kg") or 0.0) * (item.get("reps") or 0)
                     for _exercise, item in data.sets())
        fidelities = [item["fidelity"]["within_band_pct"] for _exercise, item in data.sets()
                      if item.get("fidelity")]
        mean = sum(fidelities) / len(fidelities) if fidelities else None
        points.append((data.started_local, volume, mean))
    if len(points) < 2:
        return
    pdf.heading("Progress", room_mm=95)
    pdf.image(io.BytesIO(_chart_png(points)), w=pdf.epw)


def _chart_png(points: list[tuple[datetime, float, float | None]]) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.dates import DateFormatter
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.2, 2.6), dpi=150)
    left, right = figure.subplots(1, 2)
    days = [point[0].replace(tzinfo=None) for point in points]
    left.plot(days, [point[1] for point in points], marker="o", color="#1f5f8b")
    left.set_title("Volume load per session [kg]", fontsize=9)
    cuff = [(day, point[2]) for day, point in zip(days, points, strict=True)
            if point[2] is not None]
    if cuff:
        right.plot([item[0] for item in cuff], [item[1] for item in cuff], marker="o",
                   color="#8b3a1f")
        right.set_ylim(0, 105)
    right.set_title(f"Time within ±{FIDELITY_BAND:.0%} of target pressure [%]", fontsize=9)
    for axis in (left, right):
        axis.tick_params(labelsize=7)
        if len(days) <= 10:
            axis.set_xticks(days)
        axis.xaxis.set_major_formatter(DateFormatter("%d %b"))  # type: ignore[no-untyped-call]
        axis.grid(alpha=0.3)
        for label in axis.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _sessions(pdf: _Report, record: RecordData) -> None:
    pdf.heading("Sessions")
    if not record.sessions:
        pdf.text_block("No sessions in this period.")
    for data in record.sessions:
        _session(pdf, data)


def _session(pdf: _Report, data: SessionData) -> None:
    session = data.session
    status, kind = plain(session["status"]), plain(session["restriction_kind"])
    title = f"{local_time(data.started_local)}: {status}, {kind}"
    if session.get("source") not in (None, "occlusion"):
        title += f" (imported from {session['source']})"
    pdf.subheading(title)
    if session.get("stop_reason"):
        words = stop_reason_words(session["stop_reason"])
        pdf.text_block(f"{words[0].upper()}{words[1:]}.")
    if data.restriction_s_by_limb:
        pdf.text_block("Restriction time: " + "; ".join(
            f"{limb.replace('-', ' ')} {_minutes(seconds)}" for limb, seconds in sorted(
                data.restriction_s_by_limb.items())))
    cuff = session["restriction_kind"] == "cuff"
    header: tuple[str, ...] = ("Exercise", "Set", "Reps (target)", "Load kg (target)")
    widths: tuple[float, ...] = (28, 9, 20, 22)
    if cuff:
        header += ("mmHg (target)", "% LOP", "Within ±10 %", "Min–max mmHg")
        widths += (24, 13, 18, 22)
    header += ("RPE", "Discomfort (0–10)")
    widths += (11, 23)
    if not cuff:
        widths = tuple(width * 178 / sum(widths) for width in widths)
    rows = []
    for exercise, item in data.sets():
        row: tuple[str, ...] = (
            str(exercise["name"]), str(item["position"]),
            f"{_number(item.get('reps'))} ({_number(item.get('target_reps'))})",
            f"{_number(item.get('load_kg'), 1)} ({_number(item.get('target_load_kg'), 1)})",
        )
        if cuff:
            fidelity = item.get("fidelity")
            row += (
                f"{_number(item.get('pressure_mmhg'))} "
                f"({_number(item.get('target_pressure_mmhg'))})",
                _number(item.get("pressure_pct_lop")),
                f"{fidelity['within_band_pct']:.0f} %" if fidelity else "no trace",
                f"{fidelity['min_mmhg']:.0f}–{fidelity['max_mmhg']:.0f}" if fidelity else "—",
            )
        row += (_number(item.get("rpe"), 1), _number(item.get("discomfort")))
        rows.append(row)
    pdf.grid(header, rows, widths)
    events = [_event_line(event) for event in data.events]
    symptoms = sorted({symptom for _exercise, item in data.sets()
                       for symptom in item.get("symptoms") or []})
    if symptoms:
        events.insert(0, "Symptoms logged with sets: " + ", ".join(map(plain, symptoms)))
    serious = [alarm for alarm in data.alarms if alarm.get("severity") != "advisory"]
    advisories = len(data.alarms) - len(serious)
    for alarm in serious:
        when = datetime.fromisoformat(alarm["occurred_at"])
        events.append(f"{when:%H:%M:%S} cuff alarm: {plain(alarm['code'])} "
                      f"({plain(alarm.get('channel') or 'device')}, {plain(alarm['severity'])})")
    if advisories:
        events.append(f"{advisories} advisory device message(s) (pressure briefly off target "
                      "while inflating or deflating)")
    if events:
        pdf.set_font(_FONT, "", 8)
        for line in events:
            pdf.multi_cell(0, 4.2, f"• {line}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(_FONT, "", 9)


def _stop_rule_words(code: Any) -> str:
    """Return a stop rule's condition in words, or its code de-hyphenated if it is unknown."""
    from occlusion.science.protocols import STOP_RULES

    for rule in STOP_RULES:
        if rule.code == code:
            return rule.condition
    return str(code).replace("-", " ")


def _interruption_words(reason: Any) -> str:
    text = str(reason or "")
    if text.startswith("stop rule "):
        rule = _stop_rule_words(text.removeprefix("stop rule ").split(":")[0])
        return f"set interrupted by the stop rule: {rule}"
    return f"set interrupted: {stop_reason_words(text)}"


def _event_line(event: dict[str, Any]) -> str:
    payload = event.get("payload") or {}
    when = datetime.fromisoformat(event["occurred_at"])
    kind = str(event["kind"])
    words = {
        "stop-rule": lambda: (
            f"stop rule, {_stop_rule_words(payload.get('code'))}: {payload.get('advice', '')}"
        ),
        "pressure-lowered": lambda: f"pressure lowered by {payload.get('step_mmhg', 0):g} mmHg",
        "symptom-reported": lambda: f"symptom reported: {plain(payload.get('symptom'))}",
        "discomfort-reported": lambda: f"discomfort reported: {payload.get('discomfort')}/10",
        "set-interrupted": lambda: _interruption_words(payload.get("reason")),
        "budget-cap-reached": lambda: (
            f"restriction time cap reached ({plain(payload.get('limb'))})"
        ),
        "device-alarm": lambda: (
            f"cuff alarm: {plain(payload.get('code'))} (channel {plain(payload.get('channel'))})"
        ),
        "session-stopped": lambda: f"session ended: {stop_reason_words(payload.get('reason'))}",
    }
    text = words[kind]() if kind in words else kind
    return f"{when:%H:%M:%S} {text}"


def _references(pdf: _Report, record: RecordData) -> None:
    from occlusion import evidence
    from occlusion.device.bench import SWAIN_2025

    pdf.heading("References")
    references: list[str] = []
    prescription = (record.plan or {}).get("prescription") or {}
    for item in prescription.get("references") or []:
        if isinstance(item, dict):
            references.append(_reference_text(item))
    fidelity_source = evidence.get(SWAIN_2025.key).as_dict()
    references.append(_reference_text(fidelity_source)
                      + " (pressure fidelity: share of time within ±10 % of target)")
    for number, text in enumerate(dict.fromkeys(references), start=1):
        pdf.set_font(_FONT, "", 7.5)
        pdf.multi_cell(0, 3.8, f"{number}. {text}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(_FONT, "", 9)


def _reference_text(item: dict[str, Any]) -> str:
    text = str(item.get("citation", item.get("key", "")))
    if item.get("doi"):
        text += f" doi:{item['doi']}"
    elif item.get("url"):
        text += f" {item['url']}"
    return text
