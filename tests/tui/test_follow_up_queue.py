"""Pilot tests of the Follow-ups queue (pane 4): everyone's follow-ups grouped by urgency,
each key (done, snooze, dismiss, edit, jump, the one-contact toggle) saved to the real file
at once, and ``u`` undoing the last of them; and the company view."""

from __future__ import annotations

from pathlib import Path

from informterm.core.model import FollowUp, FollowUpStatus, TouchKind
from informterm.store import Workbook, open_workbook
from informterm.tui.screens.company_view import CompanyView
from informterm.tui.screens.confirm import ConfirmScreen
from informterm.tui.screens.follow_up_form import FollowUpForm
from informterm.tui.screens.snooze_picker import SnoozePicker
from informterm.tui.screens.workbook_screen import WorkbookScreen
from informterm.tui.widgets.contact_list import ContactList
from informterm.tui.widgets.follow_up_queue import FollowUpQueue
from tests.tui.conftest import ANN, BOB, DANA, screen_text

SIZE = (120, 40)


def on_disk(workbook: Workbook) -> dict[str, FollowUp]:
    with open_workbook(Path(workbook.path), read_only=True) as again:
        return {f.id: f for f in again.all(FollowUp)}


async def queue_at(pilot, follow_up_id: str) -> FollowUpQueue:  # type: ignore[no-untyped-def]
    """Focus the queue (key 4) and highlight one follow-up."""
    await pilot.press("4")
    queue = pilot.app.screen.query_one(FollowUpQueue)
    assert pilot.app.focused is queue
    ids = [f.id for f in queue.follow_ups]
    while queue.highlighted_follow_up is None or queue.highlighted_follow_up.id != follow_up_id:
        assert follow_up_id in ids
        await pilot.press("j")
    return queue


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_queue_groups_everyones_follow_ups(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        queue = pilot.app.screen.query_one(FollowUpQueue)
        assert [f.id for f in queue.follow_ups] == [
            "f-ann-confirm",
            "f-bob-thanks",
            "f-dana",
            "f-ann-later",
        ]
        rows = [str(option.prompt) for option in queue.options]
        assert rows[0] == "Overdue (1)"
        assert rows[1].startswith("● overdue, due today 09:00 · Ann [/] Lee · confirm\n")
        assert rows[2] == "Today (1)"
        assert "Thank [bold]Bob for the call today" in rows[3]
        assert rows[4] == "This week (1)" and rows[6] == "Later (1)"
        text = screen_text(pilot.app)
        assert "4 Follow-ups · everyone" in text
        assert "Ann [/] Lee" in text


async def test_the_toggle_shows_the_highlighted_contact_only(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, WorkbookScreen)
        assert screen.select_contact(ANN)
        await pilot.press("4", "c")
        queue = screen.query_one(FollowUpQueue)
        assert [f.id for f in queue.follow_ups] == ["f-ann-confirm", "f-ann-later"]
        assert "Ann [/] Lee" not in str(queue.options[1].prompt)  # no name needed
        assert "4 Follow-ups · Ann [/] Lee" in screen_text(pilot.app)
        screen.select_contact(BOB)
        await pilot.pause()
        assert [f.id for f in queue.follow_ups] == ["f-bob-thanks"]
        await pilot.press("4", "c")
        assert len(queue.follow_ups) == 4


async def test_done_logs_the_message_and_u_undoes_it(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        queue = await queue_at(pilot, "f-bob-thanks")
        await pilot.press("x")
        await settle(pilot)
        assert on_disk(workbook)["f-bob-thanks"].status is FollowUpStatus.DONE
        thanks = [t for t in workbook.touches_of(BOB) if t.kind is TouchKind.THANK_YOU]
        assert len(thanks) == 1
        assert "f-bob-thanks" not in [f.id for f in queue.follow_ups]
        # The rules ran for Bob: his #promise line is a follow-up now, and the highlight
        # is on it, the row that took the thank-you's place.
        assert queue.highlighted_follow_up is not None
        assert queue.highlighted_follow_up.origin.startswith("promise:i-bob:")

        await pilot.press("u")
        await settle(pilot)
        assert on_disk(workbook)["f-bob-thanks"].status is FollowUpStatus.OPEN
        assert not [t for t in workbook.touches_of(BOB) if t.kind is TouchKind.THANK_YOU]
        assert "f-bob-thanks" in [f.id for f in queue.follow_ups]
        # Nothing left to undo: u says so and changes nothing.
        await pilot.press("u")
        await settle(pilot)
        assert on_disk(workbook)["f-bob-thanks"].status is FollowUpStatus.OPEN


async def test_snooze_with_a_choice_and_with_a_typed_date(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await queue_at(pilot, "f-dana")
        await pilot.press("z")
        assert isinstance(pilot.app.screen, SnoozePicker)
        await pilot.press("2")  # in 3 business days: Fri 27 Nov 09:00 London
        await settle(pilot)
        snoozed = on_disk(workbook)["f-dana"]
        assert snoozed.status is FollowUpStatus.SNOOZED
        assert snoozed.snoozed_until == "2026-11-27T09:00:00Z"

        await queue_at(pilot, "f-ann-later")
        await pilot.press("z", "tab", *"2026-02-30")
        picker = pilot.app.screen
        assert isinstance(picker, SnoozePicker)
        await pilot.press("enter")
        assert pilot.app.screen is picker  # an impossible date is refused in place
        assert "2026-02-30" in screen_text(pilot.app)
        for _ in "2026-02-30":
            await pilot.press("backspace")
        await pilot.press(*"2027-01-05 14:30", "enter")
        await settle(pilot)
        assert on_disk(workbook)["f-ann-later"].snoozed_until == "2027-01-05T14:30:00Z"


async def test_dismiss_asks_first(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await queue_at(pilot, "f-dana")
        await pilot.press("d")
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert on_disk(workbook)["f-dana"].status is FollowUpStatus.OPEN
        await pilot.press("d", "y")
        await settle(pilot)
        assert on_disk(workbook)["f-dana"].status is FollowUpStatus.DISMISSED


async def test_edit_changes_due_and_reason_and_pins(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await queue_at(pilot, "f-dana")
        await pilot.press("e")
        form = pilot.app.screen
        assert isinstance(form, FollowUpForm)
        due = form.query_one("#due")
        due.value = "2026-12-01 10:00"  # type: ignore[attr-defined]
        reason = form.query_one("#reason")
        reason.value = "Call [b]Dana[/b] instead"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        edited = on_disk(workbook)["f-dana"]
        assert (edited.due, edited.reason, edited.pinned) == (
            "2026-12-01T10:00:00Z",
            "Call [b]Dana[/b] instead",
            True,
        )


async def test_jump_highlights_the_contact(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await queue_at(pilot, "f-dana")
        await pilot.press("enter")
        await pilot.pause()
        contact_list = pilot.app.screen.query_one(ContactList)
        assert pilot.app.focused is contact_list
        assert contact_list.highlighted_contact_id == DANA


async def test_undo_refuses_when_the_follow_up_changed_since(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await queue_at(pilot, "f-dana")
        await pilot.press("d", "y")
        await settle(pilot)
        dismissed = workbook.get(FollowUp, "f-dana")
        pilot.app.save(lambda book: book.update(dismissed, draft="typed meanwhile"))
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert on_disk(workbook)["f-dana"].status is FollowUpStatus.DISMISSED


async def test_a_change_saved_elsewhere_updates_the_queue(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        queue = pilot.app.screen.query_one(FollowUpQueue)
        pilot.app.save(
            lambda book: book.update(book.get(FollowUp, "f-dana"), status=FollowUpStatus.DONE)
        )
        await settle(pilot)
        assert "f-dana" not in [f.id for f in queue.follow_ups]


async def test_the_company_view_groups_people_and_jumps(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, WorkbookScreen)
        screen.select_contact(ANN)
        await pilot.press("C")
        view = pilot.app.screen
        assert isinstance(view, CompanyView)
        text = screen_text(pilot.app)
        assert "▾ Northwind [Labs]  1 person · scheduled 1" in text
        assert "Ann [/] Lee · UX Research Lead · scheduled" in text
        assert "[link=https://x.example]Initech" in text
        assert "Acme" not in text  # only an archived contact works there
        await pilot.press("slash", *"glob", "enter")
        await pilot.pause()
        assert "[bold]Bob · Researcher · interviewed" in screen_text(pilot.app)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, WorkbookScreen)
        assert pilot.app.screen.query_one(ContactList).highlighted_contact_id == BOB
