"""The "next action" words of the contact list: the local day and time of what is due."""

from __future__ import annotations

import pytest

from informterm.core.browse import next_action, search_text
from informterm.core.model import (
    Contact,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Interview,
    Medium,
)
from informterm.core.time import describe_when

NOW = "2026-11-22T15:00:00Z"  # a Sunday; 16:00 in Paris, 10:00 in New York


@pytest.mark.parametrize(
    ("when", "zone", "expected"),
    [
        ("2026-11-22T17:30:00Z", "UTC", "today 17:30"),
        ("2026-11-22T17:30:00Z", "Europe/Paris", "today 18:30"),
        ("2026-11-23T08:05:00Z", "Europe/Paris", "tomorrow 09:05"),
        ("2026-11-21T23:15:00Z", "Europe/Paris", "today 00:15"),
        ("2026-11-21T22:59:00Z", "Europe/Paris", "yesterday 23:59"),
        ("2026-11-21T09:00:00Z", "UTC", "yesterday 09:00"),
        # The local day, not the UTC one: 03:00 UTC on the 23rd is still the 22nd here.
        ("2026-11-23T03:00:00Z", "America/New_York", "today 22:00"),
        ("2026-11-24T14:30:00Z", "UTC", "Tue 24 Nov"),
        ("2026-11-20T14:30:00Z", "UTC", "Fri 20 Nov"),
        # Another year, however near: the year too.
        ("2027-03-03T12:00:00Z", "UTC", "3 Mar 2027"),
        ("2027-01-02T12:00:00Z", "UTC", "2 Jan 2027"),
        ("2025-12-25T12:00:00Z", "UTC", "25 Dec 2025"),
        # Earlier in the current year: no year.
        ("2026-01-10T12:00:00Z", "UTC", "Sat 10 Jan"),
        ("2026-12-31T12:00:00Z", "UTC", "Thu 31 Dec"),
        ("2027-08-03T12:00:00Z", "UTC", "3 Aug 2027"),
        ("2025-01-10T12:00:00Z", "UTC", "10 Jan 2025"),
    ],
)
def test_describe_when(when: str, zone: str, expected: str) -> None:
    assert describe_when(when, zone, NOW) == expected


@pytest.mark.parametrize(
    ("when", "now", "expected"),
    [
        # Paris springs forward at 01:00 UTC on 29 March 2026: 02:00 local becomes 03:00.
        ("2026-03-29T00:59:00Z", "2026-03-28T22:00:00Z", "tomorrow 01:59"),
        ("2026-03-29T01:00:00Z", "2026-03-28T22:00:00Z", "tomorrow 03:00"),
        ("2026-03-29T01:00:00Z", "2026-03-29T00:30:00Z", "today 03:00"),
        # And falls back at 01:00 UTC on 25 October: 02:30 local happens twice.
        ("2026-10-25T00:30:00Z", "2026-10-24T21:00:00Z", "tomorrow 02:30"),
        ("2026-10-25T01:30:00Z", "2026-10-24T21:00:00Z", "tomorrow 02:30"),
        ("2026-10-25T22:30:00Z", "2026-10-25T12:00:00Z", "today 23:30"),
        ("2026-10-24T21:30:00Z", "2026-10-25T12:00:00Z", "yesterday 23:30"),
    ],
)
def test_describe_when_across_daylight_saving_changes(when: str, now: str, expected: str) -> None:
    assert describe_when(when, "Europe/Paris", now) == expected


@pytest.mark.parametrize(
    ("when", "now", "expected"),
    [
        # New Year's Eve in Paris: the local year decides, not the UTC one.
        ("2027-01-03T12:00:00Z", "2026-12-31T22:30:00Z", "3 Jan 2027"),
        ("2027-01-03T12:00:00Z", "2026-12-31T23:30:00Z", "Sun 3 Jan"),
        ("2026-12-29T12:00:00Z", "2026-12-31T22:30:00Z", "Tue 29 Dec"),
        ("2026-12-29T12:00:00Z", "2026-12-31T23:30:00Z", "29 Dec 2026"),
        # The day words are clear across the new year.
        ("2027-01-01T08:00:00Z", "2026-12-31T20:00:00Z", "tomorrow 09:00"),
    ],
)
def test_describe_when_shows_the_year_of_another_local_year(
    when: str, now: str, expected: str
) -> None:
    assert describe_when(when, "Europe/Paris", now) == expected


@pytest.mark.parametrize("zone", ["", "Mars/Olympus_Mons"])
def test_describe_when_refuses_an_unknown_zone(zone: str) -> None:
    with pytest.raises(ValueError):
        describe_when("2026-11-22T17:30:00Z", zone, NOW)


def _interview(starts_at: str) -> Interview:
    return Interview(contact_id="c1", starts_at=starts_at, medium=Medium.PHONE)


def _follow_up(due: str, **changes: object) -> FollowUp:
    return FollowUp(contact_id="c1", due=due, kind=FollowUpKind.THANK_YOU, **changes)  # type: ignore[arg-type]


def test_next_action_with_nothing_due_is_empty() -> None:
    assert next_action(None, None, "UTC", NOW) == ""


def test_next_action_names_the_interview() -> None:
    interview = _interview("2026-11-23T14:00:00Z")
    assert next_action(interview, None, "Europe/Paris", NOW) == "phone interview, tomorrow 15:00"


def test_next_action_names_the_follow_up() -> None:
    follow_up = _follow_up("2026-11-22T18:00:00Z")
    assert next_action(None, follow_up, "UTC", NOW) == "thank-you, today 18:00"


def test_next_action_says_when_a_follow_up_is_overdue() -> None:
    follow_up = _follow_up("2026-11-21T09:00:00Z")
    assert next_action(None, follow_up, "UTC", NOW) == "thank-you overdue, yesterday 09:00"


def test_next_action_takes_the_sooner_of_interview_and_follow_up() -> None:
    interview = _interview("2026-11-24T14:00:00Z")
    sooner = _follow_up("2026-11-23T09:00:00Z")
    later = _follow_up("2026-11-25T09:00:00Z")
    assert next_action(interview, sooner, "UTC", NOW) == "thank-you, tomorrow 09:00"
    assert next_action(interview, later, "UTC", NOW) == "phone interview, Tue 24 Nov"


def test_next_action_uses_the_end_of_a_snooze() -> None:
    follow_up = _follow_up(
        "2026-11-20T09:00:00Z",
        status=FollowUpStatus.SNOOZED,
        snoozed_until="2026-11-23T09:00:00Z",
    )
    assert next_action(None, follow_up, "UTC", NOW) == "thank-you, tomorrow 09:00"


@pytest.mark.parametrize("tags", [[], ["Lead"], ["Lead", "UX Research"], [""]])
def test_search_text_is_every_field_casefolded_one_space_apart(tags: list[str]) -> None:
    contact = Contact(
        name="Zoë BRANDT",
        company="Straße AG",
        title="Head of Design",
        field="health-tech",
        tags=tags,
        research_notes="Ran the NHS app redesign",
    )
    parts = [contact.name, contact.company, contact.title, contact.field]
    parts += [" ".join(tags), " ".join("#" + tag for tag in tags), contact.research_notes]
    assert search_text(contact) == " ".join(parts).casefold()
