"""Refusals below the interfaces carry a specific code and fields, not only their class's default.

An interface says an error from its code and fields (:mod:`occlusion.cli.messages`,
:mod:`occlusion.web.words`); a bare ``InputError("...")`` reaches it as ``input.invalid`` and can
only be shown as the English default. This test finds every ``raise SomeError(...)`` of the
project's error tree outside ``cli/`` and ``web/`` that passes no ``code=``:

- modules in :data:`CODED` must have none (they were given codes one by one);
- elsewhere the count may only fall (:data:`MOST_UNCODED`, now 0), so new refusals come with a
  code.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import occlusion
from occlusion import errors

PACKAGE = Path(occlusion.__file__).parent
INTERFACES = {"cli", "web"}
ERROR_CLASSES = {
    name
    for name, value in vars(errors).items()
    if inspect.isclass(value) and issubclass(value, errors.OcclusionError)
}
#: Modules whose every refusal has its own code (every module that raises and is done).
CODED = {
    "device/address.py",
    "device/bench.py",
    "device/client.py",
    "device/faults.py",
    "device/firmware/controller.py",
    "device/firmware/wire.py",
    "device/lop_auto.py",
    "device/lop_eval.py",
    "device/protocol.py",
    "device/simulated/ble.py",
    "device/simulated/device.py",
    "device/simulated/exercise.py",
    "device/simulated/faults.py",
    "device/simulated/limb.py",
    "device/simulated/serve.py",
    "device/supervisor.py",
    "device/transports/__init__.py",
    "device/transports/ble.py",
    "device/transports/serial.py",
    "device/transports/sim.py",
    "evidence.py",
    "physiology/cohort.py",
    "physiology/cohort_scale.py",
    "physiology/exercise.py",
    "physiology/flow.py",
    "physiology/limb.py",
    "physiology/plots.py",
    "physiology/reference_solver.py",
    "physiology/session.py",
    "physiology/solver.py",
    "physiology/subject.py",
    "physiology/validation.py",
    "science/bands/catalogue.py",
    "science/bands/floss.py",
    "science/bands/laplace.py",
    "science/bands/wraps.py",
    "science/checks.py",
    "science/exercises/catalogue.py",
    "science/loads/one_rep_max.py",
    "science/loads/plates.py",
    "science/lop/equations.py",
    "science/lop/estimate.py",
    "science/lop/record.py",
    "science/lop/student_t.py",
    "science/lop/walkthrough.py",
    "science/prescription/document.py",
    "science/prescription/prescribe.py",
    "science/prescription/profile.py",
    "science/protocols/library.py",
    "science/protocols/parts.py",
    "science/protocols/pressure_targets.py",
    "science/protocols/protocol.py",
    "science/screening/answers.py",
    "science/screening/decision.py",
    "science/screening/policy.py",
    "services/__init__.py",
    "services/accounts.py",
    "services/audit.py",
    "services/cluster.py",
    "services/corrections.py",
    "services/display_units.py",
    "services/equipment.py",
    "services/exports/__init__.py",
    "services/grants.py",
    "services/history.py",
    "services/journal.py",
    "services/live_sessions.py",
    "services/lockout.py",
    "services/log.py",
    "services/lop_walkthrough.py",
    "services/measurements.py",
    "services/password_reset.py",
    "services/passwords.py",
    "services/people.py",
    "services/plans.py",
    "services/progress.py",
    "services/record_data.py",
    "services/records.py",
    "services/retirement.py",
    "services/screening.py",
    "services/sessions.py",
    "services/simulator.py",
    "services/submissions.py",
    "services/transfer.py",
    "sessions/cuff.py",
    "sessions/events.py",
    "sessions/from_prescription.py",
    "sessions/plan.py",
    "sessions/runner.py",
    "sessions/validation.py",
    "store/csv_formats.py",
    "store/csv_reading.py",
    "store/database_rows.py",
    "store/engine.py",
    "store/migrate.py",
    "store/timestamps.py",
    "store/transfer.py",
    "store/workout_apps.py",
    "text.py",
    "units.py",
    "vocabulary.py",
}
#: Raise sites still without a code of their own outside :data:`CODED`: none are left (every
#: module that raised one was given codes and joined :data:`CODED`); a new module starts coded.
MOST_UNCODED = 0


def uncoded_raise_sites(root: Path = PACKAGE) -> list[str]:
    """Return ``path:line: ErrorClass`` for every raise below the interfaces without ``code=``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in INTERFACES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            function = node.exc.func
            name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")
            # A ``**fields`` splat may carry the code (services/plans.py passes the first missing
            # item's code and fields that way); the scan cannot see into it and trusts it.
            coded = any(k.arg in ("code", None) for k in node.exc.keywords)
            if name in ERROR_CLASSES and not coded:
                found.append(f"{relative.as_posix()}:{node.lineno}: {name}")
    return found


def test_coded_modules_give_every_refusal_its_own_code() -> None:
    offences = [site for site in uncoded_raise_sites() if site.split(":")[0] in CODED]
    assert offences == []


def test_no_new_refusal_without_a_code() -> None:
    sites = uncoded_raise_sites()
    assert len(sites) <= MOST_UNCODED, "\n".join(sites)


def test_the_scan_finds_an_uncoded_raise_below_the_interfaces(tmp_path: Path) -> None:
    for folder in ("science", "cli"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "module.py").write_text(
            "raise InputError('bad')\n"
            "raise errors.OutOfRangeError('far', code='x.far', value=1)\n"
            "raise ValueError('not ours')\n"
            "raise InputError('splat', **fields)\n"
        )
    assert uncoded_raise_sites(tmp_path) == ["science/module.py:1: InputError"]
