"""Workbook contents known to be good, so that opening one again need not check it again.

Opening a workbook checks every record (at 10,000 contacts that costs about as long as
parsing the JSON). Whenever informterm has written a workbook, or read one and found every
record sound, it keeps a digest of those exact bytes in the cache folder; a file whose
bytes still have that digest opens without the record check. Any change made outside
informterm (an editor, a sync tool, a disk fault) changes the digest, and the file is
checked through as before. The cache may be deleted at any time: that costs one check.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from informterm.paths import user_cache_dir, write_cache_file


def is_known_good(workbook: Path, content: bytes) -> bool:
    """Whether ``content`` is what informterm last wrote to, or checked in, ``workbook``."""
    try:
        return _marker(workbook).read_bytes() == _digest(content)
    except OSError:
        return False


def remember_good(workbook: Path, content: bytes) -> None:
    """Record ``content`` as the good content of ``workbook`` (best effort: a cache)."""
    write_cache_file(_marker(workbook), _digest(content))


def forget(workbook: Path) -> None:
    """Drop what was known of ``workbook`` (one that is about to be deleted)."""
    with contextlib.suppress(OSError):
        _marker(workbook).unlink(missing_ok=True)


def _digest(content: bytes) -> bytes:
    # SHA-256: no accidental change of the file can keep it (hashlib releases the GIL, so
    # a save in a worker thread does not hold up the app meanwhile).
    return hashlib.sha256(content).hexdigest().encode("ascii")


def _marker(workbook: Path) -> Path:
    """Where the digest for ``workbook`` is kept: one small file per workbook path."""
    name = hashlib.sha256(os.fsencode(workbook.absolute())).hexdigest()
    return user_cache_dir() / "checked" / name[:32]
