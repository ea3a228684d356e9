"""Booking and holding interviews, on real workbook files: the stage moves on and the
confirm, thank-you and promise follow-ups come and go with the interview."""

from __future__ import annotations

from pathlib import Path

from informterm.core.model import (
    Contact,
    FollowUp,
    FollowUpStatus,
    Interview,
    InterviewStatus,
    Settings,
    Stage,
)
from informterm.flows.contacts import add_contact
from informterm.flows.interviews import add_interview, edit_interview, set_status
from informterm.store import Workbook, open_workbook

NOW = "2026-12-01T17:00:00Z"
SETTINGS = Settings(home_timezone="Europe/Berlin")


def stored(path: Path) -> tuple[dict[str, FollowUp], dict[str, Stage]]:
    with open_workbook(path, read_only=True) as reader:
        follow_ups = {f.origin.split(":")[0]: f for f in reader.all(FollowUp) if f.origin}
        return follow_ups, {c.name: c.stage for c in reader.contacts()}


def test_booking_schedules_and_asks_to_confirm_the_day_before(book: Workbook, path: Path) -> None:
    ann = add_contact(book, SETTINGS, NOW, Contact(name="Ann", stage=Stage.REACHED_OUT))
    talk = add_interview(
        book, SETTINGS, NOW, Interview(contact_id=ann.id, starts_at="2026-12-10T15:00:00Z")
    )
    follow_ups, stages = stored(path)
    assert stages == {"Ann": Stage.SCHEDULED}
    # 09:00 in Berlin on the day before is 08:00 UTC.
    assert follow_ups["confirm"].due == "2026-12-09T08:00:00Z"
    # Moved a day later: the confirm moves with it.
    edit_interview(
        book,
        SETTINGS,
        NOW,
        Interview.from_dict({**talk.to_dict(), "starts_at": "2026-12-11T15:00:00Z"}),
    )
    assert stored(path)[0]["confirm"].due == "2026-12-10T08:00:00Z"


def test_holding_it_thanks_the_same_day_and_keeps_the_promises(book: Workbook, path: Path) -> None:
    ann = add_contact(book, SETTINGS, NOW, Contact(name="Ann", stage=Stage.SCHEDULED))
    talk = add_interview(
        book,
        SETTINGS,
        NOW,
        Interview(
            contact_id=ann.id,
            starts_at="2026-11-30T15:00:00Z",
            notes="[00:12] #promise send the [bold]deck[/] link",
        ),
    )
    set_status(book, SETTINGS, NOW, talk.id, InterviewStatus.DONE, outcome="  Great talk  ")
    follow_ups, stages = stored(path)
    assert stages == {"Ann": Stage.INTERVIEWED}
    assert follow_ups["thank-you"].status is FollowUpStatus.OPEN
    # By the end of the day it ended in Berlin (23:59 CET is 22:59 UTC).
    assert follow_ups["thank-you"].due.startswith("2026-11-30T22:")
    assert "[bold]deck[/]" in follow_ups["promise"].reason
    assert book.get(Interview, talk.id).outcome == "Great talk"


def test_cancelling_closes_the_confirm_and_moves_no_stage(book: Workbook, path: Path) -> None:
    ann = add_contact(book, SETTINGS, NOW, Contact(name="Ann", stage=Stage.REACHED_OUT))
    talk = add_interview(
        book, SETTINGS, NOW, Interview(contact_id=ann.id, starts_at="2026-12-10T15:00:00Z")
    )
    set_status(book, SETTINGS, NOW, talk.id, InterviewStatus.CANCELLED)
    follow_ups, stages = stored(path)
    assert stages == {"Ann": Stage.SCHEDULED}
    assert follow_ups["confirm"].status is FollowUpStatus.DONE
    assert follow_ups["confirm"].closed_reason == "the interview was cancelled"
