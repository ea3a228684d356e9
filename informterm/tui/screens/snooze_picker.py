"""Snooze a follow-up: tomorrow, in 3 business days, next week, or a date typed."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from informterm.core.followups import SnoozeChoice, snooze_until
from informterm.core.model import Settings, Timestamp
from informterm.core.text import printable
from informterm.core.time import WhenError, describe_exactly
from informterm.tui.actions import SNOOZE_PICKER, ActsFromTable
from informterm.tui.widgets.key_bar import KeyBar
from informterm.tui.widgets.navigation import NavList


class SnoozePicker(ActsFromTable, ModalScreen[Timestamp | None]):
    """Choose until when to put a follow-up off; dismisses with that time, or None.

    Enter or a digit takes a ready-made choice; a date (or a date and time) typed in the
    box below is read in the user's zone and must be in the future.
    """

    DEFAULT_CSS = """
    SnoozePicker { align: center middle; }
    SnoozePicker > #dialog {
        width: 60;
        max-width: 100%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    SnoozePicker #snooze-title { text-style: bold; margin-bottom: 1; }
    SnoozePicker #snooze-choices { height: auto; }
    SnoozePicker #snooze-preview { color: $text-muted; height: auto; }
    SnoozePicker #snooze-preview.-error { color: $text-error; }
    SnoozePicker #snooze-hint { color: $text-muted; margin-top: 1; }
    """

    PLACE = SNOOZE_PICKER
    BINDINGS = SNOOZE_PICKER.bindings()

    def __init__(
        self, title: str, choices: list[SnoozeChoice], *, now: Timestamp, settings: Settings
    ) -> None:
        super().__init__()
        self._title = title
        self.choices = choices
        self._now = now
        self._settings = settings

    def compose(self) -> ComposeResult:
        options = [
            Option(Content.assemble((f"{digit}  ", "dim"), choice.label))
            for digit, choice in zip("123", self.choices, strict=False)
        ]
        with Vertical(id="dialog"):
            yield Label(Content(printable(self._title)), id="snooze-title")
            yield NavList(*options, id="snooze-choices")
            yield Input(placeholder="or a date: 2026-12-20, or 2026-12-20 14:00", id="snooze-date")
            yield Static(id="snooze-preview")
            yield Label(
                "Enter or a digit picks · tab to type a date · esc cancels", id="snooze-hint"
            )
        yield KeyBar()

    def on_mount(self) -> None:
        choices = self.query_one("#snooze-choices", OptionList)
        choices.highlighted = 0
        choices.focus()

    def typed_until(self) -> Timestamp | None:
        """The typed date as a time, or None (with the reason shown) when it is not one."""
        text = self.query_one("#snooze-date", Input).value
        preview = self.query_one("#snooze-preview", Static)
        if not text.strip():
            preview.update("")
            return None
        try:
            until = snooze_until(text, self._now, self._settings)
        except WhenError as error:
            preview.set_class(True, "-error")
            preview.update(Content(str(error)))
            return None
        preview.set_class(False, "-error")
        preview.update(Content(f"= {describe_exactly(until, self._settings.home_timezone)}"))
        return until

    @on(Input.Changed, "#snooze-date")
    def _date_changed(self) -> None:
        self.typed_until()

    @on(Input.Submitted, "#snooze-date")
    def _date_submitted(self) -> None:
        until = self.typed_until()
        if until is not None:
            self.dismiss(until)

    @on(OptionList.OptionSelected, "#snooze-choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        """Take the ready-made choice at ``index``."""
        if 0 <= index < len(self.choices):
            self.dismiss(self.choices[index].until)

    def action_cancel(self) -> None:
        """Keep the follow-up as it is."""
        self.dismiss(None)
