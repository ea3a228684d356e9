"""Shared fixtures: every test gets its own data and config locations under tmp_path, so
the developer's own files never leak in or get touched."""

from __future__ import annotations

import contextlib
import itertools
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_locations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every file location informterm uses at a fresh folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("INFORMTERM_DB", raising=False)
    monkeypatch.delenv("INFORMTERM_CONFIG", raising=False)
    # A user without config.yaml gets the machine's zone; tests get one fixed zone.
    monkeypatch.setenv("TZ", "UTC")
    return home


def fresh_python(code: str, *args: str) -> str:
    """What ``code`` prints when run in a fresh interpreter (nothing imported yet), with
    ``args`` as its ``sys.argv[1:]``; fails the test, showing stderr, if it fails."""
    result = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@contextlib.contextmanager
def folder_allowing_no_writing(folder: Path) -> Iterator[Path]:
    """``folder`` made 0555 (readable, nothing can be created in it) while in the block.

    informterm honours a mode with no write bits even for root, so this works when the
    tests run as root too (where the permission itself would not stop a write)."""
    folder.chmod(0o555)
    try:
        yield folder
    finally:
        folder.chmod(0o700)


def yaml_bomb(levels: int, *, mapping: bool = False) -> str:
    """The YAML "billion laughs", ``levels`` deep: each level names the one before nine
    times, so nine levels (342 bytes) expand to 9**9 strings."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for before, name in itertools.pairwise("abcdefghi"[:levels]):
        if mapping:
            body = "{" + ",".join(f"k{i}: *{before}" for i in range(9)) + "}"
        else:
            body = "[" + ",".join([f"*{before}"] * 9) + "]"
        lines.append(f"{name}: &{name} {body}")
    return "\n".join(lines) + "\n"
