"""Scheduling an interview: reading the start someone types in either zone, what the
clocks do to it that day, and the warnings a time deserves (outside your hours or theirs,
an overlap, a full day). Pure: no store, no screens.

Every warning is a sentence for the person and never stops a booking: an interview at
07:00 may be exactly what both of you want.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date
from typing import Any

from informterm.core.fields import FieldError, parse_hours
from informterm.core.model import (
    Contact,
    Interview,
    InterviewStatus,
    Medium,
    Settings,
    Timestamp,
)
from informterm.core.time import (
    AHEAD_EXAMPLES,
    LocalInstants,
    WhenError,
    at_local,
    interview_end,
    local_instants,
    offset_text,
    read_wall_time,
    span_text,
    spelled_day,
    to_local,
)

DEFAULT_THEIR_HOURS = "09:00-17:00"
"""The hours a contact takes meetings when their card names none (in their zone)."""

MIN_DURATION, MAX_DURATION = 5, 8 * 60
"""The lengths, in minutes, an interview may be booked for."""

_HELD_BACK = (InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW)


# -- the start, as typed --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TypedStart:
    """A start read from what was typed in ``zone``: the instant taken, and what the
    clocks do to that local time on that day.

    ``repeated`` holds both instants of a local time that happens twice (clocks go back),
    the earlier first; ``later`` says which one ``starts_at`` is. ``note`` is the sentence
    to show for a skipped or repeated time (empty otherwise)."""

    starts_at: Timestamp
    zone: str
    note: str = ""
    skipped: bool = False
    repeated: tuple[Timestamp, Timestamp] | None = None
    later: bool = False

    def other(self) -> TypedStart:
        """The same typed time read as its other occurrence (for a repeated time)."""
        if self.repeated is None:
            return self
        earlier, later = self.repeated
        chosen = earlier if self.later else later
        return replace(
            self,
            starts_at=chosen,
            later=not self.later,
            note=_repeated_note(self.repeated, self.zone, later=not self.later),
        )


def parse_start(text: str, *, now: Timestamp, zone: str, later: bool = False) -> TypedStart:
    """Read the start of an interview typed as a local time in ``zone``.

    Accepted: ``2027-01-12 09:00``, ``01-12 9:00`` (the next 12 January), ``tomorrow
    10:00``, ``tue 9:30`` (the next Tuesday), ``today 15:00``, a time alone (today), and an
    instant with its own offset (``2027-10-31T02:30+01:00``). A time the clocks skip that
    day is taken as the time it becomes (the ``note`` says so); one they repeat is taken
    at its earlier occurrence, or its later one with ``later``. Raises WhenError, with an
    example, for anything else.
    """
    if not text.strip():
        raise WhenError(f"Type when it starts, e.g. {AHEAD_EXAMPLES}")
    read = read_wall_time(text, now=now, zone=zone, ahead=True)
    if isinstance(read, str):
        return TypedStart(read, zone)
    if not read.has_time:
        raise WhenError(f"Give the time too, e.g. {text.strip()} 09:00")
    return _typed_start(local_instants(read, zone), later=later)


def _typed_start(found: LocalInstants, *, later: bool) -> TypedStart:
    if found.skipped:
        (instant,) = found.instants
        became = to_local(instant, found.zone)
        day = found.wall.calendar_day
        shown = f"{became.hour:02d}:{became.minute:02d}"
        if became.date() != day:
            shown = f"{spelled_day(became.date())} {shown}"
        note = (
            f"{found.wall.clock} does not exist on {spelled_day(day)} in {found.zone}: "
            f"clocks go forward; it would be {shown}"
        )
        return TypedStart(instant, found.zone, note=note, skipped=True)
    if found.repeated:
        earlier, second = found.instants
        pair = (earlier, second)
        return TypedStart(
            second if later else earlier,
            found.zone,
            note=_repeated_note(pair, found.zone, later=later),
            repeated=pair,
            later=later,
        )
    return TypedStart(found.instants[0], found.zone)


def _repeated_note(pair: tuple[Timestamp, Timestamp], zone: str, *, later: bool) -> str:
    first, second = (to_local(instant, zone) for instant in pair)
    # Compared in UTC: aware datetimes of one zone subtract as wall clocks.
    apart = first.astimezone(UTC) - second.astimezone(UTC)
    gap = _minutes_text(int(apart.total_seconds()) // 60)
    taken, other = (second, first) if later else (first, second)
    which, other_side = ("later", "earlier") if later else ("earlier", "later")
    return (
        f"{first:%H:%M} happens twice on {spelled_day(first.date())} in {zone}: clocks go "
        f"back; this is the {which} one ({offset_text(taken)}), the {other_side} one is "
        f"{gap} {'before' if later else 'after'} it ({offset_text(other)})"
    )


def _minutes_text(minutes: int) -> str:
    minutes = abs(minutes)
    if minutes == 60:
        return "an hour"
    if minutes % 60 == 0:
        return f"{minutes // 60} hours"
    return f"{minutes} minutes"


# -- other fields ---------------------------------------------------------------------------

_DURATION_RE = re.compile(
    r"(?:(?P<hours>\d{1,2})\s*h(?:ours?|rs?)?)?\s*(?:(?P<minutes>\d{1,3})\s*(?:m(?:in(?:utes?)?s?)?)?)?"
)


def parse_duration(text: str) -> int:
    """An interview's length in minutes, typed as ``30``, ``45 min``, ``1h`` or
    ``1h30``; raises FieldError outside 5 minutes to 8 hours."""
    value = text.strip().casefold()
    match = _DURATION_RE.fullmatch(value) if value else None
    if match is None or not (match["hours"] or match["minutes"]):
        raise FieldError("Write the length in minutes, e.g. 30, 45 min or 1h30")
    minutes = int(match["hours"] or 0) * 60 + int(match["minutes"] or 0)
    return check_duration(minutes)


def check_duration(minutes: int) -> int:
    """``minutes`` when it is a length an interview may have; FieldError otherwise."""
    if not MIN_DURATION <= minutes <= MAX_DURATION:
        raise FieldError(
            f"{minutes} minutes is not a length to book: use {MIN_DURATION} to "
            f"{MAX_DURATION} minutes (8 hours)"
        )
    return minutes


def their_zone(contact: Contact, settings: Settings) -> str:
    """The zone an interview with ``contact`` is kept in: theirs, else yours."""
    return contact.timezone or settings.home_timezone or "UTC"


def their_hours(contact: Contact) -> tuple[str, str]:
    """The hours ``contact`` takes meetings, as (start, end) ``HH:MM`` in their zone: the
    card's, or 09:00-17:00 when it names none (or names something unreadable)."""
    try:
        span = parse_hours(contact.available_hours) or DEFAULT_THEIR_HOURS
    except FieldError:
        span = DEFAULT_THEIR_HOURS
    start, end = span.split("-")
    return start, end


def rescheduled(
    interview: Interview,
    *,
    starts_at: Timestamp,
    duration_minutes: int,
    medium: Medium,
    place: str,
    timezone: str,
) -> Interview:
    """``interview`` moved to a new time (or given a new length, medium or place).

    A new time has not been agreed yet: a confirmed interview goes back to proposed. A
    cancelled or missed one is booked again as a new interview (a new id, proposed, its
    checklist, questions and notes kept), so the old one stays in the record as it was and
    the new one gets its own confirm follow-up: save it with ``add_interview``. Only the
    place or medium changed: the status stays."""
    changes: dict[str, Any] = {
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "medium": medium,
        "place": place,
        "timezone": timezone,
    }
    if interview.status in _HELD_BACK:
        fresh = Interview(contact_id=interview.contact_id, starts_at=starts_at)
        return replace(
            interview,
            **changes,
            id=fresh.id,
            created_at=fresh.created_at,
            updated_at=fresh.updated_at,
            status=InterviewStatus.PROPOSED,
            outcome="",
        )
    moved = (starts_at, duration_minutes) != (interview.starts_at, interview.duration_minutes)
    status = interview.status
    if moved and status is InterviewStatus.CONFIRMED:
        status = InterviewStatus.PROPOSED
    return replace(interview, **changes, status=status)


STATUS_FROM: dict[InterviewStatus, tuple[InterviewStatus, ...]] = {
    InterviewStatus.CONFIRMED: (InterviewStatus.PROPOSED,),
    InterviewStatus.DONE: (
        InterviewStatus.PROPOSED,
        InterviewStatus.CONFIRMED,
        InterviewStatus.NO_SHOW,
    ),
    InterviewStatus.CANCELLED: (InterviewStatus.PROPOSED, InterviewStatus.CONFIRMED),
    InterviewStatus.NO_SHOW: (InterviewStatus.PROPOSED, InterviewStatus.CONFIRMED),
}
"""For each status an interview can be given, the ones it can be given from: a missed
interview may turn out to have been held; a cancelled one is booked again instead."""


def status_problem(interview: Interview, status: InterviewStatus) -> str | None:
    """Why ``interview`` cannot be marked ``status`` now (a sentence), or None."""
    if interview.status is status:
        return f"it is already {status.value}: nothing to do"
    if interview.status not in STATUS_FROM.get(status, ()):
        hint = " (reschedule it to book it again)" if interview.status in _HELD_BACK else ""
        return f"it is {interview.status.value}, so it cannot be marked {status.value}{hint}"
    return None


# -- warnings -------------------------------------------------------------------------------


def warnings(
    interview: Interview,
    contact: Contact,
    settings: Settings,
    other_interviews: Iterable[Interview],
    *,
    names: Mapping[str, str] | None = None,
    now: Timestamp | None = None,
) -> list[str]:
    """What deserves a second look about ``interview`` with ``contact``, as sentences;
    empty for one that is cancelled, a no-show or held.

    Outside your working hours (in your home zone); outside theirs (their card's hours,
    else 09:00-17:00, in the interview's zone); overlapping another of
    ``other_interviews`` still on; more than ``settings.meetings_per_day`` on that day of
    yours; already begun by ``now``. ``names`` gives the other interviews' contacts'
    names by contact id."""
    if not interview.status.is_upcoming:
        return []
    home = settings.home_timezone or "UTC"
    theirs = interview.timezone or their_zone(contact, settings)
    start = interview.starts_at
    end = interview_end(interview)
    found: list[str] = []
    if now is not None and start < now:
        found.append(f"It starts in the past ({_span(start, end, home)} your time)")
    hours = settings.working_hours
    if not _within(start, end, home, hours.start, hours.end):
        found.append(
            f"Outside your working hours ({hours.start}-{hours.end}): it is "
            f"{_span(start, end, home)} your time ({home})"
        )
    their_start, their_end = their_hours(contact)
    if not _within(start, end, theirs, their_start, their_end):
        whose = f"{contact.name}'s" if contact.name.strip() else "their"
        found.append(
            f"Outside {whose} hours ({their_start}-{their_end} their time): it is "
            f"{_span(start, end, theirs)} in {theirs}"
        )
    day = to_local(start, home).date()
    same_day = 1
    for other in other_interviews:
        if other.id == interview.id or not other.status.is_upcoming:
            continue
        other_end = interview_end(other)
        if other.starts_at < end and start < other_end:
            who = (names or {}).get(other.contact_id, "")
            with_whom = f" with {who}" if who.strip() else ""
            found.append(
                f"Overlaps the interview{with_whom} at {_span(other.starts_at, other_end, home)}"
                " your time"
            )
        if to_local(other.starts_at, home).date() == day:
            same_day += 1
    if same_day > settings.meetings_per_day:
        found.append(
            f"{same_day} interviews on {spelled_day(day)} with this one: more than your "
            f"{settings.meetings_per_day} a day"
        )
    return found


def _within(start: Timestamp, end: Timestamp, zone: str, opens: str, closes: str) -> bool:
    """Whether start to end falls within ``opens`` to ``closes`` on the local day it
    starts in ``zone`` (``closes`` may be 24:00)."""
    day = to_local(start, zone).date()
    if closes == "24:00":
        day_after = date.fromordinal(day.toordinal() + 1)
        last = at_local(day_after, "00:00", zone)
    else:
        last = at_local(day, closes, zone)
    return at_local(day, opens, zone) <= start and end <= last


def _span(start: Timestamp, end: Timestamp, zone: str) -> str:
    """``Tue 12 Jan 2027 09:00-09:30`` in ``zone`` (see :func:`span_text`)."""
    return span_text(to_local(start, zone), to_local(end, zone), spelled_day)


def same_day_neighbours(interviews: Iterable[Interview], zone: str) -> dict[date, list[Interview]]:
    """Interviews still on, by the day they start in ``zone``, so the warnings of many are
    worked out against only the ones near them (a day either side covers every overlap
    of interviews up to a day long)."""
    days: dict[date, list[Interview]] = {}
    for interview in interviews:
        if interview.status.is_upcoming:
            days.setdefault(to_local(interview.starts_at, zone).date(), []).append(interview)
    return days


def nearby(
    days: Mapping[date, list[Interview]], interview: Interview, zone: str
) -> list[Interview]:
    """The interviews of ``days`` (see :func:`same_day_neighbours`) from the day before
    ``interview`` starts to the day after."""
    day = to_local(interview.starts_at, zone).date()
    around: list[Interview] = []
    for offset in (-1, 0, 1):
        around += days.get(date.fromordinal(day.toordinal() + offset), [])
    return around
