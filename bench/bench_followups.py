"""Benchmark of ``informterm followups`` against todoman's ``todo list``: printing a queue
from the command line, side by side in one run.

Run it as a script (it is not a test). It uses the ``todo`` command on the PATH, or else
installs todoman from the package registry into a virtual environment of its own:

    python bench/bench_followups.py                  # 10,000 contacts vs 2,000 todos
    python bench/bench_followups.py --todo ~/bin/todo --repeat 21

It builds, in a temporary folder, a todoman list of 2,000 todos (one .ics file each, with
due dates, priorities and descriptions) and a synthetic workbook of 10,000 contacts in two
shapes: as generated (per contact about 2 touches, 0.3 interviews and 0.5 follow-ups, so
about 5,000 open) and with the follow-ups the rules make added, as a workbook kept by the
app holds them (each contact touched gets its keep-in-touch, so about 15,000 open). Then
it runs, in turns so drift on the machine affects each alike: ``informterm followups``
and ``todo list`` (both print a table to a pipe), and ``informterm followups --json`` and
``todo --porcelain list`` (both print JSON). Each is a fresh process, as from a shell or
a status bar; todoman's cache is built by a warm-up run first, so it is measured warm.
The figure is the median wall time; the goal is informterm/todoman at most 1.0x.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_synthetic_workbook

from informterm.core.model import Settings
from informterm.flows.followups import reconcile
from informterm.store import open_workbook

NOW = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

TODO_CONFIG = """\
path = {lists!r}
date_format = "%Y-%m-%d"
time_format = "%H:%M"
default_list = "work"
"""


def install_todoman(folder: Path) -> Path:
    """A virtual environment with todoman in it; returns its ``todo`` command."""
    venv = folder / "todoman-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "todoman"], check=True)
    return venv / "bin" / "todo"


def write_todos(folder: Path, count: int, seed: int = 11) -> Path:
    """``count`` todos, one .ics file each, in a list named "work"; returns the lists'
    folder."""
    rng = random.Random(seed)
    work = folder / "lists" / "work"
    work.mkdir(parents=True)
    start = datetime.now(UTC) - timedelta(days=30)
    for n in range(count):
        due = start + timedelta(hours=rng.randrange(24 * 120))
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//informterm bench//EN",
            "BEGIN:VTODO",
            f"UID:bench-{n}@example.org",
            f"DTSTAMP:{start:%Y%m%dT%H%M%SZ}",
            f"CREATED:{start:%Y%m%dT%H%M%SZ}",
            f"DUE:{due:%Y%m%dT%H%M%SZ}",
            f"SUMMARY:Follow up with person {n} about the research ops role",
            "DESCRIPTION:No reply 7 business days after the request: send one follow-up.",
            f"PRIORITY:{rng.choice([0, 1, 5, 9])}",
            "STATUS:NEEDS-ACTION",
            "END:VTODO",
            "END:VCALENDAR",
            "",
        ]
        (work / f"bench-{n}.ics").write_text("\r\n".join(lines))
    return work.parent


def write_workbooks(folder: Path, contacts: int) -> dict[str, Path]:
    """The synthetic workbook as generated (its own follow-ups only), and a copy holding
    the follow-ups the rules make too, as a workbook kept by the app would."""
    plain = write_synthetic_workbook(folder / "workbook.json", contacts)
    ruled = Path(shutil.copy(plain, folder / "workbook-ruled.json"))
    with open_workbook(ruled) as workbook:
        everyone = [contact.id for contact in workbook.contacts(include_archived=True)]
        reconcile(workbook, Settings(), NOW, everyone)
    return {"generated": plain, "with rules": ruled}


def informterm_command() -> list[str]:
    """The ``informterm`` entry point next to this interpreter, as installed."""
    script = Path(sys.executable).parent / "informterm"
    return [str(script)] if script.exists() else [sys.executable, "-m", "informterm"]


def wall_seconds(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds one run takes, and how many lines it printed."""
    start = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, check=True)
    elapsed = time.perf_counter() - start
    return elapsed, result.stdout.count(b"\n")


def main() -> None:
    """Build both data sets, run the commands in turns and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--todos", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=11, help="timed runs of each command")
    parser.add_argument(
        "--todo", default=shutil.which("todo"), help="todoman's todo command (default: PATH)"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="informterm-bench-"))
    try:
        todo = Path(args.todo) if args.todo else install_todoman(folder)
        lists = write_todos(folder, args.todos)
        (folder / "todoman.py").write_text(TODO_CONFIG.format(lists=str(lists / "*")))
        workbooks = write_workbooks(folder, args.contacts)
        env = {key: value for key, value in os.environ.items() if not key.startswith("INFORMTERM")}
        env.update(
            TODOMAN_CONFIG=str(folder / "todoman.py"),
            XDG_CACHE_HOME=str(folder / "cache"),
            INFORMTERM_CONFIG=str(folder / "no-config.yaml"),
        )
        theirs = {
            "table": [str(todo), "--color", "never", "list"],
            "json": [str(todo), "--porcelain", "list"],
        }
        runs: dict[tuple[str, str], list[str]] = {}
        for shape, workbook in workbooks.items():
            ours = [*informterm_command(), "--db", str(workbook), "followups"]
            runs[(shape, "table")] = ours
            runs[(shape, "json")] = [*ours, "--json"]
        runs |= {("todoman", output): command for output, command in theirs.items()}
        for command in runs.values():
            wall_seconds(command, env)  # warm-up: bytecode, disk cache, todoman's cache
        samples: dict[tuple[str, str], list[float]] = {key: [] for key in runs}
        lines: dict[tuple[str, str], int] = {}
        for _ in range(args.repeat):
            for key, command in runs.items():
                seconds, lines[key] = wall_seconds(command, env)
                samples[key].append(seconds)
        median = {key: statistics.median(values) * 1000 for key, values in samples.items()}
        print(
            f"python {sys.version.split()[0]}; {args.contacts:,} contacts vs {args.todos:,} "
            f"todos; median of {args.repeat}; goal: informterm/todoman at most 1.0x"
        )
        header = f"{'workbook':<12}{'output':<7}{'ms':>7}{'lines':>8}{'/todoman':>10}"
        print(header)
        print("-" * len(header))
        for (shape, output), ms in median.items():
            ratio = "" if shape == "todoman" else f"{ms / median[('todoman', output)]:>9.2f}x"
            print(f"{shape:<12}{output:<7}{ms:>7.0f}{lines[(shape, output)]:>8,}{ratio}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
