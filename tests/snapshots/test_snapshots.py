"""Snapshots of the Workbook screen at 80x24 and 120x40 and of the compose screen, on a fixed
workbook with the clock frozen. Update with ``pytest tests/snapshots --snapshot-update`` and
look at the SVGs."""

from __future__ import annotations

from tests.tui.conftest import ANN, BOB

WIDE = (120, 40)
NARROW = (80, 24)


def test_workbook_wide(snap_compare, app) -> None:
    # Ann: an upcoming interview in another zone, a checklist, questions, an overdue
    # follow-up; her name and company look like markup.
    assert snap_compare(app, press=["j"], terminal_size=WIDE)


def test_workbook_narrow(snap_compare, app) -> None:
    assert snap_compare(app, press=["j"], terminal_size=NARROW)


def test_notes_and_filter(snap_compare, app) -> None:
    # Filtering for "[bold" highlights Bob, whose notes hold timestamps, tags and markup.
    assert snap_compare(app, press=["slash", *"[bold"], terminal_size=WIDE)


def test_sorted_by_stage_with_archived(snap_compare, app) -> None:
    assert snap_compare(app, press=["o", "A", "4"], terminal_size=NARROW)


def test_empty_workbook(snap_compare, make, empty_workbook) -> None:
    assert snap_compare(make(empty_workbook), terminal_size=NARROW)


def test_compose_a_request(snap_compare, app) -> None:
    # m on [bold]Bob, introduced by Ann [/] Lee: the request email filled with both names
    # as typed, the placeholders config.yaml leaves empty listed and highlighted, the checks.
    async def compose_for_bob(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        assert pilot.app.screen.select_contact(BOB)
        await pilot.press("m")
        await pilot.pause()

    assert snap_compare(app, run_before=compose_for_bob, terminal_size=WIDE)


def test_prep_pane_worked_and_the_question_picker(snap_compare, app) -> None:
    # Ann's Prep pane focused (her steps and questions hold brackets), then the bank's
    # picker with one question picked.
    assert snap_compare(app, press=["j", "2", "plus", "j", "space"], terminal_size=WIDE)


def test_call_screen(snap_compare, app) -> None:
    # c on Ann [/] Lee: her header with both zones, the countdown at the agreed 30 minutes
    # (the clock is frozen), a question ticked, tagged lines typed with their stamps.
    async def hold_the_call(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        assert pilot.app.screen.select_contact(ANN)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"She moved from [bold]teaching[/]", "enter")
        await pilot.press("ctrl+l", *"talk to Priya Shah at Globex")
        await pilot.press("ctrl+g", *"three case studies, no more")
        await pilot.press("tab", "down", "space")
        await pilot.pause()

    assert snap_compare(app, run_before=hold_the_call, terminal_size=WIDE)
