"""Log a touch: one interaction with a contact (an email sent, a call, a reply...)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from informterm.core.model import Channel, Contact, Direction, Stage, Touch, TouchKind
from informterm.core.text import printable
from informterm.core.time import check_touch_time
from informterm.tui.actions import LOG_TOUCH_FORM, ActsFromTable
from informterm.tui.widgets.form_fields import ErrorLine, FieldRow, WhenField, enum_options
from informterm.tui.widgets.key_bar import KeyBar

# What an outbound touch most likely is at each stage, so the usual case is one keystroke.
_LIKELY_KIND = {
    Stage.PROSPECT: TouchKind.REQUEST,
    Stage.RESEARCHING: TouchKind.REQUEST,
    Stage.REACHED_OUT: TouchKind.FOLLOW_UP,
    Stage.SCHEDULED: TouchKind.UPDATE,
    Stage.INTERVIEWED: TouchKind.THANK_YOU,
    Stage.THANKED: TouchKind.UPDATE,
    Stage.KEEPING_IN_TOUCH: TouchKind.UPDATE,
    Stage.NO_RESPONSE: TouchKind.FOLLOW_UP,
}


class LogTouchScreen(ActsFromTable, ModalScreen[Touch | None]):
    """Record an interaction with ``contact``; dismisses with the new Touch, or None.

    ``now`` is the current UTC timestamp (the default time of the touch) and
    ``home_timezone`` the zone typed times are read in. The touch is not saved here.
    """

    DEFAULT_CSS = """
    LogTouchScreen { align: center middle; }
    LogTouchScreen > #dialog {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    LogTouchScreen #touch-title { text-style: bold; margin-bottom: 1; }
    LogTouchScreen #touch-body { height: auto; max-height: 1fr; }
    LogTouchScreen #touch-choices { height: auto; }
    LogTouchScreen #touch-choices FieldRow { width: 1fr; margin-right: 1; }
    LogTouchScreen #touch-footer { height: auto; }
    LogTouchScreen #touch-buttons { height: auto; align-horizontal: right; }
    LogTouchScreen #touch-buttons Button { margin-left: 2; }
    LogTouchScreen #touch-hint { color: $text-muted; width: 1fr; padding-top: 1; }
    """

    PLACE = LOG_TOUCH_FORM
    BINDINGS = LOG_TOUCH_FORM.bindings()

    def __init__(self, contact: Contact, now: str, home_timezone: str) -> None:
        super().__init__()
        self.contact = contact
        self.now = now
        self.home_timezone = home_timezone or "UTC"
        self._kind_chosen = False

    def compose(self) -> ComposeResult:
        kind = _LIKELY_KIND.get(self.contact.stage, TouchKind.OTHER)
        with Vertical(id="dialog"):
            yield Label(
                Content.assemble("Log a touch with ", (printable(self.contact.name), "bold")),
                id="touch-title",
            )
            with VerticalScroll(id="touch-body"):
                with Horizontal(id="touch-choices"):
                    yield FieldRow(
                        "Channel",
                        Select(enum_options(Channel), allow_blank=False, id="channel"),
                        field="channel",
                    )
                    yield FieldRow(
                        "Direction",
                        Select(
                            [(_direction_label(d), d) for d in Direction],
                            allow_blank=False,
                            id="direction",
                        ),
                        field="direction",
                    )
                    yield FieldRow(
                        "Kind",
                        Select(enum_options(TouchKind), value=kind, allow_blank=False, id="kind"),
                        field="kind",
                    )
                yield FieldRow(
                    "Summary",
                    Input(placeholder="what was said or sent", id="summary"),
                    field="summary",
                )
                yield WhenField(
                    "When",
                    field="when",
                    instant=self.now,
                    now=self.now,
                    zone=self.home_timezone,
                    note=lambda at: "  (in the future)" if at > self.now else "",
                    check=lambda at: check_touch_time(at, self.now, self.home_timezone),
                )
            with Vertical(id="touch-footer"):
                yield ErrorLine(id="form-error")
                with Horizontal(id="touch-buttons"):
                    yield Label("ctrl+s save · esc cancel", id="touch-hint")
                    yield Button("Cancel", id="cancel")
                    yield Button("Log", variant="primary", id="save")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#channel", Select).focus()

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if self.query_one("#kind", Select).has_focus_within:
            self._kind_chosen = True

    @on(Select.Changed, "#direction")
    def _direction_changed(self, event: Select.Changed) -> None:
        # Something they sent us is a reply unless the kind was picked on purpose.
        if not self._kind_chosen and event.value is Direction.IN:
            self.query_one("#kind", Select).value = TouchKind.REPLY

    def check(self) -> Touch | None:
        """The Touch if the form is valid; otherwise show what is wrong and return None."""
        when = self.query_one(WhenField)
        at = when.check()
        summary = self.query_one("#form-error", ErrorLine)
        if at is None:
            summary.show_error("Fix the time to log the touch")
            when.focus_input()
            return None
        summary.show_error(None)
        return Touch(
            contact_id=self.contact.id,
            at=at,
            channel=self.query_one("#channel", Select).value,  # type: ignore[arg-type]
            direction=self.query_one("#direction", Select).value,  # type: ignore[arg-type]
            kind=self.query_one("#kind", Select).value,  # type: ignore[arg-type]
            summary=self.query_one("#summary", Input).value.strip(),
        )

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Dismiss with the touch if it is valid."""
        touch = self.check()
        if touch is not None:
            self.dismiss(touch)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without a touch."""
        self.dismiss(None)


def _direction_label(direction: Direction) -> Text:
    # Text, not Content: Select's type-to-search reads only str and Text labels.
    return Text(
        "→ out (I reached them)" if direction is Direction.OUT else "← in (they reached me)"
    )
