"""Pilot tests of the key bar: the keys that apply now, drawn in one line, narrowed to fit,
following focus and the keymap, and pressed by a click."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType

from informterm.cli import make_app
from informterm.core.model import Settings
from informterm.store import Workbook
from informterm.tui.screens.contact_card import ContactCard
from informterm.tui.widgets.contact_list import ContactsPane
from informterm.tui.widgets.key_bar import KeyBar
from tests.tui.conftest import HOME_TIMEZONE

WIDE, NARROW = (120, 40), (80, 24)


def bar_text(pilot) -> str:  # type: ignore[no-untyped-def]
    return pilot.app.screen.query_one(KeyBar).render().plain


def column_of(pilot, label: str) -> int:  # type: ignore[no-untyped-def]
    text = bar_text(pilot)
    assert label in text, text
    return text.index(label)


async def test_the_first_frame_has_the_focused_lists_keys_and_the_palette(app) -> None:
    async with app.run_test(size=WIDE) as pilot:
        text = bar_text(pilot)
        for label in ("⏎ Open", "e Edit", "a Archive", "/ Filter", "o Sort", "? Help", "q Quit"):
            assert label in text
        assert text.rstrip().endswith("▏^p palette")
        assert len(text) == WIDE[0]


async def test_a_narrow_terminal_drops_the_optional_keys_first(app) -> None:
    async with app.run_test(size=NARROW) as pilot:
        text = bar_text(pilot)
        assert "Open" not in text and "Archive" not in text and "Sort" not in text
        assert "e Edit" in text and "/ Filter" in text and "▏^p palette" in text
        assert len(text) == NARROW[0]
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        text = bar_text(pilot)
        assert "e Edit" in text and "? Help q Quit" in text  # help and quit go last
        assert "/ Filter" not in text and len(text) == 60
        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        assert "⏎ Open" in bar_text(pilot)


async def test_keys_follow_focus(app) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("slash")
        text = bar_text(pilot)
        assert "esc Clear filter" in text
        assert "Open" not in text  # the list's keys go with its focus
        await pilot.press("escape")
        assert "Clear filter" not in bar_text(pilot) and "⏎ Open" in bar_text(pilot)


async def test_contact_keys_go_when_there_is_no_contact(make, empty_workbook) -> None:
    async with make(empty_workbook).run_test(size=WIDE) as pilot:
        text = bar_text(pilot)
        assert "Open" not in text and "Edit" not in text
        assert "/ Filter" in text and "n New" in text


class DisabledKeyApp(App[None]):
    """A key the app shows but cannot use now (``check_action`` answers None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "explode", "Explode"),
        Binding("y", "yell", "Yell"),
    ]
    pressed: ClassVar[list[str]] = []

    def compose(self) -> ComposeResult:
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "explode" else True

    def action_explode(self) -> None:
        self.pressed.append("explode")

    def action_yell(self) -> None:
        self.pressed.append("yell")


async def test_a_disabled_key_is_dimmed_and_a_click_on_it_does_nothing() -> None:
    app = DisabledKeyApp()
    async with app.run_test(size=NARROW) as pilot:
        line = pilot.app.query_one(KeyBar).render()
        explode, yell = line.plain.index("Explode"), line.plain.index("Yell")
        assert line.get_style_at_offset(pilot.app.console, explode).dim
        assert not line.get_style_at_offset(pilot.app.console, yell).dim
        await pilot.click(KeyBar, offset=(explode, 0))
        await pilot.click(KeyBar, offset=(yell, 0))
        await pilot.pause()
        assert app.pressed == ["yell"]


async def test_a_click_presses_the_key(app) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await pilot.click(KeyBar, offset=(column_of(pilot, "Filter"), 0))
        await pilot.pause()
        assert pilot.app.screen.query_one(ContactsPane).has_class("-filtering")
        await pilot.click(KeyBar, offset=(column_of(pilot, "Clear filter"), 0))
        await pilot.click(KeyBar, offset=(column_of(pilot, "⏎"), 0))
        await pilot.pause()
        assert isinstance(pilot.app.screen, ContactCard)
        assert "esc" in bar_text(pilot)  # the card has its own bar


async def test_hovering_a_key_shows_its_tooltip(app) -> None:
    async with app.run_test(size=WIDE) as pilot:
        bar = pilot.app.screen.query_one(KeyBar)
        await pilot.hover(KeyBar, offset=(column_of(pilot, "Sort"), 0))
        assert bar.tooltip == "Sort contacts by name, stage or last touch"
        gap = column_of(pilot, "▏") - 1  # between the keys and the palette's
        await pilot.hover(KeyBar, offset=(gap, 0))
        assert bar.tooltip is None


async def test_remapped_keys_show_as_remapped(tmp_path: Path, workbook: Workbook) -> None:
    settings = Settings(home_timezone=HOME_TIMEZONE, keymap={"filter-contacts": "f"})
    async with make_app(workbook, settings, tmp_path / "config.yaml").run_test(size=WIDE) as pilot:
        assert "f Filter" in bar_text(pilot) and "/ Filter" not in bar_text(pilot)
