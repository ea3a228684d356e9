"""A yes/no question before anything that cannot be undone."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from informterm.core.text import printable
from informterm.tui.actions import CONFIRM, ActsFromTable
from informterm.tui.widgets.key_bar import KeyBar


class ConfirmScreen(ActsFromTable, ModalScreen[bool]):
    """Ask before a destructive action; dismisses True to go ahead, False to keep things.

    The focus starts on Cancel, so a stray Enter never destroys data: confirming takes
    ``y``, or moving to the confirm button first. ``title`` and ``message`` are shown as
    plain text (they often hold a contact's name).
    """

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > #dialog {
        width: 64;
        max-width: 100%;
        height: auto;
        border: thick $error;
        background: $surface;
        padding: 1 2;
    }
    ConfirmScreen #confirm-title { text-style: bold; margin-bottom: 1; }
    ConfirmScreen #confirm-message { margin-bottom: 1; }
    ConfirmScreen #confirm-buttons { height: auto; align-horizontal: right; }
    ConfirmScreen #confirm-buttons Button { margin-left: 2; }
    """

    PLACE = CONFIRM
    BINDINGS = CONFIRM.bindings()

    def __init__(self, title: str, message: str, confirm_label: str = "Delete") -> None:
        super().__init__()
        self._title = title
        self._message = message
        self._confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Content(printable(self._title)), id="confirm-title")
            yield Static(Content(printable(self._message, multi_line=True)), id="confirm-message")
            with Horizontal(id="confirm-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(Content(f"{self._confirm_label} (y)"), variant="error", id="confirm")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        """Go ahead."""
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Keep things as they are."""
        self.dismiss(False)
