"""A typist for the kill test: types notes as fast as a person, saving them the way the
notes editor does (the whole text handed to the journal at most every half second), and
logs each keystroke with the time, until it is killed.

Run as a script it is a "zygote": the journal and everything it imports are loaded once,
then each ``run FOLDER SEED`` line on stdin forks a typist and prints its pid, each
``wait PID`` reaps one and prints its status, so a typist starts in a millisecond.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

SAVE_EVERY = 0.5
"""As the notes editor: the text goes to the journal at most this often."""

INTERVIEW_ID = "i-typed"
LETTERS = "abcdefghijklmnopqrstuvwxyz     ,.é🌱[]/"


def next_text(text: str, rng: random.Random) -> str:
    """The text after one more keystroke: mostly typing at the end, sometimes a
    backspace, a word inserted earlier on or a character deleted there."""
    roll = rng.random()
    if roll < 0.04:
        return text + "\n[" + f"{rng.randrange(60):02d}:{rng.randrange(60):02d}" + "] "
    if roll < 0.80 or not text:
        return text + rng.choice(LETTERS)
    if roll < 0.90:
        return text[:-1]
    at = rng.randrange(len(text) + 1)
    if roll < 0.95:
        return text[:at] + rng.choice(LETTERS) + text[at:]
    return text[:at] + text[at + 1 :]


def texts(start: str, seed: int, count: int) -> list[str]:
    """The text before any keystroke and after each of ``count`` keystrokes."""
    rng = random.Random(seed)
    found = [start]
    for _ in range(count):
        found.append(next_text(found[-1], rng))
    return found


def type_until_killed(folder: Path, seed: int) -> None:
    """Type into the journal beside ``folder/workbook.json`` for ever."""
    from informterm.store.journal import NotesJournal

    text = (folder / "start.txt").read_text(encoding="utf-8")
    journal = NotesJournal.for_workbook(folder / "workbook.json")
    log = os.open(folder / "typed.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
    edits = random.Random(seed)
    pauses = random.Random(seed + 1)
    next_save = time.monotonic() + SAVE_EVERY
    dirty = False
    count = 0
    while True:
        # 5 to 40 ms between keys: faster than most people type.
        next_key = time.monotonic() + pauses.uniform(0.005, 0.04)
        while (now := time.monotonic()) < next_key:
            if dirty and now >= next_save:
                journal.submit_notes(INTERVIEW_ID, text)
                dirty = False
                next_save = now + SAVE_EVERY
            time.sleep(max(0.0, min(next_key, next_save) - now))
        text = next_text(text, edits)
        count += 1
        os.write(log, f"{count} {time.monotonic():.6f}\n".encode())
        dirty = True
        if time.monotonic() >= next_save:
            journal.submit_notes(INTERVIEW_ID, text)
            dirty = False
            next_save = time.monotonic() + SAVE_EVERY


def serve() -> None:
    """The zygote's loop (see the module's docstring)."""
    import informterm.store.journal  # noqa: F401  (loaded once, shared by every fork)

    for line in sys.stdin:
        command, *arguments = line.split()
        if command == "run":
            folder, seed = Path(arguments[0]), int(arguments[1])
            pid = os.fork()
            if pid == 0:
                try:
                    type_until_killed(folder, seed)
                finally:
                    os._exit(1)
            print(pid, flush=True)
        elif command == "wait":
            _, status = os.waitpid(int(arguments[0]), 0)
            print(status, flush=True)
        else:
            return


if __name__ == "__main__":
    serve()
