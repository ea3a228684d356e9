"""Startup: process start to the first full frame of the Workbook screen, against an empty
Textual app measured the same way in the same run.

Each measurement is a fresh interpreter that runs the app headless at 120x40 and exits as
soon as the first frame after mount has been rendered; the wall time of the whole process
is what a user waits. Runs alternate between the two apps so machine noise hits both.
Both run from compiled bytecode, as an installed program does: the warm-up runs write it
even where PYTHONDONTWRITEBYTECODE is set (otherwise an editable checkout would compile
informterm's modules from source at every start while Textual's come precompiled).

    python bench/bench_startup.py [--contacts 10000] [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_synthetic_workbook

EMPTY_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Empty(App):
    def compose(self):
        yield Header()
        yield Static("empty")
        yield Footer()

async def first_frame(pilot):
    await pilot.pause()
    pilot.app.exit()

Empty().run(headless=True, size=(120, 40), auto_pilot=first_frame)
"""

INFORMTERM_APP = """
import sys
from pathlib import Path
from informterm.cli import make_app, open_workbook_for_tui
from informterm.config import load_settings

# Open the workbook and build the app as the informterm command does.
config = Path(sys.argv[2])
app = make_app(open_workbook_for_tui(Path(sys.argv[1])), load_settings(config), config)

async def first_frame(pilot):
    await pilot.pause()
    assert pilot.app.screen.query("ContactList"), "the Workbook screen did not show"
    pilot.app.exit()

app.run(headless=True, size=(120, 40), auto_pilot=first_frame)
"""


def time_process(code: str, *args: str) -> float:
    """Wall time of one fresh interpreter running ``code``."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, env=environment)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=9)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = write_synthetic_workbook(Path(folder) / "workbook.json", options.contacts)
        config = Path(folder) / "config.yaml"
        empty: list[float] = []
        ours: list[float] = []
        time_process(EMPTY_APP)  # warm the file cache for both
        time_process(INFORMTERM_APP, str(db), str(config))
        for _ in range(options.runs):
            empty.append(time_process(EMPTY_APP))
            ours.append(time_process(INFORMTERM_APP, str(db), str(config)))
    empty_ms = statistics.median(empty) * 1000
    ours_ms = statistics.median(ours) * 1000
    print(f"startup to first full frame, median of {options.runs} runs, 120x40 headless")
    print(f"  empty Textual app          {empty_ms:8.0f} ms")
    print(f"  informterm, {options.contacts:>6} contacts {ours_ms:8.0f} ms")
    print(f"  ratio                      {ours_ms / empty_ms:8.2f}x   (goal: at most 1.30x)")


if __name__ == "__main__":
    main()
