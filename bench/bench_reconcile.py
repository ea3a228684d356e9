"""Benchmark of the follow-up rules after one touch: what reconciling costs next to the
save that every write pays anyway.

Run it as a script (it is not a test):

    python bench/bench_reconcile.py                     # 1,000 / 10,000 / 50,000 contacts
    python bench/bench_reconcile.py --sizes 50000 --repeat 31

Each size gets a synthetic workbook (per contact about 2 touches, 0.3 interviews, 0.5
follow-ups; ten companies, so a company has a tenth of everyone), then the rules run over
everyone once so the workbook holds their follow-ups, as one kept by the app would (that
one-off figure is printed too). Three touches are timed, in turns so drift affects each
alike:

- first request: an outbound request to a prospect far down the company's list. The stage
  moves to "reached out", but who to try next there stays the same: the rules run for
  the contact alone.
- ask next one: the same to the company's next to try (the one the 3B7 reminders name).
  Now every colleague with an open "try the next contact" names someone else: the worst
  case, growing with the open reminders at that company.
- reply: an inbound reply from a contact that was asked; closes its 3B7 reminders.
- update: an outbound update to a contact already past the first request; moves the
  keep-in-touch date only.

For each, "rules ms" is the reconciliation alone (what log_touch does between adding the
touch and saving), "log_touch ms" the whole write with its one save, and "save ms" a plain
one-field contact update on the same workbook (one save, no rules). rules/save says what
the rules add to a write.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import COMPANIES, write_synthetic_workbook

from informterm.core.model import (
    Channel,
    Contact,
    Direction,
    Settings,
    Stage,
    Touch,
    TouchKind,
)
from informterm.core.pipeline import stage_after_touch
from informterm.core.rules import next_to_try
from informterm.flows.followups import affected_by, reconcile
from informterm.flows.touches import log_touch
from informterm.store import Workbook, open_workbook

NOW = "2026-12-04T15:00:00Z"
SETTINGS = Settings(home_timezone="Europe/London", holiday_country="GB")

CASES: dict[str, tuple[TouchKind, Direction]] = {
    "first request": (TouchKind.REQUEST, Direction.OUT),
    "ask next one": (TouchKind.REQUEST, Direction.OUT),
    "reply": (TouchKind.REPLY, Direction.IN),
    "update": (TouchKind.UPDATE, Direction.OUT),
}


def median_ms(samples: list[float]) -> float:
    """The median of seconds, in milliseconds."""
    return statistics.median(samples) * 1000


def pick_contact(workbook: Workbook, case: str, turn: int) -> Contact:
    """A contact for which ``case`` is what it says: the company's next to try for "ask
    next one", another prospect for a first request, a contact already reached out to for
    a reply or an update."""
    company = COMPANIES[turn % len(COMPANIES)]
    if case == "ask next one":
        chosen = next_to_try(workbook.contacts_at_company(company))
        if chosen is None:
            raise SystemExit(f"no one left to try at {company}")
        return chosen
    wanted = Stage.PROSPECT if case == "first request" else Stage.REACHED_OUT
    found = [c for c in workbook.contacts_at_company(company) if c.stage is wanted]
    # Far down the list, so never the company's next to try.
    return found[-1 - turn // len(COMPANIES)]


def touch_for(contact: Contact, case: str) -> Touch:
    kind, direction = CASES[case]
    return Touch(
        contact_id=contact.id,
        at=NOW,
        channel=Channel.EMAIL,
        kind=kind,
        direction=direction,
        summary="benchmark",
    )


def rules_only(workbook: Workbook, touch: Touch) -> float:
    """Seconds log_touch spends on the rules for this touch: finding whom it affects and
    reconciling them."""
    with workbook.transaction():
        workbook.add(touch)
        before = workbook.get(Contact, touch.contact_id)
        stage = stage_after_touch(before.stage, touch)
        after = before if stage is None else workbook.update(before, stage=stage)
        start = time.perf_counter()
        affected = [before.id] if stage is None else affected_by(workbook, before, after)
        reconcile(workbook, SETTINGS, NOW, affected)
        return time.perf_counter() - start


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def bench_size(contacts: int, folder: Path, repeat: int) -> dict[str, dict[str, float]]:
    """The medians for each case at one size."""
    source = write_synthetic_workbook(folder / f"source-{contacts}.json", contacts)
    with open_workbook(source) as workbook:
        # The rules' own follow-ups, as a workbook kept by the app would hold them.
        everyone = [contact.id for contact in workbook.contacts(include_archived=True)]
        start = time.perf_counter()
        reconcile(workbook, SETTINGS, NOW, everyone)
        whole_ms = (time.perf_counter() - start) * 1000
    results: dict[str, dict[str, float]] = {"everyone": {"rules": whole_ms}}
    for case in CASES:
        # A fresh copy per measurement kind, so every touch meets the state it was picked for.
        rules_wb = open_workbook(shutil.copy(source, folder / f"rules-{case}.json"))
        full_wb = open_workbook(shutil.copy(source, folder / f"full-{case}.json"))
        # Warm-up: the first write makes the workbook's backup.
        rules_only(rules_wb, touch_for(pick_contact(rules_wb, case, 0), case))
        log_touch(full_wb, SETTINGS, NOW, touch_for(pick_contact(full_wb, case, 0), case))
        samples: dict[str, list[float]] = {"rules": [], "log_touch": [], "save": []}
        for turn in range(1, repeat + 1):
            samples["rules"].append(
                rules_only(rules_wb, touch_for(pick_contact(rules_wb, case, turn), case))
            )
            contact = pick_contact(full_wb, case, turn)
            touch = touch_for(contact, case)
            samples["log_touch"].append(timed(partial(log_touch, full_wb, SETTINGS, NOW, touch)))
            contact = full_wb.get(Contact, contact.id)
            samples["save"].append(timed(partial(full_wb.update, contact, priority=turn % 5)))
        rules_wb.close()
        full_wb.close()
        results[case] = {name: median_ms(values) for name, values in samples.items()}
    return results


def main() -> None:
    """Parse the arguments, run the sizes and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="contact counts")
    parser.add_argument("--repeat", type=int, default=15, help="timed touches per case")
    args = parser.parse_args()
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    folder = Path(tempfile.mkdtemp(prefix="informterm-bench-"))
    header = (
        f"{'contacts':>8}  {'touch':<14}{'rules ms':>9} {'log_touch ms':>13} "
        f"{'save ms':>8} {'rules/save':>11}"
    )
    print(f"python {sys.version.split()[0]}; goal: rules under 20 ms at 50,000 contacts")
    print(header)
    print("-" * len(header))
    try:
        for contacts in sizes:
            results = bench_size(contacts, folder, args.repeat)
            whole = results.pop("everyone")["rules"]
            print(f"{contacts:>8,}  (the rules over everyone, once: {whole:,.0f} ms)")
            for case, r in results.items():
                print(
                    f"{contacts:>8,}  {case:<14}{r['rules']:>9.2f} {r['log_touch']:>13.1f} "
                    f"{r['save']:>8.1f} {r['rules'] / r['save']:>10.2f}x",
                    flush=True,
                )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
