"""Edit a follow-up: when it is due and why. A rule-made one is pinned by it, so its rule
no longer moves it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from informterm.core.model import FollowUp, Timestamp
from informterm.core.text import printable
from informterm.tui.actions import FOLLOW_UP_FORM, ActsFromTable
from informterm.tui.widgets.form_fields import ErrorLine, FieldRow, WhenField
from informterm.tui.widgets.key_bar import KeyBar


class FollowUpForm(ActsFromTable, ModalScreen[tuple[Timestamp, str] | None]):
    """Change ``follow_up``'s due time (typed in ``home_timezone``) and reason; dismisses
    with ``(due, reason)``, or None."""

    DEFAULT_CSS = """
    FollowUpForm { align: center middle; }
    FollowUpForm > #dialog {
        width: 72;
        max-width: 100%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    FollowUpForm #follow-up-title { text-style: bold; margin-bottom: 1; }
    FollowUpForm #follow-up-buttons { height: auto; align-horizontal: right; }
    FollowUpForm #follow-up-buttons Button { margin-left: 2; }
    FollowUpForm #follow-up-hint { color: $text-muted; width: 1fr; padding-top: 1; }
    """

    PLACE = FOLLOW_UP_FORM
    BINDINGS = FOLLOW_UP_FORM.bindings()

    def __init__(
        self, follow_up: FollowUp, contact_name: str, *, now: Timestamp, home_timezone: str
    ) -> None:
        super().__init__()
        self.follow_up = follow_up
        self._contact_name = contact_name
        self._now = now
        self._zone = home_timezone or "UTC"

    def compose(self) -> ComposeResult:
        title = Content.assemble(
            f"Edit the {self.follow_up.kind.value} for ", (printable(self._contact_name), "bold")
        )
        pinned = " Its rule will no longer move it." if self.follow_up.rule else ""
        with Vertical(id="dialog"):
            yield Label(title, id="follow-up-title")
            yield WhenField(
                "Due", field="due", instant=self.follow_up.due, now=self._now, zone=self._zone
            )
            yield FieldRow(
                "Reason",
                Input(self.follow_up.reason, placeholder="why it is due", id="reason"),
                field="reason",
                hint="what to do and why." + pinned,
            )
            yield ErrorLine(id="form-error")
            with Horizontal(id="follow-up-buttons"):
                yield Label("ctrl+s save · esc cancel", id="follow-up-hint")
                yield Button("Cancel", id="cancel")
                yield Button("Save", variant="primary", id="save")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#due", Input).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Dismiss with the new due time and reason, if the time reads."""
        when = self.query_one(WhenField)
        due = when.check()
        if due is None:
            self.query_one("#form-error", ErrorLine).show_error("Fix the due time to save")
            when.focus_input()
            return
        self.dismiss((due, self.query_one("#reason", Input).value.strip()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
