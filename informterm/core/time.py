"""Time arithmetic on the model's ISO timestamps, with pendulum."""

from __future__ import annotations

import pendulum

from informterm.core.model import Interview, Timestamp

ISO_FORMAT = "YYYY-MM-DDTHH:mm:ss[Z]"


def parse(timestamp: Timestamp) -> pendulum.DateTime:
    """A Timestamp as an aware pendulum DateTime in UTC."""
    value = pendulum.parse(timestamp)
    assert isinstance(value, pendulum.DateTime)
    return value.in_timezone("UTC")


def to_timestamp(moment: pendulum.DateTime) -> Timestamp:
    """An aware DateTime as a Timestamp (UTC, second precision)."""
    return moment.in_timezone("UTC").format(ISO_FORMAT)


def interview_end(interview: Interview) -> Timestamp:
    """When an interview ends (its start plus its duration)."""
    return to_timestamp(parse(interview.starts_at).add(minutes=interview.duration_minutes))
