"""The domain model: dataclasses and enums for every entity, with lossless dict conversion.

Times are kept as ISO 8601 strings in UTC (``2026-11-22T14:30:00Z``) plus an IANA zone
name where a local time matters. Keeping them as strings makes loading 50,000 records
cheap and keeps the round trip to the file exact; ``informterm.core.time`` turns them
into pendulum values when arithmetic is needed.
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import MISSING, dataclass, fields
from dataclasses import field as dc_field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar, Self

Timestamp = str
"""An ISO 8601 instant in UTC, always of the form ``YYYY-MM-DDTHH:MM:SSZ``."""


MIN_YEAR, MAX_YEAR = 1900, 2999
"""The years a Timestamp may fall in: wide enough for any real contact history, narrow
enough that every one of them can be shown in every time zone."""

_STAMP_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", re.ASCII)
_STAMP_SEPARATORS = ((4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "Z"), (20, "\n"))


def timestamp_problem(value: str) -> str | None:
    """Why ``value`` is not a Timestamp, or None when it is one."""
    if _STAMP_RE.fullmatch(value) is None:
        return f"{value!r} is not a UTC time written as YYYY-MM-DDTHH:MM:SSZ"
    if not MIN_YEAR <= int(value[:4]) <= MAX_YEAR:
        return f"{value!r} is outside the years {MIN_YEAR} to {MAX_YEAR}"
    try:
        datetime.fromisoformat(value)
    except ValueError as error:
        return f"{value!r} is not a real date and time ({error})"
    return None


def all_timestamps(values: Iterable[str]) -> bool:
    """True when every one of ``values`` (strings) is a Timestamp.

    A workbook holds tens of thousands, so the layout is checked column by column over all
    of them at once and the values by datetime's own (strict, C) parser.
    """
    values = list(values)
    count = len(values)
    if not count:
        return True
    text = "\n".join(values) + "\n"
    # With 21 characters a line and a newline at the end of each, every value is 20 long.
    if len(text) != 21 * count:
        return False
    for position, char in _STAMP_SEPARATORS:
        if text[position::21] != char * count:
            return False
    try:
        deque(map(datetime.fromisoformat, values), maxlen=0)
    except ValueError:  # a digit that is not one, or a day, month or hour out of range
        return False
    # Years 2000 to 2999 need no more look; earlier ones are checked one by one.
    return text[0::21] == "2" * count or all(
        MIN_YEAR <= int(value[:4]) <= MAX_YEAR for value in values
    )


def utc_now() -> Timestamp:
    """The current instant as a Timestamp (second precision, so strings sort as times)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    """A stable random record id (12 hex digits: short enough to type, unique enough)."""
    return os.urandom(6).hex()


class Stage(StrEnum):
    """Where a contact is in the pipeline; the first seven are in order, the rest are exits."""

    PROSPECT = "prospect"
    RESEARCHING = "researching"
    REACHED_OUT = "reached out"
    SCHEDULED = "scheduled"
    INTERVIEWED = "interviewed"
    THANKED = "thanked"
    KEEPING_IN_TOUCH = "keeping in touch"
    NO_RESPONSE = "no response"
    DECLINED = "declined"
    CLOSED = "closed"

    @property
    def order(self) -> int:
        """Position in the pipeline, used for sorting by stage."""
        return _STAGE_ORDER[self]

    @property
    def is_exit(self) -> bool:
        """True for the side exits (no response, declined, closed)."""
        return self in (Stage.NO_RESPONSE, Stage.DECLINED, Stage.CLOSED)


_STAGE_ORDER = {stage: index for index, stage in enumerate(Stage)}


class Source(StrEnum):
    """How the person came to be a contact."""

    FRIEND = "friend"
    FAMILY = "family"
    ALUMNI = "alumni"
    COLLEAGUE = "colleague"
    EVENT = "event"
    COLD = "cold"
    REFERRAL = "referral"
    OTHER = "other"


class Channel(StrEnum):
    """How a touch happened."""

    EMAIL = "email"
    PHONE = "phone"
    LETTER = "letter"
    MESSAGE = "message"
    IN_PERSON = "in person"
    VIDEO = "video"


class Direction(StrEnum):
    """Who reached whom: an inbound touch is a reply."""

    OUT = "out"
    IN = "in"


class TouchKind(StrEnum):
    """What a touch was for."""

    INTRO = "intro"
    REQUEST = "request"
    FOLLOW_UP = "follow-up"
    THANK_YOU = "thank-you"
    UPDATE = "update"
    REPLY = "reply"
    OTHER = "other"


class Medium(StrEnum):
    """How an interview is held."""

    IN_PERSON = "in person"
    PHONE = "phone"
    VIDEO = "video"


class InterviewStatus(StrEnum):
    """The state of an interview."""

    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    DONE = "done"
    CANCELLED = "cancelled"
    NO_SHOW = "no-show"

    @property
    def is_upcoming(self) -> bool:
        """True while the interview may still happen."""
        return self in (InterviewStatus.PROPOSED, InterviewStatus.CONFIRMED)


class FollowUpKind(StrEnum):
    """Why a follow-up exists, in one word."""

    THANK_YOU = "thank-you"
    NO_REPLY = "no-reply follow-up"
    TRY_NEXT = "try next contact"
    CONFIRM = "confirm"
    KEEP_IN_TOUCH = "keep in touch"
    SHARE_NEWS = "share news"
    PROMISE = "promise"
    CUSTOM = "custom"


class FollowUpStatus(StrEnum):
    """The state of a follow-up; a snoozed one carries ``snoozed_until``."""

    OPEN = "open"
    DONE = "done"
    SNOOZED = "snoozed"
    DISMISSED = "dismissed"


class NoteTag(StrEnum):
    """Tags a note line may carry, typed in text or by one key in call mode."""

    LEAD = "#lead"
    ADVICE = "#advice"
    RESOURCE = "#resource"
    PROMISE = "#promise"
    THANKS = "#thanks"


class Record:
    """Shared dict conversion for the dataclasses below.

    ``to_dict`` gives plain JSON-ready values (enums become their strings, nested records
    become dicts); ``from_dict`` is its exact inverse and ignores nothing silently: unknown
    keys are kept in ``extra`` so a newer file's fields survive a round trip.
    """

    # Empty slots here so the ``slots=True`` dataclasses below really have no __dict__ (and
    # no __weakref__): 40 bytes less for each of the ~350,000 records of a big workbook.
    __slots__ = ()

    _enum_fields: ClassVar[dict[str, type[StrEnum]]] = {}
    _nested_fields: ClassVar[dict[str, type[Record]]] = {}

    def to_dict(self) -> dict[str, Any]:
        """This record as plain JSON-ready data."""
        data: dict[str, Any] = {}
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if f.name == "extra":
                continue
            if f.name in self._nested_fields:
                value = [item.to_dict() for item in value]
            elif isinstance(value, StrEnum):
                value = value.value
            elif isinstance(value, list):
                value = list(value)
            elif isinstance(value, dict):
                value = dict(value)
            data[f.name] = value
        extra = getattr(self, "extra", None)
        if extra:
            for key, value in extra.items():
                data.setdefault(key, value)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build the record from ``to_dict`` output (or a file's raw document).

        Raises TypeError for a document that is not a dict or lacks a required field, and
        ValueError for a value no enum member has.
        """
        build = _BUILDERS.get(cls) or _make_builder(cls)
        if type(data) is dict:
            # The generated builder handles every well-formed document; anything unusual
            # (unknown keys, a bad value) goes the general way, which says what is wrong.
            try:
                return build(data)  # type: ignore[no-any-return]
            except (_Unusual, KeyError, TypeError, ValueError):
                pass
        return cls._from_dict_general(data)

    @classmethod
    def _from_dict_general(cls, data: Any) -> Self:
        """``from_dict`` for any input, with the errors it documents."""
        if not isinstance(data, dict):
            raise TypeError(f"expected an object, got {type(data).__name__}")
        spec = _spec(cls)
        kwargs = dict(data)
        extra: dict[str, Any] = {}
        if not spec.names.issuperset(kwargs):
            extra = {key: kwargs.pop(key) for key in kwargs.keys() - spec.names}
        for key, members in spec.enums:
            if key in kwargs:
                value = kwargs[key]
                try:
                    kwargs[key] = members[value]
                except (KeyError, TypeError):
                    raise ValueError(f"{key}: {value!r} is not one of {list(members)}") from None
        for key, nested in spec.nested:
            value = kwargs.get(key)
            if value is not None:
                if not isinstance(value, list):
                    raise TypeError(f"{key}: expected a list, got {type(value).__name__}")
                kwargs[key] = [nested.from_dict(item) for item in value]
        for key in spec.lists:
            value = kwargs.get(key)
            # A fresh list, so the record never shares a list with the stored document.
            if isinstance(value, list):
                kwargs[key] = list(value)
        if spec.has_extra:
            kwargs["extra"] = extra
        elif extra:
            raise TypeError(f"unexpected fields {sorted(extra)}")
        return cls(**kwargs)


class _Unusual(Exception):
    """Raised by a generated builder for input it leaves to the general ``from_dict``."""


_BUILDERS: dict[type, Any] = {}
_ABSENT: Any = object()


def _make_builder(cls: type[Record]) -> Any:
    """Generate ``cls``'s builder: straight-line code setting each slot from the document.

    It does what the general ``from_dict`` does for a document with no unknown keys and
    valid values, at about half the cost (no keyword arguments, no loops), and raises for
    anything else so the general code handles it.
    """
    spec = _spec(cls)
    enums = dict(spec.enums)
    nested = dict(spec.nested)
    scope: dict[str, Any] = {
        "new": object.__new__,
        "cls": cls,
        "known_keys": spec.names.issuperset,
        "ABSENT": _ABSENT,
        "Unusual": _Unusual,
    }
    lines = [
        "def build(doc):",
        "    if not known_keys(doc):",
        "        raise Unusual",
        "    self = new(cls)",
    ]
    for f in fields(cls):  # type: ignore[arg-type]
        name = f.name
        if name == "extra":
            lines.append("    self.extra = {}")
            continue
        # The expression for a missing key: the default, or a call of the default factory.
        if f.default_factory is not MISSING:
            scope[f"factory_{name}"] = f.default_factory
            fallback = f"factory_{name}()"
        elif f.default is not MISSING:
            scope[f"default_{name}"] = f.default
            fallback = f"default_{name}"
        else:
            fallback = ""
            # A required field: a missing key raises KeyError, for the general code.
        get = f"doc[{name!r}]" if not fallback else f"doc.get({name!r}, ABSENT)"
        lines.append(f"    v = {get}")
        if name in enums:
            scope[f"members_{name}"] = enums[name]
            value = f"members_{name}[v]"
        elif name in nested:
            scope[f"nested_{name}"] = nested[name].from_dict
            lines += [
                "    if v.__class__ is not list and v is not ABSENT:",
                "        raise Unusual",
            ]
            value = f"[nested_{name}(item) for item in v]"
        elif name in spec.lists:
            # A fresh list, so the record never shares a list with the stored document.
            value = "v[:] if v.__class__ is list else v"
        else:
            value = "v"
        if not fallback:
            lines.append(f"    self.{name} = {value}")
        else:
            lines.append(f"    self.{name} = {fallback} if v is ABSENT else {value}")
    lines.append("    return self")
    exec("\n".join(lines), scope)
    build = _BUILDERS[cls] = scope["build"]
    return build


@dataclass(frozen=True, slots=True)
class _ConversionSpec:
    """What ``from_dict`` needs to know about one record class, worked out once."""

    names: frozenset[str]
    enums: tuple[tuple[str, dict[str, StrEnum]], ...]
    nested: tuple[tuple[str, type[Record]], ...]
    lists: tuple[str, ...]
    has_extra: bool


_SPECS: dict[type, _ConversionSpec] = {}


def _spec(cls: type[Record]) -> _ConversionSpec:
    spec = _SPECS.get(cls)
    if spec is None:
        all_names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
        list_names = tuple(
            f.name
            for f in fields(cls)  # type: ignore[arg-type]
            if str(f.type).startswith("list[") and f.name not in cls._nested_fields
        )
        spec = _SPECS[cls] = _ConversionSpec(
            # "extra" is not a document key: a document carrying one keeps it in extra.
            names=frozenset(n for n in all_names if n != "extra"),
            enums=tuple(
                (name, {member.value: member for member in enum_type})
                for name, enum_type in cls._enum_fields.items()
            ),
            nested=tuple(cls._nested_fields.items()),
            lists=list_names,
            has_extra="extra" in all_names,
        )
    return spec


@dataclass(slots=True, kw_only=True)
class Entity(Record):
    """Fields every stored record has."""

    id: str = dc_field(default_factory=new_id)
    created_at: Timestamp = dc_field(default_factory=utc_now)
    updated_at: Timestamp = dc_field(default_factory=utc_now)
    extra: dict[str, Any] = dc_field(default_factory=dict, repr=False, compare=False)


@dataclass(slots=True, kw_only=True)
class Contact(Entity):
    """A person in the network."""

    name: str
    title: str = ""
    company: str = ""
    field: str = ""
    location: str = ""
    timezone: str = ""
    available_hours: str = ""
    """When they take meetings, ``HH:MM-HH:MM`` in their zone; empty: 09:00-17:00."""
    emails: list[str] = dc_field(default_factory=list)
    phones: list[str] = dc_field(default_factory=list)
    profile_url: str = ""
    source: Source = Source.OTHER
    referred_by: str | None = None
    tags: list[str] = dc_field(default_factory=list)
    stage: Stage = Stage.PROSPECT
    priority: int = 0
    research_notes: str = ""
    keep_in_touch_days: int | None = None
    archived: bool = False

    _enum_fields: ClassVar[dict[str, type[StrEnum]]] = {"source": Source, "stage": Stage}


@dataclass(slots=True, kw_only=True)
class Touch(Entity):
    """One interaction with a contact; direction ``in`` means they replied."""

    contact_id: str
    at: Timestamp = dc_field(default_factory=utc_now)
    channel: Channel = Channel.EMAIL
    direction: Direction = Direction.OUT
    kind: TouchKind = TouchKind.OTHER
    summary: str = ""

    _enum_fields: ClassVar[dict[str, type[StrEnum]]] = {
        "channel": Channel,
        "direction": Direction,
        "kind": TouchKind,
    }

    @property
    def is_reply(self) -> bool:
        """An inbound touch is a reply."""
        return self.direction is Direction.IN


@dataclass(slots=True, kw_only=True)
class ChecklistItem(Record):
    """One prep step for an interview."""

    text: str
    done: bool = False
    extra: dict[str, Any] = dc_field(default_factory=dict, repr=False, compare=False)


@dataclass(slots=True, kw_only=True)
class Question(Record):
    """One question of an interview's ordered list."""

    text: str
    category: str = ""
    asked: bool = False
    answer: str = ""
    extra: dict[str, Any] = dc_field(default_factory=dict, repr=False, compare=False)


@dataclass(slots=True, kw_only=True)
class Interview(Entity):
    """A scheduled or held informational interview."""

    contact_id: str
    starts_at: Timestamp
    timezone: str = "UTC"
    duration_minutes: int = 30
    medium: Medium = Medium.VIDEO
    place: str = ""
    status: InterviewStatus = InterviewStatus.PROPOSED
    checklist: list[ChecklistItem] = dc_field(default_factory=list)
    questions: list[Question] = dc_field(default_factory=list)
    notes: str = ""
    outcome: str = ""

    _enum_fields: ClassVar[dict[str, type[StrEnum]]] = {
        "medium": Medium,
        "status": InterviewStatus,
    }
    _nested_fields: ClassVar[dict[str, type[Record]]] = {
        "checklist": ChecklistItem,
        "questions": Question,
    }

    @property
    def readiness(self) -> float:
        """Share of checklist items done, 0.0 to 1.0 (1.0 when there is no checklist)."""
        if not self.checklist:
            return 1.0
        return sum(item.done for item in self.checklist) / len(self.checklist)


@dataclass(slots=True, kw_only=True)
class FollowUp(Entity):
    """A dated thing to do for a contact, saying why it exists."""

    contact_id: str
    due: Timestamp
    kind: FollowUpKind = FollowUpKind.CUSTOM
    reason: str = ""
    interview_id: str | None = None
    status: FollowUpStatus = FollowUpStatus.OPEN
    snoozed_until: Timestamp | None = None
    rule: str = ""
    draft: str = ""
    origin: str = ""
    """For a rule-made follow-up: the rule and the record it answers (see core.rules)."""
    closed_reason: str = ""
    """Why it was closed by its rule ("they replied on Tue 8 Dec"), if it was."""
    pinned: bool = False
    """The user set its due time or reason: its rule no longer moves them."""

    _enum_fields: ClassVar[dict[str, type[StrEnum]]] = {
        "kind": FollowUpKind,
        "status": FollowUpStatus,
    }

    @property
    def is_open(self) -> bool:
        """Open or snoozed: still something to do."""
        return self.status in (FollowUpStatus.OPEN, FollowUpStatus.SNOOZED)

    @property
    def effective_due(self) -> Timestamp:
        """When it next needs attention: the snooze end if snoozed, else the due time."""
        if self.status is FollowUpStatus.SNOOZED and self.snoozed_until:
            return self.snoozed_until
        return self.due


@dataclass(slots=True, kw_only=True)
class WorkingHours(Record):
    """The part of the day meetings should fall in, as local ``HH:MM`` times."""

    start: str = "09:00"
    end: str = "17:30"
    extra: dict[str, Any] = dc_field(default_factory=dict, repr=False, compare=False)


FOLLOW_UP_PRESETS = ("3b7", "week-or-two", "none")
LINTER_PRESETS = ("6-point", "5-point")


@dataclass(slots=True, kw_only=True)
class Settings:
    """The user's settings, read from config.yaml (see ``informterm.config``)."""

    your_name: str = ""
    pitch: str = ""
    target_field: str = ""
    contact_line: str = ""
    """How to reach you, as outreach drafts sign off (an email, a phone number)."""
    home_timezone: str = "UTC"
    working_hours: WorkingHours = dc_field(default_factory=WorkingHours)
    holiday_country: str = ""
    holiday_subdivision: str = ""
    meetings_per_day: int = 4
    follow_up_preset: str = "3b7"
    follow_up_days: dict[str, int] = dc_field(default_factory=dict)
    keep_in_touch_days: int = 90
    linter_preset: str = "6-point"
    linkedin_free_account: bool = False
    """A free LinkedIn account's connection notes are shorter (200 characters, not 300)."""
    theme: str = "informterm-dark"
    keymap: dict[str, str] = dc_field(default_factory=dict)
    config_dir: Path | None = dc_field(default=None, compare=False)
    """The folder of config.yaml, where the user's own templates, checklists and question
    bank live (None: only the shipped ones are used). Not a setting: where they were read."""

    def to_dict(self) -> dict[str, Any]:
        """These settings as plain JSON-ready data (config.yaml's keys and layout)."""
        data: dict[str, Any] = {
            f.name: getattr(self, f.name) for f in fields(self) if f.name != "config_dir"
        }
        data["working_hours"] = self.working_hours.to_dict()
        data["follow_up_days"] = dict(self.follow_up_days)
        data["keymap"] = dict(self.keymap)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        """The exact inverse of ``to_dict``; missing keys take their defaults.

        Raises TypeError for data that is not a dict or has keys Settings does not know
        (config.yaml's own reader explains such problems by line; this is for code).
        """
        if not isinstance(data, dict):
            raise TypeError(f"expected an object, got {type(data).__name__}")
        unknown = data.keys() - {f.name for f in fields(cls)}
        if unknown:
            raise TypeError(f"unknown settings {sorted(unknown)}")
        values = dict(data)
        if "working_hours" in values:
            values["working_hours"] = WorkingHours.from_dict(values["working_hours"])
        for name in ("follow_up_days", "keymap"):
            if name in values:
                values[name] = dict(values[name])
        return cls(**values)


ENTITY_TYPES: dict[str, type[Entity]] = {
    "contacts": Contact,
    "touches": Touch,
    "interviews": Interview,
    "followups": FollowUp,
}
"""Table name -> record class, as stored in the workbook file."""
