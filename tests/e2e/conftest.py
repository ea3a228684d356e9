"""Fixtures for the end-to-end tests: the real ``informterm`` in a real pseudo-terminal,
with HOME, the XDG folders and TMPDIR all under tmp_path."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal

if sys.platform == "win32":  # pragma: no cover - there is no pty module there
    pytest.skip("pseudo-terminals are POSIX only", allow_module_level=True)

COLUMNS, LINES = 100, 30


@pytest.fixture
def terminal_env(isolated_locations: Path, tmp_path: Path) -> dict[str, str]:
    """The environment of a person's terminal, with every location under tmp_path."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEXTUAL", "INFORMTERM")) and key not in ("COLUMNS", "LINES")
    }
    temp = tmp_path / "tmp"
    temp.mkdir()
    env.update(TERM="xterm-256color", TMPDIR=str(temp), LANG="C.UTF-8", LC_ALL="C.UTF-8")
    return env


@pytest.fixture
def spawn(terminal_env: dict[str, str]) -> Iterator[Callable[..., Terminal]]:
    """Start ``python -m informterm ARGS`` in a 100x30 pseudo-terminal; stopped at the end."""
    started: list[Terminal] = []

    def start(*args: str) -> Terminal:
        terminal = Terminal(
            [sys.executable, "-m", "informterm", *args],
            terminal_env,
            columns=COLUMNS,
            lines=LINES,
        )
        started.append(terminal)
        return terminal

    yield start
    for terminal in started:
        terminal.close()
