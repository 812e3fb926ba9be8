"""Cohorts in chunks: summaries only, the same numbers on 1 process, K processes and a cluster."""

from __future__ import annotations

import math

import numpy as np
import pytest

from occlusion.errors import InputError
from occlusion.physiology import Cuff
from occlusion.physiology.cohort import Population, sample_with_generator
from occlusion.physiology.cohort_scale import (
    HISTOGRAM_BINS,
    HISTOGRAM_RANGES,
    CohortJob,
    Moments,
    merge,
    run_chunk,
    simulate_cohort_at_scale,
)

JOB = CohortJob(
    Population("thigh"), Cuff(13.5), 230, 11, closing_pressure_mmhg=150.0,
    protocol="30-15-15-15", pct_lop=60.0, chunk_size=50,
)


def _everyone(job: CohortJob) -> np.ndarray:
    lops = []
    for index in range(job.chunks):
        size = min(job.chunk_size, job.n - index * job.chunk_size)
        cohort = sample_with_generator(
            job.population, size, np.random.default_rng([job.seed, index]), job.seed
        )
        lops.append(cohort.limb_arrays(job.cuff).occlusion_pressure_mmhg)
    return np.concatenate(lops)


def test_merged_moments_equal_numpy_over_everyone() -> None:
    totals = simulate_cohort_at_scale(JOB)
    lop = _everyone(JOB)
    stats = totals.distribution("lop_mmhg")
    assert stats["mean"] == pytest.approx(lop.mean(), rel=1e-12)
    assert stats["sd"] == pytest.approx(lop.std(ddof=1), rel=1e-10)
    assert (stats["min"], stats["max"]) == (lop.min(), lop.max())
    low, high = HISTOGRAM_RANGES["lop_mmhg"]
    resolution = (high - low) / HISTOGRAM_BINS
    # Histogram percentiles sit within a bin or so of the exact order statistics.
    for percentile in (5, 50, 95):
        assert stats[f"p{percentile}"] == pytest.approx(
            np.percentile(lop, percentile), abs=2 * resolution + 0.02 * lop.std()
        )
    assert totals.as_dict()["probability_artery_closed"] == pytest.approx(
        np.mean(lop <= 150.0)
    )


def test_order_of_arrival_does_not_change_the_result() -> None:
    chunks = [run_chunk(JOB, index) for index in range(JOB.chunks)]
    forward = merge(JOB, iter(chunks)).as_dict()
    backward = merge(JOB, iter(reversed(chunks))).as_dict()
    assert forward == backward


def test_one_process_and_two_processes_give_identical_results() -> None:
    one = simulate_cohort_at_scale(JOB, workers=1).as_dict()
    two = simulate_cohort_at_scale(JOB, workers=2).as_dict()
    assert one == two
    assert one["session"]["min_tissue_saturation_pct"]["mean"] > 0


def test_a_local_two_worker_dask_cluster_gives_the_same_result() -> None:
    distributed = pytest.importorskip(
        "distributed", reason="Dask distributed is not installed (the 'cluster' extra)"
    )
    # Even with no dashboard the scheduler serves HTTP, on 8787 unless told otherwise; when
    # another program holds 8787 it moves with a warning and leaks a socket, so ask for any port.
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
    ) as cluster:
        on_cluster = simulate_cohort_at_scale(JOB, scheduler=cluster.scheduler_address).as_dict()
    assert on_cluster == simulate_cohort_at_scale(JOB).as_dict()


def test_progress_reports_every_chunk() -> None:
    job = CohortJob(Population("arm"), Cuff(5.0), 120, 2, chunk_size=50)
    calls: list[tuple[int, int]] = []
    simulate_cohort_at_scale(job, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(50, 120), (100, 120), (120, 120)]


def test_moments_merge_like_one_pass() -> None:
    values = np.random.default_rng(3).normal(10.0, 2.0, 1001)
    merged = Moments()
    for part in np.array_split(values, 7):
        merged.merge(Moments.of(part))
    assert merged.count == 1001
    assert merged.mean == pytest.approx(values.mean(), rel=1e-13)
    assert math.sqrt(merged.m2 / 1000) == pytest.approx(values.std(ddof=1), rel=1e-12)


@pytest.mark.parametrize(
    "changes",
    [{"n": 0}, {"n": 100_000_001}, {"seed": -1}, {"chunk_size": 0},
     {"closing_pressure_mmhg": 2000.0}, {"protocol": "nonsense"}],
)
def test_bad_jobs_are_refused(changes: dict[str, object]) -> None:
    settings: dict[str, object] = {"population": Population("thigh"), "cuff": Cuff(13.5),
                                   "n": 100, "seed": 0} | changes
    with pytest.raises(InputError):
        CohortJob(**settings)  # type: ignore[arg-type]


def test_an_unreachable_scheduler_is_one_clear_error() -> None:
    pytest.importorskip("distributed", reason="Dask distributed is not installed")
    job = CohortJob(Population("thigh"), Cuff(13.5), 10, 0, chunk_size=10)
    with pytest.raises(InputError, match="no Dask scheduler answered"):
        simulate_cohort_at_scale(job, scheduler="tcp://127.0.0.1:1")


WRAP_JOB = CohortJob(
    Population("thigh"), Cuff(7.5, "elastic"), 230, 5, wrap_tension_n=60.0, wrap_layers=2.0,
    chunk_size=50,
)


def test_a_wrap_in_chunks_counts_whom_its_laplace_bound_could_close() -> None:
    from occlusion.physiology.cohort import wrap_pressures_mmhg
    from occlusion.science.bands import laplace_pressure_mmhg

    totals = simulate_cohort_at_scale(WRAP_JOB)
    document = totals.as_dict()["wrap"]
    lops = _everyone(WRAP_JOB)
    circumferences = np.concatenate([
        sample_with_generator(
            WRAP_JOB.population, min(50, 230 - index * 50),
            np.random.default_rng([WRAP_JOB.seed, index]), WRAP_JOB.seed,
        ).circumference_cm
        for index in range(WRAP_JOB.chunks)
    ])
    # The vectorised Laplace bound is the law person by person.
    pressures = wrap_pressures_mmhg(60.0, 2.0, circumferences, 7.5)
    for circumference, pressure in zip(circumferences[:5], pressures[:5], strict=True):
        assert pressure == pytest.approx(laplace_pressure_mmhg(
            tension_n=60.0, layers=2.0, circumference_cm=float(circumference), width_cm=7.5
        ), rel=1e-12)
    assert document["probability_wrap_closes_artery_at_most"] == pytest.approx(
        float(np.mean(pressures >= lops))
    )
    assert document["pressure_upper_bound_mmhg"]["mean"] == pytest.approx(pressures.mean())
    assert (document["tension_n"], document["layers"]) == (60.0, 2.0)
    assert simulate_cohort_at_scale(WRAP_JOB, workers=2).as_dict() == totals.as_dict()


def test_a_wrap_job_checks_the_law_s_inputs_before_any_worker_starts() -> None:
    with pytest.raises(InputError):
        CohortJob(Population("thigh"), Cuff(7.5, "elastic"), 100, 0, wrap_tension_n=-5.0)
