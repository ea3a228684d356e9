"""The contact form's field parsers that the command line shares."""

from __future__ import annotations

import pytest

from informterm.core.fields import FieldError, cadence_text, parse_cadence


@pytest.mark.parametrize(
    ("typed", "days"),
    [("", None), ("  ", None), ("none", 0), ("Off", 0), ("0", 0), ("30", 30), (" 90 ", 90)],
)
def test_a_cadence_reads_and_shows_back(typed: str, days: int | None) -> None:
    assert parse_cadence(typed) == days
    assert parse_cadence(cadence_text(days)) == days


@pytest.mark.parametrize("typed", ["-3", "every month", "1.5", "٣"])
def test_a_cadence_that_is_not_one(typed: str) -> None:
    with pytest.raises(FieldError, match="none to turn it off"):
        parse_cadence(typed)
