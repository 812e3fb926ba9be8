"""The PDF report, read back with pdftotext (Debian's poppler-utils) section by section."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from occlusion.services.exports import export
from occlusion.services.record_data import gather
from tests.services.flow import WHEN


def pdf_text(data: bytes, tmp_path) -> str:  # type: ignore[no-untyped-def]
    if shutil.which("pdftotext") is None:
        message = "pdftotext (Debian package poppler-utils) is not installed"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; .ci/run installs it")
        pytest.skip(f"{message}; install it with apt-get install poppler-utils")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_report_has_every_section(cuff_database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    database, person = cuff_database
    exported = export(database, "pdf", person=person, now=WHEN)
    assert exported.data.startswith(b"%PDF-") and exported.media_type == "application/pdf"
    text = pdf_text(exported.data, tmp_path)
    flat = " ".join(text.split())
    for section in ("Blood-flow-restriction training report", "Screening and clearances",
                    "Resting blood pressure and limb circumference",
                    "Limb occlusion pressure (LOP) history", "Plan",
                    "Adherence: days with a session per month", "Progress", "Sessions",
                    "References", "Boundary"):
        assert section in text, section
    assert "Pat Okafor, female, born 1985" in flat
    assert "Occlusion is not a medical device" in flat
    assert "1 May 2026: cleared" in flat
    assert "118 mmHg 76 mmHg" in flat
    # Values in the words the web pages use (one wording for people, from the vocabulary).
    assert "left thigh 180 mmHg measured by hand Doppler probe seated" in flat
    assert "Goal: muscle size; posture: seated." in flat and "hypertrophy" not in flat
    assert "May 2026 2 yes" in flat
    # The cuff holds through the rests of 30-15-15-15: from 5.75 s to the release after the
    # fourth set at 176 s, and from 241.75 s to the stop at 263 s (the sets alone: 100.25 s).
    assert "Restriction time: left thigh 3 min 12 s; right thigh 3 min 12 s" in flat
    # Lowest–highest pressure follows the simulated cuff's controller; it must lie in the band.
    held = re.search(r"Leg press 1 15 \(30\) 60\.0 \(60\.0\) 90 \(90\) 50 100 % (\d+)–(\d+)", flat)
    assert held is not None, flat
    assert 81 <= int(held[1]) <= int(held[2]) <= 99
    # Stop rules in their words, never their codes (a clinician reads this report).
    assert "stop rule, tingling below the band:" in flat
    assert "Symptoms logged with sets: tingling" in flat
    assert "stop rule tingling" not in flat
    assert "Swain P" in flat and "10.3389/fspor.2025.1582387" in flat
    # Why each session ended, in the words of the session summary page.
    assert "2 May 2026, 18:00: stopped early, cuff Stopped with the stop button." in flat
    assert "session ended: stopped with the stop button" in flat
    assert "stopped by the person" not in flat
    assert "cuff alarm: sensor out of range (left thigh, deflate)" in flat
    assert "sensor-out-of-range" not in flat and "left-thigh" not in flat
    assert "2026-05" not in text and "T18:00" not in text, "dates are for people, not ISO"


def test_report_for_one_session_and_for_a_new_wrap_athlete(cuff_database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.services.flow import ready_person

    database, person = cuff_database
    last = gather(database, person=person).sessions[-1]
    text = pdf_text(export(database, "pdf", session_ref=last.id, now=WHEN).data, tmp_path)
    assert "one session, 4 May 2026, 18:00" in text
    assert "2 May 2026, 18:00: stopped" not in text
    newcomer = ready_person(database)
    text = pdf_text(export(database, "pdf", person=newcomer, now=WHEN).data, tmp_path)
    flat = " ".join(text.split())
    assert "Sam Rivera, male, born 1999" in flat and "No sessions in this period." in flat
    assert "wrap by stretch" in flat and "Within ±10 %" not in flat


def test_a_retired_lop_is_marked_in_the_report(cuff_database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import uuid
    from datetime import timedelta

    from occlusion.services.retirement import retire_lop

    database, person = cuff_database
    lop = next(item for item in gather(database, person=person).lop if item["lop_mmhg"] == 180)
    retire_lop(database, person, uuid.UUID(str(lop["id"])), now=WHEN + timedelta(days=3))
    flat = " ".join(pdf_text(export(database, "pdf", person=person, now=WHEN).data,
                             tmp_path).split())
    # The narrow column wraps the basis over lines: look for its words in the LOP section.
    section = flat.split("Limb occlusion pressure (LOP) history")[1].split("Plan")[0]
    assert "retired" in section and "4 May 2026" in section, section


def test_event_lines_name_stop_rules_by_their_condition() -> None:
    from occlusion.services.exports.pdf import _event_line
    from occlusion.vocabulary import stop_reason_words

    at = "2026-05-04T18:01:02+00:00"
    rule = {"kind": "stop-rule", "occurred_at": at,
            "payload": {"code": "discomfort-above-7", "advice": "release now"}}
    interrupted = {"kind": "set-interrupted", "occurred_at": at,
                   "payload": {"reason": "stop rule discomfort-above-7"}}
    stopped = {"kind": "set-interrupted", "occurred_at": at,
               "payload": {"reason": "stopped by the person"}}
    condition = "discomfort or pain under the band rated above 7 out of 10"
    assert _event_line(rule) == f"18:01:02 stop rule, {condition}: release now"
    assert _event_line(interrupted) == f"18:01:02 set interrupted by the stop rule: {condition}"
    assert _event_line(stopped) == "18:01:02 set interrupted: stopped with the stop button"
    # Why a session ended, in the words of the session summary page, never as the log keeps it.
    for reason, words in (
        ("stop rule discomfort-above-7: release now", "stopped for discomfort above 7/10"),
        ("no page followed the session for 30 s: cuff deflated",
         "stopped because the page was closed"),
        ("device fault: port closed", "stopped by a cuff fault"),
        ("stopped by the person", "stopped with the stop button"),
    ):
        ended = {"kind": "session-stopped", "occurred_at": at, "payload": {"reason": reason}}
        assert _event_line(ended) == f"18:01:02 session ended: {words}"
        assert words == stop_reason_words(reason)
    # Symptoms, limbs and alarms in the words the pages use, never their codes.
    symptom = {"kind": "symptom-reported", "occurred_at": at, "payload": {"symptom": "sharp-pain"}}
    cap = {"kind": "budget-cap-reached", "occurred_at": at, "payload": {"limb": "left-thigh"}}
    alarm = {"kind": "device-alarm", "occurred_at": at,
             "payload": {"code": "sensor-disconnected", "channel": 0}}
    assert _event_line(symptom) == "18:01:02 symptom reported: sharp pain"
    assert _event_line(cap) == "18:01:02 restriction time cap reached (left thigh)"
    assert _event_line(alarm) == "18:01:02 cuff alarm: sensor disconnected (channel 0)"


def test_names_the_font_cannot_draw_print_without_missing_glyphs(
    cuff_database, tmp_path, caplog: pytest.LogCaptureFixture  # type: ignore[no-untyped-def]
) -> None:
    """An emoji in a name is left out (DejaVu has none); a script it lacks shows a box."""
    from occlusion.services.exports.pdf import MISSING_GLYPH
    from occlusion.services.people import add_person

    database, _person = cuff_database
    person = add_person(database, name="Pat 💪 Okafor 山", sex="female", birth_year=1985,
                        now=WHEN)
    with caplog.at_level("INFO"):
        data = export(database, "pdf", person=person.id, now=WHEN).data
    assert [record.message for record in caplog.records if "missing" in record.message] == []
    # Nor the font subsetter's report of every table it pruned (a hundred lines per report).
    assert [record for record in caplog.records if record.name.startswith("fontTools")] == []
    flat = " ".join(pdf_text(data, tmp_path).split())
    assert f"Pat Okafor {MISSING_GLYPH}, female, born 1985" in flat


def test_an_estimated_lop_names_its_equation_in_words(cuff_database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from occlusion.science.lop.estimate import estimate
    from occlusion.services.measurements import record_lop_estimate

    database, person = cuff_database
    estimated = estimate(limb="thigh", cuff_width_cm=18.0, circumference_cm=55.0, sbp_mmhg=118.0,
                         age_years=30.0, sex="female")  # type: ignore[arg-type]
    record_lop_estimate(database, person, estimated, side="right", now=WHEN)
    flat = " ".join(pdf_text(export(database, "pdf", person=person, now=WHEN).data,
                             tmp_path).split())
    section = flat.split("Limb occlusion pressure (LOP) history")[1].split("Plan")[0]
    # The method column is narrow: its words wrap, so look for them one by one.
    for word in ("thigh", "equation", "Cirilo-Sousa", "2019"):
        assert word in section, section
    assert "rbme" not in flat, "an equation's identifier is not for a clinician's report"
