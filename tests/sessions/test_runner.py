from __future__ import annotations

import pytest
from hypothesis import event as note_case
from hypothesis import given, settings
from hypothesis import strategies as st

from occlusion.errors import InputError
from occlusion.sessions import (
    LoggedSet,
    ManualClock,
    MemoryJournal,
    SessionRunner,
    WrapRestriction,
)
from occlusion.sessions.view import cadence_cue
from tests.sessions.helpers import START, FakeCuff, plan


def make(restriction: str = "continuous", **options):  # type: ignore[no-untyped-def]
    clock = ManualClock(START)
    journal = MemoryJournal()
    runner = SessionRunner(plan(restriction, **options), WrapRestriction(), journal, clock)
    return runner, clock, journal


def kinds(journal: MemoryJournal) -> list[str]:
    return [event.kind for event in journal.events]


def do_set(runner: SessionRunner, clock: ManualClock, reps: int, seconds: float = 60.0,
           **logged) -> None:  # type: ignore[no-untyped-def]
    clock.advance(seconds)
    runner.tick()
    runner.log_set(LoggedSet(reps=reps, **logged))


def test_continuous_session_runs_to_completion() -> None:
    runner, clock, journal = make(exercises=2)
    runner.start()
    assert runner.view().step == "apply"
    assert "marks 10 cm apart" in runner.view().prompts
    runner.confirm_applied()
    for exercise in range(2):
        for number, reps in enumerate((30, 15, 15, 17)):
            assert runner.view().step == "set"
            assert runner.view().set_number == number + 1
            do_set(runner, clock, reps, rpe=7, discomfort=5)
            if number < 3:
                assert runner.view().step == "rest"
                assert runner.view().budgets[0].applied, "continuous: restriction stays on"
                clock.advance(30)
                runner.tick()
        if exercise == 0:
            assert runner.view().step == "between-exercises"
            assert not any(budget.applied for budget in runner.view().budgets)
            clock.advance(120)
            runner.tick()
            assert runner.view().step == "apply"
            runner.confirm_applied()
    assert runner.finished and runner.view().step == "completed"
    logged = [event for event in journal.events if event.kind == "set-logged"]
    assert len(logged) == 8
    assert [event.payload["reps"] for event in logged[:4]] == [30, 15, 15, 17]
    assert logged[0].payload["restriction_s"] == pytest.approx(60.0)
    assert logged[1].payload["restriction_s"] == pytest.approx(60.0)
    assert logged[0].payload["target_load_kg"] == 40.0
    # 4 sets of 60 s plus 3 rests of 30 s, per exercise, without release.
    totals = {budget.limb: budget.total_s for budget in runner.view().budgets}
    assert totals == {"left-thigh": pytest.approx(660.0), "right-thigh": pytest.approx(660.0)}
    assert [event.sequence for event in journal.events] == list(range(1, len(journal.events) + 1))


def test_intermittent_releases_between_sets() -> None:
    runner, clock, journal = make("intermittent", exercises=1)
    runner.start()
    runner.confirm_applied()
    do_set(runner, clock, 30)
    assert kinds(journal)[-2:] == ["restriction-released", "countdown-started"]
    clock.advance(30)
    runner.tick()
    assert runner.view().step == "apply"
    runner.confirm_applied()
    assert runner.view().step == "set" and runner.view().set_number == 2


def test_cap_forces_release_and_reperfusion_that_cannot_be_skipped() -> None:
    runner, clock, journal = make(exercises=1, cap_s=100.0, reperfusion_s=180.0)
    runner.start()
    runner.confirm_applied()
    clock.advance(99)
    runner.tick()
    assert runner.view().step == "set"
    clock.advance(1)
    runner.tick()
    assert "budget-cap-reached" in kinds(journal)
    assert "set-interrupted" in kinds(journal)
    view = runner.view()
    assert view.step == "reperfusion"
    assert not any(budget.applied for budget in view.budgets)
    with pytest.raises(InputError, match="cannot be shortened"):
        runner.skip_countdown()
    clock.advance(180)
    runner.tick()
    assert runner.view().step == "apply"
    assert all(budget.used_s == 0.0 for budget in runner.view().budgets), "reperfused"
    runner.confirm_applied()
    assert runner.view().set_number == 1, "the interrupted set is done again"


def test_short_release_does_not_reset_the_budget() -> None:
    runner, clock, _ = make("intermittent", exercises=1, reperfusion_s=180.0)
    runner.start()
    runner.confirm_applied()
    do_set(runner, clock, 30, seconds=60)
    clock.advance(30)
    runner.tick()
    runner.confirm_applied()
    clock.advance(10)
    assert runner.view().budgets[0].used_s == pytest.approx(70.0)


def test_discomfort_above_seven_releases_at_once() -> None:
    runner, clock, journal = make(exercises=1)
    runner.start()
    runner.confirm_applied()
    clock.advance(20)
    runner.report(discomfort=8)
    assert kinds(journal)[-4:] == ["stop-rule", "set-interrupted", "restriction-released",
                                   "countdown-started"]
    assert runner.view().step == "reperfusion"
    runner.report(discomfort=7)
    assert kinds(journal)[-1] == "discomfort-reported", "7/10 is allowed"


@pytest.mark.parametrize("symptom", ["numbness", "dizziness", "sharp-pain"])
def test_serious_symptoms_release_and_stop(symptom: str) -> None:
    runner, clock, journal = make(exercises=1)
    runner.start()
    runner.confirm_applied()
    do_set(runner, clock, 20, symptoms=(symptom,))
    assert runner.view().step == "stopped"
    assert "restriction-released" in kinds(journal)
    assert symptom in (runner.view().outcome or "")
    with pytest.raises(InputError, match="over"):
        runner.report(discomfort=1)


def test_tingling_lowers_the_cuff() -> None:
    clock = ManualClock(START)
    cuff = FakeCuff()
    runner = SessionRunner(plan(exercises=1), cuff, MemoryJournal(), clock)
    runner.start()
    assert runner.view().step == "apply"
    runner.tick()
    assert runner.view().step == "apply", "waits until the cuff holds"
    cuff.holding = True
    runner.tick()
    assert runner.view().step == "set"
    runner.report(symptom="tingling")
    assert runner.target_pressure_mmhg() == 100.0
    assert cuff.log[-1] == "lower 10.0"
    assert runner.view().step == "set"
    do_set(runner, clock, 30)
    assert runner.view().pressures_mmhg == {"left-thigh": 99.0, "right-thigh": 99.0}


@pytest.mark.parametrize(
    ("logged", "message"),
    [
        (LoggedSet(reps=-1), "repetitions"),
        (LoggedSet(reps=10, rpe=11), "RPE"),
        (LoggedSet(reps=10, discomfort=3.5), "whole number"),  # type: ignore[arg-type]
        (LoggedSet(reps=10, load_kg=float("nan")), "load"),
        (LoggedSet(reps=10, symptoms=("itchy",)), "unknown symptom"),
        (LoggedSet(reps=10, load_entered_unit="stone"), "unit"),
    ],
)
def test_bad_set_is_refused_before_anything_is_written(logged, message) -> None:  # type: ignore[no-untyped-def]
    runner, _clock, journal = make()
    runner.start()
    runner.confirm_applied()
    before = list(journal.events)
    with pytest.raises(InputError, match=message):
        runner.log_set(logged)
    assert journal.events == before


def test_commands_out_of_turn_are_refused() -> None:
    runner, _, _ = make()
    runner.start()
    with pytest.raises(InputError, match="no set"):
        runner.log_set(LoggedSet(reps=3))
    with pytest.raises(InputError, match="no rest"):
        runner.skip_countdown()
    runner.confirm_applied()
    with pytest.raises(InputError, match="nothing to apply"):
        runner.confirm_applied()
    with pytest.raises(InputError, match="already started"):
        runner.start()


def test_resume_rebuilds_state_and_reapplies() -> None:
    runner, clock, journal = make(exercises=1)
    runner.start()
    runner.confirm_applied()
    do_set(runner, clock, 30)
    clock.advance(30)
    runner.tick()
    clock.advance(20)  # mid second set, then the process dies
    clock.advance(300)  # the person restarts five minutes later
    resumed = SessionRunner.resume(runner.plan, WrapRestriction(), journal, clock,
                                   list(journal.events))
    kinds_after = kinds(journal)[-4:]
    assert kinds_after == ["session-resumed", "restriction-released", "set-interrupted",
                           "restriction-requested"]
    view = resumed.view()
    assert view.step == "apply" and view.set_number == 2
    # The wrap may have stayed on while the process was dead: that time counts.
    assert view.budgets[0].used_s == pytest.approx(60 + 30 + 20 + 300)


def test_resume_of_a_finished_session_is_refused() -> None:
    runner, _, journal = make()
    runner.start()
    runner.stop()
    with pytest.raises(InputError, match="already"):
        SessionRunner.resume(runner.plan, WrapRestriction(), journal, ManualClock(START),
                             journal.events)


def test_timed_bout_ends_on_its_own() -> None:
    from dataclasses import replace

    from occlusion.sessions.plan import PlannedSet

    base = plan(exercises=1)
    exercise = replace(base.exercises[0], sets=(PlannedSet(duration_s=120.0),))
    clock = ManualClock(START)
    journal = MemoryJournal()
    runner = SessionRunner(replace(base, exercises=(exercise,)), WrapRestriction(), journal,
                           clock)
    runner.start()
    runner.confirm_applied()
    clock.advance(60)
    runner.tick()
    assert runner.view().seconds_remaining == pytest.approx(60.0)
    clock.advance(60)
    runner.tick()
    assert runner.view().step == "completed"


def test_cadence_cue() -> None:
    assert cadence_cue(0.5, (2.0, 0.0, 2.0)).as_dict() == {
        "repetition": 1, "phase": "lift", "phase_remaining_s": 1.5}
    assert cadence_cue(3.0, (2.0, 0.0, 2.0)).phase == "lower"
    assert cadence_cue(9.0, (2.0, 1.0, 2.0)).repetition == 2
    assert cadence_cue(7.5, (2.0, 1.0, 2.0)).phase == "hold"


ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("wait"), st.floats(min_value=0, max_value=400)),
        st.tuples(st.just("confirm"), st.none()),
        st.tuples(st.just("log"), st.integers(min_value=0, max_value=40)),
        st.tuples(st.just("skip"), st.none()),
        st.tuples(st.just("discomfort"), st.integers(min_value=0, max_value=10)),
        st.tuples(st.just("symptom"), st.sampled_from(["tingling", "colour-or-refill"])),
    ),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(ACTIONS, st.sampled_from(["continuous", "intermittent"]))
def test_replaying_the_journal_rebuilds_the_same_state(actions, restriction) -> None:  # type: ignore[no-untyped-def]
    runner, clock, journal = make(restriction, exercises=2, cap_s=600.0)
    runner.start()
    for action, value in actions:
        if runner.finished:
            break
        try:
            if action == "wait":
                clock.advance(value)
                runner.tick()
            elif action == "confirm":
                runner.confirm_applied()
            elif action == "log":
                runner.log_set(LoggedSet(reps=value))
            elif action == "skip":
                runner.skip_countdown()
            elif action == "discomfort":
                runner.report(discomfort=value)
            else:
                runner.report(symptom=value)
        except InputError:
            pass
        for budget in runner.view().budgets:
            assert budget.used_s <= budget.cap_s + 400.0 + 1e-9
    replayed = SessionRunner(runner.plan, WrapRestriction(), MemoryJournal(), clock)
    for event in journal.events:
        replayed._on_event(event)
    assert replayed.state == runner.state
    # Pressures come from the device, not the journal; everything else must match.
    from dataclasses import replace

    assert replace(replayed.view(), pressures_mmhg={}) == replace(runner.view(), pressures_mmhg={})


@settings(max_examples=40, deadline=None)
@given(
    # Mostly waiting, so sets and rests run long enough to meet the cap.
    st.lists(st.sampled_from(["tick"] * 12 + ["log", "confirm", "skip"]), min_size=100,
             max_size=600),
    st.sampled_from(["continuous", "intermittent"]),
    st.floats(min_value=0.1, max_value=1.0),
)
def test_restriction_never_outlasts_the_cap_by_more_than_a_tick(  # type: ignore[no-untyped-def]
    actions, restriction, tick_s
) -> None:
    runner, clock, journal = make(restriction, exercises=3, cap_s=45.0, reperfusion_s=30.0)
    runner.start()
    for action in actions:
        if runner.finished:
            break
        clock.advance(tick_s)
        runner.tick()
        try:
            if action == "log":
                runner.log_set(LoggedSet(reps=15))
            elif action == "confirm":
                runner.confirm_applied()
            elif action == "skip":
                runner.skip_countdown()
        except InputError:
            pass
        for budget in runner.view().budgets:
            assert budget.used_s <= budget.cap_s + tick_s + 1e-9
            if budget.used_s >= budget.cap_s:
                assert not budget.applied, "at the cap the limb is released"
    hit = any(item.kind == "budget-cap-reached" for item in journal.events)
    note_case("cap reached" if hit else "cap not reached")
