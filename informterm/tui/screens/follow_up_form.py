"""Edit a follow-up: when it is due and why. A rule-made one is pinned by it, so its rule
no longer moves it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from informterm.core.model import FollowUp, Timestamp
from informterm.core.text import printable
from informterm.core.time import EXAMPLES, WhenError, describe_exactly, local_text, parse_when
from informterm.tui.actions import FOLLOW_UP_FORM, ActsFromTable
from informterm.tui.widgets.form_fields import ErrorLine, FieldRow
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
    FollowUpForm #due-preview { color: $text-muted; }
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
        self._shown_due = local_text(follow_up.due, self._zone)

    def compose(self) -> ComposeResult:
        title = Content.assemble(
            f"Edit the {self.follow_up.kind.value} for ", (printable(self._contact_name), "bold")
        )
        pinned = " Its rule will no longer move it." if self.follow_up.rule else ""
        with Vertical(id="dialog"):
            yield Label(title, id="follow-up-title")
            yield FieldRow(
                "Due",
                Input(self._shown_due, placeholder=EXAMPLES, id="due"),
                Static(id="due-preview"),
                field="due",
                hint=f"your time ({self._zone}), e.g. {EXAMPLES}",
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
        self._preview()
        self.query_one("#due", Input).focus()

    def due(self) -> Timestamp:
        """The typed due time as a UTC timestamp; raises WhenError."""
        text = self.query_one("#due", Input).value
        if text.strip() == self._shown_due:
            return self.follow_up.due  # untouched: keep the exact instant
        return parse_when(text, now=self._now, home_timezone=self._zone)

    def _preview(self) -> Timestamp | None:
        row = self.query_one("#due-row", FieldRow)
        preview = self.query_one("#due-preview", Static)
        try:
            due = self.due()
        except WhenError as error:
            preview.update("")
            row.set_error(str(error))
            return None
        row.set_error(None)
        preview.update(Content(f"= {describe_exactly(due, self._zone)}"))
        return due

    @on(Input.Changed, "#due")
    def _due_changed(self) -> None:
        self._preview()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Dismiss with the new due time and reason, if the time reads."""
        due = self._preview()
        if due is None:
            self.query_one("#form-error", ErrorLine).show_error("Fix the due time to save")
            self.query_one("#due", Input).focus()
            return
        self.dismiss((due, self.query_one("#reason", Input).value.strip()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
