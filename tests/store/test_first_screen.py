"""The first screen kept for a quick start: kept and read back on real files, used only for
the very file it was kept for, never written through, and replaced by the whole file."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from informterm import __version__
from informterm.core.browse import SortOrder, sort_contacts
from informterm.core.model import Contact, FollowUp, Interview, InterviewStatus, Touch
from informterm.store import ReadOnlyWorkbook, Workbook, WorkbookError, open_workbook
from informterm.store.first_screen import (
    FIRST_ROWS,
    cache_file,
    keep_again_if_kept,
    keep_starting_view,
    read_first_screen,
)
from tests.store.conftest import lock_is_free

PEOPLE = FIRST_ROWS + 40  # more than are kept, so the cut is tested
NOW = "2026-11-20T12:00:00Z"


def fill(workbook: Workbook) -> None:
    """People named so that name order differs from file order, each with records."""
    with workbook.transaction():
        for n in range(PEOPLE):
            contact = workbook.add(
                Contact(id=f"c{n}", name=f"Person {(n * 7919) % PEOPLE:04d}", archived=n % 9 == 0)
            )
            workbook.add(Touch(contact_id=contact.id, at="2026-11-01T10:00:00Z"))
            if n % 3 == 0:
                workbook.add(
                    Interview(
                        contact_id=contact.id,
                        starts_at=f"2026-12-{n % 28 + 1:02d}T15:00:00Z",
                        status=InterviewStatus.CONFIRMED,
                    )
                )
            if n % 4 == 0:
                workbook.add(FollowUp(contact_id=contact.id, due="2026-11-25T09:00:00Z"))


def keep(workbook: Workbook) -> bool:
    """Keep the first screen as the app does when a session ends."""
    return keep_starting_view(workbook)


@pytest.fixture
def kept(path: Path) -> Path:
    """A workbook whose first screen has been kept."""
    with open_workbook(path) as workbook:
        fill(workbook)
        assert keep(workbook)
    return path


def test_the_kept_screen_answers_as_the_whole_workbook_does_for_its_rows(kept: Path) -> None:
    preview = open_workbook(kept, read_only=True, first_screen=True)
    whole = open_workbook(kept, read_only=True)
    assert preview.loading and not whole.loading
    active = whole.contacts()
    first = sort_contacts(active, SortOrder.NAME)[:FIRST_ROWS]
    assert preview.preview_contacts == len(active)
    assert sort_contacts(preview.contacts(), SortOrder.NAME) == first
    for contact in first:
        assert preview.interviews_of(contact.id) == whole.interviews_of(contact.id)
        assert preview.next_interview(contact.id, NOW) == whole.next_interview(contact.id, NOW)
        assert preview.next_follow_up(contact.id) == whole.next_follow_up(contact.id)
    preview.finish_loading()
    assert not preview.loading and preview.preview_contacts is None
    assert preview.contacts(include_archived=True) == whole.contacts(include_archived=True)


def test_the_kept_file_is_private(kept: Path) -> None:
    kept_at = cache_file(kept)
    assert kept_at.stat().st_mode & 0o777 == 0o600
    assert kept_at.parent.stat().st_mode & 0o777 == 0o700
    assert kept_at.is_relative_to(Path(os.environ["XDG_CACHE_HOME"]))


def test_a_workbook_changed_since_is_read_whole(kept: Path) -> None:
    with open_workbook(kept) as workbook:
        workbook.add(Contact(name="Aaron Newcomer"))
    assert read_first_screen(kept) is None
    with open_workbook(kept, first_screen=True) as workbook:
        assert not workbook.loading
        assert "Aaron Newcomer" in {contact.name for contact in workbook.contacts()}


@pytest.mark.parametrize(
    "spoil",
    [
        lambda about, text: b"",
        lambda about, text: text[: len(text) // 2],
        lambda about, text: b"[1, 2]",
        lambda about, text: orjson.dumps({"about": {**about, "version": "0.0.1"}}),
        lambda about, text: orjson.dumps({"about": {**about, "workbook": "/elsewhere.json"}}),
        lambda about, text: text.replace(b'"schema":1', b'"schema":99'),
        lambda about, text: text.replace(b'"name":"Person 0', b'"name":7,"x":"Person 0', 1),
    ],
    ids=["empty", "cut short", "not an object", "other version", "other file", "newer", "bad"],
)
def test_a_damaged_or_foreign_kept_file_is_ignored(kept: Path, spoil) -> None:  # type: ignore[no-untyped-def]
    kept_at = cache_file(kept)
    text = kept_at.read_bytes()
    kept_at.write_bytes(spoil(orjson.loads(text)["about"], text))
    assert read_first_screen(kept) is None
    before = kept.read_bytes()
    with open_workbook(kept, first_screen=True) as workbook:
        assert not workbook.loading
        assert workbook.count(Contact) == PEOPLE
    assert kept.read_bytes() == before


def test_nothing_is_written_while_loading_and_the_lock_is_held_from_the_start(kept: Path) -> None:
    before = kept.read_bytes()
    with open_workbook(kept, first_screen=True) as workbook:
        assert workbook.loading and not workbook.read_only
        with pytest.raises(ReadOnlyWorkbook, match="is still being read; nothing was changed"):
            workbook.add(Contact(name="Too Early"))
        with open_workbook(kept) as second:
            assert second.read_only, "the first one holds the lock while it shows its preview"
        workbook.finish_loading()
        workbook.add(Contact(name="In Time"))
    assert kept.read_bytes() != before
    with open_workbook(kept, read_only=True) as reopened:
        assert reopened.count(Contact) == PEOPLE + 1


def test_a_file_spoiled_behind_an_unchanged_stamp_is_still_refused(kept: Path) -> None:
    # Same size, same modification time, same inode: only the content differs, so the
    # preview is used; reading the whole file must still find the damage.
    status = kept.stat()
    text = kept.read_bytes()
    spoiled = text.replace(b'"archived":false', b'"archived":"no!"', 1)
    assert len(spoiled) == len(text) and spoiled != text
    with open(kept, "r+b") as file:
        file.write(spoiled)
    os.utime(kept, ns=(status.st_atime_ns, status.st_mtime_ns))
    workbook = open_workbook(kept, first_screen=True)
    assert workbook.loading
    with pytest.raises(WorkbookError, match="the field 'archived' should be true or false"):
        workbook.finish_loading()
    assert kept.read_bytes() == spoiled
    assert lock_is_free(kept)


def test_keeping_twice_for_an_unchanged_file_writes_once(kept: Path) -> None:
    kept_at = cache_file(kept)
    first = kept_at.stat().st_mtime_ns
    with open_workbook(kept, read_only=True) as workbook:
        assert keep(workbook)
    assert kept_at.stat().st_mtime_ns == first


def test_an_unwritable_cache_folder_is_no_error(kept: Path) -> None:
    folder = cache_file(kept).parent
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
    folder.write_text("in the way", encoding="utf-8")
    with open_workbook(kept, read_only=True) as workbook:
        assert keep(workbook) is False


def test_version_is_recorded(kept: Path) -> None:
    assert orjson.loads(cache_file(kept).read_bytes())["about"]["version"] == __version__


def test_a_reader_does_not_keep_what_a_writer_changed_since(kept: Path) -> None:
    cache_file(kept).unlink()
    with open_workbook(kept) as writer, open_workbook(kept) as reader:
        assert reader.read_only and not writer.read_only
        writer.add(Contact(name="Aaron Latecomer"))
        assert keep(reader) is False, "its records are older than the file"
        assert read_first_screen(kept) is None
        assert keep(writer), "the writer's records are the file's"
    preview = read_first_screen(kept)
    assert preview is not None
    names = {doc["name"] for doc in preview.tables["contacts"].by_id.stored.values()}
    assert "Aaron Latecomer" in names


def test_a_change_outside_the_app_keeps_the_first_screen_again(kept: Path) -> None:
    with open_workbook(kept) as workbook:
        added = workbook.add(Contact(name="Aaron First"))  # sorts into the first rows
        assert keep_again_if_kept(workbook)
        active = len(workbook.contacts())
    with open_workbook(kept, read_only=True, first_screen=True) as preview:
        assert preview.loading, "the kept screen matches the changed file"
        assert sort_contacts(preview.contacts(), SortOrder.NAME)[0].id == added.id
        assert preview.preview_contacts == active


def test_a_workbook_never_opened_in_the_app_gets_no_kept_screen(path: Path) -> None:
    with open_workbook(path) as workbook:
        fill(workbook)
        assert not keep_again_if_kept(workbook)
    assert not cache_file(path).exists()
