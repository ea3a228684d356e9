"""Control characters in user text never reach the terminal: the contact card, the delete
dialog, the log-touch screen and the edit form show them as symbols."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from informterm.cli import make_app
from informterm.core.model import Contact, Settings, Touch
from informterm.store import open_workbook
from informterm.tui.screens.confirm import ConfirmScreen
from informterm.tui.screens.contact_card import ContactCard
from informterm.tui.screens.contact_form import ContactForm
from informterm.tui.screens.log_touch import LogTouchScreen

HOSTILE = "Esc \x1b[2J\x1b]0;pwned\x07 Name\x9b\x00"


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """Every character the screen would send for its text, escape sequences aside."""
    update = app.screen._compositor.render_full_update()
    return "".join(segment.text for strips in update.strips for segment in strips)


def controls_in(text: str) -> list[str]:
    return [ch for ch in text if unicodedata.category(ch) == "Cc" and ch != "\n"]


async def test_hostile_text_is_shown_not_sent(tmp_path: Path) -> None:
    book = open_workbook(tmp_path / "w.json")
    evil = book.add(
        Contact(
            name=HOSTILE,
            company="Acme\nEvil",
            research_notes="notes \x1b[31mred\x1b[0m\nline two",
        )
    )
    book.add(Touch(contact_id=evil.id, summary="said \x1b]0;pwned\x07 hi"))
    app = make_app(book, Settings(home_timezone="UTC"), tmp_path / "config.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_contact_card(evil.id)
        await pilot.pause()
        assert isinstance(app.screen, ContactCard)
        shown = screen_text(app)
        assert controls_in(shown) == []
        assert "Esc \u241b[2J\u241b]0;pwned\u2407 Name" in shown
        assert "Acme\u240aEvil" in shown, "a newline does not break a one-line field"
        assert "said \u241b]0;pwned\u2407 hi" in shown
        for screen_type, action in (
            (ConfirmScreen, app.delete_contact),
            (LogTouchScreen, app.log_touch),
            (ContactForm, app.edit_contact),
        ):
            action(evil.id)
            await pilot.pause()
            assert isinstance(app.screen, screen_type)
            shown = screen_text(app)
            assert controls_in(shown) == [], screen_type.__name__
            assert "\u241b" in shown, screen_type.__name__
            await pilot.press("escape")
            await pilot.pause()
    book.close()
