"""The contact form: add a contact or edit one, every field checked before it is returned.

The form never writes to the workbook: it dismisses with a new Contact (or an edited copy
keeping the id) and the app saves it. Stored values with control characters show them as
symbols, with a warning line saying so: saving keeps what the fields show.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, TextArea

from informterm.core.fields import (
    FieldError,
    cadence_text,
    check_url,
    parse_cadence,
    parse_emails,
    parse_hours,
    parse_priority,
    parse_tags,
    split_list,
)
from informterm.core.model import Contact, Source, Stage
from informterm.core.schedule import DEFAULT_THEIR_HOURS
from informterm.core.text import printable, printable_record
from informterm.core.time import UnknownTimezone, check_timezone
from informterm.tui.actions import CONTACT_FORM, ActsFromTable
from informterm.tui.widgets.form_fields import (
    ContactPicker,
    ErrorLine,
    FieldRow,
    TimezoneSuggester,
    enum_options,
)
from informterm.tui.widgets.key_bar import KeyBar

MADE_VISIBLE = "Control characters are shown as symbols (like ␛); saving keeps what the fields show"
"""The warning under the title when a stored value had control characters made visible."""

# The plain text fields: (model field and widget id, label, hint).
_TEXT_FIELDS = (
    ("name", "Name", "required"),
    ("title", "Title", ""),
    ("company", "Company", ""),
    ("field", "Field", "the line of work"),
    ("location", "Location", ""),
)


class ContactForm(ActsFromTable, ModalScreen[Contact | None]):
    """Add (``contact=None``) or edit a contact; dismisses with the Contact, or None.

    ``contacts`` are the people the contact may have been referred by (the contact itself
    is left out); ``referred_by`` presets the referrer of a new contact, for a lead, and
    ``prefill`` the fields a new contact starts with (a lead from a call's notes).
    """

    DEFAULT_CSS = """
    ContactForm { align: center middle; }
    ContactForm > #dialog {
        width: 88;
        max-width: 100%;
        height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    ContactForm #form-title { text-style: bold; width: 1fr; margin-bottom: 1; }
    ContactForm #form-made-visible { color: $text-warning; width: 1fr; margin-bottom: 1; }
    ContactForm #form-body { height: 1fr; padding-right: 1; }
    ContactForm #research-notes { height: 7; }
    ContactForm #timezone-suggestion { display: none; margin-top: 1; }
    ContactForm #timezone-suggestion.-shown { display: block; }
    ContactForm #form-footer { height: auto; dock: bottom; padding-top: 1; }
    ContactForm #form-buttons { height: auto; align-horizontal: right; }
    ContactForm #form-buttons Button { margin-left: 2; }
    ContactForm #form-hint { color: $text-muted; width: 1fr; padding-top: 1; }
    """

    PLACE = CONTACT_FORM
    BINDINGS = CONTACT_FORM.bindings()

    def __init__(
        self,
        contact: Contact | None,
        *,
        contacts: Sequence[Contact] = (),
        referred_by: str | None = None,
        prefill: Contact | None = None,
    ) -> None:
        super().__init__()
        self.contact = contact
        self._prefill = (
            printable_record(prefill) if prefill is not None and contact is None else None
        )
        self._contacts = list(contacts)
        self._referred_by = contact.referred_by if contact is not None else referred_by
        self._timezone_suggestions: list[str] = []
        self._checked_once = False

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # A stored value with control characters shows them as symbols (never sent raw to
        # the terminal), and saving keeps what the field shows.
        shown = printable_record(self.contact) if self.contact else None
        contact = shown or self._prefill or Contact(name="")
        source = contact.source
        if self.contact is None and self._referred_by:
            source = Source.REFERRAL
        with Vertical(id="dialog"):
            title = "New contact" if self.contact is None else f"Edit {contact.name}"
            yield Label(Content(title), id="form-title")
            if shown is not self.contact:  # the same record when nothing needed it
                yield Label(Content(MADE_VISIBLE), id="form-made-visible")
            with VerticalScroll(id="form-body"):
                for field, label, hint in _TEXT_FIELDS:
                    yield FieldRow(
                        label,
                        Input(getattr(contact, field), id=field),
                        field=field,
                        hint=hint,
                    )
                yield FieldRow(
                    "Time zone",
                    Input(
                        contact.timezone,
                        placeholder="e.g. Europe/Paris (Right arrow completes)",
                        suggester=TimezoneSuggester(),
                        id="timezone",
                    ),
                    Button("", id="timezone-suggestion", compact=True),
                    field="timezone",
                    hint="IANA name; Enter takes the first suggestion",
                )
                yield FieldRow(
                    "Emails",
                    Input(", ".join(contact.emails), id="emails"),
                    field="emails",
                    hint="comma-separated",
                )
                yield FieldRow(
                    "Phones",
                    Input(", ".join(contact.phones), id="phones"),
                    field="phones",
                    hint="comma-separated",
                )
                yield FieldRow(
                    "Profile URL",
                    Input(contact.profile_url, placeholder="https://", id="profile-url"),
                    field="profile-url",
                )
                yield FieldRow(
                    "Source",
                    Select(enum_options(Source), value=source, allow_blank=False, id="source"),
                    field="source",
                )
                yield FieldRow(
                    "Referred by",
                    ContactPicker(
                        self._contacts,
                        selected_id=self._referred_by,
                        exclude_id=self.contact.id if self.contact else None,
                        input_id="referred-by",
                        placeholder="type a name, Down for the matches (empty: nobody)",
                    ),
                    field="referred-by",
                )
                yield FieldRow(
                    "Tags",
                    Input(", ".join(contact.tags), id="tags"),
                    field="tags",
                    hint="comma-separated",
                )
                yield FieldRow(
                    "Stage",
                    Select(enum_options(Stage), value=contact.stage, allow_blank=False, id="stage"),
                    field="stage",
                )
                yield FieldRow(
                    "Priority",
                    Input(str(contact.priority), id="priority", type="integer"),
                    field="priority",
                    hint="0 or more",
                )
                yield FieldRow(
                    "Keep in touch every (days)",
                    Input(
                        cadence_text(contact.keep_in_touch_days),
                        placeholder="empty: the default",
                        id="keep-in-touch",
                    ),
                    field="keep-in-touch",
                    hint="none turns it off",
                )
                yield FieldRow(
                    "Available for meetings",
                    Input(
                        contact.available_hours,
                        placeholder=f"empty: {DEFAULT_THEIR_HOURS}",
                        id="available-hours",
                    ),
                    field="available-hours",
                    hint="HH:MM-HH:MM in their time zone; scheduling warns outside it",
                )
                yield FieldRow(
                    "Research notes",
                    TextArea(contact.research_notes, soft_wrap=True, id="research-notes"),
                    field="research-notes",
                )
            with Vertical(id="form-footer"):
                yield ErrorLine(id="form-error")
                with Horizontal(id="form-buttons"):
                    yield Label("ctrl+s save · esc cancel · tab next field", id="form-hint")
                    yield Button("Cancel", id="cancel")
                    yield Button("Save", variant="primary", id="save")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    # -- checking -----------------------------------------------------------------------------

    def _checks(self) -> dict[str, Callable[[], Any]]:
        """Field -> a function reading its value (raising FieldError when it is unusable)."""

        def text(field: str) -> Callable[[], str]:
            return lambda: self.query_one(f"#{field}", Input).value.strip()

        return {
            "name": self._check_name,
            "title": text("title"),
            "company": text("company"),
            "field": text("field"),
            "location": text("location"),
            "timezone": self._check_timezone,
            "available-hours": lambda: parse_hours(self._value("available-hours")),
            "emails": lambda: parse_emails(self._value("emails")),
            "phones": lambda: split_list(self._value("phones")),
            "profile-url": lambda: check_url(self._value("profile-url")),
            "referred-by": self._check_referrer,
            "tags": lambda: parse_tags(self._value("tags")),
            "priority": lambda: parse_priority(self._value("priority")),
            "keep-in-touch": lambda: parse_cadence(self._value("keep-in-touch")),
        }

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value

    def _check_name(self) -> str:
        name = self._value("name").strip()
        if not name:
            raise FieldError("A name is required")
        return name

    def _check_timezone(self) -> str:
        try:
            zone = check_timezone(self._value("timezone"))
        except UnknownTimezone as error:
            self._show_timezone_suggestions(error.suggestions)
            raise FieldError(_sentence(str(error))) from None
        self._show_timezone_suggestions([])
        return zone

    def _show_timezone_suggestions(self, suggestions: list[str]) -> None:
        self._timezone_suggestions = suggestions
        button = self.query_one("#timezone-suggestion", Button)
        if suggestions:
            button.label = Content(f"Use {suggestions[0]}")
        button.set_class(bool(suggestions), "-shown")

    def _check_referrer(self) -> str | None:
        picker = self.query_one(ContactPicker)
        own = self.contact
        # Compared as the picker shows names (control characters made visible).
        typed = picker.text.strip().casefold()
        if own is not None and typed == printable(own.name).casefold():
            try:
                picked = picker.resolve()
            except FieldError:
                raise FieldError("A contact cannot be referred by themselves") from None
        else:
            picked = picker.resolve()
        if own is not None and picked is not None:
            if picked == own.id:
                raise FieldError("A contact cannot be referred by themselves")
            if self._introduced_by_this_contact(picked):
                raise FieldError(
                    f"{picker.text.strip()} was introduced through {own.name}: "
                    "that would make a loop"
                )
        return picked

    def _introduced_by_this_contact(self, referrer_id: str) -> bool:
        """True when ``referrer_id`` descends from the edited contact in the referral tree."""
        assert self.contact is not None
        referred_by = {c.id: c.referred_by for c in self._contacts}
        seen: set[str] = set()
        current: str | None = referrer_id
        while current is not None and current not in seen:
            if current == self.contact.id:
                return True
            seen.add(current)
            current = referred_by.get(current)
        return False

    def _check_one(self, field: str) -> tuple[bool, Any]:
        row = self.query_one(f"#{field}-row", FieldRow)
        try:
            value = self._checks()[field]()
        except FieldError as error:
            self._mark(row, str(error))
            return False, None
        self._mark(row, None)
        return True, value

    def _mark(self, row: FieldRow, message: str | None) -> None:
        """Show or clear a field's error; once saving was tried, the summary follows."""
        row.set_error(message)
        if self._checked_once:
            self._update_summary()

    def _invalid_rows(self) -> list[FieldRow]:
        return [row for row in self.query(FieldRow) if row.has_class("-invalid")]

    def _update_summary(self) -> None:
        """Say how many fields are marked wrong, or nothing when none is."""
        count = len(self._invalid_rows())
        self.query_one("#form-error", ErrorLine).show_error(
            f"{count} field{'s' if count > 1 else ''} to fix (marked in red)" if count else None
        )

    def check(self) -> Contact | None:
        """Check every field, showing what is wrong; the Contact when all is well."""
        values: dict[str, Any] = {}
        for field in self._checks():
            ok, value = self._check_one(field)
            if ok:
                values[field] = value
        self._checked_once = True
        self._update_summary()
        invalid = self._invalid_rows()
        if invalid:
            _first_focusable(invalid[0]).focus()
            return None
        fields = {
            "name": values["name"],
            "title": values["title"],
            "company": values["company"],
            "field": values["field"],
            "location": values["location"],
            "timezone": values["timezone"],
            "available_hours": values["available-hours"],
            "emails": values["emails"],
            "phones": values["phones"],
            "profile_url": values["profile-url"],
            "source": self.query_one("#source", Select).value,
            "referred_by": values["referred-by"],
            "tags": values["tags"],
            "stage": self.query_one("#stage", Select).value,
            "priority": values["priority"],
            "keep_in_touch_days": values["keep-in-touch"],
            "research_notes": self.query_one("#research-notes", TextArea).text,
        }
        if self.contact is None:
            return Contact(**fields)
        return replace(self.contact, **fields)

    # -- events -------------------------------------------------------------------------------

    @on(Input.Changed)
    def _recheck_marked_field(self, event: Input.Changed) -> None:
        """Clear (or update) an error as soon as the field is edited."""
        row = next((a for a in event.input.ancestors if isinstance(a, FieldRow)), None)
        # Before the first save only fields already marked are re-checked: no red text
        # while someone is still typing a field for the first time.
        if row is not None and (self._checked_once or row.has_class("-invalid")):
            self._check_one(row.field)

    @on(Input.Blurred, "#timezone")
    def _check_zone_on_leaving(self) -> None:
        # Checked on leaving the field, so the suggestions show before saving (not when the
        # focus left because the form is closing).
        if self.app.screen is self:
            self._check_one("timezone")

    @on(Input.Submitted, "#timezone")
    def _take_first_suggestion(self, event: Input.Submitted) -> None:
        event.stop()
        ok, _ = self._check_one("timezone")
        if not ok and self._timezone_suggestions:
            self._accept_timezone(self._timezone_suggestions[0])

    @on(Button.Pressed, "#timezone-suggestion")
    def _suggestion_pressed(self) -> None:
        if self._timezone_suggestions:
            self._accept_timezone(self._timezone_suggestions[0])
            # The fix is accepted: on to the next field, as after typing the zone right.
            self._focus_field_after("timezone")

    def _accept_timezone(self, zone: str) -> None:
        zone_input = self.query_one("#timezone", Input)
        zone_input.value = zone
        # Setting the value leaves the cursor where it was, inside the name.
        zone_input.cursor_position = len(zone)
        self._check_one("timezone")

    def _focus_field_after(self, field: str) -> None:
        rows = list(self.query(FieldRow))
        index = rows.index(self.query_one(f"#{field}-row", FieldRow))
        if index + 1 < len(rows):
            _first_focusable(rows[index + 1]).focus()

    @on(ContactPicker.Picked)
    def _referrer_picked(self) -> None:
        # Someone introduced them: say so, unless a source was chosen on purpose.
        source = self.query_one("#source", Select)
        if source.value is Source.OTHER:
            source.value = Source.REFERRAL
        self._mark(self.query_one("#referred-by-row", FieldRow), None)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Dismiss with the contact if every field is valid."""
        contact = self.check()
        if contact is not None:
            self.dismiss(contact)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without a contact."""
        self.dismiss(None)


def _first_focusable(row: Widget) -> Widget:
    return next((w for w in row.query("*") if w.focusable), row)


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]
