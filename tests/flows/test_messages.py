"""Messages from the compose screen on real workbook files: marking one sent logs its touch
(and for a follow-up keeps the text and marks it done, undoably), and a follow-up's draft
is kept as typed."""

from __future__ import annotations

from pathlib import Path

from informterm.core.model import (
    Channel,
    Contact,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Settings,
    Stage,
    Touch,
    TouchKind,
)
from informterm.flows import followups as follow_up_flows
from informterm.flows.contacts import add_contact
from informterm.flows.followups import FollowUpAction
from informterm.flows.messages import keep_draft, mark_sent
from informterm.flows.touches import LoggedTouch
from informterm.store import Workbook, open_workbook

NOW = "2026-12-01T17:00:00Z"
SETTINGS = Settings(home_timezone="UTC")
TEXT = "Subject: Thank you, Ann\n\nDear Ann [/] Lee, $advice"


def ann_with_a_thank_you(book: Workbook) -> tuple[Contact, FollowUp]:
    ann = add_contact(book, SETTINGS, NOW, Contact(name="Ann [/] Lee", stage=Stage.INTERVIEWED))
    follow_up = book.add(
        FollowUp(contact_id=ann.id, due=NOW, kind=FollowUpKind.THANK_YOU, reason="Thank her")
    )
    return ann, follow_up


def test_sending_from_a_contact_logs_the_touch_and_moves_the_stage(
    book: Workbook, path: Path
) -> None:
    dana = add_contact(book, SETTINGS, NOW, Contact(name="[bold]Dana", company="Initech"))
    touch = Touch(contact_id=dana.id, at=NOW, kind=TouchKind.REQUEST, channel=Channel.MESSAGE)
    result = mark_sent(book, SETTINGS, NOW, touch)
    assert isinstance(result, LoggedTouch)
    with open_workbook(path, read_only=True) as again:
        [stored] = again.touches_of(dana.id)
        assert (stored.kind, stored.channel) == (TouchKind.REQUEST, Channel.MESSAGE)
        assert again.get(Contact, dana.id).stage is Stage.REACHED_OUT
        # The request made the rules' reminders.
        assert again.follow_ups_of(dana.id)


def test_sending_for_a_follow_up_keeps_the_text_and_marks_it_done_undoably(
    book: Workbook, path: Path
) -> None:
    ann, follow_up = ann_with_a_thank_you(book)
    touch = Touch(contact_id=ann.id, at=NOW, kind=TouchKind.THANK_YOU, channel=Channel.LETTER)
    result = mark_sent(book, SETTINGS, NOW, touch, follow_up_id=follow_up.id, text=TEXT)
    assert isinstance(result, FollowUpAction)
    assert result.done == "Done: thank-you for Ann [/] Lee (logged as sent)"
    with open_workbook(path, read_only=True) as again:
        stored = again.get(FollowUp, follow_up.id)
        assert (stored.status, stored.draft) == (FollowUpStatus.DONE, TEXT)
        [sent] = again.touches_of(ann.id)
        assert (sent.kind, sent.channel) == (TouchKind.THANK_YOU, Channel.LETTER)
    follow_up_flows.undo(book, result)
    assert book.get(FollowUp, follow_up.id).status is FollowUpStatus.OPEN
    assert book.touches_of(ann.id) == []


def test_sending_for_a_follow_up_closed_meanwhile_only_logs_the_touch(book: Workbook) -> None:
    ann, follow_up = ann_with_a_thank_you(book)
    follow_up_flows.dismiss(book, SETTINGS, NOW, follow_up)
    touch = Touch(contact_id=ann.id, at=NOW, kind=TouchKind.THANK_YOU)
    result = mark_sent(book, SETTINGS, NOW, touch, follow_up_id=follow_up.id, text=TEXT)
    assert isinstance(result, LoggedTouch)
    stored = book.get(FollowUp, follow_up.id)
    assert (stored.status, stored.draft) == (FollowUpStatus.DISMISSED, TEXT)
    assert len(book.touches_of(ann.id)) == 1


def test_a_draft_is_kept_as_typed_on_the_follow_up_as_stored_now(
    book: Workbook, path: Path
) -> None:
    _, follow_up = ann_with_a_thank_you(book)
    # Changed since the screen opened: keeping the draft must not undo it.
    follow_up_flows.edit(book, follow_up, due="2026-12-02T09:00:00Z", reason="Moved")
    kept = keep_draft(book, follow_up.id, TEXT)
    assert kept is not None
    with open_workbook(path, read_only=True) as again:
        stored = again.get(FollowUp, follow_up.id)
        assert (stored.draft, stored.reason, stored.pinned) == (TEXT, "Moved", True)
    assert keep_draft(book, follow_up.id, TEXT) is kept  # unchanged: nothing written
    assert keep_draft(book, "gone", TEXT) is None
