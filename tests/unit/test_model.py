"""The domain model: lossless dict round trips for every record (property-based), unknown
keys kept, enums strict, and the small derived properties the screens rely on."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from informterm.core.model import (
    Channel,
    ChecklistItem,
    Contact,
    Direction,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Interview,
    InterviewStatus,
    Medium,
    Question,
    Record,
    Settings,
    Source,
    Stage,
    Touch,
    TouchKind,
    WorkingHours,
    all_timestamps,
    timestamp_problem,
)

# -- strategies -------------------------------------------------------------------------------

texts = st.text(max_size=40)
ids = st.text(min_size=1, max_size=16)
timestamps = st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ"))
# Strings that look like timestamps, some damaged in one character or in length.
near_timestamps = st.one_of(
    timestamps,
    st.tuples(timestamps, st.integers(0, 19), st.characters()).map(
        lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + 1 :]
    ),
    st.tuples(timestamps, st.integers(0, 21)).map(lambda t: t[0][: t[1]]),
    st.text(max_size=24),
)
# What JSON can hold: no NaN or infinity (a workbook file could not contain them).
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)


def extras(record_type: type[Record]) -> st.SearchStrategy[dict[str, Any]]:
    """Unknown keys a newer file might carry (never one of the record's own fields)."""
    own = {f.name for f in fields(record_type)} - {"extra"}  # type: ignore[arg-type]
    return st.dictionaries(texts.filter(lambda k: k not in own), json_values, max_size=3)


def entity_fields(record_type: type[Record]) -> dict[str, st.SearchStrategy[Any]]:
    return {
        "id": ids,
        "created_at": timestamps,
        "updated_at": timestamps,
        "extra": extras(record_type),
    }


checklist_items = st.builds(
    ChecklistItem, text=texts, done=st.booleans(), extra=extras(ChecklistItem)
)
questions = st.builds(
    Question,
    text=texts,
    category=texts,
    asked=st.booleans(),
    answer=texts,
    extra=extras(Question),
)
contacts = st.builds(
    Contact,
    **entity_fields(Contact),
    name=texts,
    title=texts,
    company=texts,
    field=texts,
    location=texts,
    timezone=texts,
    emails=st.lists(texts, max_size=3),
    phones=st.lists(texts, max_size=3),
    profile_url=texts,
    source=st.sampled_from(Source),
    referred_by=st.none() | ids,
    tags=st.lists(texts, max_size=3),
    stage=st.sampled_from(Stage),
    priority=st.integers(-10, 10),
    research_notes=texts,
    keep_in_touch_days=st.none() | st.integers(1, 400),
    archived=st.booleans(),
)
touches = st.builds(
    Touch,
    **entity_fields(Touch),
    contact_id=ids,
    at=timestamps,
    channel=st.sampled_from(Channel),
    direction=st.sampled_from(Direction),
    kind=st.sampled_from(TouchKind),
    summary=texts,
)
interviews = st.builds(
    Interview,
    **entity_fields(Interview),
    contact_id=ids,
    starts_at=timestamps,
    timezone=texts,
    duration_minutes=st.integers(1, 240),
    medium=st.sampled_from(Medium),
    place=texts,
    status=st.sampled_from(InterviewStatus),
    checklist=st.lists(checklist_items, max_size=4),
    questions=st.lists(questions, max_size=4),
    notes=st.text(max_size=400),
    outcome=texts,
)
follow_ups = st.builds(
    FollowUp,
    **entity_fields(FollowUp),
    contact_id=ids,
    due=timestamps,
    kind=st.sampled_from(FollowUpKind),
    reason=texts,
    interview_id=st.none() | ids,
    status=st.sampled_from(FollowUpStatus),
    snoozed_until=st.none() | timestamps,
    rule=texts,
    draft=texts,
)
working_hours = st.builds(WorkingHours, start=texts, end=texts, extra=extras(WorkingHours))
records = contacts | touches | interviews | follow_ups | checklist_items | questions | working_hours


def same(a: Record, b: Record) -> bool:
    """Equal including ``extra`` (which dataclass equality leaves out) and nested extras."""
    return a == b and a.to_dict() == b.to_dict()


# -- round trips ------------------------------------------------------------------------------


@given(records)
def test_to_dict_from_dict_round_trip_is_lossless(record: Record) -> None:
    data = record.to_dict()
    again = type(record).from_dict(data)
    assert same(again, record)
    assert again.to_dict() == data


@given(records)
def test_round_trip_through_json_is_lossless(record: Record) -> None:
    again = type(record).from_dict(orjson.loads(orjson.dumps(record.to_dict())))
    assert same(again, record)


@given(records, st.data())
def test_the_generated_builder_gives_what_the_general_code_gives(record: Record, data: Any) -> None:
    # from_dict takes a generated fast path for well-formed documents; whatever a document
    # leaves out or adds, the record (extra included) or the error must be the general code's.
    doc = record.to_dict()
    for key in data.draw(st.lists(st.sampled_from(sorted(doc)), unique=True)):
        del doc[key]
    doc.update(data.draw(st.dictionaries(st.sampled_from(["mood", "extra", "stage"]), texts)))
    try:
        expected: Any = type(record)._from_dict_general(doc)
    except (TypeError, ValueError) as error:
        expected = error
    try:
        built: Any = type(record).from_dict(doc)
    except (TypeError, ValueError) as error:
        built = error
    if isinstance(expected, Exception):
        assert (type(built), str(built)) == (type(expected), str(expected))
        return
    # Fields the document left out whose default is "now" or a new id differ by nature.
    for name in ("id", "created_at", "updated_at"):
        if hasattr(expected, name) and name not in doc:
            setattr(built, name, getattr(expected, name))
    assert same(built, expected)


@given(contacts | touches | interviews | follow_ups)
def test_to_dict_is_plain_json_data(record: Record) -> None:
    data = record.to_dict()
    assert orjson.loads(orjson.dumps(data)) == data
    for key in ("stage", "source", "channel", "direction", "kind", "medium", "status"):
        if key in data and key not in record.extra:  # extra may hold any value by any name
            assert type(data[key]) is str


# -- settings ---------------------------------------------------------------------------------

settings = st.builds(
    Settings,
    your_name=texts,
    pitch=texts,
    target_field=texts,
    home_timezone=texts,
    working_hours=st.builds(WorkingHours, start=texts, end=texts, extra=extras(WorkingHours)),
    holiday_country=texts,
    meetings_per_day=st.integers(0, 20),
    follow_up_preset=texts,
    follow_up_days=st.dictionaries(texts, st.integers(0, 365), max_size=3),
    keep_in_touch_days=st.integers(0, 365),
    linter_preset=texts,
    theme=texts,
    keymap=st.dictionaries(texts, texts, max_size=3),
)


@given(settings)
def test_settings_round_trip_through_plain_json_data(value: Settings) -> None:
    data = value.to_dict()
    assert orjson.loads(orjson.dumps(data)) == data
    back = Settings.from_dict(orjson.loads(orjson.dumps(data)))
    assert back == value
    assert back.working_hours.extra == value.working_hours.extra
    assert back.to_dict() == data


def test_settings_from_dict_fills_defaults_and_refuses_unknown_keys() -> None:
    assert Settings.from_dict({}) == Settings()
    assert Settings.from_dict({"working_hours": {"start": "08:00"}}).working_hours == (
        WorkingHours(start="08:00")
    )
    with pytest.raises(TypeError, match=r"unknown settings \['colour'\]"):
        Settings.from_dict({"colour": "red"})
    with pytest.raises(TypeError, match="expected an object"):
        Settings.from_dict(["theme"])  # type: ignore[arg-type]


def test_settings_to_dict_shares_nothing_with_the_settings() -> None:
    value = Settings(keymap={"quit": "ctrl+q"})
    value.to_dict()["keymap"]["help"] = "f1"
    assert value.keymap == {"quit": "ctrl+q"}


# -- timestamps -------------------------------------------------------------------------------


@given(st.lists(near_timestamps, max_size=6))
def test_the_bulk_timestamp_check_agrees_with_the_one_by_one_check(values: list[str]) -> None:
    assert all_timestamps(values) == all(timestamp_problem(value) is None for value in values)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2026-11-20T10:00:00Z", None),
        ("2024-02-29T23:59:59Z", None),
        ("2026-02-29T10:00:00Z", "not a real date and time"),
        ("2026-11-20T10:00:00+00:00", "not a UTC time written as YYYY-MM-DDTHH:MM:SSZ"),
        ("2026-11-20 10:00:00Z", "not a UTC time"),
        ("2026-11-2\u0660T10:00:00Z", "not a UTC time"),  # an Arabic-Indic digit
        ("1899-12-31T23:59:59Z", "outside the years 1900 to 2999"),
        ("3000-01-01T00:00:00Z", "outside the years 1900 to 2999"),
        ("2026-11-20T10:00:60Z", "not a real date and time"),
    ],
)
def test_timestamp_problems_are_named(value: str, problem: str | None) -> None:
    found = timestamp_problem(value)
    assert found == problem if problem is None else problem in (found or "")
    assert all_timestamps(["2026-01-01T00:00:00Z", value]) is (problem is None)


# -- unknown keys -----------------------------------------------------------------------------


def test_unknown_keys_are_kept_in_extra_and_written_back() -> None:
    data = {"name": "Ann", "pronouns": "she/her", "extra": {"nested": [1, 2]}}
    contact = Contact.from_dict(data)
    assert contact.name == "Ann"
    assert contact.extra == {"pronouns": "she/her", "extra": {"nested": [1, 2]}}
    out = contact.to_dict()
    assert out["pronouns"] == "she/her"
    assert out["extra"] == {"nested": [1, 2]}


def test_unknown_keys_of_nested_records_are_kept() -> None:
    data = Interview(contact_id="c", starts_at="2026-01-01T00:00:00Z").to_dict()
    data["checklist"] = [{"text": "Research", "done": True, "due_by": "Friday"}]
    interview = Interview.from_dict(data)
    assert interview.checklist[0].extra == {"due_by": "Friday"}
    assert interview.to_dict()["checklist"] == [
        {"text": "Research", "done": True, "due_by": "Friday"}
    ]


def test_from_dict_does_not_share_lists_with_its_input() -> None:
    data = {"name": "Ann", "tags": ["alumni"]}
    contact = Contact.from_dict(data)
    data["tags"].append("changed")
    assert contact.tags == ["alumni"]


# -- enums and bad input ----------------------------------------------------------------------


def test_enum_strings_become_members() -> None:
    contact = Contact.from_dict({"name": "Ann", "stage": "reached out", "source": "alumni"})
    assert contact.stage is Stage.REACHED_OUT
    assert contact.source is Source.ALUMNI


@pytest.mark.parametrize("value", ["Reached Out", "nope", None, 3, ["prospect"]])
def test_a_value_no_member_has_is_refused(value: Any) -> None:
    with pytest.raises(ValueError, match=r"stage: .* is not one of"):
        Contact.from_dict({"name": "Ann", "stage": value})


def test_a_missing_required_field_is_refused() -> None:
    with pytest.raises(TypeError, match="name"):
        Contact.from_dict({"title": "Engineer"})


@pytest.mark.parametrize("value", ["Ann", [1], None])
def test_a_document_that_is_not_an_object_is_refused(value: Any) -> None:
    with pytest.raises(TypeError, match="expected an object"):
        Contact.from_dict(value)


def test_nested_records_must_be_a_list_of_objects() -> None:
    base = {"contact_id": "c", "starts_at": "2026-01-01T00:00:00Z"}
    with pytest.raises(TypeError, match="checklist: expected a list"):
        Interview.from_dict({**base, "checklist": "Research"})
    with pytest.raises(TypeError, match="expected an object"):
        Interview.from_dict({**base, "checklist": ["Research"]})


def test_stage_order_and_exits() -> None:
    assert [s.order for s in Stage] == list(range(len(Stage)))
    assert Stage.PROSPECT.order < Stage.SCHEDULED.order < Stage.KEEPING_IN_TOUCH.order
    assert {s for s in Stage if s.is_exit} == {Stage.NO_RESPONSE, Stage.DECLINED, Stage.CLOSED}


def test_interview_status_upcoming_and_readiness() -> None:
    upcoming = {s for s in InterviewStatus if s.is_upcoming}
    assert upcoming == {InterviewStatus.PROPOSED, InterviewStatus.CONFIRMED}
    interview = Interview(contact_id="c", starts_at="2026-01-01T00:00:00Z")
    assert interview.readiness == 1.0
    interview.checklist = [ChecklistItem(text="a", done=True), ChecklistItem(text="b")]
    assert interview.readiness == 0.5


def test_follow_up_open_and_effective_due() -> None:
    due = "2026-01-01T00:00:00Z"
    later = "2026-02-01T00:00:00Z"
    snoozed = FollowUp(contact_id="c", due=due, status=FollowUpStatus.SNOOZED, snoozed_until=later)
    assert snoozed.is_open and snoozed.effective_due == later
    assert FollowUp(contact_id="c", due=due).effective_due == due
    assert not FollowUp(contact_id="c", due=due, status=FollowUpStatus.DONE).is_open
    assert not FollowUp(contact_id="c", due=due, status=FollowUpStatus.DISMISSED).is_open


def test_touch_reply_is_inbound() -> None:
    assert Touch(contact_id="c", direction=Direction.IN).is_reply
    assert not Touch(contact_id="c").is_reply


def test_records_carry_no_instance_dict() -> None:
    # Slots only: a per-record __dict__ would cost memory on every one of a big workbook.
    for record in (Contact(name="A"), ChecklistItem(text="a"), Touch(contact_id="c")):
        assert not hasattr(record, "__dict__")
