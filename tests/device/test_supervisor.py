from __future__ import annotations

import pytest

from occlusion.device.client import CuffClient
from occlusion.device.supervisor import SessionSupervisor, rule
from occlusion.errors import InputError


def test_tingling_steps_down_by_ten_then_releases_when_low() -> None:
    with CuffClient.connect("sim") as client:
        supervisor = SessionSupervisor({0: "right thigh", 1: "right arm"})
        client.inflate(0, 150.0)
        supervisor.supervise(client, 15.0)
        actions = supervisor.report_symptom("tingling", channel=0)
        assert [(a.kind, a.pressure_mmhg) for a in actions] == [("lower", 140.0)]
        supervisor.apply(client, actions)
        supervisor.supervise(client, 8.0)
        assert client.latest is not None
        assert abs(client.latest.channels[0].pressure_mmhg - 140.0) < 5.0
        supervisor.targets_mmhg[0] = 35.0
        assert supervisor.report_symptom("tingling", 0)[0].kind == "release"


@pytest.mark.parametrize(
    ("symptom", "rating", "released"),
    [
        ("discomfort", 8.0, True),
        ("discomfort", 7.0, False),
        ("pain", 9.0, True),
        ("dizziness", None, True),
        ("numbness", None, True),
    ],
)
def test_symptoms_that_release(symptom: str, rating: float | None, released: bool) -> None:
    with CuffClient.connect("sim") as client:
        supervisor = SessionSupervisor({0: "thigh", 1: "arm"})
        client.inflate(1, 120.0)
        supervisor.supervise(client, 6.0)
        actions = supervisor.report_symptom(symptom, rating=rating)
        assert bool(actions) is released
        supervisor.apply(client, actions)
        supervisor.supervise(client, 4.0)
        assert client.latest is not None
        pressure = client.latest.channels[1].pressure_mmhg
        assert (pressure < rule("restricted_above_mmhg")) is released


def test_cumulative_restriction_per_limb_releases_at_the_cap() -> None:
    with CuffClient.connect("sim") as client:
        client.set_limits(0, 360.0, 1200)
        supervisor = SessionSupervisor({0: "thigh"})
        supervisor.restricted_s[0] = rule("maximum_cumulative_restriction_s") - 10.0
        client.inflate(0, 120.0)
        supervisor.supervise(client, 25.0)
        assert client.latest is not None
        assert client.latest.channels[0].pressure_mmhg < rule("restricted_above_mmhg")
        assert supervisor.log[-1].kind == "release"
        assert "cumulative restriction" in supervisor.log[-1].reason
        assert supervisor.as_dict()["restricted_s"] == {"thigh": pytest.approx(1200.0, abs=3.0)}


def test_bad_symptom_input_is_refused() -> None:
    supervisor = SessionSupervisor({0: "thigh"})
    with pytest.raises(InputError) as caught:
        supervisor.report_symptom("hiccups")
    assert caught.value.code == "unknown-choice"
    assert caught.value.fields["what"] == "symptom" and "pain" in caught.value.fields["allowed"]
    with pytest.raises(InputError) as caught:
        supervisor.report_symptom("discomfort", rating=12)
    assert caught.value.code == "device.supervisor.rating-out-of-range"
    assert caught.value.fields == {"symptom": "discomfort", "rating": 12}
    with pytest.raises(InputError) as caught:
        supervisor.report_symptom("tingling", channel=3)
    assert caught.value.code == "device.supervisor.channel-not-supervised"
    assert caught.value.fields == {"channel": 3, "channels": [0]}
    with pytest.raises(InputError) as caught:
        SessionSupervisor({})
    assert caught.value.code == "device.supervisor.no-channel"
