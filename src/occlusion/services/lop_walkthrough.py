"""The manual LOP walk-through as one use case: one driver, and the training log as its store.

The protocol and its state machine are :mod:`occlusion.science.lop.walkthrough`. Every interface
drives it through :func:`walk`: the command line asks on a terminal, the web app replays the
answers a page has collected (:func:`replay`). A finished measurement is kept in the training
log with :func:`record_lop` — the log is the only place an LOP is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from occlusion.errors import InputError
from occlusion.science.lop import (
    LopMeasurement,
    MeasurementState,
    ProtocolStep,
    advance,
    start_measurement,
)
from occlusion.services.measurements import MeasurementView, record_measured_lop
from occlusion.store.engine import Database
from occlusion.vocabulary import LopMethod

#: The most answers one measurement can need (preparation, ascending and descending checks).
MAX_ANSWERS = 60

Ask = Callable[[ProtocolStep], "str | None"]


def walk(
    state: MeasurementState,
    ask: Ask,
    *,
    on_refused: Callable[[InputError], None] | None = None,
) -> MeasurementState:
    """Drive the walk-through from ``state`` with the person's answers.

    Parameters
    ----------
    state
        Where the measurement stands (:func:`~occlusion.science.lop.start_measurement`).
    ask
        Returns the answer to a step, or ``None`` when no answer is available yet (a page that
        has shown the step and waits for the next request).
    on_refused
        Called with an answer the step does not understand, before the step is asked again;
        without it such an answer raises.

    Returns
    -------
    MeasurementState
        Finished, or waiting at the step ``ask`` had no answer for.
    """
    asked = 0
    while not state.finished:
        answer = ask(state.step)
        if answer is None:
            return state
        asked += 1
        if asked > MAX_ANSWERS:
            raise InputError(
                "too many answers for one measurement; start again", code="lop.too-many-answers"
            )
        try:
            state = advance(state, answer)
        except InputError as error:
            if on_refused is None:
                raise
            on_refused(error)
    return state


def replay(answers: Iterable[str], **settings: Any) -> MeasurementState:
    """Return where a walk-through stands after ``answers`` (settings as for ``start_measurement``).

    Unused answers after the end are ignored; an answer the step does not understand raises.
    """
    remaining = iter(answers)
    return walk(start_measurement(**settings), lambda step: next(remaining, None))


def record_lop(
    database: Database,
    person: str,
    measurement: LopMeasurement,
    *,
    walk_through: MeasurementState | None = None,
) -> MeasurementView:
    """Keep a measured LOP (from a walk-through or typed in) in the person's training log."""
    details: dict[str, Any] = {}
    if walk_through is not None:
        details["walk_through"] = walk_through.as_dict()
    if measurement.notes:
        details["notes"] = measurement.notes
    return record_measured_lop(
        database,
        person,
        limb=measurement.limb,
        side=measurement.side,
        posture=measurement.posture,
        cuff_width_cm=measurement.cuff_width_cm,
        cuff_material=measurement.cuff_material,
        lop_mmhg=measurement.lop_mmhg,
        source="device" if measurement.method == LopMethod.DEVICE else "manual",
        method=str(measurement.method),
        details=details,
        now=measurement.measured_at.astimezone(_offset(measurement)),
    )


def _offset(measurement: LopMeasurement) -> Any:
    from datetime import timedelta, timezone

    return timezone(timedelta(minutes=measurement.utc_offset_minutes))


def measured_now(state: MeasurementState, **fields: Any) -> LopMeasurement | None:
    """Return the measurement a finished walk-through found, stamped now, or ``None``."""
    if state.outcome != "occluded" or state.lop_mmhg is None:
        return None
    return LopMeasurement.at_local_time(
        datetime.now().astimezone(),
        method=state.settings.detection,
        lop_mmhg=state.lop_mmhg,
        **fields,
    )
