"""Exercises as data: each names the limb its restriction goes on.

Blood-flow restriction goes on the most proximal part of the limb whose muscles move the load:
the thighs for the leg press, squats, knee extensions, leg curls and calf raises; the upper arms
for curls, triceps extensions and the pressing and pulling exercises of the upper body. A plan
restricts only the limbs its exercises work (:func:`limbs_worked`), so a measurement of another
limb never decides whether a plan can be written.

Which exercise counts for which limb is this project's choice (:data:`EXERCISE_LIMB_POLICY`),
not a published table; the studies named per entry used that exercise with restriction on that
limb.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from occlusion import evidence
from occlusion.evidence import Reference

# Importing the protocol library registers the studies named below (Wilson 2013 and others).
from occlusion.science.protocols import WILSON_2013
from occlusion.vocabulary import Limb

EXERCISE_LIMB_POLICY = evidence.register(
    Reference(
        key="occlusion_policy_exercise_limbs",
        citation=(
            "Occlusion project policy: the limb restricted for an exercise is the limb whose "
            "muscles move the load, restricted at its most proximal part."
        ),
        status="policy",
        note=(
            "Upper-body presses and pulls restrict the upper arms; lower-body exercises, walking "
            "and cycling restrict the thighs. A classification chosen by this project, not a "
            "published table."
        ),
    )
)


@dataclass(frozen=True, slots=True)
class CatalogueExercise:
    """One exercise of the catalogue.

    Parameters
    ----------
    key
        Stable identifier, kept in plan documents (``leg-press``).
    name
        How the exercise reads on a page (``Leg press``).
    limb
        The limb whose restriction this exercise needs.
    aliases
        Other names people type for it.
    reference_keys
        Studies that used this exercise with restriction on this limb (may be empty).
    """

    key: str
    name: str
    limb: Limb
    aliases: tuple[str, ...] = ()
    reference_keys: tuple[str, ...] = ()

    @property
    def limbs(self) -> tuple[Limb, ...]:
        """Return the limbs this exercise works (one limb kind for every catalogue entry)."""
        return (self.limb,)

    def names(self) -> tuple[str, ...]:
        """Return every name this exercise answers to: key, name and aliases."""
        return (self.key, self.name, *self.aliases)

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-ready mapping."""
        return {
            "key": self.key,
            "name": self.name,
            "limb": self.limb,
            "aliases": list(self.aliases),
            "references": [EXERCISE_LIMB_POLICY.key, *self.reference_keys],
        }


_THIGH = Limb.THIGH
_ARM = Limb.ARM

#: The exercises this project knows, thighs first, then arms.
CATALOGUE: tuple[CatalogueExercise, ...] = (
    CatalogueExercise(
        "leg-press",
        "Leg press",
        _THIGH,
        ("sled press", "leg press machine", "single leg press"),
        (WILSON_2013.key,),
    ),
    CatalogueExercise(
        "squat",
        "Squat",
        _THIGH,
        ("back squat", "front squat", "goblet squat", "box squat", "bodyweight squat"),
        ("luebbers_2014_practical_bfr_athletes",),
    ),
    CatalogueExercise(
        "knee-extension",
        "Knee extension",
        _THIGH,
        ("leg extension", "quad extension", "quadriceps extension", "seated leg extension"),
        ("loenneke_2010_practical_occlusion",),
    ),
    CatalogueExercise(
        "leg-curl",
        "Leg curl",
        _THIGH,
        ("hamstring curl", "knee flexion", "lying leg curl", "seated leg curl"),
    ),
    CatalogueExercise(
        "calf-raise",
        "Calf raise",
        _THIGH,
        ("calf press", "standing calf raise", "seated calf raise", "plantar flexion"),
        ("reeves_2006_occlusion_to_failure",),
    ),
    CatalogueExercise(
        "lunge",
        "Lunge",
        _THIGH,
        ("split squat", "bulgarian split squat", "walking lunge", "reverse lunge"),
    ),
    CatalogueExercise("step-up", "Step-up", _THIGH, ("box step up",)),
    CatalogueExercise("walking", "Walking", _THIGH, ("walk", "treadmill walking")),
    CatalogueExercise("cycling", "Cycling", _THIGH, ("cycle", "stationary bike", "bike")),
    CatalogueExercise(
        "biceps-curl",
        "Biceps curl",
        _ARM,
        ("curl", "arm curl", "dumbbell curl", "barbell curl", "hammer curl", "preacher curl",
         "elbow flexion"),
        ("reeves_2006_occlusion_to_failure",),
    ),
    CatalogueExercise(
        "triceps-extension",
        "Triceps extension",
        _ARM,
        ("triceps pushdown", "triceps pressdown", "overhead triceps extension", "skull crusher",
         "elbow extension"),
    ),
    CatalogueExercise(
        "bench-press",
        "Bench press",
        _ARM,
        ("chest press", "dumbbell bench press", "incline bench press"),
        ("luebbers_2014_practical_bfr_athletes",),
    ),
    CatalogueExercise("push-up", "Push-up", _ARM, ("press up", "pushup")),
    CatalogueExercise(
        "shoulder-press", "Shoulder press", _ARM, ("overhead press", "military press")
    ),
    CatalogueExercise("lat-pulldown", "Lat pulldown", _ARM, ("pulldown", "pull down")),
    CatalogueExercise("row", "Row", _ARM, ("seated row", "cable row", "dumbbell row")),
    CatalogueExercise("handgrip", "Handgrip", _ARM, ("grip", "wrist curl", "hand grip")),
)

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normalised_name(text: str) -> str:
    """Return ``text`` as the catalogue compares names: lower case, words without a final "s".

    >>> normalised_name("  Biceps-Curls ")
    'bicep curl'
    """
    return " ".join(_singular(word) for word in _NOT_WORD.sub(" ", text.lower()).split())


def _singular(word: str) -> str:
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


_BY_NAME: dict[str, CatalogueExercise] = {}
for _entry in CATALOGUE:
    for _name in _entry.names():
        _key = normalised_name(_name)
        if _BY_NAME.setdefault(_key, _entry) is not _entry:  # pragma: no cover - data check
            raise ValueError(f"exercise name {_name!r} is listed twice")


def find_exercise(name: str) -> CatalogueExercise | None:
    """Return the catalogue entry named ``name`` (key, name or alias), or ``None``.

    >>> find_exercise("Leg Extensions").key
    'knee-extension'
    >>> find_exercise("Zercher carry") is None
    True
    """
    return _BY_NAME.get(normalised_name(name))


def limbs_worked(limbs: Iterable[Limb]) -> tuple[Limb, ...]:
    """Return the distinct limbs in ``limbs`` in vocabulary order (arm before thigh)."""
    chosen = set(limbs)
    return tuple(limb for limb in Limb if limb in chosen)
