"""The notes journal: lines that check themselves, edits that replay to the text typed, a
line cut short at any byte dropped, and a fold that removes the file only once the
workbook has the notes."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from informterm.store.journal import (
    JournalState,
    NotesJournal,
    decode_line,
    encode_line,
    journal_path,
    splice,
)


@pytest.fixture
def journal(tmp_path: Path) -> NotesJournal:
    return NotesJournal.for_workbook(tmp_path / "workbook.json")


def test_it_lives_beside_the_workbook_and_is_private(journal: NotesJournal, tmp_path: Path) -> None:
    assert journal.path == tmp_path / "workbook.json.journal"
    assert journal_path(tmp_path / "x.json") == tmp_path / "x.json.journal"
    journal.record_notes("i-1", "hello")
    assert stat.S_IMODE(os.stat(journal.path).st_mode) == 0o600


def test_each_line_is_json_with_its_checksum() -> None:
    line = encode_line({"seq": 1, "iv": "i-1", "op": "snap", "notes": 'a "quote"\n[bold]'})
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    parsed = orjson.loads(line)
    assert parsed["notes"] == 'a "quote"\n[bold]' and len(parsed["sum"]) == 8
    assert decode_line(line[:-1]) == {k: v for k, v in parsed.items() if k != "sum"}
    # One character changed anywhere makes the line unusable.
    damaged = line.replace(b"quote", b"quotE")
    assert decode_line(damaged[:-1]) is None


def test_small_edits_are_written_as_edits_and_replay_to_the_text(journal: NotesJournal) -> None:
    texts = ["", "[00:01] ", "[00:01] Hello", "[00:01] Hello\n[00:09] #lead Ann", "[00:01] Hi\n"]
    for text in texts:
        journal.record_notes("i-1", text)
    lines = journal.path.read_bytes().splitlines()
    ops = [orjson.loads(line)["op"] for line in lines]
    assert ops == ["snap", "edit", "edit", "edit", "edit"]
    assert journal.read()["i-1"].notes == "[00:01] Hi\n"


def test_the_same_text_again_writes_nothing(journal: NotesJournal) -> None:
    journal.record_notes("i-1", "same")
    journal.record_notes("i-1", "same")
    assert len(journal.path.read_bytes().splitlines()) == 1


def test_questions_and_several_interviews(journal: NotesJournal) -> None:
    journal.record_notes("i-1", "one")
    journal.record_notes("i-2", "two")
    journal.submit_questions("i-1", [{"text": "Why?", "asked": True, "answer": "Because"}])
    journal.flush()
    states = journal.read()
    assert states["i-1"].notes == "one" and states["i-2"].notes == "two"
    assert states["i-1"].questions == [{"text": "Why?", "asked": True, "answer": "Because"}]
    assert states["i-2"].questions is None


def test_a_line_cut_short_at_any_byte_is_dropped(journal: NotesJournal) -> None:
    journal.record_notes("i-1", "first line")
    journal.record_notes("i-1", "first line\nsecond 🌱 line")
    raw = journal.path.read_bytes()
    last_start = raw.rstrip(b"\n").rfind(b"\n") + 1
    for cut in range(last_start, len(raw)):
        journal.path.write_bytes(raw[:cut])
        # The last line is incomplete: the notes are as of the line before it.
        assert journal.read()["i-1"].notes == "first line", cut
    journal.path.write_bytes(raw)
    assert journal.read()["i-1"].notes == "first line\nsecond 🌱 line"


def test_an_edit_after_a_damaged_line_is_not_applied(journal: NotesJournal) -> None:
    for text in ["a", "ab", "abc", "abcd"]:
        journal.record_notes("i-1", text)
    lines = journal.path.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace(b'"ins":"c"', b'"ins":"X"')
    journal.path.write_bytes(b"".join(lines))
    state = journal.read()["i-1"]
    # Never "abd" (an edit applied to the wrong text): the last text that was really there.
    assert state.notes == "ab" and state.gaps == 1


def test_appending_after_a_crash_goes_on_after_the_last_whole_line(tmp_path: Path) -> None:
    first = NotesJournal.for_workbook(tmp_path / "workbook.json")
    first.record_notes("i-1", "kept")
    first.close()
    with open(first.path, "ab") as handle:
        handle.write(b'{"v":1,"seq":99,"iv":"i-1","op":"sn')  # cut short by a kill
    second = NotesJournal.for_workbook(tmp_path / "workbook.json")
    second.record_notes("i-2", "new")
    states = second.read()
    assert states["i-1"].notes == "kept" and states["i-2"].notes == "new"
    seqs = [orjson.loads(line)["seq"] for line in second.path.read_bytes().splitlines()]
    assert seqs == [1, 2]


def test_a_snapshot_again_once_the_edits_outweigh_the_text(journal: NotesJournal) -> None:
    # Typing and deleting the same 2,000 characters over and over: the edits add up.
    base = "kept " * 100
    for number in range(200):
        text = base + f"line {number} " + "x" * 2_000
        journal.record_notes("i-1", text)
        journal.record_notes("i-1", base)
    ops = [orjson.loads(line)["op"] for line in journal.path.read_bytes().splitlines()]
    assert ops[0] == "snap" and 1 < ops.count("snap") < 20
    assert journal.read()["i-1"].notes == base


def test_submitted_notes_are_written_off_the_calling_thread(journal: NotesJournal) -> None:
    callers: list[str] = []
    original = journal._append_notes

    def spy(interview_id: str, notes: str) -> None:
        callers.append(threading.current_thread().name)
        original(interview_id, notes)

    journal._append_notes = spy  # type: ignore[method-assign]
    for number in range(50):
        journal.submit_notes("i-1", "x" * number)
    journal.flush()
    assert journal.read()["i-1"].notes == "x" * 49
    assert callers and all(name.startswith("informterm-journal") for name in callers)
    assert journal.last_written is not None and journal.error is None


def test_fold_removes_the_file_only_after_the_save(journal: NotesJournal) -> None:
    journal.submit_notes("i-1", "typed")
    seen: list[dict[str, JournalState]] = []

    def failing_save(states: dict[str, JournalState]) -> None:
        seen.append(states)
        raise OSError("disk full")

    with pytest.raises(OSError):
        journal.fold(failing_save)
    assert seen[0]["i-1"].notes == "typed"
    assert journal.path.exists(), "a failed save keeps the journal"
    assert journal.fold(lambda states: sorted(states)) == ["i-1"]
    assert not journal.path.exists()
    # Typing goes on into a new file, starting with a snapshot.
    journal.record_notes("i-1", "typed more")
    assert orjson.loads(journal.path.read_bytes())["op"] == "snap"
    assert journal.read()["i-1"].notes == "typed more"


def test_a_failed_append_leaves_no_half_line(journal: NotesJournal, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    journal.record_notes("i-1", "good")
    real_write = os.write

    def half_then_fail(fd: int, data: bytes) -> int:
        real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_fail)
    journal.submit_notes("i-1", "good and more")
    journal.flush()
    assert isinstance(journal.error, OSError)
    monkeypatch.setattr(os, "write", real_write)
    assert journal.read()["i-1"].notes == "good"
    # The next submission writes what failed (or newer) after the last whole line.
    journal.submit_notes("i-1", "good and more again")
    journal.flush()
    assert journal.error is None
    assert journal.read()["i-1"].notes == "good and more again"


def test_minutes_span_the_entries() -> None:
    assert JournalState("i", first_at=100.0, last_at=100.0).minutes == 1
    assert JournalState("i", first_at=0.0, last_at=7 * 60 + 10).minutes == 7


@given(st.text(max_size=60), st.text(max_size=60))
def test_splice_turns_one_text_into_the_other(old: str, new: str) -> None:
    at, removed, inserted = splice(old, new)
    assert old[:at] + inserted + old[at + removed :] == new
    assert removed + len(inserted) <= max(len(old), len(new)) + len(inserted)


def test_splice_of_a_megabyte_finds_the_small_edit() -> None:
    old = "word " * 200_000 + "🌱"
    new = old[:500_000] + "INSERTED" + old[500_003:]
    assert splice(old, new) == (500_000, 3, "INSERTED")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="ab\n🌱[", max_size=12), min_size=1, max_size=12))
def test_any_sequence_of_texts_replays_to_the_last(tmp_path_factory, texts: list[str]) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("journal")
    journal = NotesJournal.for_workbook(folder / "workbook.json")
    for text in texts:
        journal.record_notes("i-1", text)
    assert journal.read()["i-1"].notes == texts[-1]
    journal.close()
