"""Follow-ups as the person sees them: how urgent each one is, from when it is due, and
what their actions on one mean (the touch that doing it stands for, when to snooze it to)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from informterm.core.model import (
    Channel,
    Direction,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Settings,
    Timestamp,
    Touch,
    TouchKind,
)
from informterm.core.time import (
    UnknownHolidayCalendar,
    WhenError,
    add_business_days,
    at_local,
    local_date,
    local_time,
    parse_when,
    short_day,
)

SOON_DAYS = 7
"""Follow-ups due within this many days count as "soon"."""


class Urgency(Enum):
    """How pressing something dated is, relative to now in the user's zone."""

    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"
    LATER = "later"
    NONE = "none"


def urgency_of(when: Timestamp, now: Timestamp, home_timezone: str) -> Urgency:
    """Overdue (before now), today (later today, the user's day), soon (within
    :data:`SOON_DAYS`) or later."""
    today = local_time(now, home_timezone)
    return _urgency(when, now, today.date() if today is not None else None, home_timezone)


def _urgency(when: Timestamp, now: Timestamp, today: date | None, home_timezone: str) -> Urgency:
    """:func:`urgency_of`, with today's date in the user's zone worked out (None when the
    zone is not valid)."""
    if when < now:
        return Urgency.OVERDUE
    moment = local_time(when, home_timezone)
    if moment is None or today is None:
        return Urgency.LATER
    days = (moment.date() - today).days
    if days == 0:
        return Urgency.TODAY
    return Urgency.SOON if days <= SOON_DAYS else Urgency.LATER


QUEUE_GROUPS = {
    Urgency.OVERDUE: "Overdue",
    Urgency.TODAY: "Today",
    Urgency.SOON: "This week",
    Urgency.LATER: "Later",
}
"""The queue's groups, most urgent first, by their headings."""


def queue_groups(
    follow_ups: Iterable[FollowUp], now: Timestamp, home_timezone: str
) -> list[tuple[Urgency, list[FollowUp]]]:
    """Follow-ups as the queue shows them: grouped overdue, today, this week (the next
    :data:`SOON_DAYS` days) and later, each group soonest first; empty groups left out."""
    groups: dict[Urgency, list[FollowUp]] = {urgency: [] for urgency in QUEUE_GROUPS}
    local_now = local_time(now, home_timezone)
    today = local_now.date() if local_now is not None else None  # once for the whole queue
    for follow_up in sorted(follow_ups, key=lambda item: (item.effective_due, item.id)):
        due = follow_up.effective_due
        groups[_urgency(due, now, today, home_timezone)].append(follow_up)
    return [(urgency, items) for urgency, items in groups.items() if items]


DUE_WITHIN = {
    "overdue": frozenset({Urgency.OVERDUE}),
    "today": frozenset({Urgency.OVERDUE, Urgency.TODAY}),
    "week": frozenset({Urgency.OVERDUE, Urgency.TODAY, Urgency.SOON}),
}
"""The queue's groups a "due by" choice takes in: overdue (due before now), today (by the
end of the user's day) and week (the next :data:`SOON_DAYS` days), each with what is
overdue."""


def still_snoozed(follow_up: FollowUp, now: Timestamp) -> bool:
    """Snoozed, and the snooze not over at ``now``; once it is, the follow-up is due again
    like an open one."""
    return follow_up.status is FollowUpStatus.SNOOZED and follow_up.effective_due > now


# -- the user's actions on a follow-up ------------------------------------------------------

_TOUCH_OF_KIND = {
    FollowUpKind.THANK_YOU: (TouchKind.THANK_YOU, "Sent the thank-you"),
    FollowUpKind.NO_REPLY: (TouchKind.FOLLOW_UP, "Sent one follow-up"),
    FollowUpKind.CONFIRM: (TouchKind.OTHER, "Confirmed the time, the place and my number"),
    FollowUpKind.KEEP_IN_TOUCH: (TouchKind.UPDATE, "Kept in touch"),
    FollowUpKind.SHARE_NEWS: (TouchKind.UPDATE, "Shared the news"),
}
"""The message a follow-up stands for, by kind: done means it was sent. The others (try
the next contact, a promise, a custom one) are not one message to this contact."""


def touch_for(follow_up: FollowUp, touches: Iterable[Touch], now: Timestamp) -> Touch | None:
    """The touch that doing ``follow_up`` means, sent now by the channel last used with the
    contact (email if none), or None when it is not a message to them."""
    made = _TOUCH_OF_KIND.get(follow_up.kind)
    if made is None:
        return None
    kind, summary = made
    sent = [touch for touch in touches if touch.direction is Direction.OUT]
    channel = max(sent, key=lambda touch: touch.at).channel if sent else Channel.EMAIL
    return Touch(
        contact_id=follow_up.contact_id,
        at=now,
        channel=channel,
        direction=Direction.OUT,
        kind=kind,
        summary=summary,
    )


@dataclass(frozen=True, slots=True)
class SnoozeChoice:
    """One of the ready-made snoozes: until when, and how to say it."""

    label: str
    until: Timestamp


def snooze_choices(now: Timestamp, settings: Settings) -> list[SnoozeChoice]:
    """Tomorrow, in 3 business days and next week (Monday), each at the start of the
    user's working hours."""
    zone = settings.home_timezone
    today = local_date(now, zone)
    try:
        in_three = add_business_days(
            today,
            3,
            country=settings.holiday_country,
            subdivision=settings.holiday_subdivision,
        )
    except UnknownHolidayCalendar:  # config.yaml is checked; weekends still count
        in_three = add_business_days(today, 3)
    days = [
        ("Tomorrow", today + timedelta(days=1)),
        ("In 3 business days", in_three),
        ("Next week", today + timedelta(days=7 - today.weekday())),
    ]
    start = settings.working_hours.start
    return [
        SnoozeChoice(f"{label}, {short_day(day, today)} {start}", at_local(day, start, zone))
        for label, day in days
    ]


_BARE_DATE = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}\s*$")


def snooze_until(text: str, now: Timestamp, settings: Settings) -> Timestamp:
    """The end of a snooze typed by the user: a date (the start of their working hours that
    day) or a date and time, in their zone. Raises WhenError for text that is not one, or
    is not in the future."""
    zone = settings.home_timezone
    until = parse_when(text, now=now, home_timezone=zone)
    if _BARE_DATE.match(text):
        until = at_local(local_date(until, zone), settings.working_hours.start, zone)
    if until <= now:
        raise WhenError(f"{text.strip() or 'now'} is not in the future: snooze to a later time")
    return until
