"""Use case: the units an account reads and types loads and lengths in.

An athlete's account follows its person's ``preferred_units`` (chosen on the profile), so what
they set there holds on every page. An account without a record of its own (a coach, clinician
or administrator) keeps its own choice on the account, and sees every athlete it opens in those
units. Stored values stay in kilograms and centimetres; :mod:`occlusion.units` converts at the
interface.
"""

from __future__ import annotations

import uuid

from occlusion import units
from occlusion.errors import RecordNotFound
from occlusion.store.accounts import WebUser
from occlusion.store.engine import Database
from occlusion.store.models import Person
from occlusion.vocabulary import UnitSystem


def _system(text: str | None) -> UnitSystem:
    return UnitSystem.IMPERIAL if text == UnitSystem.IMPERIAL else UnitSystem.METRIC


def units_of_account(
    database: Database, account_id: uuid.UUID, person_id: uuid.UUID | None
) -> UnitSystem:
    """Return the units the account reads in: its person's, else its own (metric if unset)."""
    with database.session() as session:
        if person_id is not None:
            person = session.get(Person, person_id)
            if person is not None:
                return _system(person.preferred_units)
        user = session.get(WebUser, account_id)
        return _system(None if user is None else user.preferred_units)


def set_account_units(
    database: Database, account_id: uuid.UUID, person_id: uuid.UUID | None, chosen: str
) -> UnitSystem:
    """Choose the units the account reads in; an athlete's choice is their profile's units.

    Raises
    ------
    InputError
        ``chosen`` is not a unit system (code ``unknown-choice``).
    RecordNotFound
        The account no longer exists.
    """
    system = units.parse_unit_system(chosen)
    with database.session() as session:
        person = session.get(Person, person_id) if person_id is not None else None
        if person is not None:
            person.preferred_units = system
            return system
        user = session.get(WebUser, account_id)
        if user is None:
            raise RecordNotFound("no such account", code="account.not-found")
        user.preferred_units = system
    return system
