"""Fixtures for the store tests: a workbook path in a fresh folder and a small, realistic
workbook (a referral chain, touches, interviews and follow-ups) written through the API."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from informterm.core.model import (
    ChecklistItem,
    Contact,
    Direction,
    FollowUp,
    FollowUpStatus,
    Interview,
    InterviewStatus,
    Question,
    Source,
    Stage,
    Touch,
)
from informterm.store import Workbook, open_workbook


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Where the test's workbook lives (not created yet)."""
    return tmp_path / "books" / "workbook.json"


@dataclass
class Sample:
    """The records of the sample workbook, as stored."""

    ann: Contact
    bob: Contact
    cleo: Contact
    dev: Contact
    touches: list[Touch]
    interviews: list[Interview]
    follow_ups: list[FollowUp]


@pytest.fixture
def workbook(path: Path) -> Iterator[Workbook]:
    """A new, empty writable workbook at ``path``."""
    with open_workbook(path, read_only=False) as wb:
        yield wb


@pytest.fixture
def sample(workbook: Workbook) -> Sample:
    """Ann introduced Bob, Bob introduced Cleo; Dev is archived. Timestamps are fixed."""
    ann = workbook.add(Contact(id="ann", name="Ann Lee", source=Source.FRIEND, stage=Stage.THANKED))
    bob = workbook.add(
        Contact(id="bob", name="Bob [b]Stone[/b]", referred_by="ann", stage=Stage.SCHEDULED)
    )
    cleo = workbook.add(Contact(id="cleo", name="cleo Park", referred_by="bob"))
    dev = workbook.add(Contact(id="dev", name="Dev Rao", archived=True, stage=Stage.SCHEDULED))
    touches = [
        workbook.add(Touch(id="t1", contact_id="ann", at="2026-03-01T10:00:00Z")),
        workbook.add(
            Touch(id="t2", contact_id="ann", at="2026-03-05T10:00:00Z", direction=Direction.IN)
        ),
        workbook.add(Touch(id="t3", contact_id="bob", at="2026-03-02T10:00:00Z")),
    ]
    interviews = [
        workbook.add(
            Interview(
                id="i1",
                contact_id="ann",
                starts_at="2026-03-10T15:00:00Z",
                status=InterviewStatus.DONE,
                notes="#advice talk to ops",
            )
        ),
        workbook.add(
            Interview(
                id="i2",
                contact_id="bob",
                starts_at="2026-04-02T09:00:00Z",
                status=InterviewStatus.CONFIRMED,
                checklist=[ChecklistItem(text="Research", done=True), ChecklistItem(text="Pitch")],
                questions=[Question(text="How did you start?", category="TIARA")],
            )
        ),
        workbook.add(
            Interview(
                id="i3",
                contact_id="bob",
                starts_at="2026-03-20T09:00:00Z",
                status=InterviewStatus.CANCELLED,
            )
        ),
    ]
    follow_ups = [
        workbook.add(FollowUp(id="f1", contact_id="bob", due="2026-04-01T09:00:00Z")),
        workbook.add(
            FollowUp(
                id="f2",
                contact_id="bob",
                due="2026-03-01T09:00:00Z",
                status=FollowUpStatus.SNOOZED,
                snoozed_until="2026-05-01T09:00:00Z",
            )
        ),
        workbook.add(
            FollowUp(
                id="f3", contact_id="ann", due="2026-02-01T09:00:00Z", status=FollowUpStatus.DONE
            )
        ),
        workbook.add(FollowUp(id="f4", contact_id="dev", due="2026-01-01T09:00:00Z")),
        workbook.add(FollowUp(id="f5", contact_id="cleo", due="2026-03-15T09:00:00Z")),
    ]
    return Sample(ann, bob, cleo, dev, touches, interviews, follow_ups)


def lock_is_free(path: Path) -> bool:
    """True when nobody holds the workbook's lock (checked with a real flock)."""
    lock = path.with_name(path.name + ".lock")
    if not lock.exists():
        return True
    fd = os.open(lock, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def mode(path: Path) -> int:
    """The permission bits of a file."""
    return path.stat().st_mode & 0o777
