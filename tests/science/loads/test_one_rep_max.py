from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from occlusion.errors import InputError
from occlusion.messages import code_of
from occlusion.science.loads import one_rep_max as loading
from occlusion.science.loads.one_rep_max import estimate_one_rep_max


def test_brzycki_matches_published_form() -> None:
    # 100 kg x 6 reps: 100 / (1.0278 - 0.0278 * 6) = 100 / 0.861 = 116.144...
    assert loading.brzycki_1993(100.0, 6) == pytest.approx(100.0 / 0.861, abs=1e-9)
    # Equivalent 36 / (37 - reps) form gives the same value to 4 significant figures.
    assert loading.brzycki_1993(100.0, 6) == pytest.approx(100.0 * 36 / 31, rel=1e-3)


def test_epley_matches_published_form() -> None:
    assert loading.epley_1985(100.0, 10) == pytest.approx(133.3, abs=1e-9)


def test_reynolds_equations_match_abstract() -> None:
    assert loading.reynolds_2006_leg_press_5rm(100.0) == pytest.approx(1.0970 * 100 + 14.2546)
    assert loading.reynolds_2006_chest_press_5rm(80.0) == pytest.approx(1.1307 * 80 + 0.6999)


def test_estimate_one_rep_max_paths() -> None:
    single = estimate_one_rep_max(load_kg=140.0, reps=1)
    assert single.one_rep_max_kg == 140.0 and single.method == "measured 1RM"
    default = estimate_one_rep_max(load_kg=100.0, reps=6)
    assert default.method == "brzycki_1993"
    assert default.references[0].key == "brzycki_1993_one_rep_max"
    reynolds = estimate_one_rep_max(
        load_kg=100.0, reps=5, formula="reynolds-5rm", exercise_kind="lower-body"
    )
    assert reynolds.one_rep_max_kg == pytest.approx(123.9546)
    assert reynolds.references[0].status == "verified"
    many = estimate_one_rep_max(load_kg=60.0, reps=12)
    assert [(code_of(w), w.fields) for w in many.warnings] == [  # type: ignore[attr-defined]
        ("loads.too-many-reps-for-accuracy", {"reps": 12, "max_accurate_reps": 10})]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"load_kg": -5.0, "reps": 5}, "not plausible"),
        ({"load_kg": 100.0, "reps": 0}, "outside 1 to 15"),
        ({"load_kg": 100.0, "reps": 30}, "outside 1 to 15"),
        ({"load_kg": 100.0, "reps": 6, "formula": "reynolds-5rm"}, "five-repetition"),
        ({"load_kg": 100.0, "reps": 6, "formula": "magic"}, "unknown 1RM formula"),
        ({"load_kg": float("nan"), "reps": 6}, "finite"),
    ],
)
def test_estimate_one_rep_max_refuses_bad_input(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        estimate_one_rep_max(**kwargs)  # type: ignore[arg-type]


@given(st.floats(min_value=5.0, max_value=400.0), st.integers(min_value=2, max_value=10))
def test_one_rep_max_exceeds_rep_max_load_and_falls_with_fewer_reps(load: float, reps: int) -> None:
    for formula in ("brzycki", "epley"):
        estimate = estimate_one_rep_max(load_kg=load, reps=reps, formula=formula)  # type: ignore[arg-type]
        fewer = estimate_one_rep_max(load_kg=load, reps=reps - 1, formula=formula)  # type: ignore[arg-type]
        assert estimate.one_rep_max_kg > load
        assert estimate.one_rep_max_kg > fewer.one_rep_max_kg
