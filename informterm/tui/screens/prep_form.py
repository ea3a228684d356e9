"""Type a prep step or a question (with its category): a one-line form that stays open
until the save has landed, so a save that fails leaves what was typed in place, with the
reason under it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from informterm.core.text import printable
from informterm.tui.actions import PREP_FORM, ActsFromTable
from informterm.tui.widgets.form_fields import ErrorLine, FieldRow
from informterm.tui.widgets.key_bar import KeyBar

NO_CATEGORY = ""
"""The category Select's value for "none"."""


@dataclass(frozen=True, slots=True)
class Typed:
    """What the form holds when saved."""

    text: str
    category: str | None = None
    """The question's category ("" for none); None for a step, which has none."""


class PrepTextForm(ActsFromTable, ModalScreen[Typed | None]):
    """A step or question to type. ``save`` is called with the form and what was typed; it
    calls :meth:`saved` once the change is stored (the form closes) or :meth:`failed` with
    the reason (the form stays, with the text as typed). ``categories`` (names) offers a
    category for a question; None for a step."""

    DEFAULT_CSS = """
    PrepTextForm { align: center middle; }
    PrepTextForm > #dialog {
        width: 76;
        max-width: 100%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    PrepTextForm #prep-form-title { text-style: bold; margin-bottom: 1; }
    PrepTextForm #prep-form-buttons { height: auto; align-horizontal: right; }
    PrepTextForm #prep-form-buttons Button { margin-left: 2; }
    PrepTextForm #prep-form-hint { color: $text-muted; width: 1fr; padding-top: 1; }
    """

    PLACE = PREP_FORM
    BINDINGS = PREP_FORM.bindings()

    def __init__(
        self,
        title: str,
        label: str,
        *,
        text: str = "",
        save: Callable[[PrepTextForm, Typed], None],
        categories: Sequence[str] | None = None,
        category: str = NO_CATEGORY,
        longest: int = 300,
    ) -> None:
        super().__init__()
        self._title = title
        self._label = label
        self._text = text
        self._save = save
        self._categories = categories
        self._category = category
        self._longest = longest
        self.saving = False
        """A save is under way: another ctrl+s waits for it."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Content(printable(self._title)), id="prep-form-title")
            yield FieldRow(
                self._label,
                Input(self._text, id="prep-text", max_length=self._longest, select_on_focus=False),
                field="prep-text",
                hint="one line; saved at once",
            )
            if self._categories is not None:
                names = list(dict.fromkeys(self._categories))
                if self._category and self._category not in names:
                    names.append(self._category)
                yield FieldRow(
                    "Category",
                    Select(
                        [(Text(printable(name)), name) for name in names],
                        value=self._category if self._category in names else Select.NULL,
                        prompt="(none)",
                        allow_blank=True,
                        id="prep-category",
                    ),
                    field="prep-category",
                    hint="where it goes when saved to your bank",
                )
            yield ErrorLine(id="form-error")
            with Horizontal(id="prep-form-buttons"):
                yield Label("enter or ctrl+s save · esc cancel", id="prep-form-hint")
                yield Button("Cancel", id="cancel")
                yield Button("Save", variant="primary", id="save")
        yield KeyBar()

    def on_mount(self) -> None:
        field = self.query_one("#prep-text", Input)
        field.cursor_position = len(field.value)  # to add to the words, not type over them
        field.focus()

    @property
    def typed(self) -> Typed:
        """What the form holds now."""
        text = self.query_one("#prep-text", Input).value.strip()
        if self._categories is None:
            return Typed(text)
        choice = self.query_one("#prep-category", Select).value
        return Typed(text, choice if isinstance(choice, str) else NO_CATEGORY)

    @on(Input.Submitted, "#prep-text")
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Save what was typed, unless it is empty or a save is under way."""
        if self.saving:
            return
        typed = self.typed
        row = self.query_one("#prep-text-row", FieldRow)
        if not typed.text:
            row.set_error(f"Type the {self._label.lower()} to save it")
            return
        row.set_error(None)
        self.query_one("#form-error", ErrorLine).show_error(None)
        self.saving = True
        self._save(self, typed)

    def saved(self) -> None:
        """The change is stored: close."""
        self.saving = False
        if self.is_attached and self.app.screen is self:
            self.dismiss(self.typed)

    def failed(self, message: str) -> None:
        """The change was not stored: say why, keeping what was typed."""
        self.saving = False
        if self.is_attached:
            self.query_one("#form-error", ErrorLine).show_error(message)
            self.query_one("#prep-text", Input).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
