"""Contacts by employer: who you know at a company, where each stands, and who to try next
there (the 3B7 rule's "try the next contact")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from informterm.core.model import Contact, Stage
from informterm.core.pipeline import STAGES_LISTED
from informterm.core.rules import next_to_try

_STAGE_ORDER = {stage: index for index, stage in enumerate(STAGES_LISTED)}


@dataclass(frozen=True, slots=True)
class Company:
    """The contacts at one employer."""

    name: str
    """As most of its contacts spell it."""
    contacts: list[Contact]
    """In pipeline order (the side exits last), then by name."""
    next_to_try: Contact | None

    def stage_counts(self) -> list[tuple[Stage, int]]:
        """How many of its contacts are at each stage, in pipeline order."""
        counts = Counter(contact.stage for contact in self.contacts)
        return sorted(counts.items(), key=lambda item: _STAGE_ORDER.get(item[0], 99))


def by_company(contacts: Iterable[Contact]) -> list[Company]:
    """The contacts with a company, grouped by it (letter case and surrounding spaces
    aside), companies by name."""
    groups: dict[str, list[Contact]] = {}
    for contact in contacts:
        key = contact.company.strip().casefold()
        if key:
            groups.setdefault(key, []).append(contact)
    companies = []
    for people in groups.values():
        spelling, _ = Counter(person.company.strip() for person in people).most_common(1)[0]
        people.sort(key=lambda p: (_STAGE_ORDER.get(p.stage, 99), p.name.casefold(), p.id))
        companies.append(Company(spelling, people, next_to_try(people)))
    companies.sort(key=lambda company: (company.name.casefold(), company.name))
    return companies
