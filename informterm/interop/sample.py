"""The demo workbook: ``sample_data/demo.yaml`` written into a real workbook file.

Every date in the YAML is an offset from the day the demo is built ("-12d 10:30",
"+3d 15:00"), read on the clock of the record's time zone, so the demo never goes stale.
"after-dst +2d 10:00" is placed after the zone's next daylight-saving change, which keeps
one interview straddling a change of UTC offset whenever the demo is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pendulum

from informterm.core.model import (
    Channel,
    ChecklistItem,
    Contact,
    Direction,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Interview,
    InterviewStatus,
    Medium,
    Question,
    Source,
    Stage,
    Timestamp,
    Touch,
    TouchKind,
    new_id,
)
from informterm.core.time import to_timestamp
from informterm.store.workbook import open_workbook

DEMO_FILE_NAME = "demo.yaml"
DEFAULT_HOME_TIMEZONE = "America/Chicago"
"""The demo person's own zone (they live in Chicago); the CLI passes the user's instead."""

# Far enough to find the next change in every zone that has one (they come twice a year).
_DST_SEARCH_DAYS = 400

_WHEN = re.compile(
    r"^\s*(?P<anchor>after-dst\s+)?(?P<days>[+-]\d{1,4})d(?:\s+(?P<hour>\d{1,2}):(?P<minute>\d{2}))?\s*$"
)

_CONTACT_KEYS = {
    "key",
    "name",
    "title",
    "company",
    "field",
    "location",
    "timezone",
    "available_hours",
    "emails",
    "phones",
    "profile_url",
    "source",
    "referred_by",
    "tags",
    "stage",
    "priority",
    "research_notes",
    "keep_in_touch_days",
    "archived",
    "added",
    "touches",
    "interviews",
    "follow_ups",
}
_TOUCH_KEYS = {"at", "timezone", "channel", "direction", "kind", "summary"}
_INTERVIEW_KEYS = {
    "starts_at",
    "timezone",
    "duration_minutes",
    "medium",
    "place",
    "status",
    "checklist",
    "questions",
    "notes",
    "outcome",
    "follow_ups",
}
_FOLLOW_UP_KEYS = {
    "due",
    "timezone",
    "kind",
    "reason",
    "status",
    "snoozed_until",
    "rule",
    "draft",
}


class SampleDataError(ValueError):
    """The demo YAML cannot be turned into a workbook; the message names the place."""


def demo_source() -> Path:
    """The shipped demo YAML file."""
    from informterm.paths import shipped_dir

    return shipped_dir("sample_data") / DEMO_FILE_NAME


PERSONA_SETTINGS = ("your_name", "pitch", "target_field", "contact_line")
"""The settings the demo's ``you`` may fill: what the drafts say about the sender."""


def demo_persona(source: Path | None = None) -> dict[str, str]:
    """The demo job-seeker's settings (see :data:`PERSONA_SETTINGS`) from the demo YAML's
    ``you`` mapping; missing or unusable values are left out. Raises SampleDataError for a
    file that cannot be read."""
    data = _read_source(source or demo_source())
    you = data.get("you") if isinstance(data, dict) else None
    if not isinstance(you, dict):
        return {}
    return {
        name: value.strip()
        for name in PERSONA_SETTINGS
        if isinstance(value := you.get(name), str) and value.strip()
    }


def _read_source(source: Path) -> Any:
    """The demo YAML's data; raises SampleDataError."""
    from informterm.yaml_reader import ConfigError, decode, parse_yaml, read_bytes

    try:
        # Parsed every time, never kept in the parse cache: nothing of the demo's records
        # may outlive the demo's temporary copy.
        return parse_yaml(source, decode(source, read_bytes(source))).data
    except ConfigError as error:
        raise SampleDataError(str(error)) from None


def build_demo_workbook(
    path: Path,
    today: pendulum.Date | None = None,
    home_timezone: str = DEFAULT_HOME_TIMEZONE,
    *,
    source: Path | None = None,
) -> Path:
    """Write the demo workbook to ``path`` (a new file) and return ``path``.

    ``today`` (default: today in ``home_timezone``) anchors every relative date;
    ``home_timezone`` is the clock for touches and follow-ups; ``source`` replaces the
    shipped ``demo.yaml``. Raises SampleDataError for a broken source file and
    WorkbookError when ``path`` cannot be written.
    """
    source = source or demo_source()
    _check_zone(home_timezone, "home_timezone")
    if today is None:
        today = pendulum.today(home_timezone).date()
    data = _read_source(source)
    if not isinstance(data, dict) or not isinstance(data.get("contacts"), list):
        raise SampleDataError(f"{source}: expected a mapping with a 'contacts' list")

    clock = _Clock(today, home_timezone)
    records = _Records()
    ids: dict[str, str] = {}
    for index, raw in enumerate(data["contacts"]):
        where = f"{source.name}: contact {index + 1}"
        if not isinstance(raw, dict) or not raw.get("key") or not raw.get("name"):
            raise SampleDataError(f"{where}: needs at least 'key' and 'name'")
        if raw["key"] in ids:
            raise SampleDataError(f"{where}: key {raw['key']!r} is used twice")
        ids[str(raw["key"])] = new_id()
    for index, raw in enumerate(data["contacts"]):
        where = f"{source.name}: contact {index + 1} ({raw['key']})"
        try:
            _read_contact(raw, ids, clock, records)
        except SampleDataError as error:
            raise SampleDataError(f"{where}: {error}") from None

    with open_workbook(Path(path), read_only=False) as workbook:
        for record in (*records.contacts, *records.touches, *records.interviews):
            workbook.add(record)
        for follow_up in records.follow_ups:
            workbook.add(follow_up)
    return Path(path)


# -- reading the YAML -----------------------------------------------------------------------


@dataclass
class _Records:
    """Everything read from the YAML, in the order it will be written."""

    contacts: list[Contact] = field(default_factory=list)
    touches: list[Touch] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)


class _Clock:
    """Turns "-12d 10:30" style offsets into Timestamps on a given zone's clock."""

    def __init__(self, today: pendulum.Date, home_timezone: str) -> None:
        self.today = today
        self.home = home_timezone
        self._dst_dates: dict[str, pendulum.Date] = {}

    def at(self, spec: Any, zone: str, default_time: str = "09:00") -> Timestamp:
        match = _WHEN.match(str(spec)) if isinstance(spec, str) else None
        if match is None:
            raise SampleDataError(
                f"{spec!r} is not a relative date like '-12d 10:30', '+3d' or 'after-dst +2d 10:00'"
            )
        base = self.next_dst_change(zone) if match["anchor"] else self.today
        day = base.add(days=int(match["days"]))
        if match["hour"] is None:
            hour, minute = (int(part) for part in default_time.split(":"))
        else:
            hour, minute = int(match["hour"]), int(match["minute"])
        if hour > 23 or minute > 59:
            raise SampleDataError(f"{spec!r}: {hour:02d}:{minute:02d} is not a time of day")
        local = pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=zone)
        return to_timestamp(local)

    def next_dst_change(self, zone: str) -> pendulum.Date:
        """The first day after today whose noon has a different UTC offset than today's."""
        found = self._dst_dates.get(zone)
        if found is not None:
            return found
        today_offset = _noon(self.today, zone).utcoffset()
        for days in range(1, _DST_SEARCH_DAYS):
            day = self.today.add(days=days)
            if _noon(day, zone).utcoffset() != today_offset:
                self._dst_dates[zone] = day
                return day
        raise SampleDataError(
            f"'after-dst' needs a daylight-saving change, and {zone} has none in the next year"
        )


def _noon(day: pendulum.Date, zone: str) -> pendulum.DateTime:
    return pendulum.datetime(day.year, day.month, day.day, 12, tz=zone)


def _read_contact(raw: dict[str, Any], ids: dict[str, str], clock: _Clock, out: _Records) -> None:
    _check_keys(raw, _CONTACT_KEYS, "contact")
    contact_id = ids[str(raw["key"])]
    zone = str(raw.get("timezone") or "")
    if zone:
        _check_zone(zone, "timezone")
    referrer_key = raw.get("referred_by")
    if referrer_key is not None and str(referrer_key) not in ids:
        raise SampleDataError(f"referred_by {referrer_key!r} is not the key of any contact")
    added = clock.at(raw.get("added", "-1d"), clock.home)
    out.contacts.append(
        Contact(
            id=contact_id,
            created_at=added,
            updated_at=added,
            name=str(raw["name"]),
            title=_text(raw, "title"),
            company=_text(raw, "company"),
            field=_text(raw, "field"),
            location=_text(raw, "location"),
            timezone=zone,
            available_hours=_text(raw, "available_hours"),
            emails=_strings(raw, "emails"),
            phones=_strings(raw, "phones"),
            profile_url=_text(raw, "profile_url"),
            source=_enum(Source, raw.get("source", "other"), "source"),
            referred_by=ids[str(referrer_key)] if referrer_key is not None else None,
            tags=_strings(raw, "tags"),
            stage=_enum(Stage, raw.get("stage", "prospect"), "stage"),
            priority=int(raw.get("priority", 0)),
            research_notes=_text(raw, "research_notes"),
            keep_in_touch_days=raw.get("keep_in_touch_days"),
            archived=bool(raw.get("archived", False)),
        )
    )
    for item in _items(raw, "touches"):
        _check_keys(item, _TOUCH_KEYS, "touch")
        at = clock.at(item.get("at"), _zone_of(item, clock.home))
        out.touches.append(
            Touch(
                contact_id=contact_id,
                created_at=at,
                updated_at=at,
                at=at,
                channel=_enum(Channel, item.get("channel", "email"), "channel"),
                direction=_enum(Direction, item.get("direction", "out"), "direction"),
                kind=_enum(TouchKind, item.get("kind", "other"), "kind"),
                summary=_text(item, "summary"),
            )
        )
    for item in _items(raw, "interviews"):
        _read_interview(item, contact_id, zone or clock.home, added, clock, out)
    for item in _items(raw, "follow_ups"):
        out.follow_ups.append(_read_follow_up(item, contact_id, None, added, clock))


def _read_interview(
    item: dict[str, Any],
    contact_id: str,
    contact_zone: str,
    added: Timestamp,
    clock: _Clock,
    out: _Records,
) -> None:
    _check_keys(item, _INTERVIEW_KEYS, "interview")
    zone = _zone_of(item, contact_zone)
    starts_at = clock.at(item.get("starts_at"), zone)
    status = _enum(InterviewStatus, item.get("status", "proposed"), "status")
    interview = Interview(
        contact_id=contact_id,
        created_at=min(added, starts_at),
        updated_at=starts_at if status is InterviewStatus.DONE else min(added, starts_at),
        starts_at=starts_at,
        timezone=zone,
        duration_minutes=int(item.get("duration_minutes", 30)),
        medium=_enum(Medium, item.get("medium", "video"), "medium"),
        place=_text(item, "place"),
        status=status,
        checklist=[
            ChecklistItem(text=_text(entry, "text"), done=bool(entry.get("done", False)))
            for entry in _items(item, "checklist")
        ],
        questions=[
            Question(
                text=_text(entry, "text"),
                category=_text(entry, "category"),
                asked=bool(entry.get("asked", False)),
                answer=_text(entry, "answer"),
            )
            for entry in _items(item, "questions")
        ],
        notes=_text(item, "notes"),
        outcome=_text(item, "outcome"),
    )
    out.interviews.append(interview)
    for entry in _items(item, "follow_ups"):
        out.follow_ups.append(_read_follow_up(entry, contact_id, interview.id, added, clock))


def _read_follow_up(
    item: dict[str, Any],
    contact_id: str,
    interview_id: str | None,
    added: Timestamp,
    clock: _Clock,
) -> FollowUp:
    _check_keys(item, _FOLLOW_UP_KEYS, "follow-up")
    zone = _zone_of(item, clock.home)
    due = clock.at(item.get("due"), zone)
    status = _enum(FollowUpStatus, item.get("status", "open"), "status")
    snoozed = item.get("snoozed_until")
    return FollowUp(
        contact_id=contact_id,
        interview_id=interview_id,
        created_at=min(added, due),
        # A closed follow-up was last touched when it was dealt with, around its due time.
        updated_at=due if status in (FollowUpStatus.DONE, FollowUpStatus.DISMISSED) else added,
        due=due,
        kind=_enum(FollowUpKind, item.get("kind", "custom"), "kind"),
        reason=_text(item, "reason"),
        status=status,
        snoozed_until=clock.at(snoozed, zone) if snoozed is not None else None,
        rule=_text(item, "rule"),
        draft=_text(item, "draft"),
    )


# -- small validators -----------------------------------------------------------------------


def _check_keys(item: Any, allowed: set[str], what: str) -> None:
    if not isinstance(item, dict):
        raise SampleDataError(f"each {what} must be a mapping, not {item!r}")
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise SampleDataError(f"unknown {what} field(s): {', '.join(map(str, unknown))}")


def _check_zone(zone: str, what: str) -> None:
    try:
        pendulum.timezone(zone)
    except Exception:  # pendulum raises different errors for different bad names
        raise SampleDataError(f"{what} {zone!r} is not a known IANA time zone") from None


def _zone_of(item: dict[str, Any], default: str) -> str:
    zone = item.get("timezone")
    if not zone:
        return default
    _check_zone(str(zone), "timezone")
    return str(zone)


def _enum(enum_type: Any, value: Any, what: str) -> Any:
    try:
        return enum_type(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum_type)
        raise SampleDataError(f"{what} {value!r} is not one of: {allowed}") from None


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    # Block scalars end in a newline; records hold the text without it.
    return "" if value is None else str(value).rstrip()


def _strings(item: dict[str, Any], key: str) -> list[str]:
    value = item.get(key) or []
    if not isinstance(value, list):
        raise SampleDataError(f"{key} must be a list")
    return [str(entry) for entry in value]


def _items(item: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = item.get(key) or []
    if not isinstance(value, list):
        raise SampleDataError(f"{key} must be a list")
    for entry in value:
        if not isinstance(entry, dict):
            raise SampleDataError(f"each entry of {key} must be a mapping, not {entry!r}")
    return value
