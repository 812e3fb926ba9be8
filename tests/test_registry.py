"""Every module imports together, and every source is registered once."""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict

import occlusion
from occlusion import evidence

# Alembic's environment script only runs inside an Alembic command.
NOT_IMPORTABLE_ALONE = {"occlusion.store.migrations.env"}


def _import_everything() -> None:
    for module in pkgutil.walk_packages(occlusion.__path__, "occlusion."):
        if module.name in NOT_IMPORTABLE_ALONE or ".migrations.versions" in module.name:
            continue
        importlib.import_module(module.name)


def test_all_modules_import_in_one_process() -> None:
    _import_everything()


def test_no_source_is_registered_under_two_keys() -> None:
    _import_everything()
    by_locator: dict[str, list[str]] = defaultdict(list)
    for reference in evidence.all_references():
        locator = reference.doi or reference.url
        if locator:
            by_locator[locator.lower().rstrip("/")].append(reference.key)
    duplicates = {locator: keys for locator, keys in by_locator.items() if len(keys) > 1}
    assert not duplicates, f"sources registered under several keys: {duplicates}"


def test_every_reference_is_complete() -> None:
    _import_everything()
    for reference in evidence.all_references():
        assert reference.citation.strip(), reference.key
        assert reference.status in ("verified", "verified-secondary", "derived", "policy")
        if reference.status in ("verified", "verified-secondary"):
            # A source without a DOI or address must at least say where it was read.
            assert reference.doi or reference.url or reference.note, (
                f"{reference.key} says neither where it is nor where it was read"
            )
