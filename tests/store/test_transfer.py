"""Export → import into an empty log → export is identical; failed imports change nothing."""

from __future__ import annotations

import copy
import json

import pytest

from occlusion.errors import InputError
from occlusion.store.engine import open_database
from occlusion.store.transfer import (
    TABLE_ORDER,
    count_rows,
    export_document,
    import_document,
)
from tests.store.populate import populate


def test_round_trip_is_identical_and_complete(database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    populate(database)
    first = export_document(database)
    assert all(first["tables"][name] for name in TABLE_ORDER), "every table is exported"
    text = json.dumps(first, ensure_ascii=False)
    empty = open_database(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        summary = import_document(empty, json.loads(text))
        assert summary.as_dict()["total_inserted"] == sum(len(v) for v in first["tables"].values())
        second = export_document(empty)
    finally:
        empty.close()
    assert json.dumps(second, ensure_ascii=False) == text


def test_reimport_skips_identical_records(database) -> None:  # type: ignore[no-untyped-def]
    populate(database)
    document = export_document(database)
    before = count_rows(database)
    summary = import_document(database, document)
    assert summary.as_dict()["total_inserted"] == 0
    assert count_rows(database) == before


def test_person_export_contains_only_that_person(database) -> None:  # type: ignore[no-untyped-def]
    ana = populate(database, "Ana")
    populate(database, "Ben")
    document = export_document(database, ana)
    assert [row["name"] for row in document["tables"]["person"]] == ["Ana"]
    assert len(document["tables"]["training_set"]) == 4
    assert {row["person_id"] for row in document["tables"]["training_set"]} == {str(ana)}


def _broken(document, mutate):  # type: ignore[no-untyped-def]
    broken = copy.deepcopy(document)
    mutate(broken)
    return broken


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="other"), "not an Occlusion export"),
        (lambda d: d.update(version=2), "newer than this version"),
        (lambda d: d["tables"].update(unknown=[]), "unknown table"),
        (lambda d: d["tables"]["training_set"][-1].update(reps=-3), "reps -3 is outside"),
        (lambda d: d["tables"]["training_set"][-1].update(reps="many"), "whole number"),
        (lambda d: d["tables"]["training_set"][-1].update(performed_at="2026-01-01T10:00"),
         "no UTC offset"),
        (lambda d: d["tables"]["training_set"][-1].update(colour="red"), "unknown field"),
        (lambda d: d["tables"]["training_set"][-1].pop("person_id"), "missing field"),
        (lambda d: d["tables"]["training_set"].append(dict(
            d["tables"]["training_set"][-1], id="0190a000-0000-7000-8000-0000000000aa",
            exercise_id="0190a000-0000-7000-8000-000000000000")), "refers to"),
        (lambda d: d["tables"]["person"][0].update(name="Changed"), "different values"),
    ],
)
def test_failed_import_changes_nothing(database, mutate, message) -> None:  # type: ignore[no-untyped-def]
    populate(database, "Ana")
    original = export_document(database)
    fresh_person_document = export_document(database)
    # New records (fresh ids) ride along, so a failure must roll them back too.
    fresh_person_document["tables"]["person"].append(
        dict(fresh_person_document["tables"]["person"][0],
             id="0190a000-0000-7000-8000-0000000000ff", name="New")
    )
    broken = _broken(fresh_person_document, mutate)
    with pytest.raises(InputError, match=message):
        import_document(database, broken)
    assert export_document(database) == original


def test_a_file_written_by_an_earlier_version_still_imports(database) -> None:  # type: ignore[no-untyped-def]
    """A kept export (format 1, December 2026): a cuff session with a trace and its alarm.

    Its trace holds the deflated cuff's small negative readings that imports once refused.
    Future versions must keep importing it unchanged.
    """
    import json
    from pathlib import Path

    from occlusion.store.transfer import export_document, import_document

    kept = json.loads((Path(__file__).parent / "data" / "export-format-1.json").read_text())
    assert min(row["pressure_mmhg"] for row in kept["tables"]["device_sample"]) < 0
    summary = import_document(database, kept)
    assert summary.as_dict()["total_inserted"] == sum(map(len, kept["tables"].values()))
    exported = export_document(database)["tables"]
    # Columns added since the file was written (lop_record.retired_at) come back empty.
    added = {
        (name, key): value
        for name, rows in exported.items()
        for row, kept_row in zip(rows, kept["tables"][name], strict=True)
        for key, value in row.items()
        if key not in kept_row
    }
    assert set(added) == {("lop_record", "retired_at")}
    assert set(added.values()) == {None}
    assert {
        name: [{key: row[key] for key in kept_row} for row, kept_row in zip(
            rows, kept["tables"][name], strict=True
        )]
        for name, rows in exported.items()
    } == kept["tables"]
