"""Adding, editing, archiving and deleting contacts, and moving them along the pipeline."""

from __future__ import annotations

from dataclasses import dataclass

from informterm.core.model import Contact, Settings, Stage, Timestamp
from informterm.core.time import day_text
from informterm.flows.followups import affected_by, reconcile
from informterm.store import Workbook


def add_contact(
    workbook: Workbook, settings: Settings, now: Timestamp, contact: Contact
) -> Contact:
    """Store a new contact; returns the stored record."""
    with workbook.transaction():
        saved = workbook.add(contact)
        _follow_contact_changes(workbook, settings, now, saved)
    return saved


def edit_contact(
    workbook: Workbook, settings: Settings, now: Timestamp, contact: Contact
) -> Contact:
    """Store the changed fields of an existing contact; returns the stored record."""
    with workbook.transaction():
        before = workbook.get(Contact, contact.id)
        saved = workbook.update(contact)
        _follow_contact_changes(workbook, settings, now, saved, before)
    return saved


def change_stage(
    workbook: Workbook, settings: Settings, now: Timestamp, contact_id: str, stage: Stage
) -> Contact:
    """Move a contact to another pipeline stage."""
    with workbook.transaction():
        before = workbook.get(Contact, contact_id)
        saved = workbook.update(before, stage=stage)
        _follow_contact_changes(workbook, settings, now, saved, before)
    return saved


def set_archived(
    workbook: Workbook, settings: Settings, now: Timestamp, contact_id: str, archived: bool
) -> Contact:
    """Hide a contact from the list, keeping the record (or, ``archived=False``, restore it)."""
    with workbook.transaction():
        before = workbook.get(Contact, contact_id)
        saved = workbook.archive(before, archived)
        _follow_contact_changes(workbook, settings, now, saved, before)
    return saved


def _follow_contact_changes(
    workbook: Workbook, settings: Settings, now: Timestamp, *contacts: Contact
) -> None:
    """Run the follow-up rules for the contact (its versions before and after a change)
    and the colleagues whose "try the next contact" the change may alter."""
    reconcile(workbook, settings, now, affected_by(workbook, *contacts))


@dataclass(frozen=True, slots=True)
class DeletionImpact:
    """What deleting a contact takes with it, for the confirmation."""

    touches: int
    interviews: int
    follow_ups: int
    introduced: list[Contact]
    """The people this contact introduced: they lose their "referred by"."""


def deletion_impact(workbook: Workbook, contact_id: str) -> DeletionImpact:
    """What :func:`delete_contact` would remove or change for this contact."""
    contact = workbook.get(Contact, contact_id)
    return DeletionImpact(
        touches=len(workbook.touches_of(contact_id)),
        interviews=len(workbook.interviews_of(contact_id)),
        follow_ups=len(workbook.follow_ups_of(contact_id, open_only=False)),
        introduced=workbook.referred(contact),
    )


def delete_contact(
    workbook: Workbook, settings: Settings, now: Timestamp, contact_id: str
) -> Contact:
    """Delete a contact with their touches, interviews and follow-ups, in one save.

    The people they introduced lose the link, but not the fact: a line naming who
    introduced them is added to their research notes. Returns the deleted contact.
    """
    contact = workbook.get(Contact, contact_id)
    with workbook.transaction():
        colleagues = [c for c in affected_by(workbook, contact) if c != contact_id]
        deleted_on = day_text(now, settings.home_timezone)
        note = f"Introduced by {contact.name} (contact deleted {deleted_on})"
        for lead in workbook.referred(contact):
            notes = lead.research_notes.rstrip("\n")
            workbook.update(lead, research_notes=f"{notes}\n{note}" if notes else note)
        workbook.delete(contact)
        reconcile(workbook, settings, now, colleagues)
    return contact
