"""The session runner: a state machine driven by an injected clock and the person's commands.

Steps::

    apply ──confirm/cuff holds──▶ set ──log──▶ rest ──time──▶ set … ──last set──▶ release
      ▲                            │ (intermittent: release, rest, apply again)        │
      └──────────── next exercise ◀── rest between exercises ◀─────────────────────────┘
    any step ──stop rule "release"──▶ reperfusion ──time──▶ apply (the interrupted set again)
    any step ──cap reached──────────▶ reperfusion ──time──▶ apply
    any step ──stop rule "release-and-stop" or stop──▶ stopped;  last exercise done ──▶ completed

Restriction time is counted per limb from the moment restriction is applied. It resets only
after a release at least as long as the plan's reperfusion time; when it reaches the limb's cap
the runner releases at once and imposes that reperfusion (AIS guidance: under 20 min on a leg,
15 min on an arm, then about 3 min of reperfusion — :mod:`occlusion.science.protocols.protocol`).

All state changes happen in :meth:`SessionRunner._on_event`, and every event is journalled
before it is applied, so replaying a session's journal rebuilds the runner exactly.
"""

from __future__ import annotations

from collections.abc import Sequence

from occlusion.errors import DeviceError, InputError
from occlusion.sessions.events import (
    BudgetCapReached,
    Clock,
    CountdownEnded,
    CountdownStarted,
    DeviceAlarmRaised,
    DiscomfortReported,
    Event,
    EventData,
    ExerciseStarted,
    Journal,
    LoggedSet,
    PressureLowered,
    ReleaseCause,
    RestrictionApplied,
    RestrictionReleased,
    RestrictionRequested,
    SessionCompleted,
    SessionResumed,
    SessionStarted,
    SessionStopped,
    SetInterrupted,
    SetLogged,
    SetStarted,
    StopRuleFired,
    SymptomReported,
)
from occlusion.sessions.plan import PlannedExercise, SessionPlan
from occlusion.sessions.restriction import Restriction
from occlusion.sessions.state import (
    FINISHED,
    RunnerState,
    apply_event,
    cap_reached_limbs,
    cap_s,
    used_s,
)
from occlusion.sessions.validation import check_logged, check_rating
from occlusion.sessions.view import BudgetView, RunnerView, cadence_cue

_SEVERITY = {"reduce-pressure": 1, "release": 2, "release-and-stop": 3}


class SessionRunner:
    """Guide one session; every change is journalled before it takes effect.

    Parameters
    ----------
    plan
        What the session does.
    restriction
        The wrap prompts or the cuff.
    journal
        Where events are made durable (the training log, or memory in tests).
    clock
        The injected time source.
    """

    def __init__(
        self, plan: SessionPlan, restriction: Restriction, journal: Journal, clock: Clock
    ) -> None:
        self.plan = plan
        self.restriction = restriction
        self.journal = journal
        self.clock = clock
        self.state = RunnerState()

    # ----- construction ------------------------------------------------------------------
    def start(self) -> None:
        """Begin the session at the first exercise."""
        if self.state.step != "not-started":
            raise InputError(
                "the session has already started",
                code="session.already-started",
            )
        self._emit(SessionStarted(plan=self.plan.as_dict()))
        self._begin_exercise(0)

    @classmethod
    def resume(
        cls,
        plan: SessionPlan,
        restriction: Restriction,
        journal: Journal,
        clock: Clock,
        events: Sequence[Event],
    ) -> SessionRunner:
        """Rebuild a runner from its journalled events and carry on from where it stopped.

        Restriction that was on when the process died is counted up to now (the wrap may have
        stayed on; counting it keeps the cap safe) and then released: the person re-applies
        before the interrupted set is done again.
        """
        runner = cls(plan, restriction, journal, clock)
        for event in sorted(events, key=lambda item: item.sequence):
            runner._on_event(event)
        state = runner.state
        if state.step in FINISHED:
            raise InputError(
                f"this session has already {state.outcome or state.step}",
                code="session.already-finished", outcome=state.outcome or state.step,
            )
        if state.step == "not-started":
            raise InputError(
                "this session never started; start a new one",
                code="session.never-started",
            )
        now = runner.elapsed_s()
        runner._emit(SessionResumed(gap_s=max(0.0, now - state.last_elapsed_s)))
        if state.applied_since_s:
            runner._release(
                sorted(state.applied_since_s), "resumed after an interruption", ReleaseCause.RESUMED
            )
        if runner._cap_reached_limbs(now, include_released=True):
            runner._start_countdown("reperfusion", plan.reperfusion_s, "apply")
        elif state.countdown_until_s is not None and state.countdown_until_s > now:
            pass
        else:
            runner._continue_without_restriction()
        return runner

    # ----- time --------------------------------------------------------------------------
    def elapsed_s(self) -> float:
        """Seconds since the session started [s] (0 before it starts)."""
        if self.state.started_at is None:
            return 0.0
        return max(0.0, (self.clock.now() - self.state.started_at).total_seconds())

    def tick(self) -> None:
        """Advance on the clock: end countdowns, notice a cuff at target, enforce the cap."""
        state = self.state
        if state.step in FINISHED or state.step == "not-started":
            return
        self.restriction.service()
        now = self.elapsed_s()
        self._device_records(now)
        if state.step in FINISHED:
            return
        capped = self._cap_reached_limbs(now)
        if capped:
            for limb in capped:
                used = self._used_s(limb, now)
                self._emit(BudgetCapReached(limb=limb, used_s=used, cap_s=self._cap_s(limb)))
            if state.set_pending:
                self._emit(SetInterrupted(reason="restriction cap reached"))
            self._release(
                sorted(state.applied_since_s), "restriction cap reached", ReleaseCause.CAP
            )
            self._start_countdown("reperfusion", self.plan.reperfusion_s, "apply")
            return
        if state.step == "apply" and not self.restriction.requires_confirmation:
            limbs = self.exercise.restricted_limbs
            if self.restriction.is_applied(limbs):
                self._emit(RestrictionApplied(limbs=tuple(limbs)))
                self._start_set()
            return
        if state.countdown_until_s is not None and now >= state.countdown_until_s:
            self._end_countdown(skipped=False)
            return
        if state.step == "set" and state.set_pending:
            planned = self.exercise.sets[state.set_index]
            started = state.set_started_s or 0.0
            if planned.duration_s is not None and now - started >= planned.duration_s:
                self.log_set(LoggedSet(reps=None, notes="timed bout completed"))

    # ----- commands ----------------------------------------------------------------------
    def confirm_applied(self) -> None:
        """Record the person's confirmation that the wraps are on (a cuff confirms itself)."""
        if self.state.step != "apply":
            raise InputError(
                "nothing to apply right now",
                code="session.nothing-to-apply", step=self.state.step,
            )
        self._emit(RestrictionApplied(limbs=tuple(self.exercise.restricted_limbs)))
        self._start_set()

    def log_set(self, logged: LoggedSet) -> None:
        """Record the set just done, then apply the stop rules and move on."""
        state = self.state
        if not state.set_pending:
            raise InputError(
                "no set is under way to log",
                code="session.no-set-under-way", step=self.state.step,
            )
        check_logged(logged)
        for symptom in logged.symptoms:
            self._check_symptom(symptom)
        planned = self.exercise.sets[state.set_index]
        now = self.elapsed_s()
        restriction_s = self._restriction_during_set_s(now)
        pressures = self.restriction.pressures_mmhg()
        measured = [value for value in pressures.values() if value is not None]
        target = self.target_pressure_mmhg()
        load = logged.load_kg if logged.load_kg is not None else planned.target_load_kg
        self._emit(
            SetLogged(
                exercise_index=state.exercise_index,
                set_index=state.set_index,
                target_reps=planned.target_reps,
                reps=logged.reps,
                target_load_kg=planned.target_load_kg,
                load_kg=load,
                load_entered_unit=logged.load_entered_unit,
                target_pressure_mmhg=target,
                pressure_mmhg=sum(measured) / len(measured) if measured else None,
                target_pct_lop=self.exercise.target_pct_lop,
                lop_mmhg=self._lop_mmhg(),
                restriction_s=restriction_s,
                rest_s=self.exercise.rest_between_sets_s,
                rpe=logged.rpe,
                discomfort=logged.discomfort,
                symptoms=tuple(logged.symptoms),
                notes=logged.notes,
                done_at=None if logged.done_at is None else logged.done_at.isoformat(),
            )
        )
        if self._apply_stop_rules(logged.discomfort, logged.symptoms):
            return
        if state.step == "reperfusion":
            return
        self._after_set()

    def report(self, *, discomfort: int | None = None, symptom: str | None = None) -> None:
        """Report discomfort (0–10) or a symptom at any moment; stop rules act at once."""
        if self.state.step in FINISHED:
            raise InputError(
                "the session is over",
                code="session.over",
            )
        if discomfort is not None:
            check_rating(discomfort, "discomfort", whole=True)
            self._emit(DiscomfortReported(discomfort=discomfort))
        if symptom is not None:
            self._check_symptom(symptom)
            self._emit(SymptomReported(symptom=symptom))
        self._apply_stop_rules(discomfort, (symptom,) if symptom else ())

    def skip_countdown(self) -> None:
        """End the current rest early (a reperfusion at the cap cannot be skipped)."""
        state = self.state
        if state.countdown_until_s is None:
            raise InputError(
                "there is no rest to skip",
                code="session.no-rest-to-skip", step=self.state.step,
            )
        if state.countdown_kind == "reperfusion":
            raise InputError(
                "reperfusion after a release cannot be shortened",
                code="session.reperfusion-not-skippable",
            )
        self._end_countdown(skipped=True)

    def stop(self, reason: str = "stopped by the person") -> None:
        """Release everything and end the session now."""
        if self.state.step in FINISHED:
            raise InputError(
                "the session is over",
                code="session.over",
            )
        if self.state.set_pending:
            self._emit(SetInterrupted(reason=reason))
        self._release(sorted(self.state.applied_since_s), reason, ReleaseCause.STOPPED)
        self._emit(SessionStopped(reason=reason))

    # ----- reading -----------------------------------------------------------------------
    @property
    def exercise(self) -> PlannedExercise:
        """The current exercise."""
        index = min(self.state.exercise_index, len(self.plan.exercises) - 1)
        return self.plan.exercises[index]

    @property
    def finished(self) -> bool:
        """Whether the session has completed or stopped."""
        return self.state.step in FINISHED

    def target_pressure_mmhg(self) -> float | None:
        """Target pressure of the current exercise, after any stop-rule reduction [mmHg]."""
        target = self.exercise.target_pressure_mmhg
        return None if target is None else max(0.0, target - self.state.pressure_reduction_mmhg)

    def view(self) -> RunnerView:
        """Return what a screen shows now: step, countdown, cue, pressures and budgets."""
        state = self.state
        now = self.elapsed_s()
        exercise = self.exercise
        planned = exercise.sets[min(state.set_index, len(exercise.sets) - 1)]
        remaining = None
        if state.countdown_until_s is not None:
            remaining = max(0.0, state.countdown_until_s - now)
        elif state.step == "set" and planned.duration_s is not None:
            started = now if state.set_started_s is None else state.set_started_s
            remaining = max(0.0, planned.duration_s - (now - started))
        cue = None
        if state.step == "set" and self.plan.cadence_s and state.set_started_s is not None:
            cue = cadence_cue(now - state.set_started_s, self.plan.cadence_s)
        limbs = sorted({key for item in self.plan.exercises for key in item.restricted_limbs})
        budgets = tuple(
            BudgetView(
                limb=limb,
                used_s=self._used_s(limb, now),
                cap_s=self._cap_s(limb),
                applied=limb in state.applied_since_s,
                total_s=state.total_restricted_s.get(limb, 0.0)
                + (now - state.applied_since_s[limb] if limb in state.applied_since_s else 0.0),
            )
            for limb in limbs
        )
        return RunnerView(
            step=state.step,
            exercise=exercise.name,
            exercise_number=state.exercise_index + 1,
            exercise_count=len(self.plan.exercises),
            set_number=state.set_index + 1,
            set_count=len(exercise.sets),
            target_reps=planned.target_reps,
            to_failure=planned.to_failure,
            target_load_kg=planned.target_load_kg,
            countdown_kind=state.countdown_kind,
            seconds_remaining=remaining,
            elapsed_s=now,
            cadence=cue,
            target_pressure_mmhg=self.target_pressure_mmhg(),
            pressures_mmhg=self.restriction.pressures_mmhg(),
            budgets=budgets,
            prompts=tuple(state.prompts),
            outcome=state.outcome,
        )

    # ----- internals ---------------------------------------------------------------------
    def _emit(self, data: EventData) -> Event:
        now = self.clock.now()
        if self.state.started_at is None:
            elapsed = 0.0
        else:
            elapsed = max(0.0, (now - self.state.started_at).total_seconds())
        event = Event(self.state.sequence + 1, now, elapsed, data)
        self.journal.append(event)
        self._on_event(event)
        return event

    def _on_event(self, event: Event) -> None:
        apply_event(self.state, event, self.plan)

    def _begin_exercise(self, index: int) -> None:
        name = self.plan.exercises[index].name
        self._emit(ExerciseStarted(exercise_index=index, name=name))
        self._request_apply()

    def _request_apply(self) -> None:
        exercise = self.exercise
        if not exercise.restricted_limbs:
            self._start_set()
            return
        latched = {
            limb: alarms
            for limb, alarms in self.restriction.latched_alarms().items()
            if limb in exercise.restricted_limbs
        }
        if latched:
            # The cuff refuses to inflate until the person has seen the alarm and it has been
            # acknowledged: pause here (nothing is journalled), resumable once it is.
            raise DeviceError(
                "the cuff holds a latched alarm; it must be acknowledged before inflating",
                code="device.alarm-latched",
                alarms={limb: list(alarms) for limb, alarms in latched.items()},
            )
        prompts = self.restriction.apply(exercise.restricted_limbs, self.target_pressure_mmhg())
        self._emit(
            RestrictionRequested(
                limbs=tuple(exercise.restricted_limbs),
                target_pressure_mmhg=self.target_pressure_mmhg(),
                instructions=(*prompts, *exercise.apply_instructions),
            )
        )

    def _start_set(self) -> None:
        planned = self.exercise.sets[self.state.set_index]
        self._emit(
            SetStarted(
                exercise_index=self.state.exercise_index,
                set_index=self.state.set_index,
                target_reps=planned.target_reps,
                to_failure=planned.to_failure,
                duration_s=planned.duration_s,
                target_load_kg=planned.target_load_kg,
            )
        )

    def _after_set(self) -> None:
        state = self.state
        exercise = self.exercise
        if state.set_index < len(exercise.sets):
            if exercise.restriction == "intermittent" and state.applied_since_s:
                self._release(
                    sorted(state.applied_since_s),
                    "rest between sets (intermittent)",
                    ReleaseCause.INTERMITTENT_REST,
                )
                self._start_countdown("rest", exercise.rest_between_sets_s, "apply")
            else:
                self._start_countdown("rest", exercise.rest_between_sets_s, "start-set")
            return
        self._release(
            sorted(state.applied_since_s), "exercise finished", ReleaseCause.EXERCISE_FINISHED
        )
        if state.exercise_index + 1 < len(self.plan.exercises):
            self._start_countdown(
                "between-exercises", self.plan.rest_between_exercises_s, "next-exercise"
            )
        else:
            self._emit(SessionCompleted())

    def _continue_without_restriction(self) -> None:
        state = self.state
        if state.set_pending:
            self._emit(SetInterrupted(reason="interrupted; the set starts again"))
        if state.set_index < len(self.exercise.sets):
            self._request_apply()
        elif state.exercise_index + 1 < len(self.plan.exercises):
            self._begin_exercise(state.exercise_index + 1)
        else:
            self._emit(SessionCompleted())

    def _start_countdown(self, kind: str, duration_s: float, then: str) -> None:
        self._emit(CountdownStarted(countdown=kind, duration_s=duration_s, then=then))

    def _end_countdown(self, *, skipped: bool) -> None:
        then = self.state.after_countdown
        kind = self.state.countdown_kind
        self._emit(CountdownEnded(countdown=kind, skipped=skipped))
        if then == "start-set":
            self._start_set()
        elif then == "next-exercise":
            self._begin_exercise(self.state.exercise_index + 1)
        else:
            self._continue_without_restriction()

    def _release(self, limbs: Sequence[str], reason: str, cause: ReleaseCause) -> None:
        if not limbs:
            return
        prompts = self.restriction.release(limbs)
        self._emit(
            RestrictionReleased(
                limbs=tuple(limbs), reason=reason, instructions=tuple(prompts), cause=cause
            )
        )

    def _apply_stop_rules(self, discomfort: int | None, symptoms: Sequence[str]) -> bool:
        fired = [
            rule
            for rule in self.plan.stop_rules
            if (
                rule.discomfort_above is not None
                and discomfort is not None
                and discomfort > rule.discomfort_above
            )
            or rule.code in symptoms
        ]
        if not fired:
            return False
        rule = max(fired, key=lambda item: _SEVERITY.get(item.action, 3))
        self._emit(StopRuleFired(code=rule.code, action=rule.action, advice=rule.advice))
        applied = sorted(self.state.applied_since_s)
        if rule.action == "reduce-pressure":
            step = rule.pressure_step_mmhg or 0.0
            prompts = self.restriction.lower(applied, step) if applied else []
            self._emit(PressureLowered(step_mmhg=step, instructions=tuple(prompts)))
            return False
        if self.state.set_pending:
            self._emit(SetInterrupted(reason=f"stop rule {rule.code}"))
        self._release(applied, f"stop rule {rule.code}", ReleaseCause.STOP_RULE)
        if rule.action == "release-and-stop":
            self._emit(SessionStopped(reason=f"stop rule {rule.code}: {rule.advice}"))
        else:
            self._start_countdown("reperfusion", self.plan.reperfusion_s, "apply")
        return True

    def _device_records(self, now: float) -> None:
        """Keep a cuff's trace and alarms, and release at once if it deflated for safety."""
        samples, alarms = self.restriction.drain_device_records()
        if samples or alarms:
            self.journal.record_device(now, self.clock.now(), samples, alarms)
        for alarm in alarms:
            # Advisories (a pressure briefly off target while inflating) stay in the trace only.
            if alarm.get("event") == "raised" and alarm.get("severity") != "advisory":
                self._emit(
                    DeviceAlarmRaised(
                        code=str(alarm["code"]),
                        severity=str(alarm["severity"]),
                        message=str(alarm.get("message", "device alarm")),
                        channel=alarm.get("channel"),
                        event=str(alarm["event"]),
                    )
                )
        applied = self.state.applied_since_s
        released = [limb for limb in self.restriction.safety_released() if limb in applied]
        if released:
            if self.state.set_pending:
                self._emit(SetInterrupted(reason="the device deflated for safety"))
            self._release(
                sorted(self.state.applied_since_s),
                "stop rule device-safety",
                ReleaseCause.DEVICE_SAFETY,
            )
            self._start_countdown("reperfusion", self.plan.reperfusion_s, "apply")

    def _lop_mmhg(self) -> float | None:
        """Return the LOP the exercise's target was computed from [mmHg], if known."""
        exercise = self.exercise
        if exercise.target_pressure_mmhg is None or not exercise.target_pct_lop:
            return None
        return exercise.target_pressure_mmhg * 100.0 / exercise.target_pct_lop

    def _check_symptom(self, symptom: str) -> None:
        codes = [rule.code for rule in self.plan.stop_rules]
        if symptom not in codes:
            raise InputError(
                f"unknown symptom {symptom!r}: choose one of {', '.join(codes)}",
                code="unknown-choice", what="symptom", value=symptom, allowed=codes,
            )

    def _cap_s(self, limb: str) -> float:
        return cap_s(self.plan, limb)

    def _used_s(self, limb: str, now: float) -> float:
        return used_s(self.state, self.plan, limb, now)

    def _cap_reached_limbs(self, now: float, *, include_released: bool = False) -> list[str]:
        return cap_reached_limbs(self.state, self.plan, now, include_released=include_released)

    def _restriction_during_set_s(self, now: float) -> float | None:
        state = self.state
        if not self.exercise.restricted_limbs or state.set_started_s is None:
            return None
        if not state.applied_since_s:
            return 0.0
        since = max(min(state.applied_since_s.values()), state.set_started_s)
        return max(0.0, now - since)
