"""Holding a call on real workbook files: notes typed through the journal reach the workbook
when the call ends (or after a crash, with a notice), and the end of the call marks it
held, keeps the promises and drafts the thank-you from the tagged lines."""

from __future__ import annotations

from pathlib import Path

from informterm.core.calls import guess_lead, interview_to_hold, retagged
from informterm.core.model import (
    Channel,
    Contact,
    FollowUpKind,
    Interview,
    InterviewStatus,
    NoteTag,
    Question,
    Settings,
    Source,
    Stage,
    TouchKind,
)
from informterm.core.templates import Template
from informterm.flows.calls import (
    added_lead,
    end_call,
    fold_notes,
    lead_contact,
    recover_notes,
)
from informterm.flows.contacts import add_contact
from informterm.flows.interviews import add_interview
from informterm.store import Workbook, open_workbook
from informterm.store.journal import NotesJournal

NOW = "2026-11-30T15:40:00Z"
SETTINGS = Settings(home_timezone="Europe/London", your_name="Sam Rivera")

NOTES = (
    "[00:01] Met on video\n"
    "[03:10] #lead talk to Priya Shah at Globex about hiring\n"
    "[07:45] #advice keep the portfolio to three case studies\n"
    "[12:00] #promise send the meetup link by Friday\n"
    "[20:31] #thanks for the intro to the [bold]research guild[/]\n"
)

THANK_YOU = Template(
    id="thank-you-email",
    label="Thank-you (email)",
    kind=TouchKind.THANK_YOU,
    channel=Channel.EMAIL,
    subject="Thank you, $first_name",
    body="Dear $first_name,\n\n$advice\n\n$thanks\n\n$your_name",
    fits=("thank-you",),
)


def booked(book: Workbook) -> tuple[Contact, Interview]:
    ann = add_contact(book, SETTINGS, NOW, Contact(name="Ann Lee", stage=Stage.SCHEDULED))
    talk = add_interview(
        book,
        SETTINGS,
        NOW,
        Interview(
            contact_id=ann.id,
            starts_at="2026-11-30T15:00:00Z",
            status=InterviewStatus.CONFIRMED,
            questions=[Question(text="How did you start?"), Question(text="Who else?")],
        ),
    )
    return ann, talk


def test_a_call_ends_held_with_its_notes_promises_and_thank_you_draft(
    book: Workbook, path: Path
) -> None:
    ann, talk = booked(book)
    journal = NotesJournal.for_workbook(path)
    journal.submit_notes(talk.id, NOTES)
    journal.submit_questions(
        talk.id,
        [
            {"text": "How did you start?", "asked": True, "answer": "Teaching"},
            {"text": "Who else?"},
        ],
    )
    summary = end_call(
        book, SETTINGS, NOW, talk.id, " Great talk ", journal=journal, thank_you=THANK_YOU
    )
    assert not journal.path.exists(), "the journal is folded in and removed"
    assert summary.leads == ["talk to Priya Shah at Globex about hiring"]
    assert [p.kind for p in summary.promises] == [FollowUpKind.PROMISE]
    assert "send the meetup link by Friday" in summary.promises[0].reason
    assert summary.thank_you is not None
    draft = summary.thank_you.draft
    assert draft.startswith("Subject: Thank you, Ann\n\nDear Ann,")
    assert "Keep the portfolio to three case studies." in draft
    assert "For the intro to the [bold]research guild[/]." in draft
    with open_workbook(path, read_only=True) as reader:
        held = reader.get(Interview, talk.id)
        assert held.status is InterviewStatus.DONE and held.outcome == "Great talk"
        assert held.notes == NOTES
        assert held.questions[0].asked and held.questions[0].answer == "Teaching"
        assert reader.get(Contact, ann.id).stage is Stage.INTERVIEWED
        thanks = [f for f in reader.follow_ups_of(ann.id) if f.kind is FollowUpKind.THANK_YOU]
        assert [f.draft for f in thanks] == [draft]


def test_a_thank_you_with_a_draft_keeps_it(book: Workbook, path: Path) -> None:
    _ann, talk = booked(book)
    first = end_call(book, SETTINGS, NOW, talk.id, "ok", thank_you=THANK_YOU)
    assert first.thank_you is not None
    book.update(first.thank_you, draft="My own words")
    again = end_call(book, SETTINGS, NOW, talk.id, "ok", thank_you=THANK_YOU)
    assert again.thank_you is not None and again.thank_you.draft == "My own words"


def test_a_crashed_session_is_recovered_at_the_next_start(book: Workbook, path: Path) -> None:
    _ann, talk = booked(book)
    clock = iter([1000.0, 1000.0 + 7 * 60])
    journal = NotesJournal(NotesJournal.for_workbook(path).path, clock=lambda: next(clock))
    journal.record_notes(talk.id, "[00:01] first")
    journal.record_notes(talk.id, "[00:01] first\n[07:00] #promise call back")
    book.close()  # the session ends without folding: as a kill would leave it
    with open_workbook(path) as reopened:
        notices = recover_notes(reopened, SETTINGS, NOW, NotesJournal.for_workbook(path))
        assert notices == [
            "Recovered 7 minutes of notes for Ann Lee's interview (30 Nov 2026): informterm "
            "stopped before it had saved them in the workbook."
        ]
        assert reopened.get(Interview, talk.id).notes.endswith("#promise call back")
    assert not journal.path.exists()


def test_a_journal_already_folded_says_nothing(book: Workbook, path: Path) -> None:
    _ann, talk = booked(book)
    journal = NotesJournal.for_workbook(path)
    journal.record_notes(talk.id, "notes")
    fold_notes(book, SETTINGS, NOW, journal)
    # A crash between the save and the removal leaves the file: folding it again is a no-op.
    journal.record_notes(talk.id, "notes")
    assert recover_notes(book, SETTINGS, NOW, journal) == []
    assert not journal.path.exists()


def test_a_read_only_workbook_leaves_the_journal_of_the_one_writing(
    book: Workbook, path: Path
) -> None:
    _ann, talk = booked(book)
    journal = NotesJournal.for_workbook(path)
    journal.record_notes(talk.id, "being typed in the other informterm")
    with open_workbook(path) as second:
        assert second.read_only
        assert recover_notes(second, SETTINGS, NOW, NotesJournal.for_workbook(path)) == []
    assert journal.path.exists()


def test_notes_of_an_interview_deleted_meanwhile_are_kept_in_a_file(
    book: Workbook, path: Path
) -> None:
    _ann, talk = booked(book)
    journal = NotesJournal.for_workbook(path)
    journal.record_notes(talk.id, "precious")
    book.delete(book.get(Interview, talk.id))
    result = fold_notes(book, SETTINGS, NOW, journal)
    assert result.folded == []
    assert [p.read_text() for p in result.kept_apart] == ["precious"]
    assert oct(result.kept_apart[0].stat().st_mode & 0o777) == "0o600"


def test_a_lead_becomes_a_referral_from_the_person_interviewed(book: Workbook) -> None:
    ann, talk = booked(book)
    line = "talk to Priya Shah at Globex about hiring"
    lead = lead_contact(book, SETTINGS, talk, line)
    assert (lead.name, lead.company) == ("Priya Shah", "Globex")
    assert lead.referred_by == ann.id and lead.source is Source.REFERRAL
    assert line in lead.research_notes and "Ann Lee" in lead.research_notes
    assert added_lead(book, talk, line) is None
    add_contact(book, SETTINGS, NOW, lead)
    assert added_lead(book, talk, line) is not None


def test_the_interview_to_hold() -> None:
    def at(starts: str, status: InterviewStatus = InterviewStatus.CONFIRMED) -> Interview:
        return Interview(contact_id="c", starts_at=starts, status=status)

    past, now_on, later = (
        at("2026-11-30T10:00:00Z"),
        at("2026-11-30T15:00:00Z"),
        at("2026-12-02T15:00:00Z"),
    )
    done = at("2026-11-30T15:10:00Z", InterviewStatus.DONE)
    assert interview_to_hold([past, now_on, later, done], NOW) is now_on
    assert interview_to_hold([past, later], NOW) is later
    assert interview_to_hold([past], NOW) is past
    assert interview_to_hold([done], NOW) is None


def test_tag_keys_and_lead_names() -> None:
    assert retagged("", NoteTag.LEAD, "[05:00] ") == "[05:00] #lead "
    assert retagged("[03:12] #advice ", NoteTag.LEAD, "[05:00] ") == "[03:12] #lead "
    assert retagged("[03:12] said a thing", NoteTag.LEAD, "[05:00] ") is None
    assert guess_lead("#lead Jan van der Berg from Philips").name == "Jan van der Berg"
    assert guess_lead("her colleague Dana Okafor, research ops").name == "Dana Okafor"
    assert guess_lead("ask about the meetup").name == "ask about the meetup"
