"""The TinyDB storage behind a workbook: in memory, durable atomic writes, single writer.

The whole file is read once at open and checked through and through (JSON, shape, schema,
every record; the records unless these very bytes were written or checked by informterm
before, see ``known_good``); a file that fails is never written to. Reads return the
in-memory data; each write serialises it with orjson to a temporary file in the same
directory, fsyncs it, renames it over the workbook and fsyncs the directory, so a crash
leaves either the old or the new file, never a broken one. A lock file keeps a second
process from writing, and rotating backups keep the last few versions of the file.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import shlex
import stat
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from informterm.files import make_private_dirs, write_atomically
from informterm.store import backups, known_good, migrations, records

FILE_MODE = 0o600


class WorkbookError(Exception):
    """A workbook file that cannot be used; the message is meant for the user.

    ``path`` is the file, ``problem`` what is wrong with it in a few words, and ``backup``
    the newest backup that loads (when one was looked for and found).
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | None = None,
        problem: str | None = None,
        backup: backups.Backup | None = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.problem = problem
        self.backup = backup


class WorkbookLocked(WorkbookError):
    """Another process has the workbook open for writing; ``holder`` is its pid as text."""

    def __init__(self, message: str, *, path: Path, holder: str) -> None:
        super().__init__(message, path=path, problem="open in another informterm")
        self.holder = holder


class WorkbookProtected(WorkbookError):
    """The workbook file's permissions allow no writing: informterm leaves it that way.

    (:class:`WorkbookFolderProtected`, a kind of this, says the same of its folder.)
    """

    def __init__(
        self, path: Path, message: str | None = None, *, problem: str = "write-protected"
    ) -> None:
        if message is None:
            message = (
                f"{path} is write-protected (its permissions allow no writing), so informterm "
                f"will not change it; to allow changes: chmod u+w {shlex.quote(str(path))}"
            )
        super().__init__(message, path=path, problem=problem)


class WorkbookFolderProtected(WorkbookProtected):
    """The workbook's folder allows no writing: its lock, the temporary file of each save
    and its backups cannot be made there, so the workbook can only be read."""

    def __init__(self, path: Path) -> None:
        folder = path.parent
        super().__init__(
            path,
            f"{path} cannot be changed: its folder {folder} does not allow writing (the "
            "workbook's lock and backups live there); to allow changes: "
            f"chmod u+w {shlex.quote(str(folder))}",
            problem="folder write-protected",
        )


class DurableStorage(Storage):
    """TinyDB storage keeping data in memory and writing it atomically and durably.

    ``read_only``: True opens without the lock and never writes; False refuses with
    WorkbookLocked when another process holds the lock, WorkbookProtected when the file or
    its folder allows no writing; None falls back to read-only then (``read_only`` with
    ``lock_holder``, ``write_protected`` or ``folder_protected`` tell why). ``create``:
    make a new workbook when the file does not exist. ``backup_interval`` (seconds) and
    ``backups_kept`` tune the rotating backups; ``clock`` gives the time as ``time.time``
    does.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        read_only: bool | None = None,
        create: bool = True,
        backup_interval: float = backups.BACKUP_INTERVAL,
        backups_kept: int = backups.BACKUPS_KEPT,
        clock: Callable[[], float] = time.time,
    ) -> None:
        # Work on the real file: a symlinked workbook stays a symlink, and two links to
        # one file share one lock.
        self.path = Path(os.path.realpath(Path(path).expanduser()))
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.lock_holder: str | None = None
        self.read_only = bool(read_only)
        self.migrated_from: int | None = None
        """The schema the file had when it was opened, if it was migrated."""
        self.backup_error: OSError | None = None
        """Why the last backup attempt failed (writing went on without it), or None."""
        self.backup_interval = backup_interval
        self.backups_kept = backups_kept
        self._clock = clock
        self._lock_fd: int | None = None
        self._last_backup: float | None = None
        # Undo steps of the transaction in progress (None outside one), newest last.
        self._undo: list[Callable[[], None]] | None = None
        self._dirty = False
        self._closed = False
        self._last_written: bytes | None = None
        if _read_protected(self.path):
            # Checked first: such a file also allows no writing, and the advice differs.
            raise WorkbookError(
                f"Cannot open the workbook {self.path}: its permissions allow no reading; "
                f"to allow it: chmod u+r {shlex.quote(str(self.path))}",
                path=self.path,
                problem="unreadable",
            )
        self.write_protected = not self.read_only and _write_protected(self.path)
        """The file's permissions forbid writing it, so it was opened read-only."""
        if self.write_protected:
            if read_only is False:
                raise WorkbookProtected(self.path)
            self.read_only = True
        self.folder_protected = (
            not self.read_only and self.path.is_file() and _write_protected(self.path.parent)
        )
        """The folder's permissions forbid writing there (the lock, the temporary file of
        each save and the backups go there), so the existing file was opened read-only."""
        if self.folder_protected:
            if read_only is False:
                raise WorkbookFolderProtected(self.path)
            self.read_only = True
        if not self.read_only:
            self._acquire_lock(refuse=read_only is False)
        self._data: dict[str, dict[str, Any]] = {}
        self.loaded_records: dict[str, records.DecodedTable] | None = None
        """The records read at open, until the Workbook takes them over."""
        try:
            self._data, self.loaded_records = self._open(create=create)
        except BaseException:
            self._release_lock()
            raise

    # -- TinyDB's Storage interface ------------------------------------------------------

    def read(self) -> dict[str, dict[str, Any]]:
        """The in-memory data; TinyDB modifies it in place and hands it back to write()."""
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Make ``data`` the current data and save it durably before returning (inside a
        transaction: when the transaction ends)."""
        self.check_writable()
        self._data = data
        if self._undo is not None:
            self._dirty = True
            return
        self._save(data)

    def close(self) -> None:
        """Vouch for what was last written (see ``known_good``) and release the lock; the
        storage cannot write afterwards."""
        self._closed = True
        if self._last_written is not None:
            known_good.remember_good(self.path, self._last_written)
            self._last_written = None
        self._release_lock()

    # -- transactions ----------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes into one durable save at the end; on any error, run the undo
        steps registered with :meth:`on_rollback` so memory matches the file again.

        Nested transactions join the outermost one.
        """
        if self._undo is not None:
            yield
            return
        self._undo = []
        self._dirty = False
        try:
            yield
            if self._dirty:
                self._save(self._data)
        except BaseException:
            for undo in reversed(self._undo):
                undo()
            raise
        finally:
            self._undo = None
            self._dirty = False

    def on_rollback(self, undo: Callable[[], None]) -> None:
        """Register ``undo`` to run if the current transaction fails (no-op outside one)."""
        if self._undo is not None:
            self._undo.append(undo)

    def check_writable(self) -> None:
        """Raise WorkbookError unless this storage may write."""
        if self._closed:
            raise WorkbookError(f"{self.path} is closed; nothing was changed", path=self.path)
        if self.read_only:
            raise WorkbookError(
                f"{self.path} is open read-only; nothing was changed", path=self.path
            )

    # -- opening ---------------------------------------------------------------------------

    def _open(
        self, *, create: bool
    ) -> tuple[dict[str, dict[str, Any]], dict[str, records.DecodedTable]]:
        if not self.path.exists():
            if not create:
                raise WorkbookError(f"{self.path}: no such workbook file", path=self.path)
            data = migrations.new_workbook_data()
            if not self.read_only:
                # A new, empty file is not worth a backup: the interval starts now.
                self._last_backup = self._clock()
                try:
                    make_private_dirs(self.path.parent)
                    self._save(data)
                except OSError as error:
                    raise WorkbookError(
                        f"Cannot create the workbook {self.path}: {error.strerror}",
                        path=self.path,
                        problem=error.strerror,
                    ) from None
            return data, records.decode(data)
        if not self.path.is_file():
            # Reading a pipe or a device could wait forever; a folder cannot be read at all.
            raise WorkbookError(
                f"Cannot open the workbook {self.path}: it is not a regular file "
                "(a folder, a pipe or a device); give the path of a workbook .json file",
                path=self.path,
                problem="not a regular file",
            )
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            raise self._unusable(f"it cannot be read ({error.strerror})") from None
        checked_before = known_good.is_known_good(self.path, raw)
        try:
            data, decoded, found = load_bytes(raw, trusted=checked_before)
        except UnusableData as error:
            raise self._unusable(str(error)) from None
        if not checked_before:
            known_good.remember_good(self.path, raw)
        if not self.read_only:
            self._remove_leftovers()
            self._last_backup = self._newest_backup_time()
            if found < migrations.SCHEMA_VERSION:
                # Keep the old file before the first write in the new format.
                self._backup()
                try:
                    self._save(data)
                except OSError as error:
                    problem = f"bringing it up to date from schema {found} failed ({error})"
                    raise WorkbookError(
                        f"Cannot open the workbook {self.path}: {problem}.\n"
                        "The file was left as it was.",
                        path=self.path,
                        problem=problem,
                    ) from None
        if found < migrations.SCHEMA_VERSION:
            self.migrated_from = found
        return data, decoded

    def _unusable(self, problem: str) -> WorkbookError:
        """The error for a file that cannot be opened: what is wrong, that it was left
        untouched, and which backup to restore and how."""
        backup = newest_loadable_backup(self.path)
        lines = [
            f"Cannot open the workbook {self.path}: {problem}.",
            "The file was left untouched.",
        ]
        if backup is not None:
            lines += [
                f"The newest backup that loads is {backup.path} (taken {backup.when}).",
                "To restore it, close informterm and run:",
                f"    cp {shlex.quote(str(backup.path))} {shlex.quote(str(self.path))}",
            ]
        elif backups.list_backups(self.path):
            lines.append(
                f"There is no backup to restore: none of those in "
                f"{backups.backup_dir(self.path)} loads either."
            )
        else:
            lines.append("There is no backup of it to restore.")
        return WorkbookError("\n".join(lines), path=self.path, problem=problem, backup=backup)

    def _remove_leftovers(self) -> None:
        # Temporary files of writes cut short by a crash; only the lock holder writes
        # them, so any present now are dead.
        for leftover in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            leftover.unlink(missing_ok=True)
        backups.remove_partial_copies(self.path)

    # -- saving ----------------------------------------------------------------------------

    def _save(self, data: dict[str, Any]) -> None:
        self.check_writable()
        payload = orjson.dumps(data)
        if self.path.exists() and self._backup_due():
            self._backup()
        # The real file (see __init__): a symlink to it stays a symlink.
        write_atomically(self.path, payload, mode=FILE_MODE)
        # Written from records that were checked when made: the next open may trust it.
        # Vouched for at close rather than here, so a save costs no digest (a crash before
        # then only means one more check at the next open).
        self._last_written = payload

    def _backup_due(self) -> bool:
        if self._last_backup is None:
            return True
        elapsed = self._clock() - self._last_backup
        # A clock set back by more than an interval would otherwise stop backups for good.
        return elapsed >= self.backup_interval or elapsed < -self.backup_interval

    def _backup(self) -> None:
        now = self._clock()
        try:
            backups.make_backup(self.path, datetime.fromtimestamp(now, UTC))
            backups.prune(self.path, self.backups_kept)
        except OSError as error:
            # A failed backup must not stop the user's work from being saved; it is
            # reported through backup_error and tried again at the next write.
            self.backup_error = error
            return
        self.backup_error = None
        self._last_backup = now

    def _newest_backup_time(self) -> float | None:
        found = backups.list_backups(self.path)
        return found[0].taken_at.timestamp() if found else None

    # -- the single-writer lock -----------------------------------------------------------

    def _acquire_lock(self, *, refuse: bool) -> None:
        folder = self.lock_path.parent
        try:
            make_private_dirs(folder)
        except (FileExistsError, NotADirectoryError):
            blocker = next((p for p in (folder, *folder.parents) if p.exists()), folder)
            raise WorkbookError(
                f"Cannot open the workbook {self.path}: {blocker} is a file, not a folder",
                path=self.path,
                problem="not a folder",
            ) from None
        except OSError as error:
            raise self._lock_error(f"its folder {folder} cannot be made", error) from None
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except OSError as error:
            raise self._lock_error(
                f"its lock file {self.lock_path} cannot be opened", error
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            self.lock_holder = holder
            if refuse:
                raise WorkbookLocked(
                    f"{self.path} is open in another informterm (process {holder}); "
                    "close that one first, or open this one read-only",
                    path=self.path,
                    holder=holder,
                ) from None
            self.read_only = True
            return
        with contextlib.suppress(OSError):  # Not ours to change; the lock works anyway.
            os.fchmod(fd, FILE_MODE)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._lock_fd = fd

    def _lock_error(self, what: str, error: OSError) -> WorkbookError:
        return WorkbookError(
            f"Cannot open the workbook {self.path}: {what} ({error.strerror})",
            path=self.path,
            problem=error.strerror,
        )

    def _release_lock(self) -> None:
        if self._lock_fd is not None:
            # Empty it first so nobody reads a stale pid from it later.
            os.ftruncate(self._lock_fd, 0)
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None


class UnusableData(ValueError):
    """File content that is not a usable workbook; the message says why, for humans."""


def load_bytes(
    raw: bytes, *, trusted: bool = False
) -> tuple[dict[str, dict[str, Any]], dict[str, records.DecodedTable], int]:
    """Parse, check and migrate (in memory) a workbook file's content.

    Returns the data at the current schema, its records, and the schema it had. Raises
    UnusableData saying what is wrong. ``trusted``: informterm wrote or checked these
    very bytes before, so the record check is skipped (see ``known_good``).
    """
    if not raw:
        raise UnusableData("it is empty (0 bytes)")
    with paused_gc():
        return _load(raw, trusted)


def _load(
    raw: bytes, trusted: bool
) -> tuple[dict[str, dict[str, Any]], dict[str, records.DecodedTable], int]:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        hint = " (the file looks cut short)" if "end of data" in error.msg else ""
        raise UnusableData(
            f"it is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}{hint}"
        ) from None
    return load_data(data, trusted=trusted)


def load_data(
    data: Any, *, trusted: bool = False
) -> tuple[dict[str, dict[str, Any]], dict[str, records.DecodedTable], int]:
    """:func:`load_bytes` for content already parsed from JSON (migrated in place)."""
    try:
        migrations.check_shape(data)
        found = migrations.migrate(data)
    except migrations.NewerSchema as error:
        raise UnusableData(str(error)) from None
    except migrations.NotAWorkbook as error:
        raise UnusableData(f"it is not an informterm workbook: {error}") from None
    try:
        decoded = records.decode(data, trusted=trusted)
    except records.BadRecord as error:
        raise UnusableData(f"it is not a valid informterm workbook: {error}") from None
    return data, decoded, found


@contextlib.contextmanager
def kept_for_session() -> Iterator[None]:
    """Make records that will live as long as the process (a TUI session's workbook).

    The collector stays off while they are made, and they are frozen out of its
    generations afterwards, so no later collection walks them again (with a large workbook
    such passes would otherwise more than double the time to the first frame). It stays
    off until they are frozen: the first collection after it came back on would otherwise
    walk them all once more.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading.

    Loading creates hundreds of thousands of objects and nothing cyclic to collect; the
    collector's passes over them (each pass longer as the heap grows) would add half
    again to the time of opening a large workbook.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def newest_loadable_backup(workbook: Path) -> backups.Backup | None:
    """The newest backup of ``workbook`` that loads completely, or None."""
    for backup in backups.list_backups(workbook):
        try:
            load_bytes(backup.path.read_bytes())
        except (OSError, UnusableData):
            continue
        return backup
    return None


def _read_holder(fd: int) -> str:
    # The holder writes its pid just after taking the lock: give it a moment.
    for _ in range(20):
        text = os.pread(fd, 32, 0).decode(errors="replace").strip()
        if text:
            return text
        time.sleep(0.005)
    return "unknown"


def _read_protected(path: Path) -> bool:
    """True when ``path`` exists and its mode lets no one read it (``chmod a-r``, honoured
    even for root) or lets this user not read it."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and (stat.S_IMODE(mode) & 0o444 == 0 or not os.access(path, os.R_OK))


def _write_protected(path: Path) -> bool:
    """True when ``path`` (a file, or a folder to make files in) exists and its mode lets no
    one write it (a deliberate ``chmod a-w``, honoured even for root) or lets this user not
    write it (a read-only file system included)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # missing (created later) or unreadable (reported when read)
    wanted = os.W_OK | os.X_OK if stat.S_ISDIR(mode) else os.W_OK
    return stat.S_IMODE(mode) & 0o222 == 0 or not os.access(path, wanted)
