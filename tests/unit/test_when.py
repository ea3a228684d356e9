"""Reading typed local dates and times (informterm.core.time)."""

from __future__ import annotations

import pytest

from informterm.core.time import WhenError, describe_exactly, local_text, parse_when

NOW = "2026-11-20T13:45:10Z"  # a Friday; 14:45 in Paris, 08:45 in New York


def when(text: str, zone: str = "Europe/Paris") -> str:
    return parse_when(text, now=NOW, home_timezone=zone)


@pytest.mark.parametrize("text", ["", "   ", "now", "NOW"])
def test_empty_and_now_mean_now(text: str) -> None:
    assert when(text) == NOW


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("2026-11-20 14:30", "Europe/Paris", "2026-11-20T13:30:00Z"),
        ("2026-11-20 14:30", "America/New_York", "2026-11-20T19:30:00Z"),
        ("2026-11-20T14:30", "Europe/Paris", "2026-11-20T13:30:00Z"),
        ("2026/11/20 14:30:15", "UTC", "2026-11-20T14:30:15Z"),
        ("2026-3-5 7:05 pm", "Europe/Paris", "2026-03-05T18:05:00Z"),
        ("2024-02-29 10:00", "UTC", "2024-02-29T10:00:00Z"),
        ("today 9:00", "Europe/Paris", "2026-11-20T08:00:00Z"),
        ("Today at 9:00", "Europe/Paris", "2026-11-20T08:00:00Z"),
        ("yesterday 16:00", "Europe/Paris", "2026-11-19T15:00:00Z"),
        ("yesterday 4pm", "America/New_York", "2026-11-19T21:00:00Z"),
        ("tomorrow 8.30am", "UTC", "2026-11-21T08:30:00Z"),
        ("12am", "UTC", "2026-11-20T00:00:00Z"),
        ("12pm", "UTC", "2026-11-20T12:00:00Z"),
        ("9:15", "Europe/Paris", "2026-11-20T08:15:00Z"),
        ("yesterday", "Europe/Paris", "2026-11-19T13:45:10Z"),
        ("today", "UTC", NOW),
        # A bare date means noon, so it stays that date in most zones.
        ("2026-11-20", "America/New_York", "2026-11-20T17:00:00Z"),
        ("2026-11-20T14:30:00Z", "America/New_York", "2026-11-20T14:30:00Z"),
        ("2026-11-20 14:30+01:00", "UTC", "2026-11-20T13:30:00Z"),
    ],
)
def test_local_times_become_utc(text: str, zone: str, expected: str) -> None:
    assert when(text, zone) == expected


def test_today_is_the_home_zone_s_today() -> None:
    # 01:30 UTC on the 21st is still the 20th in New York.
    late = "2026-11-21T01:30:00Z"
    assert parse_when("today 9:00", now=late, home_timezone="America/New_York") == (
        "2026-11-20T14:00:00Z"
    )
    assert parse_when("today 9:00", now=late, home_timezone="Asia/Tokyo") == (
        "2026-11-21T00:00:00Z"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30 10:00", "2026-02-30 is not a date: February 2026 has 28 days"),
        ("2026-02-29", "February 2026 has 28 days"),
        ("2026-04-31 10:00", "April 2026 has 30 days"),
        ("2026-13-01", "there is no month 13"),
        ("2026-00-10", "there is no month 0"),
        ("25:00", "25:00 is not a time of day"),
        ("today 14:61", "14:61 is not a time of day"),
        ("13:00 pm", "with am/pm the hour is 1 to 12"),
        ("today 14", "Write the time as HH:MM"),
        ("next week", "Cannot read 'next week' as a date and time"),
        ("20/11/2026", "Cannot read"),
        ("yesterday noonish", "Cannot read"),
        ("10:00:61", "10:00:61 is not a time of day: use 00:00 to 23:59:59"),
        ("0226-11-20 14:30", "0226 is not a year informterm keeps: use 1900 to 2999"),
        ("0000-01-01", "0000 is not a year informterm keeps"),
        ("9999-12-31 23:59", "9999 is not a year informterm keeps"),
        ("0001-01-01T00:00:00Z", "0001 is not a year informterm keeps"),
    ],
)
def test_bad_input_gets_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(WhenError, match=message):
        when(text)


@pytest.mark.parametrize(
    ("text", "zone"),
    [("2999-12-31 23:59", "America/Los_Angeles"), ("1900-01-01 00:30", "Europe/Berlin")],
)
def test_a_time_whose_utc_year_is_out_of_range_is_refused(text: str, zone: str) -> None:
    with pytest.raises(WhenError, match="falls outside the years 1900 to 2999 in UTC"):
        when(text, zone)


def test_the_first_and_last_years_are_accepted() -> None:
    assert when("1900-01-01 00:00", "UTC") == "1900-01-01T00:00:00Z"
    assert when("2999-12-31 23:59", "UTC") == "2999-12-31T23:59:00Z"


def test_a_time_skipped_by_daylight_saving_is_refused() -> None:
    with pytest.raises(WhenError, match="does not exist in Europe/Paris"):
        when("2026-03-29 02:30")


def test_a_repeated_hour_takes_its_first_occurrence() -> None:
    # 02:30 happens twice in Paris on 2026-10-25: first at +02:00.
    assert when("2026-10-25 02:30") == "2026-10-25T00:30:00Z"


def test_unknown_home_zone_is_reported() -> None:
    with pytest.raises(WhenError, match="Unknown time zone 'Mars/Base'"):
        when("9:00", "Mars/Base")


def test_local_text_round_trips_through_parse_when() -> None:
    for zone in ("Europe/Paris", "America/New_York", "Asia/Kolkata"):
        shown = local_text("2026-11-20T13:45:00Z", zone)
        assert when(shown, zone) == "2026-11-20T13:45:00Z"
    assert local_text(NOW, "Europe/Paris") == "2026-11-20 14:45"


def test_local_text_falls_back_to_utc_for_a_bad_zone() -> None:
    assert local_text(NOW, "Nowhere/Land") == "2026-11-20 13:45"


def test_describe_names_the_day_and_zone() -> None:
    assert describe_exactly(NOW, "Europe/Paris") == "Fri 20 Nov 2026 14:45 (Europe/Paris)"
    assert describe_exactly(NOW, "") == "Fri 20 Nov 2026 13:45 (UTC)"


def test_a_touch_may_be_at_most_a_day_ahead() -> None:
    from informterm.core.time import check_touch_time

    check_touch_time("2026-11-21T13:45:10Z", NOW, "Europe/Paris")  # a day exactly
    check_touch_time("2020-01-01T00:00:00Z", NOW, "Europe/Paris")  # the past is fine
    with pytest.raises(WhenError, match=r"Sat 21 Nov 2026 14:45 \(Europe/Paris\) is more than"):
        check_touch_time("2026-11-21T13:45:11Z", NOW, "Europe/Paris")


def test_day_and_clock_shows_the_year_only_for_another_year() -> None:
    from informterm.core.time import day_and_clock, to_local, zone_info

    paris = zone_info("Europe/Paris")
    today = to_local(NOW, paris).date()
    assert day_and_clock(to_local("2026-12-18T15:00:00Z", paris), today) == "Fri 18 Dec 16:00"
    assert day_and_clock(to_local("2027-01-12T08:05:00Z", paris), today) == "12 Jan 2027 09:05"
