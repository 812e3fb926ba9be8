from __future__ import annotations

from datetime import timedelta

import pytest

from occlusion.errors import InputError, ScreeningBlockError
from occlusion.services.journal import load_events
from occlusion.services.people import add_person
from occlusion.services.screening import record_clearance, screen_person
from occlusion.services.sessions import (
    abandon_session,
    log_set,
    resume_session,
    start_session,
)
from occlusion.sessions import ManualClock
from occlusion.store.csv_formats import export_sets_csv, read_csv_rows
from tests.services.flow import WHEN, ready_person, screening_answers


def run_whole_session(handle, clock, last_set_reps: int = 15) -> None:  # type: ignore[no-untyped-def]
    runner = handle.runner
    while not runner.finished:
        step = runner.view().step
        if step == "apply":
            runner.confirm_applied()
        elif step == "set":
            clock.advance(60)
            view = runner.view()
            reps = last_set_reps if view.set_number == 4 else view.target_reps
            log_set(handle, reps=reps, rpe=7, discomfort=4)
        else:
            clock.advance(runner.view().seconds_remaining or 0)
            runner.tick()


def test_guided_session_is_logged_set_by_set(database) -> None:  # type: ignore[no-untyped-def]
    person = ready_person(database)
    clock = ManualClock(WHEN + timedelta(hours=1))
    handle = start_session(database, person, clock=clock)
    assert handle.checks[0].startswith("screening: cleared")
    assert handle.runner.view().step == "apply"
    assert any("mark B" in prompt for prompt in handle.runner.view().prompts)
    run_whole_session(handle, clock)
    rows = list(read_csv_rows(export_sets_csv(database)))
    assert len(rows) == 8
    assert rows[0]["exercise"] == "Leg press" and rows[0]["load_kg"] == "60.0"
    assert rows[0]["target_reps"] == "30" and rows[0]["reps"] == "30"
    assert rows[0]["restriction_s"] == "60.0"
    events = load_events(database, handle.session_id)
    assert events[-1].kind == "session-completed"


def test_progression_adds_load_when_set_four_passes_fifteen(database) -> None:  # type: ignore[no-untyped-def]
    person = ready_person(database)
    clock = ManualClock(WHEN + timedelta(hours=1))
    run_whole_session(start_session(database, person, clock=clock), clock, last_set_reps=18)
    clock.advance(2 * 86400)
    second = start_session(database, person, clock=clock)
    decisions = {item.exercise: item for item in second.progression}
    assert decisions["Leg press"].increased
    assert decisions["Leg press"].target_load_kg == 65.0
    assert second.runner.view().target_load_kg == 65.0
    run_whole_session(second, clock, last_set_reps=12)
    clock.advance(2 * 86400)
    third = start_session(database, person, clock=clock)
    assert {item.exercise: item.target_load_kg for item in third.progression} == {
        "Leg press": 65.0, "Leg extension": 25.0}
    assert not any(item.increased for item in third.progression)


def test_resume_carries_on_and_a_second_start_is_refused(database) -> None:  # type: ignore[no-untyped-def]
    person = ready_person(database)
    clock = ManualClock(WHEN + timedelta(hours=1))
    handle = start_session(database, person, clock=clock)
    handle.runner.confirm_applied()
    clock.advance(60)
    log_set(handle, reps=30, load=132.277, load_unit="lb")
    with pytest.raises(InputError, match="in progress"):
        start_session(database, person, clock=clock)
    clock.advance(400)
    resumed = resume_session(database, person, clock=clock)
    assert resumed.session_id == handle.session_id
    assert resumed.runner.view().step == "apply"
    assert resumed.runner.view().set_number == 2
    rows = list(read_csv_rows(export_sets_csv(database)))
    assert len(rows) == 1 and rows[0]["load_entered_unit"] == "lb"
    assert float(rows[0]["load_kg"]) == pytest.approx(60.0, abs=1e-3)
    abandon_session(database, person)
    with pytest.raises(InputError, match="no session in progress"):
        resume_session(database, person, clock=clock)


def test_screening_gates_the_session(database) -> None:  # type: ignore[no-untyped-def]
    person = ready_person(database)
    clock = ManualClock(WHEN + timedelta(days=400))
    with pytest.raises(ScreeningBlockError, match="due again") as aged:
        start_session(database, person, clock=clock)
    assert aged.value.code == "session.screening-expired"
    assert [reason["code"] for reason in aged.value.fields["reasons"]] == ["screening.aged"]
    referred = dict(screening_answers(), previous_vte=True)
    screen_person(database, person, referred, now=WHEN + timedelta(days=399))
    result_decision = None
    with pytest.raises(ScreeningBlockError) as caught:
        start_session(database, person, clock=clock)
    result_decision = str(caught.value)
    assert "refer" in result_decision or "exclude" in result_decision
    if "refer" in result_decision:
        record_clearance(database, person, clinician="Dr. Ortiz", now=WHEN + timedelta(days=400))
        assert start_session(database, person, clock=clock).checks[0].startswith("screening: refer")


def test_no_plan_no_session(database) -> None:  # type: ignore[no-untyped-def]
    person = add_person(database, name="New", now=WHEN)
    with pytest.raises(InputError, match="no plan"):
        start_session(database, person.id, clock=ManualClock(WHEN))
