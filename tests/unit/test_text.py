"""The display sanitiser: control characters shown, never emitted; everything else kept."""

from __future__ import annotations

import unicodedata

import pytest

from informterm.core.model import Contact, Touch
from informterm.core.text import printable, printable_record

EVERY_CONTROL = "".join(chr(code) for code in (*range(32), 127, *range(0x80, 0xA0)))


def test_no_control_character_survives_in_one_line_text() -> None:
    shown = printable(f"a{EVERY_CONTROL}b")
    assert not [ch for ch in shown if unicodedata.category(ch) == "Cc"]
    assert shown.startswith("a\u2400\u2401") and "\u241b" in shown  # NUL, SOH, ESC
    assert "\u2421" in shown and "\\x9b" in shown  # DEL, and CSI as an escape


def test_one_line_text_shows_newlines_and_tabs() -> None:
    assert printable("Acme\nEvil\tCo") == "Acme\u240aEvil\u2409Co"


def test_multi_line_text_keeps_newlines_and_tabs_only() -> None:
    shown = printable(f"line 1\n\tline 2{EVERY_CONTROL}", multi_line=True)
    assert shown.startswith("line 1\n\tline 2")
    assert [ch for ch in shown if unicodedata.category(ch) == "Cc"] == ["\n", "\t", "\t", "\n"]


@pytest.mark.parametrize(
    "text",
    ["Ann [/] Lee", "[bold]x[/bold] [link=y]z", "Zoë 🌱👩🏽‍💻", "עומר Haddad", "e\u0301", ""],
)
def test_everything_else_stays_as_typed(text: str) -> None:
    assert printable(text) == text
    assert printable(text, multi_line=True) == text


def test_a_record_is_shown_field_by_field() -> None:
    contact = Contact(
        name="Esc \x1b[2J Name",
        company="Acme\nEvil",
        tags=["a\x00b"],
        research_notes="one\ntwo\x1b]0;x\x07",
    )
    shown = printable_record(contact)
    assert shown.name == "Esc \u241b[2J Name"
    assert shown.company == "Acme\u240aEvil"
    assert shown.tags == ["a\u2400b"]
    assert shown.research_notes == "one\ntwo\u241b]0;x\u2407"
    assert contact.name == "Esc \x1b[2J Name", "the stored record is untouched"
    plain = Touch(contact_id="c", summary="fine")
    assert printable_record(plain) is plain


@pytest.mark.parametrize("multi_line", [False, True])
def test_a_lone_surrogate_is_shown_by_its_escape(multi_line: bool) -> None:
    # What Python makes of a byte that is not UTF-8 (surrogateescape), and what a JSON
    # "\ud800" decodes to: neither can be encoded, so sending it would raise.
    assert printable("\ud800", multi_line=multi_line) == "\\ud800"
    assert printable("bad\udcffbyte", multi_line=multi_line) == "bad\\udcffbyte"
    shown = printable("Zoë\ud800\x1b[2J\x9b🌱", multi_line=multi_line)
    assert shown == "Zoë\\ud800\u241b[2J\\x9b🌱"
    shown.encode("utf-8")  # raises if a surrogate were left


def test_a_record_with_a_lone_surrogate_can_be_shown() -> None:
    shown = printable_record(Contact(name="Ann\ud800", research_notes="one\n\udcfftwo"))
    assert (shown.name, shown.research_notes) == ("Ann\\ud800", "one\n\\udcfftwo")
