"""No note is lost: typists saving through the real journal are killed with SIGKILL at
random moments (well over a hundred times, ten at once), and after each kill the journal is
folded into the workbook the way the next start folds it. What was typed more than one
second before the kill must be there: the notes are the text as it stood after some
keystroke no earlier than that, and no later than the last one typed."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from informterm.core.model import Contact, Interview, Settings
from informterm.flows.calls import fold_notes
from informterm.store import Workbook, open_workbook
from informterm.store.journal import NotesJournal
from tests.store import journal_typist
from tests.store.journal_typist import INTERVIEW_ID

KILLS = 120
AT_ONCE = 10
LOSES_AT_MOST = 1.0
"""Seconds: what was typed before this long before a kill must survive it."""

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = Settings(home_timezone="UTC")
NOW = "2026-11-30T15:00:00Z"

if not hasattr(os, "fork"):  # pragma: no cover
    pytest.skip("the typists are forked", allow_module_level=True)


@dataclass
class Slot:
    """One typist's folder and workbook, typing round after round."""

    folder: Path
    workbook: Workbook
    journal: NotesJournal
    start: str = ""
    seed: int = 0
    pid: int = 0
    kill_at: float = 0.0


class Zygote:
    """The pre-loaded process that forks the typists (see journal_typist)."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, journal_typist.__file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )

    def ask(self, line: str) -> int:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("quit\n")
        self.process.stdin.close()
        self.process.wait(timeout=10)


def make_slot(folder: Path) -> Slot:
    folder.mkdir()
    workbook = open_workbook(folder / "workbook.json")
    workbook.add(Contact(id="c-typed", name="Ann"))
    workbook.add(Interview(id=INTERVIEW_ID, contact_id="c-typed", starts_at=NOW))
    return Slot(folder, workbook, NotesJournal.for_workbook(workbook.path))


def test_typed_notes_survive_kill_minus_9_but_the_last_second(tmp_path: Path) -> None:
    rng = random.Random(20261130)
    zygote = Zygote()
    slots = [make_slot(tmp_path / f"typist-{number}") for number in range(AT_ONCE)]
    started = time.monotonic()
    kills = launched = 0
    lags: list[float] = []

    def launch(slot: Slot) -> None:
        nonlocal launched
        launched += 1
        slot.seed = rng.randrange(1 << 30)
        (slot.folder / "start.txt").write_text(slot.start, encoding="utf-8")
        slot.pid = zygote.ask(f"run {slot.folder} {slot.seed}")
        # Mostly past the first second, where the promise starts to bind.
        slot.kill_at = time.monotonic() + rng.uniform(0.15, 2.2)

    try:
        for slot in slots:
            launch(slot)
        while kills < KILLS:
            slot = min(slots, key=lambda s: s.kill_at)
            time.sleep(max(0.0, slot.kill_at - time.monotonic()))
            killed_at = time.monotonic()
            os.kill(slot.pid, signal.SIGKILL)
            status = zygote.ask(f"wait {slot.pid}")
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status
            kills += 1
            lag = check_round(slot, killed_at)
            if lag is not None:
                lags.append(lag)
            if launched < KILLS:
                launch(slot)
            else:
                slot.kill_at = float("inf")
    finally:
        for slot in slots:
            if slot.kill_at != float("inf") and slot.pid:
                try:
                    os.kill(slot.pid, signal.SIGKILL)
                    zygote.ask(f"wait {slot.pid}")
                except ProcessLookupError:
                    pass
            slot.workbook.close()
        zygote.close()
    elapsed = time.monotonic() - started
    assert kills >= 100
    assert lags, "some kills came after the first save"
    assert elapsed < 45, f"{kills} kills took {elapsed:.1f} s"


def check_round(slot: Slot, killed_at: float) -> float | None:
    """Fold what the killed typist left and check it; returns how long before the kill the
    newest keystroke in the notes was typed (None when nothing was saved)."""
    log = (slot.folder / "typed.log").read_text().splitlines()
    typed = [(int(n), float(t)) for n, t in (line.split() for line in log if line.count(" ") == 1)]
    count = typed[-1][0] if typed else 0
    needed = max((n for n, t in typed if t <= killed_at - LOSES_AT_MOST), default=0)
    states = journal_typist.texts(slot.start, slot.seed, count)
    # The real recovery path: what the next start does with a journal left behind.
    fold_notes(slot.workbook, SETTINGS, NOW, slot.journal)
    assert not slot.journal.path.exists()
    notes = slot.workbook.get(Interview, INTERVIEW_ID).notes
    matches = [n for n in range(needed, count + 1) if states[n] == notes]
    when = dict(typed)
    assert matches, (
        f"after a kill {killed_at - typed[0][1] if typed else 0:.2f} s into typing, the notes "
        f"are not the text of any keystroke from {needed} (typed "
        f"{killed_at - when.get(needed, killed_at):.2f} s before the kill) to {count}"
    )
    slot.start = notes
    newest = matches[-1]
    return killed_at - when[newest] if newest in when and newest > 0 else None
