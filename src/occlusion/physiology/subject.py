"""The person and the cuff the simulator is asked about: validated value objects."""

from __future__ import annotations

from dataclasses import dataclass

from occlusion.errors import InputError
from occlusion.physiology.parameters import model_choices, spitz_2024
from occlusion.science.checks import (
    PLAUSIBLE_AGE_YEARS,
    PLAUSIBLE_CUFF_WIDTH_CM,
    check_blood_pressure_mmhg,
    check_circumference_cm,
    require_between,
)
from occlusion.vocabulary import CuffMaterial, Limb, Posture, Sex, choose

PLAUSIBLE_HEART_RATE_BPM = (30.0, 220.0)
PLAUSIBLE_FAT_THICKNESS_CM = (0.1, 8.0)


@dataclass(frozen=True, slots=True)
class Subject:
    """A person's limb, blood pressure and posture, as the simulator needs them.

    Parameters
    ----------
    limb
        ``"arm"`` (cuff on the upper arm) or ``"thigh"`` (cuff on the proximal thigh).
    circumference_cm
        Limb circumference under the cuff [cm].
    sbp_mmhg, dbp_mmhg
        Resting brachial systolic and diastolic pressure [mmHg]; diastolic below systolic.
    heart_rate_bpm
        Resting heart rate [beats/min]. The model averages flow over the cardiac cycle, so the
        rate does not change the flows; it is kept for reports and for cycle-resolved plots.
    posture
        ``"supine"``, ``"seated"`` or ``"standing"``; seated and standing add a hydrostatic
        head at a thigh cuff.
    sex
        ``"male"`` or ``"female"`` (used only by cohort sampling and reports).
    age_years
        Age [years] (used only by cohort sampling and reports).
    fat_thickness_cm
        Subcutaneous fat thickness under the cuff [cm]; ``None`` uses the model default for the
        limb.

    Raises
    ------
    InputError
        For an unknown limb, posture or sex, a non-finite number, or diastolic >= systolic.
    OutOfRangeError
        For values outside adult plausibility bounds (a typing mistake, not an unusual person).
    """

    limb: Limb
    circumference_cm: float
    sbp_mmhg: float
    dbp_mmhg: float
    heart_rate_bpm: float = 60.0
    posture: Posture = Posture.SUPINE
    sex: Sex = Sex.MALE
    age_years: float = 30.0
    fat_thickness_cm: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "limb", choose(self.limb, Limb, "limb"))
        object.__setattr__(self, "posture", choose(self.posture, Posture, "posture"))
        object.__setattr__(self, "sex", choose(self.sex, Sex, "sex"))
        check_circumference_cm(self.limb, self.circumference_cm)
        check_blood_pressure_mmhg(self.sbp_mmhg, self.dbp_mmhg)
        require_between(self.heart_rate_bpm, *PLAUSIBLE_HEART_RATE_BPM, "heart rate", "bpm")
        require_between(self.age_years, *PLAUSIBLE_AGE_YEARS, "age", "years")
        if self.fat_thickness_cm is not None:
            require_between(
                self.fat_thickness_cm, *PLAUSIBLE_FAT_THICKNESS_CM, "fat thickness", "cm"
            )
            radius_cm = self.circumference_cm / (2.0 * 3.141592653589793)
            if self.fat_thickness_cm >= 0.8 * radius_cm:
                raise InputError(
                    f"fat thickness {self.fat_thickness_cm:g} cm is impossible for a limb of "
                    f"{self.circumference_cm:g} cm circumference (radius {radius_cm:.1f} cm)",
                    code="physiology.fat-thicker-than-limb",
                    fat_thickness_cm=self.fat_thickness_cm,
                    circumference_cm=self.circumference_cm,
                )

    @property
    def effective_fat_thickness_cm(self) -> float:
        """Fat thickness used by the model [cm]: the given one or the limb default."""
        if self.fat_thickness_cm is not None:
            return float(self.fat_thickness_cm)
        return model_choices.DEFAULT_FAT_THICKNESS_CM[self.limb]

    def as_dict(self) -> dict[str, object]:
        """Return the subject as JSON-ready data."""
        return {
            "limb": self.limb,
            "circumference_cm": self.circumference_cm,
            "sbp_mmhg": self.sbp_mmhg,
            "dbp_mmhg": self.dbp_mmhg,
            "heart_rate_bpm": self.heart_rate_bpm,
            "posture": self.posture,
            "sex": self.sex,
            "age_years": self.age_years,
            "fat_thickness_cm": self.effective_fat_thickness_cm,
        }


@dataclass(frozen=True, slots=True)
class Cuff:
    """A pneumatic cuff or band around the limb.

    Parameters
    ----------
    width_cm
        Width of the cuff's bladder or of the band [cm].
    material
        ``"nylon"`` (rigid, inflatable) or ``"elastic"``.
    """

    width_cm: float
    material: CuffMaterial = CuffMaterial.NYLON

    def __post_init__(self) -> None:
        require_between(self.width_cm, *PLAUSIBLE_CUFF_WIDTH_CM, "cuff width", "cm")
        object.__setattr__(
            self, "material", choose(self.material, CuffMaterial, "cuff material")
        )

    def as_dict(self) -> dict[str, object]:
        """Return the cuff as JSON-ready data."""
        return {"width_cm": self.width_cm, "material": self.material}


def check_cuff_pressure_mmhg(pressure_mmhg: float) -> float:
    """Validate a cuff pressure [mmHg]: finite, not negative, at most 907 mmHg.

    907 mmHg is the highest cuff pressure applied in a published human occlusion-pressure study
    (Spitz et al. 2024, a 5 cm thigh cuff that needed more than 600 mmHg in some people).
    """
    return require_between(
        pressure_mmhg, 0.0, spitz_2024.MAX_STUDIED_CUFF_PRESSURE_MMHG, "cuff pressure", "mmHg"
    )
