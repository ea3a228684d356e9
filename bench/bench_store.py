"""Benchmark of the workbook store: one durable contact update, ours against stock TinyDB and
against the floor (serialise + write + fsync + rename), plus read-by-id time.

Run it as a script (it is not a test):

    python bench/bench_store.py                      # 1,000 / 10,000 / 50,000 contacts
    python bench/bench_store.py --sizes 1000,10000   # pick sizes
    python bench/bench_store.py --dir /some/disk     # where the files go (default: temp)

Each size gets a synthetic workbook (per contact about 2 touches, 0.3 interviews with a few
hundred characters of notes and a checklist, 0.5 follow-ups). The write timings are taken
in turns (ours, ours with TinyDB's stock Table, stock TinyDB, floor) so drift in the disk
affects each alike; each figure is the median over the repetitions. Our workbook makes its
one backup per 10 minutes on a warm-up write before the timed loop, as it would once in a
session. "stock TinyDB" is ``TinyDB(path)`` with its default JSONStorage, which re-reads
and re-parses the file on every operation and serialises with the json module.
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
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_tables

from informterm.core.model import Contact
from informterm.store import open_workbook
from informterm.store import workbook as workbook_module

ROOT = Path(__file__).resolve().parent.parent


def median_ms(samples: list[float]) -> float:
    """The median of seconds, in milliseconds."""
    return statistics.median(samples) * 1000


def timed(action: Callable[[], object]) -> float:
    """Seconds one call of ``action`` takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def floor_write(path: Path, data: dict[str, Any]) -> None:
    """The least a durable whole-file save can do: serialise, write, fsync, rename."""
    payload = orjson.dumps(data)
    temp = path.with_name(path.name + ".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, payload)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temp, path)


OPEN_PROBE = """
import sys, time
from informterm.core.model import Contact
from informterm.store import open_workbook
start = time.perf_counter()
open_workbook(sys.argv[1], read_only=True)
print(time.perf_counter() - start)
"""


def open_seconds(path: Path) -> float:
    """Seconds open_workbook takes in a fresh interpreter, as at the app's start."""
    result = subprocess.run(
        [sys.executable, "-c", OPEN_PROBE, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    return float(result.stdout)


def bench_size(contacts: int, folder: Path, repeat: int) -> dict[str, float]:
    """All measurements for one workbook size."""
    data = synthetic_tables(contacts)
    source = folder / f"source-{contacts}.json"
    source.write_bytes(orjson.dumps(data))
    size_mb = source.stat().st_size / 1e6
    paths = {name: folder / f"{name}-{contacts}.json" for name in ("ours", "stock_table", "tinydb")}
    for path in paths.values():
        shutil.copyfile(source, path)
    floor_path = folder / f"floor-{contacts}.json"
    shutil.copyfile(source, floor_path)
    # Flush the copies now, so their write-back does not land inside a timed fsync.
    os.sync()

    open_ms = open_seconds(source) * 1000
    ours = open_workbook(paths["ours"], read_only=False)

    # The same workbook with TinyDB's stock Table (whole-table rebuild per write), to show
    # what DocTable saves.
    workbook_module._WorkbookDB.table_class = Table
    try:
        stock_table = open_workbook(paths["stock_table"], read_only=False)
    finally:
        workbook_module._WorkbookDB.table_class = workbook_module.DocTable

    tinydb = TinyDB(paths["tinydb"])
    tinydb_contacts = tinydb.table("contacts")
    doc_id_of = {doc["id"]: int(doc_id) for doc_id, doc in data["contacts"].items()}
    contact_ids = list(doc_id_of)
    rng = random.Random(contacts)

    def ours_update(workbook: Any, contact_id: str, value: int) -> None:
        workbook.update(workbook.get(Contact, contact_id), priority=value)

    # Warm-up: each store's first write (ours makes its backup for the next 10 minutes).
    ours_update(ours, contact_ids[0], 9)
    ours_update(stock_table, contact_ids[0], 9)
    tinydb_contacts.update({"priority": 9}, doc_ids=[doc_id_of[contact_ids[0]]])
    floor_write(floor_path, ours.storage.read())

    samples: dict[str, list[float]] = {"ours": [], "stock_table": [], "tinydb": [], "floor": []}
    for value in range(repeat):
        contact_id = rng.choice(contact_ids)
        doc_id = doc_id_of[contact_id]
        samples["ours"].append(timed(partial(ours_update, ours, contact_id, value)))
        samples["stock_table"].append(timed(partial(ours_update, stock_table, contact_id, value)))
        samples["tinydb"].append(
            timed(partial(tinydb_contacts.update, {"priority": value}, doc_ids=[doc_id]))
        )
        samples["floor"].append(timed(partial(floor_write, floor_path, ours.storage.read())))

    lookups = [rng.choice(contact_ids) for _ in range(100_000)]
    get = ours.get
    start = time.perf_counter()
    for contact_id in lookups:
        get(Contact, contact_id)
    read_us = (time.perf_counter() - start) / len(lookups) * 1e6

    ours.close()
    stock_table.close()
    tinydb.close()
    result = {name: median_ms(values) for name, values in samples.items()}
    result.update(size_mb=size_mb, open_ms=open_ms, read_us=read_us)
    return result


def main() -> None:
    """Parse the arguments, run the sizes and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="1000,10000,50000", help="contact counts, comma separated"
    )
    parser.add_argument(
        "--repeat", type=int, default=0, help="timed writes per store (default: by size)"
    )
    parser.add_argument(
        "--dir", type=Path, default=None, help="folder for the files (default: temp)"
    )
    args = parser.parse_args()
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    folder = Path(tempfile.mkdtemp(prefix="informterm-bench-", dir=args.dir))
    print(f"files in {folder} (python {sys.version.split()[0]})")
    header = (
        f"{'contacts':>8} {'file MB':>8} {'open ms':>8} {'ours ms':>8} {'ours/Table ms':>13} "
        f"{'TinyDB ms':>10} {'floor ms':>9} {'TinyDB/ours':>12} {'ours/floor':>11} "
        f"{'get µs':>7}"
    )
    print(header)
    print("-" * len(header))
    try:
        for contacts in sizes:
            repeat = args.repeat or (21 if contacts <= 10_000 else 7)
            r = bench_size(contacts, folder, repeat)
            print(
                f"{contacts:>8,} {r['size_mb']:>8.1f} {r['open_ms']:>8.0f} {r['ours']:>8.1f} "
                f"{r['stock_table']:>13.1f} {r['tinydb']:>10.1f} {r['floor']:>9.1f} "
                f"{r['tinydb'] / r['ours']:>11.1f}x {r['ours'] / r['floor']:>10.2f}x "
                f"{r['read_us']:>7.2f}",
                flush=True,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(
        "ours = Workbook.update (durable: fsync of file and directory); ours/Table = the same "
        "with TinyDB's stock Table;\nTinyDB = stock TinyDB(path) JSONStorage; floor = "
        "orjson.dumps + write + fsync + rename; medians;\nopen = open_workbook in a fresh "
        "interpreter (parse, check every record, index); get = Workbook.get by id."
    )


if __name__ == "__main__":
    main()
