"""Cuff sessions through the services: LOP checks before starting, the simulated device."""

from __future__ import annotations

from datetime import timedelta

import pytest

from occlusion.device.address import DeviceAddress
from occlusion.errors import InputError
from occlusion.services.equipment import record_equipment
from occlusion.services.measurements import (
    record_blood_pressure,
    record_limb,
    record_measured_lop,
)
from occlusion.services.people import add_person
from occlusion.services.plans import write_plan
from occlusion.services.screening import screen_person
from occlusion.services.sessions import _restriction_for, start_session
from occlusion.sessions import ManualClock
from occlusion.sessions.cuff import CuffRestriction
from tests.services.flow import WHEN, partial_profile, screening_answers

CUFF_TRAINING = {
    "training": {"goal": "hypertrophy", "protocol": "resistance-30-15-15-15",
                 "posture": "seated"},
    "exercises": [{"name": "Leg press", "limb": "thigh", "one_rep_max_kg": 200}],
}


def _cuff_person(database, *, measured: bool) -> str:  # type: ignore[no-untyped-def]
    person = add_person(database, name="Pat", sex="female", birth_year=1985, now=WHEN).id
    record_blood_pressure(database, person, systolic=118, diastolic=76, now=WHEN)
    for side in ("left", "right"):
        record_limb(database, person, limb="thigh", side=side, circumference=55, now=WHEN)
        if measured:
            record_measured_lop(database, person, limb="thigh", side=side, posture="seated",
                                cuff_width_cm=18, cuff_material="nylon", lop_mmhg=180,
                                now=WHEN)
    record_equipment(database, person, kind="cuff", width=18, material="nylon", now=WHEN)
    screen_person(database, person, screening_answers(), now=WHEN)
    write_plan(database, person, CUFF_TRAINING, now=WHEN)
    return person


def test_cuff_plan_uses_the_measured_lop(database) -> None:  # type: ignore[no-untyped-def]
    person = _cuff_person(database, measured=True)
    restriction = _restriction_for(DeviceAddress.parse("sim"), _plan_of(database, person))
    try:
        assert isinstance(restriction, CuffRestriction)
        assert restriction.channels == {"left-thigh": 0, "right-thigh": 1}
        handle = start_session(database, person, restriction=restriction,
                               clock=ManualClock(WHEN + timedelta(hours=1)))
        assert handle.checks[1:] == ("LOP left thigh: on record", "LOP right thigh: on record")
        assert handle.runner.view().target_pressure_mmhg == pytest.approx(90.0)
    finally:
        restriction.close()


def test_wrap_plan_cannot_drive_a_cuff(database) -> None:  # type: ignore[no-untyped-def]
    from tests.services.flow import ready_person

    person = ready_person(database)
    with pytest.raises(InputError, match="plan is for wraps"):
        start_session(database, person, device=DeviceAddress.parse("sim"),
                      clock=ManualClock(WHEN + timedelta(hours=1)))
    assert partial_profile()["equipment"]["kind"] == "wrap"


def _plan_of(database, person):  # type: ignore[no-untyped-def]
    from occlusion.sessions.from_prescription import session_plan_from_prescription
    from occlusion.store.transfer import export_document

    plans = export_document(database)["tables"]["plan"]
    return session_plan_from_prescription(plans[-1]["prescription"])


class _Session:
    """A cuff session on one simulated device, stepped in virtual time with a manual clock."""

    def __init__(self, database, person, device=None) -> None:  # type: ignore[no-untyped-def]
        from occlusion.device.client import CuffClient
        from occlusion.device.simulated.device import build_device
        from occlusion.device.simulated.limb import PulsatileLimb
        from occlusion.device.transports.sim import SimTransport

        self.clock = ManualClock(WHEN + timedelta(hours=1))
        self.start = self.clock.now()
        self.device = device or build_device(
            [("thigh", PulsatileLimb(200.0, seed=0)), ("thigh", PulsatileLimb(200.0, seed=1))]
        )
        self.client = CuffClient(SimTransport(self.device))
        self.client.handshake()
        self.restriction = CuffRestriction(
            self.client, ["left-thigh", "right-thigh"], monotonic=self.seconds
        )

    def seconds(self) -> float:
        return (self.clock.now() - self.start).total_seconds()

    def run(self, runner, duration_s: float) -> None:  # type: ignore[no-untyped-def]
        for _ in range(round(duration_s / 0.25)):
            self.clock.advance(0.25)
            runner.tick()


def test_a_low_target_on_a_thigh_holds_without_a_false_leak(database) -> None:  # type: ignore[no-untyped-def]
    person = _cuff_person(database, measured=True)
    session = _Session(database, person)
    handle = start_session(database, person, restriction=session.restriction,
                           clock=session.clock)
    assert handle.runner.target_pressure_mmhg() == pytest.approx(90.0)
    session.run(handle.runner, 90.0)
    raised = [event.name for event in session.client.alarm_log if event.event == "raised"]
    assert raised == []
    assert handle.runner.view().step == "set"
    assert all(line.state == "regulating" for line in session.client.latest.channels)
    session.restriction.close()


def test_a_latched_alarm_pauses_the_runner_and_resume_acknowledges_it(database) -> None:  # type: ignore[no-untyped-def]
    from occlusion.device.simulated.faults import FaultEvent
    from occlusion.errors import DeviceError
    from occlusion.services.sessions import resume_session

    person = _cuff_person(database, measured=True)
    session = _Session(database, person)
    handle = start_session(database, person, restriction=session.restriction,
                           clock=session.clock)
    session.run(handle.runner, 20.0)
    assert handle.runner.view().step == "set"
    session.device.hardware.inject(FaultEvent("leak", session.device.time_s, channel=0))
    # The device dumps for the leak and latches; the runner releases, then after the
    # reperfusion it must not try to inflate a latched cuff: it pauses with the alarm.
    with pytest.raises(DeviceError) as paused:
        session.run(handle.runner, 400.0)
    assert paused.value.code == "device.alarm-latched"
    assert paused.value.fields["alarms"] == {"left-thigh": ["leak"]}
    assert all(line.pressure_mmhg < 15.0 for line in session.client.latest.channels)
    # Resuming on the same cuff shows the alarm; refused, nothing changes.
    shown: list[dict[str, tuple[str, ...]]] = []
    again = _Session(database, person, device=session.device)
    with pytest.raises(DeviceError, match="not acknowledged"):
        resume_session(database, person, restriction=again.restriction, clock=again.clock,
                       confirm_alarms=lambda alarms: bool(shown.append(alarms)))
    assert shown == [{"left-thigh": ("leak",)}]
    session.device.hardware.channels[0].faults.clear()
    session.device.hardware.channels[0].pneumatics.leak_conductance_ml_s_per_mmhg = 0.0
    third = _Session(database, person, device=session.device)
    resumed = resume_session(database, person, restriction=third.restriction,
                             clock=third.clock, confirm_alarms=lambda alarms: True)
    assert "device-alarm-acknowledged" in resumed.checks
    third.run(resumed.runner, 20.0)
    assert resumed.runner.view().step == "set"
    third.restriction.close()


def test_resume_after_the_host_was_killed_acknowledges_heartbeat_lost(database) -> None:  # type: ignore[no-untyped-def]
    from occlusion.services.sessions import resume_session

    person = _cuff_person(database, measured=True)
    session = _Session(database, person)
    handle = start_session(database, person, restriction=session.restriction,
                           clock=session.clock)
    session.run(handle.runner, 20.0)
    assert session.client.latest.channels[0].pressure_mmhg > 80.0
    # kill -9: the host stops talking; the cuff deflates by itself and latches.
    session.device.run(10.0)
    assert all(channel.state == 4 for channel in session.device.firmware.channels)
    later = _Session(database, person, device=session.device)
    shown: list[dict[str, tuple[str, ...]]] = []

    def confirm(alarms: dict[str, tuple[str, ...]]) -> bool:
        shown.append(alarms)
        return True

    resumed = resume_session(database, person, restriction=later.restriction,
                             clock=later.clock, confirm_alarms=confirm)
    assert shown == [{"left-thigh": ("heartbeat-lost",), "right-thigh": ("heartbeat-lost",)}]
    later.run(resumed.runner, 20.0)
    assert resumed.runner.view().step == "set"
    assert later.client.latest.channels[0].pressure_mmhg > 80.0
    later.restriction.close()
