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
