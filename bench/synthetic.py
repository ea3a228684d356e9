"""Synthetic workbooks of any size for the benchmarks, written straight to a file.

Adding 50,000 contacts one durable write at a time would take minutes, so this builds the
tables in memory with the model's own ``to_dict`` and writes the file once.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import orjson

from informterm.core.model import (
    ChecklistItem,
    Contact,
    Direction,
    Entity,
    FollowUp,
    FollowUpKind,
    Interview,
    InterviewStatus,
    Question,
    Source,
    Stage,
    Touch,
    TouchKind,
)
from informterm.store.migrations import new_workbook_data

FIRST = [
    "Ada",
    "Ben",
    "Chloe",
    "Dev",
    "Elif",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kemi",
    "Luca",
    "Mei",
    "Nadia",
    "Omar",
    "Priya",
]
LAST = [
    "Okafor",
    "Lindqvist",
    "Tanaka",
    "Moreau",
    "Silva",
    "Kowalski",
    "Haddad",
    "Nguyen",
    "Brennan",
    "Osei",
    "Varga",
]
COMPANIES = [
    "Northwind",
    "Fabrikam",
    "Contoso",
    "Initech",
    "Globex",
    "Umbrella",
    "Hooli",
    "Stark",
    "Wayne",
    "Acme",
]
FIELDS = ["UX research", "data science", "climate policy", "nursing informatics", "civic tech"]
ZONES = ["America/New_York", "Europe/Berlin", "Asia/Tokyo", "Australia/Sydney", "UTC"]
NOTE_LINES = [
    "[00:02] #advice talk to the research ops team before applying anywhere",
    "[00:07] #lead Sam at Globex runs the mentoring programme",
    "[00:12] #resource the field's yearly salary survey",
    "[00:18] #promise send my portfolio link by Friday",
    "[00:25] #thanks the tip about the meetup in March",
]


def _stamp(rng: random.Random, year: int = 2026) -> str:
    return (
        f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(8, 18):02d}:00:00Z"
    )


def synthetic_tables(contacts: int, seed: int = 7) -> dict[str, dict[str, Any]]:
    """Workbook data with ``contacts`` contacts and, per contact on average, two touches,
    0.3 interviews with notes, checklist and questions, and 0.5 follow-ups."""
    rng = random.Random(seed)
    data = new_workbook_data()
    people: list[Contact] = []
    records: dict[str, list[Entity]] = {name: [] for name in ("touches", "interviews", "followups")}
    for n in range(contacts):
        contact = Contact(
            id=f"c{n:07d}",
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
            company=rng.choice(COMPANIES),
            title="Senior researcher",
            field=rng.choice(FIELDS),
            timezone=rng.choice(ZONES),
            emails=[f"person{n}@example.org"],
            source=rng.choice(list(Source)),
            referred_by=people[rng.randrange(len(people))].id if people and n % 3 == 0 else None,
            tags=rng.sample(["alumni", "design", "remote", "hiring", "mentor"], 2),
            stage=rng.choice(list(Stage)),
            research_notes="Leads the team that rebuilt the onboarding flow last year.",
            archived=n % 50 == 0,
        )
        people.append(contact)
        for t in range(2):
            records["touches"].append(
                Touch(
                    id=f"t{n:07d}{t}",
                    contact_id=contact.id,
                    at=_stamp(rng),
                    kind=rng.choice(list(TouchKind)),
                    direction=rng.choice(list(Direction)),
                    summary="Asked for twenty minutes to hear how they moved into the field.",
                )
            )
        if rng.random() < 0.3:
            records["interviews"].append(
                Interview(
                    id=f"i{n:07d}",
                    contact_id=contact.id,
                    starts_at=_stamp(rng, 2027),
                    timezone=contact.timezone,
                    status=rng.choice(list(InterviewStatus)),
                    checklist=[ChecklistItem(text=t) for t in ("Research", "Pitch", "Route")],
                    questions=[Question(text="How did you get started?", category="TIARA")],
                    notes="\n".join(NOTE_LINES),
                )
            )
        if rng.random() < 0.5:
            records["followups"].append(
                FollowUp(
                    id=f"f{n:07d}",
                    contact_id=contact.id,
                    due=_stamp(rng, 2027),
                    kind=rng.choice(list(FollowUpKind)),
                    reason="No reply 7 business days after the request: send one follow-up.",
                    rule="3b7",
                )
            )
    records["contacts"] = list(people)
    for table, items in records.items():
        data[table] = {str(i + 1): item.to_dict() for i, item in enumerate(items)}
    return data


def write_synthetic_workbook(path: Path, contacts: int, seed: int = 7) -> Path:
    """Write a synthetic workbook file of ``contacts`` contacts to ``path`` (mode 0600)."""
    path.write_bytes(orjson.dumps(synthetic_tables(contacts, seed)))
    path.chmod(0o600)
    return path
