"""The one atomic-write helper (informterm.files): whole files or none, private modes."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from informterm.files import write_atomically


def test_a_write_replaces_the_file_with_the_mode_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(b"old")
    old_umask = os.umask(0o077)
    try:
        write_atomically(path, b"new", mode=0o640)
    finally:
        os.umask(old_umask)
    assert path.read_bytes() == b"new"
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


def test_a_file_object_is_copied_to_its_end(tmp_path: Path) -> None:
    path = tmp_path / "copy.bin"
    content = os.urandom(3 << 20)
    write_atomically(path, io.BytesIO(content), durable=False)
    assert path.read_bytes() == content
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(b"old")

    class Broken(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise OSError("disk on fire")

    with pytest.raises(OSError, match="disk on fire"):
        write_atomically(path, Broken())
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]
