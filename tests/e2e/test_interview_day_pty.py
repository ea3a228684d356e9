"""An interview from booking to thank-you, end to end in a real pseudo-terminal: i books
a call with Dana a few minutes from now (typed in your zone), the Prep pane ticks a step
of the checklist the booking brought, c holds the call, and ending it marks it held, with
the notes, the tick and the thank-you follow-up all in the workbook file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pendulum

from informterm.core.model import FollowUpKind, InterviewStatus, Stage
from informterm.store import open_workbook
from tests.e2e.terminal import Terminal
from tests.e2e.test_compose_pty import shows
from tests.tui.conftest import DANA, fill_workbook

CONFIG = "your_name: Sam Rivera\nhome_timezone: Europe/London\n"
SAVE = "\x13"  # ctrl+s


def test_schedule_prep_hold_and_end_a_call(spawn: Callable[..., Terminal], tmp_path: Path) -> None:
    db = tmp_path / "workbook.json"
    with open_workbook(db) as book:
        fill_workbook(book)
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    starts = pendulum.now("Europe/London") + timedelta(minutes=3)
    term = spawn("--db", str(db), "--config", str(config))
    term.wait_for("Ann [/] Lee")
    term.settle()
    term.press("/")
    term.type("dana")
    term.press("enter")

    # Book it, typed in your zone: both clocks are shown before it is saved.
    term.press("i")
    term.wait_for("Schedule an interview with Dana Okafor")
    term.settle()
    term.type(starts.format("YYYY-MM-DD HH:mm"), pause=0.02)
    term.wait_for(shows("Yours:", "Theirs:"))
    term.press(SAVE)
    term.wait_for(shows("Research the person", "Readiness"))

    # Prep: the checklist came with the booking; tick its first step.
    term.press("2")
    term.settle()
    term.press(" ")
    term.wait_for("1 of")

    # Hold the call and end it held.
    term.press("1")
    term.settle()
    term.press("c")
    term.wait_for(shows("Call with Dana Okafor", "left"))
    term.settle()
    term.type("Ops teams hire from [support] roles", pause=0.02)
    term.wait_for("Ops teams hire from [support] roles")
    term.press("escape")
    term.wait_for("End the call with Dana Okafor")
    term.type("Worth it", pause=0.02)
    term.press(SAVE)
    term.wait_for("Interview with Dana Okafor held")
    term.press("escape")
    term.wait_for("1 Contacts")
    term.press("q")
    assert term.wait_exit(timeout=10) == 0

    with open_workbook(db, read_only=True) as book:
        (held,) = book.interviews_of(DANA)
        assert held.status is InterviewStatus.DONE and held.outcome == "Worth it"
        assert held.checklist[0].done and not all(item.done for item in held.checklist)
        assert "Ops teams hire from [support] roles" in held.notes
        dana = next(c for c in book.contacts() if c.id == DANA)
        assert dana.stage is Stage.INTERVIEWED
        assert FollowUpKind.THANK_YOU in [f.kind for f in book.follow_ups_of(DANA)]
