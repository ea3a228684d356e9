"""Pilot tests of the contact card: every section, the referral chain jumps, the action keys
and the redraw after each save, on a small host App and once on the real app."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.signal import Signal
from textual.widgets import Input, OptionList, Static

from informterm.core.model import (
    Channel,
    ChecklistItem,
    Contact,
    Direction,
    Entity,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Interview,
    InterviewStatus,
    Medium,
    Settings,
    Source,
    Stage,
    Touch,
    TouchKind,
)
from informterm.store import Workbook, open_workbook
from informterm.tui.screens.confirm import ConfirmScreen
from informterm.tui.screens.contact_card import MAX_BACK, ContactCard, show_contact_card
from informterm.tui.screens.contact_form import ContactForm
from informterm.tui.screens.log_touch import LogTouchScreen
from informterm.tui.screens.stage_picker import StagePicker
from tests.tui.conftest import screen_text

NOW = "2026-11-20T13:45:10Z"  # Friday, 14:45 in Paris
HOME = "Europe/Paris"
SHALOM = "\u05e9\u05dc\u05d5\u05dd"  # right-to-left text, escaped for the linters


class CardApp(App[None]):
    """The parts of the real app the card uses: workbook, settings, clock, the change
    signal and the seven contact actions (saving at once, on the UI thread)."""

    def __init__(self, workbook: Workbook, start_id: str) -> None:
        super().__init__()
        self.workbook = workbook
        self.settings = Settings(home_timezone=HOME, keep_in_touch_days=90)
        self.workbook_changed_signal: Signal[Entity | None] = Signal(self, "workbook-changed")
        self.start_id = start_id
        self.calls: list[tuple[str, str | None]] = []

    def now(self) -> str:
        return NOW

    def on_mount(self) -> None:
        self.open_contact_card(self.start_id)

    def _save(self, change: Callable[[Workbook], Entity | None]) -> None:
        self.workbook_changed_signal.publish(change(self.workbook))

    def open_contact_card(self, contact_id: str) -> None:
        self.calls.append(("open", contact_id))
        show_contact_card(self, contact_id)

    def _everyone(self) -> list[Contact]:
        return self.workbook.contacts(include_archived=True)

    def new_contact(self, referred_by: str | None = None) -> None:
        self.calls.append(("new", referred_by))

        def add(contact: Contact | None) -> None:
            if contact is not None:
                self._save(lambda book: book.add(contact))

        form = ContactForm(None, contacts=self._everyone(), referred_by=referred_by)
        self.push_screen(form, add)

    def edit_contact(self, contact_id: str) -> None:
        self.calls.append(("edit", contact_id))

        def store(contact: Contact | None) -> None:
            if contact is not None:
                self._save(lambda book: book.update(contact))

        contact = self.workbook.get(Contact, contact_id)
        self.push_screen(ContactForm(contact, contacts=self._everyone()), store)

    def log_touch(self, contact_id: str) -> None:
        self.calls.append(("touch", contact_id))

        def store(touch: Touch | None) -> None:
            if touch is not None:
                self._save(lambda book: book.add(touch))

        contact = self.workbook.get(Contact, contact_id)
        self.push_screen(LogTouchScreen(contact, self.now(), HOME), store)

    def change_stage(self, contact_id: str) -> None:
        self.calls.append(("stage", contact_id))

        def store(stage: Stage | None) -> None:
            if stage is not None:
                self._save(lambda book: book.update(book.get(Contact, contact_id), stage=stage))

        self.push_screen(StagePicker(self.workbook.get(Contact, contact_id).stage), store)

    def toggle_archive(self, contact_id: str) -> None:
        self.calls.append(("archive", contact_id))
        contact = self.workbook.get(Contact, contact_id)
        self._save(lambda book: book.archive(contact, not contact.archived))

    def delete_contact(self, contact_id: str) -> None:
        self.calls.append(("delete", contact_id))

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._save(lambda book: book.delete(book.get(Contact, contact_id)))

        self.push_screen(ConfirmScreen("Delete contact", "Sure?"), confirmed)

    def interview_to_call(self, contact_id: str) -> Interview | None:
        from informterm.core.calls import interview_to_hold

        return interview_to_hold(self.workbook.interviews_of(contact_id), NOW)

    def start_call_with(self, contact_id: str) -> None:
        self.calls.append(("call", contact_id))


@pytest.fixture
def book(tmp_path: Path) -> Iterator[Workbook]:
    with open_workbook(tmp_path / "wb.json") as workbook:
        yield workbook


@pytest.fixture
def family(book: Workbook) -> dict[str, Contact]:
    """Root introduced Ann, Ann introduced Bob, Bob introduced Cy and Dee, Dee introduced
    Eli. Bob has touches, interviews and follow-ups."""
    root = book.add(Contact(name="[link=https://x]y[/link]", company="Root Co"))
    ann = book.add(Contact(name="Ann [/] Lee", company="[bold]Acme", referred_by=root.id))
    bob = book.add(
        Contact(
            name="[bold]Bob",
            title="Data lead",
            company="Initech",
            field="Public [health]",
            location="Lyon",
            timezone="America/New_York",
            emails=["bob@initech.example", "b@x.io"],
            phones=["+1 555 0100"],
            profile_url="https://example.org/bob",
            source=Source.ALUMNI,
            referred_by=ann.id,
            tags=["health", "data"],
            stage=Stage.SCHEDULED,
            priority=3,
            research_notes=f"Wrote [i]the[/i] report\n{SHALOM} 🎉",
            keep_in_touch_days=30,
        )
    )
    cy = book.add(Contact(name="Cy", referred_by=bob.id))
    dee = book.add(Contact(name="Dee 🎉", referred_by=bob.id))
    eli = book.add(Contact(name="עלי Eli", referred_by=dee.id))
    book.add(
        Touch(
            contact_id=bob.id,
            at="2026-11-10T09:00:00Z",
            kind=TouchKind.REQUEST,
            summary="Asked for [b]30 min[/b]",
        )
    )
    book.add(
        Touch(
            contact_id=bob.id,
            at="2026-11-12T16:30:00Z",
            channel=Channel.PHONE,
            direction=Direction.IN,
            kind=TouchKind.REPLY,
            summary="Said yes",
        )
    )
    book.add(
        Interview(
            contact_id=bob.id,
            starts_at="2026-11-25T15:00:00Z",
            timezone="America/New_York",
            medium=Medium.VIDEO,
            place="https://meet.example/[bob]",
            status=InterviewStatus.CONFIRMED,
            checklist=[ChecklistItem(text="a", done=True), ChecklistItem(text="b")],
        )
    )
    book.add(
        FollowUp(
            contact_id=bob.id,
            due="2026-11-18T09:00:00Z",
            kind=FollowUpKind.CONFIRM,
            reason="Confirm [bold]time[/] and place",
        )
    )
    book.add(
        FollowUp(
            contact_id=bob.id,
            due="2026-11-01T09:00:00Z",
            kind=FollowUpKind.CUSTOM,
            reason="Done already",
            status=FollowUpStatus.DONE,
        )
    )
    return {"root": root, "ann": ann, "bob": bob, "cy": cy, "dee": dee, "eli": eli}


@asynccontextmanager
async def card_of(
    book: Workbook, contact_id: str, size: tuple[int, int] = (120, 40)
) -> AsyncIterator[tuple[CardApp, Pilot[None]]]:
    app = CardApp(book, contact_id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield app, pilot


def card(app: App[Any]) -> ContactCard:
    screen = app.screen
    assert isinstance(screen, ContactCard)
    return screen


def text(app: App[Any], selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def prompts(app: App[Any], list_id: str) -> list[str]:
    option_list = app.screen.query_one(f"#{list_id}", OptionList)
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


# -- what the card shows ------------------------------------------------------------------------


async def test_card_shows_every_field_escaped(book: Workbook, family: dict[str, Contact]) -> None:
    async with card_of(book, family["bob"].id) as (app, _pilot):
        assert text(app, "#card-name") == "[bold]Bob"
        assert text(app, "#card-subtitle") == "Data lead at Initech · scheduled"
        fields = text(app, "#card-fields")
        for expected in (
            "Title           Data lead",
            "Company         Initech",
            "Field           Public [health]",
            "Location        Lyon",
            "Time zone       America/New_York (their time now 08:45)",
            "Meets           09:00-17:00 (default)",
            "Emails          bob@initech.example, b@x.io",
            "Phones          +1 555 0100",
            "Profile         https://example.org/bob",
            "Source          alumni",
            "Referred by     Ann [/] Lee",
            "Tags            #health #data",
            "Stage           scheduled",
            "Priority        3",
            "Keep in touch   every 30 days",
            "Archived        no",
        ):
            assert expected in fields
        assert text(app, "#card-notes") == f"Wrote [i]the[/i] report\n{SHALOM} 🎉"
        shown = screen_text(app)
        assert "[bold]Bob" in shown and "Wrote [i]the[/i] report" in shown


async def test_card_shows_touches_newest_first_in_the_home_zone(
    book: Workbook, family: dict[str, Contact]
) -> None:
    async with card_of(book, family["bob"].id) as (app, _pilot):
        assert str(app.screen.query_one("#touches-title", Static).content) == "Touches (2)"
        lines = text(app, "#card-touches").splitlines()
        assert lines[0].split() == [
            "2026-11-12",
            "17:30",
            "phone",
            "←",
            "in",
            "reply",
            "Said",
            "yes",
        ]
        assert lines[1].startswith("2026-11-10 10:00  email    → out  request   ")
        assert lines[1].endswith("Asked for [b]30 min[/b]")


async def test_card_shows_interviews_in_both_zones(
    book: Workbook, family: dict[str, Contact]
) -> None:
    async with card_of(book, family["bob"].id) as (app, _pilot):
        interviews = "\n".join(prompts(app, "card-interviews"))
        assert "Wed 2026-11-25 16:00 your time (Europe/Paris)" in interviews
        assert "Wed 10:00 theirs (America/New_York)" in interviews
        assert "30 min video · confirmed · ready 50% · https://meet.example/[bob]" in interviews


async def test_card_shows_open_follow_ups_with_reasons(
    book: Workbook, family: dict[str, Contact]
) -> None:
    async with card_of(book, family["bob"].id) as (app, _pilot):
        follow_ups = text(app, "#card-follow-ups")
        assert follow_ups == "● overdue, due Wed 18 Nov · confirm\nConfirm [bold]time[/] and place"
        assert "Done already" not in follow_ups
        title = str(app.screen.query_one("#follow-ups-title", Static).content)
        assert title == "Open follow-ups (1)"


async def test_card_calls_a_follow_up_due_earlier_today_overdue_as_the_list_does(
    book: Workbook,
) -> None:
    dan = book.add(Contact(name="Dan"))
    # 10:00 in Paris, when it is 14:45 there: due today, and already past.
    book.add(FollowUp(contact_id=dan.id, due="2026-11-20T09:00:00Z", kind=FollowUpKind.THANK_YOU))
    book.add(FollowUp(contact_id=dan.id, due="2026-11-20T16:00:00Z", kind=FollowUpKind.CONFIRM))
    async with card_of(book, dan.id) as (app, _pilot):
        assert text(app, "#card-follow-ups").splitlines()[::2] == [
            "● overdue, due today 10:00 · thank-you",
            "● today 17:00 · confirm",
        ]


async def test_card_shows_the_referral_chain_up_and_down(
    book: Workbook, family: dict[str, Contact]
) -> None:
    async with card_of(book, family["bob"].id) as (app, _pilot):
        assert prompts(app, "chain-up") == [
            "↑ Ann [/] Lee  [bold]Acme  prospect",
            "↑↑ [link=https://x]y[/link]  Root Co  prospect",
        ]
        assert prompts(app, "chain-down") == [
            "└ Cy  prospect",
            "└ Dee 🎉  prospect",
            "  └ עלי Eli  prospect",
        ]
        assert not app.screen.query_one("#chain-up-empty").display


async def test_an_empty_card_says_so(book: Workbook) -> None:
    lone = book.add(Contact(name="Lone"))
    async with card_of(book, lone.id) as (app, _pilot):
        assert text(app, "#card-touches") == "None yet."
        assert prompts(app, "card-interviews") == []
        assert app.screen.query_one("#card-interviews-empty").display
        assert text(app, "#card-follow-ups") == "Nothing due."
        assert text(app, "#card-notes") == "None yet."
        assert "Keep in touch   default (every 90 days)" in text(app, "#card-fields")
        assert app.screen.query_one("#chain-up-empty").display
        assert not app.screen.query_one("#chain-up", OptionList).display
        assert app.screen.query_one("#chain-down-empty").display


# -- jumping through the chain ------------------------------------------------------------------


async def test_enter_on_a_person_opens_their_card_in_place(
    book: Workbook, family: dict[str, Contact]
) -> None:
    async with card_of(book, family["bob"].id) as (app, pilot):
        depth = len(app.screen_stack)
        chain_up = app.screen.query_one("#chain-up", OptionList)
        chain_up.focus()
        await pilot.press("down", "enter")  # the second one up: Root
        await pilot.pause()
        assert card(app).contact_id == family["root"].id
        assert len(app.screen_stack) == depth  # replaced, not stacked
        assert text(app, "#card-name") == "[link=https://x]y[/link]"
        assert prompts(app, "chain-up") == []
        # Down the tree from Root: Ann, Bob, Cy, Dee, Eli; pick Eli.
        chain_down = app.screen.query_one("#chain-down", OptionList)
        chain_down.focus()
        await pilot.press("end", "enter")
        await pilot.pause()
        assert card(app).contact_id == family["eli"].id
        assert prompts(app, "chain-up")[0] == "↑ Dee 🎉  prospect"
        await pilot.press("tab")
        assert app.screen.focused is app.screen.query_one("#chain-up")
        await pilot.press("enter")
        await pilot.pause()
        assert card(app).contact_id == family["dee"].id
        # Esc walks back: Eli, Root, Bob, then out of the cards.
        for person in ("eli", "root", "bob"):
            await pilot.press("escape")
            await pilot.pause()
            assert card(app).contact_id == family[person].id
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ContactCard)


async def test_back_returns_to_each_card_as_it_was_left(
    book: Workbook, family: dict[str, Contact]
) -> None:
    async with card_of(book, family["bob"].id, size=(80, 24)) as (app, pilot):
        depth = len(app.screen_stack)
        body = app.screen.query_one("#card-body")
        await pilot.press("end")  # Bob's card scrolled to the bottom, Dee highlighted below
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        scrolled = body.scroll_y
        assert scrolled > 0
        app.screen.query_one("#chain-down", OptionList).focus(scroll_visible=False)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert card(app).contact_id == family["dee"].id
        assert app.screen.query_one("#card-body").scroll_y == 0
        await pilot.press("tab")  # Dee's card: up the chain, Bob highlighted first
        assert app.screen.focused is app.screen.query_one("#chain-up")
        await pilot.press("down", "enter")  # Ann
        await pilot.pause()
        assert card(app).contact_id == family["ann"].id
        assert len(app.screen_stack) == depth
        await pilot.press("escape")
        await pilot.pause()
        assert card(app).contact_id == family["dee"].id
        chain_up = app.screen.query_one("#chain-up", OptionList)
        assert app.screen.focused is chain_up and chain_up.highlighted == 1
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert card(app).contact_id == family["bob"].id
        chain_down = app.screen.query_one("#chain-down", OptionList)
        assert app.screen.focused is chain_down
        assert chain_down.get_option_at_index(chain_down.highlighted or 0).id == family["dee"].id
        assert app.screen.query_one("#card-body").scroll_y == scrolled
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ContactCard)
        assert len(app.screen_stack) == depth - 1


async def test_back_skips_cards_whose_contact_was_deleted(
    book: Workbook, family: dict[str, Contact]
) -> None:
    bob, ann, root, cy = family["bob"], family["ann"], family["root"], family["cy"]
    async with card_of(book, bob.id) as (app, pilot):
        for contact_id in (ann.id, root.id):  # Bob -> Ann -> Root
            app.open_contact_card(contact_id)
            await pilot.pause()
        app._save(lambda workbook: workbook.delete(workbook.get(Contact, ann.id)))
        await pilot.pause()
        assert card(app).contact_id == root.id
        await pilot.press("escape")
        await pilot.pause()
        assert card(app).contact_id == bob.id
        # Deleting the contact in front goes back too.
        app.open_contact_card(cy.id)
        await pilot.pause()
        await pilot.press("d", "y")
        await pilot.pause()
        await pilot.pause()
        assert card(app).contact_id == bob.id
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ContactCard)


async def test_back_remembers_a_bounded_number_of_cards(
    book: Workbook, family: dict[str, Contact]
) -> None:
    bob, dee = family["bob"], family["dee"]
    async with card_of(book, bob.id) as (app, pilot):
        for _ in range(MAX_BACK + 5):
            app.open_contact_card(dee.id if card(app).contact_id == bob.id else bob.id)
            await pilot.pause()
        assert len(card(app).back) == MAX_BACK


# -- action keys --------------------------------------------------------------------------------


async def test_e_edits_and_the_card_redraws(book: Workbook, family: dict[str, Contact]) -> None:
    bob = family["bob"]
    async with card_of(book, bob.id) as (app, pilot):
        await pilot.press("e")
        await pilot.pause()
        assert app.calls[-1] == ("edit", bob.id)
        assert isinstance(app.screen, ContactForm)
        name = app.screen.query_one("#name", Input)
        name.value = "Bob [/] Renamed"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert card(app).contact_id == bob.id
        assert text(app, "#card-name") == "Bob [/] Renamed"
    assert book.get(Contact, bob.id).name == "Bob [/] Renamed"


async def test_t_logs_a_touch_shown_at_the_top(book: Workbook, family: dict[str, Contact]) -> None:
    bob = family["bob"]
    async with card_of(book, bob.id) as (app, pilot):
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, LogTouchScreen)
        app.screen.query_one("#summary", Input).value = "Sent [the] agenda"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ContactCard)
        first = text(app, "#card-touches").splitlines()[0]
        assert first.startswith("2026-11-20 14:45") and first.endswith("Sent [the] agenda")
        assert str(app.screen.query_one("#touches-title", Static).content) == "Touches (3)"


async def test_s_changes_the_stage(book: Workbook, family: dict[str, Contact]) -> None:
    bob = family["bob"]
    async with card_of(book, bob.id) as (app, pilot):
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StagePicker)
        await pilot.press("5")
        await pilot.pause()
        assert "Stage           interviewed" in text(app, "#card-fields")
        assert text(app, "#card-subtitle").endswith("· interviewed")


async def test_a_archives_and_restores(book: Workbook, family: dict[str, Contact]) -> None:
    bob = family["bob"]
    async with card_of(book, bob.id) as (app, pilot):
        await pilot.press("a")
        await pilot.pause()
        assert text(app, "#card-name") == "[bold]Bob  (archived)"
        assert "Archived        yes" in text(app, "#card-fields")
        await pilot.press("a")
        await pilot.pause()
        assert text(app, "#card-name") == "[bold]Bob"
    assert app.calls.count(("archive", bob.id)) == 2


async def test_d_deletes_after_a_confirm_and_the_card_closes(
    book: Workbook, family: dict[str, Contact]
) -> None:
    bob = family["bob"]
    async with card_of(book, bob.id) as (app, pilot):
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert card(app).contact_id == bob.id
        await pilot.press("d", "y")
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, ContactCard)
    assert book.find(Contact, bob.id) is None


async def test_the_card_closes_when_deleted_behind_a_modal(
    book: Workbook, family: dict[str, Contact]
) -> None:
    bob = family["bob"]
    async with card_of(book, bob.id) as (app, pilot):
        await pilot.press("s")
        await pilot.pause()
        # Deleted elsewhere while the stage picker covers the card.
        app._save(lambda workbook: workbook.delete(workbook.get(Contact, bob.id)))
        await pilot.pause()
        assert isinstance(app.screen, StagePicker)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, ContactCard)


async def test_n_adds_a_lead_they_introduced(book: Workbook, family: dict[str, Contact]) -> None:
    bob = family["bob"]
    async with card_of(book, bob.id) as (app, pilot):
        await pilot.press("n")
        await pilot.pause()
        assert app.calls[-1] == ("new", bob.id)
        form = app.screen
        assert isinstance(form, ContactForm)
        assert form.query_one("#referred-by", Input).value == "[bold]Bob"
        form.query_one("#name", Input).value = "Ann [/] Lead"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "└ Ann [/] Lead  prospect" in prompts(app, "chain-down")


async def test_other_changes_redraw_the_card(book: Workbook, family: dict[str, Contact]) -> None:
    bob, ann = family["bob"], family["ann"]
    async with card_of(book, bob.id) as (app, pilot):
        app._save(lambda workbook: workbook.update(ann, name="Ann Renamed"))
        await pilot.pause()
        assert prompts(app, "chain-up")[0].startswith("↑ Ann Renamed")
        assert "Referred by     Ann Renamed" in text(app, "#card-fields")


async def test_card_scrolls_at_80x24(book: Workbook, family: dict[str, Contact]) -> None:
    async with card_of(book, family["bob"].id, size=(80, 24)) as (app, pilot):
        body = app.screen.query_one("#card-body")
        assert body.max_scroll_y > 0
        assert app.screen.focused is body
        await pilot.press("pagedown")
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        assert body.scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        assert body.scroll_y == body.max_scroll_y
        assert "esc Back" in screen_text(app).splitlines()[-1]


# -- on the real app ----------------------------------------------------------------------------


async def test_card_on_the_real_app(make: Any, workbook: Workbook) -> None:
    from tests.tui.conftest import ANN, BOB

    app = make(workbook)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_contact_card(BOB)
        await pilot.pause()
        assert card(app).contact_id == BOB
        assert prompts(app, "chain-up")[0].startswith("↑ Ann [/] Lee")
        assert "Thank [bold]Bob for the call today" in text(app, "#card-follow-ups")
        app.screen.query_one("#chain-up", OptionList).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert card(app).contact_id == ANN
        assert "15:00 your time (Europe/London)" in prompts(app, "card-interviews")[0]
        await pilot.press("s", "0")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Stage           closed" in text(app, "#card-fields")
        await pilot.press("escape")  # back to Bob's card, where Ann was opened from
        await pilot.pause()
        assert card(app).contact_id == BOB
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ContactCard)
