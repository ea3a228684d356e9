"""Reading the values people type into a contact's fields (in a form or on the command
line) into model values, with messages fit for the user."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from informterm.core.addresses import email_problem


class FieldError(ValueError):
    """A typed value that cannot be used; the message is shown next to the field."""


def split_list(text: str) -> list[str]:
    """A comma-separated entry as its items: stripped, empty ones dropped, duplicates once."""
    items: list[str] = []
    for part in text.split(","):
        item = part.strip()
        if item and item not in items:
            items.append(item)
    return items


def parse_emails(text: str) -> list[str]:
    """Comma-separated email addresses, each checked; raises FieldError naming the bad ones."""
    emails = split_list(text.replace(";", ","))
    bad = [email for email in emails if email_problem(email)]
    if len(bad) == 1:
        raise FieldError(f"{bad[0]!r} is not an email address: {email_problem(bad[0])}")
    if bad:
        raise FieldError(
            "These are not email addresses: " + ", ".join(repr(email) for email in bad)
        )
    return emails


def parse_tags(text: str) -> list[str]:
    """Comma-separated tags, without a leading ``#`` (the filter adds it when matching)."""
    return split_list(",".join(part.strip().lstrip("#") for part in text.split(",")))


def check_url(text: str) -> str:
    """A profile URL: empty, or http(s) with a host; raises FieldError otherwise."""
    url = text.strip()
    if not url:
        return ""
    if any(char.isspace() for char in url):
        raise FieldError("A URL cannot contain spaces")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        if not parts.scheme or "." in parts.scheme:
            raise FieldError(f"Start the URL with https:// (e.g. https://{url})")
        raise FieldError("Only http:// and https:// URLs are accepted")
    if not parts.hostname or "." not in parts.hostname.strip("."):
        raise FieldError("The URL needs a host name, e.g. https://www.example.com/me")
    return url


CADENCE_OFF = ("none", "off", "never", "0")
"""What turns a contact's keep-in-touch off in the form."""


def parse_cadence(text: str) -> int | None:
    """A keep-in-touch cadence in days: None (empty) for the default from the settings,
    0 for none ("none", "off", "never" or 0), else a whole number of days above 0."""
    value = text.strip().casefold()
    if not value:
        return None
    if value in CADENCE_OFF:
        return 0
    if not re.fullmatch(r"[0-9]+", value):
        raise FieldError(
            "Keep in touch takes a number of days, none to turn it off, or empty for the default"
        )
    return int(value)


def cadence_text(days: int | None) -> str:
    """A cadence as the form shows it (the inverse of :func:`parse_cadence`)."""
    if days is None:
        return ""
    return "none" if days <= 0 else str(days)


def parse_priority(text: str) -> int:
    """A priority: a whole number of 0 or more, empty meaning 0."""
    value = text.strip()
    if not value:
        return 0
    if not re.fullmatch(r"[0-9]+", value):
        raise FieldError("Priority must be a whole number (0 or more)")
    return int(value)


HOURS_EXAMPLE = "09:00-17:00"
_HOURS_RE = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(?:-|\u2013|to)\s*(\d{1,2})(?:[:.](\d{2}))?")


def parse_hours(text: str) -> str:
    """A span of the day as ``HH:MM-HH:MM`` (``9-17`` and ``9:30 to 16:00`` are read too),
    or the empty string for none; raises FieldError for anything else, or an end that is
    not after the start."""
    value = text.strip().casefold()
    if not value:
        return ""
    match = _HOURS_RE.fullmatch(value)
    if match is None:
        raise FieldError(
            f"Write the hours as HH:MM-HH:MM, e.g. {HOURS_EXAMPLE} (empty: the default)"
        )
    start_hour, start_minute, end_hour, end_minute = (int(part or 0) for part in match.groups())
    if start_hour > 23 or end_hour > 24 or start_minute > 59 or end_minute > 59:
        raise FieldError(f"{text.strip()} is not a span of the day: use 00:00 to 24:00")
    if end_hour == 24 and end_minute:
        raise FieldError(f"{text.strip()} is not a span of the day: it ends at 24:00 at the latest")
    start, end = f"{start_hour:02d}:{start_minute:02d}", f"{end_hour:02d}:{end_minute:02d}"
    if end <= start:
        raise FieldError(f"The hours end at {end}, which is not after they start at {start}")
    return f"{start}-{end}"
