"""Pilot tests of the Contacts pane: every key, the filter, sorting, archived contacts, the
cursor across changes, and names that look like markup."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rich.style import Style
from textual.color import Color
from textual.geometry import Region
from textual.widgets import Input, Static

from informterm.core.browse import SortOrder
from informterm.core.model import (
    Contact,
    Direction,
    FollowUp,
    FollowUpKind,
    Stage,
    Touch,
    TouchKind,
)
from informterm.tui.screens.confirm import ConfirmScreen
from informterm.tui.screens.contact_card import ContactCard
from informterm.tui.screens.contact_form import ContactForm
from informterm.tui.screens.log_touch import LogTouchScreen
from informterm.tui.screens.stage_picker import StagePicker
from informterm.tui.screens.workbook_screen import WorkbookScreen
from informterm.tui.widgets.contact_list import ContactList, ContactsPane
from tests.tui.conftest import ANN, BOB, DANA, EVE, NOW, OMAR, ZOE

SIZE = (120, 40)
BY_NAME = [BOB, ANN, DANA, ZOE, OMAR]
"""Active contacts by case-folded name: "[bold]Bob" sorts before "Ann [/] Lee"."""


def ids(contact_list: ContactList) -> list[str]:
    return [contact.id for contact in contact_list.visible_contacts]


def screen_text(contact_list: ContactList) -> list[str]:
    """The list's lines as drawn (header first)."""
    height = contact_list.scrollable_content_region.height
    return [contact_list.render_line(y).text for y in range(height)]


def style_at(contact_list: ContactList, y: int, x: int) -> Style:
    """The style of one cell of the list as drawn."""
    segment = next(iter(contact_list.render_line(y).crop(x, x + 1)))
    assert segment.style is not None
    return segment.style


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let off-thread saves land and their messages run."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_lists_active_contacts_by_name_with_columns(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        assert ids(contact_list) == BY_NAME
        assert contact_list.highlighted_contact_id == BOB
        lines = screen_text(contact_list)
        assert lines[0].split() == ["Name", "Company", "Stage", "Next", "action"]
        bob, ann, dana, zoe, omar = lines[1:6]
        assert bob.startswith(" [bold]Bob ")
        assert "interviewed" in bob and "thank-you, today 18:00" in bob
        assert ann.startswith(" Ann [/] Lee ") and "Northwind [Lab" in ann
        assert "confirm overdue" in ann
        assert "[link=https://" in dana
        assert zoe.startswith(" Zoë 🌱 ")
        assert omar.startswith(" עומר Haddad ")
        assert "Eve Archer" not in "".join(lines)


async def test_cursor_keys(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        assert pilot.app.focused is contact_list
        await pilot.press("j")
        assert contact_list.highlighted_contact_id == ANN
        await pilot.press("down", "down")
        assert contact_list.highlighted_contact_id == ZOE
        await pilot.press("k")
        assert contact_list.highlighted_contact_id == DANA
        await pilot.press("up")
        assert contact_list.highlighted_contact_id == ANN
        await pilot.press("end")
        assert contact_list.highlighted_contact_id == OMAR
        await pilot.press("down")  # stays on the last row
        assert contact_list.highlighted_contact_id == OMAR
        await pilot.press("home")
        assert contact_list.highlighted_contact_id == BOB
        await pilot.press("up")  # stays on the first row
        assert contact_list.highlighted_contact_id == BOB
        await pilot.press("pagedown")
        assert contact_list.highlighted_contact_id == OMAR
        await pilot.press("pageup")
        assert contact_list.highlighted_contact_id == BOB


async def test_cursor_row_is_the_highlighted_one(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        await pilot.press("j")
        cursor_style = style_at(contact_list, 2, 1)  # Ann's row
        other_style = style_at(contact_list, 1, 1)
        assert cursor_style.bgcolor != other_style.bgcolor


async def test_click_selects_a_row(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        # Row 0 is the header; rows 1.. are contacts.
        await pilot.click(ContactList, offset=(4, 3))
        assert contact_list.highlighted_contact_id == DANA
        await pilot.click(ContactList, offset=(4, 0))  # header: no change
        assert contact_list.highlighted_contact_id == DANA


async def test_slash_filters_as_you_type(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = pilot.app.screen.query_one(ContactsPane)
        contact_list = pane.contact_list
        assert not pane.filter_input.display
        await pilot.press("slash")
        assert pilot.app.focused is pane.filter_input
        assert pane.filter_input.display
        await pilot.press(*"an")
        # Ann's name, Dana's name, Zoë's title ("analyst"); not Bob or Omar.
        assert ids(contact_list) == [ANN, DANA, ZOE]
        await pilot.press("n")
        assert ids(contact_list) == [ANN]
        assert contact_list.highlighted_contact_id == ANN
        assert "1 of 5 contacts" in str(pane.border_subtitle)


def border_rows(pane: ContactsPane) -> tuple[str, str]:
    """The pane's top and bottom border rows as they would be drawn now."""
    width, height = pane.outer_size
    top = pane.render_lines(Region(0, 0, width, 1))[0].text
    bottom = pane.render_lines(Region(0, height - 1, width, 1))[0].text
    return top, bottom


async def test_the_border_shows_the_new_title_and_count_as_they_change(app) -> None:
    # Only the border's rows are redrawn when they change: they must not be left stale.
    async with app.run_test(size=SIZE) as pilot:
        pane = pilot.app.screen.query_one(ContactsPane)
        top, bottom = border_rows(pane)
        assert "Contacts · by name" in top and "5 contacts" in bottom
        await pilot.press("slash", *"ann")
        assert "1 of 5 contacts" in border_rows(pane)[1]
        await pilot.press("enter", "o")
        top, bottom = border_rows(pane)
        assert "Contacts · by stage" in top and "1 of 5 contacts" in bottom


async def test_the_filter_box_filters_the_list_as_its_text_changes(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = pilot.app.screen.query_one(ContactsPane)
        pane.start_filter()
        pane.filter_input.value = "ann"
        # At once, not a message later: the box and the list are drawn in the same frame.
        assert ids(pane.contact_list) == [ANN]


async def test_a_filter_longer_than_the_box_scrolls_it(app) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *("abcdefghij" * 10), *"XYZ")
        box = pilot.app.screen.query_one(ContactsPane).filter_input
        shown = box.render_line(0).text
        assert "XYZ" in shown and box.scroll_x > 0
        await pilot.press("home")
        assert box.render_line(0).text.startswith("abcdefghij") and box.scroll_x == 0


@pytest.mark.parametrize(
    "theme", ["informterm-dark", "informterm-light", "informterm-high-contrast"]
)
async def test_muted_parts_of_the_list_are_drawn_between_text_and_background(
    make, workbook, settings, theme: str
) -> None:
    # A part of a row is no widget: a theme's "auto" or translucent colours must still come
    # out over the list's background (a light theme once drew the header white on white).
    settings.theme = theme
    async with make(workbook).run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        _, background = contact_list.background_colors
        foreground = pilot.app.current_theme.foreground
        assert foreground is not None
        wanted_from, wanted_to = Color.parse(foreground).rgb, background.rgb
        header = style_at(contact_list, 0, 2).color
        assert header is not None
        for channel, low, high in zip(header.get_truecolor(), wanted_from, wanted_to, strict=True):
            assert min(low, high) <= channel <= max(low, high), (header, foreground, background)
        assert header.get_truecolor() not in (wanted_from, wanted_to)


async def test_filter_text_that_looks_like_markup(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        await pilot.press("slash", *"[/]")
        assert ids(contact_list) == [ANN]
        await pilot.press(*["backspace"] * 3, *"[bold]")
        assert ids(contact_list) == [BOB]
        await pilot.press(*["backspace"] * 6, *"[link=")
        assert ids(contact_list) == [DANA]
        lines = screen_text(contact_list)
        assert "[link=https:/" in lines[1]


async def test_filter_matches_title_tags_and_notes(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        await pilot.press("slash", *"#climate")
        assert ids(contact_list) == [ZOE]
        pilot.app.screen.query_one(Input).value = "OCTOBER meetup"  # research notes, any case
        await pilot.pause()
        assert ids(contact_list) == [ZOE]
        pilot.app.screen.query_one(Input).value = "head of design"  # title
        await pilot.pause()
        assert ids(contact_list) == [OMAR]


async def test_no_match_says_so_and_escape_clears(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = pilot.app.screen.query_one(ContactsPane)
        contact_list = pane.contact_list
        await pilot.press("slash", *"zzz")
        assert ids(contact_list) == []
        assert contact_list.highlighted_contact_id is None
        text = " ".join(screen_text(contact_list))
        assert "No contact matches “zzz”" in text and "Esc" in text
        await pilot.press("escape")
        assert ids(contact_list) == BY_NAME
        assert pane.filter_input.value == ""
        assert pilot.app.focused is contact_list
        assert not pane.filter_input.display


async def test_enter_in_filter_goes_to_list_keeping_filter(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = pilot.app.screen.query_one(ContactsPane)
        contact_list = pane.contact_list
        await pilot.press("slash", *"ar")  # "research" in three titles
        assert ids(contact_list) == [BOB, ANN, DANA]
        await pilot.press("down")  # arrows move the list while typing
        assert contact_list.highlighted_contact_id == ANN
        await pilot.press("enter")
        assert pilot.app.focused is contact_list
        assert pane.filter_input.display and pane.filter_input.value == "ar"
        await pilot.press("j")
        assert contact_list.highlighted_contact_id == DANA
        await pilot.press("escape")  # Esc in the list clears the filter too
        assert ids(contact_list) == BY_NAME
        assert contact_list.highlighted_contact_id == DANA


async def test_empty_workbook_explains_what_to_do(make, empty_workbook) -> None:
    app = make(empty_workbook)
    async with app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        assert contact_list.highlighted_contact_id is None
        text = " ".join(screen_text(contact_list))
        assert "No contacts yet" in text and "press n" in text.lower()
        assert "informterm demo" in text
        await pilot.press("e")  # nothing to edit: no screen opens
        assert isinstance(pilot.app.screen, WorkbookScreen)


async def test_o_cycles_sort_name_stage_last_touch(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = pilot.app.screen.query_one(ContactsPane)
        contact_list = pane.contact_list
        assert "by name" in str(pane.border_title)
        await pilot.press("o")
        assert contact_list.sort_by is SortOrder.STAGE
        assert ids(contact_list) == [ZOE, DANA, ANN, BOB, OMAR]
        assert "by stage" in str(pane.border_title)
        await pilot.press("o")
        assert contact_list.sort_by is SortOrder.LAST_TOUCH
        # Newest touch first, never touched (Zoë) last.
        assert ids(contact_list) == [BOB, DANA, ANN, OMAR, ZOE]
        assert "by last touch" in str(pane.border_title)
        await pilot.press("o")
        assert contact_list.sort_by is SortOrder.NAME
        assert ids(contact_list) == BY_NAME


async def test_sort_keeps_the_cursor_on_its_contact(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        await pilot.press("j", "j")
        assert contact_list.highlighted_contact_id == DANA
        await pilot.press("o")
        assert contact_list.highlighted_contact_id == DANA
        assert contact_list.cursor_index == 1


async def test_shift_a_shows_archived_dimmed(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = pilot.app.screen.query_one(ContactsPane)
        contact_list = pane.contact_list
        await pilot.press("A")
        assert contact_list.show_archived
        assert EVE in ids(contact_list)
        assert "with archived" in str(pane.border_subtitle)
        row = ids(contact_list).index(EVE) + 1
        eve_style = style_at(contact_list, row, 2)
        active_style = style_at(contact_list, 2, 2)
        assert (eve_style.italic, eve_style.color) != (active_style.italic, active_style.color)
        await pilot.press("A")
        assert EVE not in ids(contact_list)


async def test_enter_opens_the_card(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter")
        assert isinstance(pilot.app.screen, ContactCard)
        assert pilot.app.screen.contact_id == ANN


async def test_dates_in_another_year_show_the_year_in_the_list_and_the_card(make, workbook) -> None:
    # The clock reads 24 November 2026: mid January is near, but in another year.
    for contact_id, due in ((ZOE, "2027-01-12T09:00:00Z"), (OMAR, "2026-12-03T09:00:00Z")):
        workbook.add(FollowUp(contact_id=contact_id, due=due, kind=FollowUpKind.CUSTOM))
    app = make(workbook)
    async with app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        zoe, omar = screen_text(contact_list)[4:6]
        assert zoe.startswith(" Zoë") and "custom, 12 Jan 2027" in zoe
        assert omar.startswith(" עומר") and "custom, Thu 3 Dec" in omar
        assert contact_list.select_contact(ZOE)
        await pilot.press("enter")
        await pilot.pause()
        card = pilot.app.screen
        assert isinstance(card, ContactCard) and card.contact_id == ZOE
        assert "12 Jan 2027" in str(card.query_one("#card-follow-ups", Static).content)


async def test_n_adds_a_contact_and_highlights_it(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        form = pilot.app.screen
        assert isinstance(form, ContactForm)
        form.dismiss(Contact(id="c-new", name="Aaron [i]New", company="Initech"))
        await settle(pilot)
        contact_list = pilot.app.screen.query_one(ContactList)
        assert isinstance(pilot.app.screen, WorkbookScreen)
        assert ids(contact_list)[:3] == [BOB, "c-new", ANN]
        assert contact_list.highlighted_contact_id == "c-new"


async def test_e_edits_and_the_cursor_follows_the_contact(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        await pilot.press("j", "j")  # Dana
        await pilot.press("e")
        form = pilot.app.screen
        assert isinstance(form, ContactForm)
        dana = pilot.app.workbook.get(Contact, DANA)
        form.dismiss(replace(dana, name="Zyx Okafor"))
        await settle(pilot)
        assert ids(contact_list) == [BOB, ANN, ZOE, DANA, OMAR]
        assert contact_list.highlighted_contact_id == DANA
        assert "Zyx Okafor" in screen_text(contact_list)[4]


async def test_s_changes_stage(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "s")  # Ann
        picker = pilot.app.screen
        assert isinstance(picker, StagePicker)
        picker.dismiss(Stage.DECLINED)
        await settle(pilot)
        assert pilot.app.workbook.get(Contact, ANN).stage is Stage.DECLINED
        contact_list = pilot.app.screen.query_one(ContactList)
        assert "declined" in screen_text(contact_list)[2]


async def test_t_logs_a_touch(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "t")  # Omar
        touch_screen = pilot.app.screen
        assert isinstance(touch_screen, LogTouchScreen)
        touch_screen.dismiss(
            Touch(contact_id=OMAR, at=NOW, kind=TouchKind.UPDATE, direction=Direction.OUT)
        )
        await settle(pilot)
        assert pilot.app.workbook.last_touch(OMAR).at == NOW
        await pilot.press("o", "o")  # by last touch: Omar is now the newest
        contact_list = pilot.app.screen.query_one(ContactList)
        assert ids(contact_list)[0] == OMAR


async def test_a_archives_and_the_cursor_moves_to_a_neighbour(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        await pilot.press("j", "a")  # Ann
        await settle(pilot)
        assert pilot.app.workbook.get(Contact, ANN).archived
        assert ANN not in ids(contact_list)
        assert contact_list.highlighted_contact_id == DANA
        await pilot.press("A")
        contact_list.select_contact(ANN)
        await pilot.press("a")  # restore
        await settle(pilot)
        assert not pilot.app.workbook.get(Contact, ANN).archived


async def test_d_deletes_after_confirmation(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        await pilot.press("j", "j", "d")  # Dana
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")  # no: nothing happens
        await settle(pilot)
        assert pilot.app.workbook.find(Contact, DANA) is not None
        await pilot.press("d")
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert pilot.app.workbook.find(Contact, DANA) is None
        assert ids(contact_list) == [BOB, ANN, ZOE, OMAR]
        assert contact_list.highlighted_contact_id == ZOE


async def test_cursor_stays_on_its_contact_when_others_change(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        await pilot.press("j", "j", "j")  # Zoë
        pilot.app.toggle_archive(BOB)
        await settle(pilot)
        assert ids(contact_list) == [ANN, DANA, ZOE, OMAR]
        assert contact_list.highlighted_contact_id == ZOE


async def test_select_contact_clears_a_filter_that_hides_it(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = pilot.app.screen.query_one(ContactsPane)
        contact_list = pane.contact_list
        await pilot.press("slash", *"bob", "enter")
        assert ids(contact_list) == [BOB]
        assert contact_list.select_contact(OMAR)
        await pilot.pause()
        assert contact_list.highlighted_contact_id == OMAR
        assert contact_list.filter_text == ""
        assert pane.filter_input.value == ""
        assert ids(contact_list) == BY_NAME


async def test_select_contact_shows_archived_when_needed(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, WorkbookScreen)
        assert screen.select_contact(EVE)
        assert screen.contact_list.show_archived
        assert screen.contact_list.highlighted_contact_id == EVE
        assert not screen.select_contact("no-such-id")


@pytest.fixture
def long_list_app(make, workbook):  # type: ignore[no-untyped-def]
    """The app on the test people and 200 more, more than the list shows at once."""
    for number in range(200):
        workbook.add(Contact(id=f"c-{number:03d}", name=f"Person {number:03d}"))
    return make(workbook)


async def test_large_list_scrolls_to_keep_the_cursor_visible(long_list_app) -> None:
    async with long_list_app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        await pilot.press("end")
        assert contact_list.highlighted_contact_id == OMAR
        assert contact_list.scroll_offset.y > 150
        lines = screen_text(contact_list)
        assert lines[-1].startswith(" עומר Haddad")
        await pilot.press("home")
        assert contact_list.scroll_offset.y == 0


async def test_the_scrollbar_follows_the_rows_shown(long_list_app) -> None:
    async with long_list_app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        scrollbar = contact_list.vertical_scrollbar
        assert contact_list.show_vertical_scrollbar
        assert scrollbar.window_virtual_size == 205 + 1  # every row and the header
        await pilot.press("slash", *"person 1")  # 100 to 199, 001, 010 to 019, ...
        await pilot.pause()
        assert 40 < len(ids(contact_list)) < 200
        assert scrollbar.window_virtual_size == len(ids(contact_list)) + 1
        await pilot.press("5")  # 015, 115, 150 to 159: fewer than the rows in view
        await pilot.pause()
        assert len(ids(contact_list)) == 12
        assert not contact_list.show_vertical_scrollbar
        await pilot.press("escape")
        await pilot.pause()
        assert contact_list.show_vertical_scrollbar and scrollbar.window_virtual_size == 206


async def test_filter_that_hides_the_cursor_starts_at_the_top(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        await pilot.press("end")  # Omar, the last row
        await pilot.press("slash", *"re")  # Omar does not match; several others do
        assert OMAR not in ids(contact_list) and len(ids(contact_list)) > 1
        assert contact_list.cursor_index == 0


async def test_last_touch_order_follows_new_touches(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        await pilot.press("o", "o")
        assert ids(contact_list) == [BOB, DANA, ANN, OMAR, ZOE]
        touch = Touch(contact_id=ZOE, at=NOW, kind=TouchKind.INTRO, direction=Direction.OUT)
        pilot.app.save(lambda workbook: workbook.add(touch))
        await settle(pilot)
        assert ids(contact_list) == [ZOE, BOB, DANA, ANN, OMAR]
        pilot.app.save(lambda workbook: workbook.delete(touch))
        await settle(pilot)
        assert ids(contact_list) == [BOB, DANA, ANN, OMAR, ZOE]


async def test_the_filter_sees_edits_made_before_and_after_the_first_filter(app) -> None:
    async def edit_title(pilot, title: str) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("e")
        form = pilot.app.screen
        assert isinstance(form, ContactForm)
        form.dismiss(replace(pilot.app.workbook.get(Contact, ZOE), title=title))
        await settle(pilot)

    async with app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        await pilot.press("j", "j", "j")  # Zoë
        # Before any filtering (no search texts made yet) ...
        await edit_title(pilot, "Quokka wrangler")
        contact_list.set_filter("quokka")
        assert ids(contact_list) == [ZOE]
        # ... and after: the changed contact's text is made again.
        await edit_title(pilot, "Wombat herder")
        assert ids(contact_list) == []
        contact_list.set_filter("wombat")
        assert ids(contact_list) == [ZOE]


async def test_opening_the_filter_box_makes_the_search_texts(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        contact_list = pilot.app.screen.query_one(ContactList)
        assert contact_list._sorted_texts is None  # not needed for the first frame
        await pilot.press("slash")
        assert contact_list._sorted_texts is not None
        assert len(contact_list._sorted_texts) == len(BY_NAME)
