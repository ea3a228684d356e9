"""The demo workbook: built from sample_data/demo.yaml through the Workbook API, with every
date relative to the day it is built, and rich enough to show every part of the app."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest

from informterm.core.model import (
    Contact,
    Direction,
    FollowUp,
    Interview,
    InterviewStatus,
    NoteTag,
    Source,
    Stage,
    Touch,
    TouchKind,
)
from informterm.interop.sample import (
    SampleDataError,
    build_demo_workbook,
    demo_persona,
    demo_source,
)
from informterm.paths import shipped_dir
from informterm.store import Workbook, open_workbook
from tests.conftest import yaml_bomb

HOME = "America/Chicago"
# A northern-winter day and a northern-summer day: the DST interview must straddle a change
# from either side, and in both hemispheres' seasons.
WINTER = pendulum.date(2026, 11, 22)
SUMMER = pendulum.date(2027, 6, 14)


def _build(tmp_path: Path, today: pendulum.Date, name: str = "demo.json") -> Workbook:
    path = build_demo_workbook(tmp_path / name, today=today, home_timezone=HOME)
    return open_workbook(path, read_only=True)


@pytest.fixture(params=[WINTER, SUMMER], ids=["winter", "summer"])
def today(request: pytest.FixtureRequest) -> pendulum.Date:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def demo(tmp_path: Path, today: pendulum.Date) -> Iterator[Workbook]:
    workbook = _build(tmp_path, today)
    yield workbook
    workbook.close()


def _local_day(timestamp: str, zone: str = HOME) -> pendulum.Date:
    return pendulum.parse(timestamp).in_timezone(zone).date()  # type: ignore[union-attr]


def _start_of(day: pendulum.Date, zone: str = HOME) -> str:
    start = pendulum.datetime(day.year, day.month, day.day, tz=zone).in_timezone("UTC")
    return start.format("YYYY-MM-DDTHH:mm:ss[Z]")


def _name(workbook: Workbook, record: Touch | Interview | FollowUp) -> str:
    return workbook.get(Contact, record.contact_id).name


# -- contacts --------------------------------------------------------------------------------


def test_the_shipped_yaml_is_found_through_paths(tmp_path: Path) -> None:
    assert demo_source() == shipped_dir("sample_data") / "demo.yaml"
    assert demo_source().is_file()


def test_contacts_cover_fields_sources_and_every_stage(demo: Workbook) -> None:
    everyone = demo.contacts(include_archived=True)
    assert len(everyone) >= 30
    fields = {c.field for c in everyone}
    assert {"UX research", "data science", "climate policy", "nursing informatics"} <= fields
    assert {c.source for c in everyone} == set(Source)
    assert {c.stage for c in everyone} == set(Stage)
    archived = [c for c in everyone if c.archived]
    assert 2 <= len(archived) <= 6
    assert len(demo.contacts()) == len(everyone) - len(archived)


def test_contacts_carry_the_details_a_real_person_would(demo: Workbook) -> None:
    everyone = demo.contacts(include_archived=True)
    assert sum(bool(c.emails) for c in everyone) >= 20
    assert sum(bool(c.phones) for c in everyone) >= 5
    assert sum(c.profile_url.startswith("https://") for c in everyone) >= 10
    assert sum(bool(c.tags) for c in everyone) >= 25
    assert sum(bool(c.research_notes.strip()) for c in everyone) >= 25
    assert all(c.timezone for c in everyone)
    assert any(c.keep_in_touch_days for c in everyone)
    for contact in everyone:
        for email in contact.emails:
            assert re.fullmatch(r"[^@\s]+@[^@\s]+\.example", email), email


def test_user_text_includes_non_ascii_emoji_and_brackets(demo: Workbook) -> None:
    everyone = demo.contacts(include_archived=True)
    assert any(name in {c.name for c in everyone} for name in ("Zoë Brandt", "José Álvarez"))
    texts = [c.research_notes for c in everyone] + [i.notes for i in demo.all(Interview)]
    assert any(ord(ch) > 0xFFFF for text in texts for ch in text), "an emoji somewhere"
    assert any("[" in c.title for c in everyone), "markup-like brackets in a field"


def test_referral_chains_go_at_least_three_deep(demo: Workbook) -> None:
    everyone = demo.contacts(include_archived=True)
    ids = {c.id for c in everyone}
    assert all(c.referred_by in ids for c in everyone if c.referred_by)
    deepest = max(everyone, key=lambda c: len(demo.referral_chain_up(c)))
    chain = demo.referral_chain_up(deepest)
    assert len(chain) >= 3, [c.name for c in chain]
    # The root of the chain sees the whole line below it.
    depths = [depth for depth, _ in demo.referral_tree_down(chain[-1])]
    assert max(depths) >= 3
    assert sum(c.source is Source.REFERRAL for c in everyone) >= 5


# -- touches and interviews ---------------------------------------------------------------------


def test_touches_tell_the_outreach_story_in_the_past(demo: Workbook, today: pendulum.Date) -> None:
    touches = demo.all(Touch)
    kinds = {t.kind for t in touches}
    assert {TouchKind.INTRO, TouchKind.REQUEST, TouchKind.FOLLOW_UP, TouchKind.THANK_YOU} <= kinds
    replies = [t for t in touches if t.direction is Direction.IN and t.kind is TouchKind.REPLY]
    assert len(replies) >= 5
    assert all(_local_day(t.at) < today for t in touches)
    assert all(t.summary for t in touches)


def test_past_interviews_have_tagged_timestamped_notes_and_answers(
    demo: Workbook, today: pendulum.Date
) -> None:
    done = [i for i in demo.all(Interview) if i.status is InterviewStatus.DONE]
    assert len(done) >= 5
    assert all(i.starts_at < _start_of(today) for i in done)
    notes = "\n".join(i.notes for i in done)
    for tag in NoteTag:
        assert tag.value in notes, tag
    assert re.search(r"^\[\d\d:\d\d\] #advice ", notes, re.MULTILINE)
    questions = [q for i in done for q in i.questions]
    assert any(q.asked and q.answer for q in questions)
    assert any(not q.asked for q in questions), "a question that was not reached"
    assert any(i.checklist and i.readiness == 1.0 for i in done)
    statuses = {i.status for i in demo.all(Interview)}
    assert {InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW} <= statuses


def test_upcoming_interviews_span_four_zones_with_prep_in_progress(
    demo: Workbook, today: pendulum.Date
) -> None:
    upcoming = [
        i
        for i in demo.all(Interview)
        if i.status.is_upcoming and i.starts_at >= _start_of(today.add(days=1))
    ]
    assert {i.status for i in upcoming} == {InterviewStatus.PROPOSED, InterviewStatus.CONFIRMED}
    assert len({i.timezone for i in upcoming}) >= 4
    assert any(0 < i.readiness < 1 for i in upcoming), "a checklist partly done"
    assert all(i.questions and not any(q.asked for q in i.questions) for i in upcoming)
    # The next week is busy enough to plan, not so busy it looks fake.
    next_week = [i for i in upcoming if i.starts_at < _start_of(today.add(days=8))]
    assert 4 <= len(next_week) <= 10


def test_one_upcoming_interview_straddles_a_daylight_saving_change(
    demo: Workbook, today: pendulum.Date
) -> None:
    straddling = []
    for interview in demo.upcoming_interviews(now=_start_of(today)):
        zone = interview.timezone
        at_meeting = pendulum.parse(interview.starts_at).in_timezone(zone)  # type: ignore[union-attr]
        now_there = pendulum.datetime(today.year, today.month, today.day, 12, tz=zone)
        if at_meeting.utcoffset() != now_there.utcoffset():
            straddling.append(interview)
    assert len(straddling) == 1, [(_name(demo, i), i.starts_at) for i in straddling]
    interview = straddling[0]
    # Placed a couple of days after the change: soon after it, not months later.
    local = pendulum.parse(interview.starts_at).in_timezone(interview.timezone)  # type: ignore[union-attr]
    days_after_change = next(
        days
        for days in range(1, 400)
        if local.subtract(days=days).set(hour=12).utcoffset() != local.utcoffset()
    )
    assert days_after_change <= 4
    assert local.hour == 10 and local.minute == 0, "10:00 on the contact's clock after the change"


# -- follow-ups ---------------------------------------------------------------------------------


def test_open_follow_ups_are_overdue_due_today_and_due_soon(
    demo: Workbook, today: pendulum.Date
) -> None:
    open_items = demo.open_follow_ups()
    days = [(_local_day(f.effective_due) - today).days for f in open_items]
    assert any(d < 0 for d in days), "overdue"
    assert any(d == 0 for d in days), "due today"
    assert any(1 <= d <= 7 for d in days), "due soon"
    for item in open_items:
        assert item.rule, item
        assert item.reason.endswith((".", "?")) and len(item.reason.split()) >= 5, item.reason
    assert sum(bool(f.draft.strip()) for f in open_items) >= 3
    rules = {f.rule for f in demo.all(FollowUp)}
    assert {"3b7", "thank-you", "confirm", "keep-in-touch"} <= rules
    assert any(f.snoozed_until for f in open_items), "a snoozed one"
    assert any(not f.is_open for f in demo.all(FollowUp)), "history: done or dismissed"


def test_follow_ups_of_interviews_belong_to_the_same_contact(demo: Workbook) -> None:
    linked = [f for f in demo.all(FollowUp) if f.interview_id]
    assert linked
    for follow_up in linked:
        interview = demo.find(Interview, follow_up.interview_id)
        assert interview is not None and interview.contact_id == follow_up.contact_id


def test_the_thank_you_draft_recalls_what_was_tagged_in_the_call(demo: Workbook) -> None:
    drafts = [f for f in demo.open_follow_ups() if f.rule == "thank-you" and f.draft]
    assert drafts
    for follow_up in drafts:
        interview = demo.find(Interview, follow_up.interview_id)
        assert interview is not None
        thanks = [line for line in interview.notes.splitlines() if "#thanks" in line]
        assert thanks
        assert "recital" in follow_up.draft and "recital" in thanks[0]


# -- dates stay relative, the file is real ------------------------------------------------------


def test_dates_move_with_today(tmp_path: Path) -> None:
    early = _build(tmp_path, WINTER, "early.json")
    later = _build(tmp_path, WINTER.add(days=30), "later.json")

    def days(workbook: Workbook) -> dict[tuple[str, str], pendulum.Date]:
        found = {(_name(workbook, t), t.summary): _local_day(t.at) for t in workbook.all(Touch)}
        for item in workbook.all(FollowUp):
            found[(_name(workbook, item), item.reason)] = _local_day(item.due)
        return found

    before, after = days(early), days(later)
    assert before.keys() == after.keys()
    shifts = {key: (after[key] - before[key]).days for key in before}
    # Only what is placed after the next daylight-saving change moves with that change
    # instead; everything else keeps its distance from today.
    near = [key for key in before if (before[key] - WINTER).days < 60]
    assert len(near) >= len(before) - 1
    assert {shifts[key] for key in near} == {30}
    early.close()
    later.close()


def test_default_today_is_today_in_the_home_zone(tmp_path: Path) -> None:
    implicit = _build_default(tmp_path / "implicit.json")
    explicit = _build(tmp_path, pendulum.today(HOME).date(), "explicit.json")
    assert sorted(t.at for t in implicit.all(Touch)) == sorted(t.at for t in explicit.all(Touch))
    implicit.close()
    explicit.close()


def _build_default(path: Path) -> Workbook:
    return open_workbook(build_demo_workbook(path, home_timezone=HOME), read_only=True)


def test_the_file_is_a_private_workbook_that_reopens_for_writing(tmp_path: Path) -> None:
    path = build_demo_workbook(tmp_path / "demo.json", today=WINTER, home_timezone=HOME)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open_workbook(path, read_only=False) as workbook:
        assert not workbook.read_only
        assert workbook.count(Contact) >= 30


# -- a broken source is reported, and nothing is written ------------------------------------


def _source(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("contacts:\n  - {key: a, name: A, touches: [{at: yesterday}]}\n", "'yesterday'"),
        ("contacts:\n  - {key: a, name: A, referred_by: nobody}\n", "'nobody'"),
        ("contacts:\n  - {key: a, name: A, stage: hired}\n", "stage 'hired'"),
        ("contacts:\n  - {key: a, name: A, nickname: Al}\n", "nickname"),
        ("contacts:\n  - {key: a, name: A, timezone: Mars/Olympus}\n", "Mars/Olympus"),
        (
            "contacts:\n  - {key: a, name: A, timezone: Asia/Tokyo,"
            " interviews: [{starts_at: after-dst +2d 10:00}]}\n",
            "Asia/Tokyo has none in the next year",
        ),
        ("contacts:\n  - {key: a, name: A}\n  - {key: a, name: B}\n", "used twice"),
        ("contacts: [oops\n", "line 2, column 1: invalid YAML"),
        ("contacts: []\n" + yaml_bomb(9), "expands to more than 10,000 values"),
    ],
)
def test_a_broken_source_names_the_problem_and_writes_nothing(
    tmp_path: Path, body: str, expected: str
) -> None:
    target = tmp_path / "demo.json"
    with pytest.raises(SampleDataError, match=re.escape(expected)):
        build_demo_workbook(target, today=WINTER, source=_source(tmp_path, body))
    assert not target.exists()


def test_the_demo_job_seeker_signs_the_drafts(tmp_path: Path) -> None:
    persona = demo_persona()
    assert set(persona) == {"your_name", "pitch", "target_field", "contact_line"}
    assert all(value and value == value.strip() for value in persona.values())
    # A source without one, or with odd values, gives only what is usable.
    source = tmp_path / "demo.yaml"
    source.write_text(
        "you:\n  your_name: '  '\n  pitch: [1, 2]\n  target_field: Data\ncontacts: []\n"
    )
    assert demo_persona(source) == {"target_field": "Data"}
    source.write_text("contacts: []\n")
    assert demo_persona(source) == {}
