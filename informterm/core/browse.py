"""Browsing contacts: filter-as-you-type matching, sort orders and the "next action" line.

Shared by the Contacts pane and ``informterm contacts`` so both agree on what matches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum

from informterm.core.model import Contact, FollowUp, Interview, Timestamp
from informterm.core.time import describe_when


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
