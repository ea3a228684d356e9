"""``informterm`` on first run, in a real pseudo-terminal: an empty workbook is created,
the welcome says what to do, and the first contact typed in is saved."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from informterm.core.model import Contact
from informterm.store import open_workbook
from tests.e2e.terminal import Terminal


def test_first_run_welcomes_then_saves_the_first_contact(
    spawn: Callable[..., Terminal], isolated_locations: Path
) -> None:
    workbook = isolated_locations / "data" / "informterm" / "workbook.json"
    term = spawn()

    term.wait_for("Welcome to informterm")
    assert workbook.exists(), "the default workbook is created on first run"
    assert stat.S_IMODE(workbook.stat().st_mode) == 0o600

    # The welcome's advice works: n opens the new-contact form.
    term.press("n")
    term.wait_for("New contact")
    # Typed through the terminal: accented letters, an emoji (two columns wide) and text
    # that looks like markup all arrive and show as typed.
    name = "Zoë 🌱 [b]Lee [/]"
    term.type(name)
    term.press("\x13")  # ctrl+s saves
    term.wait_for(lambda s: name in s and "New contact" not in s)

    term.press("q")
    assert term.wait_exit(timeout=10) == 0

    listed = subprocess.run(
        [sys.executable, "-m", "informterm", "contacts", "--json"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert [c["name"] for c in json.loads(listed.stdout)] == [name]


def test_a_second_instance_opens_read_only_and_says_who_holds_the_workbook(
    spawn: Callable[..., Terminal], isolated_locations: Path
) -> None:
    path = isolated_locations / "data" / "informterm" / "workbook.json"
    with open_workbook(path, read_only=False) as holder:
        holder.add(Contact(name="Priya Raman", company="Lumen Health"))
        before = path.read_bytes()
        term = spawn()
        screen = term.wait_for("Opened read-only")
        assert "Priya Raman" in screen
        assert "Welcome" not in screen, "no welcome on a workbook with contacts"
        term.wait_for(f"process {os.getpid()}")
        term.wait_for("1 contact · read-only")  # at the foot of the list, for good
        term.press("q")
        assert term.wait_exit(timeout=10) == 0
        assert path.read_bytes() == before, "the read-only instance wrote nothing"


def test_keys_typed_ahead_act_in_order(
    spawn: Callable[..., Terminal], isolated_locations: Path
) -> None:
    path = isolated_locations / "data" / "informterm" / "workbook.json"
    with open_workbook(path) as book:
        for name in ("Priya Raman", "Ann Lee", "Anna Berg", "Omar Haddad"):
            book.add(Contact(name=name))

    # Keys typed at once, before the first frame, act in order ("/" opens the filter, "a"
    # and "n" are text there, not archive and new).
    term = spawn()
    term.type("/ann")
    term.wait_for(lambda s: "Anna Berg" in s and "Ann Lee" in s and "Priya Raman" not in s)
    term.press("escape")
    term.press("q")
    assert term.wait_exit(timeout=10) == 0
    with open_workbook(path, read_only=True) as book:
        assert book.count(Contact) == 4
        assert not any(contact.archived for contact in book.contacts(include_archived=True))
