from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from occlusion.errors import InputError
from occlusion.services.people import add_person, list_people, show_person

WHEN = datetime(2026, 5, 1, 18, 30, 15, 250000, tzinfo=timezone(timedelta(hours=2)))


def test_add_list_show(database) -> None:  # type: ignore[no-untyped-def]
    ana = add_person(database, name=" Ana ", sex="female", birth_year=1990, body_mass=150,
                     preferred_units="imperial", now=WHEN)
    add_person(database, name="Ben", now=WHEN)
    assert ana.name == "Ana"
    record = ana.as_dict()
    assert record["body_mass_kg"] == pytest.approx(150 * 0.45359237)
    assert record["body_mass_entered_unit"] == "lb"
    assert record["created_at"] == "2026-05-01T18:30:15.250000+02:00"
    assert [person.name for person in list_people(database)] == ["Ana", "Ben"]
    assert show_person(database, ana.short_id).as_dict() == record
    assert show_person(database, ana.id.upper()).name == "Ana"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "A", "sex": "other"}, "unknown sex"),
        ({"name": "A", "birth_year": 1800}, "birth year"),
        ({"name": "A", "birth_year": 2030}, "birth year"),
        ({"name": "A", "body_mass": 3}, "body mass"),
        ({"name": "A", "body_mass": float("nan")}, "finite"),
        ({"name": "A", "preferred_units": "furlongs"}, "unit system"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(database, arguments, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=message):
        add_person(database, now=WHEN, **arguments)
    assert list_people(database) == []


def test_unknown_or_ambiguous_reference(database) -> None:  # type: ignore[no-untyped-def]
    add_person(database, name="A", now=WHEN)
    with pytest.raises(InputError, match="no person"):
        show_person(database, "ffffffff")
    with pytest.raises(InputError, match="not a person id"):
        show_person(database, "zz")
    with pytest.raises(InputError, match="no person with id"):
        show_person(database, "00000000-0000-7000-8000-000000000000")


@given(st.text(min_size=1, max_size=40).filter(lambda text: text.strip() != ""))
@example("Ada\x00")
def test_any_name_round_trips_or_is_refused_for_a_control_character(name: str) -> None:
    from occlusion.store.engine import open_database
    from occlusion.text import control_character_at

    database = open_database("sqlite://")
    try:
        if control_character_at(name.strip(), multiline=False) is not None:
            with pytest.raises(InputError) as refused:
                add_person(database, name=name, now=WHEN)
            assert refused.value.code == "text.control-character"
            return
        person = add_person(database, name=name, now=WHEN)
        assert show_person(database, person.id).name == name.strip()
    finally:
        database.close()


def test_a_person_header_is_found_as_the_person_is(database) -> None:  # type: ignore[no-untyped-def]
    """Exact ids are read as three columns; short references and misses as find_person."""
    from occlusion.services.people import PersonHeader, find_person, find_person_header

    added = add_person(database, name="Ada Header", sex="female", birth_year=1990, now=WHEN)
    with database.session() as session:
        person = find_person(session, added.id)
        expected = PersonHeader(person.id, person.name, person.preferred_units)
        assert find_person_header(session, added.id) == expected
        assert find_person_header(session, f" {added.id.upper()} ") == expected
        assert find_person_header(session, added.id[-8:]) == expected
        for missing in (str(uuid.uuid4()), "ffff0000"):
            with pytest.raises(InputError) as refused:
                find_person_header(session, missing)
            assert refused.value.code == "person.not-found"
