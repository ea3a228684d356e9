"""The notes journal: what is typed during a call, on the disk within a second, without ever
rewriting the workbook.

Beside the workbook (``<workbook>.journal``, readable by the user only) it keeps one line
per entry, appended and flushed to the disk (fdatasync) as it is written:

    {"v":1,"seq":7,"t":1764000000.5,"iv":"<interview id>","op":"edit","prev":6,
     "at":120,"del":0,"ins":"lead","len":124,"sum":"89abcdef"}

``op`` is ``snap`` (``notes``: the whole text), ``edit`` (the text of entry ``prev`` with
``del`` characters at ``at`` replaced by ``ins``, ``len`` characters long afterwards) or
``questions`` (``questions``: an interview's whole question list). ``sum`` is the CRC-32 of
the line as it reads without it, so a line cut short by a crash, or damaged, is known and
dropped; an edit whose ``prev`` is not the last entry applied is dropped too, so the notes
are always a text that was really typed. Typing makes small edits; a snapshot is written
first and again once the edits since add up to more than the text itself.

The journal is *folded* into the workbook (one save) at the end of a call, when the Notes
pane is left, and at the next start after a crash; the file is removed only after that
save landed, so a crash at any moment loses nothing. Appends run on a thread of their own
(:meth:`NotesJournal.submit_notes`), so a keystroke never waits for the disk.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import zlib
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import orjson

from informterm.files import PRIVATE_FILE_MODE, fsync_dir

R = TypeVar("R")

VERSION = 1
SUFFIX = ".journal"

SNAPSHOT_MIN_CHARS = 65_536
"""Edits since the last snapshot of an interview's notes may add up to this many characters
(or the length of the notes, if longer) before the next entry is a snapshot again."""

_SUM_TAIL = len(b',"sum":"00000000"}')
_CHUNK = 65_536


def journal_path(workbook_path: Path) -> Path:
    """Where the notes journal of the workbook at ``workbook_path`` lives."""
    return workbook_path.with_name(workbook_path.name + SUFFIX)


@dataclass(slots=True)
class JournalState:
    """What the journal holds for one interview: its notes and questions as last written
    (None when it holds none), and when the first and last entries were written."""

    interview_id: str
    notes: str | None = None
    questions: list[dict[str, Any]] | None = None
    first_at: float = 0.0
    last_at: float = 0.0
    gaps: int = 0
    """Entries that could not be applied (damaged, or after a damaged one)."""

    @property
    def minutes(self) -> int:
        """How many minutes of typing the entries span, at least one."""
        return max(1, round((self.last_at - self.first_at) / 60))


@dataclass(slots=True)
class _Chain:
    """The notes of one interview as last appended: the entry they are in and its text."""

    seq: int
    text: str
    edited: int = 0
    """Characters written in edits since the last snapshot."""


@dataclass(slots=True)
class _Read:
    states: dict[str, JournalState] = field(default_factory=dict)
    good_size: int = 0
    """Where the last whole line ends: anything after it is a line cut short."""
    last_seq: int = 0


class NotesJournal:
    """The notes journal of one workbook (see the module's docstring).

    ``submit_notes`` and ``submit_questions`` hand the latest state to the journal's
    thread, which appends it at once (several submitted while it writes become one
    append each); :meth:`flush` waits for that; :meth:`fold` hands what the file holds to
    a function that saves it in the workbook and removes the file once that returns.
    ``clock`` gives the wall-clock time recorded with each entry.
    """

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()
        """Held while the file is written, read or removed."""
        self._pending_lock = threading.Lock()
        self._pending: dict[tuple[str, str], Any] = {}
        self._draining = False
        self._executor: ThreadPoolExecutor | None = None
        self._fd: int | None = None
        self._size = 0
        self._seq = 0
        self._chains: dict[str, _Chain] = {}
        self.error: OSError | None = None
        """Why the last append failed (it is tried again with the next), or None."""
        self.last_written: float | None = None
        """When (``time.monotonic``) an append last reached the disk."""

    @classmethod
    def for_workbook(cls, workbook_path: Path) -> NotesJournal:
        """The journal beside the workbook at ``workbook_path``."""
        return cls(journal_path(workbook_path))

    # -- writing ------------------------------------------------------------------------------

    def submit_notes(self, interview_id: str, notes: str) -> None:
        """Have ``notes`` (the whole text) appended soon, off the calling thread."""
        self._submit((interview_id, "notes"), notes)

    def submit_questions(self, interview_id: str, questions: list[dict[str, Any]]) -> None:
        """Have the interview's whole question list appended soon, off the calling thread."""
        self._submit((interview_id, "questions"), questions)

    def _submit(self, key: tuple[str, str], value: Any) -> None:
        with self._pending_lock:
            self._pending[key] = value
            if self._draining:
                return
            self._draining = True
            if self._executor is None:
                self._executor = ThreadPoolExecutor(1, thread_name_prefix="informterm-journal")
            executor = self._executor
        executor.submit(self._drain)

    def _drain(self) -> None:
        """Append what was submitted until nothing is waiting (the journal's thread)."""
        while True:
            with self._pending_lock:
                if not self._pending:
                    self._draining = False
                    return
                batch, self._pending = self._pending, {}
            try:
                with self._lock:
                    for (interview_id, kind), value in batch.items():
                        if kind == "notes":
                            self._append_notes(interview_id, value)
                        else:
                            self._append_questions(interview_id, value)
                    self._sync()
            except OSError as error:
                self.error = error
                with self._pending_lock:
                    # Tried again with the next submission (a newer one replaces it).
                    for key, value in batch.items():
                        self._pending.setdefault(key, value)
                    self._draining = False
                return
            self.error = None
            self.last_written = time.monotonic()

    def flush(self, timeout: float | None = None) -> None:
        """Wait until everything submitted before this call is on the disk (or failed:
        see :attr:`error`)."""
        with self._pending_lock:
            executor = self._executor
        if executor is None:
            return
        done: Future[None] = executor.submit(lambda: None)
        done.result(timeout)

    def record_notes(self, interview_id: str, notes: str) -> None:
        """Append ``notes`` now, on the calling thread, and flush it to the disk."""
        with self._lock:
            self._append_notes(interview_id, notes)
            self._sync()
        self.last_written = time.monotonic()

    def _append_notes(self, interview_id: str, notes: str) -> None:
        chain = self._chains.get(interview_id)
        if chain is not None and chain.text == notes:
            return
        entry: dict[str, Any]
        if chain is None or chain.edited > max(SNAPSHOT_MIN_CHARS, len(notes)):
            entry = {"op": "snap", "notes": notes}
            edited = 0
        else:
            at, removed, inserted = splice(chain.text, notes)
            entry = {
                "op": "edit",
                "prev": chain.seq,
                "at": at,
                "del": removed,
                "ins": inserted,
                "len": len(notes),
            }
            edited = chain.edited + removed + len(inserted)
        seq = self._write(interview_id, entry)
        self._chains[interview_id] = _Chain(seq, notes, edited)

    def _append_questions(self, interview_id: str, questions: list[dict[str, Any]]) -> None:
        self._write(interview_id, {"op": "questions", "questions": questions})

    def _write(self, interview_id: str, entry: dict[str, Any]) -> int:
        fd = self._open()
        seq = self._seq + 1
        line = encode_line(
            {"v": VERSION, "seq": seq, "t": self._clock(), "iv": interview_id, **entry}
        )
        try:
            _write_all(fd, line)
        except OSError:
            # Never leave half a line for the next one to follow.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, self._size)
            raise
        self._size += len(line)
        self._seq = seq
        return seq

    def _sync(self) -> None:
        if self._fd is not None:
            _datasync(self._fd)

    def _open(self) -> int:
        if self._fd is not None:
            return self._fd
        existed = self.path.exists()
        fd = os.open(
            self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, PRIVATE_FILE_MODE
        )
        try:
            os.fchmod(fd, PRIVATE_FILE_MODE)
            if existed:
                # Left by an earlier session (folded at the next start): go on after its
                # last whole line, numbering on from it.
                read = _parse(_read_all(fd))
                if read.good_size != os.fstat(fd).st_size:
                    os.ftruncate(fd, read.good_size)
                self._size = read.good_size
                self._seq = max(self._seq, read.last_seq)
            else:
                self._size = 0
                fsync_dir(self.path.parent)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return fd

    # -- reading and folding ------------------------------------------------------------------

    def read(self) -> dict[str, JournalState]:
        """What the file holds now, by interview id (nothing when there is no file)."""
        with self._lock:
            return self._read_file().states

    def _read_file(self) -> _Read:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return _Read()
        return _parse(raw)

    def fold(self, apply: Callable[[dict[str, JournalState]], R]) -> R:
        """Hand what the file holds (after a :meth:`flush`) to ``apply``, which saves it in
        the workbook, then remove the file; returns what ``apply`` returned. If ``apply``
        raises, the file is kept as it was. Appends wait meanwhile."""
        self.flush()
        with self._lock:
            states = self._read_file().states
            result = apply(states)
            if states or self.path.exists():
                self._remove()
        return result

    def _remove(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._size = 0
        self._chains.clear()
        self.path.unlink(missing_ok=True)
        fsync_dir(self.path.parent)

    def close(self) -> None:
        """Write what is waiting, stop the journal's thread and close the file."""
        with self._pending_lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True)
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
                self._chains.clear()


# -- the line format -------------------------------------------------------------------------


def encode_line(entry: Mapping[str, Any]) -> bytes:
    """One journal line: the entry as JSON with its checksum as the last member."""
    payload = orjson.dumps(entry)
    checksum = zlib.crc32(payload)
    return payload[:-1] + b',"sum":"%08x"}\n' % checksum


def decode_line(line: bytes) -> dict[str, Any] | None:
    """The entry of one line (without its newline), or None when the line is damaged or
    cut short."""
    if len(line) <= _SUM_TAIL or not line.endswith(b'"}'):
        return None
    tail = line[-_SUM_TAIL:]
    if not tail.startswith(b',"sum":"'):
        return None
    payload = line[:-_SUM_TAIL] + b"}"
    try:
        if int(tail[8:16], 16) != zlib.crc32(payload):
            return None
        entry = orjson.loads(payload)
    except ValueError:
        return None
    return entry if isinstance(entry, dict) else None


def _parse(raw: bytes) -> _Read:
    """Replay the lines of a journal file."""
    read = _Read()
    chains: dict[str, tuple[int, str]] = {}
    start = 0
    while True:
        end = raw.find(b"\n", start)
        if end < 0:
            break  # what follows the last newline is a line cut short
        entry = decode_line(raw[start:end])
        start = end + 1
        if entry is None:
            continue
        read.good_size = start
        try:
            _apply(entry, read, chains)
        except (KeyError, TypeError, ValueError):
            continue
    return read


def _apply(entry: dict[str, Any], read: _Read, chains: dict[str, tuple[int, str]]) -> None:
    seq = int(entry["seq"])
    read.last_seq = max(read.last_seq, seq)
    interview_id = str(entry["iv"])
    at = float(entry["t"])
    state = read.states.get(interview_id)
    if state is None:
        state = read.states[interview_id] = JournalState(interview_id, first_at=at, last_at=at)
    state.first_at = min(state.first_at, at)
    state.last_at = max(state.last_at, at)
    op = entry["op"]
    if op == "snap":
        notes = entry["notes"]
        if not isinstance(notes, str):
            raise TypeError("notes")
        chains[interview_id] = (seq, notes)
        state.notes = notes
    elif op == "edit":
        chain = chains.get(interview_id)
        text = _edited(chain, entry)
        if text is None:
            state.gaps += 1
            return
        chains[interview_id] = (seq, text)
        state.notes = text
    elif op == "questions":
        questions = entry["questions"]
        if not isinstance(questions, list) or not all(isinstance(q, dict) for q in questions):
            raise TypeError("questions")
        state.questions = questions


def _edited(chain: tuple[int, str] | None, entry: dict[str, Any]) -> str | None:
    """The text an edit entry makes, or None when it does not follow the chain."""
    if chain is None or chain[0] != entry["prev"]:
        return None
    text = chain[1]
    at, removed, inserted = int(entry["at"]), int(entry["del"]), entry["ins"]
    if not isinstance(inserted, str) or at < 0 or removed < 0 or at + removed > len(text):
        return None
    result = text[:at] + inserted + text[at + removed :]
    return result if len(result) == entry["len"] else None


def splice(old: str, new: str) -> tuple[int, int, str]:
    """One edit that turns ``old`` into ``new``: ``(at, removed, inserted)``, found by
    comparing from both ends (in slices, so a megabyte of notes takes well under a
    millisecond)."""
    shortest = min(len(old), len(new))
    prefix = _common_length(old, new, shortest, from_end=False)
    suffix = _common_length(old, new, shortest - prefix, from_end=True)
    return prefix, len(old) - prefix - suffix, new[prefix : len(new) - suffix]


def _common_length(a: str, b: str, limit: int, *, from_end: bool) -> int:
    """How many characters ``a`` and ``b`` share at their start (or end), at most
    ``limit``: whole chunks first, then halving within the first chunk that differs."""

    def same(start: int, stop: int) -> bool:
        if from_end:
            return a[len(a) - stop : len(a) - start] == b[len(b) - stop : len(b) - start]
        return a[start:stop] == b[start:stop]

    low = 0
    while low + _CHUNK <= limit and same(low, low + _CHUNK):
        low += _CHUNK
    high = min(low + _CHUNK, limit)
    # Invariant: the first ``low`` are the same; more than ``high`` are not.
    while low < high:
        middle = (low + high + 1) // 2
        if same(low, middle):
            low = middle
        else:
            high = middle - 1
    return low


def _read_all(fd: int) -> bytes:
    size = os.fstat(fd).st_size
    chunks = []
    offset = 0
    while offset < size:
        chunk = os.pread(fd, size - offset, offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _datasync(fd: int) -> None:
    # fdatasync is enough for an append (the new size is flushed with the data); macOS
    # has none, and its fsync is the nearest.
    sync = getattr(os, "fdatasync", os.fsync)
    sync(fd)
