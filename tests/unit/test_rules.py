"""The follow-up rules as tables: what each preset wants after an outreach, over weekends,
holidays, year ends and zones east and west of UTC, and what closes them."""

from __future__ import annotations

from datetime import date

import pytest

from informterm.core.model import (
    Contact,
    Direction,
    FollowUpKind,
    Interview,
    InterviewStatus,
    Settings,
    Stage,
    Touch,
    TouchKind,
    WorkingHours,
)
from informterm.core.rules import RuleFollowUp, next_contact_at_company, rule_follow_ups
from informterm.core.time import (
    UnknownHolidayCalendar,
    add_business_days,
    at_local,
    date_named_in,
)

NOW = "2026-12-01T12:00:00Z"


def settings(**changes: object) -> Settings:
    values: dict[str, object] = {"home_timezone": "UTC", "working_hours": WorkingHours()}
    values.update(changes)
    return Settings(**values)  # type: ignore[arg-type]


def ann(**changes: object) -> Contact:
    values: dict[str, object] = {"id": "ann", "name": "Ann Lee", "company": "Acme"}
    values.update(changes)
    return Contact(**values)  # type: ignore[arg-type]


def request(at: str, touch_id: str = "t1") -> Touch:
    return Touch(id=touch_id, contact_id="ann", at=at, kind=TouchKind.REQUEST)


def reply(at: str, touch_id: str = "r1") -> Touch:
    return Touch(id=touch_id, contact_id="ann", at=at, kind=TouchKind.REPLY, direction=Direction.IN)


def by_origin(found: list[RuleFollowUp]) -> dict[str, RuleFollowUp]:
    return {item.origin: item for item in found}


def open_ones(found: list[RuleFollowUp]) -> dict[str, RuleFollowUp]:
    return {item.origin: item for item in found if item.closed_because is None}


# -- business days ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "count", "country", "expected"),
    [
        (date(2026, 12, 1), 3, "", date(2026, 12, 4)),  # Tue -> Fri
        (date(2026, 12, 3), 3, "", date(2026, 12, 8)),  # Thu -> Tue, over the weekend
        (date(2026, 12, 5), 1, "", date(2026, 12, 7)),  # sent on a Saturday: Monday is day 1
        (date(2026, 12, 1), 7, "", date(2026, 12, 10)),
        (date(2026, 12, 23), 3, "US", date(2026, 12, 29)),  # Christmas Friday skipped
        (date(2026, 12, 30), 3, "GB", date(2027, 1, 5)),  # over the year end, 1 Jan skipped
        (date(2026, 12, 30), 3, "", date(2027, 1, 4)),
    ],
)
def test_business_days(start: date, count: int, country: str, expected: date) -> None:
    assert add_business_days(start, count, country=country) == expected


def test_a_subdivision_adds_its_own_holidays() -> None:
    # Cesar Chavez Day (31 March) is a holiday in California, not in the US as a whole.
    start = date(2027, 3, 30)
    assert add_business_days(start, 1, country="US") == date(2027, 3, 31)
    assert add_business_days(start, 1, country="US", subdivision="CA") == date(2027, 4, 1)


def test_an_unknown_holiday_country_is_a_clear_error() -> None:
    with pytest.raises(UnknownHolidayCalendar, match="'XX' is not a country"):
        add_business_days(date(2026, 12, 1), 3, country="XX")
    with pytest.raises(UnknownHolidayCalendar, match="'ZZ' is not a subdivision of US"):
        add_business_days(date(2026, 12, 1), 3, country="US", subdivision="ZZ")


def test_a_local_clock_time_becomes_utc_across_zones_and_dst() -> None:
    assert at_local(date(2026, 12, 4), "09:00", "America/Chicago") == "2026-12-04T15:00:00Z"
    assert at_local(date(2026, 12, 4), "09:00", "Asia/Kolkata") == "2026-12-04T03:30:00Z"
    assert at_local(date(2027, 6, 4), "09:00", "America/Chicago") == "2027-06-04T14:00:00Z"
    # Skipped by the spring-forward: read with the offset before it (02:30 -> 03:30 EDT).
    assert at_local(date(2027, 3, 14), "02:30", "America/New_York") == "2027-03-14T07:30:00Z"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("send the deck by Friday", date(2026, 12, 4)),
        ("intro to Raj on 12 Jan", date(2027, 1, 12)),
        ("article by Dec 10th", date(2026, 12, 10)),
        ("call back 2027-02-01", date(2027, 2, 1)),
        ("tomorrow: the list", date(2026, 12, 3)),
        ("by 30 Feb", None),
        ("I sat down with her team", None),
        ("no date here", None),
    ],
)
def test_the_date_a_promise_names(text: str, expected: date | None) -> None:
    assert date_named_in(text, date(2026, 12, 2)) == expected


# -- 3B7 ------------------------------------------------------------------------------


def test_3b7_after_a_request_names_the_next_contact_and_both_days() -> None:
    bob = Contact(id="bob", name="Bob Ode", company="ACME ", stage=Stage.PROSPECT)
    found = rule_follow_ups(
        ann(), [request("2026-12-01T16:00:00Z")], [], settings(), NOW, next_at_company=bob
    )
    wanted = open_ones(found)
    try_next = wanted["3b7:try-next:t1"]
    assert try_next.kind is FollowUpKind.TRY_NEXT
    assert try_next.due == "2026-12-04T09:00:00Z"  # Tue + 3 business days, at 09:00
    assert try_next.reason == (
        "No reply yet to your request of Tue 1 Dec: try the next contact at Acme, Bob Ode"
    )
    follow_up = wanted["3b7:follow-up:t1"]
    assert follow_up.kind is FollowUpKind.NO_REPLY
    assert follow_up.due == "2026-12-10T09:00:00Z"
    assert {item.rule for item in found} == {"3b7"}


def test_3b7_counts_days_in_the_home_zone() -> None:
    # 23:30 UTC on Thursday 3 Dec is already Friday in Auckland: day 3 is Wednesday 9 Dec.
    sent = [request("2026-12-03T23:30:00Z")]
    east = open_ones(
        rule_follow_ups(ann(), sent, [], settings(home_timezone="Pacific/Auckland"), NOW)
    )
    assert east["3b7:try-next:t1"].due == at_local(date(2026, 12, 9), "09:00", "Pacific/Auckland")
    # ... and still Thursday afternoon in Chicago: day 3 is Tuesday 8 Dec there.
    west = open_ones(
        rule_follow_ups(ann(), sent, [], settings(home_timezone="America/Chicago"), NOW)
    )
    assert west["3b7:try-next:t1"].due == at_local(date(2026, 12, 8), "09:00", "America/Chicago")
    assert west["3b7:try-next:t1"].due == "2026-12-08T15:00:00Z"


def test_3b7_numbers_and_holidays_come_from_the_settings() -> None:
    custom = settings(follow_up_days={"try_next": 2, "follow_up": 5}, holiday_country="US")
    wanted = open_ones(rule_follow_ups(ann(), [request("2026-12-23T16:00:00Z")], [], custom, NOW))
    assert wanted["3b7:try-next:t1"].due == "2026-12-28T09:00:00Z"  # Thu 24, (Fri 25), Mon 28
    assert wanted["3b7:follow-up:t1"].due == "2026-12-31T09:00:00Z"


def test_a_reply_closes_both_and_says_when() -> None:
    found = by_origin(
        rule_follow_ups(
            ann(),
            [request("2026-12-01T16:00:00Z"), reply("2026-12-08T10:00:00Z")],
            [],
            settings(),
            NOW,
        )
    )
    assert found["3b7:try-next:t1"].closed_because == "they replied on Tue 8 Dec"
    assert found["3b7:follow-up:t1"].closed_because == "they replied on Tue 8 Dec"


def test_a_reply_before_the_request_closes_nothing() -> None:
    found = open_ones(
        rule_follow_ups(
            ann(),
            [reply("2026-11-20T10:00:00Z"), request("2026-12-01T16:00:00Z")],
            [],
            settings(),
            NOW,
        )
    )
    assert {"3b7:try-next:t1", "3b7:follow-up:t1"} <= set(found)


def test_your_own_follow_up_closes_the_follow_up_reminder_only() -> None:
    follow = Touch(id="f1", contact_id="ann", at="2026-12-09T10:00:00Z", kind=TouchKind.FOLLOW_UP)
    found = by_origin(
        rule_follow_ups(ann(), [request("2026-12-01T16:00:00Z"), follow], [], settings(), NOW)
    )
    assert found["3b7:follow-up:t1"].closed_because == "you followed up on Wed 9 Dec"
    assert found["3b7:try-next:t1"].closed_because is None


def test_without_a_company_there_is_no_one_next_to_try() -> None:
    found = open_ones(
        rule_follow_ups(ann(company=""), [request("2026-12-01T16:00:00Z")], [], settings(), NOW)
    )
    assert set(found) == {"3b7:follow-up:t1"}


def test_the_next_contact_is_a_colleague_not_yet_reached() -> None:
    people = [
        Contact(id="c1", name="Cy", company="acme", stage=Stage.REACHED_OUT),
        Contact(id="c2", name="Di", company="Acme", stage=Stage.PROSPECT, archived=True),
        Contact(id="c3", name="Ed", company="Acme", stage=Stage.RESEARCHING),
        Contact(id="c4", name="Fa", company="Acme", stage=Stage.PROSPECT, priority=2),
        Contact(id="c5", name="Gu", company="Other", stage=Stage.PROSPECT, priority=9),
        ann(stage=Stage.PROSPECT),
    ]
    chosen = next_contact_at_company(ann(), people)
    assert chosen is not None and chosen.id == "c4"
    assert next_contact_at_company(ann(company=""), people) is None


# -- week-or-two ---------------------------------------------------------------------


def test_week_or_two_follows_up_after_a_week_then_suggests_no_response() -> None:
    found = open_ones(
        rule_follow_ups(
            ann(),
            [request("2026-12-31T16:00:00Z")],
            [],
            settings(follow_up_preset="week-or-two"),
            NOW,
        )
    )
    assert found["week-or-two:follow-up:t1"].due == "2027-01-07T09:00:00Z"
    suggest = found["week-or-two:no-response:t1"]
    assert suggest.due == "2027-01-21T09:00:00Z"
    assert "mark Ann Lee as no response" in suggest.reason
    assert not any(origin.startswith("3b7") for origin in found)


def test_week_or_two_is_done_once_they_are_marked_no_response() -> None:
    found = by_origin(
        rule_follow_ups(
            ann(stage=Stage.NO_RESPONSE),
            [request("2026-12-01T16:00:00Z")],
            [],
            settings(follow_up_preset="week-or-two"),
            NOW,
        )
    )
    assert found["week-or-two:no-response:t1"].closed_because == "marked no response"


def test_preset_none_makes_no_outreach_reminders() -> None:
    found = rule_follow_ups(
        ann(), [request("2026-12-01T16:00:00Z")], [], settings(follow_up_preset="none"), NOW
    )
    assert found == []


# -- interviews ----------------------------------------------------------------------


def interview(**changes: object) -> Interview:
    values: dict[str, object] = {
        "id": "i1",
        "contact_id": "ann",
        "starts_at": "2026-12-10T15:00:00Z",
        "timezone": "America/New_York",
    }
    values.update(changes)
    return Interview(**values)  # type: ignore[arg-type]


def test_a_scheduled_interview_is_confirmed_the_day_before_at_the_start_of_work() -> None:
    home = settings(home_timezone="Europe/Berlin", working_hours=WorkingHours(start="08:30"))
    found = open_ones(rule_follow_ups(ann(), [], [interview()], home, NOW))
    confirm = found["confirm:i1"]
    assert confirm.kind is FollowUpKind.CONFIRM and confirm.interview_id == "i1"
    assert confirm.due == "2026-12-09T07:30:00Z"  # 08:30 in Berlin on Wed 9 Dec
    assert "Thu 10 Dec 16:00 (your time)" in confirm.reason


@pytest.mark.parametrize(
    ("status", "why"),
    [
        (InterviewStatus.CANCELLED, "the interview was cancelled"),
        (InterviewStatus.NO_SHOW, "the interview did not take place"),
        (InterviewStatus.DONE, "the interview took place"),
    ],
)
def test_the_confirm_closes_with_the_interview(status: InterviewStatus, why: str) -> None:
    found = by_origin(rule_follow_ups(ann(), [], [interview(status=status)], settings(), NOW))
    assert found["confirm:i1"].closed_because == why


def test_a_held_interview_wants_a_thank_you_by_the_end_of_that_day_at_home() -> None:
    # Ends 23:30 UTC on 10 Dec: already 11 Dec in Tokyo, so the thank-you is due that day.
    held = interview(status=InterviewStatus.DONE, starts_at="2026-12-10T23:00:00Z")
    found = open_ones(rule_follow_ups(ann(), [], [held], settings(home_timezone="Asia/Tokyo"), NOW))
    thanks = found["thank-you:i1"]
    assert thanks.kind is FollowUpKind.THANK_YOU
    assert thanks.due == at_local(date(2026, 12, 11), "23:59", "Asia/Tokyo")
    thanked = Touch(id="ty", contact_id="ann", at="2026-12-11T01:00:00Z", kind=TouchKind.THANK_YOU)
    closed = by_origin(
        rule_follow_ups(ann(), [thanked], [held], settings(home_timezone="Asia/Tokyo"), NOW)
    )
    assert closed["thank-you:i1"].closed_because == "you thanked them on Fri 11 Dec"


def test_each_promise_line_is_a_follow_up() -> None:
    notes = (
        "[00:03] small talk\n"
        "[00:12] #promise send her the deck by Friday\n"
        "#advice talk to Raj\n"
        "#PROMISE intro Ben to my old team\n"
        "a #promises plural is not the tag\n"
    )
    held = interview(status=InterviewStatus.DONE, notes=notes)
    found = [
        item
        for item in rule_follow_ups(ann(), [], [held], settings(), NOW)
        if item.rule == "promise"
    ]
    assert [item.reason.split(": ", 1)[1] for item in found] == [
        "send her the deck by Friday",
        "intro Ben to my old team",
    ]
    assert found[0].due == "2026-12-11T09:00:00Z"  # the Friday after Thu 10 Dec
    assert found[1].due == "2026-12-17T09:00:00Z"  # 7 days after the interview
    assert len({item.origin for item in found}) == 2


# -- keeping in touch ----------------------------------------------------------------


def test_keep_in_touch_counts_from_the_last_touch_and_moves_with_each() -> None:
    talked = ann(stage=Stage.THANKED)
    first = Touch(id="a", contact_id="ann", at="2026-09-01T10:00:00Z", kind=TouchKind.UPDATE)
    second = Touch(id="b", contact_id="ann", at="2026-10-01T10:00:00Z", kind=TouchKind.UPDATE)
    found = by_origin(rule_follow_ups(talked, [second, first], [], settings(), NOW))
    assert found["keep-in-touch:b"].due == "2026-12-30T09:00:00Z"  # 90 days after 1 Oct
    assert found["keep-in-touch:b"].closed_because is None
    assert found["keep-in-touch:a"].closed_because == "in touch again on Thu 1 Oct"
    own = by_origin(
        rule_follow_ups(
            ann(stage=Stage.THANKED, keep_in_touch_days=30), [first], [], settings(), NOW
        )
    )
    assert own["keep-in-touch:a"].due == "2026-10-01T09:00:00Z"
    off = by_origin(
        rule_follow_ups(
            ann(stage=Stage.THANKED, keep_in_touch_days=0), [first], [], settings(), NOW
        )
    )
    assert off["keep-in-touch:a"].closed_because == "keep-in-touch is off for this contact"


def test_no_keep_in_touch_for_someone_you_have_not_talked_to() -> None:
    found = rule_follow_ups(ann(), [request("2026-12-01T16:00:00Z")], [], settings(), NOW)
    assert not any(item.rule == "keep-in-touch" for item in found)


def test_archiving_or_declining_closes_everything() -> None:
    for contact, why in (
        (ann(archived=True), "the contact was archived"),
        (ann(stage=Stage.DECLINED), "marked declined"),
    ):
        found = rule_follow_ups(
            contact, [request("2026-12-01T16:00:00Z")], [interview()], settings(), NOW
        )
        assert found and all(item.closed_because == why for item in found)
