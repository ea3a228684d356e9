"""Time-zone names: valid ones pass, near misses are corrected or get suggestions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from informterm.core.time import (
    UnknownTimezone,
    check_timezone,
    suggest_timezones,
    system_timezone,
)


@pytest.mark.parametrize(
    "name", ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "America/Sao_Paulo"]
)
def test_valid_names_come_back_unchanged(name: str) -> None:
    assert check_timezone(name) == name


def test_empty_means_no_zone() -> None:
    assert check_timezone("") == ""
    assert check_timezone("   ") == ""


def test_surrounding_spaces_are_dropped() -> None:
    assert check_timezone("  Europe/Paris ") == "Europe/Paris"


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("europe/paris", "Europe/Paris"),
        ("AMERICA/NEW_YORK", "America/New_York"),
        ("America/New York", "America/New_York"),
        ("utc", "UTC"),
    ],
)
def test_case_and_spaces_are_corrected(typed: str, canonical: str) -> None:
    assert check_timezone(typed) == canonical


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("paris", "Europe/Paris"),
        ("Paris", "Europe/Paris"),
        ("new york", "America/New_York"),
        ("Europe/Pariss", "Europe/Paris"),
        ("Amrica/Los_Angeles", "America/Los_Angeles"),
        ("Tokio", "Asia/Tokyo"),
        ("sao paulo", "America/Sao_Paulo"),
    ],
)
def test_unknown_names_suggest_the_closest(typed: str, expected: str) -> None:
    with pytest.raises(UnknownTimezone) as caught:
        check_timezone(typed)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.name == typed
    assert error.suggestions[0] == expected
    message = str(error)
    assert "unknown time zone" in message
    assert repr(typed) in message
    assert expected in message


def test_a_typo_with_region_suggests_only_close_names() -> None:
    assert suggest_timezones("Europe/Pariss") == ["Europe/Paris"]


def test_no_suggestion_explains_the_format() -> None:
    with pytest.raises(UnknownTimezone) as caught:
        check_timezone("qqqqqq")
    assert caught.value.suggestions == []
    assert "IANA" in str(caught.value)
    assert "Europe/Paris" in str(caught.value)


@pytest.mark.parametrize(
    "name", ["localtime", "posixrules", "Europe", "../etc/passwd", "/etc/localtime", "Mars/Base"]
)
def test_things_that_are_not_zones_are_refused(name: str) -> None:
    with pytest.raises(UnknownTimezone):
        check_timezone(name)


def test_suggestions_respect_the_limit_and_are_stable() -> None:
    first = suggest_timezones("an", limit=3)
    assert len(first) <= 3
    assert suggest_timezones("an", limit=3) == first
    assert suggest_timezones("paris", limit=0) == []
    assert suggest_timezones("") == []


def test_city_fragments_are_found() -> None:
    assert "America/New_York" in suggest_timezones("york")


def test_canonical_regions_come_before_legacy_aliases() -> None:
    # Both America/Chicago and the legacy "US/Central" exist; the city match is canonical.
    assert suggest_timezones("chicago")[0] == "America/Chicago"


def test_valid_names_do_not_read_the_whole_zone_list() -> None:
    code = (
        "import sys\n"
        "from informterm.core import time\n"
        "time.check_timezone('Europe/Paris')\n"
        "print(time._zones.cache_info().currsize, 'textual' in sys.modules,"
        " 'tinydb' in sys.modules, 'pendulum' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["0", "False", "False", "False"]


def test_system_timezone_follows_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")
    assert system_timezone() == "Europe/Paris"


def test_system_timezone_ignores_a_tz_that_is_no_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Nowhere/Special")
    assert check_timezone(system_timezone()) == system_timezone()


def test_a_missing_config_uses_the_machines_zone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from informterm.config import load_settings

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert load_settings(tmp_path / "none.yaml").home_timezone == "Asia/Tokyo"
    (tmp_path / "partial.yaml").write_text("your_name: Sam\n")
    assert load_settings(tmp_path / "partial.yaml").home_timezone == "Asia/Tokyo"
    (tmp_path / "set.yaml").write_text("home_timezone: Europe/Berlin\n")
    assert load_settings(tmp_path / "set.yaml").home_timezone == "Europe/Berlin"
