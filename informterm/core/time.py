"""All of informterm's time code: stored UTC timestamps, time zones, the dates and times
people type, and how instants are shown back to them.

Stored instants are ISO 8601 strings in UTC (``2026-11-20T14:30:00Z``). Arithmetic on them
uses pendulum, which is imported by the functions that need it: showing a time (which the
contact list does for every row it draws) uses the standard library's zoneinfo, about ten
times faster than pendulum's parse and free of its import cost at startup.
"""

from __future__ import annotations

import calendar
import difflib
import functools
import os
import re
import zoneinfo
from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from informterm.core.model import MAX_YEAR, MIN_YEAR, Interview, Timestamp, timestamp_problem

if TYPE_CHECKING:
    import pendulum

ISO_FORMAT = "YYYY-MM-DDTHH:mm:ss[Z]"


# -- stored timestamps ----------------------------------------------------------------------


def parse(timestamp: Timestamp) -> pendulum.DateTime:
    """A Timestamp as an aware pendulum DateTime in UTC."""
    import pendulum

    value = pendulum.parse(timestamp)
    assert isinstance(value, pendulum.DateTime)
    return value.in_timezone("UTC")


def to_timestamp(moment: pendulum.DateTime) -> Timestamp:
    """An aware DateTime as a Timestamp (UTC, second precision)."""
    return moment.in_timezone("UTC").format(ISO_FORMAT)


def interview_end(interview: Interview) -> Timestamp:
    """When an interview ends (its start plus its duration)."""
    return to_timestamp(parse(interview.starts_at).add(minutes=interview.duration_minutes))


# -- time zones -----------------------------------------------------------------------------

# Names that zoneinfo can open but that are not zones a person means: "localtime" is this
# machine's setting (so it would differ from machine to machine), the others are tzdata
# internals.
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})

_EXAMPLES = "an IANA name such as Europe/Paris, America/New_York or UTC"


class UnknownTimezone(ValueError):
    """A time-zone name that is not an IANA zone; the message suggests the closest ones."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"did you mean {', '.join(suggestions)}?" if suggestions else f"use {_EXAMPLES}"
        super().__init__(f"unknown time zone {name!r}: {hint}")


def check_timezone(name: str) -> str:
    """The canonical IANA name for ``name``, or raise UnknownTimezone.

    The empty string (no zone known) is returned as is. A name that differs from a real
    zone only in letter case or in spaces for underscores ("america/new york") is
    corrected to the real spelling; anything else raises, with suggestions.
    """
    text = name.strip()
    if not text:
        return ""
    if text not in _NOT_ZONES and _opens(text):
        return text
    canonical = _by_folded_name().get(_fold(text))
    if canonical is not None:
        return canonical
    raise UnknownTimezone(text, suggest_timezones(text))


def suggest_timezones(text: str, limit: int = 5) -> list[str]:
    """The IANA zone names closest to ``text``, best first (at most ``limit``).

    Matches the whole name and the city part alike, ignoring case and treating spaces as
    underscores, so "paris", "new york" and "Europe/Pariss" all find their zone.
    """
    query = _fold(text)
    if not query or limit <= 0:
        return []
    by_name = _by_folded_name()
    by_city = _by_folded_city()
    found: list[str] = []

    def add(names: list[str]) -> None:
        for zone in names:
            if zone not in found:
                found.append(zone)

    if query in by_name:
        add([by_name[query]])
    add(by_city.get(query, []))
    # Typed with a region ("Europe/Pariss"): compare whole names first.
    if "/" in query:
        add([by_name[n] for n in difflib.get_close_matches(query, by_name, limit, 0.85)])
    city_query = query.rsplit("/", 1)[-1]
    add(by_city.get(city_query, []))
    for city in difflib.get_close_matches(city_query, by_city, limit, 0.75):
        add(by_city[city])
    # A fragment of a city ("york", "angel") is still a useful hint when nothing is closer.
    if len(found) < limit and len(city_query) >= 3:
        add([zone for city, zones in by_city.items() if city_query in city for zone in zones])
    return found[:limit]


def _opens(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        # ValueError for malformed keys (absolute paths, ".."), OSError for folders such
        # as "Europe" that exist in the zone database but are not zones.
        return False
    return True


def _fold(text: str) -> str:
    return "_".join(text.strip().lower().split())


@functools.cache
def _zones() -> tuple[str, ...]:
    # Sorted so suggestions come out the same on every run and every machine.
    return tuple(sorted(zoneinfo.available_timezones() - _NOT_ZONES))


@functools.cache
def _by_folded_name() -> dict[str, str]:
    return {_fold(zone): zone for zone in _zones()}


@functools.cache
def _by_folded_city() -> dict[str, list[str]]:
    cities: dict[str, list[str]] = {}
    for zone in _zones():
        city = _fold(zone.rsplit("/", 1)[-1])
        cities.setdefault(city, []).append(zone)
    # Prefer the canonical region names ("America/...") over legacy aliases ("US/...") and
    # short names, which sort first alphabetically but are rarely what people mean.
    for zones in cities.values():
        zones.sort(key=lambda zone: (zone.count("/") == 0, _is_legacy(zone), zone))
    return cities


_LEGACY_PREFIXES = ("US/", "Canada/", "Mexico/", "Brazil/", "Chile/", "Etc/", "SystemV/")


def _is_legacy(zone: str) -> bool:
    return zone.startswith(_LEGACY_PREFIXES)


def system_timezone() -> str:
    """The machine's own IANA zone (from ``TZ`` or /etc/localtime), or "UTC" if unknown.

    Used when config.yaml names no home time zone: a new user sees their own clock.
    """
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    for candidate in candidates:
        if not candidate:
            continue
        try:
            return check_timezone(candidate) or "UTC"
        except UnknownTimezone:
            continue
    return "UTC"


# -- times people type ---------------------------------------------------------------------

EXAMPLES = "2026-11-20 14:30, today 9:00 or yesterday 4pm"
"""What to show people as examples of a time they may type."""

AHEAD_EXAMPLES = "2027-01-12 09:00, 01-12 9:00, tomorrow 10:00 or tue 9:30"
"""Examples of a time ahead (an interview's start), for :func:`read_wall_time` with
``ahead``."""

INPUT_FORMAT = "YYYY-MM-DD HH:mm"
"""The local format :func:`local_text` writes and :func:`parse_when` reads back."""

_RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}

_DATE = r"(?P<year>\d{4})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})"
_TIME = (
    r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?"
)
_DAY_WORD = r"(?P<word>today|yesterday|tomorrow)"
_AFTER_DAY = r"(?:(?:\s+|t)(?:at\s+)?(?P<time>.+))?$"
# A date or day word, optionally followed by a time ...
_DAY_RE = re.compile(rf"^(?:{_DATE}|{_DAY_WORD}){_AFTER_DAY}")
# ... or, for a time ahead, also a month and day ("01-12") or a weekday ("tue") ...
_WEEKDAY_WORDS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2,
    "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
_AHEAD_DAY_RE = re.compile(
    rf"^(?:{_DATE}|(?P<bare_month>\d{{1,2}})[-/](?P<bare_day>\d{{1,2}})|{_DAY_WORD}"
    rf"|(?P<weekday>{'|'.join(sorted(_WEEKDAY_WORDS, key=len, reverse=True))})\.?)"
    r"(?:(?:\s+|(?<=\d)t)(?:at\s+)?(?P<time>.+))?$"
)
# ... or a time alone, meaning today.
_TIME_RE = re.compile(rf"^(?:at\s+)?{_TIME}$")
# An instant that carries its own offset needs no home zone.
_ABSOLUTE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(?::\d{2})?(?:z|[+-]\d{2}:?\d{2})$")


class WhenError(ValueError):
    """A typed date or time that cannot be read; the message says why, fit for the user."""


@dataclass(frozen=True, slots=True)
class WallTime:
    """A local date and time as someone typed it, before a zone makes it an instant."""

    year: int
    month: int
    day: int
    hour: int
    minute: int
    second: int = 0
    has_time: bool = True
    """False when only a day was typed (the time is then a default)."""

    @property
    def clock(self) -> str:
        """The time of day as typed: ``09:30`` (with seconds when there are some)."""
        seconds = f":{self.second:02d}" if self.second else ""
        return f"{self.hour:02d}:{self.minute:02d}{seconds}"

    @property
    def calendar_day(self) -> date:
        """The day."""
        return date(self.year, self.month, self.day)


def read_wall_time(
    text: str, *, now: Timestamp, zone: str, ahead: bool = False
) -> WallTime | Timestamp:
    """Read what was typed as a local date and time in ``zone`` (days such as "today"
    counted from ``now`` there), or as a Timestamp when it carries its own offset
    (``2026-11-20T14:30:00Z``).

    The forms of :func:`parse_when`; with ``ahead`` (a time being planned) also a month
    and day without the year (``01-12 9:00``: the next such day, today included) and a
    weekday (``tue 9:30``: the next Tuesday at 9:30 from now, today if still to come).
    Raises WhenError for unreadable text, impossible dates and impossible times.
    """
    cleaned = " ".join(text.strip().casefold().split())
    tz = _pendulum_zone(zone)
    if _ABSOLUTE_RE.match(cleaned):
        return _absolute(cleaned, text)
    examples = AHEAD_EXAMPLES if ahead else EXAMPLES
    unreadable = WhenError(
        f"Cannot read {text.strip()!r} as a date and time; write e.g. {examples}"
    )
    parts: dict[str, str | None] = dict.fromkeys(
        ("year", "month", "day", "word", "hour", "bare_month", "bare_day", "weekday")
    )
    day_match = (_AHEAD_DAY_RE if ahead else _DAY_RE).match(cleaned)
    time_text = cleaned if day_match is None else day_match["time"]
    if day_match is not None:
        parts.update(day_match.groupdict())
    if time_text is not None:
        time_match = _TIME_RE.match(time_text)
        if time_match is None:
            raise unreadable
        parts.update(time_match.groupdict())
    if parts["year"] is not None:
        _check_year(int(parts["year"]))
        _check_date(int(parts["year"]), int(parts["month"] or 0), int(parts["day"] or 0))
    local_now = parse(now).in_timezone(tz)
    today = date(local_now.year, local_now.month, local_now.day)
    if parts["hour"] is None:
        # A bare date means noon, so it stays the same date in most zones.
        hour, minute, second = (
            (12, 0, 0)
            if parts["year"] is not None or parts["bare_month"] is not None
            else (local_now.hour, local_now.minute, local_now.second)
        )
    else:
        hour, minute, second = _read_time(parts)
    if parts["year"] is not None:
        year, month, day = int(parts["year"]), int(parts["month"] or 0), int(parts["day"] or 0)
    elif parts["bare_month"] is not None:
        month, day = int(parts["bare_month"]), int(parts["bare_day"] or 0)
        # This year's, unless that day is already over: then next year's.
        year = today.year + ((month, day) < (today.month, today.day))
        _check_date(year, month, day)
    elif parts["weekday"] is not None:
        ahead_days = (_WEEKDAY_WORDS[parts["weekday"]] - today.weekday()) % 7
        if ahead_days == 0 and (hour, minute, second) <= (
            local_now.hour,
            local_now.minute,
            local_now.second,
        ):
            ahead_days = 7  # today's is over: the one next week
        that_day = date.fromordinal(today.toordinal() + ahead_days)
        year, month, day = that_day.year, that_day.month, that_day.day
    else:
        offset = _RELATIVE_DAYS[parts["word"]] if parts["word"] else 0
        that_day = date.fromordinal(today.toordinal() + offset)
        year, month, day = that_day.year, that_day.month, that_day.day
    return WallTime(year, month, day, hour, minute, second, has_time=parts["hour"] is not None)


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
    import pendulum
    from pendulum.tz.exceptions import AmbiguousTime, NonExistingTime

    if " ".join(text.split()).casefold() in ("", "now"):
        return now
    read = read_wall_time(text, now=now, zone=home_timezone)
    if isinstance(read, str):
        return read
    zone = _pendulum_zone(home_timezone)
    fields = (read.year, read.month, read.day, read.hour, read.minute, read.second)
    try:
        moment = pendulum.datetime(*fields, tz=zone, fold=0, raise_on_unknown_times=True)
    except NonExistingTime:
        raise WhenError(
            f"{read.hour:02d}:{read.minute:02d} on {read.calendar_day.isoformat()} does not "
            f"exist in {zone.name}: the clocks go forward then"
        ) from None
    except AmbiguousTime:
        # The hour that repeats when clocks go back: take its first occurrence.
        moment = pendulum.datetime(*fields, tz=zone, fold=0)
    return _stamp(moment, text)


@dataclass(frozen=True, slots=True)
class LocalInstants:
    """The instants a local date and time stands for in a zone: one as a rule; two where
    the clocks go back (the earlier first); and, where they go forward over it, the one
    the clock would then show (``skipped``)."""

    wall: WallTime
    zone: str
    instants: tuple[Timestamp, ...]
    skipped: bool = False

    @property
    def repeated(self) -> bool:
        """The local time happens twice (clocks go back over it)."""
        return len(self.instants) == 2


def local_instants(wall: WallTime, zone: str) -> LocalInstants:
    """Where ``wall`` falls in ``zone`` (see :class:`LocalInstants`); WhenError for an
    unknown zone or a time the workbook cannot keep.

    A skipped time is read with the offset before the change, as clocks that did not move
    would read it (02:30 becomes 03:30 where clocks go from 02:00 to 03:00)."""
    try:
        tz = _zone(zone or "UTC")
    except ValueError:
        raise WhenError(f"Unknown time zone {zone!r}") from None
    naive = datetime(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second)
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    text = f"{wall.calendar_day.isoformat()} {wall.clock}"
    if first == second:
        return LocalInstants(wall, zone, (_utc_stamp(first, text),))
    if first.astimezone(tz).replace(tzinfo=None) != naive:
        return LocalInstants(wall, zone, (_utc_stamp(first, text),), skipped=True)
    return LocalInstants(wall, zone, (_utc_stamp(first, text), _utc_stamp(second, text)))


def _utc_stamp(moment: datetime, text: str) -> Timestamp:
    timestamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment.year >= MIN_YEAR else ""
    if timestamp_problem(timestamp) is not None:
        raise WhenError(f"{text.strip()} falls outside the years {MIN_YEAR} to {MAX_YEAR} in UTC")
    return timestamp


def _absolute(cleaned: str, text: str) -> Timestamp:
    import pendulum
    from pendulum.parsing.exceptions import ParserError

    _check_year(int(cleaned[:4]))
    try:
        moment = pendulum.parse(cleaned.upper())
    except (ValueError, ParserError) as error:
        raise WhenError(f"{text.strip()} is not a valid date and time ({error})") from None
    assert isinstance(moment, pendulum.DateTime)
    return _stamp(moment, text)


TOUCH_AHEAD_LIMIT = timedelta(days=1)
"""How far ahead of now a touch may be logged: a touch is something that happened, with a
day's leeway for a message set to go out tonight or a zone mixed up."""


def check_touch_time(at: Timestamp, now: Timestamp, zone: str) -> None:
    """Raise WhenError when a touch at ``at`` would be more than a day after ``now``
    (shown in ``zone``)."""
    if _instant(at) - _instant(now) > TOUCH_AHEAD_LIMIT:
        raise WhenError(
            f"{describe_exactly(at, zone)} is more than a day from now: "
            "log a touch once it has happened"
        )


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
    import pendulum

    try:
        tz = _pendulum_zone(zone)
    except WhenError:
        tz = pendulum.UTC
    return parse(timestamp).in_timezone(tz).format(fmt)


def describe_exactly(timestamp: Timestamp, zone: str) -> str:
    """A Timestamp spelled out for a person: ``Fri 20 Nov 2026 14:30 (Europe/Paris)``."""
    return f"{local_text(timestamp, zone, 'ddd D MMM YYYY HH:mm')} ({zone or 'UTC'})"


def _pendulum_zone(name: str) -> pendulum.Timezone:
    import pendulum
    from pendulum.tz.exceptions import InvalidTimezone

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


# -- showing instants ----------------------------------------------------------------------


def describe_when(when: Timestamp, home_timezone: str, now: Timestamp) -> str:
    """A short local description of an instant: "today 15:00", "tomorrow 09:30",
    "Tue 24 Nov", "3 Mar 2027".

    Raises ValueError when ``home_timezone`` is not a time zone (or is empty)."""
    moment = to_local(when, home_timezone)
    today = _local_date(now, home_timezone)
    days = (moment.date() - today).days
    if days == 0:
        return f"today {moment:%H:%M}"
    if days == 1:
        return f"tomorrow {moment:%H:%M}"
    if days == -1:
        return f"yesterday {moment:%H:%M}"
    return short_day(moment, today)


def short_day(day: date, today: date) -> str:
    """A day as the lists show it: "Tue 24 Nov" in the current year, and with its year
    otherwise ("12 Mar 2025"), even when it is only weeks away."""
    # The names from tables rather than strftime: the same in every locale, and this runs
    # for every row of a list.
    if day.year == today.year:
        return f"{_DAY_ABBR[day.weekday()]} {day.day} {_MONTH_ABBR[day.month]}"
    return f"{day.day} {_MONTH_ABBR[day.month]} {day.year}"


def spelled_day(day: date) -> str:
    """A day with its weekday and year, the same in every locale: ``Sun 28 Mar 2027``."""
    return f"{_DAY_ABBR[day.weekday()]} {day.day} {_MONTH_ABBR[day.month]} {day.year}"


def offset_text(moment: datetime) -> str:
    """The UTC offset of an aware datetime as ``+05:45``, with the zone's abbreviation
    when it has a real one (``+01:00 CET``; many zones only have a number)."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    text = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    name = moment.tzname() or ""
    return f"{text} {name}" if name.isalpha() and name != "UTC" else text


def span_text(start: datetime, end: datetime, day: Callable[[date], str]) -> str:
    """A local start and end as one span, ``Tue 12 Jan 09:00-09:30``, with ``day`` naming
    the day; the end's day when it is another, and both offsets when the clocks change in
    between (``01:30 +01:00 BST-01:00 +00:00 GMT``: an hour, not a negative half hour)."""
    begins = f"{start.hour:02d}:{start.minute:02d}"
    finish = f"{end.hour:02d}:{end.minute:02d}"
    if start.utcoffset() != end.utcoffset():
        begins, finish = f"{begins} {offset_text(start)}", f"{finish} {offset_text(end)}"
    if end.date() != start.date():
        finish = f"{day(end.date())} {finish}"
    return f"{day(start.date())} {begins}-{finish}"


def describe_with_offset(timestamp: Timestamp, zone: str) -> str:
    """An instant as a local time with its day and offset, for a time being planned:
    ``Tue 12 Jan 2027 09:00 +01:00 CET (Europe/Berlin)``; ValueError for an unknown zone."""
    moment = to_local(timestamp, zone or "UTC")
    return (
        f"{spelled_day(moment.date())} {moment.hour:02d}:{moment.minute:02d} "
        f"{offset_text(moment)} ({zone or 'UTC'})"
    )


_DAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_ABBR = (
    "",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def to_local(timestamp: Timestamp, zone: str | tzinfo) -> datetime:
    """A stored timestamp as an aware datetime in ``zone`` (a name, or what
    :func:`zone_info` gave for one); ValueError for a zone that is not known (or empty) or
    a timestamp that is not ISO 8601."""
    # The standard library rather than pendulum: the contact list does this for every row
    # it draws, and pendulum's parse is about ten times slower (and slow to import).
    return _instant(timestamp).astimezone(_zone(zone) if isinstance(zone, str) else zone)


def zone_info(name: str) -> tzinfo:
    """The time zone ``name``, looked up once for a list that shows many times in it;
    ValueError for a zone that is not known (or empty)."""
    return _zone(name)


def day_and_clock(moment: datetime, today: date) -> str:
    """A local date and time as the command line lists them: "Tue 24 Nov 15:00" in the
    current year, "12 Mar 2027 15:00" otherwise (see :func:`short_day`)."""
    return f"{short_day(moment, today)} {moment.hour:02d}:{moment.minute:02d}"


def _instant(timestamp: Timestamp) -> datetime:
    """A stored timestamp (``YYYY-MM-DDTHH:MM:SSZ``) as an aware datetime; one without an
    offset is taken as UTC."""
    moment = datetime.fromisoformat(timestamp)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except zoneinfo.ZoneInfoNotFoundError:  # a KeyError; callers expect ValueError for a bad zone
        raise ValueError(f"unknown time zone {name!r}") from None


@functools.lru_cache(maxsize=8)
def _local_date(now: Timestamp, home_timezone: str) -> date:
    # Every row of a repaint asks with the same clock reading.
    return _instant(now).astimezone(_zone(home_timezone)).date()


def local_time(timestamp: Timestamp, timezone: str) -> datetime | None:
    """A stored instant in ``timezone``, or None when the zone (or the instant) is not
    valid; stored data may hold a zone this machine's tz database does not know."""
    try:
        return to_local(timestamp, timezone)
    except ValueError:
        return None


def day_and_time(moment: datetime) -> str:
    """A short, unambiguous local date and time: ``Wed 25 Nov 15:00``."""
    return f"{moment:%a} {moment.day} {moment:%b %H:%M}"


def day_text(timestamp: Timestamp, zone: str) -> str:
    """The local day of an instant, for a note: ``2 Dec 2026`` (in UTC if the zone is not
    known)."""
    moment = local_time(timestamp, zone) or _instant(timestamp)
    return f"{moment.day} {moment:%b %Y}"


# -- days in the user's calendar -----------------------------------------------------------


class UnknownHolidayCalendar(ValueError):
    """A ``holiday_country`` (or subdivision) that the holidays package does not know."""


def local_date(timestamp: Timestamp, zone: str) -> date:
    """The day an instant falls on in ``zone`` (in UTC if the zone is not known)."""
    moment = local_time(timestamp, zone) or _instant(timestamp)
    return moment.date()


def at_local(day: date, clock: str, zone: str) -> Timestamp:
    """The instant of ``clock`` (``HH:MM``) on ``day`` in ``zone``, as a Timestamp.

    A clock time a spring-forward skips is read with the offset before the change (so
    02:30 becomes 03:30), as the standard library does; ValueError for a zone not known."""
    hour, minute = (int(part) for part in clock.split(":"))
    moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=_zone(zone))
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def add_business_days(start: date, count: int, *, country: str = "", subdivision: str = "") -> date:
    """The ``count``-th business day after ``start``: day 1 is the next business day.

    Saturdays and Sundays are skipped and, when ``country`` (an ISO 3166 code, with an
    optional ``subdivision`` such as a US state) is given, its public holidays. Raises
    UnknownHolidayCalendar for a country or subdivision the holidays package does not know.
    """
    closed = _holidays(country.upper(), subdivision.upper()) if country else frozenset()
    day, left = start, count
    while left > 0:
        day = date.fromordinal(day.toordinal() + 1)
        if day.weekday() < 5 and day not in closed:
            left -= 1
    return day


@functools.lru_cache(maxsize=8)
def _holidays(country: str, subdivision: str) -> Container[date]:
    # Imported only when a holiday country is set: it costs about 60 ms.
    import holidays

    try:
        return holidays.country_holidays(country, subdiv=subdivision or None)
    except NotImplementedError as error:
        if subdivision and country in holidays.list_supported_countries():
            known = ", ".join(holidays.list_supported_countries()[country])
            raise UnknownHolidayCalendar(
                f"{subdivision!r} is not a subdivision of {country} the holiday calendar "
                f"knows; known ones: {known}"
            ) from None
        raise UnknownHolidayCalendar(
            f"{country!r} is not a country the holiday calendar knows "
            f"(two-letter ISO codes such as US, GB or DE): {error}"
        ) from None


# English names, whatever the locale (calendar's names follow it).
_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTHS = {
    name: number
    for number, month in enumerate(_MONTH_NAMES, 1)
    for name in (month, month[:3], *(("sept",) if month == "september" else ()))
}
# Whole weekday names only: "sat", "sun" and "wed" are words too.
_WEEKDAYS = {
    day: number
    for number, day in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
_MONTH_WORDS = "|".join(sorted(_MONTHS, key=len, reverse=True))
_NAMED_DATE = re.compile(
    rf"\b(?:(?P<iso>(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}}))"
    rf"|(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month1>{_MONTH_WORDS})\b\.?"
    rf"|(?P<month2>{_MONTH_WORDS})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|(?P<weekday>{'|'.join(_WEEKDAYS)})\b"
    r"|(?P<tomorrow>tomorrow))",
    re.IGNORECASE,
)


def date_named_in(text: str, after: date) -> date | None:
    """The first date that ``text`` names, read as the next such day after ``after``:
    ``2027-01-12``, ``12 Jan`` or ``Jan 12`` (the next one on or after ``after`` when no
    year is given), a weekday (``by Friday``: the next Friday after it), ``tomorrow``.
    None when it names none, or only an impossible one (30 Feb)."""
    for match in _NAMED_DATE.finditer(text):
        found = _named_date(match, after)
        if found is not None:
            return found
    return None


def _named_date(match: re.Match[str], after: date) -> date | None:
    if match["tomorrow"]:
        return date.fromordinal(after.toordinal() + 1)
    if match["weekday"]:
        ahead = (_WEEKDAYS[match["weekday"].lower()] - after.weekday() - 1) % 7 + 1
        return date.fromordinal(after.toordinal() + ahead)
    try:
        if match["iso"]:
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
        month = _MONTHS[(match["month1"] or match["month2"]).lower()]
        day = int(match["day1"] or match["day2"])
        found = date(after.year, month, day) if _real_day(after.year, month, day) else None
        if found is None or found < after:
            year = after.year + 1
            found = date(year, month, day) if _real_day(year, month, day) else None
        return found
    except ValueError:
        return None


def _real_day(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]
