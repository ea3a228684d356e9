"""The domain, the use cases and the store never import Textual, and the domain imports no
TinyDB: checked in a fresh interpreter, so what other tests imported cannot hide a stray
import."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import informterm.core
import informterm.flows

ROOT = Path(__file__).resolve().parents[2]

CORE = sorted(
    {f"informterm.core.{m.name}" for m in pkgutil.iter_modules(informterm.core.__path__)}
    | {"informterm.core.model", "informterm.core.time", "informterm.core.browse"}
)
HEADLESS = sorted(
    {*CORE}
    | {f"informterm.flows.{m.name}" for m in pkgutil.iter_modules(informterm.flows.__path__)}
    | {"informterm.flows.contacts", "informterm.flows.touches"}
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


def test_the_domain_does_not_import_the_store() -> None:
    loaded = imported_in_fresh_interpreter(CORE)
    assert "tinydb" not in loaded
    assert not [name for name in loaded if name.startswith("informterm.store")]


def test_the_check_would_notice_textual() -> None:
    # The same probe sees Textual when something does import it.
    assert "textual" in imported_in_fresh_interpreter(["textual.app"])
