"""Pilot tests of the App itself: durable saves, the keymap from config.yaml, themes (chosen,
broken, switched and remembered), read-only workbooks and the help screen."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

from textual.content import Content
from textual.widgets import Static

from informterm.cli import make_app, startup_notices
from informterm.core.model import Contact, Settings, Stage
from informterm.store import Workbook, open_workbook
from informterm.tui.screens.contact_form import ContactForm
from informterm.tui.screens.help_screen import HelpScreen
from informterm.tui.screens.stage_picker import StagePicker
from informterm.tui.screens.workbook_screen import WorkbookScreen
from informterm.tui.themes import DEFAULT_THEME
from informterm.tui.widgets.contact_list import ContactList, ContactsPane
from tests.conftest import folder_allowing_no_writing, yaml_bomb
from tests.tui.conftest import ANN, BOB, HOME_TIMEZONE, ZOE, fill_workbook

SIZE = (120, 40)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let off-thread saves land and their messages run."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def on_disk(path: Path, contact_id: str) -> Contact:
    """The contact as a fresh reader of the file sees it."""
    with open_workbook(path, read_only=True) as reader:
        return reader.get(Contact, contact_id)


def notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(notification.message) for notification in app._notifications]


async def test_a_change_is_on_disk_once_saved(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "s")  # Ann
        picker = pilot.app.screen
        assert isinstance(picker, StagePicker)
        picker.dismiss(Stage.INTERVIEWED)
        await settle(pilot)
        assert on_disk(workbook.path, ANN).stage is Stage.INTERVIEWED


async def test_deleting_a_referrer_names_the_leads_and_keeps_a_note(
    app, workbook: Workbook
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pilot.app.screen.query_one(ContactList).select_contact(ANN)
        await pilot.press("d")
        await pilot.pause()
        message = str(pilot.app.screen.query_one("#confirm-message", Static).render())
        assert "[bold]Bob will no longer show Ann [/] Lee as who introduced them" in message
        await pilot.press("y")
        await settle(pilot)
    bob = on_disk(workbook.path, BOB)
    assert bob.referred_by is None
    assert bob.research_notes.endswith("Introduced by Ann [/] Lee (contact deleted 24 Nov 2026)")


async def test_an_outreach_touch_moves_a_prospect_along(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pilot.app.screen.query_one(ContactList).select_contact(ZOE)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("ctrl+s")  # the form starts on a request for a prospect
        await settle(pilot)
        assert on_disk(workbook.path, ZOE).stage is Stage.REACHED_OUT
        assert len(workbook.touches_of(ZOE)) == 1


async def test_edits_keep_markup_looking_text_literal(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "e")
        form = pilot.app.screen
        assert isinstance(form, ContactForm)
        ann = workbook.get(Contact, ANN)
        form.dismiss(replace(ann, company="[/] [bold]Big[/bold] [link=x]co"))
        await settle(pilot)
        assert on_disk(workbook.path, ANN).company == "[/] [bold]Big[/bold] [link=x]co"
        assert any("Saved Ann [/] Lee" in text for text in notices(pilot.app))


async def test_keymap_from_config_remaps_a_key(tmp_path: Path, workbook: Workbook) -> None:
    settings = Settings(home_timezone=HOME_TIMEZONE, keymap={"archive-contact": "x"})
    app = make_app(workbook, settings, tmp_path / "config.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a")  # no longer archives
        await settle(pilot)
        assert not workbook.get(Contact, ANN).archived
        await pilot.press("x")
        await settle(pilot)
        assert on_disk(workbook.path, ANN).archived


async def test_theme_from_config_is_used(tmp_path: Path, workbook: Workbook) -> None:
    settings = Settings(home_timezone=HOME_TIMEZONE, theme="informterm-high-contrast")
    app = make_app(workbook, settings, tmp_path / "config.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert pilot.app.theme == "informterm-high-contrast"


async def test_a_broken_theme_file_gives_one_notice_and_the_default(
    tmp_path: Path, workbook: Workbook
) -> None:
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "sunset.yaml").write_text("name: sunset\nprimary: not-a-colour\n")
    settings = Settings(home_timezone=HOME_TIMEZONE, theme="sunset")
    app = make_app(workbook, settings, tmp_path / "config.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert pilot.app.theme == DEFAULT_THEME
        about_the_theme = [text for text in notices(pilot.app) if "sunset" in text]
        assert len(about_the_theme) == 1
        assert "sunset.yaml" in about_the_theme[0]
        assert f"using {DEFAULT_THEME}" in about_the_theme[0]


async def test_a_theme_file_that_expands_through_its_aliases_gives_one_notice_and_the_default(
    tmp_path: Path, workbook: Workbook
) -> None:
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "sunset.yaml").write_text('name: sunset\nprimary: "#336699"\n' + yaml_bomb(9))
    settings = Settings(home_timezone=HOME_TIMEZONE, theme="sunset")
    app = make_app(workbook, settings, tmp_path / "config.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert pilot.app.theme == DEFAULT_THEME
        assert "informterm-light" in pilot.app.available_themes
        about_the_theme = [text for text in notices(pilot.app) if "sunset" in text]
        assert len(about_the_theme) == 1
        assert "sunset.yaml was skipped: expands to more than 10,000 values" in about_the_theme[0]
        assert f"using {DEFAULT_THEME}" in about_the_theme[0]


async def test_a_missing_theme_is_named_once(tmp_path: Path, workbook: Workbook) -> None:
    settings = Settings(home_timezone=HOME_TIMEZONE, theme="dusk")
    app = make_app(workbook, settings, tmp_path / "config.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert pilot.app.theme == DEFAULT_THEME
        assert [text for text in notices(pilot.app) if "dusk" in text] == [
            f"Theme 'dusk' was not found; using {DEFAULT_THEME}."
        ]


async def test_a_theme_picked_later_is_remembered(tmp_path: Path, workbook: Workbook) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("# my settings\nyour_name: Sam\n")
    app = make_app(workbook, Settings(home_timezone=HOME_TIMEZONE), config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pilot.app.theme = "informterm-light"
        await settle(pilot)
    text = config.read_text()
    assert "theme: informterm-light" in text
    assert "# my settings" in text and "your_name: Sam" in text


async def test_read_only_workbook_refuses_changes(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "shared.json"
    with open_workbook(path) as writer:
        fill_workbook(writer)
        before = path.read_bytes()
        with open_workbook(path) as second:  # the first one holds the lock
            assert second.read_only
            app = make_app(second, settings, tmp_path / "config.yaml")
            async with app.run_test(size=SIZE) as pilot:
                await pilot.press("j", "e")
                assert not isinstance(pilot.app.screen, ContactForm)
                await pilot.press("a", "d")
                await settle(pilot)
                assert any("read-only" in text for text in notices(pilot.app))
                assert "read-only" in pilot.app.sub_title
                # Long after the notice has gone, the Contacts pane still says so.
                pane = pilot.app.screen.query_one(ContactsPane)
                shown = Content.from_markup(pane.border_subtitle or "").plain
                assert shown == "5 contacts · read-only"
        assert path.read_bytes() == before


async def test_a_workbook_in_a_folder_allowing_no_writing_opens_read_only_and_says_why(
    tmp_path: Path, settings: Settings
) -> None:
    folder = tmp_path / "shared"
    path = folder / "workbook.json"
    with open_workbook(path) as writer:
        fill_workbook(writer)
    path.with_name(path.name + ".lock").unlink()
    before = path.read_bytes()
    with folder_allowing_no_writing(folder), open_workbook(path) as workbook:
        app = make_app(workbook, settings, tmp_path / "config.yaml", startup_notices(workbook))
        async with app.run_test(size=SIZE) as pilot:
            shown = notices(pilot.app)
            assert any(
                text.startswith("Opened read-only: the folder")
                and f"{folder} does not allow writing" in text
                and f"chmod u+w {folder}" in text
                for text in shown
            ), shown
            assert "read-only" in pilot.app.sub_title
            await pilot.press("a", "d")  # archive: refused, saying why
            await settle(pilot)
            assert any(
                "Nothing was changed" in text and "does not allow writing" in text
                for text in notices(pilot.app)
            ), notices(pilot.app)
    assert path.read_bytes() == before


async def test_help_lists_every_key_with_its_id(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        text = " ".join(str(widget.render()) for widget in pilot.app.screen.query("Static"))
        for binding_id in ("focus-contacts", "filter-contacts", "archive-contact", "cycle-sort"):
            assert binding_id in text
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, HelpScreen)


async def test_quit_waits_for_a_pending_save(app, workbook: Workbook) -> None:
    def slow_change(book: Workbook) -> Contact:
        time.sleep(0.5)  # still writing when q arrives
        return book.update(book.get(Contact, ANN), stage=Stage.THANKED)

    async with app.run_test(size=SIZE) as pilot:
        pilot.app.save(slow_change)
        await pilot.press("q")
    assert on_disk(workbook.path, ANN).stage is Stage.THANKED


async def test_keys_arriving_together_each_go_where_the_one_before_left_focus(
    app, workbook: Workbook
) -> None:
    # As when "/ann" is pasted or typed faster than the app draws: "/" opens the filter box,
    # so "a" (archive, in the list) and "n" (new contact) must land in the box as text.
    from textual import events

    archived = sum(c.archived for c in workbook.contacts(include_archived=True))
    async with app.run_test(size=SIZE) as pilot:
        for key, character in [("slash", "/"), ("a", "a"), ("n", "n"), ("n", "n")]:
            pilot.app.post_message(events.Key(key, character))
        await pilot.pause(0.5)
        assert pilot.app.screen.query_one("#contact-filter").value == "ann"
        assert isinstance(pilot.app.screen, WorkbookScreen), "a form was opened"
    assert sum(c.archived for c in workbook.contacts(include_archived=True)) == archived
