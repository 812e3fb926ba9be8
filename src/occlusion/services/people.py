"""Use cases about people: add, list, show, and find one by id or id prefix."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from occlusion import units
from occlusion.errors import InputError
from occlusion.science.checks import require_between
from occlusion.store import timestamps
from occlusion.store.database_rows import row_to_dict
from occlusion.store.engine import Database
from occlusion.store.models import Person
from occlusion.text import check_text
from occlusion.vocabulary import Sex, choose

#: Plausible body mass of an adult who trains [kg]; rejects typing mistakes only.
PLAUSIBLE_BODY_MASS_KG = (25.0, 350.0)
MIN_BIRTH_YEAR = 1900
MAX_NAME_LENGTH = 200


@dataclass(frozen=True, slots=True)
class PersonView:
    """A person as interfaces show them."""

    record: dict[str, Any]

    @property
    def id(self) -> str:
        """The person's id (UUIDv7 as text)."""
        return str(self.record["id"])

    @property
    def short_id(self) -> str:
        """The last 8 hex digits of the id, enough to name the person on the command line."""
        return short_id(self.id)

    @property
    def name(self) -> str:
        """The person's name."""
        return str(self.record["name"])

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return dict(self.record)


def add_person(
    database: Database,
    *,
    name: str,
    sex: str | None = None,
    birth_year: int | None = None,
    body_mass: float | None = None,
    preferred_units: str = "metric",
    notes: str = "",
    now: datetime | None = None,
) -> PersonView:
    """Record a new person and return them.

    Parameters
    ----------
    name
        How the person is called (1–200 characters).
    sex
        ``male`` or ``female``, used by LOP equations that take it.
    birth_year
        Year of birth; age enters some equations and the screening.
    body_mass
        Body mass in the person's units (kg for metric, lb for imperial).
    preferred_units
        ``metric`` or ``imperial``: how loads and lengths are shown to them.
    now
        Time of recording (aware); the current local time when omitted.

    Raises
    ------
    InputError
        Any value is invalid; nothing is written.
    """
    moment = now or timestamps.now_local()
    clean_name = check_text(name.strip(), what="name")
    check_text(notes, what="notes", multiline=True)
    if not clean_name or len(clean_name) > MAX_NAME_LENGTH:
        raise InputError(
            f"a person's name must have 1 to {MAX_NAME_LENGTH} characters",
            code="person.bad-name", max_chars=MAX_NAME_LENGTH,
        )
    if sex is not None:
        choose(sex, Sex, "sex")
    system = units.parse_unit_system(preferred_units)
    if birth_year is not None:
        year = require_between(birth_year, MIN_BIRTH_YEAR, moment.year, "birth year", "")
        if not year.is_integer():
            raise InputError(
                f"birth year must be a whole year, got {birth_year!r}",
                code="person.bad-birth-year", value=str(birth_year),
            )
    mass_kg = None
    if body_mass is not None:
        mass_kg = units.mass_to_kg(body_mass, system)
        require_between(mass_kg, *PLAUSIBLE_BODY_MASS_KG, "body mass", "kg")
    created_at, offset_min = timestamps.split(moment)
    person = Person(
        name=clean_name,
        sex=sex,
        birth_year=int(birth_year) if birth_year is not None else None,
        body_mass_kg=mass_kg,
        body_mass_entered_unit=units.mass_unit_label(system) if mass_kg is not None else None,
        preferred_units=system,
        notes=notes,
        created_at=created_at,
        created_offset_min=offset_min,
    )
    with database.session() as session:
        session.add(person)
        session.flush()
        return PersonView(row_to_dict(person))


def list_people(database: Database) -> list[PersonView]:
    """Return every person, oldest record first."""
    with database.session() as session:
        people = session.scalars(select(Person).order_by(Person.id)).all()
        return [PersonView(row_to_dict(person)) for person in people]


def show_person(database: Database, reference: str) -> PersonView:
    """Return the person whose id (or unique id prefix) is ``reference``."""
    with database.session() as session:
        return PersonView(row_to_dict(find_person(session, reference)))


def short_id(identifier: uuid.UUID | str) -> str:
    """Return the short form of an id people type: its last 8 hex digits."""
    return uuid.UUID(str(identifier)).hex[-8:]


def find_person(session: Session, reference: str) -> Person:
    """Return the person whose id, or a unique start or end of it, is ``reference``.

    UUIDv7 ids begin with their creation time, so people added together share a prefix; the
    short form shown to people is therefore the *last* 8 hex digits (:func:`short_id`), and
    either end of the id is accepted here (at least 4 hex digits).

    Raises
    ------
    InputError
        No person, or more than one, matches.
    """
    text = reference.strip().lower()
    try:
        exact = uuid.UUID(text)
    except ValueError:
        exact = None
    if exact is not None:
        person = session.get(Person, exact)
        if person is None:
            raise _not_found(reference)
        return person
    compact = text.replace("-", "")
    if len(compact) < 4 or any(character not in "0123456789abcdef" for character in compact):
        raise InputError(
            f"{reference!r} is not a person id",
            code="person.bad-reference",
            reference=reference,
        )
    matches = [
        person
        for person in session.scalars(select(Person)).all()
        if person.id.hex.startswith(compact) or person.id.hex.endswith(compact)
    ]
    if not matches:
        raise InputError(
            f"no person with an id starting or ending {reference}",
            code="person.not-found", reference=reference,
        )
    if len(matches) > 1:
        raise InputError(
            f"more than one person matches {reference}; give more of the id",
            code="person.ambiguous-reference", reference=reference,
        )
    return matches[0]


@dataclass(frozen=True, slots=True)
class PersonHeader:
    """What a page of a person's records shows about them: id, name and units."""

    id: uuid.UUID
    name: str
    preferred_units: str


_PEOPLE = Person.__table__
_HEADER = select(_PEOPLE.c.id, _PEOPLE.c.name, _PEOPLE.c.preferred_units).where(
    _PEOPLE.c.id == bindparam("person_id")
)


def find_person_header(session: Session, reference: str) -> PersonHeader:
    """Return id, name and units of the person :func:`find_person` finds, for reading pages.

    An exact id (what every web request carries) is one Core read of three columns, without
    building the ORM object, which was a tenth of the history request's CPU; any other
    reference is found by :func:`find_person`.

    Raises
    ------
    InputError
        No person, or more than one, matches.
    """
    try:
        exact = uuid.UUID(reference.strip().lower())
    except ValueError:
        person = find_person(session, reference)
        return PersonHeader(person.id, person.name, person.preferred_units)
    row = session.connection().execute(_HEADER, {"person_id": exact}).first()
    if row is None:
        raise _not_found(reference)
    return PersonHeader(row.id, row.name, row.preferred_units)


def _not_found(reference: str) -> InputError:
    return InputError(
        f"no person with id {reference}", code="person.not-found", reference=reference
    )
