"""Citation registry: every model registers the paper it implements.

Each published equation, coefficient table or rule in :mod:`occlusion.science` is tied to a
:class:`Reference` in this registry, so that every estimate and prescription can list exactly the
sources behind it (the pattern of PyBaMM's ``citations`` module).

Verification status follows ``shared/evidence/science.md``:

``verified``
    the number was read in the primary source.
``verified-secondary``
    read only in a secondary source (another paper, an organisation page).
``derived``
    arithmetic on verified numbers, or a modelling choice of ours.
``policy``
    a configurable setting chosen by this project, not a published finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from occlusion.errors import EvidenceError

VerificationStatus = Literal["verified", "verified-secondary", "derived", "policy"]


@dataclass(frozen=True, slots=True)
class Reference:
    """One source behind a number or rule.

    Parameters
    ----------
    key
        Stable identifier, ``author_year_topic`` in lower case (e.g. ``loenneke_2012_cuff_width``).
    citation
        Human-readable citation: authors, year, title, journal, volume and pages.
    status
        How well the numbers taken from it were verified (see the module docstring).
    doi
        Digital object identifier without the ``https://doi.org/`` prefix, if it has one.
    url
        Address of the page that was read, when there is no DOI or it adds information.
    note
        What exactly was taken from the source.
    """

    key: str
    citation: str
    status: VerificationStatus
    doi: str | None = None
    url: str | None = None
    note: str = ""

    def as_dict(self) -> dict[str, str | None]:
        """Return a JSON-ready mapping of the reference."""
        return {
            "key": self.key,
            "citation": self.citation,
            "status": self.status,
            "doi": self.doi,
            "url": self.url,
            "note": self.note or None,
        }

    def short(self) -> str:
        """Return a one-line form for terminal output: citation and DOI or URL."""
        where = f"doi:{self.doi}" if self.doi else (self.url or "")
        return f"{self.citation} {where}".strip()


_REGISTRY: dict[str, Reference] = {}


def register(reference: Reference) -> Reference:
    """Add a reference to the registry and return it.

    Registering the same reference twice is harmless; registering a different reference under a
    key already taken raises :class:`~occlusion.errors.EvidenceError`.
    """
    existing = _REGISTRY.get(reference.key)
    if existing is not None and existing != reference:
        raise EvidenceError(
            f"citation key {reference.key!r} is registered twice with different data",
            code="evidence.registered-twice", key=reference.key
        )
    _REGISTRY[reference.key] = reference
    return reference


def get(key: str) -> Reference:
    """Return the reference registered under ``key``."""
    try:
        return _REGISTRY[key]
    except KeyError:
        raise EvidenceError(
            f"unknown citation key {key!r}",
            code="evidence.unknown-key", key=key,
        ) from None


def cite(*keys: str) -> list[Reference]:
    """Return the references for ``keys`` in order, without duplicates."""
    seen: dict[str, Reference] = {}
    for key in keys:
        if key not in seen:
            seen[key] = get(key)
    return list(seen.values())


def all_references() -> list[Reference]:
    """Return every registered reference, sorted by key."""
    return [_REGISTRY[key] for key in sorted(_REGISTRY)]
