"""Checking IANA time-zone names, with suggestions when a name is not known.

The happy path only asks ``zoneinfo`` for the one zone. The full list of zones costs a
directory walk (tens of milliseconds), so it is read only when a name fails and
suggestions are needed, and then kept.
"""

from __future__ import annotations

import difflib
import functools
import zoneinfo

# Names that zoneinfo can open but that are not zones a person means: "localtime" is this
# machine's setting (so it would differ from machine to machine), the others are tzdata
# internals.
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})

_EXAMPLES = "an IANA name such as Europe/Paris, America/New_York or UTC"


class UnknownTimezone(ValueError):
    """A time-zone name that is not an IANA zone; the message suggests the closest ones."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"did you mean {', '.join(suggestions)}?" if suggestions else f"use {_EXAMPLES}"
        super().__init__(f"unknown time zone {name!r}: {hint}")


def check_timezone(name: str) -> str:
    """The canonical IANA name for ``name``, or raise UnknownTimezone.

    The empty string (no zone known) is returned as is. A name that differs from a real
    zone only in letter case or in spaces for underscores ("america/new york") is
    corrected to the real spelling; anything else raises, with suggestions.
    """
    text = name.strip()
    if not text:
        return ""
    if text not in _NOT_ZONES and _opens(text):
        return text
    canonical = _by_folded_name().get(_fold(text))
    if canonical is not None:
        return canonical
    raise UnknownTimezone(text, suggest_timezones(text))


def suggest_timezones(text: str, limit: int = 5) -> list[str]:
    """The IANA zone names closest to ``text``, best first (at most ``limit``).

    Matches the whole name and the city part alike, ignoring case and treating spaces as
    underscores, so "paris", "new york" and "Europe/Pariss" all find their zone.
    """
    query = _fold(text)
    if not query or limit <= 0:
        return []
    by_name = _by_folded_name()
    by_city = _by_folded_city()
    found: list[str] = []

    def add(names: list[str]) -> None:
        for zone in names:
            if zone not in found:
                found.append(zone)

    if query in by_name:
        add([by_name[query]])
    add(by_city.get(query, []))
    # Typed with a region ("Europe/Pariss"): compare whole names first.
    if "/" in query:
        add([by_name[n] for n in difflib.get_close_matches(query, by_name, limit, 0.85)])
    city_query = query.rsplit("/", 1)[-1]
    add(by_city.get(city_query, []))
    for city in difflib.get_close_matches(city_query, by_city, limit, 0.75):
        add(by_city[city])
    # A fragment of a city ("york", "angel") is still a useful hint when nothing is closer.
    if len(found) < limit and len(city_query) >= 3:
        add([zone for city, zones in by_city.items() if city_query in city for zone in zones])
    return found[:limit]


def _opens(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        # ValueError for malformed keys (absolute paths, ".."), OSError for folders such
        # as "Europe" that exist in the zone database but are not zones.
        return False
    return True


def _fold(text: str) -> str:
    return "_".join(text.strip().lower().split())


@functools.cache
def _zones() -> tuple[str, ...]:
    # Sorted so suggestions come out the same on every run and every machine.
    return tuple(sorted(zoneinfo.available_timezones() - _NOT_ZONES))


@functools.cache
def _by_folded_name() -> dict[str, str]:
    return {_fold(zone): zone for zone in _zones()}


@functools.cache
def _by_folded_city() -> dict[str, list[str]]:
    cities: dict[str, list[str]] = {}
    for zone in _zones():
        city = _fold(zone.rsplit("/", 1)[-1])
        cities.setdefault(city, []).append(zone)
    # Prefer the canonical region names ("America/...") over legacy aliases ("US/...") and
    # short names, which sort first alphabetically but are rarely what people mean.
    for zones in cities.values():
        zones.sort(key=lambda zone: (zone.count("/") == 0, _is_legacy(zone), zone))
    return cities


_LEGACY_PREFIXES = ("US/", "Canada/", "Mexico/", "Brazil/", "Chile/", "Etc/", "SystemV/")


def _is_legacy(zone: str) -> bool:
    return zone.startswith(_LEGACY_PREFIXES)


def system_timezone() -> str:
    """The machine's own IANA zone (from ``TZ`` or /etc/localtime), or "UTC" if unknown.

    Used when config.yaml names no home time zone: a new user sees their own clock.
    """
    import os

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    for candidate in candidates:
        if not candidate:
            continue
        try:
            return check_timezone(candidate) or "UTC"
        except UnknownTimezone:
            continue
    return "UTC"
