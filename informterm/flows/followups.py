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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from informterm.core.followups import touch_for
from informterm.core.model import (
    Contact,
    Direction,
    FollowUp,
    FollowUpStatus,
    Settings,
    Timestamp,
    Touch,
    TouchKind,
)
from informterm.core.rules import RuleFollowUp, next_contact_at_company, rule_follow_ups
from informterm.core.text import printable
from informterm.store import Changes, Workbook

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


# -- the user's actions ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FollowUpAction:
    """What one of the user's actions on a follow-up did: to say, and to undo."""

    done: str
    """What happened, in a sentence for a notice ("Done: thank-you for Ann Lee")."""
    follow_up: FollowUp
    """The follow-up as the action left it."""
    touch: Touch | None
    """The touch it logged, if it stood for a message."""
    rules: FollowUpChanges
    """What the rules did after it (a logged touch closes and makes follow-ups)."""
    changes: Changes
    """Every record written, for :func:`undo`."""


def complete(
    workbook: Workbook,
    settings: Settings,
    now: Timestamp,
    follow_up: FollowUp,
    *,
    touch: Touch | None = None,
) -> FollowUpAction:
    """Mark a follow-up done. One that stands for a message (a thank-you, one follow-up, a
    keep-in-touch note...) logs that message as a touch, ``touch`` when given (the compose
    screen's, as sent), and the rules run for it; all in one save."""
    from informterm.flows.touches import log_touch

    contact = workbook.get(Contact, follow_up.contact_id)
    if touch is None:
        touch = touch_for(follow_up, workbook.touches_of(contact.id), now)
    rules = FollowUpChanges()
    with workbook.recording() as changes:
        updated = workbook.update(
            follow_up, status=FollowUpStatus.DONE, snoozed_until=None, closed_reason=""
        )
        if touch is not None:
            logged = log_touch(workbook, settings, now, touch)
            touch, rules = logged.touch, logged.follow_ups
    sent = " (logged as sent)" if touch is not None else ""
    return FollowUpAction(f"Done: {_title(updated, contact)}{sent}", updated, touch, rules, changes)


def snooze(
    workbook: Workbook, settings: Settings, now: Timestamp, follow_up: FollowUp, until: Timestamp
) -> FollowUpAction:
    """Put a follow-up off until ``until`` (see ``core.followups.snooze_until``); its
    rule keeps the snooze."""
    return _set(
        workbook,
        follow_up,
        lambda title: f"Snoozed: {title} until {_day(until, settings, now)}",
        status=FollowUpStatus.SNOOZED,
        snoozed_until=until,
    )


def dismiss(
    workbook: Workbook, settings: Settings, now: Timestamp, follow_up: FollowUp
) -> FollowUpAction:
    """Drop a follow-up without doing it; its rule never reopens it."""
    return _set(
        workbook,
        follow_up,
        lambda title: f"Dismissed: {title}",
        status=FollowUpStatus.DISMISSED,
        snoozed_until=None,
    )


def edit(workbook: Workbook, follow_up: FollowUp, *, due: Timestamp, reason: str) -> FollowUpAction:
    """Change a follow-up's due time and reason; a rule-made one is pinned, so its rule no
    longer moves them."""
    return _set(
        workbook, follow_up, lambda title: f"Changed: {title}", due=due, reason=reason, pinned=True
    )


def save_draft(workbook: Workbook, follow_up: FollowUp, text: str) -> FollowUp:
    """Keep the text of the message a follow-up stands for; the rules never touch it."""
    if follow_up.draft == text:
        return follow_up
    return workbook.update(follow_up, draft=text)


def undo(workbook: Workbook, action: FollowUpAction) -> str:
    """Put back everything ``action`` wrote, in one save; returns what was undone. Raises
    ``store.ChangedSince`` when one of its records was changed again since."""
    workbook.revert(action.changes)
    return f"Undone: {action.done[0].lower()}{action.done[1:]}"


def _set(
    workbook: Workbook, follow_up: FollowUp, said: Callable[[str], str], **fields: object
) -> FollowUpAction:
    """One change to the follow-up itself; ``said`` words it from its title."""
    contact = workbook.get(Contact, follow_up.contact_id)
    with workbook.recording() as changes:
        updated = workbook.update(follow_up, **fields)
    return FollowUpAction(said(_title(updated, contact)), updated, None, FollowUpChanges(), changes)


def _title(follow_up: FollowUp, contact: Contact) -> str:
    return f"{follow_up.kind.value} for {printable(contact.name)}"


def _day(until: Timestamp, settings: Settings, now: Timestamp) -> str:
    from informterm.core.time import describe_when

    return describe_when(until, settings.home_timezone, now)
