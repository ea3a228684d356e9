"""Pilot tests of scheduling: the schedule modal (typing in either zone, the previews in
both, the clocks' skips and repeats, the warnings, saving), the keys that open it, the
card's interview list (confirm, cancel after asking, held, export .ics) and a contact's
hours in the contact form."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import icalendar
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Select, Static

from informterm.core.model import (
    Contact,
    FollowUpKind,
    Interview,
    InterviewStatus,
    Medium,
    Settings,
)
from informterm.store import Workbook
from informterm.tui.screens.confirm import ConfirmScreen
from informterm.tui.screens.contact_card import ContactCard
from informterm.tui.screens.contact_form import ContactForm
from informterm.tui.screens.ics_export import IcsExportScreen
from informterm.tui.screens.schedule_form import ScheduleForm
from informterm.tui.widgets.interview_list import InterviewList

from .conftest import ANN, DANA, NOW

LONDON = Settings(home_timezone="Europe/London", meetings_per_day=2)
ANN_NY = Contact(id="c-ann", name="Ann [/] Lee", timezone="America/New_York")
KARL = Contact(id="c-karl", name="Karl", timezone="Europe/Berlin")
_NOTHING = object()


class ModalApp(App[None]):
    """Pushes one screen and records what it dismissed with."""

    def __init__(self, make_screen: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.result: Any = _NOTHING

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), self._record)

    def _record(self, value: Any) -> None:
        self.result = value


@asynccontextmanager
async def form(
    contact: Contact = ANN_NY, **options: Any
) -> AsyncIterator[tuple[ModalApp, Pilot[None]]]:
    app = ModalApp(lambda: ScheduleForm(contact, LONDON, now=NOW, **options))
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        yield app, pilot


def shown(app: App[Any], selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def type_when(pilot: Pilot[None], text: str) -> None:
    field = pilot.app.screen.query_one("#when", Input)
    field.focus()
    field.value = ""
    await pilot.press(*text)
    await pilot.pause()


async def test_the_time_is_shown_in_both_zones_as_typed() -> None:
    async with form() as (app, pilot):
        screen = app.screen
        assert isinstance(screen, ScheduleForm)
        assert screen.focused is screen.query_one("#when")
        assert shown(app, "#your-preview") == "Type when it starts in Europe/London"
        await type_when(pilot, "2026-12-08 15:00")
        assert shown(app, "#your-preview") == (
            "Yours:  Tue 8 Dec 2026 15:00 +00:00 GMT (Europe/London), until 15:30"
        )
        assert shown(app, "#their-preview") == (
            "Theirs: Tue 8 Dec 2026 10:00 -05:00 EST (America/New_York), until 10:30"
        )
        assert screen.current_warnings == []
        assert not screen.query_one("#warnings").display
        # Typed in their zone instead: the same instant, written on their clock.
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert screen.typing_in == "theirs"
        assert screen.query_one("#when", Input).value == "2026-12-08 10:00"
        assert "their zone: America/New_York" in str(screen.query_one("#zone-toggle").label)
        assert shown(app, "#their-preview").startswith("Theirs: Tue 8 Dec 2026 10:00 -05:00")
        await type_when(pilot, "wed 7:30")
        assert shown(app, "#your-preview").startswith("Yours:  Wed 25 Nov 2026 12:30 +00:00")
        assert screen.current_warnings == [
            "Outside Ann [/] Lee's hours (09:00-17:00 their time): it is Wed 25 Nov 2026 "
            "07:30-08:00 in America/New_York"
        ]
        assert screen.query_one("#warnings").display
        await type_when(pilot, "wed 9:30")
        assert screen.current_warnings == []
        # Medium, length and place, then Enter saves.
        screen.query_one("#medium", Select).value = Medium.PHONE
        screen.query_one("#duration", Input).value = "45 min"
        screen.query_one("#place", Input).value = "  +1 555 [0100]; ext 2 "
        await pilot.pause()
        assert shown(app, "#your-preview").endswith("until 15:15")
        screen.query_one("#when", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
    interview = app.result
    assert isinstance(interview, Interview)
    assert (interview.contact_id, interview.starts_at, interview.timezone) == (
        "c-ann",
        "2026-11-25T14:30:00Z",
        "America/New_York",
    )
    assert (interview.duration_minutes, interview.medium, interview.place) == (
        45,
        Medium.PHONE,
        "+1 555 [0100]; ext 2",
    )
    assert interview.status is InterviewStatus.PROPOSED


async def test_warnings_name_overlaps_and_a_full_day_and_never_block() -> None:
    others = [
        Interview(id="o1", contact_id="c-bob", starts_at="2026-12-08T15:15:00Z"),
        Interview(id="o2", contact_id="c-cy", starts_at="2026-12-08T10:00:00Z"),
    ]
    names = {"c-bob": "[bold]Bob", "c-cy": "Cy"}
    async with form(others=others, names=names) as (app, pilot):
        await type_when(pilot, "2026-12-08 15:00")
        screen = app.screen
        assert isinstance(screen, ScheduleForm)
        assert screen.current_warnings == [
            "Overlaps the interview with [bold]Bob at Tue 8 Dec 2026 15:15-15:45 your time",
            "3 interviews on Tue 8 Dec 2026 with this one: more than your 2 a day",
        ]
        assert "⚠ Overlaps the interview with [bold]Bob" in shown(app, "#warnings")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert isinstance(app.result, Interview)


async def test_a_repeated_time_asks_which_and_a_skipped_one_says_what_it_becomes() -> None:
    async with form(KARL, interview=None) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, ScheduleForm)
        await pilot.press("ctrl+t")  # typed on Karl's clock, in Berlin
        await type_when(pilot, "2027-10-31 02:30")
        assert screen.query_one("#fold-row").has_class("-shown")
        assert shown(app, "#clock-note").startswith(
            "02:30 happens twice on Sun 31 Oct 2027 in Europe/Berlin: clocks go back; this is "
            "the earlier one (+02:00 CEST)"
        )
        assert shown(app, "#their-preview").startswith("Theirs: Sun 31 Oct 2027 02:30 +02:00 CEST")
        fold = screen.query_one("#fold", Select)
        assert [str(prompt) for prompt, _ in fold._options] == [
            "the earlier, 02:30 +02:00 CEST",
            "the later, 02:30 +01:00 CET",
        ]
        fold.value = True
        await pilot.pause()
        assert shown(app, "#their-preview").startswith("Theirs: Sun 31 Oct 2027 02:30 +01:00 CET")
        assert "this is the later one" in shown(app, "#clock-note")
        await type_when(pilot, "2027-03-28 02:30")
        assert not screen.query_one("#fold-row").has_class("-shown")
        assert shown(app, "#clock-note") == (
            "02:30 does not exist on Sun 28 Mar 2027 in Europe/Berlin: clocks go forward; "
            "it would be 03:30"
        )
        assert shown(app, "#their-preview").startswith("Theirs: Sun 28 Mar 2027 03:30 +02:00")
        await type_when(pilot, "2027-10-31 02:30")
        screen.query_one("#fold", Select).value = True
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert isinstance(app.result, Interview)
    assert app.result.starts_at == "2027-10-31T01:30:00Z"


async def test_bad_input_is_marked_and_nothing_is_returned() -> None:
    async with form() as (app, pilot):
        screen = app.screen
        await type_when(pilot, "2027-02-30 09:00")
        assert "2027-02-30 is not a date: February 2027 has 28 days" in str(
            screen.query_one("#when-error").content
        )
        await type_when(pilot, "someday")
        assert "write e.g. 2027-01-12 09:00, 01-12 9:00, tomorrow 10:00 or tue 9:30" in str(
            screen.query_one("#when-error").content
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.result is _NOTHING
        assert screen.focused is screen.query_one("#when")
        await type_when(pilot, "tomorrow 10:00")
        screen.query_one("#duration", Input).value = "half an hour"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.result is _NOTHING
        assert "in minutes" in str(screen.query_one("#duration-error").content)
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


async def test_rescheduling_keeps_the_stored_instant_until_the_time_is_changed() -> None:
    stored = Interview(
        id="i-1",
        contact_id="c-karl",
        starts_at="2027-10-31T01:30:00Z",  # the later 02:30 in Berlin, 01:30 GMT in London
        timezone="Europe/Berlin",
        status=InterviewStatus.CONFIRMED,
        medium=Medium.IN_PERSON,
        place="Café",
    )
    async with form(KARL, interview=stored) as (app, pilot):
        screen = app.screen
        assert screen.query_one("#when", Input).value == "2027-10-31 01:30"
        assert "Reschedule the interview with" in str(screen.query_one("#schedule-title").content)
        await pilot.press("ctrl+s")
        await pilot.pause()
    same = app.result
    assert isinstance(same, Interview)
    assert (same.id, same.starts_at, same.status) == ("i-1", stored.starts_at, stored.status)
    async with form(KARL, interview=stored) as (app, pilot):
        await type_when(pilot, "2027-11-02 10:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
    moved = app.result
    assert (moved.id, moved.starts_at, moved.status) == (
        "i-1",
        "2027-11-02T10:00:00Z",
        InterviewStatus.PROPOSED,
    )
    assert (moved.medium, moved.place) == (Medium.IN_PERSON, "Café")


# -- in the app -------------------------------------------------------------------------------


async def settle(app: App[Any], pilot: Pilot[None]) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_i_on_a_contact_schedules_and_the_card_lists_it(
    make: Any, workbook: Workbook
) -> None:
    app = make(workbook)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.select_contact(DANA)
        await pilot.press("i")
        await pilot.pause()
        form_screen = app.screen
        assert isinstance(form_screen, ScheduleForm)
        # Dana has no zone: hers is yours.
        assert "Europe/London (both)" in str(form_screen.query_one("#zone-toggle").label)
        await pilot.press(*"tue 10:00")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        (booked,) = workbook.interviews_of(DANA)
        assert (booked.starts_at, booked.timezone) == ("2026-12-01T10:00:00Z", "Europe/London")
        confirms = [f for f in workbook.follow_ups_of(DANA) if f.kind is FollowUpKind.CONFIRM]
        assert [f.interview_id for f in confirms] == [booked.id]
        # On the card: listed, and `i` there schedules another.
        app.open_contact_card(DANA)
        await pilot.pause()
        card = app.screen
        assert isinstance(card, ContactCard)
        listed = card.query_one("#card-interviews", InterviewList)
        assert listed.option_count == 1
        assert "Tue 2026-12-01 10:00 your time (Europe/London)" in str(
            listed.get_option_at_index(0).prompt
        )
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ScheduleForm)
        await pilot.press("escape")
        await pilot.pause()


async def test_the_palette_offers_scheduling(make: Any, workbook: Workbook) -> None:
    from informterm.tui.commands import table_commands

    app = make(workbook)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.select_contact(ANN)
        await pilot.pause()
        titles = [title for title, _, _ in table_commands(app.screen)]
        assert "contact: Schedule interview with Ann [/] Lee" in titles
        app.open_contact_card(ANN)
        await pilot.pause()
        titles = [title for title, _, _ in table_commands(app.screen)]
        for expected in (
            "contact: Schedule interview with Ann [/] Lee",
            "interview: Reschedule Ann [/] Lee's interview",
            "interview: Mark Ann [/] Lee's interview held",
            "interview: Cancel Ann [/] Lee's interview",
            "interview: Export Ann [/] Lee's interview as .ics",
        ):
            assert expected in titles
        # Already confirmed: confirming is not offered.
        assert "interview: Confirm Ann [/] Lee's interview" not in titles


async def test_the_card_s_interview_keys(make: Any, workbook: Workbook, tmp_path: Path) -> None:
    app = make(workbook)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_contact_card(ANN)
        await pilot.pause()
        card = app.screen
        listed = card.query_one("#card-interviews", InterviewList)
        listed.focus()
        await pilot.pause()
        assert listed.highlighted_interview is not None
        assert listed.highlighted_interview.id == "i-ann"
        # Export: the path is asked for, with a default in Downloads or home.
        await pilot.press("E")
        await pilot.pause()
        export = app.screen
        assert isinstance(export, IcsExportScreen)
        path_input = export.query_one("#ics-path", Input)
        assert path_input.value.endswith("interview-ann-lee-2026-11-25.ics")
        target = tmp_path / "ann.ics"
        path_input.value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        (event,) = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        assert event.decoded("dtstart").astimezone(UTC) == datetime(2026, 11, 25, 15, tzinfo=UTC)
        assert str(event["location"]) == "https://meet.example/ann-[lee]"
        # Cancel asks first; No keeps it.
        await pilot.press("X")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(app, pilot)
        assert workbook.get(Interview, "i-ann").status is InterviewStatus.CONFIRMED
        # Held: the thank-you is made.
        await pilot.press("x")
        await settle(app, pilot)
        assert workbook.get(Interview, "i-ann").status is InterviewStatus.DONE
        thanks = [f for f in workbook.follow_ups_of(ANN) if f.kind is FollowUpKind.THANK_YOU]
        assert [f.interview_id for f in thanks] == ["i-ann"]
        # Held already: cancelling is not offered, and its key says nothing changes.
        assert not listed.check_action("cancel_interview", ())
        # Enter reschedules (it would book it again: it was held, so rebook is a new one).
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScheduleForm)
        await pilot.press("escape")
        await pilot.pause()


async def test_cancelling_from_the_card(make: Any, workbook: Workbook) -> None:
    app = make(workbook)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_contact_card(ANN)
        await pilot.pause()
        app.screen.query_one("#card-interviews", InterviewList).focus()
        await pilot.press("X")
        await pilot.pause()
        assert "Cancel the interview with Ann [/] Lee" in str(
            app.screen.query_one("#confirm-message", Static).content
        )
        await pilot.press("y")
        await settle(app, pilot)
        assert workbook.get(Interview, "i-ann").status is InterviewStatus.CANCELLED
        prompt = str(app.screen.query_one(InterviewList).get_option_at_index(0).prompt)
        assert "cancelled" in prompt


async def test_their_hours_in_the_contact_form() -> None:
    app = ModalApp(lambda: ContactForm(ANN_NY))
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#available-hours", Input)
        field.value = "mornings"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.result is _NOTHING
        assert "HH:MM-HH:MM" in str(app.screen.query_one("#available-hours-error").content)
        field.value = "8-12:30"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert isinstance(app.result, Contact)
    assert app.result.available_hours == "08:00-12:30"
