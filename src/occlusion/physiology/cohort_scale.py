"""Cohorts of any size: chunks that keep only summaries, on local processes or a Dask cluster.

A run of ``n`` people is cut into chunks of :data:`CHUNK_SIZE`. Chunk ``i`` draws its people
with ``numpy.random.default_rng([seed, i])``, simulates them and returns a :class:`ChunkSummary`:
per output, the count, mean and sum of squared deviations, the exact minimum and maximum, and a
fixed-bin histogram. Nothing per person leaves the chunk, so memory does not grow with ``n``.

Summaries are merged in chunk order (Chan et al.'s pairwise update for the moments, integer
addition for the histograms), so the result depends on the seed and ``n`` only, never on how
many processes or machines ran the chunks. Percentiles are read from the histograms by linear
interpolation inside a bin: their resolution is the bin width, reported with the result.

References
----------
.. [1] Chan TF, Golub GH, LeVeque RJ. Updating formulae and a pairwise algorithm for computing
   sample variances. Stanford CS report STAN-CS-79-773, 1979.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from occlusion.errors import InputError
from occlusion.evidence import cite
from occlusion.physiology.cohort import (
    COHORT_REFERENCES,
    PERCENTILES,
    Population,
    sample_with_generator,
    wrap_pressures_mmhg,
)
from occlusion.physiology.exercise import exercise_schedule, protocol_named
from occlusion.physiology.session import SESSION_REFERENCES, SessionSummary, integrate_summary
from occlusion.physiology.subject import Cuff, check_cuff_pressure_mmhg
from occlusion.science.checks import require_between

FloatArray = NDArray[np.float64]

#: People per chunk by default. Part of the definition of a run (chunk ``i`` holds people
#: ``i * chunk_size`` to ``(i + 1) * chunk_size - 1`` drawn from their own generator), so a run
#: is reproduced by the same seed, size and chunk size, whatever the number of workers.
CHUNK_SIZE = 10_000
#: Largest cohort accepted.
MAX_SUBJECTS = 100_000_000
#: Histogram range per output (low, high) and bin count; values outside land in the end bins
#: and are counted as out of range.
HISTOGRAM_BINS = 4000
HISTOGRAM_RANGES: dict[str, tuple[float, float]] = {
    "lop_mmhg": (0.0, 1000.0),
    "circumference_cm": (0.0, 120.0),
    "sbp_mmhg": (60.0, 260.0),
    "dbp_mmhg": (20.0, 160.0),
    "fat_thickness_cm": (0.0, 10.0),
    "age_years": (0.0, 120.0),
    "pooled_volume_ml": (0.0, 4000.0),
    "swelling_pct": (0.0, 100.0),
    "min_tissue_saturation_pct": (0.0, 100.0),
    "peak_lactate_mmol_l": (0.0, 40.0),
    "peak_muscle_lactate_mmol_l": (0.0, 80.0),
    "mean_inflow_in_sets_pct": (0.0, 2000.0),
    "peak_hyperaemia_pct": (0.0, 4000.0),
    "wrap_pressure_mmhg": (0.0, 1000.0),
}
_POPULATION_FIELDS = ("circumference_cm", "sbp_mmhg", "dbp_mmhg", "fat_thickness_cm", "age_years")


@dataclass(frozen=True, slots=True)
class CohortJob:
    """Everything a worker needs to simulate any chunk of one run (small and picklable)."""

    population: Population
    cuff: Cuff
    n: int
    seed: int
    closing_pressure_mmhg: float | None = None
    wrap_tension_n: float | None = None
    wrap_layers: float = 2.0
    protocol: str | None = None
    pct_lop: float = 50.0
    load_pct_1rm: float | None = None
    intermittent: bool = False
    chunk_size: int = CHUNK_SIZE

    def __post_init__(self) -> None:
        whole = isinstance(self.n, int) and not isinstance(self.n, bool)
        if not whole or not 1 <= self.n <= MAX_SUBJECTS:
            raise InputError(
                f"cohort size must be a whole number from 1 to {MAX_SUBJECTS:,}, got {self.n!r}",
                code="physiology.cohort-size-out-of-range",
                value=self.n,
                minimum=1,
                maximum=MAX_SUBJECTS,
            )
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise InputError(
                f"the seed must be a whole number of at least 0, got {self.seed!r}",
                code="physiology.bad-seed",
                value=self.seed,
            )
        if isinstance(self.chunk_size, bool) or not 1 <= self.chunk_size <= 1_000_000:
            raise InputError(
                f"chunk size must be 1 to 1,000,000, got {self.chunk_size!r}",
                code="physiology.chunk-size-out-of-range",
                value=self.chunk_size,
                minimum=1,
                maximum=1_000_000,
            )
        if self.closing_pressure_mmhg is not None:
            check_cuff_pressure_mmhg(self.closing_pressure_mmhg)
        if self.wrap_tension_n is not None:
            # The Laplace law's own checks (tension, layers, width), before any worker starts.
            wrap_pressures_mmhg(
                self.wrap_tension_n, self.wrap_layers, np.ones(1), self.cuff.width_cm
            )
        if self.protocol is not None:
            protocol_named(self.protocol)
            require_between(self.pct_lop, 0.0, 150.0, "cuff pressure", "% LOP")

    @property
    def chunks(self) -> int:
        """Number of chunks."""
        return math.ceil(self.n / self.chunk_size)


@dataclass(slots=True)
class Moments:
    """Count, mean and sum of squared deviations of some values, mergeable."""

    count: int = 0
    mean: float = 0.0
    m2: float = 0.0
    low: float = math.inf
    high: float = -math.inf

    @classmethod
    def of(cls, values: FloatArray) -> Moments:
        """Return the moments of the finite ``values``."""
        finite = values[np.isfinite(values)]
        if finite.size == 0:
            return cls()
        mean = float(finite.mean())
        return cls(
            int(finite.size),
            mean,
            float(((finite - mean) ** 2).sum()),
            float(finite.min()),
            float(finite.max()),
        )

    def merge(self, other: Moments) -> None:
        """Add ``other``'s values (Chan et al. 1979)."""
        if other.count == 0:
            return
        total = self.count + other.count
        delta = other.mean - self.mean
        self.mean += delta * other.count / total
        self.m2 += other.m2 + delta * delta * self.count * other.count / total
        self.count = total
        self.low = min(self.low, other.low)
        self.high = max(self.high, other.high)


@dataclass(frozen=True, slots=True)
class ChunkSummary:
    """What one chunk returns: moments and histograms per output, and counts."""

    index: int
    size: int
    moments: dict[str, Moments]
    histograms: dict[str, NDArray[np.int64]]
    female: int
    closed: int
    wrap_closed: int = 0


def _histogram(name: str, values: FloatArray) -> NDArray[np.int64]:
    low, high = HISTOGRAM_RANGES[name]
    finite = values[np.isfinite(values)]
    scaled = np.floor((finite - low) * (HISTOGRAM_BINS / (high - low))).astype(np.int64)
    # Two extra bins hold the values below and above the range.
    positions = np.clip(scaled + 1, 0, HISTOGRAM_BINS + 1)
    return np.bincount(positions, minlength=HISTOGRAM_BINS + 2).astype(np.int64)


def run_chunk(job: CohortJob, index: int) -> ChunkSummary:
    """Simulate chunk ``index`` of ``job`` and return its summary (runs on any worker)."""
    start = index * job.chunk_size
    size = min(job.chunk_size, job.n - start)
    generator = np.random.default_rng([job.seed, index])
    cohort = sample_with_generator(job.population, size, generator, job.seed)
    values: dict[str, FloatArray] = {
        name: getattr(cohort, name) for name in _POPULATION_FIELDS
    }
    limb = cohort.limb_arrays(job.cuff)
    values["lop_mmhg"] = limb.occlusion_pressure_mmhg
    closed = 0
    if job.closing_pressure_mmhg is not None:
        closed = int(np.count_nonzero(job.closing_pressure_mmhg >= limb.occlusion_pressure_mmhg))
    wrap_closed = 0
    if job.wrap_tension_n is not None:
        wrap = wrap_pressures_mmhg(
            job.wrap_tension_n, job.wrap_layers, cohort.circumference_cm, job.cuff.width_cm
        )
        values["wrap_pressure_mmhg"] = wrap
        wrap_closed = int(np.count_nonzero(wrap >= limb.occlusion_pressure_mmhg))
    if job.protocol is not None:
        chosen = protocol_named(job.protocol)
        schedule = exercise_schedule(
            chosen,
            load_pct_1rm=job.load_pct_1rm,
            intermittent=job.intermittent,
            restricted=job.pct_lop > 0,
        )
        session_limb = cohort.limb_arrays(job.cuff, limbs_exercised=chosen.limbs_exercised)
        summary = integrate_summary(
            session_limb, schedule, session_limb.occlusion_pressure_mmhg * job.pct_lop / 100.0
        )
        for name in SessionSummary.__slots__:
            values[name] = getattr(summary, name)
    return ChunkSummary(
        index=index,
        size=size,
        moments={name: Moments.of(array) for name, array in values.items()},
        histograms={name: _histogram(name, array) for name, array in values.items()},
        female=int(np.count_nonzero(cohort.is_female)),
        closed=closed,
        wrap_closed=wrap_closed,
    )


def _percentiles(name: str, counts: NDArray[np.int64]) -> dict[str, float]:
    """Return the percentiles of a histogram (linear inside the bin)."""
    low, high = HISTOGRAM_RANGES[name]
    width = (high - low) / HISTOGRAM_BINS
    total = int(counts.sum())
    cumulative = np.cumsum(counts)
    result = {}
    for percentile in PERCENTILES:
        rank = percentile / 100.0 * total
        position = int(np.searchsorted(cumulative, rank, side="left"))
        position = min(max(position, 1), HISTOGRAM_BINS)
        before = int(cumulative[position - 1]) if position > 0 else 0
        inside = int(counts[position])
        share = 0.0 if inside == 0 else (rank - before) / inside
        result[f"p{percentile}"] = low + (position - 1 + min(max(share, 0.0), 1.0)) * width
    return result


@dataclass(slots=True)
class CohortTotals:
    """The merged summaries of a run (built by :func:`merge`)."""

    job: CohortJob
    moments: dict[str, Moments] = field(default_factory=dict)
    histograms: dict[str, NDArray[np.int64]] = field(default_factory=dict)
    female: int = 0
    closed: int = 0
    wrap_closed: int = 0
    done: int = 0

    def distribution(self, name: str) -> dict[str, float]:
        """Return mean, SD, percentiles, min, max and out-of-range count of one output."""
        moments = self.moments[name]
        counts = self.histograms[name]
        sd = math.sqrt(moments.m2 / (moments.count - 1)) if moments.count > 1 else 0.0
        return {
            "mean": moments.mean,
            "sd": sd,
            **_percentiles(name, counts),
            "min": moments.low,
            "max": moments.high,
            "out_of_histogram_range": int(counts[0] + counts[-1]),
        }

    def as_dict(self) -> dict[str, Any]:
        """Return the run's distributions, settings and references, JSON-ready."""
        job = self.job
        document: dict[str, Any] = {
            "n": job.n,
            "seed": job.seed,
            "limb": job.population.limb,
            "posture": job.population.posture,
            "cuff": job.cuff.as_dict(),
            "population": {
                "female_fraction_sampled": self.female / job.n,
                **{name: self.distribution(name) for name in _POPULATION_FIELDS},
            },
            "lop_mmhg": self.distribution("lop_mmhg"),
            "method": {
                "chunk_size": job.chunk_size,
                "chunks": job.chunks,
                "percentiles": "linear within fixed histogram bins",
                "percentile_resolution": {
                    name: (high - low) / HISTOGRAM_BINS
                    for name, (low, high) in HISTOGRAM_RANGES.items()
                    if name in self.moments
                },
            },
        }
        if job.closing_pressure_mmhg is not None:
            document["closing_pressure_mmhg"] = job.closing_pressure_mmhg
            document["probability_artery_closed"] = self.closed / job.n
        if job.wrap_tension_n is not None:
            document["wrap"] = {
                "tension_n": job.wrap_tension_n,
                "layers": job.wrap_layers,
                "pressure_upper_bound_mmhg": self.distribution("wrap_pressure_mmhg"),
                "probability_wrap_closes_artery_at_most": self.wrap_closed / job.n,
            }
        if job.protocol is not None:
            chosen = protocol_named(job.protocol)
            document["session"] = {
                "protocol": chosen.name,
                "pct_lop": job.pct_lop,
                "load_pct_1rm": (
                    chosen.default_load_pct_1rm if job.load_pct_1rm is None else job.load_pct_1rm
                ),
                "intermittent": job.intermittent,
                **{name: self.distribution(name) for name in SessionSummary.__slots__},
            }
        references = COHORT_REFERENCES + (SESSION_REFERENCES if job.protocol else ())
        document["references"] = [reference.as_dict() for reference in cite(*references)]
        return document


def merge(job: CohortJob, summaries: Iterator[ChunkSummary], progress: Callable[[int, int], None]
          | None = None) -> CohortTotals:
    """Merge chunk summaries arriving in any order into totals that do not depend on that order.

    Histograms and counts are added as they arrive; moments wait until every earlier chunk has
    been merged, so floating-point sums always run in chunk order.
    """
    totals = CohortTotals(job)
    waiting: dict[int, dict[str, Moments]] = {}
    next_index = 0
    for summary in summaries:
        for name, counts in summary.histograms.items():
            if name in totals.histograms:
                totals.histograms[name] += counts
            else:
                totals.histograms[name] = counts.copy()
        totals.female += summary.female
        totals.closed += summary.closed
        totals.wrap_closed += summary.wrap_closed
        totals.done += summary.size
        waiting[summary.index] = summary.moments
        while next_index in waiting:
            for name, moments in waiting.pop(next_index).items():
                totals.moments.setdefault(name, Moments()).merge(moments)
            next_index += 1
        if progress is not None:
            progress(totals.done, job.n)
    return totals


def _serial(job: CohortJob) -> Iterator[ChunkSummary]:
    for index in range(job.chunks):
        yield run_chunk(job, index)


def _local_processes(job: CohortJob, workers: int) -> Iterator[ChunkSummary]:
    """Run the chunks on ``workers`` local processes, at most two per worker in flight."""
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    indices = iter(range(job.chunks))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: set[Future[ChunkSummary]] = set()
        for index in indices:
            pending.add(pool.submit(run_chunk, job, index))
            if len(pending) >= 2 * workers:
                break
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield future.result()
                following = next(indices, None)
                if following is not None:
                    pending.add(pool.submit(run_chunk, job, following))


def _dask_cluster(job: CohortJob, address: str) -> Iterator[ChunkSummary]:
    """Run the chunks on the Dask distributed scheduler at ``address``."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise InputError(
            "running on a cluster needs Dask distributed (the 'cluster' extra of occlusion)",
            code="physiology.cluster.missing-extra",
            extra="cluster",
        ) from None
    try:
        client = Client(address, timeout=10)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as error:
        raise InputError(
            f"no Dask scheduler answered at {address!r} ({error})",
            code="physiology.cluster.no-scheduler",
            address=address,
            reason=str(error),
        ) from None
    try:
        workers = max(1, sum(client.nthreads().values()))  # type: ignore[no-untyped-call]
        indices = iter(range(job.chunks))
        first = [next(indices) for _ in range(min(2 * workers, job.chunks))]
        # pure=False: every chunk is computed, never taken from another run's cache.
        running = as_completed(  # type: ignore[no-untyped-call]
            client.map(run_chunk, [job] * len(first), first, pure=False)
        )
        for future in running:
            summary: ChunkSummary = future.result()
            future.release()
            yield summary
            following = next(indices, None)
            if following is not None:
                running.add(  # type: ignore[no-untyped-call]
                    client.submit(run_chunk, job, following, pure=False)
                )
    finally:
        client.close()  # type: ignore[no-untyped-call]


def local_worker_count(requested: int) -> int:
    """Return the number of local processes for ``--workers`` (0 means every core)."""
    if isinstance(requested, bool) or not isinstance(requested, int) or requested < 0:
        raise InputError(
            f"workers must be a whole number of at least 0, got {requested!r}",
            code="physiology.workers-out-of-range",
            value=requested,
            minimum=0,
        )
    return requested or (os.cpu_count() or 1)


def simulate_cohort_at_scale(
    job: CohortJob,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CohortTotals:
    """Simulate ``job`` in chunks on one process, ``workers`` local processes or a cluster.

    Parameters
    ----------
    job
        The population, cuff, size, seed and session.
    workers
        Local processes (1 runs in this process; 0 uses every core). Ignored with ``scheduler``.
    scheduler
        Address of a Dask distributed scheduler (``tcp://host:8786``).
    progress
        Called as ``progress(done, total)`` after each chunk.

    Returns
    -------
    CohortTotals
        The same numbers for the same ``job`` whichever way it ran.
    """
    if scheduler is not None:
        summaries = _dask_cluster(job, scheduler)
    else:
        count = min(local_worker_count(workers), job.chunks)
        summaries = _serial(job) if count == 1 else _local_processes(job, count)
    return merge(job, summaries, progress)


__all__ = [
    "CHUNK_SIZE",
    "ChunkSummary",
    "CohortJob",
    "CohortTotals",
    "Moments",
    "merge",
    "run_chunk",
    "simulate_cohort_at_scale",
]
