"""Checking the email addresses people type, shared by the contact form and ``informterm add``.

Deliberately practical rather than RFC 5322 complete: it catches slips (a missing ``@``, a
space, two dots, a URL pasted in) and accepts every address people actually use, including
``+`` tags and international domain names. Sending mail is the real test.
"""

from __future__ import annotations

import re

_LOCAL = re.compile(r"[^\s@<>()\[\],;:\"\\]+")
_LABEL = re.compile(r"(?!-)[^\W_]+(?:-+[^\W_]+)*")  # letters and digits, inner hyphens
_TOP_LEVEL = re.compile(r"[^\W\d_]{2,}|xn--[a-z0-9-]+", re.IGNORECASE)


def email_problem(address: str) -> str | None:
    """Why ``address`` is not an email address, or None when it looks like one."""
    if address.count("@") != 1:
        return "it needs exactly one @, as in name@example.com"
    local, domain = address.split("@")
    if not local or not domain:
        return "it needs a name before the @ and a domain after it"
    if not _LOCAL.fullmatch(local) or local.startswith(".") or local.endswith(".") or ".." in local:
        return "the part before the @ has a space, a stray dot or a character mail cannot carry"
    labels = domain.split(".")
    if len(labels) < 2:
        return f"the domain {domain!r} needs a dot, as in example.com"
    if not all(len(label) <= 63 and _LABEL.fullmatch(label) for label in labels):
        return (
            f"the domain {domain!r} is not a host name "
            "(letters, digits and inner hyphens, parts one dot apart)"
        )
    if not _TOP_LEVEL.fullmatch(labels[-1]):
        return f"the domain {domain!r} does not end in a top-level domain of letters, like .com"
    return None
