"""Never lose data, on real files and real processes: a writer killed at random moments,
two processes on one file, and damaged files that must be reported, never touched."""

from __future__ import annotations

import json
import os
import random
import shlex
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import orjson
import pytest

from informterm.core.model import Contact
from informterm.store import ReadOnlyWorkbook, WorkbookError, WorkbookLocked, open_workbook
from informterm.store.backups import backup_dir, list_backups
from informterm.store.storage import load_bytes
from tests.store.conftest import lock_is_free

ROOT = Path(__file__).resolve().parents[2]
CONTACTS = 300


def python(code: str, *args: str) -> subprocess.Popen[bytes]:
    """Start ``code`` in a fresh interpreter that imports informterm from this checkout."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )


def notes_for(counter: int) -> str:
    """The research notes the writer stores with each counter value (sizes vary, so a
    half-written file could not pass for a whole one)."""
    return f"update {counter} " + "x" * (counter * 37 % 2000)


WRITER = """
    import sys
    from informterm.core.model import Contact
    from informterm.store import open_workbook

    wb = open_workbook(sys.argv[1], read_only=False, backup_interval=0)
    contact = wb.get(Contact, "target")
    counter = contact.priority
    print("ready", flush=True)
    while True:
        counter += 1
        notes = f"update {counter} " + "x" * (counter * 37 % 2000)
        contact = wb.update(contact, priority=counter, research_notes=notes)
        print(counter, flush=True)
"""


def test_a_writer_killed_at_random_moments_never_leaves_a_broken_file(path: Path) -> None:
    with open_workbook(path) as wb, wb.transaction():
        wb.add(Contact(id="target", name="Target", research_notes=notes_for(0)))
        for n in range(CONTACTS - 1):
            wb.add(Contact(name=f"Person {n}", research_notes="r" * 200))
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    committed = 0
    kills = 0
    while kills < 60:
        writer = python(WRITER, str(path))
        assert writer.stdout is not None
        if kills % 6 == 0:
            # Now and then while it starts up, opens and takes the lock.
            time.sleep(rng.uniform(0, 0.15))
        else:
            ready = writer.stdout.readline()
            assert ready == b"ready\n", writer.stderr.read() if writer.stderr else ready
            time.sleep(rng.uniform(0, 0.04))
        writer.kill()
        writer.wait()
        kills += 1
        acknowledged = [int(w) for w in writer.stdout.read().split() if w.isdigit()]
        writer.stdout.close()
        assert writer.stderr is not None
        writer.stderr.close()
        last_durable = acknowledged[-1] if acknowledged else committed

        _, decoded, _ = load_bytes(path.read_bytes())  # raises if the file is broken
        target = decoded["contacts"].by_id["target"]
        context = f"seed {seed}, kill {kills}, acknowledged {acknowledged[-3:]}"
        # Every acknowledged write is there; at most the one in flight is too.
        assert last_durable <= target.priority <= last_durable + 1, context
        assert target.research_notes == notes_for(target.priority), context
        assert len(decoded["contacts"].by_id) == CONTACTS, context
        for backup in list_backups(path):
            load_bytes(backup.path.read_bytes())
        committed = target.priority
    assert committed > 0  # the writer did get work done between kills
    with open_workbook(path, read_only=False) as wb:
        assert wb.get(Contact, "target").priority == committed
    assert [p.name for p in path.parent.glob("*.tmp")] == []  # leftovers cleaned at open


# -- two processes on one file --------------------------------------------------------------------

HOLDER = """
    import sys
    from informterm.core.model import Contact
    from informterm.store import open_workbook

    wb = open_workbook(sys.argv[1], read_only=False)
    wb.add(Contact(id="first", name="First"))
    print("ready", flush=True)
    sys.stdin.readline()
    wb.add(Contact(id="second", name="Second"))
    print("wrote", flush=True)
    sys.stdin.readline()
    wb.close()
"""


def test_a_second_process_gets_read_only_or_is_refused(path: Path) -> None:
    holder = python(HOLDER, str(path))
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline() == b"ready\n"
        viewer = open_workbook(path)
        assert viewer.read_only
        assert viewer.storage.lock_holder == str(holder.pid)
        assert viewer.read_only_reason == (
            f"{path} is open in another informterm (process {holder.pid})"
        )
        assert viewer.get(Contact, "first").name == "First"
        before = path.read_bytes()
        with pytest.raises(ReadOnlyWorkbook) as refused_write:
            viewer.update(viewer.get(Contact, "first"), name="Overwritten")
        assert f"process {holder.pid}" in str(refused_write.value)
        assert path.read_bytes() == before

        with pytest.raises(WorkbookLocked) as locked:
            open_workbook(path, read_only=False)
        message = str(locked.value)
        assert str(path) in message
        assert f"process {holder.pid}" in message

        holder.stdin.write(b"go\n")
        holder.stdin.flush()
        assert holder.stdout.readline() == b"wrote\n"
        viewer.close()
    finally:
        holder.stdin.write(b"done\n")
        holder.stdin.close()
        holder.wait(timeout=10)
        holder.stdout.close()
        assert holder.stderr is not None
        holder.stderr.close()
    assert holder.returncode == 0
    with open_workbook(path, read_only=False) as wb:
        assert [c.name for c in wb.all(Contact)] == ["First", "Second"]


PROBE = """
    import json, sys
    from informterm.store import WorkbookLocked, open_workbook

    mode = {"none": None, "false": False}[sys.argv[2]]
    try:
        wb = open_workbook(sys.argv[1], read_only=mode)
    except WorkbookLocked as error:
        print(json.dumps({"locked": str(error), "holder": error.holder}))
    else:
        print(json.dumps({"read_only": wb.read_only, "reason": wb.read_only_reason}))
"""


def test_the_other_process_sees_our_pid(path: Path) -> None:
    with open_workbook(path) as wb:
        wb.add(Contact(name="Mine"))
        before = path.read_bytes()
        results: dict[str, Any] = {}
        for mode in ("none", "false"):
            probe = python(PROBE, str(path), mode)
            out, err = probe.communicate(timeout=20)
            assert probe.returncode == 0, err.decode()
            results[mode] = json.loads(out)
        assert path.read_bytes() == before
    pid = os.getpid()
    assert results["none"] == {
        "read_only": True,
        "reason": f"{path} is open in another informterm (process {pid})",
    }
    assert results["false"]["holder"] == str(pid)
    assert str(path) in results["false"]["locked"]
    assert f"process {pid}" in results["false"]["locked"]


# -- damaged files --------------------------------------------------------------------------------


def make_backups(path: Path) -> None:
    """A workbook with three good backups and, newest of all, a corrupt one."""
    with open_workbook(path, backup_interval=0) as wb:
        ann = wb.add(Contact(id="ann", name="Ann"))
        for n in range(3):
            ann = wb.update(ann, priority=n)
            time.sleep(0.002)  # distinct backup times
    corrupt = backup_dir(path) / "workbook-29991231T235959.000000Z.json"
    corrupt.write_bytes(b'{"contacts": {"1": {"na')


DAMAGE: dict[str, tuple[Any, list[str]]] = {
    "truncated": (
        lambda good: good[: len(good) // 2],
        ["is not valid JSON: unexpected end of data at line 1, column", "looks cut short"],
    ),
    "garbage": (lambda good: b"\x00\xff\xfe garbage", ["is not valid JSON"]),
    "broken on line 3": (
        lambda good: b'{\n  "contacts": {\n    "1": {"name": "Ann",,}\n  }\n}\n',
        ["is not valid JSON", "expected a string key at line 3, column 25"],
    ),
    "empty": (lambda good: b"", ["it is empty (0 bytes)"]),
    "newer schema": (
        lambda good: orjson.dumps({"contacts": {}, "meta": {"1": {"schema": 99}}}),
        ["written by a newer informterm (schema 99", "Update informterm"],
    ),
    "not an object": (
        lambda good: b"[1, 2, 3]",
        ["not an informterm workbook: its top level is a JSON array"],
    ),
    "table of strings": (
        lambda good: orjson.dumps({"contacts": {"1": "Ann"}, "meta": {"1": {"schema": 1}}}),
        ["not an informterm workbook", "document 1 of its table 'contacts' is a JSON string"],
    ),
    "bad enum": (
        lambda good: orjson.dumps(
            {
                "contacts": {"1": {"id": "x", "name": "X", "stage": "bogus"}},
                "meta": {"1": {"schema": 1}},
            }
        ),
        ["document 1 (id 'x') of table 'contacts'", "stage: 'bogus' is not one of"],
    ),
    "wrong type": (
        lambda good: orjson.dumps(
            {
                "contacts": {"1": {"id": "x", "name": "X", "priority": "high"}},
                "meta": {"1": {"schema": 1}},
            }
        ),
        ["the field 'priority' should be an integer, not a string ('high')"],
    ),
    "same id twice": (
        lambda good: orjson.dumps(
            {
                "contacts": {"1": {"id": "x", "name": "A"}, "2": {"id": "x", "name": "B"}},
                "meta": {"1": {"schema": 1}},
            }
        ),
        ["documents 1 and 2 of table 'contacts' have the same id 'x'"],
    ),
    "impossible due date": (
        lambda good: orjson.dumps(
            {
                "contacts": {"1": {"id": "x", "name": "X"}},
                "followups": {"1": {"id": "f", "contact_id": "x", "due": "2026-02-30T10:00:00Z"}},
                "meta": {"1": {"schema": 1}},
            }
        ),
        ["document 1 (id 'f') of table 'followups'", "'2026-02-30T10:00:00Z' is not a real date"],
    ),
    "missing name": (
        lambda good: orjson.dumps({"contacts": {"7": {"id": "x"}}, "meta": {"1": {"schema": 1}}}),
        ["document 7 (id 'x') of table 'contacts'", "the required field 'name' is missing"],
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_file_is_reported_and_left_untouched(path: Path, damage: str) -> None:
    make_backups(path)
    good = path.read_bytes()
    spoil, expected = DAMAGE[damage]
    bad = spoil(good)
    path.write_bytes(bad)
    backups_before = {b.path: b.path.read_bytes() for b in list_backups(path)}
    newest_good = list_backups(path)[1]  # [0] is the corrupt one

    for read_only in (None, False, True):
        with pytest.raises(WorkbookError) as caught:
            open_workbook(path, read_only=read_only)
        message = str(caught.value)
        assert message.startswith(f"Cannot open the workbook {path}: ")
        for words in expected:
            assert words in message, message
        assert "The file was left untouched." in message
        assert f"The newest backup that loads is {newest_good.path}" in message
        assert f"(taken {newest_good.when})" in message
        assert f"cp {shlex.quote(str(newest_good.path))} {shlex.quote(str(path))}" in message
        assert caught.value.backup == newest_good
        assert path.read_bytes() == bad
        assert lock_is_free(path)
    assert {b.path: b.path.read_bytes() for b in list_backups(path)} == backups_before
    assert [p.name for p in path.parent.glob("*.tmp")] == []


def test_the_restore_command_in_the_message_works(path: Path) -> None:
    make_backups(path)
    path.write_bytes(b"")
    with pytest.raises(WorkbookError) as caught:
        open_workbook(path)
    command = str(caught.value).splitlines()[-1].strip()
    subprocess.run(shlex.split(command), check=True)
    with open_workbook(path) as wb:
        assert wb.get(Contact, "ann").name == "Ann"


def test_a_damaged_file_without_backups_says_so(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"{")
    with pytest.raises(WorkbookError) as caught:
        open_workbook(path)
    assert "There is no backup of it to restore." in str(caught.value)
    assert caught.value.backup is None
    assert path.read_bytes() == b"{"


def test_a_damaged_file_whose_backups_are_all_damaged_says_so(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"{")
    backup_dir(path).mkdir()
    (backup_dir(path) / "workbook-20260101T000000.000000Z.json").write_bytes(b"")
    with pytest.raises(WorkbookError) as caught:
        open_workbook(path)
    assert "There is no backup to restore: none of those in" in str(caught.value)
    assert str(backup_dir(path)) in str(caught.value)
