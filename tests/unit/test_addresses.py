"""The email check shared by the contact form and ``informterm add``."""

from __future__ import annotations

import pytest

from informterm.core.addresses import email_problem


@pytest.mark.parametrize(
    "address",
    [
        "a@b.co",
        "x.y+z@mail.example.org",
        "o'neil@example.ie",
        "ann@münchen.de",
        "ann@xn--mnchen-3ya.de",
        "ivan@example.xn--p1ai",
        "first-last@sub.do-main.example",
    ],
)
def test_addresses_people_use_are_accepted(address: str) -> None:
    assert email_problem(address) is None


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("ann.example.com", "needs exactly one @"),
        ("a@@c.de", "needs exactly one @"),
        ("@c.de", "needs a name before the @"),
        ("a@", "needs a name before the @ and a domain after it"),
        ("a b@c.de", "the part before the @ has a space"),
        (".ann@c.de", "a stray dot"),
        ("a..b@c.de", "a stray dot"),
        ("a@b", "the domain 'b' needs a dot"),
        ("a@b..com", "the domain 'b..com' is not a host name"),
        ("a@b.com/in/x", "the domain 'b.com/in/x' is not a host name"),
        ("a@-b.co", "is not a host name"),
        ("a@b_c.co", "is not a host name"),
        ("a@b.c", "does not end in a top-level domain of letters"),
        ("a@10.0.0.1", "does not end in a top-level domain of letters"),
    ],
)
def test_slips_are_named(address: str, problem: str) -> None:
    assert problem in (email_problem(address) or "")
