"""Opening a workbook skips the record check only for bytes informterm wrote or checked
itself: anything changed outside it is checked through as before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from informterm.core.model import Contact, Stage
from informterm.paths import user_cache_dir
from informterm.store import WorkbookError, open_workbook
from informterm.store.known_good import forget, is_known_good, remember_good


def _make(path: Path) -> None:
    with open_workbook(path, read_only=False) as workbook:
        workbook.add(Contact(id="ann", name="Ann Lee", stage=Stage.PROSPECT))


def test_what_informterm_writes_is_known_good(path: Path) -> None:
    _make(path)
    assert is_known_good(path, path.read_bytes())
    assert not is_known_good(path, path.read_bytes() + b" ")


def test_a_file_changed_outside_informterm_is_checked_again(path: Path) -> None:
    _make(path)
    raw = path.read_bytes()
    # Same length, same folder, same name: only the bytes tell.
    broken = raw.replace(b'"prospect"', b'"prospecX"')
    assert len(broken) == len(raw) and broken != raw
    path.write_bytes(broken)
    with pytest.raises(WorkbookError, match="prospecX"):
        open_workbook(path, read_only=True)
    assert path.read_bytes() == broken


def test_a_file_written_by_hand_is_checked_once_then_known(path: Path) -> None:
    _make(path)
    # Reformatted by another program: still a good workbook, but new bytes.
    path.write_text(json.dumps(json.loads(path.read_bytes()), indent=2))
    assert not is_known_good(path, path.read_bytes())
    with open_workbook(path, read_only=True) as workbook:
        assert workbook.get(Contact, "ann").name == "Ann Lee"
    assert is_known_good(path, path.read_bytes())


def test_known_digests_belong_to_one_workbook_path(tmp_path: Path) -> None:
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    _make(first)
    second.write_bytes(first.read_bytes())
    assert is_known_good(first, first.read_bytes())
    assert not is_known_good(second, second.read_bytes())


def test_the_digest_is_trusted_and_only_a_digest_is_kept(path: Path) -> None:
    _make(path)
    broken = path.read_bytes().replace(b'"prospect"', b'"prospecX"')
    path.write_bytes(broken)
    # Only informterm writes the cache; what it says it checked is not checked again.
    remember_good(path, broken)
    markers = list((user_cache_dir() / "checked").iterdir())
    assert len(markers) == 1 and markers[0].stat().st_size == 64
    assert b"Ann" not in markers[0].read_bytes()
    assert markers[0].stat().st_mode & 0o777 == 0o600
    open_workbook(path, read_only=True).close()
    forget(path)
    assert not markers[0].exists()
    with pytest.raises(WorkbookError, match="prospecX"):
        open_workbook(path, read_only=True)


def test_without_the_cache_the_workbook_opens_all_the_same(path: Path) -> None:
    _make(path)
    forget(path)
    with open_workbook(path, read_only=True) as workbook:
        assert workbook.get(Contact, "ann").stage is Stage.PROSPECT
