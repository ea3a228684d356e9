"""The user's actions on a follow-up (done, snooze, dismiss, edit, the draft) and their
undo, on real workbook files; and that the rules keep what the user did."""

from __future__ import annotations

from pathlib import Path

import pytest

from informterm.core.followups import snooze_choices, snooze_until, touch_for
from informterm.core.model import (
    Channel,
    Contact,
    Direction,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Settings,
    Touch,
    TouchKind,
)
from informterm.core.time import WhenError
from informterm.flows import followups as flows
from informterm.flows.contacts import add_contact
from informterm.flows.touches import log_touch
from informterm.store import ChangedSince, Workbook, open_workbook

NOW = "2026-12-01T17:00:00Z"
SETTINGS = Settings(home_timezone="UTC")


def stored(path: Path) -> dict[str, dict[str, object]]:
    with open_workbook(path, read_only=True) as reader:
        return {
            f"{kind.__name__}:{r.id}": r.to_dict()
            for kind in (Contact, Touch, FollowUp)
            for r in reader.all(kind)
        }


def reminders(book: Workbook) -> tuple[Contact, dict[str, FollowUp]]:
    """Ann at Acme, asked by letter on Tue 1 Dec: 3B7's two reminders are open."""
    ann = add_contact(book, SETTINGS, NOW, Contact(name="Ann [b]Lee[/b]", company="Acme"))
    request = Touch(
        contact_id=ann.id, at="2026-12-01T16:00:00Z", kind=TouchKind.REQUEST, channel=Channel.LETTER
    )
    log_touch(book, SETTINGS, NOW, request)
    return ann, {f.kind.value: f for f in book.follow_ups_of(ann.id)}


def test_done_on_a_message_logs_it_and_the_rules_run(book: Workbook, path: Path) -> None:
    ann, open_ones = reminders(book)
    action = flows.complete(book, SETTINGS, NOW, open_ones["no-reply follow-up"])

    assert action.follow_up.status is FollowUpStatus.DONE
    assert action.touch is not None
    assert (action.touch.kind, action.touch.channel) == (TouchKind.FOLLOW_UP, Channel.LETTER)
    assert action.done == "Done: no-reply follow-up for Ann [b]Lee[/b] (logged as sent)"
    again = open_workbook(path, read_only=True)
    assert {t.kind for t in again.touches_of(ann.id)} == {TouchKind.REQUEST, TouchKind.FOLLOW_UP}
    assert again.get(FollowUp, action.follow_up.id).status is FollowUpStatus.DONE


def test_done_on_try_next_logs_nothing(book: Workbook) -> None:
    ann, open_ones = reminders(book)
    action = flows.complete(book, SETTINGS, NOW, open_ones["try next contact"])
    assert action.touch is None
    assert len(book.touches_of(ann.id)) == 1


def test_done_with_the_touch_as_sent(book: Workbook) -> None:
    ann, open_ones = reminders(book)
    sent = Touch(contact_id=ann.id, at=NOW, kind=TouchKind.FOLLOW_UP, summary="the draft")
    action = flows.complete(book, SETTINGS, NOW, open_ones["no-reply follow-up"], touch=sent)
    assert action.touch is not None and action.touch.summary == "the draft"


@pytest.mark.parametrize("act", ["complete", "snooze", "dismiss", "edit"])
def test_each_action_is_undone_exactly(book: Workbook, path: Path, act: str) -> None:
    _ann, open_ones = reminders(book)
    item = open_ones["no-reply follow-up"]
    before = stored(path)
    if act == "complete":
        action = flows.complete(book, SETTINGS, NOW, item)
    elif act == "snooze":
        action = flows.snooze(book, SETTINGS, NOW, item, "2026-12-20T09:00:00Z")
    elif act == "dismiss":
        action = flows.dismiss(book, SETTINGS, NOW, item)
    else:
        action = flows.edit(book, item, due="2026-12-30T09:00:00Z", reason="my own words")
    assert stored(path) != before

    said = flows.undo(book, action)

    assert stored(path) == before
    assert said.startswith("Undone: ")


def test_undo_refuses_after_the_follow_up_changed_again(book: Workbook, path: Path) -> None:
    _ann, open_ones = reminders(book)
    action = flows.dismiss(book, SETTINGS, NOW, open_ones["try next contact"])
    flows.save_draft(book, action.follow_up, "typed later")
    with pytest.raises(ChangedSince):
        flows.undo(book, action)
    assert book.get(FollowUp, action.follow_up.id).status is FollowUpStatus.DISMISSED


def test_the_rules_keep_a_snooze_a_dismissal_an_edit_and_a_draft(book: Workbook) -> None:
    ann, open_ones = reminders(book)
    snoozed = flows.snooze(
        book, SETTINGS, NOW, open_ones["no-reply follow-up"], "2026-12-20T09:00:00Z"
    ).follow_up
    dismissed = flows.dismiss(book, SETTINGS, NOW, open_ones["try next contact"]).follow_up
    flows.save_draft(book, snoozed, "Dear Ann, [bold]$name")
    # Another outreach: the rules run again for Ann.
    log_touch(book, SETTINGS, NOW, Touch(contact_id=ann.id, at=NOW, kind=TouchKind.UPDATE))

    again = book.get(FollowUp, snoozed.id)
    assert (again.status, again.snoozed_until) == (FollowUpStatus.SNOOZED, "2026-12-20T09:00:00Z")
    assert again.draft == "Dear Ann, [bold]$name"
    assert book.get(FollowUp, dismissed.id).status is FollowUpStatus.DISMISSED


def test_an_edited_rule_follow_up_is_pinned_against_its_rule(book: Workbook) -> None:
    ann, open_ones = reminders(book)
    edited = flows.edit(
        book, open_ones["no-reply follow-up"], due="2026-12-30T09:00:00Z", reason="mine"
    ).follow_up
    assert edited.pinned
    flows.reconcile(book, SETTINGS, "2026-12-02T09:00:00Z", [ann.id])
    again = book.get(FollowUp, edited.id)
    assert (again.due, again.reason) == ("2026-12-30T09:00:00Z", "mine")


def test_a_reply_still_closes_a_snoozed_reminder(book: Workbook) -> None:
    ann, open_ones = reminders(book)
    item = flows.snooze(
        book, SETTINGS, NOW, open_ones["no-reply follow-up"], "2026-12-20T09:00:00Z"
    ).follow_up
    reply = Touch(contact_id=ann.id, at=NOW, kind=TouchKind.REPLY, direction=Direction.IN)
    log_touch(book, SETTINGS, NOW, reply)
    closed = book.get(FollowUp, item.id)
    assert closed.status is FollowUpStatus.DONE
    assert closed.closed_reason.startswith("they replied on")


def test_touch_for_each_kind() -> None:
    def made(kind: FollowUpKind) -> TouchKind | None:
        touch = touch_for(FollowUp(contact_id="c", due=NOW, kind=kind), [], NOW)
        return touch.kind if touch is not None else None

    assert made(FollowUpKind.THANK_YOU) is TouchKind.THANK_YOU
    assert made(FollowUpKind.KEEP_IN_TOUCH) is TouchKind.UPDATE
    assert made(FollowUpKind.PROMISE) is None
    assert made(FollowUpKind.CUSTOM) is None


def test_snooze_choices_skip_the_weekend_and_holidays() -> None:
    # Thu 24 Dec 2026 in Berlin, with German holidays: 25 and 26 Dec are off.
    settings = Settings(home_timezone="Europe/Berlin", holiday_country="DE")
    choices = snooze_choices("2026-12-24T10:00:00Z", settings)
    assert [c.until for c in choices] == [
        "2026-12-25T08:00:00Z",  # tomorrow, holiday or not: the user asked for tomorrow
        "2026-12-30T08:00:00Z",  # Mon 28, Tue 29, Wed 30
        "2026-12-28T08:00:00Z",  # next Monday
    ]
    assert choices[1].label == "In 3 business days, Wed 30 Dec 09:00"


def test_snooze_until_reads_a_date_or_a_time_and_refuses_the_past() -> None:
    settings = Settings(home_timezone="America/New_York")
    assert snooze_until("2026-12-10", NOW, settings) == "2026-12-10T14:00:00Z"
    assert snooze_until("2026-12-10 16:30", NOW, settings) == "2026-12-10T21:30:00Z"
    for bad in ("2026-11-30", "2026-02-30", "next blue moon"):
        with pytest.raises(WhenError):
            snooze_until(bad, NOW, settings)
