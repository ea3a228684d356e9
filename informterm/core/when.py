"""Reading the dates and times people type ("2026-11-20 14:30", "today 9:00", "yesterday
4pm") in their home time zone, and showing stored UTC timestamps back in a local zone.

Pure pendulum, no Textual: the log-touch form and the contact card share it.
"""

from __future__ import annotations

import calendar
import re

import pendulum
from pendulum.parsing.exceptions import ParserError
from pendulum.tz.exceptions import AmbiguousTime, InvalidTimezone, NonExistingTime

from informterm.core.model import MAX_YEAR, MIN_YEAR, Timestamp, timestamp_problem
from informterm.core.time import parse, to_timestamp

EXAMPLES = "2026-11-20 14:30, today 9:00 or yesterday 4pm"
"""What to show people as examples of a time they may type."""

INPUT_FORMAT = "YYYY-MM-DD HH:mm"
"""The local format :func:`local_text` writes and :func:`parse_when` reads back."""

_RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}

_DATE = r"(?P<year>\d{4})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})"
_TIME = (
    r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?"
)
_DAY_WORD = r"(?P<word>today|yesterday|tomorrow)"
# A date or day word, optionally followed by a time ...
_DAY_RE = re.compile(rf"^(?:{_DATE}|{_DAY_WORD})(?:(?:\s+|t)(?:at\s+)?(?P<time>.+))?$")
# ... or a time alone, meaning today.
_TIME_RE = re.compile(rf"^(?:at\s+)?{_TIME}$")
# An instant that carries its own offset needs no home zone.
_ABSOLUTE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(?::\d{2})?(?:z|[+-]\d{2}:?\d{2})$")


class WhenError(ValueError):
    """A typed date or time that cannot be read; the message says why, fit for the user."""


def parse_when(text: str, *, now: Timestamp, home_timezone: str) -> Timestamp:
    """Read a date and time typed in ``home_timezone`` and return it as a UTC Timestamp.

    Accepted: empty or ``now`` (``now`` itself); ``YYYY-MM-DD HH:MM`` (``/`` or ``T``
    separators, optional seconds, 12-hour times with am/pm); ``today``, ``yesterday`` or
    ``tomorrow`` followed by a time; a time alone (today); a bare day word (that day at the
    current time); a bare date (that day at noon, so it stays the same date in most zones);
    and an instant with its own offset (``2026-11-20T14:30:00Z``).

    Raises WhenError for unreadable text, impossible dates (2026-02-30), impossible times
    (25:00) and local times skipped by a daylight-saving change.
    """
    cleaned = " ".join(text.strip().casefold().split())
    if cleaned in ("", "now"):
        return now
    zone = _zone(home_timezone)
    if _ABSOLUTE_RE.match(cleaned):
        _check_year(int(cleaned[:4]))
        try:
            moment = pendulum.parse(cleaned.upper())
        except (ValueError, ParserError) as error:
            raise WhenError(f"{text.strip()} is not a valid date and time ({error})") from None
        assert isinstance(moment, pendulum.DateTime)
        return _stamp(moment, text)
    unreadable = WhenError(
        f"Cannot read {text.strip()!r} as a date and time; write e.g. {EXAMPLES}"
    )
    parts: dict[str, str | None] = dict.fromkeys(("year", "month", "day", "word", "hour"))
    day_match = _DAY_RE.match(cleaned)
    time_text = cleaned if day_match is None else day_match["time"]
    if day_match is not None:
        parts.update(day_match.groupdict())
    if time_text is not None:
        time_match = _TIME_RE.match(time_text)
        if time_match is None:
            raise unreadable
        parts.update(time_match.groupdict())
    local_now = parse(now).in_timezone(zone)
    if parts["year"] is not None:
        year, month, day = int(parts["year"]), int(parts["month"] or 0), int(parts["day"] or 0)
        _check_year(year)
        _check_date(year, month, day)
        default_time = (12, 0, 0)
    else:
        offset = _RELATIVE_DAYS[parts["word"]] if parts["word"] else 0
        date = local_now.date().add(days=offset)
        year, month, day = date.year, date.month, date.day
        default_time = (local_now.hour, local_now.minute, local_now.second)
    if parts["hour"] is None:
        hour, minute, second = default_time
    else:
        hour, minute, second = _read_time(parts)
    try:
        moment = pendulum.datetime(
            year, month, day, hour, minute, second, tz=zone, fold=0, raise_on_unknown_times=True
        )
    except NonExistingTime:
        raise WhenError(
            f"{hour:02d}:{minute:02d} on {year:04d}-{month:02d}-{day:02d} does not exist in "
            f"{zone.name}: the clocks go forward then"
        ) from None
    except AmbiguousTime:
        # The hour that repeats when clocks go back: take its first occurrence.
        moment = pendulum.datetime(year, month, day, hour, minute, second, tz=zone, fold=0)
    return _stamp(moment, text)


def _stamp(moment: pendulum.DateTime, text: str) -> Timestamp:
    """``moment`` as a Timestamp, if it is one the workbook can keep."""
    try:
        timestamp = to_timestamp(moment)
    except (OverflowError, ValueError):
        timestamp = ""
    if timestamp_problem(timestamp) is not None:
        raise WhenError(f"{text.strip()} falls outside the years {MIN_YEAR} to {MAX_YEAR} in UTC")
    return timestamp


def local_text(timestamp: Timestamp, zone: str, fmt: str = INPUT_FORMAT) -> str:
    """A Timestamp as local time in ``zone`` (pendulum format tokens; UTC if the zone is
    unknown, so a bad setting never hides the data)."""
    try:
        tz = _zone(zone)
    except WhenError:
        tz = pendulum.UTC
    return parse(timestamp).in_timezone(tz).format(fmt)


def describe(timestamp: Timestamp, zone: str) -> str:
    """A Timestamp spelled out for a person: ``Fri 20 Nov 2026 14:30 (Europe/Paris)``."""
    return f"{local_text(timestamp, zone, 'ddd D MMM YYYY HH:mm')} ({zone or 'UTC'})"


def _zone(name: str) -> pendulum.Timezone:
    try:
        return pendulum.timezone(name or "UTC")
    except (InvalidTimezone, ValueError):
        raise WhenError(f"Unknown time zone {name!r}") from None


def _check_year(year: int) -> None:
    # Far years break time-zone arithmetic, and no conversation happened in one.
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise WhenError(f"{year:04d} is not a year informterm keeps: use {MIN_YEAR} to {MAX_YEAR}")


def _check_date(year: int, month: int, day: int) -> None:
    written = f"{year:04d}-{month:02d}-{day:02d}"
    if not 1 <= month <= 12:
        raise WhenError(f"{written} is not a date: there is no month {month}")
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        month_name = calendar.month_name[month]
        raise WhenError(f"{written} is not a date: {month_name} {year} has {days_in_month} days")


def _read_time(parts: dict[str, str | None]) -> tuple[int, int, int]:
    hour = int(parts["hour"] or 0)
    minute = int(parts["minute"] or 0)
    second = int(parts["second"] or 0)
    ampm = (parts["ampm"] or "").replace(".", "")
    seconds = f":{parts['second']}" if parts["second"] is not None else ""
    written = f"{parts['hour']}:{parts['minute'] or '00'}{seconds}" + (f" {ampm}" if ampm else "")
    if ampm:
        if not 1 <= hour <= 12:
            raise WhenError(f"{written} is not a time of day: with am/pm the hour is 1 to 12")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    elif parts["minute"] is None:
        # A bare number is too easy to misread (hours? a day?); ask for HH:MM.
        raise WhenError(f"Write the time as HH:MM (e.g. {parts['hour']}:00) or with am/pm")
    if hour > 23 or minute > 59 or second > 59:
        latest = "23:59:59" if seconds else "23:59"
        raise WhenError(f"{written} is not a time of day: use 00:00 to {latest}")
    return hour, minute, second
