"""The queue's groups: overdue, today, this week and later, in the user's own day."""

from __future__ import annotations

from informterm.core.followups import Urgency, queue_groups
from informterm.core.model import FollowUp, FollowUpStatus

NOW = "2026-12-03T22:30:00Z"  # Thu 3 Dec 23:30 in London, Fri 4 Dec 07:30 in Tokyo


def item(id: str, due: str, **fields: object) -> FollowUp:
    return FollowUp(id=id, contact_id="c", due=due, **fields)  # type: ignore[arg-type]


ITEMS = [
    item("later", "2026-12-20T09:00:00Z"),
    item("soon", "2026-12-05T09:00:00Z"),
    item("late", "2026-12-03T09:00:00Z"),
    item("tonight", "2026-12-03T23:50:00Z"),
    item(
        "snoozed",
        "2026-11-01T09:00:00Z",
        status=FollowUpStatus.SNOOZED,
        snoozed_until="2026-12-04T10:00:00Z",
    ),
]


def ids(groups: list[tuple[Urgency, list[FollowUp]]]) -> list[tuple[str, list[str]]]:
    return [(urgency.value, [f.id for f in items]) for urgency, items in groups]


def test_groups_in_london() -> None:
    assert ids(queue_groups(ITEMS, NOW, "Europe/London")) == [
        ("overdue", ["late"]),
        ("today", ["tonight"]),
        ("soon", ["snoozed", "soon"]),
        ("later", ["later"]),
    ]


def test_groups_east_of_utc_where_it_is_already_tomorrow() -> None:
    # In Tokyo "tonight" (08:50 Fri) and the snooze end (19:00 Fri) are both today.
    assert ids(queue_groups(ITEMS, NOW, "Asia/Tokyo")) == [
        ("overdue", ["late"]),
        ("today", ["tonight", "snoozed"]),
        ("soon", ["soon"]),
        ("later", ["later"]),
    ]


def test_empty_groups_are_left_out() -> None:
    assert ids(queue_groups(ITEMS[:1], NOW, "UTC")) == [("later", ["later"])]


def test_a_snooze_holds_until_it_ends_and_due_filters_take_in_the_overdue() -> None:
    from informterm.core.followups import DUE_WITHIN, still_snoozed

    snoozed = FollowUp(
        contact_id="c",
        due="2026-11-01T09:00:00Z",
        status=FollowUpStatus.SNOOZED,
        snoozed_until="2026-12-02T09:00:00Z",
    )
    assert still_snoozed(snoozed, "2026-12-01T09:00:00Z")
    assert not still_snoozed(snoozed, "2026-12-02T09:00:00Z")
    assert not still_snoozed(
        FollowUp(contact_id="c", due="2027-01-01T09:00:00Z"), "2026-12-01T09:00:00Z"
    )
    assert all(Urgency.OVERDUE in wanted for wanted in DUE_WITHIN.values())
    assert DUE_WITHIN["week"] == {Urgency.OVERDUE, Urgency.TODAY, Urgency.SOON}
