"""Benchmark of call mode: one notes save against the size of the workbook, and a keystroke in
the notes editor with a megabyte of notes against the 16 ms frame budget.

Run it as a script (it is not a test):

    python bench/bench_call.py                      # 1,000 / 10,000 / 50,000 contacts
    python bench/bench_call.py --sizes 1000,50000   # pick sizes
    python bench/bench_call.py --dir /some/disk     # where the files go (default: temp)

Saves: each size gets a synthetic workbook (bench/synthetic.py). A call's notes grow by a
few words at a time, as the editor hands them over twice a second; each save is one append
to the notes journal, flushed to the disk (fdatasync), timed as the journal's thread spends
it, and the UI thread's part (handing the text over) is timed too. Beside it, the save the
journal spares: the interview's notes written into the workbook (the whole file, durably),
timed after the journal's saves (during a call the workbook is not written at all); medians
and 90th percentiles.

Keystrokes: the call screen of an interview whose notes are 1 MB, run headless at 120x40 by
Pilot, typing words and newlines (each new line stamped) and tag keys at the end of the
notes; CPU time per keystroke (key event to idle), as bench_filter.py measures it, beside
the same keys typed into a bare TextArea holding the same megabyte in an empty app.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_synthetic_workbook

from informterm.core.model import Interview, InterviewStatus, Settings
from informterm.store import open_workbook
from informterm.store.journal import NotesJournal

FRAME_BUDGET_MS = 16.0
SAVE_BUDGET_MS = 5.0
WORDS = "she said the hardest part was learning to say no to good projects".split()  # noqa: SIM905


def ms(seconds: list[float]) -> tuple[float, float]:
    """Median and 90th percentile, in milliseconds."""
    values = sorted(s * 1000 for s in seconds)
    return statistics.median(values), statistics.quantiles(values, n=10)[-1]


def megabyte_of_notes() -> str:
    """About 1 MB of notes: stamped, tagged lines as a long series of calls leaves them."""
    lines = []
    number = 0
    while sum(map(len, lines)) + len(lines) < 1_000_000:
        tag = ("#advice ", "#lead ", "", "", "#resource ")[number % 5]
        minutes, seconds = divmod(number % 3600, 60)
        lines.append(f"[{minutes:02d}:{seconds:02d}] {tag}{' '.join(WORDS[: 6 + number % 7])}")
        number += 1
    return "\n".join(lines)


# -- saves ---------------------------------------------------------------------------------


def bench_saves(contacts: int, folder: Path, repeat: int) -> dict[str, float]:
    """Journal saves against workbook saves, for one workbook size."""
    path = write_synthetic_workbook(folder / f"workbook-{contacts}.json", contacts)
    os.sync()
    size_mb = path.stat().st_size / 1e6
    workbook = open_workbook(path)
    interview = next(iter(workbook.all(Interview)))
    journal = NotesJournal.for_workbook(path)
    text = interview.notes
    # Warm-up: the first save of each (the journal's snapshot, the workbook's backup).
    journal.record_notes(interview.id, text)
    workbook.update(interview, notes=text)
    journal_times: list[float] = []
    workbook_times: list[float] = []
    handover_times: list[float] = []
    texts = []
    for number in range(repeat):
        text += f" {WORDS[number % len(WORDS)]}" + ("\n[12:00] " if number % 9 == 8 else "")
        texts.append(text)
    # During a call only the journal is written: its saves are timed on their own, so the
    # disk is not still busy with a workbook file written just before.
    for text in texts:
        start = time.perf_counter()
        journal.record_notes(interview.id, text)
        journal_times.append(time.perf_counter() - start)
    for text in texts:
        stored = workbook.get(Interview, interview.id)
        start = time.perf_counter()
        workbook.update(stored, notes=text)
        workbook_times.append(time.perf_counter() - start)
    # The UI thread's part: handing the text to the journal's thread.
    for _ in range(repeat):
        text += " x"
        start = time.perf_counter()
        journal.submit_notes(interview.id, text)
        handover_times.append(time.perf_counter() - start)
        journal.flush()
    journal.close()
    workbook.close()
    journal_ms, journal_p90 = ms(journal_times)
    workbook_ms, workbook_p90 = ms(workbook_times)
    return {
        "size_mb": size_mb,
        "journal_ms": journal_ms,
        "journal_p90": journal_p90,
        "handover_us": statistics.median(handover_times) * 1e6,
        "workbook_ms": workbook_ms,
        "workbook_p90": workbook_p90,
    }


def bench_megabyte_save(folder: Path, repeat: int) -> tuple[float, float]:
    """One save of 1 MB of notes with a few words more (an edit entry), median and p90."""
    journal = NotesJournal.for_workbook(folder / "megabyte.json")
    text = megabyte_of_notes()
    journal.record_notes("i-big", text)
    times = []
    for number in range(repeat):
        text += f" {WORDS[number % len(WORDS)]}"
        start = time.perf_counter()
        journal.record_notes("i-big", text)
        times.append(time.perf_counter() - start)
    journal.close()
    return ms(times)


# -- keystrokes ------------------------------------------------------------------------------

KEYS = [*"the deck", "enter", *"ok", "ctrl+g", *"keep it short", "enter", "backspace"] * 4


async def call_keystrokes(folder: Path) -> tuple[list[float], int]:
    """CPU ms per keystroke in the call screen with 1 MB of notes."""
    from informterm.cli import make_app, open_workbook_for_tui
    from informterm.tui.screens.call import CallScreen

    path = write_synthetic_workbook(folder / "keys.json", 1_000)
    with open_workbook(path) as book:
        contact = next(iter(book.contacts()))
        interview = Interview(
            contact_id=contact.id,
            starts_at="2026-11-25T15:00:00Z",
            status=InterviewStatus.CONFIRMED,
            notes=megabyte_of_notes(),
        )
        book.add(interview)
        contact_id = contact.id
    app = make_app(open_workbook_for_tui(path), Settings(), folder / "config.yaml")
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.start_call_with(contact_id)  # type: ignore[attr-defined]
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        notes = app.screen.notes
        size = len(notes.text)
        for key in KEYS:
            start = time.process_time()
            await pilot.press(key)
            times.append(time.process_time() - start)
        app.exit()
    return times, size


async def bare_keystrokes() -> list[float]:
    """The same keys in a bare TextArea holding the same megabyte: Textual's own floor."""
    from textual.app import App, ComposeResult
    from textual.widgets import TextArea

    text = megabyte_of_notes()

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield TextArea(text, soft_wrap=True, show_line_numbers=False)

        def on_mount(self) -> None:
            area = self.query_one(TextArea)
            area.focus()
            area.move_cursor(area.document.end)

    times: list[float] = []
    async with Bare().run_test(size=(120, 40)) as pilot:
        for key in KEYS:
            if key.startswith("ctrl+"):
                continue
            start = time.process_time()
            await pilot.press(key)
            times.append(time.process_time() - start)
    return times


def main() -> None:
    """Parse the arguments, run both parts and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="contact counts")
    parser.add_argument("--repeat", type=int, default=31, help="saves timed per size")
    parser.add_argument("--dir", type=Path, default=None, help="folder for the files")
    parser.add_argument("--skip-keys", action="store_true", help="only the saves")
    args = parser.parse_args()
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    folder = Path(tempfile.mkdtemp(prefix="informterm-bench-", dir=args.dir))
    print(f"files in {folder} (python {sys.version.split()[0]})")
    try:
        header = (
            f"{'contacts':>8} {'file MB':>8} {'save ms':>8} {'p90 ms':>7} {'vs 1st':>7} "
            f"{'hand-over µs':>13} {'workbook ms':>12} {'workbook/save':>14} "
            f"{'budget':>8}"
        )
        print("one notes save during a call")
        print(header)
        print("-" * len(header))
        first: float | None = None
        for contacts in sizes:
            r = bench_saves(contacts, folder, args.repeat)
            first = first or r["journal_ms"]
            print(
                f"{contacts:>8,} {r['size_mb']:>8.1f} {r['journal_ms']:>8.2f} "
                f"{r['journal_p90']:>7.2f} {r['journal_ms'] / first:>6.2f}x "
                f"{r['handover_us']:>13.1f} {r['workbook_ms']:>12.1f} "
                f"{r['workbook_ms'] / r['journal_ms']:>13.0f}x "
                f"{r['journal_ms'] / SAVE_BUDGET_MS:>7.2f}x",
                flush=True,
            )
        big, big_p90 = bench_megabyte_save(folder, args.repeat)
        print(
            f"{'1 MB of notes':>17} {big:>8.2f} {big_p90:>7.2f}   (an edit entry: the journal "
            "writes what changed)"
        )
        print(
            "save = one append to the notes journal with fdatasync (the journal's thread); "
            "vs 1st = against the smallest workbook;\nhand-over = the UI thread's part; "
            "workbook = the same notes written into the workbook (whole file, durable), "
            f"which a save never does; budget = save / {SAVE_BUDGET_MS:.0f} ms; medians."
        )
        if not args.skip_keys:
            keys, size = asyncio.run(call_keystrokes(folder))
            bare = asyncio.run(bare_keystrokes())
            print(f"\na keystroke in the call's notes editor holding {size / 1e6:.2f} MB of notes")
            for label, samples in (("call screen", keys), ("bare TextArea, same text", bare)):
                median, p90 = ms(samples)
                print(
                    f"{label:<26} median {median:6.2f} ms  90th percentile {p90:6.2f} ms  "
                    f"max {max(samples) * 1000:6.2f} ms  frame {FRAME_BUDGET_MS:.0f} ms: "
                    f"90th percentile {p90 / FRAME_BUDGET_MS:.2f}x"
                )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
