"""``informterm`` on first run, in a real pseudo-terminal: an empty workbook is created,
the welcome says what to do, and the first contact typed in is saved."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

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
    term.type("Ann [/] Lee")
    term.press("\x13")  # ctrl+s saves
    term.wait_for(lambda s: "Ann [/] Lee" in s and "New contact" not in s)

    term.press("q")
    assert term.wait_exit(timeout=10) == 0

    listed = subprocess.run(
        [sys.executable, "-m", "informterm", "contacts", "--json"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert [c["name"] for c in json.loads(listed.stdout)] == ["Ann [/] Lee"]
