"""The durable storage on real files: new files, atomic replacement, modes, memory reads,
rotating backups, the single-writer lock and leftovers of crashed writes."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from informterm.core.model import Contact
from informterm.store import (
    ReadOnlyWorkbook,
    Workbook,
    WorkbookError,
    WorkbookFolderProtected,
    WorkbookLocked,
    WorkbookProtected,
    open_workbook,
)
from informterm.store.backups import backup_dir, list_backups
from informterm.store.migrations import SCHEMA_VERSION
from informterm.store.storage import DurableStorage
from tests.conftest import folder_allowing_no_writing
from tests.store.conftest import lock_is_free, mode


class Clock:
    """A settable clock for the backup interval (seconds since the epoch)."""

    def __init__(self, now: float = 1_790_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def writable(path: Path, clock: Clock, **options: float) -> Workbook:
    """A workbook on ``path`` whose backups follow ``clock``."""
    storage = DurableStorage(path, read_only=False, clock=clock, **options)  # type: ignore[arg-type]
    return Workbook(storage)


def test_a_new_workbook_is_created_private_and_current(path: Path) -> None:
    with open_workbook(path) as wb:
        assert not wb.read_only
        assert path.exists()
        assert mode(path) == 0o600
        assert mode(path.with_name("workbook.json.lock")) == 0o600
        data = orjson.loads(path.read_bytes())
        assert data["meta"] == {"1": {"schema": SCHEMA_VERSION}}
        assert {"contacts", "touches", "interviews", "followups"} <= set(data)
    assert lock_is_free(path)


def test_create_false_refuses_a_missing_file(path: Path) -> None:
    with pytest.raises(WorkbookError, match="no such workbook file"):
        open_workbook(path, create=False)
    assert not path.exists()
    assert lock_is_free(path)


def test_each_write_replaces_the_file_atomically(path: Path) -> None:
    with open_workbook(path) as wb:
        first_inode = path.stat().st_ino
        wb.add(Contact(name="Ann"))
        assert path.stat().st_ino != first_inode  # a new file renamed over, not rewritten
        assert mode(path) == 0o600
        assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []
        assert orjson.loads(path.read_bytes())["contacts"]["1"]["name"] == "Ann"


def test_a_file_with_looser_permissions_is_written_back_private(path: Path) -> None:
    with open_workbook(path):
        pass
    path.chmod(0o644)
    with open_workbook(path) as wb:
        wb.add(Contact(name="Ann"))
    assert mode(path) == 0o600
    assert all(mode(b.path) == 0o600 for b in list_backups(path))


def test_reads_come_from_memory_not_the_file(path: Path) -> None:
    with open_workbook(path) as wb:
        ann = wb.add(Contact(name="Ann"))
        path.write_bytes(b"changed behind our back")
        assert wb.get(Contact, ann.id).name == "Ann"
        assert wb.storage.read()["contacts"]["1"]["name"] == "Ann"


def test_a_symlinked_workbook_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real" / "workbook.json"
    with open_workbook(real):
        pass
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with open_workbook(link) as wb:
        wb.add(Contact(name="Ann"))
    assert link.is_symlink()
    assert orjson.loads(real.read_bytes())["contacts"]["1"]["name"] == "Ann"


def test_leftovers_of_crashed_writes_are_removed_at_open(path: Path) -> None:
    with open_workbook(path):
        pass
    leftover = path.with_name(".workbook.json.abc123.tmp")
    leftover.write_bytes(b'{"half": ')
    backup_dir(path).mkdir()
    partial_copy = backup_dir(path) / ".workbook-20260101T000000.000000Z-x1.tmp"
    partial_copy.write_bytes(b"{")
    unrelated = path.with_name("notes.tmp")
    unrelated.write_bytes(b"mine")
    with open_workbook(path):
        pass
    assert not leftover.exists()
    assert not partial_copy.exists()
    assert unrelated.exists()


def test_a_read_only_open_removes_nothing(path: Path) -> None:
    with open_workbook(path):
        pass
    leftover = path.with_name(".workbook.json.abc123.tmp")
    leftover.write_bytes(b"{")
    open_workbook(path, read_only=True).close()
    assert leftover.exists()


# -- backups ----------------------------------------------------------------------------------


def test_first_write_backs_up_the_file_as_it_was(path: Path) -> None:
    clock = Clock()
    with open_workbook(path):
        pass
    before = path.read_bytes()
    wb = writable(path, clock)
    assert list_backups(path) == []  # opening alone backs nothing up
    wb.add(Contact(name="Ann"))
    found = list_backups(path)
    assert len(found) == 1
    assert found[0].path.parent == path.with_name("workbook.backups")
    assert found[0].path.read_bytes() == before
    assert found[0].taken_at.timestamp() == pytest.approx(clock.now, abs=1e-3)
    assert mode(found[0].path) == 0o600
    assert mode(backup_dir(path)) == 0o700
    wb.close()


def test_at_most_one_backup_per_ten_minutes_of_writing(path: Path) -> None:
    clock = Clock()
    with open_workbook(path):
        pass
    wb = writable(path, clock)
    ann = wb.add(Contact(name="Ann"))
    for n in range(5):
        ann = wb.update(ann, priority=n)
        clock.now += 60
    assert len(list_backups(path)) == 1
    clock.now += 6 * 60  # eleven minutes after the first backup
    before = path.read_bytes()
    wb.update(ann, priority=99)
    found = list_backups(path)
    assert len(found) == 2
    assert found[0].path.read_bytes() == before  # newest first
    wb.close()


def test_a_new_file_gets_its_first_backup_after_ten_minutes(path: Path) -> None:
    clock = Clock()
    wb = writable(path, clock)
    ann = wb.add(Contact(name="Ann"))
    clock.now += 9 * 60
    ann = wb.update(ann, priority=1)
    assert list_backups(path) == []  # nothing worth keeping yet
    clock.now += 2 * 60
    before = path.read_bytes()
    wb.update(ann, priority=2)
    assert [b.path.read_bytes() for b in list_backups(path)] == [before]
    wb.close()


def test_the_interval_counts_from_the_newest_backup_across_opens(path: Path) -> None:
    clock = Clock()
    with open_workbook(path):
        pass
    wb = writable(path, clock)
    ann = wb.add(Contact(name="Ann"))
    ann = wb.update(ann, priority=1)
    wb.close()
    assert len(list_backups(path)) == 1
    clock.now += 120
    wb = writable(path, clock)
    wb.update(wb.get(Contact, ann.id), priority=2)
    wb.close()
    assert len(list_backups(path)) == 1


def test_only_the_last_five_backups_are_kept(path: Path) -> None:
    clock = Clock()
    with open_workbook(path):
        pass
    wb = writable(path, clock, backup_interval=0)
    ann = wb.add(Contact(name="Ann"))
    contents = []
    for n in range(8):
        contents.append(path.read_bytes())
        ann = wb.update(ann, priority=n)
        clock.now += 1
    found = list_backups(path)
    assert len(found) == 5
    assert [b.path.read_bytes() for b in reversed(found)] == contents[-5:]
    names = [b.path.name for b in found]
    assert names == sorted(names, reverse=True)  # names sort by time
    wb.close()


def test_a_failing_backup_does_not_stop_saving(path: Path) -> None:
    with open_workbook(path):
        pass
    backup_dir(path).write_bytes(b"a file where the backup folder should be")
    with open_workbook(path) as wb:
        ann = wb.add(Contact(name="Ann"))
        assert isinstance(wb.storage.backup_error, OSError)
    assert orjson.loads(path.read_bytes())["contacts"]["1"]["id"] == ann.id


# -- the lock ---------------------------------------------------------------------------------


def test_a_second_open_in_the_same_process_is_read_only(path: Path) -> None:
    with open_workbook(path) as first:
        second = open_workbook(path)
        assert second.read_only
        assert second.storage.lock_holder == str(os.getpid())
        assert second.read_only_reason == (
            f"{path} is open in another informterm (process {os.getpid()})"
        )
        with pytest.raises(WorkbookLocked) as caught:
            open_workbook(path, read_only=False)
        assert str(path) in str(caught.value)
        assert f"process {os.getpid()}" in str(caught.value)
        assert caught.value.holder == str(os.getpid())
        first.add(Contact(name="Ann"))
    with open_workbook(path, read_only=False) as third:
        assert not third.read_only
        assert [c.name for c in third.all(Contact)] == ["Ann"]


def test_the_lock_is_released_on_close(path: Path) -> None:
    wb = open_workbook(path)
    assert not lock_is_free(path)
    wb.close()
    assert lock_is_free(path)
    assert path.with_name("workbook.json.lock").read_bytes() == b""


def test_a_workbook_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"")
    with pytest.raises(WorkbookError) as caught:
        open_workbook(blocker / "workbook.json")
    assert str(caught.value).startswith(f"Cannot open the workbook {blocker / 'workbook.json'}")
    # Read-only takes no lock, so it gets as far as creating the file, and says so.
    with pytest.raises(WorkbookError, match="no such workbook file"):
        open_workbook(blocker / "workbook.json", read_only=True, create=False)


def test_a_folder_in_place_of_the_workbook_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "workbook.json"
    path.mkdir()
    with pytest.raises(WorkbookError) as caught:
        open_workbook(path)
    assert "it is not a regular file (a folder, a pipe or a device)" in str(caught.value)
    assert path.is_dir()


def test_a_workbook_in_a_folder_allowing_no_writing_opens_read_only(path: Path) -> None:
    with open_workbook(path) as wb:
        ann = wb.add(Contact(name="Ann Lee"))
    path.with_name(path.name + ".lock").unlink()  # as if it had never been opened here
    path.chmod(0o644)
    before = path.read_bytes()
    listing = sorted(p.name for p in path.parent.iterdir())
    folder = path.parent
    with folder_allowing_no_writing(folder):
        with open_workbook(path) as wb:
            assert wb.read_only
            assert wb.storage.folder_protected and not wb.storage.write_protected
            assert wb.get(Contact, ann.id).name == "Ann Lee"
            assert wb.read_only_reason == (
                f"the folder {folder} does not allow writing, and the lock and backups of "
                "the workbook live there (chmod u+w to allow changes)"
            )
            with pytest.raises(ReadOnlyWorkbook, match="does not allow writing"):
                wb.add(Contact(name="Bob Hart"))
        with pytest.raises(WorkbookFolderProtected) as caught:
            open_workbook(path, read_only=False)
        assert isinstance(caught.value, WorkbookProtected)
        assert str(caught.value) == (
            f"{path} cannot be changed: its folder {folder} does not allow writing (the "
            f"workbook's lock and backups live there); to allow changes: chmod u+w {folder}"
        )
        with open_workbook(path, read_only=True) as wb:
            assert wb.read_only_reason == f"{path} was opened read-only"
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == listing
    with open_workbook(path, read_only=False) as wb:  # writable again once allowed
        assert not wb.read_only and not wb.storage.folder_protected
