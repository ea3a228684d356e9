"""The Prep pane: the highlighted contact's next interview, in both time zones, with a
readiness figure and bar, its checklist and its question list, worked in place: space ticks,
``a`` adds a step, ``+`` picks questions from the bank, ``w`` writes one, ``e`` edits,
``d`` removes, ``J``/``K`` move, ``b`` saves a question to your bank. Each change is saved
at once (through the app, which runs the use cases of :mod:`informterm.flows.prep`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from informterm.core.model import ChecklistItem, Contact, Interview, Medium, Question
from informterm.core.text import printable
from informterm.core.time import day_and_time, local_time
from informterm.tui.actions import PREP_PANE, Action, ActsFromTable, keys_of

if TYPE_CHECKING:
    from informterm.tui.app import InformtermApp

BAR_CELLS = 10
"""How many cells the readiness bar has: one for each tenth."""


def readiness_style(readiness: float) -> str:
    """The colour of a readiness figure: green when nearly ready, amber half way, red."""
    if readiness >= 0.8:
        return "bold $text-success"
    if readiness >= 0.5:
        return "bold $text-warning"
    return "bold $text-error"


def readiness_bar(readiness: float) -> Content:
    """Readiness as a bar and a figure, ``▰▰▰▰▰▰▱▱▱▱ 60%``, coloured by level."""
    filled = round(max(0.0, min(readiness, 1.0)) * BAR_CELLS)
    style = readiness_style(readiness)
    return Content.assemble(
        ("▰" * filled, style),
        ("▱" * (BAR_CELLS - filled), "$text-muted"),
        (f" {readiness:.0%}", style),
    )


class StepOption(Option):
    """A checklist row, carrying the step it shows and its place in the list."""

    def __init__(self, prompt: Content, index: int, step: ChecklistItem) -> None:
        super().__init__(prompt, id=f"prep-step-{index}")
        self.index = index
        self.step = step


class QuestionOption(Option):
    """A question row, carrying the question it shows and its place in the list."""

    def __init__(self, prompt: Content, index: int, question: Question) -> None:
        super().__init__(prompt, id=f"prep-question-{index}")
        self.index = index
        self.question = question


Row = StepOption | QuestionOption


class PrepPane(ActsFromTable, OptionList):
    """The next interview's prep: when and where, readiness, steps to tick, questions."""

    KEY = "2"
    LABEL = "Prep"
    PURPOSE = (
        "The highlighted contact's next interview shows here: its time in your zone and "
        "theirs, the prep checklist with a readiness figure, and the question list."
    )
    PLACE = PREP_PANE
    BINDINGS: ClassVar[list[BindingType]] = PREP_PANE.bindings()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.contact_id: str | None = None
        """The contact highlighted in the list."""
        self.interview: Interview | None = None
        """Their next interview, as shown."""
        self._body = Content("")
        self._follow: tuple[type[Row], str] | None = None
        self._checked_files = False

    @property
    def _app(self) -> InformtermApp:
        return cast("InformtermApp", self.app)

    def on_mount(self) -> None:
        self.border_title = Content.assemble((self.KEY, "bold"), " ", self.LABEL)
        self.refresh_contact()

    def scroll_to_highlight(self, top: bool = False) -> None:
        # Only while the pane is worked: a pane glanced at shows its top, the interview's
        # time and readiness, rather than scrolling to a row nobody is on.
        if self.has_focus:
            super().scroll_to_highlight(top)

    def on_focus(self) -> None:
        self.scroll_to_highlight()
        # The first time you come to prepare, say which of your checklist files could not
        # be used: new interviews get the shipped steps in their place.
        if not self._checked_files:
            self._checked_files = True
            self.run_worker(self._app.check_checklist_files(), group="config")

    # -- what it shows ------------------------------------------------------------------

    @property
    def body(self) -> Content:
        """Everything the pane shows now, one row a line."""
        return self._body

    @property
    def row(self) -> Row | None:
        """The highlighted step or question row, if one is highlighted."""
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return option if isinstance(option, StepOption | QuestionOption) else None

    def show_contact(self, contact_id: str | None) -> None:
        """Show another contact's next interview (None: nobody is highlighted)."""
        if contact_id != self.contact_id:
            self.contact_id = contact_id
            self.highlighted = None
            self.scroll_home(animate=False)
        self.refresh_contact()

    def follow(self, kind: type[Row], text: str) -> None:
        """Keep the highlight on the row of ``kind`` with ``text`` when the pane is next
        redrawn (after a move, an edit or an addition)."""
        self._follow = (kind, text)

    def refresh_contact(self) -> None:
        """Redraw from the workbook, keeping the highlight on the same row."""
        contact = self._app.workbook.find(Contact, self.contact_id)
        self.interview = None
        if contact is None:
            options = [Option(Content.styled(self.PURPOSE, "$text-muted"), disabled=True)]
        else:
            self.interview = self._app.workbook.next_interview(contact.id, self._app.now())
            options = self._rows(contact, self.interview)
        kept = self._kept()
        self.set_options(options)
        self._body = Content("\n").join([cast(Content, option.prompt) for option in options])
        self._restore(kept)
        self.refresh_bindings()

    def _rows(self, contact: Contact, interview: Interview | None) -> list[Option]:
        if interview is None:
            return [Option(self._no_interview(contact), disabled=True)]
        options = [
            Option(Content("\n").join(self._when_and_where(interview)), disabled=True),
            _gap(),
            Option(self._readiness(interview), disabled=True),
        ]
        for index, step in enumerate(interview.checklist):
            options.append(StepOption(step_row(step), index, step))
        if not interview.checklist:
            options.append(Option(self._hint("prep-add-item", "adds a step"), disabled=True))
        options.append(_gap())
        options.append(Option(self._questions_heading(interview), disabled=True))
        width = len(str(len(interview.questions)))
        for index, question in enumerate(interview.questions):
            options.append(QuestionOption(question_row(question, index, width), index, question))
        if not interview.questions:
            options.append(
                Option(
                    Content.assemble(
                        self._hint("prep-pick-questions", "picks from your question bank"),
                        ("; ", "$text-muted"),
                        self._hint("prep-write-question", "writes one of your own"),
                    ),
                    disabled=True,
                )
            )
        return options

    def _no_interview(self, contact: Contact) -> Content:
        return Content.assemble(
            ("No upcoming interview with ", "$text-muted"),
            (printable(contact.name), "$text-muted"),
            (
                ". Schedule one to get a prep checklist, a question list and a "
                "readiness figure here.",
                "$text-muted",
            ),
        )

    def _when_and_where(self, interview: Interview) -> list[Content]:
        home = self._app.settings.home_timezone
        mine = local_time(interview.starts_at, home)
        theirs = local_time(interview.starts_at, interview.timezone)
        lines = []
        if mine is not None:
            same_clock = theirs is not None and theirs.utcoffset() == mine.utcoffset()
            label = " your time and theirs" if same_clock else " your time"
            lines.append(Content.assemble((day_and_time(mine), "bold $text"), (label, "$text")))
        if theirs is None:
            lines.append(
                Content.styled(
                    f"Their time zone {printable(interview.timezone)!r} is not known here.",
                    "$text-warning",
                )
            )
        elif mine is None or theirs.utcoffset() != mine.utcoffset():
            # Their date only when it differs from yours: the usual case is same day.
            same_day = mine is not None and theirs.date() == mine.date()
            when = f"{theirs:%H:%M}" if same_day else day_and_time(theirs)
            place = interview.timezone.rsplit("/", 1)[-1].replace("_", " ")
            lines.append(
                Content.assemble(
                    (when, "bold $text"),
                    (" their time ", "$text"),
                    (f"({printable(place)})", "$text-muted"),
                )
            )
        lines.append(
            Content.styled(
                f"{interview.medium.value.capitalize()} · {interview.duration_minutes} min · "
                f"{interview.status.value}",
                "$text-muted",
            )
        )
        if interview.place.strip():
            label = "Link" if interview.medium is Medium.VIDEO else "Place"
            lines.append(
                Content.assemble(
                    (f"{label}: ", "$text-muted"), (printable(interview.place), "$text")
                )
            )
        return lines

    def _readiness(self, interview: Interview) -> Content:
        if not interview.checklist:
            return Content.styled("No prep checklist yet.", "$text-muted")
        done = sum(item.done for item in interview.checklist)
        return Content.assemble(
            ("Readiness ", "$text"),
            readiness_bar(interview.readiness),
            (f" · {done} of {len(interview.checklist)} steps done", "$text-muted"),
        )

    @staticmethod
    def _questions_heading(interview: Interview) -> Content:
        if not interview.questions:
            return Content.styled("No questions picked yet.", "$text-muted")
        asked = sum(question.asked for question in interview.questions)
        return Content.assemble(
            ("Questions", "bold $text"),
            (f" · {asked} of {len(interview.questions)} asked", "$text-muted"),
        )

    def _hint(self, action_id: str, what: str) -> Content:
        """``+ picks from your question bank``: the key as the keymap has it now."""
        action = next(a for a in PREP_PANE.actions if a.id == action_id)
        keys = keys_of(action, getattr(self.app, "_keymap", {})) or [action.keys]
        key = self.app.get_key_display(Binding(keys[0], action.action))
        return Content.assemble((key, "bold $text-accent"), (f" {what}", "$text-muted"))

    def _kept(self) -> tuple[type[Row], str, int] | None:
        """What the highlight is on: the kind of row, its text, and its place."""
        if self._follow is not None:
            kind, text = self._follow
            self._follow = None
            return kind, text, self.highlighted or 0
        row = self.row
        if row is None:
            return None
        return type(row), _text_of(row), self.highlighted or 0

    def _restore(self, kept: tuple[type[Row], str, int] | None) -> None:
        rows = [i for i, o in enumerate(self.options) if isinstance(o, StepOption | QuestionOption)]
        if not rows:
            self.highlighted = None
            return
        if kept is None:
            self.highlighted = rows[0]
            return
        kind, text, at = kept
        for index in rows:
            option = self.options[index]
            if isinstance(option, kind) and _text_of(cast(Row, option)) == text:
                self.highlighted = index
                return
        self.highlighted = self._nearest(rows, at)

    @staticmethod
    def _nearest(rows: list[int], at: int) -> int:
        at_or_after = [row for row in rows if row >= at]
        return at_or_after[0] if at_or_after else rows[-1]

    # -- the table's rules ----------------------------------------------------------------

    def acted_on(self) -> Contact | None:
        if self.interview is None:
            return None
        return self._app.workbook.find(Contact, self.interview.contact_id)

    def applies(self, action: Action) -> bool | None:
        if action.name in ("cursor_up", "cursor_down"):
            return True
        if self.interview is None:
            return False
        if action.name in ("add_step", "pick_questions", "write_question"):
            return True
        row = self.row
        if row is None:
            return False
        if action.name == "save_to_bank":
            return isinstance(row, QuestionOption)
        return True

    def label_of(self, action: Action) -> str:
        row = self.row
        if action.name == "tick" and row is not None:
            if isinstance(row, StepOption):
                return "Untick" if row.step.done else "Tick"
            return "Not asked" if row.question.asked else "Mark asked"
        return super().label_of(action)

    def on_option_list_option_highlighted(self, _event: OptionList.OptionHighlighted) -> None:
        # What applies (and Tick's label) depends on the highlighted row.
        self.refresh_bindings()

    # -- the keys ------------------------------------------------------------------------

    def action_tick(self) -> None:
        """Tick the highlighted step done or question asked (again: untick)."""
        row, interview = self.row, self.interview
        if row is not None and interview is not None:
            self.follow(type(row), _text_of(row))
            self._app.tick_prep_row(interview, row)

    def action_add_step(self) -> None:
        """Add a step of your own after the highlighted one."""
        if self.interview is not None:
            row = self.row
            at = row.index + 1 if isinstance(row, StepOption) else None
            self._app.add_prep_step(self.interview, at)

    def action_write_question(self) -> None:
        """Write a question of your own after the highlighted one."""
        if self.interview is not None:
            row = self.row
            at = row.index + 1 if isinstance(row, QuestionOption) else None
            self._app.write_prep_question(self.interview, at)

    def action_pick_questions(self) -> None:
        """Pick questions from the bank to add to the list."""
        if self.interview is not None:
            self._app.pick_prep_questions(self.interview)

    def action_edit(self) -> None:
        """Edit the highlighted step or question."""
        row, interview = self.row, self.interview
        if row is not None and interview is not None:
            self._app.edit_prep_row(interview, row)

    def action_remove(self) -> None:
        """Remove the highlighted step or question, after a confirmation."""
        row, interview = self.row, self.interview
        if row is not None and interview is not None:
            self._app.remove_prep_row(interview, row)

    def action_move(self, offset: int) -> None:
        """Move the highlighted question or step ``offset`` places."""
        row, interview = self.row, self.interview
        if row is not None and interview is not None:
            self.follow(type(row), _text_of(row))
            self._app.move_prep_row(interview, row, offset)

    def action_save_to_bank(self) -> None:
        """Save the highlighted question to your own question bank."""
        row = self.row
        if isinstance(row, QuestionOption):
            self._app.save_question_to_bank(row.question)


def step_row(step: ChecklistItem) -> Content:
    """One checklist row: a tick box and the step as typed."""
    mark = ("✓ ", "$text-success") if step.done else ("☐ ", "$text-muted")
    return Content.assemble(mark, (printable(step.text), "$text-muted" if step.done else "$text"))


def question_row(question: Question, index: int, width: int) -> Content:
    """One question row: asked or not, its number, the question as typed."""
    mark = ("✓ ", "$text-success") if question.asked else ("  ", "")
    return Content.assemble(
        mark,
        (f"{index + 1:>{width}}. ", "$text-muted"),
        (printable(question.text), "$text-muted" if question.asked else "$text"),
    )


def _text_of(row: Row) -> str:
    return row.step.text if isinstance(row, StepOption) else row.question.text


def _gap() -> Option:
    return Option(Content(""), disabled=True)
