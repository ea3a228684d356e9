"""Shared fixtures: every test gets its own data and config locations under tmp_path, so
the developer's own files never leak in or get touched."""

from __future__ import annotations

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
