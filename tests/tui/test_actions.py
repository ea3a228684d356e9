"""The action table at work: the key bar shows what applies now (over forms, in read-only
mode, for an archived contact), j/k move in every list and pane, the palette finds "jump"
and offers Restore, its Keys command opens the help, and the keymap check names the clash."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from informterm.cli import make_app
from informterm.core.model import Settings
from informterm.store import open_workbook
from informterm.tui.actions import keymap_problems
from informterm.tui.commands import table_commands
from informterm.tui.screens.contact_card import ContactCard
from informterm.tui.screens.contact_form import ContactForm
from informterm.tui.screens.help_screen import HelpScreen
from informterm.tui.screens.stage_picker import StagePicker
from informterm.tui.screens.workbook_screen import WorkbookScreen
from informterm.tui.widgets.contact_list import ContactList
from informterm.tui.widgets.key_bar import KeyBar
from informterm.tui.widgets.notes_pane import NotesPane
from tests.tui.conftest import ANN, BOB, EVE, fill_workbook

SIZE = (120, 40)


def bar_text(pilot) -> str:  # type: ignore[no-untyped-def]
    """The key bar of the screen in front, as drawn."""
    return pilot.app.screen.query_one(KeyBar).render().plain


async def open_card(pilot, contact_id: str) -> ContactCard:  # type: ignore[no-untyped-def]
    pilot.app.open_contact_card(contact_id)
    await pilot.pause()
    card = pilot.app.screen
    assert isinstance(card, ContactCard)
    return card


async def test_a_form_has_its_own_keys_not_the_lists(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ContactForm)
        text = bar_text(pilot)
        assert "^s Save" in text and "esc Cancel" in text
        assert "e Edit" not in text and "Archive" not in text and "/ Filter" not in text
        # Focus is in a text field, where q and ? are typing, so they are not offered.
        assert "q Quit" not in text and "? Help" not in text


async def test_the_filter_box_does_not_offer_letter_keys(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        assert "n New" in bar_text(pilot)
        await pilot.press("slash")
        text = bar_text(pilot)
        assert "esc Clear filter" in text
        assert "n New" not in text and "q Quit" not in text


async def test_the_stage_picker_and_the_confirm_dialog_show_their_keys(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, StagePicker)
        assert "esc Cancel" in bar_text(pilot) and "e Edit" not in bar_text(pilot)
        await pilot.press("escape", "d")
        await pilot.pause()
        text = bar_text(pilot)
        assert "y Yes" in text and "Edit" not in text


async def test_read_only_mode_offers_no_changes(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "shared.json"
    with open_workbook(path) as writer:
        fill_workbook(writer)
        with open_workbook(path) as second:
            assert second.read_only
            app = make_app(second, settings, tmp_path / "config.yaml")
            async with app.run_test(size=SIZE) as pilot:
                text = bar_text(pilot)
                assert "⏎ Open" in text and "/ Filter" in text
                for label in ("e Edit", "n New", "d Delete", "s Stage", "t Touch", "a Archive"):
                    assert label not in text
                titles = [title for title, _, _ in table_commands(pilot.app.screen)]
                assert not any(t.startswith(("contact: Edit", "contact: Delete")) for t in titles)
                assert "contact: New contact" not in titles
                assert "contacts: Filter" in titles
                card = await open_card(pilot, BOB)
                assert "Edit" not in bar_text(pilot) and "esc Back" in bar_text(pilot)
                assert card.contact_id == BOB


async def test_an_archived_contact_offers_restore(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, WorkbookScreen)
        assert "a Archive" in bar_text(pilot)
        await pilot.press("A")  # show archived contacts
        await pilot.pause()
        assert screen.contact_list.select_contact(EVE)
        await pilot.pause()
        assert "a Restore" in bar_text(pilot) and "a Archive" not in bar_text(pilot)
        titles = [title for title, _, _ in table_commands(screen)]
        assert "contact: Restore Eve Archer" in titles
        await open_card(pilot, EVE)
        assert "a Restore" in bar_text(pilot)
        await pilot.press("a")  # restores, and the card's bar follows
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "a Archive" in bar_text(pilot)


async def test_j_and_k_move_in_the_cards_referral_tree(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        card = await open_card(pilot, ANN)
        tree = card.query_one("#chain-down", OptionList)
        assert tree.option_count >= 1
        tree.focus()
        tree.highlighted = None
        await pilot.press("j")
        assert tree.highlighted == 0
        if tree.option_count > 1:
            await pilot.press("j", "k")
            assert tree.highlighted == 0


async def test_j_and_k_move_in_the_stage_picker(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        stages = pilot.app.screen.query_one("#stages", OptionList)
        start = stages.highlighted
        assert start is not None
        await pilot.press("j")
        assert stages.highlighted == start + 1
        await pilot.press("k")
        assert stages.highlighted == start


async def test_j_and_k_scroll_the_notes_pane(make, workbook) -> None:  # type: ignore[no-untyped-def]
    # Read-only, the focused Notes pane is its styled view (writable, it is its editor).
    reader = open_workbook(workbook.path, read_only=True)
    app = make(reader)
    async with app.run_test(size=(120, 16)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, WorkbookScreen)
        assert screen.contact_list.select_contact(BOB)  # the one with long notes
        await pilot.press("3")
        pane = screen.query_one(NotesPane)
        await pilot.pause()
        assert pane.has_focus and pane.max_scroll_y > 0
        await pilot.press("j", "j")
        assert pane.scroll_y > 0
        await pilot.press("k", "k")
        assert pane.scroll_y == 0
    reader.close()


async def run_from_palette(pilot, typed: str) -> None:  # type: ignore[no-untyped-def]
    """Open the palette, type ``typed``, wait for the matches and run the first."""
    await pilot.press("ctrl+p")
    await pilot.press(*typed)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def test_the_palette_finds_jump(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await run_from_palette(pilot, "jump bob")
        screen = pilot.app.screen
        assert isinstance(screen, WorkbookScreen)
        assert screen.query_one(ContactList).highlighted_contact_id == BOB


async def test_the_palettes_keys_command_opens_the_help_and_esc_closes_it(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await run_from_palette(pilot, "keys")
        assert isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, WorkbookScreen)


async def test_a_screenshot_without_a_downloads_folder_goes_beside_the_cache(
    app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no-downloads"
    monkeypatch.setattr("platformdirs.user_downloads_path", lambda: missing)
    async with app.run_test(size=SIZE) as pilot:
        saved = pilot.app.save_screen_picture()
        assert saved is not None and saved.exists() and not missing.exists()
        assert saved.read_text(encoding="utf-8").startswith("<svg")
        await pilot.pause()
        assert any(str(saved) in str(n.message) for n in pilot.app._notifications)


def test_the_keymap_check_names_an_unknown_key_and_a_clash() -> None:
    problems = keymap_problems({"quit": "notakey", "archive-contact": "e", "help": "f1"})
    assert "'notakey' is not a key name" in problems["quit"]
    assert "'e' is already edit-contact's key" in problems["archive-contact"]
    assert "help" not in problems
    assert keymap_problems({"edit-contact": "ctrl+e,f2", "quit": "ctrl+q,question_mark"}) == {
        "quit": "'question_mark' is already help's key in Everywhere; two actions there "
        "cannot share it"
    }
    assert (
        "did you mean 'archive-contact'"
        in keymap_problems({"archive-contcat": "x"})["archive-contcat"]
    )
