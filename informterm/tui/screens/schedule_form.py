"""The schedule modal: book an interview with a contact, or reschedule one.

The time is typed in your zone or theirs (ctrl+t or the button switches) and shown as
typed in both, with the day name and the offset. What the clocks do that day (a time they
skip, or repeat: then pick which) and the warnings (outside your hours or theirs, an
overlap, a full day) are listed as you type; none of them stops the save. The form never
writes: it dismisses with the Interview and the app saves it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from informterm.core.fields import FieldError
from informterm.core.model import Contact, Interview, Medium, Settings, Timestamp
from informterm.core.schedule import (
    TypedStart,
    parse_duration,
    parse_start,
    rescheduled,
    their_zone,
    warnings,
)
from informterm.core.text import printable
from informterm.core.time import (
    AHEAD_EXAMPLES,
    WhenError,
    describe_with_offset,
    interview_end,
    local_text,
    offset_text,
    spelled_day,
    to_local,
)
from informterm.tui.actions import SCHEDULE_FORM, ActsFromTable
from informterm.tui.widgets.form_fields import ErrorLine, FieldRow, enum_options
from informterm.tui.widgets.key_bar import KeyBar

MINE, THEIRS = "mine", "theirs"


class ScheduleForm(ActsFromTable, ModalScreen[Interview | None]):
    """Schedule an interview with ``contact`` (``interview=None``) or reschedule
    ``interview``; dismisses with the Interview to save, or None.

    ``others`` are the interviews still on (the warnings look for overlaps and full days
    among them) and ``names`` their contacts' names by id.
    """

    DEFAULT_CSS = """
    ScheduleForm { align: center middle; }
    ScheduleForm > #dialog {
        width: 88;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    ScheduleForm #schedule-title { text-style: bold; margin-bottom: 1; }
    ScheduleForm #schedule-body { height: auto; max-height: 1fr; }
    ScheduleForm #when-line { height: auto; }
    ScheduleForm #when { width: 1fr; }
    ScheduleForm #zone-toggle { margin-left: 1; width: auto; }
    ScheduleForm .preview { color: $text-muted; }
    ScheduleForm #clock-note { color: $text-warning; display: none; }
    ScheduleForm #clock-note.-shown { display: block; }
    ScheduleForm #fold-row { display: none; }
    ScheduleForm #fold-row.-shown { display: block; }
    ScheduleForm #schedule-choices { height: auto; }
    ScheduleForm #schedule-choices FieldRow { width: 1fr; margin-right: 1; }
    ScheduleForm #warnings { color: $text-warning; height: auto; margin-bottom: 1; }
    ScheduleForm #schedule-buttons { height: auto; align-horizontal: right; }
    ScheduleForm #schedule-buttons Button { margin-left: 2; }
    ScheduleForm #schedule-hint { color: $text-muted; width: 1fr; padding-top: 1; }
    """

    PLACE = SCHEDULE_FORM
    BINDINGS = SCHEDULE_FORM.bindings()

    def __init__(
        self,
        contact: Contact,
        settings: Settings,
        *,
        now: Timestamp,
        interview: Interview | None = None,
        others: Sequence[Interview] = (),
        names: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.contact = contact
        self.settings = settings
        self.interview = interview
        self._now = now
        self._others = list(others)
        self._names = dict(names or {})
        self.mine = settings.home_timezone or "UTC"
        self.theirs = (
            contact.timezone or interview.timezone
            if interview is not None
            else their_zone(contact, settings)
        ) or self.mine
        self.typing_in = MINE
        self._shown = local_text(interview.starts_at, self.mine) if interview else ""
        self._typed: TypedStart | None = None
        self._fold_labels: tuple[tuple[Text, bool], ...] = ()
        self.current_warnings: list[str] = []
        """The warnings shown now."""

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        interview = self.interview
        name = printable(self.contact.name)
        verb = "Reschedule the interview with " if interview else "Schedule an interview with "
        with Vertical(id="dialog"):
            yield Label(Content.assemble(verb, (name, "bold")), id="schedule-title")
            with VerticalScroll(id="schedule-body"):
                yield FieldRow(
                    "Starts",
                    self._when_line(),
                    Static(id="your-preview", classes="preview"),
                    Static(id="their-preview", classes="preview"),
                    Static(id="clock-note"),
                    field="when",
                    hint=f"e.g. {AHEAD_EXAMPLES}",
                )
                yield FieldRow(
                    "That time happens twice: which one?",
                    Select[bool](
                        [(Text("the earlier"), False), (Text("the later"), True)],
                        value=False,
                        allow_blank=False,
                        id="fold",
                    ),
                    field="fold",
                )
                with Horizontal(id="schedule-choices"):
                    yield FieldRow(
                        "Minutes",
                        Input(str(interview.duration_minutes if interview else 30), id="duration"),
                        field="duration",
                    )
                    yield FieldRow(
                        "Medium",
                        Select(
                            enum_options(Medium),
                            value=interview.medium if interview else Medium.VIDEO,
                            allow_blank=False,
                            id="medium",
                        ),
                        field="medium",
                    )
                yield FieldRow(
                    "Place or link",
                    Input(
                        printable(interview.place) if interview else "",
                        placeholder="the address they prefer, the call's link or number",
                        id="place",
                    ),
                    field="place",
                )
                yield Static(id="warnings")
            yield ErrorLine(id="form-error")
            with Horizontal(id="schedule-buttons"):
                yield Label("ctrl+s save · ctrl+t zone · esc cancel", id="schedule-hint")
                yield Button("Cancel", id="cancel")
                yield Button("Save", variant="primary", id="save")
        yield KeyBar()

    def _when_line(self) -> Horizontal:
        return Horizontal(
            Input(self._shown, placeholder=AHEAD_EXAMPLES, id="when"),
            Button(self._zone_label(), id="zone-toggle", compact=True),
            id="when-line",
        )

    def on_mount(self) -> None:
        self.query_one("#when", Input).focus()
        self.refresh_previews()

    # -- reading the fields ---------------------------------------------------------------------

    @property
    def typing_zone(self) -> str:
        """The zone the time is typed in now."""
        return self.mine if self.typing_in == MINE else self.theirs

    def _zone_label(self) -> Content:
        if self.theirs == self.mine:
            return Content(f"in {self.mine} (both)")
        whose = "your zone" if self.typing_in == MINE else "their zone"
        return Content(f"in {whose}: {self.typing_zone}")

    def read_start(self) -> TypedStart:
        """The start as typed (the stored one, exactly, while the text is left as it was
        shown); raises WhenError."""
        text = self.query_one("#when", Input).value
        later = bool(self.query_one("#fold", Select).value)
        interview = self.interview
        if interview is not None and self.typing_in == MINE and text.strip() == self._shown:
            typed = parse_start(text, now=self._now, zone=self.mine)
            if typed.repeated is not None and interview.starts_at == typed.repeated[1]:
                return typed.other()
            if typed.starts_at != interview.starts_at:  # seconds, or a changed zone rule
                return TypedStart(interview.starts_at, self.mine)
            return typed
        return parse_start(text, now=self._now, zone=self.typing_zone, later=later)

    def read_duration(self) -> int:
        """The length typed, in minutes; raises FieldError."""
        return parse_duration(self.query_one("#duration", Input).value)

    def _draft(self, typed: TypedStart, minutes: int) -> Interview:
        """The interview as the fields say now."""
        medium: Medium = self.query_one("#medium", Select).value  # type: ignore[assignment]
        place = self.query_one("#place", Input).value.strip()
        if self.interview is None:
            return Interview(
                contact_id=self.contact.id,
                starts_at=typed.starts_at,
                timezone=self.theirs,
                duration_minutes=minutes,
                medium=medium,
                place=place,
            )
        return rescheduled(
            self.interview,
            starts_at=typed.starts_at,
            duration_minutes=minutes,
            medium=medium,
            place=place,
            timezone=self.theirs,
        )

    # -- live previews --------------------------------------------------------------------------

    def refresh_previews(self) -> None:
        """Show the time as read in both zones, what the clocks do, and the warnings."""
        when_row = self.query_one("#when-row", FieldRow)
        mine_preview = self.query_one("#your-preview", Static)
        their_preview = self.query_one("#their-preview", Static)
        note = self.query_one("#clock-note", Static)
        fold_row = self.query_one("#fold-row", FieldRow)
        self._typed = None
        try:
            typed = self.read_start()
        except WhenError as error:
            text = self.query_one("#when", Input).value
            when_row.set_error(str(error) if text.strip() else None)
            mine_preview.update(Content(f"Type when it starts in {self.typing_zone}"))
            their_preview.update("")
            note.set_class(False, "-shown")
            fold_row.set_class(False, "-shown")
            self._show_warnings([])
            return
        when_row.set_error(None)
        self._typed = typed
        try:
            minutes = self.read_duration()
        except FieldError:
            minutes = self.interview.duration_minutes if self.interview else 30
        draft = self._draft(typed, minutes)
        end = interview_end(draft)
        mine_preview.update(Content(f"Yours:  {_preview(draft.starts_at, end, self.mine)}"))
        their_preview.update(Content(f"Theirs: {_preview(draft.starts_at, end, self.theirs)}"))
        note.update(Content(typed.note))
        note.set_class(bool(typed.note), "-shown")
        fold_row.set_class(typed.repeated is not None, "-shown")
        if typed.repeated is not None:
            self._label_fold_choices(typed)
        found = warnings(
            draft, self.contact, self.settings, self._others, names=self._names, now=self._now
        )
        self._show_warnings(found)

    def _label_fold_choices(self, typed: TypedStart) -> None:
        assert typed.repeated is not None
        earlier, later = (to_local(instant, typed.zone) for instant in typed.repeated)
        fold = self.query_one("#fold", Select)
        wanted = (
            (Text(f"the earlier, {earlier:%H:%M} {offset_text(earlier)}"), False),
            (Text(f"the later, {later:%H:%M} {offset_text(later)}"), True),
        )
        if self._fold_labels != wanted:
            self._fold_labels = wanted
            value = fold.value
            fold.set_options(wanted)
            fold.value = value

    def _show_warnings(self, found: list[str]) -> None:
        self.current_warnings = found
        box = self.query_one("#warnings", Static)
        box.update(Content("\n".join(f"⚠ {printable(sentence)}" for sentence in found)))
        box.display = bool(found)

    @on(Input.Changed)
    @on(Select.Changed, "#fold")
    def _changed(self, _event: Any) -> None:
        if self.is_mounted:
            self.refresh_previews()
            self._recheck_duration()

    def _recheck_duration(self) -> None:
        row = self.query_one("#duration-row", FieldRow)
        if row.has_class("-invalid"):
            try:
                self.read_duration()
            except FieldError as error:
                row.set_error(str(error))
            else:
                row.set_error(None)

    # -- actions --------------------------------------------------------------------------------

    @on(Button.Pressed, "#zone-toggle")
    def action_toggle_zone(self) -> None:
        """Type the time in the other zone: the text typed so far keeps its instant and is
        rewritten as that zone's clock."""
        if self.theirs == self.mine:
            self.notify("You and they are in the same zone.", markup=False)
            return
        typed = self._typed
        self.typing_in = THEIRS if self.typing_in == MINE else MINE
        when = self.query_one("#when", Input)
        if typed is not None:
            # The same instant, written in the zone now typed in (a repeated time keeps its
            # choice through the fold select).
            with when.prevent(Input.Changed):
                when.value = local_text(typed.starts_at, self.typing_zone)
            self._shown = ""
            retyped = parse_start(when.value, now=self._now, zone=self.typing_zone)
            if retyped.repeated is not None:
                self.query_one("#fold", Select).value = typed.starts_at == retyped.repeated[1]
        self.query_one("#zone-toggle", Button).label = self._zone_label()
        self.refresh_previews()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Dismiss with the interview if the time and the length read (warnings or not)."""
        self.refresh_previews()
        problems = False
        duration_row = self.query_one("#duration-row", FieldRow)
        try:
            minutes = self.read_duration()
        except FieldError as error:
            duration_row.set_error(str(error))
            problems = True
            minutes = 0
        else:
            duration_row.set_error(None)
        typed = self._typed
        if typed is None:
            try:
                self.read_start()
            except WhenError as error:
                self.query_one("#when-row", FieldRow).set_error(str(error))
            problems = True
        summary = self.query_one("#form-error", ErrorLine)
        if problems:
            summary.show_error("Fix the fields marked in red to save")
            target = "#when" if typed is None else "#duration"
            self.query_one(target, Input).focus()
            return
        assert typed is not None
        summary.show_error(None)
        self.dismiss(self._draft(typed, minutes))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


def _preview(start: Timestamp, end: Timestamp, zone: str) -> str:
    """``Tue 12 Jan 2027 09:00 +01:00 CET (Europe/Berlin), until 09:30``."""
    ends = to_local(end, zone)
    until = f"{ends.hour:02d}:{ends.minute:02d}"
    if ends.date() != to_local(start, zone).date():
        until = f"{spelled_day(ends.date())} {until}"
    if ends.utcoffset() != to_local(start, zone).utcoffset():
        until = f"{until} {offset_text(ends)}"
    return f"{describe_with_offset(start, zone)}, until {until}"
