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
        "informterm.store.journal",
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


def test_the_follow_up_commands_do_not_import_textual(tmp_path: Path) -> None:
    """``touch``, ``followups`` and ``followup`` run from start to end in one fresh
    interpreter, on a workbook with something to show and act on, and load no Textual
    (nor rich, which only the TUI needs)."""
    from informterm.core.model import Contact
    from informterm.store import open_workbook

    db = tmp_path / "w.json"
    with open_workbook(db) as workbook:
        workbook.add(Contact(id="ann000000001", name="Ann Lee", company="Acme"))
    runs = [
        ["touch", "Ann", "--kind", "request", "--channel", "email", "--when", "today 9:00"],
        ["followups"],
        ["followups", "--json", "--all", "--due", "week"],
        ["touch", "Ann", "--kind", "reply", "--channel", "email", "--json"],
        ["followups", "--all"],
    ]
    code = (
        "import contextlib, io, json, sys\n"
        "from informterm.cli import main\n"
        f"for args in {runs!r}:\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        f"        assert main([*args, '--db', {str(db)!r}]) == 0, args\n"
        "from informterm.store import open_workbook\n"
        "from informterm.core.model import FollowUp\n"
        f"with open_workbook({str(db)!r}, read_only=True) as book:\n"
        "    last = sorted(f.id for f in book.all(FollowUp) if f.is_open)[0]\n"
        "for args in (['followup', 'snooze', last, '--until', 'tomorrow 10:00'],\n"
        "             ['followup', 'done', last], ['followups', '--json']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        f"        assert main([*args, '--db', {str(db)!r}]) == 0, args\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert "informterm.cli_followups" in loaded and "informterm.flows.followups" in loaded
    assert [name for name in loaded if name.split(".")[0] in ("textual", "rich")] == []


def test_the_interview_commands_do_not_import_textual(tmp_path: Path) -> None:
    """``schedule``, ``interviews`` and ``interview ...`` run from start to end in one
    fresh interpreter and load no Textual (nor rich); icalendar only for ``interview ics``."""
    from informterm.core.model import Contact
    from informterm.store import open_workbook

    db = tmp_path / "w.json"
    with open_workbook(db) as workbook:
        workbook.add(Contact(id="ann000000001", name="Ann Lee", timezone="America/New_York"))
    code = (
        "import contextlib, io, json, sys\n"
        "from informterm.cli import main\n"
        "def run(*args):\n"
        "    out = io.StringIO()\n"
        "    with contextlib.redirect_stdout(out):\n"
        f"        assert main([*args, '--db', {str(db)!r}]) == 0, args\n"
        "    return out.getvalue()\n"
        "made = json.loads(run('schedule', 'Ann', '--at', 'tue 9:30', '--zone', 'theirs',"
        " '--json'))\n"
        "talk = made['interview']['id']\n"
        "run('interviews'); run('interviews', '--upcoming', '--json')\n"
        "run('interview', 'confirm', talk)\n"
        "run('interview', 'reschedule', talk, '--at', 'wed 10:00', '--json')\n"
        "run('interview', 'done', talk, '--json')\n"
        "before = 'icalendar' in sys.modules\n"
        "print(json.dumps([before, sorted(sys.modules)]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    icalendar_loaded, loaded = json.loads(result.stdout)
    assert "informterm.cli_interviews" in loaded and "informterm.core.schedule" in loaded
    assert [name for name in loaded if name.split(".")[0] in ("textual", "rich")] == []
    assert not icalendar_loaded, "icalendar is imported by the export alone"
