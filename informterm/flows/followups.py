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
    FollowUpKind,
    FollowUpStatus,
    Settings,
    Timestamp,
    Touch,
    TouchKind,
)
from informterm.core.rules import (
    RuleFollowUp,
    first_to_try,
    next_contact_at_company,
    rule_follow_ups,
)
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
    next_at_company = _NextAtCompany(workbook)
    with workbook.transaction():
        for contact_id in dict.fromkeys(contact_ids):
            contact = workbook.find(Contact, contact_id)
            if contact is not None:
                changes.add(_reconcile_one(workbook, settings, now, contact, next_at_company))
    return changes


class _NextAtCompany:
    """Who to try next at each company, worked out once per reconciliation (which writes
    follow-ups only, so no one's stage changes meanwhile): a company of thousands is read
    once, not once per colleague. The first two are kept because the first may be the very
    contact asking."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._first_two: dict[str, list[Contact]] = {}

    def __call__(self, contact: Contact) -> Contact | None:
        key = contact.company.strip().casefold()
        if not key:
            return None
        if key not in self._first_two:
            colleagues = self._workbook.contacts_at_company(contact.company)
            self._first_two[key] = first_to_try(colleagues, 2)
        return next_contact_at_company(contact, self._first_two[key])


def affected_by(workbook: Workbook, *versions: Contact) -> list[str]:
    """The ids of a changed contact (``versions``: it before and after the change, or one
    of them) and of the colleagues whose follow-ups the change may alter.

    Of the rules only "try the next contact" reads the rest of the company, naming the
    first to try there; a change moves who that is only when the contact is among the first
    two to try, before or after it (two, because the first may be the one asking). Then
    the colleagues with that reminder open are affected; otherwise no one else is, so at a
    company of thousands most changes cost one contact's rules.
    """
    ids: dict[str, None] = dict.fromkeys(version.id for version in versions)
    for version in versions:
        others = [c for c in workbook.contacts_at_company(version.company) if c.id != version.id]
        if all(first.id != version.id for first in first_to_try([version, *others], 2)):
            continue
        for colleague in others:
            if colleague.id not in ids and _names_a_colleague(workbook, colleague.id):
                ids[colleague.id] = None
    return list(ids)


def _names_a_colleague(workbook: Workbook, contact_id: str) -> bool:
    return any(
        item.kind is FollowUpKind.TRY_NEXT and item.origin
        for item in workbook.follow_ups_of(contact_id)
    )


def _reconcile_one(
    workbook: Workbook,
    settings: Settings,
    now: Timestamp,
    contact: Contact,
    next_at_company: Callable[[Contact], Contact | None],
) -> FollowUpChanges:
    touches = workbook.touches_of(contact.id)
    asked = any(t.direction is Direction.OUT and t.kind is TouchKind.REQUEST for t in touches)
    # Looked up only when a 3B7 reminder could name them: it reads the company's contacts.
    next_one = next_at_company(contact) if asked else None
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
