"""Follow-ups: keeping the rule-made ones in step with what happened, and the user's own
actions on them (done, snooze, dismiss).

:func:`reconcile` runs after every write that can change what the rules want (a touch, an
interview, a contact's stage, company or cadence). It creates the follow-ups the rules want
and that do not exist yet, closes the open ones whose reason is gone (status done, with the
rule's sentence in ``closed_reason``), and moves an open one's due time or reason when the
rule now says otherwise, unless the user pinned it. What the user did stays: a follow-up
they marked done or dismissed is never reopened, a snooze is kept, a draft never touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from informterm.core.model import (
    Contact,
    Direction,
    FollowUp,
    FollowUpStatus,
    Settings,
    Timestamp,
    TouchKind,
)
from informterm.core.rules import RuleFollowUp, next_contact_at_company, rule_follow_ups
from informterm.store import Workbook

GONE = "its reason is gone: what it followed was changed or removed"
"""The closing sentence of a rule-made follow-up that no rule asks for any more."""


@dataclass(slots=True)
class FollowUpChanges:
    """What a reconciliation did."""

    made: list[FollowUp] = field(default_factory=list)
    closed: list[FollowUp] = field(default_factory=list)
    moved: list[FollowUp] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.made or self.closed or self.moved)

    def add(self, other: FollowUpChanges) -> None:
        """Take in what ``other`` did too."""
        self.made += other.made
        self.closed += other.closed
        self.moved += other.moved


def reconcile(
    workbook: Workbook, settings: Settings, now: Timestamp, contact_ids: Iterable[str]
) -> FollowUpChanges:
    """Bring the rule-made follow-ups of these contacts in step with the rules, in one
    save. Contacts no longer in the workbook are skipped."""
    changes = FollowUpChanges()
    with workbook.transaction():
        for contact_id in dict.fromkeys(contact_ids):
            contact = workbook.find(Contact, contact_id)
            if contact is not None:
                changes.add(_reconcile_one(workbook, settings, now, contact))
    return changes


def colleagues_of(workbook: Workbook, *contacts: Contact) -> list[str]:
    """The ids of everyone at the same companies as ``contacts`` (them included): whose
    "try the next contact" may name someone else once one of them changes."""
    ids: dict[str, None] = {}
    for contact in contacts:
        ids[contact.id] = None
        for colleague in workbook.contacts_at_company(contact.company):
            ids[colleague.id] = None
    return list(ids)


def _reconcile_one(
    workbook: Workbook, settings: Settings, now: Timestamp, contact: Contact
) -> FollowUpChanges:
    touches = workbook.touches_of(contact.id)
    asked = any(t.direction is Direction.OUT and t.kind is TouchKind.REQUEST for t in touches)
    # Looked up only when a 3B7 reminder could name them: it reads the company's contacts.
    next_one = (
        next_contact_at_company(contact, workbook.contacts_at_company(contact.company))
        if asked and contact.company.strip()
        else None
    )
    wanted = rule_follow_ups(
        contact,
        touches,
        workbook.interviews_of(contact.id),
        settings,
        now,
        next_at_company=next_one,
    )
    existing = {
        follow_up.origin: follow_up
        for follow_up in workbook.follow_ups_of(contact.id, open_only=False)
        if follow_up.origin
    }
    changes = FollowUpChanges()
    for rule_made in wanted:
        current = existing.pop(rule_made.origin, None)
        if rule_made.closed_because is not None:
            if current is not None and current.is_open:
                changes.closed.append(_close(workbook, current, rule_made.closed_because))
        elif current is None:
            changes.made.append(workbook.add(_new_follow_up(rule_made)))
        elif _moves(current, rule_made):
            moved = workbook.update(current, due=rule_made.due, reason=rule_made.reason)
            changes.moved.append(moved)
    for leftover in existing.values():
        if leftover.is_open:
            changes.closed.append(_close(workbook, leftover, GONE))
    return changes


def _moves(current: FollowUp, rule_made: RuleFollowUp) -> bool:
    """Whether an existing follow-up takes the rule's new due time or reason: only an open
    one the user did not pin."""
    changed = (current.due, current.reason) != (rule_made.due, rule_made.reason)
    return changed and current.is_open and not current.pinned


def _new_follow_up(rule_made: RuleFollowUp) -> FollowUp:
    return FollowUp(
        contact_id=rule_made.contact_id,
        interview_id=rule_made.interview_id,
        due=rule_made.due,
        kind=rule_made.kind,
        reason=rule_made.reason,
        rule=rule_made.rule,
        origin=rule_made.origin,
    )


def _close(workbook: Workbook, follow_up: FollowUp, why: str) -> FollowUp:
    return workbook.update(
        follow_up, status=FollowUpStatus.DONE, snoozed_until=None, closed_reason=why
    )
