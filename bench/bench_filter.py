"""Filter-as-you-type in the Contacts pane, per keystroke, against the 16 ms frame budget.

Builds a synthetic workbook (10,000 contacts by default) in a temporary directory, runs the
app headless at 120x40, then types a word into the filter one character at a time and
deletes it again. For each keystroke it times what the list does in response: refilter,
keep the cursor, and render the visible rows (including the lazily computed "next action"
column). The search texts are not made at startup: in the app, pressing / to open the
filter box makes them; here the list is driven directly, so the first keystroke makes
them and is reported on its own, and the figures after it are for keystrokes that find
them made. A second figure times the whole keystroke as
Pilot sees it (key event to idle), which adds Textual's own dispatch and layout.

The workbook is opened the way the ``informterm`` command opens it (records frozen out of
the garbage collector's passes), so collections cost here what they cost in the app.

    python bench/bench_filter.py [--contacts 10000] [--word kowalski] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_synthetic_workbook

from informterm.cli import make_app, open_workbook_for_tui
from informterm.core.model import Settings
from informterm.tui.widgets.contact_list import ContactList

FRAME_BUDGET_MS = 16.0


def keystrokes(word: str) -> list[str]:
    """The filter's successive values: typing ``word``, then deleting it."""
    typed = [word[: end + 1] for end in range(len(word))]
    return typed + [word[:end] for end in range(len(word) - 1, -1, -1)]


class GarbageCollections:
    """Counts full (generation 2) collections, which pause everything for tens of ms when
    tens of thousands of records are alive."""

    def __init__(self) -> None:
        self.full = 0
        gc.callbacks.append(self._seen)

    def _seen(self, phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            self.full += 1


async def measure(
    path: Path, config: Path, word: str, rounds: int
) -> tuple[tuple[float, bool], list[tuple[float, bool]], list[tuple[float, bool]], int, str]:
    """Per-keystroke times (ms), each with whether a full garbage collection ran in it: the
    list's own work for the first keystroke (which makes the search texts) and for the
    others, and the whole keystroke as Pilot drives it; and which whole keystrokes were the
    slowest."""
    app = make_app(open_workbook_for_tui(path), Settings(), config)
    collections = GarbageCollections()
    list_times: list[tuple[float, bool]] = []
    pilot_times: list[tuple[float, bool]] = []
    pilot_keys: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        contact_list = app.screen.query_one(ContactList)
        total = contact_list.total
        region = contact_list.content_region.reset_offset
        for _ in range(rounds):
            for value in keystrokes(word):
                before = collections.full
                start = time.perf_counter()
                contact_list.set_filter(value)
                contact_list.render_lines(region)
                elapsed = (time.perf_counter() - start) * 1000
                list_times.append((elapsed, collections.full > before))
            contact_list.set_filter("")
        first, list_times = list_times[0], list_times[1:]
        await pilot.press("slash")
        for round_number in range(1, rounds + 1):
            for key in [*word, *["backspace"] * len(word)]:
                # CPU time, not wall time: Pilot sleeps while it waits for the app to go
                # idle, and that wait is not work a user would wait for.
                before = collections.full
                start = time.process_time()
                await pilot.press(key)
                elapsed = (time.process_time() - start) * 1000
                pilot_times.append((elapsed, collections.full > before))
                pilot_keys.append(f"round {round_number} {key!r}")
        app.exit()
    slowest = sorted(zip(pilot_times, pilot_keys, strict=True), reverse=True)[:3]
    slowest_text = ", ".join(
        f"{key} {elapsed:.1f} ms" + (" (full GC)" if collected else "")
        for (elapsed, collected), key in slowest
    )
    return first, list_times, pilot_times, total, slowest_text


async def measure_bare_input(word: str, rounds: int) -> list[tuple[float, bool]]:
    """The same keystrokes typed into a lone Input in an empty app: Textual's own floor."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()

    collections = GarbageCollections()
    times: list[tuple[float, bool]] = []
    async with Bare().run_test(size=(120, 40)) as pilot:
        for _ in range(rounds):
            for key in [*word, *["backspace"] * len(word)]:
                before = collections.full
                start = time.process_time()
                await pilot.press(key)
                times.append(((time.process_time() - start) * 1000, collections.full > before))
    return times


def report(label: str, samples: list[tuple[float, bool]]) -> None:
    times = [elapsed for elapsed, _ in samples]
    clean = [elapsed for elapsed, collected in samples if not collected] or [0.0]
    median, worst, worst_clean = statistics.median(times), max(times), max(clean)
    ninetieth = statistics.quantiles(times, n=10)[-1]
    collected = sum(collected for _, collected in samples)
    print(
        f"{label:<32} median {median:6.2f} ms  90th percentile {ninetieth:6.2f} ms  "
        f"max {worst:6.2f} ms  "
        f"max without a full GC {worst_clean:6.2f} ms  ({collected} of {len(samples)} "
        f"keystrokes had one)  budget {FRAME_BUDGET_MS:.0f} ms: median "
        f"{median / FRAME_BUDGET_MS:.2f}x, 90th percentile {ninetieth / FRAME_BUDGET_MS:.2f}x, "
        f"max {worst / FRAME_BUDGET_MS:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--word", default="kowalski")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = write_synthetic_workbook(Path(folder) / "workbook.json", args.contacts)
        config = Path(folder) / "config.yaml"
        first, list_times, pilot_times, total, slowest = asyncio.run(
            measure(path, config, args.word, args.rounds)
        )
    print(
        f"filter {total:,} active contacts, typing and deleting {args.word!r} "
        f"({len(keystrokes(args.word))} keystrokes x {args.rounds} rounds)"
    )
    elapsed, collected = first
    print(
        f"{'first keystroke (+ search texts)':<32} {elapsed:6.2f} ms"
        + (" (a full GC ran in it)" if collected else "")
        + f"  budget {FRAME_BUDGET_MS:.0f} ms: {elapsed / FRAME_BUDGET_MS:.2f}x"
    )
    report("refilter + render visible rows", list_times)
    report("whole keystroke via Pilot (CPU)", pilot_times)
    print(f"{'':<32} slowest: {slowest}")
    bare = asyncio.run(measure_bare_input(args.word, args.rounds))
    report("same, bare Input in an empty app", bare)
    ratio = statistics.median(t for t, _ in pilot_times) / statistics.median(t for t, _ in bare)
    print(f"whole keystroke, informterm / empty app (medians): {ratio:.2f}x")


if __name__ == "__main__":
    main()
