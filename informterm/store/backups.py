"""Rotating backups of a workbook file, in a sibling folder ``<file stem>.backups/``.

A backup is the file as it was just before a write replaced it. Names carry the UTC time
they were taken (``workbook-20261122T143000.123456Z.json``), so sorting names sorts by
time and the folder reads well in a file manager. The newest few are kept.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from informterm.files import PRIVATE_FILE_MODE, fsync_dir, make_private_dirs, write_atomically

BACKUPS_KEPT = 5
"""How many backups are kept."""

BACKUP_INTERVAL = 600.0
"""Seconds of writing between two backups (a backup is made at most this often)."""

_STAMP = "%Y%m%dT%H%M%S"


@dataclass(frozen=True, slots=True)
class Backup:
    """One backup file and the moment it was taken."""

    path: Path
    taken_at: datetime

    @property
    def when(self) -> str:
        """The moment, for messages: ``2026-11-22 14:30:00 UTC``."""
        return self.taken_at.strftime("%Y-%m-%d %H:%M:%S UTC")


def backup_dir(workbook: Path) -> Path:
    """The folder holding the backups of ``workbook``."""
    return workbook.with_name(f"{workbook.stem}.backups")


def list_backups(workbook: Path) -> list[Backup]:
    """The backups of ``workbook``, newest first (an empty list when there are none)."""
    pattern = re.compile(
        rf"{re.escape(workbook.stem)}-(\d{{8}}T\d{{6}})\.(\d{{6}})Z{re.escape(workbook.suffix)}"
    )
    found: list[Backup] = []
    try:
        entries = list(os.scandir(backup_dir(workbook)))
    except OSError:
        return found
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None:
            continue
        try:
            taken = datetime.strptime(match[1], _STAMP).replace(
                microsecond=int(match[2]), tzinfo=UTC
            )
        except ValueError:
            continue
        found.append(Backup(Path(entry.path), taken))
    found.sort(key=lambda b: b.taken_at, reverse=True)
    return found


def make_backup(workbook: Path, now: datetime) -> Backup:
    """Save the current content of ``workbook`` as a backup taken at ``now``.

    The backup is a hard link to the file: instant at any size, and safe because every
    write replaces the workbook by a new file rather than changing this one. Where links
    are not possible it is a full copy, written to a temporary name first.
    """
    folder = backup_dir(workbook)
    make_private_dirs(folder)
    moment = now.astimezone(UTC)
    while True:
        name = f"{workbook.stem}-{moment.strftime(_STAMP)}.{moment.microsecond:06d}Z"
        target = folder / f"{name}{workbook.suffix}"
        if not target.exists():
            break
        # Two backups in one microsecond (a migration right after a write): next one.
        moment += timedelta(microseconds=1)
    try:
        os.link(workbook, target)
        os.chmod(target, PRIVATE_FILE_MODE)
    except OSError:
        with workbook.open("rb") as source:
            write_atomically(target, source)  # fsyncs the folder too
    else:
        fsync_dir(folder)
    return Backup(target, moment)


def prune(workbook: Path, keep: int = BACKUPS_KEPT) -> list[Backup]:
    """Delete all but the newest ``keep`` backups; returns the ones deleted."""
    old = list_backups(workbook)[keep:]
    for backup in old:
        backup.path.unlink(missing_ok=True)
    return old


def remove_partial_copies(workbook: Path) -> None:
    """Delete temporary copies left behind by a crash in the middle of a backup's copy."""
    folder = backup_dir(workbook)
    for leftover in folder.glob(f".{workbook.stem}-*.tmp"):
        leftover.unlink(missing_ok=True)
