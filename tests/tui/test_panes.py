"""Pilot tests of the Prep and Notes panes (the Follow-ups queue has its own), pane focus
keys, and the command palette's contact commands."""

from __future__ import annotations

from textual.command import CommandList

from informterm.core.browse import SortOrder
from informterm.core.model import Contact, FollowUp, FollowUpKind
from informterm.tui.commands import table_commands
from informterm.tui.screens.workbook_screen import WorkbookScreen
from informterm.tui.widgets.contact_list import ContactList
from informterm.tui.widgets.follow_up_queue import FollowUpQueue
from informterm.tui.widgets.notes_pane import NotesPane
from informterm.tui.widgets.prep_pane import PrepPane
from tests.tui.conftest import ANN, BOB, BOB_NOTES, DANA, EVE, ZOE

SIZE = (120, 40)


def workbook_screen(pilot) -> WorkbookScreen:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    assert isinstance(screen, WorkbookScreen)
    return screen


async def show(pilot, contact_id: str) -> WorkbookScreen:  # type: ignore[no-untyped-def]
    """Highlight a contact and let the panes catch up."""
    screen = workbook_screen(pilot)
    assert screen.select_contact(contact_id)
    await pilot.pause()
    return screen


async def test_prep_shows_the_next_interview_in_both_zones(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await show(pilot, ANN)
        text = screen.query_one(PrepPane).body.plain
        assert "Wed 25 Nov 15:00 your time" in text  # London
        assert "10:00 their time (New York)" in text
        assert "Video · 30 min · confirmed" in text
        assert "Link: https://meet.example/ann-[lee]" in text
        assert "Readiness ▰▰▰▰▰▰▰▱▱▱ 67% · 2 of 3 steps done" in text
        assert "✓ Read the Northwind [Labs] research blog" in text
        assert "☐ Test the video link" in text
        assert "Questions · 1 of 3 asked" in text
        assert "✓ 1. How did you move into UX research?" in text
        assert "  2. What does a [typical] week look like?" in text


async def test_prep_says_what_it_is_for_without_an_interview(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await show(pilot, BOB)  # Bob's interview is done
        text = screen.query_one(PrepPane).body.plain
        assert text.startswith("No upcoming interview with [bold]Bob.")
        assert "Schedule one" in text


async def test_notes_show_the_latest_notes_literally(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await show(pilot, BOB)
        body = screen.query_one(NotesPane).body
        assert body.plain.startswith("Fri 20 Nov 2026 · phone · done")
        assert BOB_NOTES in body.plain
        styled = {body.plain[span.start : span.end] for span in body.spans}
        assert {"#lead", "#advice", "#promise", "[00:04]", "[00:10]"} <= styled
        # Markup-looking text in the notes is not styled as markup.
        assert "[bold]research ops[/]" in body.plain


async def test_notes_say_what_they_are_for(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await show(pilot, ZOE)
        assert screen.query_one(NotesPane).body.plain.startswith("No interviews yet.")
        screen = await show(pilot, ANN)  # an interview without notes
        assert "No notes for this interview yet" in screen.query_one(NotesPane).body.plain


async def test_panes_follow_the_cursor(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = workbook_screen(pilot)
        prep, notes = screen.query_one(PrepPane), screen.query_one(NotesPane)
        assert prep.contact_id == BOB and notes.contact_id == BOB
        await pilot.press("j")
        await pilot.pause()
        assert prep.contact_id == ANN
        assert "67%" in prep.body.plain


async def test_panes_update_after_a_saved_change(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await show(pilot, ZOE)
        follow_up = FollowUp(
            contact_id=ZOE,
            due="2026-11-26T12:00:00Z",
            kind=FollowUpKind.CUSTOM,
            reason="Ask about the [climate] fellowship",
        )
        pilot.app.save(lambda workbook: workbook.add(follow_up))
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        queue = screen.query_one(FollowUpQueue)
        added = [f for f in queue.follow_ups if f.contact_id == ZOE]
        assert [f.reason for f in added] == ["Ask about the [climate] fellowship"]


async def test_panes_with_nobody_highlighted(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"nobody-matches")
        await pilot.pause()
        screen = workbook_screen(pilot)
        assert screen.query_one(PrepPane).contact_id is None
        assert "next interview shows here" in screen.query_one(PrepPane).body.plain


def focus_is_in(app, pane) -> bool:  # type: ignore[no-untyped-def]
    """Whether the focus is on ``pane`` or inside it (the Notes pane focuses its editor
    when there are notes to edit)."""
    focused = app.focused
    return focused is pane or (focused is not None and pane in focused.ancestors)


async def test_number_keys_focus_panes(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = workbook_screen(pilot)
        await pilot.press("2")
        assert pilot.app.focused is screen.query_one(PrepPane)
        await pilot.press("3")
        assert focus_is_in(pilot.app, screen.query_one(NotesPane))
        # There the digits are typing: Esc leaves the notes' editor for the list first.
        await pilot.press("escape", "4")
        assert pilot.app.focused is screen.query_one(FollowUpQueue)
        await pilot.press("1")
        assert pilot.app.focused is screen.query_one(ContactList)


async def test_tab_cycles_panes(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = workbook_screen(pilot)
        order = [PrepPane, NotesPane, FollowUpQueue, ContactList]
        for pane in order:
            await pilot.press("tab")
            assert focus_is_in(pilot.app, screen.query_one(pane))
        for pane in reversed(order[:-1]):
            await pilot.press("shift+tab")
            assert focus_is_in(pilot.app, screen.query_one(pane))


async def test_focused_pane_is_highlighted(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = workbook_screen(pilot)
        prep, notes = screen.query_one(PrepPane), screen.query_one(NotesPane)
        contacts = screen.query_one("#contacts-pane")
        assert contacts.styles.border_top[1] != prep.styles.border_top[1]
        await pilot.press("2")
        assert prep.styles.border_top[1] != notes.styles.border_top[1]
        assert contacts.styles.border_top[1] == notes.styles.border_top[1]


async def test_layout_at_80_by_24(app) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = workbook_screen(pilot)
        assert screen.has_class("-narrow")
        contacts = screen.query_one("#contacts-pane").region
        prep = screen.query_one(PrepPane).region
        assert contacts.width == 80 and prep.y >= contacts.bottom
        assert all(pane.region.height >= 6 for pane in screen.query(".pane"))


# -- command palette ----------------------------------------------------------------------


def titles(screen: WorkbookScreen) -> dict[str, object]:
    """The palette commands offered now, by their title as displayed."""
    return {title: callback for title, _help, callback in table_commands(screen)}


async def test_contact_commands_offer_what_applies(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = workbook_screen(pilot)
        offered = titles(screen)
        # The markup-looking name is shown as typed.
        assert "contact: Edit [bold]Bob" in offered
        assert "contact: Archive [bold]Bob" in offered
        assert "contact: Delete [bold]Bob" in offered
        assert "contact: Change stage of [bold]Bob" in offered
        assert "contact: Log touch with [bold]Bob" in offered
        assert "contact: New contact" in offered
        assert "contacts: Sort by name" not in offered  # already sorted by name
        assert "contacts: Show archived" in offered
        assert "contacts: Clear filter" not in offered
        offered["contacts: Filter"]()  # type: ignore[operator]
        await pilot.pause()
        assert screen.focused is not None and screen.focused.id == "contact-filter"
        await pilot.press("escape")
        offered["contacts: Sort by stage"]()  # type: ignore[operator]
        offered["contacts: Show archived"]()  # type: ignore[operator]
        await pilot.pause()
        assert screen.contact_list.sort_by is SortOrder.STAGE
        assert screen.contact_list.show_archived
        offered = titles(screen)
        assert "contacts: Sort by name" in offered and "contacts: Sort by stage" not in offered
        assert "contacts: Hide archived" in offered


async def test_contact_commands_without_a_contact(make, empty_workbook) -> None:
    app = make(empty_workbook)
    async with app.run_test(size=SIZE) as pilot:
        offered = titles(workbook_screen(pilot))
        assert "contact: New contact" in offered
        assert not any(title.startswith("contact: Edit") for title in offered)


async def test_palette_jumps_to_a_contact(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = workbook_screen(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"dana ok")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.contact_list.highlighted_contact_id == DANA


async def test_palette_jumps_to_an_archived_contact(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = workbook_screen(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"eve arch")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.contact_list.show_archived
        assert screen.contact_list.highlighted_contact_id == EVE
        assert pilot.app.workbook.get(Contact, EVE).archived


async def test_palette_shows_markup_names_as_typed(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = workbook_screen(pilot)
        screen.select_contact(ZOE)
        await pilot.press("ctrl+p", *"bold")
        await pilot.pause(0.3)
        hits = pilot.app.screen.query_one(CommandList)
        prompts = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
        assert any("contact: Jump to [bold]Bob" in prompt for prompt in prompts)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.contact_list.highlighted_contact_id == BOB


def palette_prompts(pilot) -> list[str]:  # type: ignore[no-untyped-def]
    """What the open command palette lists now, each hit's title and help as shown."""
    hits = pilot.app.screen.query_one(CommandList)
    return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]


async def test_palette_shows_backslashes_and_brackets_as_typed(make, empty_workbook) -> None:
    empty_workbook.add(Contact(name="C:\\[x] Path", company="a\\[b] \\ co"))
    app = make(empty_workbook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"open c")
        await pilot.pause(0.3)
        assert any(p.startswith("contact: Open C:\\[x] Path\n") for p in palette_prompts(pilot))
        await pilot.press(*["backspace"] * 6, *"path")
        await pilot.pause(0.3)
        jump = [p for p in palette_prompts(pilot) if p.startswith("contact: Jump to")]
        assert jump == ["contact: Jump to C:\\[x] Path\na\\[b] \\ co · prospect"]


async def test_palette_lists_the_contact_actions_before_anything_is_typed(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        workbook_screen(pilot).select_contact(BOB)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        prompts = palette_prompts(pilot)
        assert any(p.startswith("contact: Edit [bold]Bob\n") for p in prompts)
        assert any(p.startswith("contacts: Filter\n") for p in prompts)
