"""The domain and the store never import Textual: checked in a fresh interpreter, so what
other tests imported cannot hide a stray import."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import informterm.core

ROOT = Path(__file__).resolve().parents[2]

HEADLESS = sorted(
    {f"informterm.core.{m.name}" for m in pkgutil.iter_modules(informterm.core.__path__)}
    | {"informterm.core.model", "informterm.core.time", "informterm.core.browse"}
    | {
        "informterm.store",
        "informterm.store.storage",
        "informterm.store.workbook",
        "informterm.store.migrations",
    }
)


def imported_in_fresh_interpreter(modules: list[str]) -> list[str]:
    """Import ``modules`` in a new interpreter; returns everything then in sys.modules."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_core_and_store_do_not_import_textual() -> None:
    loaded = imported_in_fresh_interpreter(HEADLESS)
    assert set(HEADLESS) <= set(loaded)
    assert "textual" not in loaded
    assert not [name for name in loaded if name.startswith("textual.")]


def test_the_check_would_notice_textual() -> None:
    # The same probe sees Textual when something does import it.
    assert "textual" in imported_in_fresh_interpreter(["textual.app"])
