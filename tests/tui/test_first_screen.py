"""Starting from the first screen kept at the end of the last session: the same first frame
as from the whole workbook, then the whole workbook, with nothing typed in between lost."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Input

import informterm.tui.app
from informterm.core.model import Contact, Settings
from informterm.store import Workbook, open_workbook
from informterm.store.first_screen import FIRST_ROWS, cache_file, read_first_screen
from informterm.tui.app import InformtermApp
from informterm.tui.screens.workbook_screen import WorkbookScreen
from informterm.tui.widgets.contact_list import ContactList

SIZE = (120, 40)


class PreviewOnlyApp(InformtermApp):
    """The app with its workbook left loading after the first frame, so a test can look at
    the preview and choose when the whole file is read (with :meth:`load_now`)."""

    CSS_PATH = Path(informterm.tui.app.__file__).with_name("app.tcss")

    def _finish_loading(self) -> None:
        pass

    def load_now(self) -> None:
        InformtermApp._finish_loading(self)


def frame(app: App[Any]) -> list[list[tuple[str, object]]]:
    """What the terminal shows now: each line's text and styles."""
    return [
        [(segment.text, segment.style) for segment in strip]
        for strip in app.screen._compositor.render_strips()
    ]


@pytest.fixture
def kept(workbook: Workbook, make, settings: Settings) -> Path:  # type: ignore[no-untyped-def]
    """The test workbook, closed after a session that kept its first screen."""
    path = workbook.path
    # More people than are kept, sorted after the test people: the preview is a cut.
    with workbook.transaction():
        for n in range(FIRST_ROWS + 50):
            workbook.add(Contact(name=f"Zed Filler {n:04d}", company="Filler Inc"))
    workbook.close()
    with open_workbook(path) as book:
        app = make(book)
        assert isinstance(app, InformtermApp)
        app._keep_first_screen()
    assert read_first_screen(path) is not None
    return path


async def test_the_first_frame_from_the_kept_screen_is_the_whole_workbook_s(
    kept: Path, settings: Settings, tmp_path: Path, frozen_clock: str
) -> None:
    frames = []
    for first_screen in (False, True):
        with open_workbook(kept, read_only=True, first_screen=first_screen) as book:
            assert book.loading is first_screen
            app = PreviewOnlyApp(book, settings, config_path=tmp_path / "config.yaml")
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                frames.append(frame(app))
                assert book.loading is first_screen, "nothing read the file meanwhile"
    assert frames[0] == frames[1]


async def test_keys_pressed_while_loading_act_once_the_workbook_is_read(
    kept: Path, settings: Settings, tmp_path: Path, frozen_clock: str
) -> None:
    with open_workbook(kept, first_screen=True) as book:
        app = PreviewOnlyApp(book, settings, config_path=tmp_path / "config.yaml")
        async with app.run_test(size=SIZE) as pilot:
            contact_list = app.screen.query_one(ContactList)
            start = contact_list.cursor_index
            await pilot.press("j", "j")
            assert contact_list.cursor_index == start, "held while the file is read"
            app.load_now()
            await pilot.pause()
            assert not book.loading
            assert contact_list.cursor_index == start + 2
            assert contact_list.total == len(book.contacts())


async def test_typing_ahead_into_the_filter_while_loading_filters(
    kept: Path, settings: Settings, tmp_path: Path, frozen_clock: str
) -> None:
    # "a" archives and "n" adds a contact in the list: held keys must reach the filter box
    # that "/" opens, as if typed one by one.
    with open_workbook(kept, read_only=True) as whole:
        archived = sum(contact.archived for contact in whole.contacts(include_archived=True))
    with open_workbook(kept, first_screen=True) as book:
        app = PreviewOnlyApp(book, settings, config_path=tmp_path / "config.yaml")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("slash", *"ann")
            app.load_now()
            await pilot.pause(0.5)
            assert app.screen.query_one("#contact-filter", Input).value == "ann"
            assert isinstance(app.screen, WorkbookScreen), "a form was opened"
            assert sum(c.archived for c in book.contacts(include_archived=True)) == archived
            names = [c.name for c in app.screen.query_one(ContactList).visible_contacts]
            assert names and all("ann" in name.lower() for name in names)
            await pilot.press("x")
            assert app.screen.query_one("#contact-filter", Input).value == "annx"


async def test_the_app_reads_the_whole_workbook_after_its_first_frame(
    kept: Path,
    make,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    with open_workbook(kept) as book:
        book.add(Contact(name="Aaron Added"))  # changes the file: the kept screen is stale
    assert read_first_screen(kept) is None
    for expect_preview in (False, True):
        with open_workbook(kept, first_screen=True) as book:
            assert book.loading is expect_preview
            app = make(book)
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                assert not book.loading
                names = [c.name for c in app.screen.query_one(ContactList).visible_contacts]
                assert "Aaron Added" in names
        # The session kept its first screen for the file as it is now.
        assert read_first_screen(kept) is not None


async def test_a_file_that_fails_to_load_after_the_preview_ends_the_app_with_why(
    kept: Path,
    make,  # type: ignore[no-untyped-def]
) -> None:
    status = kept.stat()
    text = kept.read_bytes()
    spoiled = text.replace(b'"archived":false', b'"archived":"no!"', 1)
    assert len(spoiled) == len(text)
    with open(kept, "r+b") as file:
        file.write(spoiled)
    os.utime(kept, ns=(status.st_atime_ns, status.st_mtime_ns))
    with open_workbook(kept, first_screen=True) as book:
        assert book.loading
        app = make(book)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
        assert app.return_code == 2
        assert "the field 'archived' should be true or false" in str(app.load_error)
    assert kept.read_bytes() == spoiled
    assert cache_file(kept).exists()
