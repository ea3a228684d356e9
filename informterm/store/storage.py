"""The TinyDB storage behind a workbook: in memory, durable atomic writes, single writer.

The whole file is read once at open. Reads return the in-memory data; each write
serialises it with orjson to a temporary file in the same directory, fsyncs it, renames it
over the workbook and fsyncs the directory, so a crash leaves either the old or the new
file, never a broken one. A lock file keeps a second process from writing.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from informterm.store import migrations


class WorkbookError(Exception):
    """A workbook file that cannot be used; the message is meant for the user."""


class WorkbookLocked(WorkbookError):
    """Another process has the workbook open for writing."""


FILE_MODE = 0o600


class DurableStorage(Storage):
    """TinyDB storage keeping data in memory and writing it atomically and durably."""

    def __init__(self, path: Path, *, read_only: bool | None = None, create: bool = True) -> None:
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.lock_holder: str | None = None
        self._lock_fd: int | None = None
        self.read_only = bool(read_only)
        if not self.read_only:
            self._acquire_lock(refuse=read_only is False)
        try:
            self._data = self._load(create=create)
        except BaseException:
            self._release_lock()
            raise

    # -- TinyDB's Storage interface ------------------------------------------------------

    def read(self) -> dict[str, dict[str, Any]]:
        """The in-memory data; TinyDB modifies it in place and hands it back to write()."""
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Make ``data`` the current data and save it durably before returning."""
        if self.read_only:
            raise WorkbookError(f"{self.path} is open read-only; nothing was changed")
        self._data = data
        self._save(data)

    def close(self) -> None:
        """Release the lock."""
        self._release_lock()

    # -- file handling ---------------------------------------------------------------------

    def _load(self, *, create: bool) -> dict[str, dict[str, Any]]:
        if not self.path.exists():
            if not create:
                raise WorkbookError(f"{self.path}: no such workbook file")
            data = migrations.new_workbook_data()
            if not self.read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._save(data)
            return data
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            raise WorkbookError(f"{self.path}: cannot be read ({error.strerror})") from None
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise WorkbookError(f"{self.path}: is not valid JSON ({error})") from None
        return migrations.check_and_migrate(
            self.path, data, save=None if self.read_only else self._save
        )

    def _save(self, data: dict[str, Any]) -> None:
        payload = orjson.dumps(data)
        directory = self.path.parent
        fd, temp_name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=directory)
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            os.unlink(temp_name)
            raise
        os.close(fd)
        os.replace(temp_name, self.path)
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

    # -- the single-writer lock -----------------------------------------------------------

    def _acquire_lock(self, *, refuse: bool) -> None:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            self.lock_holder = holder
            if refuse:
                raise WorkbookLocked(
                    f"{self.path} is open in another informterm (process {holder}); "
                    "close that one first"
                ) from None
            self.read_only = True
            return
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._lock_fd = fd

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None
