"""Holding a call: its notes saved through the notes journal, folded into the workbook when
the call ends (or is left, or after a crash), and the end of the call: the interview
marked held with its outcome, the leads offered as new contacts, the promises and the
thank-you made by the rules, the thank-you's draft written from the tagged lines."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from informterm.core.calls import guess_lead
from informterm.core.model import (
    Contact,
    FollowUp,
    FollowUpKind,
    Interview,
    InterviewStatus,
    NoteTag,
    Question,
    Settings,
    Source,
    Stage,
    Timestamp,
)
from informterm.core.notes import tagged_lines
from informterm.core.templates import Template, fill, message_text, placeholder_values
from informterm.core.time import day_text
from informterm.files import write_atomically
from informterm.flows.followups import save_draft
from informterm.flows.interviews import edit_interview, set_status
from informterm.store import Workbook
from informterm.store.journal import JournalState, NotesJournal


@dataclass(frozen=True, slots=True)
class Folded:
    """Notes (and question ticks) from the journal that are now in the workbook."""

    interview: Interview
    contact_name: str
    minutes: int
    """How many minutes of typing the journal held for it."""


@dataclass(frozen=True, slots=True)
class FoldResult:
    """What a fold saved, and the notes of interviews deleted meanwhile, kept in files."""

    folded: list[Folded] = field(default_factory=list)
    kept_apart: list[Path] = field(default_factory=list)


def fold_notes(
    workbook: Workbook, settings: Settings, now: Timestamp, journal: NotesJournal
) -> FoldResult:
    """Save what the journal holds in the workbook (one save, the rules run for each
    interview changed: a ``#promise`` line becomes a follow-up), then empty it."""
    return journal.fold(partial(_save_states, workbook, settings, now))


def recover_notes(
    workbook: Workbook, settings: Settings, now: Timestamp, journal: NotesJournal
) -> list[str]:
    """At the start: fold a journal left by a session that ended before folding it, and
    say what was recovered. A workbook open read-only is left alone (another informterm
    may be writing that journal now; a write-protected one is said to wait)."""
    if not journal.path.exists():
        return []
    if workbook.read_only:
        if workbook.storage.lock_holder is not None:
            return []
        return [
            f"Notes typed in a call are waiting in {journal.path}: they are saved into the "
            "workbook the next time it opens for writing."
        ]
    result = fold_notes(workbook, settings, now, journal)
    notices = []
    for item in result.folded:
        minutes = f"{item.minutes} minute{'s' if item.minutes != 1 else ''}"
        day = day_text(item.interview.starts_at, settings.home_timezone or "UTC")
        notices.append(
            f"Recovered {minutes} of notes for {item.contact_name}'s interview ({day}): "
            "informterm stopped before it had saved them in the workbook."
        )
    for path in result.kept_apart:
        notices.append(
            f"Recovered notes of an interview that is no longer in the workbook: kept in {path}"
        )
    return notices


def _save_states(
    workbook: Workbook, settings: Settings, now: Timestamp, states: dict[str, JournalState]
) -> FoldResult:
    result = FoldResult()
    with workbook.transaction():
        for state in states.values():
            interview = workbook.find(Interview, state.interview_id)
            if interview is None:
                if state.notes and state.notes.strip():
                    result.kept_apart.append(_keep_apart(workbook, state))
                continue
            changes: dict[str, Any] = {}
            if state.notes is not None and state.notes != interview.notes:
                changes["notes"] = state.notes
            if state.questions is not None:
                questions = [Question.from_dict(question) for question in state.questions]
                if questions != interview.questions:
                    changes["questions"] = questions
            if not changes:
                continue
            saved = edit_interview(workbook, settings, now, replace(interview, **changes))
            contact = workbook.find(Contact, saved.contact_id)
            name = contact.name if contact is not None else "a contact no longer here"
            result.folded.append(Folded(saved, name, state.minutes))
    return result


def _keep_apart(workbook: Workbook, state: JournalState) -> Path:
    """Write the notes of a deleted interview to a private file beside the workbook."""
    path = workbook.path.with_name(f"{workbook.path.name}.notes-{state.interview_id}.txt")
    write_atomically(path, (state.notes or "").encode("utf-8", "surrogatepass"))
    return path


# -- the end of a call -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CallSummary:
    """What the end of a call left: the interview held, its leads (the ``#lead`` lines),
    the follow-ups its promises became, and its thank-you (with its draft)."""

    interview: Interview
    contact: Contact
    leads: list[str]
    promises: list[FollowUp]
    thank_you: FollowUp | None


def end_call(
    workbook: Workbook,
    settings: Settings,
    now: Timestamp,
    interview_id: str,
    outcome: str,
    *,
    journal: NotesJournal | None = None,
    thank_you: Template | None = None,
) -> CallSummary:
    """Mark the interview held with ``outcome``, with the notes typed (the journal folded
    in) in the same save; the rules make the thank-you and the promises' follow-ups, and
    the thank-you gets a draft from ``thank_you`` (filled with the ``#thanks`` and
    ``#advice`` lines) unless it has one."""

    def save(states: dict[str, JournalState]) -> CallSummary:
        with workbook.transaction():
            _save_states(workbook, settings, now, states)
            held = set_status(
                workbook, settings, now, interview_id, InterviewStatus.DONE, outcome=outcome
            )
            contact = workbook.get(Contact, held.contact_id)
            thanks = _thank_you_of(workbook, held)
            if thanks is not None and thank_you is not None and not thanks.draft.strip():
                draft = thank_you_draft(workbook, settings, held, thank_you)
                thanks = save_draft(workbook, thanks, draft)
        return call_summary(workbook, held, contact, thanks)

    if journal is None:
        return save({})
    return journal.fold(save)


def call_summary(
    workbook: Workbook, held: Interview, contact: Contact, thanks: FollowUp | None = None
) -> CallSummary:
    """The summary of a held interview, as the workbook has it now."""
    follow_ups = workbook.follow_ups_of(contact.id)
    promises = [
        f for f in follow_ups if f.interview_id == held.id and f.kind is FollowUpKind.PROMISE
    ]
    return CallSummary(
        interview=held,
        contact=contact,
        leads=tagged_lines(held.notes, NoteTag.LEAD),
        promises=promises,
        thank_you=thanks if thanks is not None else _thank_you_of(workbook, held),
    )


def _thank_you_of(workbook: Workbook, interview: Interview) -> FollowUp | None:
    return next(
        (
            f
            for f in workbook.follow_ups_of(interview.contact_id)
            if f.interview_id == interview.id and f.kind is FollowUpKind.THANK_YOU
        ),
        None,
    )


def thank_you_draft(
    workbook: Workbook, settings: Settings, held: Interview, template: Template
) -> str:
    """The thank-you ``template`` filled for the interview just held: its ``$thanks`` and
    ``$advice`` are that interview's tagged lines (placeholders with nothing to fill them
    stay, for the compose screen to point out)."""
    contact = workbook.get(Contact, held.contact_id)
    values = placeholder_values(
        contact, settings, referrer=workbook.referrer(contact), held=held
    ).values
    subject = fill(template.subject, values).text if template.subject is not None else None
    return message_text(subject, fill(template.body, values).text)


def thank_you_template(templates: list[Template]) -> Template | None:
    """The template a thank-you's first draft is written from: the first that fits."""
    return next((t for t in templates if "thank-you" in t.fits), None)


# -- leads ---------------------------------------------------------------------------------


def lead_contact(workbook: Workbook, settings: Settings, held: Interview, line: str) -> Contact:
    """A new contact for a ``#lead`` line, to show in the contact form: its name (and
    company) guessed from the line, introduced by the person interviewed, source referral,
    the line itself in the research notes."""
    interviewee = workbook.get(Contact, held.contact_id)
    guess = guess_lead(line)
    day = day_text(held.starts_at, settings.home_timezone or "UTC")
    return Contact(
        name=guess.name,
        company=guess.company,
        source=Source.REFERRAL,
        referred_by=interviewee.id,
        stage=Stage.PROSPECT,
        research_notes=f"A lead from the interview with {interviewee.name} ({day}): {line}",
    )


def added_lead(workbook: Workbook, held: Interview, line: str) -> Contact | None:
    """The contact already made from this ``#lead`` line, if any: someone the person
    interviewed introduced whose research notes quote it, or whose name it guesses."""
    interviewee = workbook.find(Contact, held.contact_id)
    if interviewee is None:
        return None
    guessed = guess_lead(line).name.casefold()
    for person in workbook.referred(interviewee):
        if line in person.research_notes or person.name.casefold() == guessed:
            return person
    return None
