"""Call mode end to end, in a real pseudo-terminal: an interview booked for now, c holds
its call (tag keys as a terminal sends them, a question ticked), Esc and ctrl+s end it held,
1 adds the lead; and a call killed with SIGKILL is recovered at the next start, saying so."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

from informterm.core.model import (
    Contact,
    FollowUpKind,
    Interview,
    InterviewStatus,
    Question,
    Source,
    utc_now,
)
from informterm.store import open_workbook
from informterm.store.journal import journal_path
from tests.e2e.terminal import Terminal
from tests.e2e.test_compose_pty import shows
from tests.tui.conftest import ZOE, fill_workbook

CONFIG = "your_name: Sam Rivera\nhome_timezone: Europe/London\n"
CTRL = {"lead": "\x0c", "advice": "\x07", "promise": "\x06", "save": "\x13"}


def booked_now(tmp_path: Path) -> tuple[Path, Path]:
    """A workbook with the test people and an interview with Zoë starting now."""
    db = tmp_path / "workbook.json"
    with open_workbook(db) as book:
        fill_workbook(book)
        book.add(
            Interview(
                id="i-zoe",
                contact_id=ZOE,
                starts_at=utc_now(),
                timezone="Europe/Berlin",
                status=InterviewStatus.CONFIRMED,
                questions=[Question(text="What surprised you most?"), Question(text="Who next?")],
            )
        )
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    return db, config


def open_call(term: Terminal) -> None:
    term.wait_for("Ann [/] Lee")
    term.settle()
    term.press("/")
    term.type("zo")
    term.press("enter")
    term.press("c")
    term.wait_for(shows("Call with Zoë 🌱", "left", "What surprised you most?"))
    term.settle()


def test_hold_a_call_and_end_it(spawn: Callable[..., Terminal], tmp_path: Path) -> None:
    db, config = booked_now(tmp_path)
    term = spawn("--db", str(db), "--config", str(config))
    open_call(term)
    term.type("She moved from [bold]policy[/]", pause=0.02)
    term.press("enter", CTRL["lead"])
    term.type("talk to Priya Shah at Globex", pause=0.02)
    term.press(CTRL["advice"])
    term.type("publish the side project", pause=0.02)
    term.press(CTRL["promise"])
    term.type("send the report", pause=0.02)
    term.wait_for(shows("#lead talk to Priya Shah at Globex", "#promise send the report"))
    term.press("tab", " ")
    term.wait_for("1 of 2 asked")

    term.press("escape")
    term.wait_for("End the call with Zoë 🌱")
    term.type("Useful, and a lead", pause=0.02)
    term.press(CTRL["save"])
    term.wait_for(shows("Interview with Zoë 🌱 held", "1 talk to Priya Shah at Globex"))
    term.press("1")
    term.wait_for(shows("New contact", "Priya Shah", "Globex"))
    term.settle()
    term.press(CTRL["save"])
    term.wait_for("✓ Priya Shah added")
    term.press("escape")
    term.wait_for("1 Contacts")
    term.press("q")
    assert term.wait_exit(timeout=10) == 0

    assert not journal_path(db).exists()
    with open_workbook(db, read_only=True) as book:
        held = book.get(Interview, "i-zoe")
        assert held.status is InterviewStatus.DONE and held.outcome == "Useful, and a lead"
        lines = held.notes.splitlines()
        assert lines[0].endswith("] She moved from [bold]policy[/]") and lines[0].startswith("[")
        assert any("#lead talk to Priya Shah at Globex" in line for line in lines)
        assert held.questions[0].asked
        priya = next(c for c in book.contacts() if c.name == "Priya Shah")
        assert priya.referred_by == ZOE and priya.source is Source.REFERRAL
        kinds = [f.kind for f in book.follow_ups_of(ZOE)]
        assert FollowUpKind.PROMISE in kinds and FollowUpKind.THANK_YOU in kinds
        thanks = next(f for f in book.follow_ups_of(ZOE) if f.kind is FollowUpKind.THANK_YOU)
        assert "Publish the side project." in thanks.draft


def test_a_call_killed_mid_sentence_is_recovered_at_the_next_start(
    spawn: Callable[..., Terminal], tmp_path: Path
) -> None:
    db, config = booked_now(tmp_path)
    term = spawn("--db", str(db), "--config", str(config))
    open_call(term)
    term.type("every word counts", pause=0.02)
    term.wait_for("every word counts")
    time.sleep(1.2)  # what was typed more than a second ago is on the disk
    os.kill(term.pid, signal.SIGKILL)
    term.close()
    assert journal_path(db).exists()
    with open_workbook(db, read_only=True) as book:
        assert book.get(Interview, "i-zoe").notes == "", "never a rewrite of the workbook"

    again = spawn("--db", str(db), "--config", str(config))
    # The notice wraps inside its toast: its start is on one line.
    screen = again.wait_for("Recovered 1 minute")
    assert "Zoë 🌱's" in screen
    again.settle()
    again.press("q")
    assert again.wait_exit(timeout=10) == 0
    assert not journal_path(db).exists()
    with open_workbook(db, read_only=True) as book:
        assert book.get(Interview, "i-zoe").notes.endswith("] every word counts")
        assert book.get(Contact, ZOE).name == "Zoë 🌱"
