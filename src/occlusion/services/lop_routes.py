"""What a person can do to get a limb occlusion pressure for one limb and one piece of equipment.

Only one published equation is verified (a thigh cuff of about 18 cm), so for most limbs and
cuffs an estimate is refused. A refusal is not where the LOP step should end: :func:`lop_routes`
lists every route for this limb and equipment, each with a status and the code of the reason it
applies or not, so that an interface can show what to do instead:

``estimate``
    The verified equation, with its 95 % prediction interval, where it applies (limb, cuff width,
    the studied population with its policy margin, and the inputs it needs).
``stretch``
    Elastic wraps and knee wraps are set by the stretch method, which needs no LOP; floss bands
    by overlap and stretch for a short time.
``manual``
    The guided manual measurement with a cuff, a gauge and a hand-held Doppler or a pulse
    oximeter, with what is published on its agreement with ultrasound and its repeatability.
``device``
    The cuff's automatic measurement, when a cuff device is connected.

Routes carry codes and fields only; the command line and the web app choose the words.
:func:`routes_for_person` fills the situation from the person's training log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from occlusion.device.address import DeviceAddress
from occlusion.errors import InputError, NotEstimableError
from occlusion.science.checks import PLAUSIBLE_CUFF_WIDTH_CM, require_between
from occlusion.science.lop import (
    DEFAULT_CEILING_MMHG,
    DEFLATE_S,
    HOLD_S,
    NARROW_THIGH_CUFF_MAX_CM,
    agreement_studies,
    applicable_equation,
    estimate,
)
from occlusion.services.measurements import latest_blood_pressure, latest_limb
from occlusion.services.people import find_person
from occlusion.store import timestamps
from occlusion.store.engine import Database
from occlusion.vocabulary import (
    CuffMaterial,
    DetectionMethod,
    EquipmentKind,
    Limb,
    Posture,
    Sex,
    Side,
    choose,
)


class RouteKind(StrEnum):
    """A way to get (or do without) an LOP for one limb."""

    ESTIMATE = "estimate"
    STRETCH = "stretch"
    MANUAL = "manual"
    DEVICE = "device"


class RouteStatus(StrEnum):
    """Whether a route can be taken now, after giving something, or not at all."""

    READY = "ready"
    NEEDS = "needs"
    UNAVAILABLE = "unavailable"


#: The order routes are listed in, per equipment, among routes of the same status.
_PREFERENCE: dict[EquipmentKind, tuple[RouteKind, ...]] = {
    EquipmentKind.CUFF: (RouteKind.DEVICE, RouteKind.MANUAL, RouteKind.ESTIMATE, RouteKind.STRETCH),
    EquipmentKind.WRAP: (RouteKind.STRETCH, RouteKind.MANUAL, RouteKind.ESTIMATE, RouteKind.DEVICE),
    EquipmentKind.FLOSS: (
        RouteKind.STRETCH, RouteKind.MANUAL, RouteKind.ESTIMATE, RouteKind.DEVICE,
    ),
}
_STATUS_ORDER = (RouteStatus.READY, RouteStatus.NEEDS, RouteStatus.UNAVAILABLE)

#: The inputs an equation can need, in the words of :func:`occlusion.science.lop.estimate`.
ESTIMATE_INPUTS = ("circumference_cm", "sbp_mmhg", "age_years", "sex")


@dataclass(frozen=True, slots=True)
class LopSituation:
    """One limb, the equipment that restricts it, and what is known about the person.

    Parameters
    ----------
    limb
        The limb.
    equipment
        Pneumatic cuff, elastic wrap or floss band.
    cuff_width_cm
        Width of the cuff's bladder or of the band [cm]; ``None`` when not given yet.
    cuff_material
        Nylon (inelastic) or elastic cuff.
    posture
        Posture the person trains in.
    circumference_cm
        Limb circumference where the cuff sits [cm], if known.
    sbp_mmhg, dbp_mmhg
        Resting brachial blood pressure [mmHg], if known.
    age_years
        Age [years], if known.
    sex
        Sex, if known.
    device_connected
        Whether a cuff device that measures LOP by itself is connected.
    device_simulated
        Whether that device is the simulated cuff (its result is never stored).
    """

    limb: Limb
    equipment: EquipmentKind
    cuff_width_cm: float | None = None
    cuff_material: CuffMaterial = CuffMaterial.NYLON
    posture: Posture = Posture.SEATED
    circumference_cm: float | None = None
    sbp_mmhg: float | None = None
    dbp_mmhg: float | None = None
    age_years: float | None = None
    sex: Sex | None = None
    device_connected: bool = False
    device_simulated: bool = False

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping."""
        return {
            "limb": self.limb,
            "equipment": self.equipment,
            "cuff_width_cm": self.cuff_width_cm,
            "cuff_material": self.cuff_material,
            "posture": self.posture,
            "circumference_cm": self.circumference_cm,
            "sbp_mmhg": self.sbp_mmhg,
            "dbp_mmhg": self.dbp_mmhg,
            "age_years": self.age_years,
            "sex": self.sex,
            "device_connected": self.device_connected,
            "device_simulated": self.device_simulated,
        }


@dataclass(frozen=True, slots=True)
class LopRoute:
    """One route: its kind, whether it can be taken, the code of why, and the values behind it."""

    kind: RouteKind
    status: RouteStatus
    reason: str
    fields: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping (``kind``, ``status``, ``reason``, ``fields``)."""
        return {
            "kind": self.kind,
            "status": self.status,
            "reason": self.reason,
            "fields": dict(self.fields),
        }


@dataclass(frozen=True, slots=True)
class LopRoutes:
    """Every route for one situation, the ones that can be taken now first."""

    situation: LopSituation
    routes: tuple[LopRoute, ...]

    def route(self, kind: RouteKind) -> LopRoute:
        """Return the route of ``kind`` (every kind is always listed)."""
        return next(route for route in self.routes if route.kind == kind)

    @property
    def ready(self) -> tuple[LopRoute, ...]:
        """The routes that can be taken now."""
        return tuple(route for route in self.routes if route.status == RouteStatus.READY)

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready mapping (``situation``, ``routes``, ``ready``)."""
        return {
            "situation": self.situation.as_dict(),
            "routes": [route.as_dict() for route in self.routes],
            "ready": [route.kind for route in self.ready],
        }


def lop_routes(situation: LopSituation) -> LopRoutes:
    """Return every LOP route for ``situation``, those that can be taken now first.

    Parameters
    ----------
    situation
        The limb, equipment and what is known about the person.

    Returns
    -------
    LopRoutes
        One route of each :class:`RouteKind`, ordered by status (ready, needs, unavailable) and
        then by what suits the equipment best (a connected cuff first for a cuff; the stretch
        method first for wraps).

    Notes
    -----
    The estimate follows :func:`occlusion.science.lop.estimate` exactly: the same equation
    choice, the same refusal outside the studied population (with its labelled policy margin)
    and the same interval. Nothing here stores anything.
    """
    routes = (
        _estimate_route(situation),
        _stretch_route(situation),
        _manual_route(situation),
        _device_route(situation),
    )
    preference = _PREFERENCE[situation.equipment]
    ordered = sorted(
        routes,
        key=lambda route: (_STATUS_ORDER.index(route.status), preference.index(route.kind)),
    )
    return LopRoutes(situation=situation, routes=tuple(ordered))


def _estimate_route(situation: LopSituation) -> LopRoute:
    kind = RouteKind.ESTIMATE
    if situation.equipment != EquipmentKind.CUFF:
        return LopRoute(
            kind, RouteStatus.UNAVAILABLE, "lop.route.estimate.not-a-cuff",
            {"equipment": situation.equipment},
        )
    if situation.cuff_width_cm is None:
        return LopRoute(
            kind, RouteStatus.NEEDS, "lop.route.estimate.needs-inputs",
            {"missing": ["cuff_width_cm"]},
        )
    try:
        info = applicable_equation(situation.limb, situation.cuff_width_cm)
    except NotEstimableError as refusal:
        return LopRoute(kind, RouteStatus.UNAVAILABLE, refusal.code, dict(refusal.fields))
    known = {
        "circumference_cm": situation.circumference_cm,
        "sbp_mmhg": situation.sbp_mmhg,
        "age_years": situation.age_years,
        "sex": situation.sex,
    }
    # SBP is an input of every estimate, even when an equation's own predictors leave it out.
    wanted = ("circumference_cm", "sbp_mmhg", *info.predictors)
    missing = [name for name in ESTIMATE_INPUTS if name in wanted and known[name] is None]
    if missing:
        return LopRoute(
            kind, RouteStatus.NEEDS, "lop.route.estimate.needs-inputs",
            {"missing": missing, "method": info.name},
        )
    assert situation.circumference_cm is not None and situation.sbp_mmhg is not None
    try:
        result = estimate(
            limb=situation.limb,
            cuff_width_cm=situation.cuff_width_cm,
            circumference_cm=situation.circumference_cm,
            sbp_mmhg=situation.sbp_mmhg,
            dbp_mmhg=situation.dbp_mmhg,
            age_years=situation.age_years,
            sex=situation.sex,
            posture=situation.posture,
            cuff_material=situation.cuff_material,
        )
    except (NotEstimableError, InputError) as refusal:
        return LopRoute(kind, RouteStatus.UNAVAILABLE, refusal.code, dict(refusal.fields))
    low, high = result.interval_95_mmhg
    return LopRoute(
        kind,
        RouteStatus.READY,
        "lop.route.estimate.ready",
        {
            "method": result.method,
            "lop_mmhg": result.lop_mmhg,
            "interval_95_mmhg": [low, high],
            "error_statistic": result.error_statistic,
            "error_mmhg": result.error_mmhg,
            "warnings": [_message_dict(warning) for warning in result.warnings],
            "references": [reference.as_dict() for reference in result.references],
        },
    )


def _message_dict(warning: str) -> dict[str, Any]:
    as_dict = getattr(warning, "as_dict", None)
    if callable(as_dict):
        document: dict[str, Any] = as_dict()
        return document
    return {"code": "", "text": str(warning), "fields": {}}


def _stretch_route(situation: LopSituation) -> LopRoute:
    kind = RouteKind.STRETCH
    if situation.equipment == EquipmentKind.WRAP:
        return LopRoute(kind, RouteStatus.READY, "lop.route.stretch.needs-no-lop")
    if situation.equipment == EquipmentKind.FLOSS:
        return LopRoute(kind, RouteStatus.READY, "lop.route.stretch.floss-needs-no-lop")
    return LopRoute(kind, RouteStatus.UNAVAILABLE, "lop.route.stretch.cuff-set-by-pressure")


def _manual_route(situation: LopSituation) -> LopRoute:
    kind = RouteKind.MANUAL
    if situation.equipment != EquipmentKind.CUFF:
        return LopRoute(
            kind, RouteStatus.UNAVAILABLE, "lop.route.manual.not-needed-for-band",
            {"equipment": situation.equipment},
        )
    studies = [
        study.as_dict()
        for method in DetectionMethod
        for study in agreement_studies(method, situation.limb)
    ]
    # A detection method some study found not to agree with ultrasound on this limb.
    contested = sorted(
        {str(study["method"]) for study in studies if study["verdict"] == "disagrees"}
    )
    fields: dict[str, Any] = {
        "limb": situation.limb,
        "studies": studies,
        "contested_detections": contested,
        "hold_s": HOLD_S,
        "deflate_s": DEFLATE_S,
        "ceiling_mmhg": DEFAULT_CEILING_MMHG,
        "cuff_width_cm": situation.cuff_width_cm,
    }
    narrow = (
        situation.limb == Limb.THIGH
        and situation.cuff_width_cm is not None
        and situation.cuff_width_cm <= NARROW_THIGH_CUFF_MAX_CM
    )
    if narrow:
        # Spitz 2024: some people's 5 cm thigh LOP is beyond 600 mmHg, far above a gauge.
        fields["narrow_thigh_cuff"] = True
    if situation.cuff_width_cm is None:
        return LopRoute(kind, RouteStatus.NEEDS, "lop.route.manual.needs-cuff-width", fields)
    return LopRoute(kind, RouteStatus.READY, "lop.route.manual.ready", fields)


def _device_route(situation: LopSituation) -> LopRoute:
    kind = RouteKind.DEVICE
    if situation.equipment != EquipmentKind.CUFF:
        return LopRoute(
            kind, RouteStatus.UNAVAILABLE, "lop.route.device.not-a-cuff",
            {"equipment": situation.equipment},
        )
    if not situation.device_connected:
        return LopRoute(kind, RouteStatus.UNAVAILABLE, "lop.route.device.no-device")
    return LopRoute(
        kind, RouteStatus.READY, "lop.route.device.ready", {"simulated": situation.device_simulated}
    )


def situation_from_choices(
    *,
    limb: Limb | str,
    equipment: EquipmentKind | str,
    cuff_width_cm: float | None,
    cuff_material: CuffMaterial | str = CuffMaterial.NYLON,
    posture: Posture | str = Posture.SEATED,
    device: DeviceAddress | None = None,
    **known: Any,
) -> LopSituation:
    """Validate the choices of an LOP step and return its :class:`LopSituation`.

    Raises
    ------
    InputError
        An unknown limb, equipment, material or posture, or an implausible width.
    """
    width = (
        None
        if cuff_width_cm is None
        else require_between(cuff_width_cm, *PLAUSIBLE_CUFF_WIDTH_CM, "cuff width", "cm")
    )
    return LopSituation(
        limb=choose(limb, Limb, "limb"),
        equipment=choose(equipment, EquipmentKind, "equipment kind"),
        cuff_width_cm=width,
        cuff_material=choose(cuff_material, CuffMaterial, "cuff material"),
        posture=choose(posture, Posture, "posture"),
        device_connected=device is not None,
        device_simulated=device is not None and device.simulated,
        **known,
    )


def routes_for_person(
    database: Database,
    person: str,
    *,
    limb: Limb | str,
    side: Side | str,
    equipment: EquipmentKind | str,
    cuff_width_cm: float | None,
    cuff_material: CuffMaterial | str = CuffMaterial.NYLON,
    posture: Posture | str = Posture.SEATED,
    device: DeviceAddress | None = None,
    now: datetime | None = None,
) -> LopRoutes:
    """Return the LOP routes for one of the person's limbs, from what their log holds.

    The limb circumference (that limb and side), the newest blood pressure, the age (from the
    birth year) and the sex come from the training log; what is missing turns the estimate into
    a route that ``needs`` those inputs.

    Raises
    ------
    InputError
        An invalid choice or an unknown person.
    """
    side = choose(side, Side, "side")
    moment = now or timestamps.now_local()
    with database.session() as session:
        owner = find_person(session, person)
        checked_limb = choose(limb, Limb, "limb")
        girth = latest_limb(session, owner, checked_limb, side)
        pressure = latest_blood_pressure(session, owner)
        known: dict[str, Any] = {
            "circumference_cm": None if girth is None else girth.circumference_cm,
            "sbp_mmhg": None if pressure is None else pressure.systolic_mmhg,
            "dbp_mmhg": None if pressure is None else pressure.diastolic_mmhg,
            "age_years": (
                float(moment.year - owner.birth_year) if owner.birth_year is not None else None
            ),
            "sex": None if owner.sex is None else choose(owner.sex, Sex, "sex"),
        }
    situation = situation_from_choices(
        limb=checked_limb,
        equipment=equipment,
        cuff_width_cm=cuff_width_cm,
        cuff_material=cuff_material,
        posture=posture,
        device=device,
        **known,
    )
    return lop_routes(situation)
