"""Fixtures for the flow tests: a workbook file of their own in a fresh folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from informterm.store import Workbook, open_workbook


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Where the test's workbook lives."""
    return tmp_path / "workbook.json"


@pytest.fixture
def book(path: Path) -> Workbook:
    """A new, writable workbook at ``path``."""
    return open_workbook(path)
