"""Benchmarks of the limb simulator: speed targets, solver ratio and scaling.

Run: ``.venv/bin/python benchmarks/simulator.py`` (add ``--quick`` for a short run). Every
comparison is measured side by side in the same run; nothing here is asserted. One section runs
the compiled RK4 step (numba, the ``fast`` extra) against the numpy one, as a web worker uses
it; the others measure one-off runs, which use the numpy step (:mod:`occlusion.physiology.jit_rhs`).

The web simulator's cost per request against an earlier revision, side by side::

    .venv/bin/python benchmarks/simulator.py --web-before-commit REV [--rounds 5]

runs the page's use case (:func:`occlusion.services.simulator.simulate_flow`) of ``REV`` and of
this checkout in alternating child processes, each for new people (nothing computed yet), a
pressure slider move (same person, new pressure) and a return to a pressure already shown;
prints the median CPU time of each and their ratio, and the largest difference between the two
revisions' answers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from occlusion.physiology.cohort import Population, sample_cohort
from occlusion.physiology.exercise import PROTOCOLS, Protocol, exercise_schedule
from occlusion.physiology.limb import LimbArrays
from occlusion.physiology.model import STATE_COUNT, derivatives, resting_state
from occlusion.physiology.solver import forcing_for, integrate_fixed
from occlusion.physiology.subject import Cuff

CUFF = Cuff(13.5)


def _best_of(repeats: int, action: Callable[[], object]) -> tuple[float, float]:
    """Return the median and best CPU time [s] of ``repeats`` runs.

    CPU time of this process, not wall time: on a shared machine a run's wall time includes
    waiting for a core, which made medians of the same code differ two- to threefold.
    """
    times = []
    for _ in range(repeats):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return statistics.median(times), min(times)


def _limb(size: int, seed: int = 0) -> LimbArrays:
    return sample_cohort(Population("thigh"), size, seed).limb_arrays(CUFF)


def _one_set_schedule() -> object:
    one_set = Protocol("1x30", (30,), 0.0, 30.0, 1, "one set of 30", "occlusion_model_choices")
    return exercise_schedule(one_set, baseline_s=0.0, recovery_s=0.0)


def _solve_ivp_loop(limb: LimbArrays, schedule: object, pressure: np.ndarray,
                    rtol: float, atol: float) -> None:
    """One solve_ivp per subject and per segment (the usual way to use it)."""
    from scipy.integrate import solve_ivp

    from occlusion.physiology.limb import limb_arrays  # noqa: F401  (same model)

    for index in range(limb.size):
        single = LimbArrays(*(getattr(limb, name)[index : index + 1]
                              for name in LimbArrays.__slots__))
        state = resting_state(single).ravel()
        clock = 0.0
        for segment in schedule.segments:  # type: ignore[attr-defined]
            forcing = forcing_for(segment.cuff_on, segment.in_set, segment.contracting,
                                  segment.load_fraction, pressure[index : index + 1])

            def rhs(_t: float, y: np.ndarray, forcing: object = forcing,
                    single: LimbArrays = single) -> np.ndarray:
                return derivatives(y.reshape(1, STATE_COUNT), forcing, single).ravel()  # type: ignore[arg-type]

            solution = solve_ivp(rhs, (clock, clock + segment.duration_s), state,
                                 rtol=rtol, atol=atol)
            state = solution.y[:, -1]
            clock += segment.duration_s


def _previous_vectorised(limb: LimbArrays, schedule: object, pressure: np.ndarray) -> None:
    """Run the vectorised RK4 as it was before issue 13: (n, 6) state, five evaluations a step.

    Kept here as the side-by-side baseline: a separate flow evaluation before every step, the
    right-hand side rebuilt from strided columns of the (n, 6) state, and the whole trajectory
    stored.
    """
    from occlusion.physiology.model import flows_ml_s
    from occlusion.physiology.solver import step_count

    state = resting_state(limb)
    total = sum(step_count(s.duration_s, 0.5) for s in schedule.segments)  # type: ignore[attr-defined]
    states = np.empty((total + 1, limb.size, STATE_COUNT))
    states[0] = state
    index = 0
    for segment in schedule.segments:  # type: ignore[attr-defined]
        forcing = forcing_for(segment.cuff_on, segment.in_set, segment.contracting,
                              segment.load_fraction, pressure)
        for _ in range(step_count(segment.duration_s, 0.5)):
            flows_ml_s(state, forcing, limb)
            k1 = derivatives(state, forcing, limb)
            k2 = derivatives(state + 0.25 * k1, forcing, limb)
            k3 = derivatives(state + 0.25 * k2, forcing, limb)
            k4 = derivatives(state + 0.5 * k3, forcing, limb)
            state = state + (0.5 / 6.0) * (k1 + 2.0 * (k2 + k3) + k4)
            index += 1
            states[index] = state


def _compare_solvers(size: int, one_set: object, repeats: int) -> None:
    """Print the new RK4 against the previous one and the solve_ivp loop, side by side."""
    group = _limb(size, seed=1)
    pressure = 0.6 * group.occlusion_pressure_mmhg
    vector, vector_best = _best_of(
        repeats, lambda: integrate_fixed(group, one_set, pressure))  # type: ignore[arg-type]
    previous, previous_best = _best_of(
        repeats, lambda: _previous_vectorised(group, one_set, pressure))
    print(f"{size} subjects, one set: vectorised RK4 {1000 * vector:.1f} ms vs the previous "
          f"vectorised RK4 {1000 * previous:.1f} ms: {previous / vector:.2f}x faster")
    for rtol, atol, label in ((1e-3, 1e-6, "solve_ivp defaults"), (1e-6, 1e-9, "rtol 1e-6")):
        loop, _ = _best_of(1, lambda rtol=rtol, atol=atol: _solve_ivp_loop(
            group, one_set, pressure, rtol, atol))
        # On a loaded machine the medians of short runs wander; the best runs show the cost
        # without other work in it, so both ratios are printed.
        print(f"{size} subjects, one set: per-subject solve_ivp loop ({label}, RK45) "
              f"{1000 * loop:.0f} ms: ratio {loop / vector:.0f}x of the median, "
              f"{loop / vector_best:.0f}x of the best run (previous RK4: {loop / previous:.0f}x, "
              f"{loop / previous_best:.0f}x)")


#: The page's first request: thigh, 56 cm, 120/78 mmHg, 11.5 cm nylon cuff at 120 mmHg.
WEB_REQUEST = {"limb": "thigh", "circumference_cm": 56.0, "sbp_mmhg": 120.0, "dbp_mmhg": 78.0,
               "cuff_width_cm": 11.5, "cuff_material": "nylon", "pressure_mmhg": 120.0}


def _web_child(people: int, first: int) -> None:
    """Time the page's use case in this process (whichever revision is on the path); print JSON.

    Person ``i`` has a circumference of ``50 + first + i`` cm, so nothing is computed yet when
    they first ask; each asks three times: first, after a slider move (+5 mmHg) and back.
    """
    from occlusion.services.simulator import simulate_flow

    simulate_flow(**{**WEB_REQUEST, "circumference_cm": 40.0})  # imports, not timed
    times: dict[str, list[float]] = {"new person": [], "slider move": [], "back": []}
    answers = []
    for index in range(people):
        person = {**WEB_REQUEST, "circumference_cm": 50.0 + first + index}
        for label, pressure in (("new person", 120.0), ("slider move", 125.0), ("back", 120.0)):
            began = time.process_time()
            answer = simulate_flow(**{**person, "pressure_mmhg": pressure})
            times[label].append(time.process_time() - began)
            if label != "back":
                answers.append(answer)
    print(json.dumps({"times": times, "answers": answers}, default=str))


def _source_at(revision: str) -> Path:
    """Unpack ``src/`` as it was at ``revision`` into a temporary directory; return its path."""
    archive = subprocess.run(["git", "archive", "--format=tar", revision, "src"],
                             check=True, capture_output=True).stdout
    folder = Path(tempfile.mkdtemp(prefix="occlusion-bench-"))
    archive_path = folder / "src.tar"
    archive_path.write_bytes(archive)
    with tarfile.open(archive_path) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"


def _compare(old: Any, new: Any, path: str, added: set[str]) -> tuple[float, str]:
    """Return the largest difference between numbers both answers have, and where it is.

    Adds to ``added`` what only the new answers have.
    """
    if isinstance(old, dict) and isinstance(new, dict):
        added.update(f"{path}.{key}".lstrip(".") for key in new.keys() - old.keys())
        return max((_compare(old[key], new[key], f"{path}.{key}", added)
                    for key in old.keys() & new.keys()), default=(0.0, path))
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return float("inf"), path
        return max((_compare(a, b, f"{path}[]", added) for a, b in zip(old, new, strict=True)),
                   default=(0.0, path))
    if isinstance(old, bool) or isinstance(new, bool) or not isinstance(old, float | int):
        return (0.0 if old == new else float("inf")), path
    return abs(float(old) - float(new)), path


def _web_before_after(revision: str, rounds: int, people: int) -> None:
    """Print the web simulator's CPU per request at ``revision`` and now, side by side."""
    here = Path(__file__).resolve().parents[1] / "src"
    sources = {"before": _source_at(revision), "after": here}
    times: dict[str, dict[str, list[float]]] = {"before": {}, "after": {}}
    difference: tuple[float, str] = (0.0, "")
    added: set[str] = set()
    for round_index in range(rounds):
        answers = {}
        for name, source in sources.items():
            environment = {**os.environ, "PYTHONPATH": str(source)}
            output = subprocess.run(
                [sys.executable, __file__, "--web-child", str(people),
                 "--first", str(round_index * people)],
                check=True, capture_output=True, text=True, env=environment,
            ).stdout
            document = json.loads(output)
            answers[name] = document["answers"]
            for label, values in document["times"].items():
                times[name].setdefault(label, []).extend(values)
        difference = max(difference, _compare(answers["before"], answers["after"], "", added))
    print(f"# Web simulator, CPU per request: {revision} (before) and this checkout (after), "
          f"{rounds} alternating rounds of {people} people")
    for label in times["after"]:
        old = statistics.median(times["before"][label]) * 1000.0
        new = statistics.median(times["after"][label]) * 1000.0
        print(f"{label:>12}: before {old:7.1f} ms, after {new:7.1f} ms, x{old / new:.1f} less CPU")
    print(f"largest difference between the answers (every number both have): "
          f"{difference[0]:.3g} (at {difference[1].lstrip('.') or 'nothing'}); the model's "
          "equations or parameters may have changed between the revisions")
    if added:
        print("only in the answers after: " + ", ".join(sorted(added)))


def _without_jit(action: Callable[[], object]) -> Callable[[], object]:
    """Return ``action`` run with the compiled step turned off (the numpy reference)."""

    def run() -> object:
        os.environ["OCCLUSION_NO_JIT"] = "1"
        try:
            return action()
        finally:
            del os.environ["OCCLUSION_NO_JIT"]

    return run


def _compiled_vs_numpy(one_set: object, repeats: int, quick: bool) -> None:
    """Print the compiled RK4 step against the numpy one, side by side, and the web request."""
    from occlusion.physiology import jit_rhs
    from occlusion.services.simulator import simulate_flow

    began = time.process_time()
    if not jit_rhs.prefer_compiled():  # as a web worker does at start-up
        print("\nCompiled step: numba is not installed (pip install -e '.[fast]'); skipped")
        return
    print(f"\nLoading the compiled step (numba) in this process: "
          f"{time.process_time() - began:.2f} s CPU")
    try:
        _compiled_against_numpy(one_set, repeats, quick, simulate_flow)
    finally:
        jit_rhs.prefer_compiled(False)  # the other sections measure one-off runs


def _compiled_against_numpy(
    one_set: object, repeats: int, quick: bool, simulate_flow: Callable[..., object]
) -> None:
    print("\nCompiled RK4 step (numba) against the numpy step, one set of 30 (60 s simulated):")
    for size in ((61, 10_000) if quick else (61, 200, 1586, 10_000)):
        group = _limb(size, seed=4)
        pressure = 0.6 * group.occlusion_pressure_mmhg

        def integrate(group: LimbArrays = group, pressure: np.ndarray = pressure) -> object:
            return integrate_fixed(group, one_set, pressure)  # type: ignore[arg-type]

        compiled, _ = _best_of(repeats, integrate)
        reference, _ = _best_of(repeats, _without_jit(integrate))
        print(f"  {size:>6} subjects: compiled {1000 * compiled:7.1f} ms, numpy "
              f"{1000 * reference:7.1f} ms: {reference / compiled:5.1f}x")
    simulate_flow(**{**WEB_REQUEST, "circumference_cm": 40.0})  # imports and compiling, not timed
    simulate_flow(**{**WEB_REQUEST, "circumference_cm": 41.0})
    _without_jit(lambda: simulate_flow(**{**WEB_REQUEST, "circumference_cm": 42.0}))()
    times: dict[tuple[str, str], list[float]] = {}
    for index in range(2 if quick else 4):
        for way, wrap in (("compiled", lambda f: f), ("numpy", _without_jit)):
            # A new circumference each time: nothing computed yet for this person.
            circumference = 50.0 + index + (0.5 if way == "numpy" else 0.0)
            person = {**WEB_REQUEST, "circumference_cm": circumference}
            for label, pressure in (("new person", 120.0), ("slider move", 125.0)):
                request = {**person, "pressure_mmhg": pressure}
                began = time.process_time()
                wrap(lambda request=request: simulate_flow(**request))()
                times.setdefault((label, way), []).append(time.process_time() - began)
    for label in ("new person", "slider move"):
        compiled = statistics.median(times[(label, "compiled")])
        reference = statistics.median(times[(label, "numpy")])
        print(f"  web simulator, {label}: compiled {1000 * compiled:.0f} ms, numpy "
              f"{1000 * reference:.0f} ms: {reference / compiled:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats and sizes")
    parser.add_argument("--web-before-commit", metavar="REV",
                        help="only compare the web simulator's cost with revision REV")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds (web)")
    parser.add_argument("--people", type=int, default=3, help="people per round (web)")
    parser.add_argument("--web-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--first", type=int, default=0, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.web_child is not None:
        _web_child(arguments.web_child, arguments.first)
        return
    if arguments.web_before_commit:
        _web_before_after(arguments.web_before_commit, arguments.rounds, arguments.people)
        return
    repeats = 3 if arguments.quick else 7

    print("# Limb simulator benchmarks")
    four_sets = exercise_schedule(PROTOCOLS["30-15-15-15"], baseline_s=0.0, recovery_s=0.0)
    one = _limb(1)
    median, best = _best_of(repeats * 3, lambda: integrate_fixed(
        one, four_sets, 0.6 * one.occlusion_pressure_mmhg))
    steps = int(four_sets.duration_s / 0.5)
    print(f"1 subject, 4-set exercise ({four_sets.duration_s:g} s simulated, {steps} RK4 steps "
          f"of 0.5 s): median {1000 * median:.1f} ms, best {1000 * best:.1f} ms (target < 50 ms)")

    one_set = _one_set_schedule()
    big = _limb(10_000)
    median, best = _best_of(max(2, repeats // 2), lambda: integrate_fixed(
        big, one_set, 0.6 * big.occlusion_pressure_mmhg))  # type: ignore[arg-type]
    print(f"10,000 subjects, one set of 30 (60 s simulated): median {median:.2f} s, "
          f"best {best:.2f} s (target < 5 s)")

    for size in ((20,) if arguments.quick else (50, 200)):
        _compare_solvers(size, one_set, repeats)
    _compiled_vs_numpy(one_set, repeats, arguments.quick)

    print("\nCost against number of subjects (one set, 60 s simulated):")
    sizes = (1, 10, 100, 1000, 10_000) if not arguments.quick else (1, 100, 10_000)
    base = None
    for count in sizes:
        limb = _limb(count, seed=2)
        median, _ = _best_of(3, lambda limb=limb: integrate_fixed(
            limb, one_set, 0.6 * limb.occlusion_pressure_mmhg))  # type: ignore[arg-type]
        base = base or median
        print(f"  {count:>6} subjects: {1000 * median:8.1f} ms  ({median / base:6.1f}x the "
              f"1-subject time, {1e6 * median / count:8.1f} us per subject)")

    print("\nCost against simulated time (1 and 1000 subjects, repeated sets of 30):")
    for count in (1, 1000):
        limb = _limb(count, seed=3)
        base = None
        for sets in (1, 2, 4, 8):
            protocol = Protocol(
                f"{sets}x30", (30,) * sets, 30.0, 30.0, 1, "", "occlusion_model_choices"
            )
            schedule = exercise_schedule(protocol, baseline_s=0.0, recovery_s=0.0)
            median, _ = _best_of(3, lambda limb=limb, schedule=schedule: integrate_fixed(
                limb, schedule, 0.6 * limb.occlusion_pressure_mmhg))
            base = base or median
            print(f"  {count:>4} subjects, {schedule.duration_s:5g} s simulated: "
                  f"{1000 * median:8.1f} ms ({median / base:4.1f}x)")


if __name__ == "__main__":
    main()
