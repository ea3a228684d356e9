"""The contact and touch use cases, on real workbook files: what each write changes, and
that it lands in one save (a fresh reader of the file sees all of it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from informterm.core.model import Contact, Direction, Settings, Source, Stage, Touch, TouchKind
from informterm.flows.contacts import (
    add_contact,
    change_stage,
    delete_contact,
    deletion_impact,
    edit_contact,
    set_archived,
)
from informterm.flows.touches import log_touch
from informterm.store import Workbook, open_workbook

NOW = "2026-12-02T23:30:00Z"
"""Late on Wednesday 2 December in UTC, already Thursday 3 December in Auckland."""


def reopened(path: Path) -> Workbook:
    return open_workbook(path, read_only=True)


def test_add_edit_stage_and_archive_land_on_disk(book: Workbook, path: Path) -> None:
    settings = Settings(home_timezone="Europe/Berlin")
    ann = add_contact(book, settings, NOW, Contact(name="Ann Lee"))
    edit_contact(book, settings, NOW, Contact(**{**ann.to_dict(), "company": "Acme"}))
    change_stage(book, settings, NOW, ann.id, Stage.RESEARCHING)
    set_archived(book, settings, NOW, ann.id, True)
    with reopened(path) as reader:
        stored = reader.get(Contact, ann.id)
    assert (stored.company, stored.stage, stored.archived) == ("Acme", Stage.RESEARCHING, True)
    set_archived(book, settings, NOW, ann.id, False)
    assert not book.get(Contact, ann.id).archived


def test_deleting_a_referrer_leaves_a_note_on_each_lead(book: Workbook, path: Path) -> None:
    settings = Settings(home_timezone="Pacific/Auckland")
    ann = add_contact(book, settings, NOW, Contact(name="Ann [/] Lee"))
    bob = add_contact(
        book,
        settings,
        NOW,
        Contact(
            name="Bob", referred_by=ann.id, source=Source.REFERRAL, research_notes="Met once\n"
        ),
    )
    cy = add_contact(book, settings, NOW, Contact(name="Cy", referred_by=ann.id))
    log_touch(book, settings, NOW, Touch(contact_id=ann.id, kind=TouchKind.REQUEST))

    impact = deletion_impact(book, ann.id)
    # The request made one follow-up (3B7's "send one follow-up"; no company to try).
    assert (impact.touches, impact.interviews, impact.follow_ups) == (1, 0, 1)
    assert [lead.name for lead in impact.introduced] == ["Bob", "Cy"]

    delete_contact(book, settings, NOW, ann.id)
    with reopened(path) as reader:
        assert reader.find(Contact, ann.id) is None
        assert reader.touches_of(ann.id) == []
        bob_now, cy_now = reader.get(Contact, bob.id), reader.get(Contact, cy.id)
    # The day is the user's: already 3 December in Auckland.
    note = "Introduced by Ann [/] Lee (contact deleted 3 Dec 2026)"
    assert bob_now.referred_by is None and bob_now.research_notes == f"Met once\n{note}"
    assert cy_now.referred_by is None and cy_now.research_notes == note
    assert bob_now.source is Source.REFERRAL, "how they came is still true"


def test_a_failed_delete_changes_nothing(book: Workbook, path: Path) -> None:
    settings = Settings(home_timezone="UTC")
    ann = add_contact(book, settings, NOW, Contact(name="Ann"))
    add_contact(book, settings, NOW, Contact(name="Bob", referred_by=ann.id))
    before = path.read_bytes()
    with pytest.raises(KeyError):
        delete_contact(book, settings, NOW, "no-such-contact")
    assert path.read_bytes() == before


def test_a_touch_moves_the_stage_in_the_same_save(book: Workbook, path: Path) -> None:
    settings = Settings(home_timezone="UTC")
    ann = add_contact(book, settings, NOW, Contact(name="Ann", stage=Stage.PROSPECT))
    touch = log_touch(book, settings, NOW, Touch(contact_id=ann.id, kind=TouchKind.INTRO))
    with reopened(path) as reader:
        assert reader.get(Contact, ann.id).stage is Stage.REACHED_OUT
        assert [t.id for t in reader.touches_of(ann.id)] == [touch.touch.id]
    change_stage(book, settings, NOW, ann.id, Stage.NO_RESPONSE)
    reply = Touch(contact_id=ann.id, kind=TouchKind.REPLY, direction=Direction.IN)
    log_touch(book, settings, NOW, reply)
    assert book.get(Contact, ann.id).stage is Stage.REACHED_OUT, "they did respond after all"
