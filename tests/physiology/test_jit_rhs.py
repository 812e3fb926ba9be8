"""The compiled RK4 step (numba, the ``fast`` extra) against the numpy reference, to rounding."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from occlusion.physiology import jit_rhs
from occlusion.physiology.cohort import Population, sample_cohort
from occlusion.physiology.exercise import PROTOCOLS, Schedule, exercise_schedule, rest_schedule
from occlusion.physiology.fast_rhs import RunConstants, SegmentConstants, rates
from occlusion.physiology.limb import LimbArrays
from occlusion.physiology.model import resting_state
from occlusion.physiology.solver import rows_many
from occlusion.physiology.subject import Cuff
from occlusion.vocabulary import Limb

pytest.importorskip(
    "numba", reason="numba is not installed: pip install -e '.[fast]' (the dev extras have it)"
)


Rows = list[tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]]


def _rows(limb: LimbArrays, schedule: Schedule, pressures: NDArray[np.float64]) -> Rows:
    start = resting_state(limb).T
    return [
        (state.copy(), inflow.copy(), outflow.copy())
        for _, state, inflow, outflow in rows_many(limb, schedule, pressures, 0.5, start)
    ]


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every integration of the test compiled, as a web worker does."""
    assert jit_rhs.load_kernel() is not None
    monkeypatch.setitem(jit_rhs._state, "preferred", True)


def test_the_kernel_is_compiled_where_numba_is_installed_and_off_on_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert jit_rhs.load_kernel() is not None
    run = RunConstants.of(sample_cohort(Population(Limb.ARM), 3, seed=1).limb_arrays(Cuff(5.0)))
    monkeypatch.setitem(jit_rhs._state, "preferred", True)
    assert jit_rhs.preferred() and jit_rhs.compiled_stepper(run, 0.5, 10) is not None
    monkeypatch.setenv("OCCLUSION_NO_JIT", "1")
    assert jit_rhs.load_kernel() is None and not jit_rhs.preferred()
    assert jit_rhs.compiled_stepper(run, 0.5, 10) is None
    monkeypatch.delenv("OCCLUSION_NO_JIT")
    # A process can ask for it and go back to the one-off rule (the benchmarks do).
    assert jit_rhs.prefer_compiled() and jit_rhs.preferred()
    assert not jit_rhs.prefer_compiled(False) and not jit_rhs.preferred()
    assert jit_rhs.compiled_stepper(run, 0.5, 10) is None


def test_a_one_off_run_is_compiled_only_when_it_pays_for_the_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(jit_rhs._state, "preferred", False)
    run = RunConstants.of(sample_cohort(Population(Limb.ARM), 3, seed=1).limb_arrays(Cuff(5.0)))
    # A 30-15-15-15 session, 1,143 steps: loading the kernel would cost more than it saves.
    assert jit_rhs.saving_s(1143) < jit_rhs.LOAD_S
    assert jit_rhs.compiled_stepper(run, 0.5, 1143) is None
    # An hour and a half simulated, 10,800 steps: the load pays.
    assert jit_rhs.saving_s(10_800) > jit_rhs.LOAD_S
    assert jit_rhs.compiled_stepper(run, 0.5, 10_800) is not None


@pytest.mark.parametrize(
    ("limb", "width_cm", "pct_lop", "intermittent"),
    [
        (Limb.THIGH, 11.5, 0.6, False),
        (Limb.THIGH, 5.0, 1.05, False),  # above the occlusion pressure: the artery shut
        (Limb.ARM, 5.0, 0.4, True),  # below diastolic for many: the artery never closes
    ],
)
def test_a_session_runs_the_same_compiled_and_in_numpy(
    compiled: None, monkeypatch: pytest.MonkeyPatch, limb: Limb, width_cm: float,
    pct_lop: float, intermittent: bool,
) -> None:
    arrays = sample_cohort(Population(limb), 40, seed=7).limb_arrays(Cuff(width_cm))
    schedule = exercise_schedule(
        PROTOCOLS["30-15-15-15"], intermittent=intermittent, recovery_s=60.0
    )
    pressures = pct_lop * arrays.occlusion_pressure_mmhg
    compiled = _rows(arrays, schedule, pressures)
    monkeypatch.setenv("OCCLUSION_NO_JIT", "1")
    reference = _rows(arrays, schedule, pressures)
    assert len(compiled) == len(reference)
    for (state, inflow, outflow), (state_ref, inflow_ref, outflow_ref) in zip(
        compiled, reference, strict=True
    ):
        assert np.allclose(state, state_ref, rtol=1e-11, atol=1e-12)
        assert np.allclose(inflow, inflow_ref, rtol=1e-11, atol=1e-12)
        assert np.allclose(outflow, outflow_ref, rtol=1e-11, atol=1e-12)


def test_one_step_from_states_far_from_rest_matches_numpy() -> None:
    # Pooled blood above the pressure-volume curve's top, emptied veins, low saturation,
    # lactate and every dilation raised: each branch of the equations in one batch.
    arrays = sample_cohort(Population(Limb.THIGH), 200, seed=3).limb_arrays(Cuff(8.0))
    run = RunConstants.of(arrays)
    rng = np.random.default_rng(11)
    state = np.ascontiguousarray(resting_state(arrays).T)
    state[0] = rng.uniform(-5.0, 900.0, arrays.size)
    state[2] = rng.uniform(0.05, 0.95, arrays.size)
    state[3:5] = rng.uniform(0.5, 15.0, (2, arrays.size))
    state[5:9] = rng.uniform(0.0, 2.0, (4, arrays.size))
    segment = SegmentConstants.of(run, 0.9 * arrays.occlusion_pressure_mmhg, 1.0, 1.0, 0.3)
    stepper = jit_rhs.compiled_stepper(run, 0.5, 10**6)
    assert stepper is not None
    stepper.enter(segment, arrays.size)
    after, inflow, outflow = stepper.step(state)
    k1, inflow_ref, outflow_ref = rates(state, run, segment)
    k2 = rates(state + 0.25 * k1, run, segment)[0]
    k3 = rates(state + 0.25 * k2, run, segment)[0]
    k4 = rates(state + 0.5 * k3, run, segment)[0]
    expected = state + 0.5 / 6.0 * (k1 + 2.0 * (k2 + k3) + k4)
    assert np.allclose(after, expected, rtol=1e-12, atol=1e-12)
    assert np.allclose(inflow, inflow_ref, rtol=1e-12, atol=1e-12)
    assert np.allclose(outflow, outflow_ref, rtol=1e-12, atol=1e-12)


def test_a_stepper_needs_its_segment_first() -> None:
    arrays = sample_cohort(Population(Limb.ARM), 2, seed=1).limb_arrays(Cuff(5.0))
    stepper = jit_rhs.compiled_stepper(RunConstants.of(arrays), 0.5, 10**6)
    assert stepper is not None
    with pytest.raises(RuntimeError, match="segment"):
        stepper.step(np.ascontiguousarray(resting_state(arrays).T))


def test_rest_under_a_cuff_reads_the_same_flows_either_way(
    compiled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    arrays = sample_cohort(Population(Limb.THIGH), 61, seed=5).limb_arrays(Cuff(11.5))
    pressures = 0.8 * arrays.occlusion_pressure_mmhg
    last = _rows(arrays, rest_schedule(300.0), pressures)[-1]
    monkeypatch.setenv("OCCLUSION_NO_JIT", "1")
    last_ref = _rows(arrays, rest_schedule(300.0), pressures)[-1]
    for value, reference in zip(last, last_ref, strict=True):
        assert np.allclose(value, reference, rtol=1e-11, atol=1e-12)
