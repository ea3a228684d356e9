"""Follow-ups as the person sees them: how urgent each one is, from when it is due."""

from __future__ import annotations

from enum import Enum

from informterm.core.model import Timestamp
from informterm.core.time import local_time

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
    if when < now:
        return Urgency.OVERDUE
    moment, today = local_time(when, home_timezone), local_time(now, home_timezone)
    if moment is None or today is None:
        return Urgency.LATER
    days = (moment.date() - today.date()).days
    if days == 0:
        return Urgency.TODAY
    return Urgency.SOON if days <= SOON_DAYS else Urgency.LATER
