"""Sessions as Garmin FIT strength-training activities, and a plan as a FIT workout.

Written with Garmin's own encoder (``garmin-fit-sdk``). An activity file holds ``file_id``,
the developer data of this application, a timer start event, one ``set`` message per set
(``active``, with repetitions, weight, duration and an exercise category where the name maps to
one) followed by a ``rest`` set up to the next set, one lap, one ``session`` (sport
``training``, sub-sport ``strength_training``), a timer stop event and the ``activity`` message.

Three developer fields ride on each active set: the cuff pressure measured when the set was
logged (``cuff_pressure`` [mmHg]), that pressure as a share of the limb occlusion pressure
(``pct_lop`` [%]) and the share of the set's time within ±10 % of target (``pressure_fidelity``
[%], :mod:`occlusion.services.fidelity`). Readers that do not know them skip them.

A workout file (:func:`workout_file`) lists the plan's sets as steps a watch can follow: each
set an ``active`` step ending after its repetitions (or its time for a timed bout), each rest a
``rest`` step ending after its time.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

from garmin_fit_sdk import Encoder, Profile

from occlusion.services.record_data import RecordData, SessionData

_MESG = Profile["mesg_num"]
#: Our application's id in the developer data (a fixed random UUID, as FIT asks).
APPLICATION_ID = bytes.fromhex("0c4f6e1d2a8b4c5e9f13a7d2b6e8c041")
DEVELOPER_FIELDS = {
    0: ("cuff_pressure", "mmHg"),
    1: ("pct_lop", "%"),
    2: ("pressure_fidelity", "%"),
}
_FLOAT32 = 0x88  # FIT base type float32
_CATEGORIES = (
    ("bench", "bench_press"),
    ("deadlift", "deadlift"),
    ("leg curl", "leg_curl"),
    ("hamstring curl", "leg_curl"),
    ("calf", "calf_raise"),
    ("lunge", "lunge"),
    ("split squat", "lunge"),
    ("squat", "squat"),
    ("curl", "curl"),
    ("row", "row"),
    ("shoulder press", "shoulder_press"),
    ("overhead press", "shoulder_press"),
    ("lateral raise", "lateral_raise"),
    ("triceps", "triceps_extension"),
    ("pull-up", "pull_up"),
    ("pull up", "pull_up"),
    ("chin", "pull_up"),
    ("push-up", "push_up"),
    ("push up", "push_up"),
    ("shrug", "shrug"),
    ("plank", "plank"),
    ("hip thrust", "hip_raise"),
    ("bridge", "hip_raise"),
)


def exercise_category(name: str) -> str | None:
    """Return the FIT exercise category of an exercise name, or ``None`` when none fits."""
    lowered = name.lower()
    for keyword, category in _CATEGORIES:
        if keyword in lowered:
            return category
    return None


def _developer_messages() -> tuple[Any, dict[int, Any]]:
    developer = {
        "mesg_num": _MESG["DEVELOPER_DATA_ID"],
        "application_id": list(APPLICATION_ID),
        "developer_data_index": 0,
        "application_version": 1,
    }
    descriptions = {
        key: {
            "mesg_num": _MESG["FIELD_DESCRIPTION"],
            "developer_data_index": 0,
            "field_definition_number": key,
            "fit_base_type_id": _FLOAT32,
            "field_name": name,
            "units": units,
            "native_mesg_num": _MESG["SET"],
        }
        for key, (name, units) in DEVELOPER_FIELDS.items()
    }
    return developer, descriptions


def _encoder() -> Encoder:
    developer, descriptions = _developer_messages()
    encoder = Encoder()
    for key, description in descriptions.items():
        encoder.add_developer_field(key, developer, description)
    return encoder


def _file_id(kind: str, created: datetime, serial: int) -> dict[str, Any]:
    return {
        "mesg_num": _MESG["FILE_ID"],
        "type": kind,
        "manufacturer": "development",
        "product": 1,
        "serial_number": serial,
        "time_created": created,
        "product_name": "Occlusion",
    }


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _set_times(data: SessionData) -> list[tuple[dict[str, Any], dict[str, Any], datetime, float]]:
    """Return ``(exercise, set, start, duration_s)`` for each set, in order."""
    started = data.started_local.astimezone(UTC)
    timed = []
    for exercise, item in data.sets():
        duration_s = float(item.get("duration_s") or 0.0)
        if item.get("started_elapsed_s") is not None:
            start = started + timedelta(seconds=float(item["started_elapsed_s"]))
        else:
            start = _utc(item["performed_at"]) - timedelta(seconds=duration_s)
        timed.append((exercise, item, max(start, started), duration_s))
    return timed


def activity_file(record: RecordData, data: SessionData) -> bytes:
    """Return one session as a FIT activity file."""
    del record
    developer, descriptions = _developer_messages()
    encoder = _encoder()
    started = data.started_local.astimezone(UTC)
    sets = _set_times(data)
    last_end = max([start + timedelta(seconds=duration) for _e, _i, start, duration in sets],
                   default=started)
    ended = max(data.ended_local.astimezone(UTC) if data.ended_local else last_end, last_end)
    encoder.write_mesg(_file_id("activity", started, int(data.id.replace("-", "")[-8:], 16)))
    encoder.write_mesg(developer)
    for description in descriptions.values():
        encoder.write_mesg(description)
    encoder.write_mesg({"mesg_num": _MESG["EVENT"], "timestamp": started, "event": "timer",
                        "event_type": "start"})
    index = 0
    for number, (exercise, item, start, duration_s) in enumerate(sets):
        end = start + timedelta(seconds=duration_s)
        message: dict[str, Any] = {
            "mesg_num": _MESG["SET"],
            "timestamp": end,
            "start_time": start,
            "duration": duration_s,
            "set_type": "active",
            "message_index": index,
        }
        if item.get("reps") is not None:
            message["repetitions"] = int(item["reps"])
        if item.get("load_kg") is not None:
            message["weight"] = float(item["load_kg"])
            message["weight_display_unit"] = "kilogram"
        category = exercise_category(str(exercise["name"]))
        if category is not None:
            message["category"] = [category]
        extra = {}
        if item.get("pressure_mmhg") is not None:
            extra[0] = float(item["pressure_mmhg"])
        if item.get("pressure_pct_lop") is not None:
            extra[1] = float(item["pressure_pct_lop"])
        if item.get("fidelity"):
            extra[2] = float(item["fidelity"]["within_band_pct"])
        if extra:
            message["developer_fields"] = extra
        encoder.write_mesg(message)
        index += 1
        following = sets[number + 1][2] if number + 1 < len(sets) else None
        rest_s = (following - end).total_seconds() if following is not None else None
        if rest_s is not None and rest_s > 0:
            encoder.write_mesg({
                "mesg_num": _MESG["SET"], "timestamp": following, "start_time": end,
                "duration": rest_s, "set_type": "rest", "message_index": index,
            })
            index += 1
    elapsed_s = (ended - started).total_seconds()
    encoder.write_mesg({"mesg_num": _MESG["EVENT"], "timestamp": ended, "event": "timer",
                        "event_type": "stop_all"})
    encoder.write_mesg({
        "mesg_num": _MESG["LAP"], "message_index": 0, "timestamp": ended, "start_time": started,
        "total_elapsed_time": elapsed_s, "total_timer_time": elapsed_s, "event": "lap",
        "event_type": "stop", "sport": "training", "sub_sport": "strength_training",
    })
    encoder.write_mesg({
        "mesg_num": _MESG["SESSION"], "message_index": 0, "timestamp": ended,
        "start_time": started, "total_elapsed_time": elapsed_s, "total_timer_time": elapsed_s,
        "sport": "training", "sub_sport": "strength_training", "event": "session",
        "event_type": "stop", "first_lap_index": 0, "num_laps": 1,
    })
    offset_s = data.started_local.utcoffset() or timedelta(0)
    encoder.write_mesg({
        "mesg_num": _MESG["ACTIVITY"], "timestamp": ended, "total_timer_time": elapsed_s,
        "num_sessions": 1, "type": "manual", "event": "activity", "event_type": "stop",
        "local_timestamp": _local_timestamp(ended, offset_s),
    })
    return bytes(encoder.close())


def _local_timestamp(moment: datetime, offset: timedelta) -> int:
    from garmin_fit_sdk import convert_datetime_to_timestamp

    return int(convert_datetime_to_timestamp(moment) + offset.total_seconds())


def activity_name(data: SessionData) -> str:
    """Return the file name of a session's activity inside a zip."""
    return f"{data.started_local:%Y-%m-%d-%H%M}-{data.id[-8:]}.fit"


def activities_zip(record: RecordData) -> bytes:
    """Return a zip with one FIT activity file per session of ``record``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for data in record.sessions:
            stamp = data.started_local.timetuple()[:6]
            info = zipfile.ZipInfo(activity_name(data), date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, activity_file(record, data))
    return buffer.getvalue()


def workout_file(plan: Any, name: str, created: datetime) -> bytes:
    """Return a session plan (:class:`occlusion.sessions.plan.SessionPlan`) as a FIT workout.

    Parameters
    ----------
    plan
        The plan the session runner would follow.
    name
        The workout's name on the watch.
    created
        When the file is made (aware).
    """
    steps: list[dict[str, Any]] = []
    for exercise_number, exercise in enumerate(plan.exercises):
        category = exercise_category(exercise.name)
        for set_number, planned in enumerate(exercise.sets):
            step: dict[str, Any] = {
                "mesg_num": _MESG["WORKOUT_STEP"],
                "wkt_step_name": f"{exercise.name} {set_number + 1}"[:50],
                "intensity": "active",
                "target_type": "open",
            }
            if planned.duration_s is not None:
                step["duration_type"] = "time"
                step["duration_value"] = round(planned.duration_s * 1000)
            elif planned.target_reps is not None and not planned.to_failure:
                step["duration_type"] = "reps"
                step["duration_value"] = int(planned.target_reps)
            else:
                step["duration_type"] = "open"
            if planned.target_load_kg is not None:
                step["exercise_weight"] = float(planned.target_load_kg)
                step["weight_display_unit"] = "kilogram"
            if category is not None:
                step["exercise_category"] = category
            notes = []
            if planned.to_failure:
                notes.append("to failure")
            if exercise.target_pressure_mmhg is not None:
                notes.append(f"cuff {exercise.target_pressure_mmhg:.0f} mmHg")
            if notes:
                step["notes"] = ", ".join(notes)
            steps.append(step)
            last_set = set_number + 1 == len(exercise.sets)
            last_exercise = exercise_number + 1 == len(plan.exercises)
            rest_s = plan.rest_between_exercises_s if last_set else exercise.rest_between_sets_s
            if rest_s and not (last_set and last_exercise):
                steps.append({
                    "mesg_num": _MESG["WORKOUT_STEP"], "wkt_step_name": "Rest",
                    "intensity": "rest", "duration_type": "time",
                    "duration_value": round(rest_s * 1000), "target_type": "open",
                })
    encoder = Encoder()
    encoder.write_mesg(_file_id("workout", created.astimezone(UTC), 1))
    encoder.write_mesg({
        "mesg_num": _MESG["WORKOUT"], "wkt_name": name[:40], "sport": "training",
        "sub_sport": "strength_training", "num_valid_steps": len(steps),
    })
    for index, step in enumerate(steps):
        encoder.write_mesg({**step, "message_index": index})
    return bytes(encoder.close())
