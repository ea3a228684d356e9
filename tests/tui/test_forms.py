"""Pilot tests of the modals: contact form, confirm, log touch, stage picker and help.

Each test pushes one modal on a tiny App over a real workbook in tmp_path, drives it with
keys and checks what it dismissed with and what it showed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList, Select, Static, TextArea

from informterm.core.fields import check_url, parse_emails
from informterm.core.model import (
    Channel,
    Contact,
    Direction,
    Source,
    Stage,
    Touch,
    TouchKind,
)
from informterm.store import Workbook, open_workbook
from informterm.tui.screens.confirm import ConfirmScreen
from informterm.tui.screens.contact_form import ContactForm
from informterm.tui.screens.help_screen import HelpScreen, collect_bindings
from informterm.tui.screens.log_touch import LogTouchScreen
from informterm.tui.screens.stage_picker import StagePicker
from informterm.tui.widgets.form_fields import ErrorLine

NOW = "2026-11-20T13:45:10Z"  # 14:45 in Paris
SIZE = (120, 40)
TRICKY_NAMES = ["Ann [/] Lee", "[bold]Bob", "[link=https://x]y[/link]", "Zoë 🎉", "שרה כהן"]
_NO_RESULT = object()


class ModalApp(App[None]):
    """Pushes one screen and records what it dismissed with."""

    BINDINGS = [Binding("f9", "noop", "Nothing", id="test-noop", tooltip="A test key")]

    def __init__(self, make_screen: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.result: Any = _NO_RESULT

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), self._record)

    def _record(self, value: Any) -> None:
        self.result = value

    def action_noop(self) -> None:
        pass

    @property
    def dismissed(self) -> bool:
        return self.result is not _NO_RESULT


@pytest.fixture
def workbook(tmp_path: Path) -> Iterator[Workbook]:
    book = open_workbook(tmp_path / "wb.json")
    yield book
    book.close()


@pytest.fixture
def people(workbook: Workbook) -> dict[str, Contact]:
    """Ann introduced Bob, Bob introduced Cy; two Dana Smiths at different companies."""
    ann = workbook.add(Contact(name="Ann [/] Lee", company="[bold]Acme"))
    bob = workbook.add(Contact(name="[bold]Bob", company="Initech", referred_by=ann.id))
    cy = workbook.add(Contact(name="Cy", referred_by=bob.id))
    dana1 = workbook.add(Contact(name="Dana Smith", company="Globex"))
    dana2 = workbook.add(Contact(name="Dana Smith", company="Umbrella"))
    return {"ann": ann, "bob": bob, "cy": cy, "dana1": dana1, "dana2": dana2}


@asynccontextmanager
async def running(
    make_screen: Callable[[], Screen[Any]], size: tuple[int, int] = SIZE
) -> AsyncIterator[tuple[ModalApp, Pilot[None]]]:
    app = ModalApp(make_screen)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield app, pilot


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    """Focus a field, clear it and type ``text`` key by key."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = ""
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause()


def error_of(app: App[Any], field: str) -> str:
    return app.screen.query_one(f"#{field}-error", ErrorLine).message


def text_of(app: App[Any], selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def choose(pilot: Pilot[None], selector: str, label: str) -> None:
    """Pick an option of a Select with the keyboard: open it, type to search, Enter."""
    pilot.app.screen.query_one(selector, Select).focus()
    await pilot.press("enter")
    await pilot.press(*label)
    await pilot.press("enter")
    await pilot.pause()


# -- pure helpers -------------------------------------------------------------------------------


def test_parse_emails_accepts_a_list_and_names_the_bad_one() -> None:
    assert parse_emails(" a@b.co, x.y+z@mail.example.org ,, ") == [
        "a@b.co",
        "x.y+z@mail.example.org",
    ]
    with pytest.raises(ValueError, match=r"'ann\.example\.com' is not an email address"):
        parse_emails("ok@x.io, ann.example.com")
    with pytest.raises(ValueError, match=r"'a@b\.\.com' is not an email address: the domain"):
        parse_emails("a@b..com")
    for bad in ("a@b", "a b@c.de", "@c.de", "a@@c.de", "a@c.d", "a@b.com/in/x"):
        with pytest.raises(ValueError):
            parse_emails(bad)


def test_check_url() -> None:
    assert check_url("  ") == ""
    assert check_url("https://www.linkedin.com/in/ann") == "https://www.linkedin.com/in/ann"
    assert check_url("http://example.org") == "http://example.org"
    with pytest.raises(ValueError, match="Start the URL with https://"):
        check_url("linkedin.com/in/ann")
    with pytest.raises(ValueError, match="Only http"):
        check_url("ftp://example.org/x")
    with pytest.raises(ValueError, match="needs a host"):
        check_url("https://")
    with pytest.raises(ValueError, match="cannot contain spaces"):
        check_url("https://exa mple.org")


# -- contact form -------------------------------------------------------------------------------


async def test_new_contact_every_field(workbook: Workbook, people: dict[str, Contact]) -> None:
    contacts = workbook.contacts()
    async with running(lambda: ContactForm(None, contacts=contacts)) as (app, pilot):
        assert app.screen.focused is app.screen.query_one("#name")
        await pilot.press(*"Zoë [/]")
        # Pilot cannot press an emoji key; paste-like assignment stands in for it (the
        # end-to-end first-run test types one through a real terminal).
        app.screen.query_one("#name", Input).value += " 🎉"
        await type_into(pilot, "#title", "Data [b]lead")
        await type_into(pilot, "#company", "Acme")
        await type_into(pilot, "#field", "Public health")
        await type_into(pilot, "#location", "Lyon")
        await type_into(pilot, "#timezone", "europe/paris")
        await type_into(pilot, "#emails", "zoe@acme.fr, z@ex.org")
        await type_into(pilot, "#phones", "+33 1 23, 555")
        await type_into(pilot, "#profile-url", "https://example.org/zoe")
        await choose(pilot, "#source", "alumni")
        await type_into(pilot, "#tags", "#health, data, health")
        await choose(pilot, "#stage", "research")
        await type_into(pilot, "#priority", "2")
        await type_into(pilot, "#keep-in-touch", "45")
        notes = app.screen.query_one("#research-notes", TextArea)
        notes.focus()
        await pilot.press(*"Ran [red]the[/] study")
        await pilot.press("ctrl+s")
        await pilot.pause()
    contact = app.result
    assert isinstance(contact, Contact)
    assert contact.name == "Zoë [/] 🎉"
    assert contact.title == "Data [b]lead"
    assert (contact.company, contact.field, contact.location) == ("Acme", "Public health", "Lyon")
    assert contact.timezone == "Europe/Paris"
    assert contact.emails == ["zoe@acme.fr", "z@ex.org"]
    assert contact.phones == ["+33 1 23", "555"]
    assert contact.profile_url == "https://example.org/zoe"
    assert contact.source is Source.ALUMNI
    assert contact.tags == ["health", "data"]
    assert contact.stage is Stage.RESEARCHING
    assert contact.priority == 2
    assert contact.keep_in_touch_days == 45
    assert contact.research_notes == "Ran [red]the[/] study"
    assert contact.referred_by is None
    assert workbook.find(Contact, contact.id) is None  # returned, not saved


async def test_name_is_required_and_the_form_stays_open(workbook: Workbook) -> None:
    async with running(lambda: ContactForm(None, contacts=[])) as (app, pilot):
        await type_into(pilot, "#company", "Acme")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert error_of(app, "name") == "A name is required"
        assert "1 field to fix" in error_of(app, "form")
        assert app.screen.focused is app.screen.query_one("#name")
        # Typing a name clears the message at once.
        await pilot.press("A")
        await pilot.pause()
        assert error_of(app, "name") == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert isinstance(app.result, Contact) and app.result.name == "A"


async def test_bad_email_url_and_numbers_show_messages(workbook: Workbook) -> None:
    async with running(lambda: ContactForm(None, contacts=[])) as (app, pilot):
        await pilot.press(*"Ann")
        await type_into(pilot, "#emails", "ann@acme.com, ann(at)acme")
        await type_into(pilot, "#profile-url", "linkedin.com/in/ann")
        await type_into(pilot, "#priority", "")
        await type_into(pilot, "#keep-in-touch", "every month")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert error_of(app, "emails") == (
            "'ann(at)acme' is not an email address: it needs exactly one @, as in name@example.com"
        )
        assert error_of(app, "profile-url") == (
            "Start the URL with https:// (e.g. https://linkedin.com/in/ann)"
        )
        assert "none to turn it off" in error_of(app, "keep-in-touch")
        assert "3 fields to fix" in error_of(app, "form")
        assert app.screen.focused is app.screen.query_one("#emails")
        await type_into(pilot, "#keep-in-touch", "-3")
        assert "a number of days" in error_of(app, "keep-in-touch")
        await type_into(pilot, "#keep-in-touch", "")
        assert error_of(app, "keep-in-touch") == ""
        await type_into(pilot, "#emails", "ann@acme.com")
        await type_into(pilot, "#profile-url", "https://linkedin.com/in/ann")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result.emails == ["ann@acme.com"]
    assert app.result.keep_in_touch_days is None
    assert app.result.priority == 0


async def test_priority_must_be_a_whole_number(workbook: Workbook) -> None:
    async with running(lambda: ContactForm(None, contacts=[])) as (app, pilot):
        await pilot.press(*"Ann")
        app.screen.query_one("#priority", Input).value = "high"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert error_of(app, "priority") == "Priority must be a whole number (0 or more)"


async def test_unknown_time_zone_suggests_and_enter_takes_the_first(workbook: Workbook) -> None:
    async with running(lambda: ContactForm(None, contacts=[])) as (app, pilot):
        await pilot.press(*"Ann")
        await type_into(pilot, "#timezone", "Europe/Pariss")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        message = error_of(app, "timezone")
        assert message.startswith("Unknown time zone 'Europe/Pariss'")
        assert "Europe/Paris" in message
        button = app.screen.query_one("#timezone-suggestion", Button)
        assert button.display and str(button.label) == "Use Europe/Paris"
        assert app.screen.focused is app.screen.query_one("#timezone")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#timezone", Input).value == "Europe/Paris"
        assert error_of(app, "timezone") == ""
        assert not app.screen.query_one("#timezone-suggestion", Button).display
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result.timezone == "Europe/Paris"


async def test_time_zone_suggestion_button_and_check_on_leaving(workbook: Workbook) -> None:
    async with running(lambda: ContactForm(None, contacts=[])) as (app, pilot):
        await pilot.press(*"Ann")
        await type_into(pilot, "#timezone", "new york")
        await pilot.press("tab")  # leaving the field checks it
        await pilot.pause()
        assert "America/New_York" in error_of(app, "timezone")
        assert app.screen.focused is app.screen.query_one("#emails")
        await pilot.press("shift+tab")  # the suggestion sits right after the field
        assert app.screen.focused is app.screen.query_one("#timezone-suggestion")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#timezone", Input).value == "America/New_York"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result.timezone == "America/New_York"


async def test_time_zone_completes_inline(workbook: Workbook) -> None:
    async with running(lambda: ContactForm(None, contacts=[])) as (app, pilot):
        await type_into(pilot, "#timezone", "asia/tok")
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.query_one("#timezone", Input).value == "Asia/Tokyo"


async def test_a_taken_suggestion_leaves_the_cursor_at_the_end(workbook: Workbook) -> None:
    async with running(lambda: ContactForm(None, contacts=[])) as (app, pilot):
        zone = app.screen.query_one("#timezone", Input)
        await type_into(pilot, "#timezone", "America/New_Yor")
        await pilot.press("enter")  # Enter takes the first suggestion
        await pilot.pause()
        assert zone.value == "America/New_York"
        assert zone.cursor_position == len("America/New_York")
        await pilot.press("x")
        assert zone.value == "America/New_Yorkx"
        await type_into(pilot, "#timezone", "america/new_yo")
        await pilot.press("right")  # the inline completion
        await pilot.press("x")
        assert zone.value == "America/New_Yorkx"


@pytest.mark.parametrize("press", ["enter", "click"])
async def test_the_suggestion_button_fills_the_zone_and_moves_on(
    workbook: Workbook, press: str
) -> None:
    async with running(lambda: ContactForm(None, contacts=[])) as (app, pilot):
        await pilot.press(*"Ann")
        await type_into(pilot, "#timezone", "new york")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "1 field to fix" in error_of(app, "form")
        button = app.screen.query_one("#timezone-suggestion", Button)
        if press == "click":
            await pilot.click(button)
        else:
            button.focus()
            await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#timezone", Input).value == "America/New_York"
        assert error_of(app, "timezone") == ""
        assert not button.display
        assert app.screen.focused is app.screen.query_one("#emails")
        assert error_of(app, "form") == ""
        await pilot.press(*"ann@example.com")
        assert app.screen.query_one("#emails", Input).value == "ann@example.com"


async def test_the_summary_follows_the_fields_as_they_are_fixed(
    workbook: Workbook, people: dict[str, Contact]
) -> None:
    everyone = list(people.values())
    async with running(lambda: ContactForm(None, contacts=everyone)) as (app, pilot):
        await type_into(pilot, "#emails", "ann(at)acme")
        await type_into(pilot, "#referred-by", "Nobody")
        await type_into(pilot, "#priority", "")
        app.screen.query_one("#priority", Input).value = "high"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_of(app, "form") == "4 fields to fix (marked in red)"
        await type_into(pilot, "#priority", "2")
        assert error_of(app, "form") == "3 fields to fix (marked in red)"
        await type_into(pilot, "#referred-by", "")  # nobody is a valid answer
        assert error_of(app, "referred-by") == ""
        assert error_of(app, "form") == "2 fields to fix (marked in red)"
        await type_into(pilot, "#emails", "ann@acme.com")
        assert error_of(app, "form") == "1 field to fix (marked in red)"
        await type_into(pilot, "#name", "Ann")
        assert error_of(app, "form") == ""
        assert not app.screen.query_one("#form-error", ErrorLine).display
        await type_into(pilot, "#name", "")  # wrong again after all: it comes back
        assert error_of(app, "form") == "1 field to fix (marked in red)"


async def test_referred_by_is_picked_from_matches(
    workbook: Workbook, people: dict[str, Contact]
) -> None:
    contacts = workbook.contacts()
    async with running(lambda: ContactForm(None, contacts=contacts)) as (app, pilot):
        await pilot.press(*"Eve")
        await type_into(pilot, "#referred-by", "dana")
        matches = app.screen.query_one("#referred-by-matches", OptionList)
        assert matches.display and matches.option_count == 2
        await pilot.press("down")  # into the matches
        assert app.screen.focused is matches
        await pilot.press("down", "enter")
        await pilot.pause()
        assert not matches.display
        assert app.screen.focused is app.screen.query_one("#referred-by")
        assert app.screen.query_one("#source", Select).value is Source.REFERRAL
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result.referred_by == people["dana2"].id
    assert app.result.source is Source.REFERRAL


async def test_referred_by_enter_takes_the_first_match_and_markup_names_are_safe(
    workbook: Workbook, people: dict[str, Contact]
) -> None:
    for name in TRICKY_NAMES[2:]:
        workbook.add(Contact(name=name))
    contacts = workbook.contacts()
    async with running(lambda: ContactForm(None, contacts=contacts)) as (app, pilot):
        await pilot.press(*"Eve")
        await type_into(pilot, "#referred-by", "[")
        matches = app.screen.query_one("#referred-by-matches", OptionList)
        shown = [str(matches.get_option_at_index(i).prompt) for i in range(matches.option_count)]
        assert "[bold]Bob  Initech" in shown
        assert "[link=https://x]y[/link]" in shown
        await type_into(pilot, "#referred-by", "ann [/")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#referred-by", Input).value == "Ann [/] Lee"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result.referred_by == people["ann"].id


async def test_escape_closes_the_matches_before_the_form(
    workbook: Workbook, people: dict[str, Contact]
) -> None:
    contacts = workbook.contacts()
    async with running(lambda: ContactForm(None, contacts=contacts)) as (app, pilot):
        await type_into(pilot, "#referred-by", "cy")
        matches = app.screen.query_one("#referred-by-matches", OptionList)
        assert matches.display
        await pilot.press("escape")
        await pilot.pause()
        assert not matches.display and not app.dismissed
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Dana Smith", "2 contacts are called 'Dana Smith': pick one from the list"),
        ("Nobody Here", "No contact is called 'Nobody Here'"),
    ],
)
async def test_referred_by_must_name_one_contact(
    workbook: Workbook, people: dict[str, Contact], typed: str, message: str
) -> None:
    contacts = workbook.contacts()
    async with running(lambda: ContactForm(None, contacts=contacts)) as (app, pilot):
        await pilot.press(*"Eve")
        app.screen.query_one("#referred-by", Input).value = typed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert error_of(app, "referred-by").startswith(message)


async def test_a_typed_exact_name_counts_as_picked(
    workbook: Workbook, people: dict[str, Contact]
) -> None:
    contacts = workbook.contacts()
    async with running(lambda: ContactForm(None, contacts=contacts)) as (app, pilot):
        await pilot.press(*"Eve")
        app.screen.query_one("#referred-by", Input).value = "cy"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result.referred_by == people["cy"].id


async def test_a_contact_cannot_refer_themselves_or_make_a_loop(
    workbook: Workbook, people: dict[str, Contact]
) -> None:
    ann = people["ann"]
    contacts = workbook.contacts()
    async with running(lambda: ContactForm(ann, contacts=contacts)) as (app, pilot):
        await type_into(pilot, "#referred-by", "Ann")
        matches = app.screen.query_one("#referred-by-matches", OptionList)
        assert matches.option_count == 0  # never offered to themselves
        app.screen.query_one("#referred-by", Input).value = "Ann [/] Lee"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert error_of(app, "referred-by") == "A contact cannot be referred by themselves"
        # Cy was introduced by Bob, whom Ann introduced: Cy cannot have introduced Ann.
        app.screen.query_one("#referred-by", Input).value = "Cy"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert error_of(app, "referred-by") == (
            "Cy was introduced through Ann [/] Lee: that would make a loop"
        )


async def test_edit_keeps_identity_and_changes_fields(
    workbook: Workbook, people: dict[str, Contact]
) -> None:
    bob = workbook.update(
        people["bob"], archived=True, emails=["b@x.io"], tags=["x"], keep_in_touch_days=30
    )
    contacts = workbook.contacts(include_archived=True)
    async with running(lambda: ContactForm(bob, contacts=contacts)) as (app, pilot):
        assert str(app.screen.query_one("#form-title", Static).content) == "Edit [bold]Bob"
        assert app.screen.query_one("#name", Input).value == "[bold]Bob"
        assert app.screen.query_one("#referred-by", Input).value == "Ann [/] Lee"
        assert app.screen.query_one("#keep-in-touch", Input).value == "30"
        await type_into(pilot, "#name", "Bob B")
        await type_into(pilot, "#referred-by", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
    edited = app.result
    assert (edited.id, edited.created_at, edited.archived) == (bob.id, bob.created_at, True)
    assert edited.name == "Bob B" and edited.referred_by is None
    assert edited.emails == ["b@x.io"] and edited.tags == ["x"]
    assert workbook.get(Contact, bob.id).name == "[bold]Bob"  # not saved by the form


async def test_preset_referrer_for_a_lead(workbook: Workbook, people: dict[str, Contact]) -> None:
    ann = people["ann"]
    contacts = workbook.contacts()
    form = lambda: ContactForm(None, contacts=contacts, referred_by=ann.id)  # noqa: E731
    async with running(form) as (app, pilot):
        assert app.screen.query_one("#referred-by", Input).value == "Ann [/] Lee"
        assert app.screen.query_one("#source", Select).value is Source.REFERRAL
        await pilot.press(*"Lead")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result.referred_by == ann.id and app.result.source is Source.REFERRAL


async def test_escape_cancels_and_tab_moves_between_fields(workbook: Workbook) -> None:
    async with running(lambda: ContactForm(None, contacts=[])) as (app, pilot):
        order = []
        for _ in range(5):
            order.append(app.screen.focused.id if app.screen.focused else None)
            await pilot.press("tab")
        assert order == ["name", "title", "company", "field", "location"]
        assert app.screen.focused.id == "timezone"
        await pilot.press("shift+tab")
        assert app.screen.focused.id == "location"
        await pilot.press(*"typed")
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


async def test_form_buttons(workbook: Workbook) -> None:
    async with running(lambda: ContactForm(None, contacts=[])) as (app, pilot):
        await pilot.press(*"Ann")
        await pilot.click("#save")
        await pilot.pause()
    assert app.result.name == "Ann"
    async with running(lambda: ContactForm(None, contacts=[])) as (app, pilot):
        await pilot.click("#cancel")
        await pilot.pause()
    assert app.result is None


async def test_form_fits_and_scrolls_at_80x24(workbook: Workbook) -> None:
    async with running(lambda: ContactForm(None, contacts=[]), size=(80, 24)) as (app, pilot):
        await pilot.press("ctrl+s")
        await pilot.pause()
        notes = app.screen.query_one("#research-notes")
        notes.focus()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        body = app.screen.query_one("#form-body")
        assert body.max_scroll_y > 0 and body.scroll_y > 0
        assert notes.region.bottom <= 24


# -- confirm ------------------------------------------------------------------------------------


def confirm() -> ConfirmScreen:
    return ConfirmScreen("Delete [bold]Bob", "Delete Ann [/] Lee? [link=x]y[/link]")


async def test_confirm_defaults_to_cancel_and_enter_keeps_data() -> None:
    async with running(confirm) as (app, pilot):
        assert app.screen.focused is app.screen.query_one("#cancel")
        assert str(app.screen.query_one("#confirm-title", Static).content) == "Delete [bold]Bob"
        assert text_of(app, "#confirm-message") == "Delete Ann [/] Lee? [link=x]y[/link]"
        assert str(app.screen.query_one("#confirm", Button).label) == "Delete (y)"
        await pilot.press("enter")
        await pilot.pause()
    assert app.result is False


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["y"], True),
        (["n"], False),
        (["escape"], False),
        (["tab", "enter"], True),
        (["right", "enter"], True),
        (["right", "left", "enter"], False),
    ],
)
async def test_confirm_keys(keys: list[str], expected: bool) -> None:
    async with running(confirm) as (app, pilot):
        await pilot.press(*keys)
        await pilot.pause()
    assert app.result is expected


async def test_confirm_label_is_configurable() -> None:
    async with running(lambda: ConfirmScreen("Archive", "Sure?", confirm_label="Archive")) as (
        app,
        _pilot,
    ):
        assert str(app.screen.query_one("#confirm", Button).label) == "Archive (y)"


# -- log touch ----------------------------------------------------------------------------------


def touch_screen(contact: Contact, zone: str = "Europe/Paris") -> Callable[[], LogTouchScreen]:
    return lambda: LogTouchScreen(contact, NOW, zone)


async def test_log_touch_defaults_to_now(workbook: Workbook, people: dict[str, Contact]) -> None:
    bob = people["bob"]
    async with running(touch_screen(bob)) as (app, pilot):
        assert (
            str(app.screen.query_one("#touch-title", Static).content)
            == "Log a touch with [bold]Bob"
        )
        assert app.screen.query_one("#when", Input).value == "2026-11-20 14:45"
        assert text_of(app, "#when-preview") == "= Fri 20 Nov 2026 14:45 (Europe/Paris)"
        await pilot.press("ctrl+s")
        await pilot.pause()
    touch = app.result
    assert isinstance(touch, Touch)
    assert touch.contact_id == bob.id and touch.at == NOW
    assert (touch.channel, touch.direction) == (Channel.EMAIL, Direction.OUT)
    assert touch.kind is TouchKind.REQUEST  # a prospect is usually sent a request
    assert workbook.touches_of(bob.id) == []


async def test_log_touch_every_field(workbook: Workbook, people: dict[str, Contact]) -> None:
    async with running(touch_screen(people["ann"])) as (app, pilot):
        assert app.screen.focused is app.screen.query_one("#channel")
        await choose(pilot, "#channel", "phone")
        await choose(pilot, "#kind", "update")
        await type_into(pilot, "#summary", "Said [b]hi[/b]")
        app.screen.query_one("#summary", Input).value += " 👋"  # Pilot cannot press emoji
        await type_into(pilot, "#when", "yesterday 16:00")
        assert text_of(app, "#when-preview") == "= Thu 19 Nov 2026 16:00 (Europe/Paris)"
        await pilot.press("ctrl+s")
        await pilot.pause()
    touch = app.result
    assert touch.channel is Channel.PHONE and touch.kind is TouchKind.UPDATE
    assert touch.summary == "Said [b]hi[/b] 👋"
    assert touch.at == "2026-11-19T15:00:00Z"


async def test_an_inbound_touch_is_a_reply(workbook: Workbook, people: dict[str, Contact]) -> None:
    async with running(touch_screen(people["ann"], "America/New_York")) as (app, pilot):
        app.screen.query_one("#direction", Select).focus()
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert app.screen.query_one("#kind", Select).value is TouchKind.REPLY
        await type_into(pilot, "#when", "today 9:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result.direction is Direction.IN and app.result.kind is TouchKind.REPLY
    assert app.result.at == "2026-11-20T14:00:00Z"


async def test_a_kind_picked_on_purpose_stays(
    workbook: Workbook, people: dict[str, Contact]
) -> None:
    async with running(touch_screen(people["ann"])) as (app, pilot):
        await choose(pilot, "#kind", "update")
        await choose(pilot, "#direction", "in")
        assert app.screen.query_one("#direction", Select).value is Direction.IN
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result.direction is Direction.IN and app.result.kind is TouchKind.UPDATE


async def test_impossible_date_is_refused_with_a_message(
    workbook: Workbook, people: dict[str, Contact]
) -> None:
    async with running(touch_screen(people["ann"])) as (app, pilot):
        await type_into(pilot, "#when", "2026-02-30 10:00")
        assert error_of(app, "when") == "2026-02-30 is not a date: February 2026 has 28 days"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        assert error_of(app, "form") == "Fix the time to log the touch"
        await type_into(pilot, "#when", "2026-02-28 10:00")
        assert error_of(app, "when") == ""
        await pilot.click("#save")
        await pilot.pause()
    assert app.result.at == "2026-02-28T09:00:00Z"


async def test_a_touch_more_than_a_day_ahead_is_refused(
    workbook: Workbook, people: dict[str, Contact]
) -> None:
    async with running(touch_screen(people["ann"])) as (app, pilot):
        await type_into(pilot, "#when", "2026-11-22 14:00")
        assert "more than a day from now" in error_of(app, "when")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dismissed
        # Later today is fine: a call about to happen may be logged ahead.
        await type_into(pilot, "#when", "today 23:00")
        assert error_of(app, "when") == ""
        assert text_of(app, "#when-preview").endswith("(in the future)")


async def test_log_touch_cancel(workbook: Workbook, people: dict[str, Contact]) -> None:
    async with running(touch_screen(people["ann"])) as (app, pilot):
        await type_into(pilot, "#summary", "never mind")
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


# -- stage picker -------------------------------------------------------------------------------


async def test_stage_picker_highlights_current_and_enter_picks() -> None:
    async with running(lambda: StagePicker(Stage.REACHED_OUT)) as (app, pilot):
        stages = app.screen.query_one("#stages", OptionList)
        assert stages.option_count == 10
        assert stages.highlighted_option.id == "REACHED_OUT"
        assert "(current)" in str(stages.highlighted_option.prompt)
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.result is Stage.SCHEDULED


async def test_stage_picker_lists_the_exits_after_the_pipeline() -> None:
    async with running(lambda: StagePicker(Stage.PROSPECT)) as (app, pilot):
        stages = app.screen.query_one("#stages", OptionList)
        ids = [stages.get_option_at_index(i).id for i in range(stages.option_count)]
        assert ids == [stage.name for stage in Stage]
        # Down from the last pipeline stage skips the separator to the first exit.
        stages.highlighted = 6
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.result is Stage.NO_RESPONSE


@pytest.mark.parametrize(
    ("digit", "stage"),
    [
        ("1", Stage.PROSPECT),
        ("4", Stage.SCHEDULED),
        ("7", Stage.KEEPING_IN_TOUCH),
        ("8", Stage.NO_RESPONSE),
        ("9", Stage.DECLINED),
        ("0", Stage.CLOSED),
    ],
)
async def test_stage_picker_digits(digit: str, stage: Stage) -> None:
    async with running(lambda: StagePicker(Stage.THANKED)) as (app, pilot):
        await pilot.press(digit)
        await pilot.pause()
    assert app.result is stage


async def test_stage_picker_escape() -> None:
    async with running(lambda: StagePicker(Stage.THANKED)) as (app, pilot):
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


# -- help ---------------------------------------------------------------------------------------


def rows_by_id(app: App[Any]) -> dict[str, tuple[str, str, str]]:
    """binding id -> (group title, keys, description), from the live bindings."""
    found: dict[str, tuple[str, str, str]] = {}
    for group in collect_bindings(app):
        for row in group.keys:
            found.setdefault(row.binding_id, (group.title, row.keys, row.description))
    return found


async def test_help_lists_every_place_of_the_action_table_with_ids(workbook: Workbook) -> None:
    async with running(lambda: ContactForm(None, contacts=[])) as (app, pilot):
        app.set_keymap({"edit-contact": "f2", "save-form": "ctrl+w"})
        rows = rows_by_id(app)
        assert rows["quit"] == ("Everywhere", "q", "Quit")
        assert rows["cursor-down"] == ("Workbook > Contacts", "↓, j", "Down")
        assert rows["save-form"] == ("Contact form", "^w", "Save")
        assert rows["cancel-form"][:2] == ("Contact form", "esc")
        assert rows["picker-matches"][0] == "Contact form > Contact picker"
        # Screens not open now are listed too, with the keymap applied: an action shared
        # by two places is listed under the first.
        assert rows["edit-contact"] == ("Workbook > Contacts", "f2", "Edit")
        assert rows["add-lead"][:2] == ("Contact card", "n")
        assert rows["confirm-no"][:2] == ("Confirm screen", "n, esc")
        assert rows["pick-stage-0"][:2] == ("Stage picker", "0")
        assert "close-help" not in rows  # the help itself is not worth a row
        await pilot.press("f9")
        app.push_screen(HelpScreen(app))
        await pilot.pause()
        shown = "\n".join(str(s.content) for s in app.screen.query(Static))
        assert "save-form" in shown and "^w" in shown and "edit-contact" in shown
        assert "keymap:" in shown


@pytest.mark.parametrize("key", ["escape", "question_mark", "q"])
async def test_help_closes(key: str) -> None:
    async with running(lambda: HelpScreen()) as (app, pilot):
        assert isinstance(app.screen, HelpScreen)
        await pilot.press(key)
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
