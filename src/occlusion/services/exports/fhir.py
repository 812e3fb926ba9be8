"""A person's record as a FHIR R4B Bundle (JSON), built and validated with ``fhir.resources``.

The bundle (type ``collection``) holds:

- **Patient**: name, administrative gender, birth year.
- **Blood pressure** as the FHIR vital-signs profile (``http://hl7.org/fhir/StructureDefinition/bp``):
  LOINC 85354-9 panel with systolic 8480-6 and diastolic 8462-4 components in ``mm[Hg]``.
- **Limb circumference** and **limb occlusion pressure (LOP)** as Observations coded in the
  project's code system :data:`CODE_SYSTEM` (no standard code exists for either); LOP carries
  its method, posture, cuff width, source and the 95 % interval as components.
- **Each session** as a Procedure (status completed, stopped or in progress; the period; why it
  stopped; symptoms reported as complications), and **each set** as an Observation that is
  ``partOf`` its Procedure, with target next to actual for repetitions, load and pressure, and
  the pressure fidelity.
- **Each screening** as a QuestionnaireResponse: one item per answer and the decision.

Every resource's id is the record's own id, and references are ``urn:uuid:`` full URLs inside
the bundle, so the bundle is self-contained. ``docs/export.md`` lists the project codes.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from occlusion.services.record_data import RecordData, SessionData

#: The project's code system for what no standard terminology codes.
CODE_SYSTEM = "urn:occlusion:fhir:CodeSystem:bfr"
#: The canonical URL of the screening questionnaire.
QUESTIONNAIRE_URL = "urn:occlusion:fhir:Questionnaire:bfr-screening"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
_BP_PROFILE = "http://hl7.org/fhir/StructureDefinition/bp"
PROJECT_CODES = {
    "limb-circumference": "Limb circumference where the cuff or wrap goes",
    "limb-occlusion-pressure": "Limb occlusion pressure (LOP)",
    "lop-interval-low": "Lower end of the 95 % prediction interval of an estimated LOP",
    "lop-interval-high": "Upper end of the 95 % prediction interval of an estimated LOP",
    "lop-method": "How the LOP was obtained (equation or measurement method)",
    "lop-source": "estimated, manual or device",
    "posture": "Body position during the measurement",
    "cuff-width": "Width of the cuff the LOP applies to",
    "lop-retired": "When its owner retired this LOP: kept on record, no longer used for plans",
    "bfr-session": "Blood-flow-restriction training session",
    "bfr-set": "One set of a blood-flow-restriction training session",
    "repetitions": "Repetitions done",
    "target-repetitions": "Repetitions planned",
    "load": "Load lifted",
    "target-load": "Load planned",
    "cuff-pressure": "Cuff pressure measured when the set was logged",
    "target-pressure": "Target cuff pressure",
    "pressure-pct-lop": "Cuff pressure as a share of LOP",
    "pressure-fidelity": "Share of the set's time within 10 % of the target pressure",
    "restriction-time": "Time under restriction during the set",
    "rpe": "Rating of perceived exertion (0-10)",
    "discomfort": "Discomfort (0-10)",
}


def _code(code: str) -> dict[str, Any]:
    return {"coding": [{"system": CODE_SYSTEM, "code": code, "display": PROJECT_CODES[code]}],
            "text": PROJECT_CODES[code]}


def _loinc(code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": LOINC, "code": code, "display": display}], "text": display}


def _quantity(value: float, unit: str, ucum: str) -> dict[str, Any]:
    return {"value": round(float(value), 3), "unit": unit, "system": UCUM, "code": ucum}


def _mmhg(value: float) -> dict[str, Any]:
    return _quantity(value, "mmHg", "mm[Hg]")


def _url(identifier: Any) -> str:
    return f"urn:uuid:{uuid.UUID(str(identifier))}"


def _category(code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": _CATEGORY, "code": code, "display": display}]}]


def _patient(record: RecordData) -> dict[str, Any]:
    person = record.person
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(person["id"]),
        "name": [{"text": person["name"]}],
        "gender": {"female": "female", "male": "male"}.get(str(person.get("sex")), "unknown"),
    }
    if person.get("birth_year"):
        patient["birthDate"] = f"{int(person['birth_year']):04d}"
    return patient


def _blood_pressure(reading: dict[str, Any], subject: dict[str, str]) -> dict[str, Any]:
    components = [{"code": _loinc("8480-6", "Systolic blood pressure"),
                   "valueQuantity": _mmhg(reading["systolic_mmhg"])}]
    if reading.get("diastolic_mmhg") is not None:
        components.append({"code": _loinc("8462-4", "Diastolic blood pressure"),
                           "valueQuantity": _mmhg(reading["diastolic_mmhg"])})
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "id": str(reading["id"]),
        "meta": {"profile": [_BP_PROFILE]},
        "status": "final",
        "category": _category("vital-signs", "Vital Signs"),
        "code": _loinc("85354-9", "Blood pressure panel with all children optional"),
        "subject": subject,
        "effectiveDateTime": reading["measured_at"],
        "component": components,
    }
    if reading.get("posture"):
        observation["note"] = [{"text": f"posture: {reading['posture']}"}]
    return observation


def _limb(measurement: dict[str, Any], subject: dict[str, str]) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": str(measurement["id"]),
        "status": "final",
        "category": _category("exam", "Exam"),
        "code": _code("limb-circumference"),
        "subject": subject,
        "effectiveDateTime": measurement["measured_at"],
        "bodySite": {"text": f"{measurement['side']} {measurement['limb']}"},
        "valueQuantity": _quantity(measurement["circumference_cm"], "cm", "cm"),
    }


def _lop(lop: dict[str, Any], subject: dict[str, str]) -> dict[str, Any]:
    components: list[dict[str, Any]] = [
        {"code": _code("lop-method"), "valueString": str(lop["method"])},
        {"code": _code("lop-source"), "valueString": str(lop["source"])},
        {"code": _code("posture"), "valueString": str(lop["posture"])},
        {"code": _code("cuff-width"),
         "valueQuantity": _quantity(lop["cuff_width_cm"], "cm", "cm")},
    ]
    if lop.get("interval_low_mmhg") is not None and lop.get("interval_high_mmhg") is not None:
        components += [
            {"code": _code("lop-interval-low"), "valueQuantity": _mmhg(lop["interval_low_mmhg"])},
            {"code": _code("lop-interval-high"),
             "valueQuantity": _mmhg(lop["interval_high_mmhg"])},
        ]
    if lop.get("retired_at"):
        components.append({"code": _code("lop-retired"), "valueDateTime": lop["retired_at"]})
    return {
        "resourceType": "Observation",
        "id": str(lop["id"]),
        "status": "final",
        "category": _category("exam", "Exam"),
        "code": _code("limb-occlusion-pressure"),
        "subject": subject,
        "effectiveDateTime": lop["measured_at"],
        "bodySite": {"text": f"{lop['side']} {lop['limb']}"},
        "method": {"text": str(lop["method"])},
        "valueQuantity": _mmhg(lop["lop_mmhg"]),
        "component": components,
    }


def _screening(screening: dict[str, Any], subject: dict[str, str]) -> dict[str, Any]:
    from occlusion.science.screening import QUESTIONNAIRE

    texts = {question.id: question.text for question in QUESTIONNAIRE}
    items: list[dict[str, Any]] = []
    for key, value in sorted((screening.get("answers") or {}).items()):
        answer: dict[str, Any]
        if isinstance(value, bool):
            answer = {"valueBoolean": value}
        elif isinstance(value, int | float):
            answer = {"valueDecimal": value}
        elif value is None:
            continue
        else:
            answer = {"valueString": str(value)}
        item: dict[str, Any] = {"linkId": str(key), "answer": [answer]}
        if key in texts:
            item["text"] = texts[key]
        items.append(item)
    reasons = (screening.get("result") or {}).get("reasons") or []
    decision: dict[str, Any] = {
        "linkId": "decision",
        "text": "Screening decision",
        "answer": [{"valueString": str(screening["decision"])}],
    }
    items.append(decision)
    for number, reason in enumerate(reasons, start=1):
        text = reason.get("text") or reason.get("code") if isinstance(reason, dict) else reason
        items.append({"linkId": f"reason-{number}", "text": "Reason",
                      "answer": [{"valueString": str(text)}]})
    return {
        "resourceType": "QuestionnaireResponse",
        "id": str(screening["id"]),
        "questionnaire": QUESTIONNAIRE_URL,
        "status": "completed",
        "subject": subject,
        "authored": screening["screened_at"],
        "item": items,
    }


_STATUS = {"completed": "completed", "stopped": "stopped", "running": "in-progress",
           "abandoned": "stopped"}


def _procedure(data: SessionData, subject: dict[str, str]) -> dict[str, Any]:
    session = data.session
    procedure: dict[str, Any] = {
        "resourceType": "Procedure",
        "id": data.id,
        "status": _STATUS.get(str(session["status"]), "unknown"),
        "code": _code("bfr-session"),
        "subject": subject,
        "performedPeriod": {"start": session["started_at"]},
    }
    if session.get("ended_at"):
        procedure["performedPeriod"]["end"] = session["ended_at"]
    if session.get("stop_reason"):
        procedure["statusReason"] = {"text": str(session["stop_reason"])}
    symptoms = sorted({str(event["payload"].get("symptom")) for event in data.events
                       if event["kind"] == "symptom-reported"})
    symptoms += sorted({symptom for _exercise, item in data.sets()
                        for symptom in item.get("symptoms") or []} - set(symptoms))
    if symptoms:
        procedure["complication"] = [{"text": symptom} for symptom in symptoms]
    notes = [f"restriction: {session['restriction_kind']}", f"source: {session['source']}"]
    notes += [f"{event['kind']}: {_event_text(event['payload'])}" for event in data.events
              if event["kind"] in ("stop-rule", "device-alarm", "session-stopped")]
    procedure["note"] = [{"text": text} for text in notes]
    return procedure


def _event_text(payload: dict[str, Any]) -> str:
    for key in ("advice", "reason", "message", "code"):
        if payload.get(key):
            return str(payload[key])
    return ""


def _set(
    data: SessionData, exercise: dict[str, Any], item: dict[str, Any], subject: dict[str, str]
) -> dict[str, Any]:
    components: list[dict[str, Any]] = []

    def add(code: str, value: Any, unit: str | None = None, ucum: str | None = None) -> None:
        if value is None:
            return
        if unit is None:
            components.append({"code": _code(code), "valueInteger": int(value)})
        else:
            components.append({"code": _code(code), "valueQuantity": _quantity(value, unit,
                                                                               ucum or unit)})

    add("repetitions", item.get("reps"))
    add("target-repetitions", item.get("target_reps"))
    add("load", item.get("load_kg"), "kg")
    add("target-load", item.get("target_load_kg"), "kg")
    add("cuff-pressure", item.get("pressure_mmhg"), "mmHg", "mm[Hg]")
    add("target-pressure", item.get("target_pressure_mmhg"), "mmHg", "mm[Hg]")
    add("pressure-pct-lop", item.get("pressure_pct_lop"), "%", "%")
    if item.get("fidelity"):
        add("pressure-fidelity", item["fidelity"]["within_band_pct"], "%", "%")
    add("restriction-time", item.get("restriction_s"), "s", "s")
    add("rpe", item.get("rpe"), "{score}", "{score}")
    add("discomfort", item.get("discomfort"))
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "id": str(item["id"]),
        "status": "final",
        "category": _category("activity", "Activity"),
        "code": _code("bfr-set"),
        "subject": subject,
        "partOf": [{"reference": _url(data.id)}],
        "effectiveDateTime": item["performed_at"],
        "valueString": f"{exercise['name']}, set {item['position']}",
        "component": components,
    }
    if exercise.get("restricted_limbs"):
        observation["bodySite"] = {"text": ", ".join(exercise["restricted_limbs"])}
    if item.get("notes"):
        observation["note"] = [{"text": str(item["notes"])}]
    return observation


def bundle(record: RecordData, now: datetime) -> Bundle:
    """Return the validated FHIR Bundle of ``record`` (raises on any invalid resource)."""
    subject = {"reference": _url(record.person["id"]), "display": str(record.person["name"])}
    resources: list[dict[str, Any]] = [_patient(record)]
    resources += [_blood_pressure(reading, subject) for reading in record.blood_pressure]
    resources += [_limb(measurement, subject) for measurement in record.limbs]
    resources += [_lop(lop, subject) for lop in record.lop]
    resources += [_screening(screening, subject) for screening in record.screenings]
    for data in record.sessions:
        resources.append(_procedure(data, subject))
        resources += [_set(data, exercise, item, subject) for exercise, item in data.sets()]
    document = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": now.isoformat(timespec="seconds"),
        "entry": [{"fullUrl": _url(resource["id"]), "resource": resource}
                  for resource in resources],
    }
    return Bundle.model_validate(document)


def bundle_json(record: RecordData, now: datetime) -> str:
    """Return the FHIR Bundle of ``record`` as indented JSON text."""
    import json

    text = bundle(record, now).model_dump_json(exclude_none=True)
    return json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
