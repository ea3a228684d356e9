"""One interview as an iCalendar (.ics) file, to attach to an invite.

The event starts in the contact's zone (``DTSTART;TZID=...`` with its ``VTIMEZONE``) and
lasts ``DURATION`` minutes exactly, so a calendar shows the real end even across a change
of the clocks. It is written in UTC instead where a zone name cannot say the instant: the
second occurrence of a time the clocks repeat (a TZID time means the first), and years the
generated time-zone rules do not cover. The UID is the interview's, so a file exported
again after a reschedule updates the same event.

The icalendar package is imported by these functions only: exporting is rare, and its
import costs more than a command's start.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from informterm import __version__
from informterm.core.model import Contact, Interview, InterviewStatus, Settings
from informterm.core.text import printable
from informterm.core.time import describe_with_offset, to_local

_STATUS = {
    InterviewStatus.PROPOSED: "TENTATIVE",
    InterviewStatus.CONFIRMED: "CONFIRMED",
    InterviewStatus.DONE: "CONFIRMED",
    InterviewStatus.NO_SHOW: "CONFIRMED",
    InterviewStatus.CANCELLED: "CANCELLED",
}

# The years icalendar's generated VTIMEZONE rules are written for.
_ZONE_RULE_YEARS = range(1971, 2037)

UID_DOMAIN = "informterm"


def interview_uid(interview: Interview) -> str:
    """The event's UID: the same for every export of one interview."""
    return f"{interview.id}@{UID_DOMAIN}"


def interview_ics(interview: Interview, contact: Contact, settings: Settings) -> bytes:
    """The .ics file of ``interview`` with ``contact`` (one VEVENT in a VCALENDAR)."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//informterm//informterm {__version__}//EN")
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", interview_uid(interview))
    event.add("dtstamp", _utc(interview.updated_at))
    event.add("dtstart", _start(interview))
    event.add("duration", timedelta(minutes=interview.duration_minutes))
    event.add("summary", _text(_summary(contact, settings)))
    place = interview.place.strip()
    if place:
        event.add("location", _text(place))
        if re.fullmatch(r"https?://\S+", place):
            event.add("url", place)
    event.add("description", _text(_description(interview, contact, settings)))
    event.add("status", _STATUS[interview.status])
    calendar.add_component(event)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data


def ics_file_name(interview: Interview, contact: Contact) -> str:
    """A file name for the export: ``interview-ann-lee-2027-01-12.ics`` (the day in the
    interview's zone)."""
    slug = re.sub(r"[^\w]+", "-", contact.name.casefold(), flags=re.UNICODE).strip("-_")
    day = _local(interview).date().isoformat()
    return f"interview-{slug[:40].strip('-') or 'contact'}-{day}.ics"


def default_ics_folder() -> Path:
    """Where an export goes unless the user says otherwise: Downloads, else home."""
    from platformdirs import user_downloads_path

    folder = user_downloads_path()
    return folder if folder.is_dir() else Path.home()


def _local(interview: Interview) -> datetime:
    try:
        return to_local(interview.starts_at, interview.timezone or "UTC")
    except ValueError:
        return to_local(interview.starts_at, "UTC")


def _start(interview: Interview) -> datetime:
    """DTSTART: local in the interview's zone where that names the instant, else UTC."""
    moment = _local(interview)
    zone = interview.timezone
    if not zone or zone == "UTC" or moment.year not in _ZONE_RULE_YEARS:
        return moment.astimezone(UTC)
    first = moment.replace(fold=0)
    if first.astimezone(UTC) != moment.astimezone(UTC):
        # The later of a repeated time: a TZID time would be read as the earlier.
        return moment.astimezone(UTC)
    return first


def _utc(timestamp: str) -> datetime:
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).astimezone(UTC)


def _text(value: str) -> str:
    # Control characters have no place in an iCalendar value; newlines and tabs are
    # escaped by icalendar.
    return printable(value, multi_line=True)


def _you(settings: Settings) -> str:
    return settings.your_name.strip()


def _summary(contact: Contact, settings: Settings) -> str:
    you = _you(settings)
    if you:
        return f"Informational interview: {contact.name.strip()} and {you}"
    return f"Informational interview with {contact.name.strip()}"


def _description(interview: Interview, contact: Contact, settings: Settings) -> str:
    you = _you(settings) or "You"
    medium = interview.medium.value
    lines = [f"An informational interview of {interview.duration_minutes} minutes ({medium})."]
    place = interview.place.strip()
    if place:
        lines.append(f"Where: {place}")
    theirs = interview.timezone or "UTC"
    home = settings.home_timezone or "UTC"
    lines.append(f"{contact.name.strip()}: {_when(interview, theirs)}")
    if home != theirs:
        lines.append(f"{you}: {_when(interview, home)}")
    if settings.contact_line.strip():
        lines.append(f"To reach {you}: {settings.contact_line.strip()}")
    return "\n".join(lines)


def _when(interview: Interview, zone: str) -> str:
    try:
        return describe_with_offset(interview.starts_at, zone)
    except ValueError:
        return describe_with_offset(interview.starts_at, "UTC")
