"""Composing a request end to end, in a real pseudo-terminal: m opens the compose screen on
a contact whose name looks like markup, ctrl+o hands the text to $EDITOR (the app gives
the terminal over and takes it back), the checks pass, ctrl+g copies it (OSC 52, checked
on the bytes written) and ctrl+t marks it sent, which lands in the workbook file."""

from __future__ import annotations

import base64
import re
import sys
from collections.abc import Callable
from pathlib import Path

from informterm.core.model import Channel, FollowUp, TouchKind
from informterm.store import open_workbook
from tests.e2e.terminal import Terminal
from tests.tui.conftest import BOB, fill_workbook

CONFIG = """\
your_name: Sam Rivera
pitch: I taught science for eight years and I am moving into UX research.
target_field: UX research
contact_line: sam@example.com
home_timezone: Europe/London
"""

REASON = "your move from teaching into research is the path I hope to take"
OSC_52 = re.compile(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)")


def shows(*texts: str, hides: str | None = None) -> Callable[[str], bool]:
    """A screen test: every one of ``texts`` on screen (and ``hides`` not), so a frame
    read half-drawn is waited past rather than judged."""

    def test(screen: str) -> bool:
        return all(text in screen for text in texts) and (hides is None or hides not in screen)

    test.__doc__ = ", ".join(texts) + (f", without {hides}" if hides else "")
    return test


def test_compose_edit_copy_and_mark_a_request_sent(
    spawn: Callable[..., Terminal],
    terminal_env: dict[str, str],
    tmp_path: Path,
) -> None:
    db = tmp_path / "workbook.json"
    with open_workbook(db) as book:
        fill_workbook(book)
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    # The "editor": writes the reason in place of its placeholder, as a person would.
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import pathlib, sys\n"
        "path = pathlib.Path(sys.argv[1])\n"
        f"path.write_text(path.read_text().replace('$reason', {REASON!r}))\n",
        encoding="utf-8",
    )
    terminal_env["EDITOR"] = f"{sys.executable} {editor}"
    terminal_env.pop("VISUAL", None)
    term = spawn("--db", str(db), "--config", str(config))

    term.wait_for("Ann [/] Lee")
    term.settle()
    term.press("/")
    term.type("bob")
    term.press("enter")
    term.press("m")
    term.wait_for(
        shows("Message to [bold]Bob", "Dear [bold]Bob,", "Ann [/] Lee suggested I write", "$reason")
    )
    term.settle()

    # ctrl+o: the editor runs with the terminal, and the app comes back with its text.
    term.press("\x0f")
    term.wait_for(shows("because your move", "Nothing to fix", hides="$reason"))

    # ctrl+g: the message goes to the terminal's clipboard as OSC 52.
    term.press("\x07")
    term.wait_for("Copied the message")
    copies = OSC_52.findall(bytes(term.output))
    assert copies, "an OSC 52 sequence was written"
    copied = base64.b64decode(copies[-1]).decode("utf-8")
    assert copied.startswith("Subject: Ann [/] Lee suggested I write to you\n\nDear [bold]Bob,")
    assert REASON in copied and copied.rstrip().endswith("sam@example.com")

    # ctrl+t: nothing is left to fill in, so it is logged at once.
    term.press("\x14")
    term.wait_for("Logged the request to")
    term.press("q")
    assert term.wait_exit(timeout=10) == 0

    with open_workbook(db, read_only=True) as again:
        sent = [t for t in again.touches_of(BOB) if t.kind is TouchKind.REQUEST]
        assert len(sent) == 1
        assert sent[0].channel is Channel.EMAIL
        assert sent[0].summary == "Outreach request (email): Ann [/] Lee suggested I write to you"


def test_closing_the_terminal_keeps_the_draft_being_written(
    spawn: Callable[..., Terminal], tmp_path: Path
) -> None:
    db = tmp_path / "workbook.json"
    with open_workbook(db) as book:
        fill_workbook(book)
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    term = spawn("--db", str(db), "--config", str(config))
    term.wait_for("Ann [/] Lee")
    term.settle()
    # The queue's first follow-up, drafted: the screen opens on its message.
    term.press("4")
    term.press("w")
    term.wait_for(shows("Template", "Still to fill in"))
    term.settle()
    term.type("PS half-written")
    term.wait_for("PS half-written")
    # The window closes mid-sentence (SIGHUP): the app leaves as q does, keeping the draft.
    assert term.hang_up() == 129
    with open_workbook(db, read_only=True) as book:
        drafts = [f.draft for f in book.all(FollowUp) if f.draft]
    assert len(drafts) == 1 and "PS half-written" in drafts[0]
