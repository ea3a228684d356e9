"""Call mode: the whole screen for the interview in progress.

A header says who, how and where, with the time in both zones; the countdown runs down the
agreed length, then counts the overrun as a warning. The question list is ticked as each
is asked (with a one-line answer if wanted); the notes give each new line the time since
the call began and take one key per tag. Notes and ticks go through the notes journal as
they are typed; Esc ends the call (see :mod:`informterm.tui.screens.end_call`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from informterm.core.calls import countdown, seconds_between, stamp
from informterm.core.model import Contact, Interview, Medium, NoteTag, Question
from informterm.core.text import printable
from informterm.core.time import day_and_time, local_time
from informterm.tui.actions import CALL, CALL_ANSWER, CALL_QUESTIONS, ActsFromTable
from informterm.tui.widgets.key_bar import KeyBar
from informterm.tui.widgets.notes_editor import NotesEditor

if TYPE_CHECKING:
    from informterm.tui.app import InformtermApp


class QuestionList(ActsFromTable, OptionList):
    """The interview's questions: space or Enter ticks one as asked, ``a`` answers it."""

    PLACE = CALL_QUESTIONS
    BINDINGS: ClassVar[list[BindingType]] = CALL_QUESTIONS.bindings()

    @property
    def _call(self) -> CallScreen:
        return cast(CallScreen, self.screen)

    def action_toggle_asked(self) -> None:
        """Tick the highlighted question as asked, or untick it."""
        if self.highlighted is not None:
            self._call.toggle_asked(self.highlighted)

    def action_answer(self) -> None:
        """Write the highlighted question's answer."""
        if self.highlighted is not None:
            self._call.start_answer(self.highlighted)


class AnswerInput(ActsFromTable, Input):
    """The one-line answer to a question; Enter keeps it, Esc leaves it as it was."""

    PLACE = CALL_ANSWER
    BINDINGS: ClassVar[list[BindingType]] = CALL_ANSWER.bindings()

    def action_cancel(self) -> None:
        """Back to the questions."""
        cast(CallScreen, self.screen).stop_answer()


class CallScreen(ActsFromTable, Screen[None]):
    """The call of interview ``interview_id``, begun at ``started_at``, with ``notes`` and
    ``questions`` as they stand (the journal's, when it holds newer ones)."""

    DEFAULT_CSS = """
    CallScreen { layout: vertical; }
    CallScreen #call-head { height: auto; padding: 0 1; background: $boost; }
    CallScreen #call-who { width: 1fr; height: auto; }
    CallScreen #call-clock {
        width: auto; min-width: 16; height: 3; content-align: center middle;
        text-style: bold; padding: 0 2; background: $primary 20%; color: $text;
    }
    CallScreen #call-clock.-over { background: $warning 40%; color: $text-warning; }
    CallScreen #call-body { height: 1fr; }
    CallScreen #call-questions-pane { width: 2fr; max-width: 60; }
    CallScreen #call-notes-pane { width: 3fr; }
    CallScreen .call-pane {
        border: round $border-blurred; border-title-color: $text-muted;
        border-subtitle-color: $text-muted; padding: 0 1; height: 1fr;
    }
    CallScreen .call-pane:focus-within { border: round $border; border-title-color: $text; }
    CallScreen #call-questions { height: 1fr; background: transparent; border: none; padding: 0; }
    CallScreen #call-questions:focus { border: none; }
    CallScreen #call-questions.-empty { display: none; }
    CallScreen #call-no-questions { color: $text-muted; display: none; }
    CallScreen #call-no-questions.-shown { display: block; }
    CallScreen #call-answer { display: none; }
    CallScreen #call-answer.-shown { display: block; }
    CallScreen #call-notes { height: 1fr; border: none; padding: 0; background: transparent; }
    CallScreen #call-notes:focus { border: none; }
    CallScreen #call-saved { height: 1; color: $text-muted; }
    CallScreen #call-saved.-problem { color: $text-error; text-style: bold; }
    """

    PLACE = CALL
    BINDINGS: ClassVar[list[BindingType]] = CALL.bindings()
    AUTO_FOCUS = "#call-notes"

    def __init__(
        self,
        interview_id: str,
        *,
        started_at: str,
        notes: str,
        questions: list[Question],
    ) -> None:
        super().__init__()
        self.interview_id = interview_id
        self.started_at = started_at
        self.questions = [replace(question) for question in questions]
        self._notes = notes
        self._answering: int | None = None

    @property
    def host(self) -> InformtermApp:
        """The app."""
        return cast("InformtermApp", self.app)

    @property
    def interview(self) -> Interview | None:
        """The interview as stored now."""
        return self.host.workbook.find(Interview, self.interview_id)

    @property
    def notes(self) -> NotesEditor:
        """The notes editor."""
        return self.query_one("#call-notes", NotesEditor)

    def elapsed(self) -> int:
        """Seconds since the call began."""
        return seconds_between(self.started_at, self.host.now())

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="call-head"):
            yield Static(id="call-who")
            yield Static(id="call-clock")
        with Horizontal(id="call-body"):
            with Vertical(id="call-questions-pane", classes="call-pane"):
                yield Static(id="call-no-questions")
                yield QuestionList(id="call-questions")
                yield AnswerInput(id="call-answer", placeholder="Their answer: Enter keeps it")
            with Vertical(id="call-notes-pane", classes="call-pane"):
                yield NotesEditor(
                    self._notes,
                    interview_id=self.interview_id,
                    journal=self.host.notes_journal,
                    stamp=lambda: stamp(self.elapsed()),
                    id="call-notes",
                )
                yield Static(id="call-saved")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#call-notes-pane").border_title = "Notes"
        self.query_one("#call-who", Static).update(self._who())
        self._fill_questions()
        self.tick()
        self.set_interval(1.0, self.tick)
        editor = self.notes
        editor.move_cursor(editor.document.end)

    def _who(self) -> Content:
        interview = self.interview
        if interview is None:
            return Content("This interview is no longer in the workbook.")
        contact = self.host.workbook.find(Contact, interview.contact_id)
        name = printable(contact.name) if contact is not None else "?"
        role = (
            " at ".join(
                printable(part) for part in (contact.title, contact.company) if part.strip()
            )
            if contact is not None
            else ""
        )
        first = Content.assemble(
            ("Call with ", "$text-muted"),
            (name, "bold"),
            (f" · {role}" if role else "", "$text-muted"),
        )
        how = f"{interview.medium.value.capitalize()} · {interview.duration_minutes} min"
        place = interview.place.strip()
        if place:
            label = "link" if interview.medium is Medium.VIDEO else "at"
            how += f" · {label} {printable(place)}"
        return Content("\n").join([first, Content(how), self._times(interview, contact)])

    def _times(self, interview: Interview, contact: Contact | None) -> Content:
        home = self.host.settings.home_timezone or "UTC"
        theirs_zone = (contact.timezone if contact is not None else "") or interview.timezone
        mine = local_time(interview.starts_at, home)
        theirs = local_time(interview.starts_at, theirs_zone)
        if mine is None:
            return Content(printable(interview.starts_at))
        parts: list[Content | tuple[str, str] | str] = [(day_and_time(mine), "bold"), " your time"]
        if theirs is not None and theirs.utcoffset() != mine.utcoffset():
            city = theirs_zone.rsplit("/", 1)[-1].replace("_", " ")
            when = f"{theirs:%H:%M}" if theirs.date() == mine.date() else day_and_time(theirs)
            parts += [" · ", (when, "bold"), f" their time ({printable(city)})"]
        return Content.assemble(*parts)

    # -- the clock ----------------------------------------------------------------------------

    def tick(self) -> None:
        """Redraw the countdown and what the notes' saving says."""
        interview = self.interview
        duration = interview.duration_minutes if interview is not None else 30
        shown = countdown(self.elapsed(), duration)
        clock = self.query_one("#call-clock", Static)
        clock.update(shown.text)
        clock.set_class(shown.over, "-over")
        self._show_saving()

    def _show_saving(self) -> None:
        line = self.query_one("#call-saved", Static)
        journal = self.host.notes_journal
        if journal is None:
            reason = self.host.workbook.read_only_reason or "read-only"
            text, problem = (
                f"Notes cannot be saved: the workbook is open read-only ({reason})",
                True,
            )
        elif journal.error is not None:
            text = f"Notes not saved yet: {journal.error.strerror or journal.error} (trying again)"
            problem = True
        else:
            text, problem = "Saved as you type", False
        line.update(Content(text))
        line.set_class(problem, "-problem")

    # -- questions ----------------------------------------------------------------------------

    def _fill_questions(self) -> None:
        question_list = self.query_one(QuestionList)
        highlighted = question_list.highlighted
        question_list.clear_options()
        for number, question in enumerate(self.questions, 1):
            question_list.add_option(Option(self._question_line(number, question)))
        empty = not self.questions
        question_list.set_class(empty, "-empty")
        hint = self.query_one("#call-no-questions", Static)
        hint.update("No questions picked for this interview.")
        hint.set_class(empty, "-shown")
        if self.questions:
            question_list.highlighted = min(highlighted or 0, len(self.questions) - 1)
        asked = sum(question.asked for question in self.questions)
        pane = self.query_one("#call-questions-pane")
        pane.border_title = "Questions"
        pane.border_subtitle = f"{asked} of {len(self.questions)} asked" if self.questions else ""

    def _question_line(self, number: int, question: Question) -> Content:
        width = len(str(len(self.questions)))
        mark = ("✓ ", "$text-success") if question.asked else ("☐ ", "$text-muted")
        line = Content.assemble(
            mark,
            (f"{number:>{width}}. ", "$text-muted"),
            (printable(question.text), "$text-muted" if question.asked else ""),
        )
        if question.answer.strip():
            answer = Content.assemble(
                " " * (width + 4), ("→ ", "$text-accent"), printable(question.answer)
            )
            line = Content("\n").join([line, answer])
        return line

    def toggle_asked(self, index: int) -> None:
        """Tick question ``index`` as asked, or untick it."""
        question = self.questions[index]
        self.questions[index] = replace(question, asked=not question.asked)
        self._questions_changed()

    def start_answer(self, index: int) -> None:
        """Show the answer line for question ``index``, holding its answer so far."""
        self._answering = index
        answer = self.query_one(AnswerInput)
        answer.value = self.questions[index].answer
        answer.add_class("-shown")
        answer.focus()

    def stop_answer(self) -> None:
        """Hide the answer line; back to the questions."""
        self._answering = None
        answer = self.query_one(AnswerInput)
        answer.remove_class("-shown")
        self.query_one(QuestionList).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        index = self._answering
        if index is not None:
            text = " ".join(event.value.split())
            question = self.questions[index]
            self.questions[index] = replace(
                question, answer=text, asked=question.asked or bool(text)
            )
            self._questions_changed()
        self.stop_answer()

    def _questions_changed(self) -> None:
        self._fill_questions()
        journal = self.host.notes_journal
        if journal is not None:
            journal.submit_questions(self.interview_id, [q.to_dict() for q in self.questions])

    # -- actions ------------------------------------------------------------------------------

    def action_tag(self, tag: str) -> None:
        """Start a line of notes tagged ``#tag``."""
        self.notes.insert_tag(NoteTag("#" + tag))

    def action_end_call(self) -> None:
        """Ask how the call ended."""
        self.notes.save_now()
        self.host.ask_how_call_ended(self)

    def action_external_editor(self) -> None:
        """Edit the notes in $VISUAL or $EDITOR."""
        self.host.edit_notes_in_editor(self.notes)

    def latest(self) -> tuple[str, list[Question]]:
        """The notes and questions as they stand on the screen now."""
        return self.notes.text, list(self.questions)
