"""A training log with real simulated-cuff sessions: traces, alarms, a stop rule (export tests)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from occlusion.device.address import DeviceAddress
from occlusion.device.client import CuffClient
from occlusion.services.equipment import record_equipment
from occlusion.services.measurements import (
    record_blood_pressure,
    record_limb,
    record_measured_lop,
)
from occlusion.services.people import add_person
from occlusion.services.plans import write_plan
from occlusion.services.screening import screen_person
from occlusion.services.sessions import start_session
from occlusion.sessions import LoggedSet, ManualClock
from occlusion.sessions.cuff import CuffRestriction
from occlusion.store.engine import Database
from tests.services.flow import WHEN, screening_answers

CUFF_TRAINING = {
    "training": {"goal": "hypertrophy", "protocol": "resistance-30-15-15-15",
                 "posture": "seated"},
    "exercises": [{"name": "Leg press", "limb": "thigh", "one_rep_max_kg": 200},
                  {"name": "Leg curl", "limb": "thigh", "one_rep_max_kg": 60}],
}
LIMBS = ("left-thigh", "right-thigh")


class Seconds:
    """A monotonic clock the test moves by hand [s]."""

    def __init__(self) -> None:
        self.value = 0.0

    def __call__(self) -> float:
        return self.value


def cuff_person(
    database: Database, name: str = "Pat Okafor", *, person: str | None = None,
    now: datetime = WHEN, screen: bool = False,
) -> str:
    """Add a person (or equip ``person``) with measured LOP, a cuff, screening and a cuff plan.

    An existing ``person`` is measured and screened too when ``screen`` is set.
    """
    if person is None:
        person = add_person(database, name=name, sex="female", birth_year=1985, now=now).id
        screen = True
    if screen:
        record_blood_pressure(database, person, systolic=118, diastolic=76, now=now)
        for side in ("left", "right"):
            record_limb(database, person, limb="thigh", side=side, circumference=55, now=now)
        screen_person(database, person, screening_answers(), now=now)
    for side in ("left", "right"):
        record_measured_lop(database, person, limb="thigh", side=side, posture="seated",
                            cuff_width_cm=18, cuff_material="nylon", lop_mmhg=180, now=now)
    record_equipment(database, person, kind="cuff", width=18, material="nylon", now=now)
    write_plan(database, person, CUFF_TRAINING, now=now)
    return person


def run_cuff_session(
    database: Database, person: str, start: datetime, *, sets: int = 2, stop_early: bool = False,
    fault: str | None = None,
) -> str:
    """Run a guided session on the simulated cuff in virtual time; return the session id.

    With ``fault`` (a simulated hardware fault such as ``leak``), the fault strikes the first
    channel after the last set, so the device raises an alarm and deflates before the stop.
    """
    client = CuffClient.connect(DeviceAddress.parse("sim").fitted(LIMBS))
    seconds = Seconds()
    cuff = CuffRestriction(client, LIMBS, monotonic=seconds)
    clock = ManualClock(start)

    def step(duration_s: float) -> None:
        for _ in range(int(duration_s / 0.25)):
            clock.advance(0.25)
            seconds.value += 0.25
            handle.runner.tick()

    try:
        handle = start_session(database, person, restriction=cuff, clock=clock)
        runner = handle.runner
        logged = 0
        for _ in range(900):
            step(1.0)
            view = runner.view()
            if view.step == "set" and logged < sets:
                step(20.0)
                symptoms = ("tingling",) if stop_early and logged == 1 else ()
                runner.log_set(LoggedSet(reps=15 + logged, rpe=7, discomfort=4,
                                         symptoms=symptoms))
                logged += 1
            elif logged >= sets and view.step not in ("completed", "stopped"):
                if fault is not None:
                    from occlusion.device.simulated.faults import FaultEvent

                    device = client.transport.device
                    device.hardware.inject(FaultEvent(fault, start_s=device.time_s + 0.5))
                    fault = None
                    step(15.0)
                runner.stop()
            if runner.view().step in ("completed", "stopped"):
                break
        step(5.0)
        return str(handle.session_id)
    finally:
        cuff.close()


def cuff_log(database: Database) -> str:
    """Fill ``database`` with a cuff person and two real cuff sessions; return the person id."""
    person = cuff_person(database)
    # All four sets of the first exercise, the deflated rest before the second, one set of it.
    run_cuff_session(database, person, WHEN + timedelta(days=1), sets=5)
    run_cuff_session(database, person, WHEN + timedelta(days=3), stop_early=True,
                     fault="sensor-disconnected")
    return person


def build_cuff_log_file(path: Path) -> str:
    """Write a SQLite training log with :func:`cuff_log` to ``path``; return the person id."""
    from occlusion.store.engine import open_database

    database = open_database(f"sqlite:///{path}")
    try:
        return cuff_log(database)
    finally:
        database.close()


@pytest.fixture(scope="session")
def cuff_log_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Build the cuff log once per test run; tests copy the file."""
    path = tmp_path_factory.mktemp("cuff-log") / "occlusion.db"
    return path, build_cuff_log_file(path)


@pytest.fixture
def cuff_database(
    cuff_log_file: tuple[Path, str], tmp_path: Path
) -> Iterator[tuple[Database, str]]:
    """An open copy of the cuff log and its person's id."""
    from occlusion.store.engine import open_database

    copy = tmp_path / "occlusion.db"
    shutil.copyfile(cuff_log_file[0], copy)
    database = open_database(f"sqlite:///{copy}")
    try:
        yield database, cuff_log_file[1]
    finally:
        database.close()


@pytest.fixture
def cuff_data_dir(
    cuff_log_file: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """Point the CLI at a copy of the cuff log; return the person id."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(cuff_log_file[0], folder / "occlusion.db")
    monkeypatch.delenv("OCCLUSION_DATABASE_URL", raising=False)
    monkeypatch.setenv("OCCLUSION_DATA_DIR", str(folder))
    return cuff_log_file[1]
