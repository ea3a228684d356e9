"""Writing informterm's files: whole or not at all, and private to the user.

Every file informterm writes (the workbook, its backups, config.yaml, the cache) goes through
:func:`write_atomically`, and every folder it creates through :func:`make_private_dirs`.
Only the standard library is imported here.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600

_CHUNK = 1 << 20


def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and every missing folder above it, each readable by the user only
    (0700): ``mkdir(parents=True, mode=...)`` gives the mode to the last one alone, and the
    umask may take bits from it. Folders that exist already are left as they are."""
    missing: list[Path] = []
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            break
        missing.append(candidate)
    for new in reversed(missing):
        try:
            new.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            if not new.is_dir():
                raise
            continue  # made meanwhile by another process: theirs to set
        os.chmod(new, PRIVATE_DIR_MODE)


def write_atomically(
    path: Path,
    data: bytes | BinaryIO,
    *,
    mode: int = PRIVATE_FILE_MODE,
    durable: bool = True,
) -> None:
    """Replace the file at ``path`` with ``data`` (bytes, or a binary file read to its end),
    so that it holds either its old content or the new, never part of it.

    The data goes to a temporary file ``.<name>.<random>.tmp`` in the same folder, created
    readable by the user only and then given ``mode`` (whatever the umask), which is renamed
    over ``path``; the temporary file is removed if anything fails. ``durable``: the data
    and the rename are on the disk (fsynced) before this returns, so a power cut cannot
    lose them; without it (for a cache) the file is whole, but may be lost. ``path`` itself
    is replaced: a symlink there is replaced by the file, so callers that mean to write
    through one pass the link's target. The folder must exist. Raises OSError.
    """
    directory = path.parent
    # mkstemp creates the file 0600, so no one else can open it before the chmod below.
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        try:
            os.fchmod(fd, mode)
            if isinstance(data, bytes):
                _write_all(fd, data)
            else:
                while chunk := data.read(_CHUNK):
                    _write_all(fd, chunk)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    if durable:
        fsync_dir(directory)


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable. By then the new file is in place, so a
    file system that cannot fsync a directory (some network ones) is no reason to report
    the write as failed."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    # os.write may write less than asked (large writes, signals): go on until all is out.
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
