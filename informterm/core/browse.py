"""Browsing contacts: filter-as-you-type matching, sort orders and the "next action" line.

Shared by the Contacts pane and ``informterm contacts`` so both agree on what matches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from informterm.core.model import Contact, FollowUp, Interview, Timestamp


class SortOrder(StrEnum):
    """The orders the contact list offers."""

    NAME = "name"
    STAGE = "stage"
    LAST_TOUCH = "last touch"

    def next(self) -> SortOrder:
        """The following order, wrapping round (for a cycle-sort key)."""
        orders = list(SortOrder)
        return orders[(orders.index(self) + 1) % len(orders)]


def search_text(contact: Contact) -> str:
    """Everything a filter matches against, case-folded: name, company, title, field,
    tags and research notes, one space apart (tags twice: bare and with "#")."""
    # One f-string rather than joining a tuple: half the time, and the contact list makes
    # one per contact on the first filter keystroke.
    tags = contact.tags
    if tags:
        return (
            f"{contact.name} {contact.company} {contact.title} {contact.field} "
            f"{' '.join(tags)} #{' #'.join(tags)} {contact.research_notes}"
        ).casefold()
    return (
        f"{contact.name} {contact.company} {contact.title} {contact.field}   "
        f"{contact.research_notes}"
    ).casefold()


def filter_terms(query: str) -> list[str]:
    """A filter query as case-folded terms; every term must match."""
    return query.casefold().split()


def matches(text: str, terms: list[str]) -> bool:
    """True when every term occurs in the (already case-folded) search text."""
    return all(term in text for term in terms)


def filter_contacts(
    contacts: Iterable[Contact], query: str, texts: dict[str, str] | None = None
) -> list[Contact]:
    """The contacts matching ``query``; ``texts`` may hold precomputed search texts by id."""
    terms = filter_terms(query)
    if not terms:
        return list(contacts)
    if texts is None:
        return [c for c in contacts if matches(search_text(c), terms)]
    return [c for c in contacts if matches(texts[c.id], terms)]


def sort_contacts(
    contacts: list[Contact],
    order: SortOrder,
    last_touch_at: Callable[[str], Timestamp | None] | None = None,
) -> list[Contact]:
    """Contacts in the given order. Last touch puts the most recent first and the never
    touched last; ties go by name."""
    by_name = sorted(contacts, key=lambda c: c.name.casefold())
    if order is SortOrder.NAME:
        return by_name
    if order is SortOrder.STAGE:
        return sorted(by_name, key=lambda c: c.stage.order)
    lookup = last_touch_at or (lambda _id: None)
    touched = [(lookup(c.id), c) for c in by_name]
    recent = sorted((t for t in touched if t[0]), key=lambda t: t[0] or "", reverse=True)
    return [c for _, c in recent] + [c for when, c in touched if not when]


def next_action(
    interview: Interview | None,
    follow_up: FollowUp | None,
    home_timezone: str,
    now: Timestamp,
) -> str:
    """A few words saying what is due next for a contact: the sooner of its next interview
    and its most urgent open follow-up, as the user's local day and time."""
    candidates: list[tuple[Timestamp, str]] = []
    if interview is not None:
        candidates.append((interview.starts_at, f"{interview.medium.value} interview"))
    if follow_up is not None:
        due = follow_up.effective_due
        overdue = " overdue" if due < now else ""
        candidates.append((due, f"{follow_up.kind.value}{overdue}"))
    if not candidates:
        return ""
    when, what = min(candidates)
    return f"{what}, {describe_when(when, home_timezone, now)}"


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
    return day_text(moment, today)


def day_text(day: date, today: date) -> str:
    """A day as the lists show it: "Tue 24 Nov" in the current year, and with its year
    otherwise ("12 Mar 2025"), even when it is only weeks away."""
    if day.year == today.year:
        return f"{day:%a} {day.day} {day:%b}"
    return f"{day.day} {day:%b %Y}"


def to_local(timestamp: Timestamp, zone: str) -> datetime:
    """A stored timestamp as an aware datetime in ``zone``; ValueError for a zone that is
    not known (or empty) or a timestamp that is not ISO 8601."""
    # The standard library rather than pendulum: the contact list does this for every row
    # it draws, and pendulum's parse is about ten times slower (and slow to import).
    return _instant(timestamp).astimezone(_zone(zone))


def _instant(timestamp: Timestamp) -> datetime:
    """A stored timestamp (``YYYY-MM-DDTHH:MM:SSZ``) as an aware datetime; one without an
    offset is taken as UTC."""
    moment = datetime.fromisoformat(timestamp)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:  # a KeyError; callers expect ValueError for a bad zone
        raise ValueError(f"unknown time zone {name!r}") from None


@lru_cache(maxsize=8)
def _local_date(now: Timestamp, home_timezone: str) -> date:
    # Every row of a repaint asks with the same clock reading.
    return _instant(now).astimezone(_zone(home_timezone)).date()
