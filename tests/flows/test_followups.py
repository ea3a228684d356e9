"""The follow-up rules applied by the flows, on real workbook files: a request makes its
reminders, a reply closes them, and what the user did to a follow-up stays."""

from __future__ import annotations

from pathlib import Path

from informterm.core.model import (
    Contact,
    Direction,
    FollowUp,
    FollowUpStatus,
    Settings,
    Stage,
    Touch,
    TouchKind,
)
from informterm.flows.contacts import add_contact, change_stage, delete_contact, edit_contact
from informterm.flows.followups import GONE, reconcile
from informterm.flows.touches import log_touch
from informterm.store import Workbook, open_workbook

NOW = "2026-12-01T17:00:00Z"
SETTINGS = Settings(home_timezone="UTC")


def on_disk(path: Path) -> dict[str, FollowUp]:
    with open_workbook(path, read_only=True) as reader:
        return {f.origin: f for f in reader.all(FollowUp)}


def ask(book: Workbook, contact: Contact, at: str = "2026-12-01T16:00:00Z") -> Touch:
    touch = Touch(contact_id=contact.id, at=at, kind=TouchKind.REQUEST)
    return log_touch(book, SETTINGS, NOW, touch).touch


def answer(book: Workbook, contact: Contact, at: str = "2026-12-08T10:00:00Z") -> None:
    touch = Touch(contact_id=contact.id, at=at, kind=TouchKind.REPLY, direction=Direction.IN)
    log_touch(book, SETTINGS, NOW, touch)


def test_a_request_makes_its_reminders_in_the_same_save(book: Workbook, path: Path) -> None:
    bob = add_contact(book, SETTINGS, NOW, Contact(name="Bob [b]Ode", company="Acme"))
    ann = add_contact(book, SETTINGS, NOW, Contact(name="Ann Lee", company="acme"))
    logged = log_touch(
        book,
        SETTINGS,
        NOW,
        Touch(contact_id=ann.id, at="2026-12-01T16:00:00Z", kind=TouchKind.REQUEST),
    )
    made = {f.rule + " " + f.kind.value for f in logged.follow_ups.made}
    assert made == {"3b7 try next contact", "3b7 no-reply follow-up"}
    stored = on_disk(path)
    try_next = stored[f"3b7:try-next:{logged.touch.id}"]
    assert try_next.contact_id == ann.id and try_next.status is FollowUpStatus.OPEN
    assert try_next.reason.endswith("try the next contact at acme, Bob [b]Ode")
    assert try_next.due == "2026-12-04T09:00:00Z"
    assert bob.id != ann.id


def test_a_reply_closes_the_reminders_saying_when(book: Workbook, path: Path) -> None:
    ann = add_contact(book, SETTINGS, NOW, Contact(name="Ann", company="Acme"))
    ask(book, ann)
    answer(book, ann)
    stored = [f for f in on_disk(path).values() if f.rule == "3b7"]
    assert len(stored) == 2
    assert all(f.status is FollowUpStatus.DONE for f in stored)
    assert {f.closed_reason for f in stored} == {"they replied on Tue 8 Dec"}
    # Now that they answered, keeping in touch counts from the reply.
    (keep,) = [f for f in on_disk(path).values() if f.rule == "keep-in-touch"]
    assert keep.status is FollowUpStatus.OPEN and keep.due == "2027-03-08T09:00:00Z"


def test_what_the_user_did_survives_reconciliation(book: Workbook, path: Path) -> None:
    ann = add_contact(book, SETTINGS, NOW, Contact(name="Ann", company="Acme"))
    touch = ask(book, ann)
    by_origin = {f.origin: f for f in book.all(FollowUp)}
    try_next = by_origin[f"3b7:try-next:{touch.id}"]
    follow_up = by_origin[f"3b7:follow-up:{touch.id}"]
    book.update(try_next, status=FollowUpStatus.DISMISSED)
    book.update(
        follow_up,
        status=FollowUpStatus.SNOOZED,
        snoozed_until="2026-12-20T09:00:00Z",
        draft="Hi Ann, [bold]just[/] checking in",
    )
    # Another touch, and a reconciliation of everything: nothing reopens or moves.
    log_touch(book, SETTINGS, NOW, Touch(contact_id=ann.id, kind=TouchKind.UPDATE))
    reconcile(book, SETTINGS, NOW, [ann.id])
    stored = on_disk(path)
    assert stored[try_next.origin].status is FollowUpStatus.DISMISSED
    kept = stored[follow_up.origin]
    assert kept.status is FollowUpStatus.SNOOZED
    assert kept.snoozed_until == "2026-12-20T09:00:00Z"
    assert kept.draft == "Hi Ann, [bold]just[/] checking in"
    assert len(stored) == 2
    # A reply still closes the snoozed one (its reason is gone); the dismissed one stays.
    answer(book, ann)
    stored = on_disk(path)
    assert stored[follow_up.origin].status is FollowUpStatus.DONE
    assert stored[follow_up.origin].draft == "Hi Ann, [bold]just[/] checking in"
    assert stored[try_next.origin].status is FollowUpStatus.DISMISSED


def test_the_named_colleague_follows_who_is_left_to_try(book: Workbook, path: Path) -> None:
    ann = add_contact(book, SETTINGS, NOW, Contact(name="Ann", company="Acme"))
    bob = add_contact(book, SETTINGS, NOW, Contact(name="Bob", company="Acme"))
    touch = ask(book, ann)
    origin = f"3b7:try-next:{touch.id}"
    assert on_disk(path)[origin].reason.endswith("at Acme, Bob")
    # Once Bob is reached too, Ann's reminder no longer names him.
    ask(book, bob)
    assert on_disk(path)[origin].reason.endswith("try the next contact at Acme")
    # A new colleague is named as soon as they are added.
    add_contact(book, SETTINGS, NOW, Contact(name="Cy", company="ACME"))
    assert on_disk(path)[origin].reason.endswith("at Acme, Cy")


def test_only_a_change_to_who_is_next_renames_colleagues(book: Workbook, path: Path) -> None:
    ann = add_contact(book, SETTINGS, NOW, Contact(name="Ann", company="Acme"))
    add_contact(book, SETTINGS, NOW, Contact(name="Bob", company="Acme", priority=5))
    add_contact(book, SETTINGS, NOW, Contact(name="Cy", company="Acme", priority=3))
    dee = add_contact(book, SETTINGS, NOW, Contact(name="Dee", company="Acme"))
    origin = f"3b7:try-next:{ask(book, ann).id}"
    named_bob = on_disk(path)[origin]
    assert named_bob.reason.endswith("at Acme, Bob")
    # Asking Dee, far down the list, leaves Ann's reminder as it was.
    ask(book, dee)
    assert on_disk(path)[origin] == named_bob
    # Raising Cy above Bob makes Cy the one named.
    cy = next(c for c in book.contacts() if c.name == "Cy")
    edit_contact(book, SETTINGS, NOW, Contact(**{**cy.to_dict(), "priority": 9}))
    assert on_disk(path)[origin].reason.endswith("at Acme, Cy")
    # And Cy leaving the company puts Bob back.
    cy = book.get(Contact, cy.id)
    edit_contact(book, SETTINGS, NOW, Contact(**{**cy.to_dict(), "company": "Initech"}))
    assert on_disk(path)[origin].reason.endswith("at Acme, Bob")


def test_a_pinned_follow_up_keeps_its_due_time(book: Workbook, path: Path) -> None:
    ann = add_contact(book, SETTINGS, NOW, Contact(name="Ann", company="Acme"))
    bob = add_contact(book, SETTINGS, NOW, Contact(name="Bob", company="Acme"))
    touch = ask(book, ann)
    reminder = next(f for f in book.all(FollowUp) if f.origin == f"3b7:try-next:{touch.id}")
    book.update(reminder, due="2026-12-05T12:00:00Z", reason="My own words", pinned=True)
    ask(book, bob)
    stored = on_disk(path)[reminder.origin]
    assert (stored.due, stored.reason) == ("2026-12-05T12:00:00Z", "My own words")


def test_archiving_declining_and_deleting_close_or_remove(book: Workbook, path: Path) -> None:
    ann = add_contact(book, SETTINGS, NOW, Contact(name="Ann", company="Acme"))
    ask(book, ann)
    change_stage(book, SETTINGS, NOW, ann.id, Stage.DECLINED)
    assert {f.closed_reason for f in on_disk(path).values()} == {"marked declined"}
    delete_contact(book, SETTINGS, NOW, ann.id)
    assert on_disk(path) == {}


def test_a_rule_turned_off_closes_what_it_made(book: Workbook, path: Path) -> None:
    ann = add_contact(book, SETTINGS, NOW, Contact(name="Ann", company="Acme"))
    ask(book, ann)
    quiet = Settings(home_timezone="UTC", follow_up_preset="none")
    changes = reconcile(book, quiet, NOW, [ann.id])
    assert len(changes.closed) == 2
    assert {f.closed_reason for f in on_disk(path).values()} == {GONE}


def test_editing_the_company_renames_nothing_but_the_reason(book: Workbook, path: Path) -> None:
    ann = add_contact(book, SETTINGS, NOW, Contact(name="Ann", company="Acme"))
    touch = ask(book, ann)
    edit_contact(
        book,
        SETTINGS,
        NOW,
        Contact(**{**book.get(Contact, ann.id).to_dict(), "company": "Initech"}),
    )
    stored = on_disk(path)
    assert len(stored) == 2
    assert stored[f"3b7:try-next:{touch.id}"].reason.endswith("at Initech")
    # Without a company there is no one to try next: that reminder closes.
    edit_contact(
        book, SETTINGS, NOW, Contact(**{**book.get(Contact, ann.id).to_dict(), "company": ""})
    )
    assert on_disk(path)[f"3b7:try-next:{touch.id}"].closed_reason == GONE
