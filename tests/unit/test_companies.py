"""Contacts grouped by employer, and who to try next at each."""

from __future__ import annotations

from informterm.core.companies import by_company
from informterm.core.model import Contact, Stage


def test_contacts_grouped_by_company_whatever_the_spelling() -> None:
    people = [
        Contact(id="a", name="Ann", company="Acme ", stage=Stage.REACHED_OUT),
        Contact(id="b", name="bob", company="acme", priority=1),
        Contact(id="c", name="Cleo", company="Acme", priority=3),
        Contact(id="d", name="Dev", company="Beta [bold]", stage=Stage.DECLINED),
        Contact(id="e", name="Eve", company=""),
        Contact(id="f", name="Fay", company="ACME", archived=True, priority=9),
    ]
    acme, beta = by_company(people)
    assert acme.name == "Acme"
    assert [c.id for c in acme.contacts] == ["b", "c", "f", "a"]
    assert acme.next_to_try is not None and acme.next_to_try.id == "c"
    assert acme.stage_counts() == [(Stage.PROSPECT, 3), (Stage.REACHED_OUT, 1)]
    assert beta.name == "Beta [bold]" and beta.next_to_try is None


def test_no_company_no_group() -> None:
    assert by_company([Contact(name="Eve", company="  ")]) == []
