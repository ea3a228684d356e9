"""Terminal injection, end to end: a contact added with ``informterm add`` whose name and
company hold escape sequences, a C1 control and a newline; the app, in a real
pseudo-terminal, opens their card and the delete dialog without ever writing those
characters (checked on the bytes it wrote, not on what a terminal made of them)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.e2e.terminal import Terminal

NAME = "Esc \x1b[2J\x1b]0;pwned\x07 Name"
COMPANY = "Acme\x9b2J\nEvil"

SHOWN_NAME = "Esc ␛[2J␛]0;pwned␇ Name"
SHOWN_COMPANY = "Acme\\x9b2J␊Evil"


def test_escape_sequences_in_a_contact_never_reach_the_terminal(
    spawn: Callable[..., Terminal], isolated_locations: Path, tmp_path: Path
) -> None:
    db = tmp_path / "workbook.json"
    subprocess.run(
        [sys.executable, "-m", "informterm", "add", NAME, "--company", COMPANY, "--db", str(db)],
        capture_output=True,
        timeout=30,
        check=True,
    )
    term = spawn("--db", str(db))

    def written(text: str) -> Callable[[str], bool]:
        # Waits on the bytes, not the screen: an injected "clear screen" would blank it.
        def test(_screen: str) -> bool:
            return text.encode() in term.output

        test.__doc__ = f"{text} written"
        return test

    term.wait_for(written("1 contact"))
    term.press("enter")
    card = term.wait_for(written("Research notes"))
    term.press("d")
    dialog = term.wait_for(written("Delete contact"))
    term.press("escape", "escape", "q")
    assert term.wait_exit(timeout=10) == 0

    output = bytes(term.output)
    assert b"\x1b]0;pwned" not in output
    assert b"Esc \x1b[2J" not in output and b"\x1b[2J\x1b]0" not in output
    assert "\x9b".encode() not in output  # U+009B, which a terminal may take as CSI
    assert b"2J\nEvil" not in output and b"2J\r\nEvil" not in output  # the newline
    # What was drawn instead: the characters as visible symbols, the company on one line.
    assert SHOWN_NAME.encode() in output
    assert SHOWN_NAME in card
    assert SHOWN_COMPANY in card
    assert f"Delete {SHOWN_NAME} with their" in dialog
