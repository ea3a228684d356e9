"""``informterm followups`` on a large workbook, against todoman's ``todo list``.

Builds a synthetic workbook (10,000 contacts by default, about 5,000 follow-ups) and a
todoman collection of 2,000 to-dos in a temporary folder, then times each command as a
person runs it: a fresh process each time, output to /dev/null, the programs' bytecode
compiled first. Runs alternate so machine noise hits both alike; figures are medians. The
goal is at most 1.0x. todoman is not a dependency: install it (``pip install todoman``)
for the comparison, or pass ``--todo PATH``; without it only our figures are printed.

    python bench/bench_followups.py [--contacts 10000] [--todos 2000] [--runs 9]
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_synthetic_workbook

ROOT = Path(__file__).resolve().parent.parent

TODO = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//informterm bench//EN\r
BEGIN:VTODO\r
UID:{uid}\r
DTSTAMP:20261201T000000Z\r
CREATED:20261201T000000Z\r
SUMMARY:Follow up with person {n}: send one follow-up\r
DESCRIPTION:No reply 7 business days after the request: send one follow-up.\r
DUE:2027{month:02d}{day:02d}T{hour:02d}0000Z\r
STATUS:NEEDS-ACTION\r
END:VTODO\r
END:VCALENDAR\r
"""


def write_todos(folder: Path, count: int) -> dict[str, str]:
    """A todoman collection of ``count`` to-dos and its config; the environment to run
    ``todo`` in."""
    collection = folder / "lists" / "work"
    collection.mkdir(parents=True)
    for n in range(count):
        uid = uuid.UUID(int=n + 1)
        text = TODO.format(uid=uid, n=n, month=n % 12 + 1, day=n % 28 + 1, hour=8 + n % 10)
        (collection / f"{uid}.ics").write_text(text, encoding="utf-8", newline="")
    config = folder / "config" / "todoman"
    config.mkdir(parents=True)
    (config / "config.py").write_text(
        f'path = "{folder / "lists"}/*"\n'
        'date_format = "%Y-%m-%d"\n'
        'time_format = "%H:%M"\n'
        'default_list = "work"\n'
        f'cache_path = "{folder / "cache.sqlite3"}"\n',
        encoding="utf-8",
    )
    return {**os.environ, "XDG_CONFIG_HOME": str(folder / "config"), "HOME": str(folder)}


def elapsed(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from start to exit of one run of ``argv``."""
    started = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--todos", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--todo", default=shutil.which("todo"), help="todoman's todo command")
    options = parser.parse_args()

    compileall.compile_dir(ROOT / "informterm", quiet=1)
    with tempfile.TemporaryDirectory(prefix="informterm-bench-") as temp:
        folder = Path(temp)
        db = write_synthetic_workbook(folder / "workbook.json", options.contacts)
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "INFORMTERM_CONFIG": str(folder / "config.yaml"),
        }
        ours = [sys.executable, "-m", "informterm", "--db", str(db), "followups"]
        commands = {"followups": ours, "followups --json": [*ours, "--json"]}
        envs = dict.fromkeys(commands, env)
        if options.todo:
            envs["todo list"] = write_todos(folder / "todoman", options.todos)
            commands["todo list"] = [options.todo, "list"]
            elapsed(commands["todo list"], envs["todo list"])  # builds todoman's cache
        for name, argv in commands.items():
            elapsed(argv, envs[name])  # warms the disk cache
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(options.runs):
            for name, argv in commands.items():
                times[name].append(elapsed(argv, envs[name]))
    median = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(
        f"median of {options.runs} runs: {options.contacts:,} contacts against "
        f"{options.todos:,} to-dos"
    )
    base = median.get("todo list")
    for name, value in median.items():
        ratio = f"  {value / base:5.2f}x" if base and name != "todo list" else ""
        print(f"  {name:<20}{value:7.0f} ms{ratio}")
    if base is None:
        print("  (todoman not found: pip install todoman, or --todo PATH, to compare)")


if __name__ == "__main__":
    main()
