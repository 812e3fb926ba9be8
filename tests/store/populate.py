"""Fill a training log with one of every kind of record (used by export/import tests)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from occlusion.store.engine import Database
from occlusion.store.ids import new_id
from occlusion.store.models import (
    BloodPressureReading,
    ClinicianClearance,
    DeviceAlarm,
    DeviceSample,
    Equipment,
    LimbMeasurement,
    LopRecord,
    Person,
    Plan,
    ScreeningRecord,
    SessionEvent,
    SessionExercise,
    TrainingSession,
    TrainingSet,
)

START = datetime(2026, 3, 2, 16, 0, 0, 123456)


def populate(database: Database, name: str = "Zoë =Tricky, \"quoted\"", sets: int = 4) -> uuid.UUID:
    person_id = new_id()
    session_id = new_id()
    exercise_id = new_id()
    with database.session() as session:
        session.add(Person(id=person_id, name=name, sex="female", birth_year=1990,
                           body_mass_kg=61.2349, body_mass_entered_unit="kg",
                           preferred_units="metric", notes="", created_at=START,
                           created_offset_min=60))
        session.flush()
        plan_id = new_id()
        session.add_all([
            BloodPressureReading(person_id=person_id, measured_at=START, measured_offset_min=60,
                                 systolic_mmhg=118.0, diastolic_mmhg=76.0,
                                 pressure_entered_unit="mmHg", posture="seated"),
            LimbMeasurement(person_id=person_id, measured_at=START, measured_offset_min=60,
                            limb="thigh", side="left", circumference_cm=55.88,
                            circumference_entered_unit="in"),
            Equipment(person_id=person_id, kind="wrap", name="knee wrap", width_cm=7.5,
                      material="elastic", resting_length_cm=200.0,
                      stretch_marks={"marks_cm": [0, 10]}, created_at=START,
                      created_offset_min=60),
            LopRecord(person_id=person_id, measured_at=START, measured_offset_min=60,
                      limb="thigh", side="left", posture="seated", cuff_width_cm=18.0,
                      cuff_material="nylon", source="estimated", method="rbme_2019_thigh_18cm",
                      lop_mmhg=171.1, interval_low_mmhg=150.2, interval_high_mmhg=192.0,
                      details={"warnings": ["é"]}),
            ScreeningRecord(person_id=person_id, screened_at=START, screened_offset_min=60,
                            decision="cleared", answers={"pregnant": False},
                            result={"decision": "cleared", "reasons": []}),
            ClinicianClearance(person_id=person_id, cleared_at=START, cleared_offset_min=60,
                               clinician="Dr. X", note="fine"),
            Plan(id=plan_id, person_id=person_id, created_at=START, created_offset_min=60,
                 protocol="resistance-30-15-15-15", prescription={"a": [1, 2.5, None]},
                 active=True),
        ])
        session.flush()
        session.add(TrainingSession(id=session_id, person_id=person_id, plan_id=plan_id,
                                    started_at=START, started_offset_min=60,
                                    ended_at=START + timedelta(minutes=20), status="completed",
                                    restriction_kind="cuff", device_url="sim", source="occlusion",
                                    session_plan={"exercises": []}, notes=""))
        session.flush()
        session.add(SessionExercise(id=exercise_id, session_id=session_id, position=1,
                                    name="leg press", restricted_limbs=["left-thigh"],
                                    restriction="continuous", target_pressure_mmhg=103.0,
                                    target_pct_lop=60.0))
        session.flush()
        for index in range(sets):
            session.add(TrainingSet(exercise_id=exercise_id, session_id=session_id,
                                    person_id=person_id, position=index + 1,
                                    performed_at=START + timedelta(seconds=60 * index),
                                    performed_offset_min=60, target_load_kg=40.0,
                                    load_kg=40.0 + index, load_entered_unit="kg",
                                    target_reps=[30, 15, 15, 15][index % 4], reps=30 - index,
                                    target_pressure_mmhg=103.0, pressure_mmhg=101.5,
                                    pressure_pct_lop=59.3, restriction_s=75.0, rest_s=30.0,
                                    rpe=7.5, discomfort=5, symptoms=["tingling"],
                                    notes="=SUM(A1)" if index == 0 else ""))
        session.add_all([
            SessionEvent(session_id=session_id, sequence=1, occurred_at=START,
                         occurred_offset_min=60, elapsed_s=0.0, kind="session-started",
                         payload={"x": 1}),
            DeviceSample(session_id=session_id, elapsed_s=1.5, channel="left-thigh",
                         pressure_mmhg=100.0, target_mmhg=103.0),
            DeviceAlarm(session_id=session_id, occurred_at=START, occurred_offset_min=60,
                        channel="left-thigh", code="leak", severity="warning", message="slow"),
        ])
    return person_id
