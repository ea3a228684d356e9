"""Pieces the forms share: field rows with an error line under the control, a time typed
in the user's zone, enum Select options and a contact picker that scales to a large
workbook. Typed values are read by :mod:`informterm.core.fields`."""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from informterm.core.fields import FieldError
from informterm.core.model import Contact, Timestamp
from informterm.core.text import printable
from informterm.core.time import EXAMPLES, WhenError, describe_exactly, local_text, parse_when
from informterm.tui.actions import CONTACT_PICKER, Action, ActsFromTable

E = TypeVar("E", bound=StrEnum)


def enum_options(enum: type[E]) -> list[tuple[Text, E]]:
    """Select options for every member of an enum.

    ``rich.text.Text`` labels rather than ``str``: a ``str`` label is parsed as markup, and
    Select's type-to-search only looks at ``str`` and ``Text`` prompts.
    """
    return [(Text(member.value), member) for member in enum]


class ErrorLine(Static):
    """The message under a field; hidden while there is nothing wrong."""

    DEFAULT_CSS = """
    ErrorLine {
        color: $text-error;
        display: none;
        height: auto;
    }
    ErrorLine.-shown { display: block; }
    """

    def show_error(self, message: str | None) -> None:
        """Show ``message`` (plain text, never markup, control characters made visible), or
        hide the line for None."""
        self.update(Content(printable(message or "")))  # it may quote what was typed
        self.set_class(bool(message), "-shown")

    @property
    def message(self) -> str:
        """The message shown, or the empty string."""
        return str(self.content) if self.has_class("-shown") else ""


class FieldRow(Vertical):
    """A label, the control(s), and an error line under them, as one block of a form."""

    DEFAULT_CSS = """
    FieldRow {
        height: auto;
        margin-bottom: 1;
    }
    FieldRow > Label.field-label { color: $text-muted; }
    FieldRow.-invalid > Label.field-label { color: $text-error; }
    """

    def __init__(self, label: str, *children: Widget, field: str, hint: str = "") -> None:
        super().__init__(id=f"{field}-row")
        self.field = field
        self._label = label
        self._hint = hint
        self._children = children

    def compose(self) -> ComposeResult:
        text = Content(self._label)
        if self._hint:
            text = Content.assemble(text, ("  " + self._hint, "dim"))
        yield Label(text, classes="field-label")
        yield from self._children
        yield ErrorLine(id=f"{self.field}-error")

    def set_error(self, message: str | None) -> None:
        """Show or clear the field's error."""
        self.query_one(ErrorLine).show_error(message)
        self.set_class(bool(message), "-invalid")


class WhenField(FieldRow):
    """A time typed in the user's zone, with what it reads as shown under it as it is typed
    (or why it reads as nothing). Left as shown, it stands for ``instant`` exactly, not
    for the minute on screen."""

    DEFAULT_CSS = """
    WhenField > .when-preview { color: $text-muted; }
    """

    def __init__(
        self,
        label: str,
        *,
        field: str,
        instant: Timestamp,
        now: Timestamp,
        zone: str,
        note: Callable[[Timestamp], str] | None = None,
        check: Callable[[Timestamp], None] | None = None,
    ) -> None:
        """``note`` adds words to the preview of a time; ``check`` refuses a time that
        reads but will not do, raising WhenError."""
        self._instant = instant
        self._now = now
        self._zone = zone
        self._note = note
        self._check = check
        self._shown = local_text(instant, zone)
        super().__init__(
            label,
            Input(self._shown, placeholder=EXAMPLES, id=field),
            Static(id=f"{field}-preview", classes="when-preview"),
            field=field,
            hint=f"your time ({zone}), e.g. {EXAMPLES}",
        )

    def on_mount(self) -> None:
        self.check()

    def value(self) -> Timestamp:
        """The typed time as a UTC timestamp; raises WhenError."""
        text = self.query_one(Input).value
        if text.strip() == self._shown:
            return self._instant
        at = parse_when(text, now=self._now, home_timezone=self._zone)
        if self._check is not None:
            self._check(at)
        return at

    def check(self) -> Timestamp | None:
        """The typed time, shown as read; or None, with the reason shown as the error."""
        preview = self.query_one(".when-preview", Static)
        try:
            at = self.value()
        except WhenError as error:
            preview.update("")
            self.set_error(str(error))
            return None
        self.set_error(None)
        note = self._note(at) if self._note is not None else ""
        preview.update(Content(f"= {describe_exactly(at, self._zone)}{note}"))
        return at

    def focus_input(self) -> None:
        """Put the cursor in the time, to fix it."""
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _typed(self) -> None:
        self.check()


@functools.cache
def _zone_names() -> tuple[str, ...]:
    # The zone list is a directory walk: read it once, the first time someone types a zone.
    return tuple(sorted(zoneinfo.available_timezones() - {"localtime", "Factory"}))


class TimezoneSuggester(Suggester):
    """Completes a time-zone name inline (accept with the right arrow or End)."""

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=False)

    async def get_suggestion(self, value: str) -> str | None:
        """The first IANA name that starts with what was typed (any letter case)."""
        typed = value.replace(" ", "_")
        if len(typed) < 2:
            return None
        for zone in _zone_names():
            if zone.casefold().startswith(typed):
                return zone
        return None


class ContactPicker(ActsFromTable, Vertical):
    """Pick one contact by typing part of a name: up to eight matches list under the input.

    Down moves into the matches, Enter picks (from the input: the first match), Escape
    closes the list. Matching is a substring search over names and companies, so it stays
    quick with tens of thousands of contacts, and people with the same name are told apart
    by their company. ``selected_id`` is the pick, or None.
    """

    DEFAULT_CSS = """
    ContactPicker { height: auto; }
    ContactPicker > OptionList {
        display: none;
        height: auto;
        max-height: 8;
    }
    ContactPicker.-open > OptionList { display: block; }
    """

    PLACE = CONTACT_PICKER
    BINDINGS = CONTACT_PICKER.bindings()

    MAX_MATCHES = 8

    def __init__(
        self,
        contacts: Sequence[Contact],
        *,
        selected_id: str | None = None,
        exclude_id: str | None = None,
        input_id: str,
        placeholder: str = "",
    ) -> None:
        super().__init__(id=f"{input_id}-picker")
        self._contacts = {c.id: c for c in contacts if c.id != exclude_id}
        # Folded once, so each keystroke is one pass of plain string searches; names and
        # companies as the picker shows them, so what is typed matches what is shown.
        self._index = [
            (c.id, printable(c.name).casefold(), printable(c.company).casefold())
            for c in self._contacts.values()
        ]
        self._input_id = input_id
        self._placeholder = placeholder
        # A referrer missing from ``contacts`` (deleted meanwhile) shows as nobody.
        self.selected_id = selected_id if selected_id in self._contacts else None

    def compose(self) -> ComposeResult:
        selected = self._contacts.get(self.selected_id or "")
        yield Input(
            printable(selected.name) if selected else "",
            placeholder=self._placeholder,
            id=self._input_id,
        )
        yield OptionList(id=f"{self._input_id}-matches", markup=False)

    @property
    def text(self) -> str:
        """What is typed in the input."""
        return self.query_one(Input).value

    def matches(self, query: str) -> list[Contact]:
        """Contacts whose name (first) or company contains ``query``, best first."""
        folded = query.strip().casefold()
        if not folded:
            return []
        starts: list[str] = []
        inside: list[str] = []
        company: list[str] = []
        for contact_id, name, firm in self._index:
            if name.startswith(folded):
                starts.append(contact_id)
            elif folded in name:
                inside.append(contact_id)
            elif folded in firm:
                company.append(contact_id)
            if len(starts) >= self.MAX_MATCHES:
                break
        ids = (starts + inside + company)[: self.MAX_MATCHES]
        return [self._contacts[i] for i in ids]

    def resolve(self) -> str | None:
        """The picked contact's id; a typed name that matches exactly one contact counts as
        picked. Raises FieldError when the text names nobody, or several people."""
        text = self.text.strip()
        if not text:
            return None
        if self.selected_id is not None:
            return self.selected_id
        folded = text.casefold()
        same = [i for i, name, _ in self._index if name == folded]
        if len(same) == 1:
            return same[0]
        if same:
            raise FieldError(
                f"{len(same)} contacts are called {text!r}: pick one from the list (Down)"
            )
        raise FieldError(f"No contact is called {text!r}: pick one from the list, or clear it")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        # Not stopped: the form re-checks a field marked wrong as it is edited.
        selected = self._contacts.get(self.selected_id or "")
        if selected is not None and event.value == printable(selected.name):
            return
        self.selected_id = None
        self._show_matches(self.matches(event.value))

    @on(Input.Submitted)
    def _pick_first(self, event: Input.Submitted) -> None:
        event.stop()
        option_list = self.query_one(OptionList)
        if self.has_class("-open") and option_list.option_count:
            self._pick(option_list.get_option_at_index(0).id)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option.id)

    def _pick(self, contact_id: str | None) -> None:
        contact = self._contacts.get(contact_id or "")
        if contact is None:
            return
        self.selected_id = contact.id
        # Set before the value so the Changed handler sees the pick and keeps it.
        self.query_one(Input).value = printable(contact.name)
        self.remove_class("-open")
        self.query_one(Input).focus()
        self.post_message(self.Picked(self, contact.id))

    def _show_matches(self, contacts: Iterable[Contact]) -> None:
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        for contact in contacts:
            label = Content(printable(contact.name))
            if contact.company:
                label = Content.assemble(label, (f"  {printable(contact.company)}", "dim"))
            option_list.add_option(Option(label, id=contact.id))
        self.set_class(option_list.option_count > 0, "-open")

    def applies(self, action: Action) -> bool | None:
        """Down and Escape belong to the picker only while its list is open."""
        return self.has_class("-open")

    def action_open_matches(self) -> None:
        """Move focus into the matches."""
        option_list = self.query_one(OptionList)
        option_list.focus()
        if option_list.highlighted is None:
            option_list.highlighted = 0

    def action_close_matches(self) -> None:
        """Hide the matches and go back to typing."""
        self.remove_class("-open")
        self.query_one(Input).focus()

    class Picked(Message):
        """Sent when a contact was picked from the matches."""

        def __init__(self, picker: ContactPicker, contact_id: str) -> None:
            super().__init__()
            self.picker = picker
            self.contact_id = contact_id
