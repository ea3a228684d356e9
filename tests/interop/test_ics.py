"""One interview's .ics file, validated by parsing it back with icalendar: the start in
the contact's zone (or UTC where a zone cannot say it), the exact duration, a stable UID,
and user text full of markup-like brackets, separators and newlines kept exactly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar
import pytest

from informterm.core.model import Contact, Interview, InterviewStatus, Medium, Settings
from informterm.interop.ics import ics_file_name, interview_ics, interview_uid

SETTINGS = Settings(
    home_timezone="Europe/London", your_name="Sam Doe", contact_line="+44 7700 900123"
)
HOSTILE_NAME = "Ann [/] Lee; [bold]x[/bold], \\o/"
HOSTILE_PLACE = 'Café [Luna]; 2nd floor, room 3\nring twice, ask for "Ann"'
ANN = Contact(id="c-ann", name=HOSTILE_NAME, timezone="America/New_York")


def talk(**fields: Any) -> Interview:
    values: dict[str, Any] = {
        "id": "i-0123456789",
        "contact_id": ANN.id,
        "starts_at": "2027-01-12T14:00:00Z",
        "timezone": "America/New_York",
        "duration_minutes": 30,
        "medium": Medium.IN_PERSON,
        "place": HOSTILE_PLACE,
        "updated_at": "2026-12-01T17:00:00Z",
        **fields,
    }
    return Interview(**values)


def event_of(data: bytes) -> Any:
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_the_event_parses_back_exactly() -> None:
    data = interview_ics(talk(), ANN, SETTINGS)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    calendar, event = event_of(data)
    assert str(calendar["version"]) == "2.0"
    start = event.decoded("dtstart")
    assert event["dtstart"].params["TZID"] == "America/New_York"
    assert (start.hour, start.minute) == (9, 0)
    assert start.astimezone(UTC) == datetime(2027, 1, 12, 14, 0, tzinfo=UTC)
    assert event.decoded("duration") == timedelta(minutes=30)
    assert "DTEND" not in event
    # A VTIMEZONE for the TZID travels with it.
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    assert str(event["uid"]) == "i-0123456789@informterm" == interview_uid(talk())
    assert event.decoded("dtstamp") == datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    assert str(event["status"]) == "TENTATIVE"


def test_user_text_is_escaped_and_comes_back_as_typed() -> None:
    data = interview_ics(talk(), ANN, SETTINGS)
    _, event = event_of(data)
    assert str(event["summary"]) == f"Informational interview: {HOSTILE_NAME} and Sam Doe"
    assert str(event["location"]) == HOSTILE_PLACE
    description = str(event["description"])
    assert f"Where: {HOSTILE_PLACE}" in description
    assert f"{HOSTILE_NAME}: Tue 12 Jan 2027 09:00 -05:00 EST (America/New_York)" in description
    assert "Sam Doe: Tue 12 Jan 2027 14:00 +00:00 GMT (Europe/London)" in description
    assert "To reach Sam Doe: +44 7700 900123" in description
    # On the wire the separators are escaped and no raw newline splits a property.
    text = data.decode("utf-8")
    unfolded = text.replace("\r\n ", "")
    assert "LOCATION:Café [Luna]\\; 2nd floor\\, room 3\\nring twice" in unfolded
    assert all(line[:1] != "\n" for line in text.split("\r\n"))
    assert "\n" not in text.replace("\r\n", "")


def test_control_characters_never_reach_the_file() -> None:
    odd = Contact(id="c-ann", name="Ann\x1b[2J Lee\x07", timezone="UTC")
    data = interview_ics(talk(timezone="UTC", place="Room\x00 1"), odd, Settings())
    assert not any(byte < 0x20 and byte not in (0x0D, 0x0A) for byte in data)
    _, event = event_of(data)
    assert str(event["summary"]) == "Informational interview with Ann␛[2J Lee␇"
    assert str(event["location"]) == "Room␀ 1"


def test_a_utc_interview_starts_in_utc() -> None:
    _, event = event_of(interview_ics(talk(timezone="UTC", place=""), ANN, Settings()))
    assert event.decoded("dtstart") == datetime(2027, 1, 12, 14, 0, tzinfo=UTC)
    assert "TZID" not in event["dtstart"].params
    assert "LOCATION" not in event


def test_the_later_of_a_repeated_time_is_written_in_utc() -> None:
    # 01:30 happens twice in New York on 7 November 2027; the later is 06:30 UTC.
    earlier = interview_ics(talk(starts_at="2027-11-07T05:30:00Z"), ANN, SETTINGS)
    later = interview_ics(talk(starts_at="2027-11-07T06:30:00Z"), ANN, SETTINGS)
    _, first = event_of(earlier)
    _, second = event_of(later)
    assert first["dtstart"].params["TZID"] == "America/New_York"
    assert first.decoded("dtstart").astimezone(UTC) == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)
    assert "TZID" not in second["dtstart"].params
    assert second.decoded("dtstart") == datetime(2027, 11, 7, 6, 30, tzinfo=UTC)


def test_the_duration_is_exact_across_a_change_of_the_clocks() -> None:
    # 90 minutes from 00:30 EDT on the night New York's clocks go back: 01:00 EST.
    talk_over = talk(starts_at="2027-11-07T04:30:00Z", duration_minutes=90)
    _, event = event_of(interview_ics(talk_over, ANN, SETTINGS))
    start = event.decoded("dtstart")
    end = start.astimezone(UTC) + event.decoded("duration")
    assert end == datetime(2027, 11, 7, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "ical"),
    [
        (InterviewStatus.CONFIRMED, "CONFIRMED"),
        (InterviewStatus.CANCELLED, "CANCELLED"),
        (InterviewStatus.DONE, "CONFIRMED"),
    ],
)
def test_the_status_follows_the_interview(status: InterviewStatus, ical: str) -> None:
    _, event = event_of(interview_ics(talk(status=status), ANN, SETTINGS))
    assert str(event["status"]) == ical


def test_the_uid_is_stable_and_a_link_is_a_url() -> None:
    first = interview_ics(talk(place="https://meet.example/ann-[lee]"), ANN, SETTINGS)
    moved = interview_ics(
        talk(place="https://meet.example/ann-[lee]", starts_at="2027-01-13T14:00:00Z"),
        ANN,
        SETTINGS,
    )
    _, one = event_of(first)
    _, two = event_of(moved)
    assert str(one["uid"]) == str(two["uid"])
    assert str(one["url"]) == "https://meet.example/ann-[lee]"
    assert interview_ics(talk(), ANN, SETTINGS) == interview_ics(talk(), ANN, SETTINGS)


def test_the_file_name() -> None:
    assert ics_file_name(talk(), ANN) == "interview-ann-lee-bold-x-bold-o-2027-01-12.ics"
    assert ics_file_name(talk(), Contact(name="Zoë 🌱")) == "interview-zoë-2027-01-12.ics"
    assert ics_file_name(talk(), Contact(name="[/]")) == "interview-contact-2027-01-12.ics"
