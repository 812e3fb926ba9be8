"""The FHIR bundle, parsed back by fhir.resources: codes, profiles and references."""

from __future__ import annotations

import json
from collections import Counter

from fhir.resources.R4B.bundle import Bundle

from occlusion.services.exports import export
from occlusion.services.exports.fhir import CODE_SYSTEM, LOINC, PROJECT_CODES, QUESTIONNAIRE_URL
from occlusion.services.record_data import gather
from tests.services.flow import WHEN


def parsed(database, person: str) -> Bundle:  # type: ignore[no-untyped-def]
    exported = export(database, "fhir", person=person, now=WHEN)
    assert exported.media_type == "application/fhir+json"
    return Bundle.model_validate_json(exported.data)


def codes(concept) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(coding.system, coding.code) for coding in concept.coding}


def test_bundle_holds_the_record(cuff_database) -> None:  # type: ignore[no-untyped-def]
    database, person = cuff_database
    record = gather(database, person=person)
    bundle = parsed(database, person)
    resources = [entry.resource for entry in bundle.entry]
    kinds = Counter(resource.get_resource_type() for resource in resources)
    sets = sum(len(data.sets()) for data in record.sessions)
    assert kinds == {
        "Patient": 1, "QuestionnaireResponse": 1, "Procedure": 2,
        "Observation": 1 + 2 + 2 + sets,
    }
    patient = resources[0]
    assert patient.name[0].text == "Pat Okafor" and patient.gender == "female"
    assert patient.birthDate == 1985 or str(patient.birthDate) == "1985"


def test_blood_pressure_follows_the_vital_signs_profile(cuff_database) -> None:  # type: ignore[no-untyped-def]
    database, person = cuff_database
    bundle = parsed(database, person)
    panels = [entry.resource for entry in bundle.entry
              if entry.resource.get_resource_type() == "Observation"
              and (LOINC, "85354-9") in codes(entry.resource.code)]
    assert len(panels) == 1
    panel = panels[0]
    assert panel.meta.profile == ["http://hl7.org/fhir/StructureDefinition/bp"]
    assert panel.category[0].coding[0].code == "vital-signs"
    values = {next(iter(codes(component.code)))[1]: component.valueQuantity
              for component in panel.component}
    assert float(values["8480-6"].value) == 118 and float(values["8462-4"].value) == 76
    assert values["8480-6"].code == "mm[Hg]" and values["8480-6"].system == "http://unitsofmeasure.org"


def test_lop_sets_and_screening_use_the_documented_codes(cuff_database) -> None:  # type: ignore[no-untyped-def]
    database, person = cuff_database
    bundle = parsed(database, person)
    project = Counter(
        coding.code for entry in bundle.entry
        if entry.resource.get_resource_type() in ("Observation", "Procedure")
        for coding in entry.resource.code.coding if coding.system == CODE_SYSTEM
    )
    assert project["limb-occlusion-pressure"] == 2 and project["limb-circumference"] == 2
    assert project["bfr-session"] == 2 and project["bfr-set"] == 7
    lop = next(entry.resource for entry in bundle.entry
               if entry.resource.get_resource_type() == "Observation"
               and (CODE_SYSTEM, "limb-occlusion-pressure") in codes(entry.resource.code))
    assert float(lop.valueQuantity.value) == 180 and lop.bodySite.text.endswith("thigh")
    parts = {next(iter(codes(component.code)))[1] for component in lop.component}
    assert {"lop-method", "posture", "cuff-width", "lop-source"} <= parts
    screening = next(entry.resource for entry in bundle.entry
                     if entry.resource.get_resource_type() == "QuestionnaireResponse")
    assert screening.questionnaire == QUESTIONNAIRE_URL and screening.status == "completed"
    assert any(item.linkId == "decision" for item in screening.item)
    text = bundle.model_dump_json()
    used = {code for code in PROJECT_CODES if f'"code":"{code}"' in text}
    assert len(used) >= 15
    assert text.count(f'"system":"{CODE_SYSTEM}"') == sum(
        text.count(f'"code":"{code}"') for code in PROJECT_CODES
    ), "every project-system coding uses a documented code"


def test_every_reference_resolves_inside_the_bundle(cuff_database) -> None:  # type: ignore[no-untyped-def]
    database, person = cuff_database
    bundle = parsed(database, person)
    full_urls = {entry.fullUrl for entry in bundle.entry}
    references: list[str] = []

    def walk(value) -> None:  # type: ignore[no-untyped-def]
        if isinstance(value, dict):
            if isinstance(value.get("reference"), str):
                references.append(value["reference"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(bundle.model_dump_json()))
    assert references and set(references) <= full_urls
    stopped = [entry.resource for entry in bundle.entry
               if entry.resource.get_resource_type() == "Procedure"
               and entry.resource.status == "stopped"]
    assert stopped and all(procedure.performedPeriod.end for procedure in stopped)
    assert any(procedure.complication for procedure in stopped)


def test_a_retired_lop_stays_in_the_bundle_marked_retired(cuff_database) -> None:  # type: ignore[no-untyped-def]
    import uuid
    from datetime import timedelta

    from occlusion.services.retirement import retire_lop

    database, person = cuff_database
    record = gather(database, person=person)
    lop_id = uuid.UUID(str(record.lop[0]["id"]))
    retire_lop(database, person, lop_id, now=WHEN + timedelta(days=3))
    bundle = parsed(database, person)
    observations = [
        entry.resource for entry in bundle.entry
        if entry.resource.get_resource_type() == "Observation"
        and (CODE_SYSTEM, "limb-occlusion-pressure") in codes(entry.resource.code)
    ]
    assert len(observations) == 2
    retired = next(item for item in observations if item.id == str(lop_id))
    (component,) = [
        part for part in retired.component if (CODE_SYSTEM, "lop-retired") in codes(part.code)
    ]
    assert component.valueDateTime is not None
    assert component.valueDateTime.isoformat().startswith("2026-05-04")
