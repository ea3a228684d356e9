"""Fixtures for the Pilot and snapshot tests: a small real workbook with fixed ids and
times (names that look like markup, emoji and right-to-left text included), and the app
built on it by the CLI's factory with the clock frozen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from informterm.core.model import (
    ChecklistItem,
    Contact,
    Direction,
    FollowUp,
    FollowUpKind,
    Interview,
    InterviewStatus,
    Medium,
    Question,
    Settings,
    Source,
    Stage,
    Touch,
    TouchKind,
)
from informterm.store import Workbook, open_workbook

NOW = "2026-11-24T14:00:00Z"
"""The frozen clock: Tuesday 24 November 2026, 14:00 in London."""

HOME_TIMEZONE = "Europe/London"

ANN = "c-ann"
BOB = "c-bob"
ZOE = "c-zoe"
DANA = "c-dana"
OMAR = "c-omar"
EVE = "c-eve"

BOB_NOTES = (
    "[00:04] #lead talk to [link=x]y at Initech about [bold]research ops[/]\n"
    "[00:10] #advice keep the portfolio to three case studies\n"
    "[00:21] #promise send the meetup link by Friday"
)


def _stamped(**fields: object) -> dict[str, object]:
    return {"created_at": "2026-10-01T09:00:00Z", "updated_at": "2026-10-01T09:00:00Z", **fields}


def fill_workbook(workbook: Workbook) -> None:
    """Add the test people and their records (fixed ids and times)."""
    people = [
        Contact(**_stamped(id=ANN, name="Ann [/] Lee", company="Northwind [Labs]",
                           title="UX Research Lead", field="UX research",
                           timezone="America/New_York", source=Source.FRIEND,
                           tags=["design"], stage=Stage.SCHEDULED)),
        Contact(**_stamped(id=BOB, name="[bold]Bob", company="Globex", title="Researcher",
                           source=Source.ALUMNI, stage=Stage.INTERVIEWED, referred_by=ANN)),
        Contact(**_stamped(id=ZOE, name="Zoë 🌱", company="Hooli", title="Policy analyst",
                           field="climate policy", tags=["climate"], stage=Stage.PROSPECT,
                           research_notes="Spoke at the climate meetup in October")),
        Contact(**_stamped(id=DANA, name="Dana Okafor", company="[link=https://x.example]Initech",
                           title="Research ops", stage=Stage.REACHED_OUT)),
        Contact(**_stamped(id=OMAR, name="עומר Haddad", company="Contoso",
                           title="Head of design", stage=Stage.KEEPING_IN_TOUCH)),
        Contact(**_stamped(id=EVE, name="Eve Archer", company="Acme", title="Recruiter",
                           stage=Stage.CLOSED, archived=True)),
    ]  # fmt: skip
    for person in people:
        workbook.add(person)
    touches = [
        (ANN, "2026-11-10T10:00:00Z", TouchKind.REQUEST, Direction.OUT),
        (BOB, "2026-11-20T17:00:00Z", TouchKind.REPLY, Direction.IN),
        (DANA, "2026-11-18T09:30:00Z", TouchKind.REQUEST, Direction.OUT),
        (OMAR, "2026-08-01T12:00:00Z", TouchKind.UPDATE, Direction.OUT),
    ]
    for number, (contact_id, at, kind, direction) in enumerate(touches):
        workbook.add(
            Touch(
                **_stamped(
                    id=f"t-{number}",
                    contact_id=contact_id,
                    at=at,
                    kind=kind,
                    direction=direction,
                    summary="Short note",
                )
            )
        )
    workbook.add(
        Interview(
            **_stamped(
                id="i-ann",
                contact_id=ANN,
                starts_at="2026-11-25T15:00:00Z",
                timezone="America/New_York",
                medium=Medium.VIDEO,
                place="https://meet.example/ann-[lee]",
                status=InterviewStatus.CONFIRMED,
                checklist=[
                    ChecklistItem(text="Read the Northwind [Labs] research blog", done=True),
                    ChecklistItem(text="Practise the 30-second pitch", done=True),
                    ChecklistItem(text="Test the video link"),
                ],
                questions=[
                    Question(text="How did you move into UX research?", asked=True),
                    Question(text="What does a [typical] week look like?"),
                    Question(text="Who else should I talk to?"),
                ],
            )
        )
    )
    workbook.add(
        Interview(
            **_stamped(
                id="i-bob",
                contact_id=BOB,
                starts_at="2026-11-20T16:00:00Z",
                timezone="Europe/London",
                medium=Medium.PHONE,
                status=InterviewStatus.DONE,
                notes=BOB_NOTES,
            )
        )
    )
    follow_ups = [
        ("f-ann-confirm", ANN, "2026-11-24T09:00:00Z", FollowUpKind.CONFIRM,
         "Confirm time, place and your phone number the day before."),
        ("f-ann-later", ANN, "2026-12-20T09:00:00Z", FollowUpKind.KEEP_IN_TOUCH,
         "Keep in touch: 90 days since you last talked."),
        ("f-bob-thanks", BOB, "2026-11-24T18:00:00Z", FollowUpKind.THANK_YOU,
         "Thank [bold]Bob for the call today, naming the #advice they gave."),
        ("f-dana", DANA, "2026-11-27T09:00:00Z", FollowUpKind.NO_REPLY,
         "No reply 7 business days after the request: send one follow-up."),
    ]  # fmt: skip
    for follow_up_id, contact_id, due, kind, reason in follow_ups:
        workbook.add(
            FollowUp(
                **_stamped(
                    id=follow_up_id,
                    contact_id=contact_id,
                    due=due,
                    kind=kind,
                    reason=reason,
                    rule="test",
                )
            )
        )


def screen_text(app: App[Any]) -> str:
    """What the terminal shows now, as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


@pytest.fixture
def settings() -> Settings:
    """Default settings in the London zone."""
    return Settings(home_timezone=HOME_TIMEZONE)


@pytest.fixture
def workbook(tmp_path: Path) -> Iterator[Workbook]:
    """A real workbook file in tmp_path holding the test people."""
    with open_workbook(tmp_path / "workbook.json") as book:
        fill_workbook(book)
        yield book


@pytest.fixture
def empty_workbook(tmp_path: Path) -> Iterator[Workbook]:
    """A real, empty workbook file in tmp_path."""
    with open_workbook(tmp_path / "empty.json") as book:
        yield book


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> str:
    """Freeze the app's clock at :data:`NOW`."""
    monkeypatch.setattr("informterm.tui.app.utc_now", lambda: NOW)
    return NOW


@pytest.fixture
def make(tmp_path: Path, settings: Settings, frozen_clock: str):  # type: ignore[no-untyped-def]
    """Build the app on a given workbook with the CLI's factory."""
    from informterm.cli import make_app

    def build(book: Workbook):  # type: ignore[no-untyped-def]
        return make_app(book, settings, tmp_path / "config.yaml")

    return build


@pytest.fixture
def app(make, workbook: Workbook):  # type: ignore[no-untyped-def]
    """The app on the test workbook, not yet running."""
    return make(workbook)
