"""Startup as a user feels it: process start until the first key typed is answered, against
an empty Textual app's first frame measured the same way in the same run.

Each measurement starts a fresh interpreter in a real pseudo-terminal of 120x40, as a person
starts the program, and takes the time until what the program wrote, with its escape
sequences removed, holds the marker texts: for the empty app its text and the footer; for
informterm the first contact's name, a pane title and the key bar (its first frame), and
then, for the figure that counts, the filter text typed at once ("/qzx", sent as soon as
the process starts): the first key answered. The programs are then quit with their quit
key, outside the timing. Runs alternate so machine noise hits all alike. Both apps run from
compiled bytecode, as installed programs do.

The usual start opens a workbook informterm wrote itself, whose digest it knows, so the
records are not checked again; one more line shows a start after the file was changed
outside informterm (every record checked, as on the first open of an imported file).

    python bench/bench_startup.py [--contacts 10000] [--runs 9]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_synthetic_workbook

COLUMNS, LINES = 120, 40
TIMEOUT = 60.0

EMPTY_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Empty(App):
    def compose(self):
        yield Header()
        yield Static("empty-app-ready")
        yield Footer()

Empty().run()
"""

_ESCAPES = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


class Program:
    """One program started in a pseudo-terminal, its output kept as plain text."""

    def __init__(self, argv: Sequence[str], env: dict[str, str]) -> None:
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            try:
                import fcntl
                import termios

                size = struct.pack("HHHH", LINES, COLUMNS, 0, 0)
                fcntl.ioctl(pty.STDOUT_FILENO, termios.TIOCSWINSZ, size)
                os.execve(argv[0], list(argv), env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.raw = b""

    def seconds_until(self, *markers: str) -> float:
        """Seconds from the start until every marker text has been drawn."""
        wanted = [marker.encode() for marker in markers]
        text = b""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 1 << 20)
            except OSError:
                break
            if not chunk:
                break
            self.raw += chunk
            text = _ESCAPES.sub(b"", self.raw)
            if all(marker in text for marker in wanted):
                return time.perf_counter() - self.started
        raise RuntimeError(f"{markers} not drawn within {TIMEOUT} s; drawn: {text[-2000:]!r}")

    def type(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def quit(self, keys: bytes) -> None:
        """Quit with ``keys`` and wait for the program to end (killed if it does not)."""
        self.type(keys)
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                with contextlib.suppress(OSError):
                    os.read(self.fd, 1 << 20)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


def first_name(db: Path) -> str:
    """The name the contact list shows first (its starting view: by name, no archived)."""
    code = (
        "import sys; from informterm.store import open_workbook;"
        "from informterm.core.browse import SortOrder, sort_contacts;"
        "wb = open_workbook(sys.argv[1], read_only=True);"
        "print(sort_contacts(wb.contacts(), SortOrder.NAME)[0].name)"
    )
    result = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True)
    return result.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=9)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        db = write_synthetic_workbook(home / "workbook.json", options.contacts)
        config = home / "config.yaml"
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("TEXTUAL", "INFORMTERM")) and key != "PYTHONDONTWRITEBYTECODE"
        }
        env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        env.update(XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"))
        empty_db = home / "empty.json"
        subprocess.run(
            [sys.executable, "-c", "import sys; from informterm.store import open_workbook;"
             "open_workbook(sys.argv[1]).close()", str(empty_db)],
            check=True,
        )  # fmt: skip
        name = first_name(db)
        informterm = [sys.executable, "-m", "informterm", "--db", str(db), "--config", str(config)]
        empty_app = [sys.executable, "-c", EMPTY_APP]
        frame_markers = (name, "Follow-ups", "palette")

        def empty() -> float:
            program = Program(empty_app, env)
            seconds = program.seconds_until("empty-app-ready", "palette")
            program.quit(b"\x11")  # ctrl+q
            return seconds

        def ours(*, workbook: Path = db) -> tuple[float, float]:
            command = [*informterm[:4], str(workbook), *informterm[5:]]
            markers = frame_markers if workbook == db else ("Contacts", "Follow-ups", "palette")
            program = Program(command, env)
            # Typed at once, as a person who knows the app does: it waits in the terminal.
            program.type(b"/qzx")
            frame = program.seconds_until(*markers)
            answered = program.seconds_until("qzx")
            program.type(b"\x1b\x1b")
            # Apart from the escapes, or "q" would arrive as alt+q and quit nothing.
            time.sleep(0.3)
            program.quit(b"q")
            return frame, answered

        empty()  # warm the file cache and write bytecode for both
        ours()
        samples: dict[str, list[float]] = {
            "empty": [],
            "nothing": [],
            "frame": [],
            "answered": [],
            "checked": [],
        }
        for _ in range(options.runs):
            samples["empty"].append(empty())
            samples["nothing"].append(ours(workbook=empty_db)[1])
            frame, answered = ours()
            samples["frame"].append(frame)
            samples["answered"].append(answered)
            # What informterm knew of the file is gone, as after a change made elsewhere.
            shutil.rmtree(home / "cache" / "informterm" / "checked", ignore_errors=True)
            samples["checked"].append(ours()[1])
    median = {key: statistics.median(values) * 1000 for key, values in samples.items()}
    base = median["empty"]
    print(f"startup, median of {options.runs} runs, {COLUMNS}x{LINES} pty, against an empty")
    print("Textual app's first frame")
    size = f"{options.contacts:,} contacts"
    rows = [
        ("empty", "empty Textual app: first frame", ""),
        ("nothing", "informterm, empty workbook: first key answered", ""),
        ("frame", f"informterm, {size}: first frame", ""),
        ("answered", f"informterm, {size}: first key answered", "   (goal: at most 2.00x)"),
        ("checked", "  the same, file changed outside informterm: first key", ""),
    ]
    for key, label, goal in rows:
        print(f"  {label:<58}{median[key]:7.0f} ms  {median[key] / base:5.2f}x{goal}")


if __name__ == "__main__":
    main()
