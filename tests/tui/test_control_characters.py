"""Control characters everywhere a contact shows: a contact whose name, title, company,
notes, touch, interview place and follow-up reason hold ESC, C1 controls, NUL and newlines.
The card, the Workbook screen's list and panes, the palette, the lead form's picker, the
compose screen (and what it copies) and notifications draw visible symbols, never the
characters themselves (which the terminal would take as instructions); tabs in notes are
drawn as spaces. The edit form shows the
symbols, says so, and saves what it shows. (The delete dialog and the log-touch screen are
covered in test_hostile_text.py.)"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Label, Static, TextArea
from textual.widgets._toast import Toast

from informterm.core.model import (
    Contact,
    FollowUp,
    FollowUpKind,
    Interview,
    Medium,
    Touch,
)
from informterm.store import Workbook, open_workbook
from informterm.tui.commands import table_commands
from informterm.tui.screens.contact_form import MADE_VISIBLE, ContactForm
from informterm.tui.screens.workbook_screen import WorkbookScreen
from informterm.tui.widgets.form_fields import ErrorLine
from tests.tui.conftest import screen_text

EVIL = "c-evil"
NAME = "Esc \x1b[2J\x1b]0;pwned\x07 Name \x9b6n\x00"
COMPANY = "Acme\nEvil\x1b[31m"
NOTES = "first line\n\x1b[2Jsecond \x9b\x00 line\n\tindented"
SUMMARY = "said \x1b]0;pwned\x07 hi\nthere"

SHOWN_NAME = "Esc ␛[2J␛]0;pwned␇ Name \\x9b6n␀"
SHOWN_COMPANY = "Acme␊Evil␛[31m"
SHOWN_NOTES = "first line\n␛[2Jsecond \\x9b␀ line\n\tindented"
# Notes keep their tabs, which the renderers lay out as spaces.
DRAWN_NOTES = "first line\n␛[2Jsecond \\x9b␀ line\n        indented"
SHOWN_SUMMARY = "said ␛]0;pwned␇ hi␊there"

# Any C0 control but the newline between screen lines, DEL, a C1 control, or a lone
# surrogate (which the terminal's encoder would refuse).
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[Workbook]:
    """A workbook with the hostile contact, a lead they introduced, a touch, an upcoming
    interview with notes and an open follow-up."""
    with open_workbook(tmp_path / "hostile.json") as book:
        book.add(
            Contact(
                id=EVIL,
                name=NAME,
                company=COMPANY,
                title="Head\x9bof\x1b",
                research_notes=NOTES,
            )
        )
        book.add(Contact(name="Lena Lead", referred_by=EVIL))
        book.add(Touch(contact_id=EVIL, at="2026-11-20T10:00:00Z", summary=SUMMARY))
        book.add(
            Interview(
                contact_id=EVIL,
                starts_at="2026-11-26T15:00:00Z",
                timezone="Europe/London",
                medium=Medium.IN_PERSON,
                place="Cafe\x1b[5m\nUpstairs",
                notes=NOTES,
            )
        )
        book.add(
            FollowUp(
                contact_id=EVIL,
                due="2026-11-27T09:00:00Z",
                kind=FollowUpKind.CUSTOM,
                reason="Ask\x1b[2J again\nsoon",
                rule="test",
            )
        )
        yield book


def assert_nothing_unsafe(app: Any) -> str:
    """The screen as drawn, checked to hold no control character; returned."""
    shown = screen_text(app)
    found = sorted({f"U+{ord(char):04X}" for char in UNSAFE.findall(shown)})
    assert not found, f"control characters drawn: {found}\n{shown}"
    return shown


def rendered(widget: Any) -> str:
    """The lines a widget draws, as text."""
    return "\n".join(
        strip.text.rstrip() for strip in widget.render_lines(widget.region.reset_offset)
    )


async def toasts_drawn(pilot: Any, count: int) -> None:
    """Let ``count`` notifications be mounted on the screen and drawn."""
    for _ in range(20):
        if len(pilot.app.screen.query(Toast)) >= count:
            break
        await pilot.pause()
    await pilot.pause()


async def open_card(app: Any, pilot: Any) -> None:
    await pilot.pause()
    app.open_contact_card(EVIL)
    await pilot.pause()


async def test_the_card_shows_control_characters_as_symbols(make: Any, hostile: Workbook) -> None:
    app = make(hostile)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_card(app, pilot)
        shown = assert_nothing_unsafe(app)
        assert SHOWN_NAME in rendered(app.screen.query_one("#card-name", Static))
        assert f"Head\\x9bof␛ at {SHOWN_COMPANY}" in shown
        fields = rendered(app.screen.query_one("#card-fields", Static))
        assert f"Company         {SHOWN_COMPANY}" in fields
        assert DRAWN_NOTES in rendered(app.screen.query_one("#card-notes", Static))
        assert SHOWN_SUMMARY in rendered(app.screen.query_one("#card-touches", Static))
        assert "Cafe␛[5m␊Upstairs" in rendered(app.screen.query_one("#card-interviews"))
        assert "Ask␛[2J again␊soon" in rendered(app.screen.query_one("#card-follow-ups", Static))
        assert app.screen.title == SHOWN_NAME
        # The lead's card: the introducer in the referral chain.
        app.open_contact_card(hostile.contacts()[1].id)
        await pilot.pause()
        assert f"↑ {SHOWN_NAME}  {SHOWN_COMPANY}" in assert_nothing_unsafe(app)


async def test_the_edit_form_shows_saves_and_says_what_it_shows(
    make: Any, hostile: Workbook
) -> None:
    app = make(hostile)
    async with app.run_test(size=(120, 50), notifications=True) as pilot:
        await open_card(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        assert_nothing_unsafe(app)
        assert rendered(form.query_one("#form-made-visible", Label)) == MADE_VISIBLE
        name = form.query_one("#name", Input)
        assert name.value == SHOWN_NAME
        assert SHOWN_NAME in name.render_line(0).text
        assert form.query_one("#company", Input).value == SHOWN_COMPANY
        notes = form.query_one("#research-notes", TextArea)
        assert notes.text == SHOWN_NOTES
        assert "␛[2Jsecond \\x9b␀ line" in rendered(notes)
        assert "\t" not in rendered(notes), "the tab is laid out as spaces"
        assert f"Edit {SHOWN_NAME}" in rendered(form.query_one("#form-title", Label))
        # Saving keeps what the form showed.
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await toasts_drawn(pilot, 1)
        with open_workbook(hostile.path, read_only=True) as reader:
            saved = reader.get(Contact, EVIL)
        assert (saved.name, saved.company, saved.research_notes) == (
            SHOWN_NAME,
            SHOWN_COMPANY,
            SHOWN_NOTES,
        )
        assert f"Saved {SHOWN_NAME}" in assert_nothing_unsafe(app)
        # Now that it holds none, the form has no warning; nor has a new contact's.
        app.edit_contact(EVIL)
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)
        assert not app.screen.query("#form-made-visible")
        await pilot.press("escape")
        app.new_contact()
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)
        assert not app.screen.query("#form-made-visible")


async def save_form(app: Any, pilot: Any, workbook: Workbook, name: str) -> Contact:
    """Save the form in front (ctrl+s) and return the contact it saved as ``name``."""
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return next(c for c in workbook.contacts() if c.name == name)


async def test_a_lead_form_picks_the_introducer_by_the_name_it_shows(
    make: Any, hostile: Workbook
) -> None:
    app = make(hostile)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_card(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        assert form.query_one("#referred-by", Input).value == SHOWN_NAME
        assert_nothing_unsafe(app)
        form.query_one("#name", Input).value = "Second Lead"
        lead = await save_form(app, pilot, hostile, "Second Lead")
        assert lead.referred_by == EVIL


async def test_the_picker_finds_a_contact_by_the_name_it_shows(
    make: Any, hostile: Workbook
) -> None:
    app = make(hostile)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        app.new_contact()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        form.query_one("#name", Input).value = "Typed Lead"
        form.query_one("#referred-by", Input).value = SHOWN_NAME  # as typed or pasted
        await pilot.pause()
        lead = await save_form(app, pilot, hostile, "Typed Lead")
        assert lead.referred_by == EVIL


async def test_a_form_error_naming_the_contact_shows_symbols(make: Any, hostile: Workbook) -> None:
    app = make(hostile)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_card(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        # Their own lead as their introducer: the error names them both.
        form.query_one("#referred-by", Input).value = "Lena Lead"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = rendered(form.query_one("#referred-by-error", ErrorLine))
        assert f"Lena Lead was introduced through {SHOWN_NAME}: that would" in error
        assert_nothing_unsafe(app)
        # Themselves, by the name the form shows.
        form.query_one("#referred-by", Input).value = SHOWN_NAME
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = rendered(form.query_one("#referred-by-error", ErrorLine))
        assert error.startswith("A contact cannot be referred by themselves")


async def test_notifications_show_them_as_symbols(make: Any, hostile: Workbook) -> None:
    app = make(hostile)
    async with app.run_test(size=(120, 50), notifications=True) as pilot:
        await open_card(app, pilot)
        await pilot.press("a")
        await app.workers.wait_for_complete()
        await toasts_drawn(pilot, 1)
        assert f"Archived {SHOWN_NAME}" in assert_nothing_unsafe(app)
        app.notify(f"A {NAME} note", title=COMPANY, markup=False)
        await toasts_drawn(pilot, 2)
        shown = assert_nothing_unsafe(app)
        assert f"A {SHOWN_NAME} note" in shown and SHOWN_COMPANY in shown


async def test_the_list_and_panes_show_them_as_symbols(make: Any, hostile: Workbook) -> None:
    app = make(hostile)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WorkbookScreen)
        screen.select_contact(EVIL)
        await pilot.pause()
        shown = assert_nothing_unsafe(app)
        assert f" Esc ␛[2J␛]0;pwne…  {SHOWN_COMPANY}   prospect" in shown  # the list row
        assert "Cafe␛[5m␊Upstairs" in rendered(screen.query_one("#prep-pane"))
        notes = screen.query_one("#notes-pane")
        assert SHOWN_NOTES in str(notes.body)  # type: ignore[attr-defined]
        assert DRAWN_NOTES in rendered(notes.query_one(".pane-body"))
        assert "Ask␛[2J again␊soon" in shown
        # The palette's commands for the highlighted contact.
        titles = [title for title, _, _ in table_commands(screen)]
        assert f"contact: Open {SHOWN_NAME}" in titles
        assert not UNSAFE.search("".join(titles))


async def test_a_lone_surrogate_in_the_list_is_drawn_as_its_escape(
    make: Any, hostile: Workbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The workbook refuses to store one; should one come in some other way (a JSON "\ud800"
    # decodes to one), the list must still not hand it to the terminal, whose encoder raises.
    stored = Workbook.contacts

    def odd_names(self: Workbook, *, include_archived: bool = False) -> list[Contact]:
        return [
            replace(contact, name=contact.name.replace("Lena", "Le\ud800na"))
            for contact in stored(self, include_archived=include_archived)
        ]

    monkeypatch.setattr(Workbook, "contacts", odd_names)
    app = make(hostile)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        shown = assert_nothing_unsafe(app)
        assert " Le\\ud800na Lead " in shown
        shown.encode("utf-8")


async def test_the_compose_screen_fills_and_copies_them_as_symbols(
    make: Any, hostile: Workbook
) -> None:
    from informterm.tui.screens.compose import ComposeScreen

    lead = next(contact for contact in hostile.contacts() if contact.referred_by == EVIL)
    [follow_up] = hostile.follow_ups_of(EVIL)
    hostile.update(follow_up, draft="Dear \x1b[2J you\n\x9bdraft")
    app = make(hostile)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.compose_message(lead.id)
        await pilot.pause()
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        assert compose.subject == f"{SHOWN_NAME} suggested I write to you"
        assert f"{SHOWN_NAME} suggested I write to you." in compose.body
        assert_nothing_unsafe(app)
        await pilot.press("ctrl+g")
        assert not UNSAFE.search(app.clipboard.replace("\n", ""))
        await pilot.press("escape")
        await pilot.pause()
        app.compose_message(EVIL, follow_up.id)
        await pilot.pause()
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        assert compose.body == "Dear ␛[2J you\n\\x9bdraft"
        shown = assert_nothing_unsafe(app)
        assert f"Message to {SHOWN_NAME}  Head\\x9bof␛ at {SHOWN_COMPANY}" in shown
