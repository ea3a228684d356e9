"""Pick questions from the bank for an interview: the bank's categories as headings, a
filter (``/``) that narrows them as you type, space to pick several, and enter to add them
in the bank's order. Questions the interview has already are marked and cannot be picked
twice."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from informterm.core.model import Question
from informterm.core.questions import QuestionBank, in_bank_order, same_question
from informterm.core.text import printable
from informterm.tui.actions import PICKER_FILTER, PICKER_LIST, QUESTION_PICKER, ActsFromTable
from informterm.tui.widgets.key_bar import KeyBar

Key = tuple[str, str]
"""A question of the bank: its category and its words, as :func:`same_question` has them."""


def _key(question: Question) -> Key:
    return same_question(question.category), same_question(question.text)


class PickOption(Option):
    """A question of the bank, carrying it."""

    def __init__(self, prompt: Content, question: Question, *, listed: bool, id: str) -> None:
        super().__init__(prompt, id=id, disabled=listed)
        self.question = question
        self.listed = listed
        """The interview has it already."""


class PickerFilter(ActsFromTable, Vertical):
    """The filter box: Esc or Down goes back to the questions, keeping the filter."""

    PLACE = PICKER_FILTER
    BINDINGS: ClassVar[list[BindingType]] = PICKER_FILTER.bindings()

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="/ filter: words of the question or its category", id="filter", compact=True
        )

    def action_filter_done(self) -> None:
        """Back to the questions."""
        self.screen.query_one("#picker-questions", OptionList).focus()


class PickList(ActsFromTable, OptionList):
    """The bank's questions under their categories: space picks, enter adds."""

    PLACE = PICKER_LIST
    BINDINGS: ClassVar[list[BindingType]] = PICKER_LIST.bindings()

    def action_toggle_pick(self) -> None:
        """Pick the highlighted question, or leave it out again."""
        cast(QuestionPicker, self.screen).toggle_pick()

    def action_add(self) -> None:
        """Add the picked questions."""
        cast(QuestionPicker, self.screen).add()


class QuestionPicker(ActsFromTable, ModalScreen[list[Question] | None]):
    """The bank to pick from; dismisses with the picked questions in the bank's order (the
    highlighted one when none is picked), or None."""

    DEFAULT_CSS = """
    QuestionPicker { align: center middle; }
    QuestionPicker > #dialog {
        width: 90;
        max-width: 100%;
        height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    QuestionPicker #picker-title { text-style: bold; }
    QuestionPicker PickerFilter { height: auto; }
    QuestionPicker PickerFilter { margin: 1 0; }
    QuestionPicker #picker-questions { height: 1fr; border: none; padding: 0; }
    QuestionPicker #picker-status { color: $text-muted; }
    """

    PLACE = QUESTION_PICKER
    BINDINGS: ClassVar[list[BindingType]] = QUESTION_PICKER.bindings()

    def __init__(self, bank: QuestionBank, listed: Iterable[str], title: str) -> None:
        super().__init__()
        self.bank = bank
        self._listed = {same_question(text) for text in listed}
        self._title = title
        self.picked: dict[Key, Question] = {}
        """The questions picked so far."""
        self._words: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Content(printable(self._title)), id="picker-title")
            yield PickerFilter()
            yield PickList(id="picker-questions")
            yield Label(id="picker-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self._rebuild()
        self.questions.focus()

    @property
    def questions(self) -> OptionList:
        """The list of the bank's questions."""
        return self.query_one("#picker-questions", OptionList)

    @property
    def shown(self) -> list[Question]:
        """The questions listed now (after the filter), top to bottom."""
        return [o.question for o in self.questions.options if isinstance(o, PickOption)]

    @property
    def highlighted_question(self) -> PickOption | None:
        """The highlighted row, if it is a question."""
        questions = self.questions
        if questions.highlighted is None:
            return None
        option = questions.get_option_at_index(questions.highlighted)
        return option if isinstance(option, PickOption) else None

    # -- the list ----------------------------------------------------------------------

    def _rebuild(self) -> None:
        questions = self.questions
        kept = self.highlighted_question
        options: list[Option] = []
        for number, category in enumerate(self.bank.categories):
            rows = []
            for index, text in enumerate(category.questions):
                question = Question(text=text, category=category.name)
                if not self._matches(question, category.heading):
                    continue
                listed = same_question(text) in self._listed
                rows.append(
                    PickOption(
                        self._prompt(question, listed),
                        question,
                        listed=listed,
                        id=f"pick-{number}-{index}",
                    )
                )
            if rows:
                heading = Content.styled(printable(category.heading), "bold $text-accent")
                options.append(Option(heading, disabled=True))
                options.extend(rows)
        if not options:
            empty = (
                "No question of the bank has those words." if self._words else "The bank is empty."
            )
            options.append(Option(Content.styled(empty, "$text-muted"), disabled=True))
        questions.set_options(options)
        rows_at = [i for i, o in enumerate(options) if isinstance(o, PickOption) and not o.disabled]
        target = None
        if kept is not None:
            target = next(
                (
                    i
                    for i in rows_at
                    if _key(options[i].question) == _key(kept.question)  # type: ignore[attr-defined]
                ),
                None,
            )
        questions.highlighted = target if target is not None else (rows_at[0] if rows_at else None)
        self._update_status()

    def _matches(self, question: Question, heading: str) -> bool:
        haystack = f"{question.text} {heading}".casefold()
        return all(word in haystack for word in self._words)

    def _prompt(self, question: Question, listed: bool) -> Content:
        text = printable(question.text)
        if listed:
            return Content.assemble(("✓ ", "$text-success"), (text, "$text-muted"),
                                    (" · in your list", "$text-muted"))  # fmt: skip
        if _key(question) in self.picked:
            return Content.assemble(("☑ ", "bold $text-accent"), (text, "bold $text"))
        return Content.assemble(("☐ ", "$text-muted"), (text, "$text"))

    def _update_status(self) -> None:
        count = len(self.picked)
        shown = len(self.shown)
        total = sum(len(c.questions) for c in self.bank.categories)
        parts = [f"{count} picked" if count else "Nothing picked yet"]
        if self._words:
            parts.append(f"{shown} of {total} shown")
        parts.append("space picks · enter adds them in the bank's order")
        self.query_one("#picker-status", Label).update(Content(" · ".join(parts)))

    @on(Input.Changed, "#filter")
    def _filtered(self, event: Input.Changed) -> None:
        self._words = event.value.casefold().split()
        self._rebuild()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.questions.focus()

    @on(OptionList.OptionSelected, "#picker-questions")
    def _clicked(self) -> None:
        # Enter is the list's "add"; a click on a question picks it.
        self.toggle_pick()

    # -- the keys ------------------------------------------------------------------------

    def toggle_pick(self) -> None:
        """Pick the highlighted question, or leave it out again."""
        option = self.highlighted_question
        if option is None or option.listed:
            return
        key = _key(option.question)
        if key in self.picked:
            del self.picked[key]
        else:
            self.picked[key] = option.question
        self.questions.replace_option_prompt(option.id or "", self._prompt(option.question, False))
        self._update_status()

    def add(self) -> None:
        """Close, adding the picked questions (or the highlighted one) in the bank's order."""
        chosen = list(self.picked.values())
        if not chosen:
            option = self.highlighted_question
            if option is None or option.listed:
                self.notify("Pick questions with space first.", severity="warning")
                return
            chosen = [option.question]
        self.dismiss(in_bank_order(self.bank, chosen))

    def action_filter(self) -> None:
        """Type words to narrow the questions."""
        self.query_one("#filter", Input).focus()

    def action_cancel(self) -> None:
        """Close without adding anything."""
        self.dismiss(None)
