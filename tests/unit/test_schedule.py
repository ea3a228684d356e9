"""The schedule rules (informterm.core.schedule): reading a typed start in either zone,
what daylight-saving changes do to it east and west, half-hour and 45-minute zones, the
date line, and the warnings a time gets."""

from __future__ import annotations

import pytest

from informterm.core.fields import FieldError, parse_hours
from informterm.core.model import (
    Contact,
    Interview,
    InterviewStatus,
    Medium,
    Settings,
    WorkingHours,
)
from informterm.core.schedule import (
    parse_duration,
    parse_start,
    rescheduled,
    status_problem,
    their_hours,
    warnings,
)
from informterm.core.time import (
    WhenError,
    describe_with_offset,
    interview_end,
    local_instants,
    read_wall_time,
    to_local,
)

NOW = "2026-12-01T17:00:00Z"
"""Tuesday 1 December 2026, 18:00 in Berlin."""

BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"
SYDNEY = "Australia/Sydney"


def start(text: str, zone: str = BERLIN, *, now: str = NOW, later: bool = False) -> str:
    return parse_start(text, now=now, zone=zone, later=later).starts_at


# -- the forms ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("2027-01-12 09:00", BERLIN, "2027-01-12T08:00:00Z"),
        ("2027-01-12 09:00", NEW_YORK, "2027-01-12T14:00:00Z"),
        ("2027/1/12 9:00", BERLIN, "2027-01-12T08:00:00Z"),
        # The next 12 January: next year's, since this year's is over.
        ("01-12 9:00", BERLIN, "2027-01-12T08:00:00Z"),
        ("1/12 9:00", BERLIN, "2027-01-12T08:00:00Z"),
        # The next 3 December: this year's.
        ("12-03 14:30", BERLIN, "2026-12-03T13:30:00Z"),
        ("tomorrow 10:00", BERLIN, "2026-12-02T09:00:00Z"),
        ("Tomorrow at 10am", NEW_YORK, "2026-12-02T15:00:00Z"),
        ("today 19:00", BERLIN, "2026-12-01T18:00:00Z"),
        ("19:00", BERLIN, "2026-12-01T18:00:00Z"),
        # Today is a Tuesday, and 9:30 is over in Berlin: the Tuesday after.
        ("tue 9:30", BERLIN, "2026-12-08T08:30:00Z"),
        ("tuesday 9:30", BERLIN, "2026-12-08T08:30:00Z"),
        # ... but 19:30 is still to come today.
        ("tue 19:30", BERLIN, "2026-12-01T18:30:00Z"),
        ("wed 9:30", BERLIN, "2026-12-02T08:30:00Z"),
        ("mon 9:30", BERLIN, "2026-12-07T08:30:00Z"),
        ("Fri. 4pm", NEW_YORK, "2026-12-04T21:00:00Z"),
        # An instant with its own offset is taken as it is, in any zone.
        ("2027-10-31T02:30+01:00", BERLIN, "2027-10-31T01:30:00Z"),
    ],
)
def test_the_accepted_forms(text: str, zone: str, expected: str) -> None:
    assert start(text, zone) == expected


def test_a_weekday_counts_from_today_in_the_zone_typed() -> None:
    # 23:30 UTC on Tuesday is already Wednesday in Sydney: "wed" there is a week away,
    # while in New York (still Tuesday) it is tomorrow.
    late = "2026-12-01T23:30:00Z"
    assert start("wed 10:00", NEW_YORK, now=late) == "2026-12-02T15:00:00Z"
    assert start("wed 10:00", SYDNEY, now=late) == "2026-12-08T23:00:00Z"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("next week", "Cannot read 'next week' as a date and time; write e.g. 2027-01-12 09:00"),
        ("12/01/2027 9:00", "write e.g. 2027-01-12 09:00, 01-12 9:00, tomorrow 10:00 or tue 9:30"),
        ("monkey 9:00", "Cannot read 'monkey 9:00'"),
        ("2027-02-30 09:00", "2027-02-30 is not a date: February 2027 has 28 days"),
        ("02-30 09:00", "2027-02-30 is not a date: February 2027 has 28 days"),
        ("13-01 09:00", "there is no month 13"),
        ("tue 25:00", "25:00 is not a time of day"),
        ("tue 9", "Write the time as HH:MM"),
        ("2027-01-12", "Give the time too, e.g. 2027-01-12 09:00"),
        ("tue", "Give the time too"),
        ("", "Type when it starts, e.g. 2027-01-12 09:00"),
    ],
)
def test_anything_else_gets_a_message_with_an_example(text: str, message: str) -> None:
    with pytest.raises(WhenError, match=message.replace("(", r"\(")):
        start(text)


def test_touch_times_keep_their_forms() -> None:
    # The forms for a time ahead are the schedule's only: a touch's "tue" is not read.
    from informterm.core.time import parse_when

    with pytest.raises(WhenError, match="Cannot read 'tue 9:30'"):
        parse_when("tue 9:30", now=NOW, home_timezone=BERLIN)
    wall = read_wall_time("tue 9:30", now=NOW, zone=BERLIN, ahead=True)
    assert not isinstance(wall, str) and (wall.calendar_day.isoformat(), wall.clock) == (
        "2026-12-08",
        "09:30",
    )


# -- daylight saving, east and west -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "zone", "becomes", "note"),
    [
        (
            "2027-03-28 02:30",
            BERLIN,
            "2027-03-28T01:30:00Z",
            "02:30 does not exist on Sun 28 Mar 2027 in Europe/Berlin: clocks go forward; "
            "it would be 03:30",
        ),
        (
            "2027-03-14 02:30",
            NEW_YORK,
            "2027-03-14T07:30:00Z",
            "02:30 does not exist on Sun 14 Mar 2027 in America/New_York: clocks go forward; "
            "it would be 03:30",
        ),
        (
            # Sydney's spring is in October.
            "2027-10-03 02:15",
            SYDNEY,
            "2027-10-02T16:15:00Z",
            "02:15 does not exist on Sun 3 Oct 2027 in Australia/Sydney: clocks go forward; "
            "it would be 03:15",
        ),
    ],
)
def test_a_skipped_time_says_what_it_becomes(text: str, zone: str, becomes: str, note: str) -> None:
    typed = parse_start(text, now=NOW, zone=zone)
    assert typed.skipped and typed.repeated is None
    assert typed.starts_at == becomes
    assert typed.note == note
    local = to_local(becomes, zone)
    assert (local.hour, local.minute) == (3, int(text[-2:]))


@pytest.mark.parametrize(
    ("text", "zone", "earlier", "later", "offsets"),
    [
        ("2027-10-31 02:30", BERLIN, "2027-10-31T00:30:00Z", "2027-10-31T01:30:00Z",
         ("+02:00 CEST", "+01:00 CET")),
        ("2027-11-07 01:30", NEW_YORK, "2027-11-07T05:30:00Z", "2027-11-07T06:30:00Z",
         ("-04:00 EDT", "-05:00 EST")),
        # Sydney's autumn is in April.
        ("2027-04-04 02:30", SYDNEY, "2027-04-03T15:30:00Z", "2027-04-03T16:30:00Z",
         ("+11:00 AEDT", "+10:00 AEST")),
    ],
)  # fmt: skip
def test_a_repeated_time_offers_both_the_earlier_by_default(
    text: str, zone: str, earlier: str, later: str, offsets: tuple[str, str]
) -> None:
    typed = parse_start(text, now=NOW, zone=zone)
    assert typed.repeated == (earlier, later)
    assert (typed.starts_at, typed.later) == (earlier, False)
    day = describe_with_offset(earlier, zone).split(" 0")[0]
    assert typed.note == (
        f"{text[-5:]} happens twice on {day} in {zone}: clocks go back; this is the earlier "
        f"one ({offsets[0]}), the later one is an hour after it ({offsets[1]})"
    )
    picked = parse_start(text, now=NOW, zone=zone, later=True)
    assert (picked.starts_at, picked.later) == (later, True)
    assert "this is the later one" in picked.note and offsets[1] in picked.note
    assert typed.other() == picked and picked.other() == typed


def test_the_end_is_the_start_plus_the_real_duration_across_a_change() -> None:
    # 90 minutes from 01:30 CEST on the night clocks go back: 02:00 CET on the clock
    # (30 minutes later on the wall, 90 in fact).
    talk = Interview(
        contact_id="c", starts_at=start("2027-10-31 01:30"), duration_minutes=90, timezone=BERLIN
    )
    assert talk.starts_at == "2027-10-30T23:30:00Z"
    assert interview_end(talk) == "2027-10-31T01:00:00Z"
    assert to_local(interview_end(talk), BERLIN).strftime("%H:%M %z") == "02:00 +0100"
    # And 60 minutes from 01:30 on the night they go forward ends at 03:30, not 02:30.
    spring = Interview(contact_id="c", starts_at=start("2027-03-28 01:30"), duration_minutes=60)
    assert to_local(interview_end(spring), BERLIN).strftime("%H:%M") == "03:30"


def test_an_ordinary_time_has_one_instant() -> None:
    found = local_instants(
        read_wall_time("2027-01-12 09:00", now=NOW, zone=BERLIN),  # type: ignore[arg-type]
        BERLIN,
    )
    assert found.instants == ("2027-01-12T08:00:00Z",)
    assert not found.skipped and not found.repeated


# -- half-hour and 45-minute zones, and the date line ----------------------------------------------


@pytest.mark.parametrize(
    ("zone", "utc", "offset"),
    [
        ("Asia/Kolkata", "2027-01-12T03:30:00Z", "+05:30 IST"),
        # Adelaide is on summer time in January: +10:30, so 09:00 is the evening before in UTC.
        ("Australia/Adelaide", "2027-01-11T22:30:00Z", "+10:30 ACDT"),
        ("Asia/Kathmandu", "2027-01-12T03:15:00Z", "+05:45"),
    ],
)
def test_half_hour_and_45_minute_zones(zone: str, utc: str, offset: str) -> None:
    assert start("2027-01-12 09:00", zone) == utc
    assert describe_with_offset(utc, zone) == f"Tue 12 Jan 2027 09:00 {offset} ({zone})"


def test_adelaide_in_winter_is_half_past_nine_hours_ahead() -> None:
    assert start("2027-07-12 09:00", "Australia/Adelaide") == "2027-07-11T23:30:00Z"


def test_across_the_date_line_the_day_name_differs() -> None:
    # Kiritimati is UTC+14, Pago Pago UTC-11: the same instant is a day apart by name.
    at = start("2027-01-13 10:00", "Pacific/Kiritimati")
    assert at == "2027-01-12T20:00:00Z"
    assert describe_with_offset(at, "Pacific/Kiritimati").startswith("Wed 13 Jan 2027 10:00 +14:00")
    assert describe_with_offset(at, "Pacific/Pago_Pago").startswith("Tue 12 Jan 2027 09:00 -11:00")
    # At the same moment it is still Tuesday morning in Pago Pago and already Wednesday in
    # Kiritimati: "tue 9:30" is today in one and next week in the other.
    assert describe_with_offset(NOW, "Pacific/Pago_Pago").startswith("Tue 1 Dec 2026 06:00")
    assert describe_with_offset(NOW, "Pacific/Kiritimati").startswith("Wed 2 Dec 2026 07:00")
    assert start("tue 9:30", "Pacific/Pago_Pago") == "2026-12-01T20:30:00Z"
    assert start("tue 9:30", "Pacific/Kiritimati") == "2026-12-07T19:30:00Z"


# -- warnings -------------------------------------------------------------------------------------

LONDON = Settings(
    home_timezone="Europe/London", working_hours=WorkingHours(start="09:00", end="17:30")
)
ANN = Contact(id="c-ann", name="Ann Lee", timezone=NEW_YORK)


def talk(at: str, *, minutes: int = 30, contact: str = "c-ann", **fields: object) -> Interview:
    return Interview(
        contact_id=contact,
        starts_at=at,
        duration_minutes=minutes,
        timezone=str(fields.pop("timezone", NEW_YORK)),
        **fields,  # type: ignore[arg-type]
    )


def test_a_time_good_for_both_has_no_warnings() -> None:
    # 15:00 in London is 10:00 in New York.
    assert warnings(talk("2027-01-12T15:00:00Z"), ANN, LONDON, [], now=NOW) == []


def test_outside_your_hours_and_theirs() -> None:
    early = talk("2027-01-12T08:00:00Z")  # 08:00 in London, 03:00 in New York
    assert warnings(early, ANN, LONDON, []) == [
        "Outside your working hours (09:00-17:30): it is Tue 12 Jan 2027 08:00-08:30 your "
        "time (Europe/London)",
        "Outside Ann Lee's hours (09:00-17:00 their time): it is Tue 12 Jan 2027 03:00-03:30 "
        "in America/New_York",
    ]
    # Ending after 17:30 is outside too, though it starts inside.
    late = talk("2027-01-12T17:15:00Z")
    assert warnings(late, ANN, LONDON, [])[0].startswith("Outside your working hours")


def test_their_hours_come_from_their_card() -> None:
    night_owl = Contact(
        id="c-ann", name="Ann Lee", timezone=NEW_YORK, available_hours="06:00-10:00"
    )
    early = talk("2027-01-12T12:00:00Z")  # 07:00 in New York
    assert warnings(early, night_owl, LONDON, []) == []
    assert their_hours(night_owl) == ("06:00", "10:00")
    assert their_hours(Contact(name="x", available_hours="rubbish")) == ("09:00", "17:00")
    assert warnings(talk("2027-01-12T16:00:00Z"), night_owl, LONDON, []) == [
        "Outside Ann Lee's hours (06:00-10:00 their time): it is Tue 12 Jan 2027 11:00-11:30 "
        "in America/New_York"
    ]


def test_hours_are_checked_on_the_local_clock_across_a_change() -> None:
    # On 28 March 2027 Berlin's 09:00 is 07:00 UTC (summer time began that night).
    berliner = Settings(home_timezone=BERLIN)
    ok = talk("2027-03-29T07:00:00Z", timezone=BERLIN)
    assert warnings(ok, Contact(id="c-ann", name="A", timezone=BERLIN), berliner, []) == []
    early = talk("2027-03-29T06:30:00Z", timezone=BERLIN)  # 08:30 CEST
    assert len(warnings(early, Contact(id="c-ann", name="A", timezone=BERLIN), berliner, [])) == 2


def test_an_overlap_names_the_other_interview() -> None:
    mine = talk("2027-01-12T15:00:00Z")
    other = talk("2027-01-12T15:20:00Z", contact="c-bob")
    cancelled = talk("2027-01-12T15:00:00Z", contact="c-cy", status=InterviewStatus.CANCELLED)
    back_to_back = talk("2027-01-12T15:30:00Z", contact="c-dee")
    found = warnings(
        mine, ANN, LONDON, [mine, other, cancelled, back_to_back], names={"c-bob": "Bob [Ode]"}
    )
    assert found == [
        "Overlaps the interview with Bob [Ode] at Tue 12 Jan 2027 15:20-15:50 your time"
    ]


def test_more_than_meetings_per_day() -> None:
    day = [talk(f"2027-01-12T{hour}:00:00Z", contact=f"c-{hour}") for hour in (10, 11, 12, 13)]
    extra = talk("2027-01-12T15:00:00Z")
    assert warnings(extra, ANN, LONDON, day) == [
        "5 interviews on Tue 12 Jan 2027 with this one: more than your 4 a day"
    ]
    assert warnings(extra, ANN, LONDON, day[:3]) == []
    # Counted on your day: the Wednesday has room.
    assert warnings(talk("2027-01-13T15:00:00Z"), ANN, LONDON, day) == []


def test_a_past_start_is_said_and_only_upcoming_ones_are_judged() -> None:
    passed = talk("2026-11-30T15:00:00Z")
    assert warnings(passed, ANN, LONDON, [], now=NOW) == [
        "It starts in the past (Mon 30 Nov 2026 15:00-15:30 your time)"
    ]
    for status in (InterviewStatus.DONE, InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW):
        held = talk("2027-01-12T03:00:00Z", status=status)
        assert warnings(held, ANN, LONDON, [], now=NOW) == []


# -- the other fields --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"), [("30", 30), ("45 min", 45), ("1h", 60), ("1h30", 90), ("2 hours", 120)]
)
def test_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(("text", "message"), [("", "in minutes"), ("half", "in minutes"),
                                                ("2", "2 minutes is not a length"),
                                                ("9h", "540 minutes is not a length")])  # fmt: skip
def test_bad_durations(text: str, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "hours"),
    [("", ""), ("09:00-17:00", "09:00-17:00"), ("9-17", "09:00-17:00"),
     ("9:30 to 16:00", "09:30-16:00"), ("08.00\u201312.00", "08:00-12:00"),
     ("18:00-24:00", "18:00-24:00")],
)  # fmt: skip
def test_available_hours(text: str, hours: str) -> None:
    assert parse_hours(text) == hours


@pytest.mark.parametrize(
    ("text", "message"),
    [("mornings", "HH:MM-HH:MM"), ("17:00-09:00", "not after they start"),
     ("25:00-26:00", "not a span of the day"), ("09:00-24:30", "24:00 at the latest")],
)  # fmt: skip
def test_bad_available_hours(text: str, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        parse_hours(text)


def test_late_hours_may_end_at_midnight() -> None:
    owl = Contact(id="c-ann", name="Owl", timezone="Europe/London", available_hours="18:00-24:00")
    assert warnings(talk("2027-01-12T23:30:00Z", timezone="Europe/London"), owl,
                    Settings(home_timezone="Europe/London",
                             working_hours=WorkingHours(start="00:00", end="23:59")), []) == [
        "Outside your working hours (00:00-23:59): it is Tue 12 Jan 2027 23:30-Wed 13 Jan "
        "2027 00:00 your time (Europe/London)"
    ]  # fmt: skip


def test_status_changes() -> None:
    proposed = talk("2027-01-12T15:00:00Z")
    assert status_problem(proposed, InterviewStatus.CONFIRMED) is None
    assert status_problem(proposed, InterviewStatus.PROPOSED) == (
        "it is already proposed: nothing to do"
    )
    cancelled = talk("2027-01-12T15:00:00Z", status=InterviewStatus.CANCELLED)
    assert status_problem(cancelled, InterviewStatus.DONE) == (
        "it is cancelled, so it cannot be marked done (reschedule it to book it again)"
    )
    missed = talk("2027-01-12T15:00:00Z", status=InterviewStatus.NO_SHOW)
    assert status_problem(missed, InterviewStatus.DONE) is None


def test_rescheduling_asks_for_a_new_confirmation() -> None:
    confirmed = talk("2027-01-12T15:00:00Z", status=InterviewStatus.CONFIRMED)
    fields = {"duration_minutes": 30, "medium": Medium.PHONE, "place": "", "timezone": NEW_YORK}
    moved = rescheduled(confirmed, starts_at="2027-01-13T15:00:00Z", **fields)  # type: ignore[arg-type]
    assert (moved.starts_at, moved.status) == ("2027-01-13T15:00:00Z", InterviewStatus.PROPOSED)
    same_time = rescheduled(confirmed, starts_at=confirmed.starts_at, **fields)  # type: ignore[arg-type]
    assert (same_time.status, same_time.medium) == (InterviewStatus.CONFIRMED, Medium.PHONE)
    cancelled = talk("2027-01-12T15:00:00Z", status=InterviewStatus.CANCELLED, outcome="x")
    again = rescheduled(cancelled, starts_at=cancelled.starts_at, **fields)  # type: ignore[arg-type]
    # Booked again as a new interview; the cancelled one stays as it was.
    assert again.id != cancelled.id
    assert (again.status, again.outcome) == (InterviewStatus.PROPOSED, "")
    assert cancelled.status is InterviewStatus.CANCELLED
