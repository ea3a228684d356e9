"""Pilot tests of the compose screen: m on a contact and w in the follow-up queue open it,
templates fill with names that look like markup, the checks follow typing, ctrl+g copies,
ctrl+t marks it sent (saved to the real file), switching template asks before replacing
edits, a follow-up keeps its draft on close and on quit, and the editor key hands the text
to $EDITOR."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from informterm.core.model import (
    Channel,
    Contact,
    FollowUp,
    FollowUpStatus,
    Settings,
    Stage,
    TouchKind,
)
from informterm.store import Workbook, open_workbook
from informterm.tui.commands import table_commands
from informterm.tui.screens.compose import ComposeScreen, DraftArea
from informterm.tui.screens.confirm import ConfirmScreen
from informterm.tui.screens.workbook_screen import WorkbookScreen
from informterm.tui.widgets.follow_up_queue import FollowUpQueue
from informterm.tui.widgets.key_bar import KeyBar
from tests.tui.conftest import ANN, BOB, DANA, fill_workbook, screen_text

SIZE = (120, 40)


def notices(app: Any) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def on_disk(workbook: Workbook) -> Workbook:
    return open_workbook(Path(workbook.path), read_only=True)


async def settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def compose_for_contact(pilot: Any, contact_id: str) -> ComposeScreen:
    """Highlight a contact in the list and press m."""
    screen = pilot.app.screen
    assert isinstance(screen, WorkbookScreen)
    assert screen.select_contact(contact_id)
    await pilot.press("m")
    await pilot.pause()
    compose = pilot.app.screen
    assert isinstance(compose, ComposeScreen)
    return compose


async def compose_for_follow_up(pilot: Any, follow_up_id: str) -> ComposeScreen:
    """Highlight a follow-up in the queue and press w."""
    await pilot.press("4")
    queue = pilot.app.screen.query_one(FollowUpQueue)
    while queue.highlighted_follow_up is None or queue.highlighted_follow_up.id != follow_up_id:
        await pilot.press("j")
    await pilot.press("w")
    await pilot.pause()
    compose = pilot.app.screen
    assert isinstance(compose, ComposeScreen)
    return compose


async def type_at_end(pilot: Any, compose: ComposeScreen, text: str) -> None:
    body = compose.query_one("#body", DraftArea)
    body.focus()
    body.move_cursor(body.document.end)
    body.insert(text)
    await pilot.pause(0.3)  # the checks wait for a pause in typing


def checks_text(compose: ComposeScreen) -> str:
    return str(compose.query_one("#compose-checks").render())


def placeholders_text(compose: ComposeScreen) -> str:
    return str(compose.query_one("#compose-placeholders").render())


# -- opening it ---------------------------------------------------------------------------


async def test_m_on_a_contact_fills_the_request_with_markup_laden_names(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        compose = await compose_for_contact(pilot, BOB)
        assert compose.template.id == "request-email"
        assert compose.subject == "Ann [/] Lee suggested I write to you"
        assert compose.body.startswith("Dear [bold]Bob,\n\nAnn [/] Lee suggested I write to you.")
        text = screen_text(pilot.app)
        assert "Message to [bold]Bob  Researcher at Globex" in text
        assert "Dear [bold]Bob," in text
        assert "Request checks (6-point)" in text
        # Unset settings and what only the writer can say stay visible and are listed.
        listed = placeholders_text(compose)
        assert "$pitch $target_field $your_name $contact_line  not set in your config.yaml" in (
            listed
        )
        assert "$reason  why you chose them" in listed
        bar = pilot.app.screen.query_one(KeyBar).render().plain
        assert "esc Close" in bar and "^g Copy" in bar and "^o Editor" in bar
        assert "^t Mark sent" in bar


async def test_a_company_that_looks_like_a_link_is_shown_as_typed(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await compose_for_contact(pilot, DANA)
        assert "Research ops at [link=https://x.example]Initech" in screen_text(pilot.app)


async def test_the_card_and_the_palette_offer_compose(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, WorkbookScreen)
        screen.select_contact(BOB)
        await pilot.pause()
        titles = [title for title, _, _ in table_commands(screen)]
        assert "contact: Compose message to [bold]Bob" in titles
        assert "follow-ups: Draft Ann [/] Lee's follow-up" in titles
        pilot.app.open_contact_card(ANN)
        await pilot.pause()
        assert "m Message" in pilot.app.screen.query_one(KeyBar).render().plain
        await pilot.press("m")
        await pilot.pause()
        compose = pilot.app.screen
        assert isinstance(compose, ComposeScreen) and compose.contact.id == ANN
        titles = [title for title, _, _ in table_commands(compose)]
        assert {"compose: Copy the message", "compose: Mark as sent"} <= set(titles)


# -- the checks, the copy, the sending ------------------------------------------------------


async def test_the_checks_follow_what_is_typed(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        compose = await compose_for_contact(pilot, BOB)
        assert "Nothing to fix" in checks_text(compose)
        await type_at_end(pilot, compose, "\nAre you hiring? I attach my resume.")
        text = checks_text(compose)
        assert "✗ 2 questions: ask one thing (6-point)" in text
        assert 'Sounds like job seeking ("hiring", "my resume"): leave it out' in text


async def test_a_thank_you_is_not_checked_as_a_request(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        compose = await compose_for_follow_up(pilot, "f-bob-thanks")
        assert compose.template.id == "thank-you-email"
        # Bob's #advice line, its tag and call time taken out.
        assert "changed my plan: Keep the portfolio to three case studies." in compose.body
        assert "request checks are for outreach requests" in checks_text(compose)


async def test_ctrl_g_copies_the_subject_and_the_message(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        compose = await compose_for_contact(pilot, BOB)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert pilot.app.clipboard == (
            f"Subject: Ann [/] Lee suggested I write to you\n\n{compose.body}"
        )
        assert any("still has $pitch" in n for n in notices(pilot.app))


async def test_ctrl_t_from_a_contact_logs_the_request(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await compose_for_contact(pilot, BOB)
        await pilot.press("ctrl+t")
        await pilot.pause()
        # Placeholders are left in it: it asks first.
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, WorkbookScreen)
        with on_disk(workbook) as again:
            sent = [t for t in again.touches_of(BOB) if t.kind is TouchKind.REQUEST]
            assert len(sent) == 1 and sent[0].channel is Channel.EMAIL
            assert sent[0].summary == (
                "Outreach request (email): Ann [/] Lee suggested I write to you"
            )
            assert again.get(Contact, BOB).stage is Stage.INTERVIEWED  # past reaching out
        assert any("Logged the request to [bold]Bob as sent" in n for n in notices(pilot.app))


async def test_ctrl_t_for_a_follow_up_marks_it_done_and_u_undoes_it(
    app, workbook: Workbook
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        compose = await compose_for_follow_up(pilot, "f-bob-thanks")
        # A card this time: the touch is a letter.
        compose.query_one("#template").value = "thank-you-card"  # type: ignore[attr-defined]
        await pilot.pause()
        assert compose.template.id == "thank-you-card" and compose.subject is None
        await pilot.press("ctrl+t")
        await pilot.pause()
        # Bob's notes have no #thanks line, so $thanks is left: it asks first.
        assert isinstance(pilot.app.screen, ConfirmScreen)
        assert "$thanks" in str(pilot.app.screen.query_one("#confirm-message").render())
        await pilot.press("y")
        await settle(pilot)
        with on_disk(workbook) as again:
            stored = again.get(FollowUp, "f-bob-thanks")
            assert stored.status is FollowUpStatus.DONE
            assert stored.draft.startswith("Dear [bold]Bob,")
            [sent] = [t for t in again.touches_of(BOB) if t.kind is TouchKind.THANK_YOU]
            assert sent.channel is Channel.LETTER
        assert any("Done: thank-you for [bold]Bob" in n for n in notices(pilot.app))
        await pilot.press("u")
        await settle(pilot)
        assert workbook.get(FollowUp, "f-bob-thanks").status is FollowUpStatus.OPEN


# -- templates and drafts -------------------------------------------------------------------


async def test_switching_template_after_editing_asks_first(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        compose = await compose_for_contact(pilot, BOB)
        select: Any = compose.query_one("#template")
        # Unedited: it just switches.
        select.value = "request-linkedin"
        await pilot.pause()
        assert compose.template.id == "request-linkedin" and compose.subject is None
        assert "of 300 characters" in checks_text(compose)
        await type_at_end(pilot, compose, " PS: mine")
        select.value = "request-phone"
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert compose.template.id == "request-linkedin" and select.value == "request-linkedin"
        assert compose.body.endswith("PS: mine")
        select.value = "request-phone"
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert compose.template.id == "request-phone"
        assert compose.body.startswith("Hello [bold]Bob, Ann [/] Lee suggested I call you")


async def test_a_follow_up_keeps_its_draft_and_starts_from_it_again(
    app, workbook: Workbook
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        compose = await compose_for_follow_up(pilot, "f-bob-thanks")
        await type_at_end(pilot, compose, "\nPS: the [bold] meetup link")
        expected = compose.text
        await pilot.press("escape")
        await settle(pilot)
        with on_disk(workbook) as again:
            assert again.get(FollowUp, "f-bob-thanks").draft == expected
        assert any("Kept the draft of the thank-you for [bold]Bob" in n for n in notices(pilot.app))
        queue = pilot.app.screen.query_one(FollowUpQueue)
        row = queue.get_option("follow-up-f-bob-thanks")
        assert "· thank-you · ✎ draft" in str(row.prompt)
        await pilot.press("w")
        await pilot.pause()
        reopened = pilot.app.screen
        assert isinstance(reopened, ComposeScreen)
        assert reopened.template.id == "thank-you-email"
        assert reopened.text == expected


async def test_closing_an_untouched_follow_up_writes_nothing(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await compose_for_follow_up(pilot, "f-dana")
        await pilot.press("escape")
        await settle(pilot)
        assert workbook.get(FollowUp, "f-dana").draft == ""


async def test_quitting_keeps_the_draft_being_written(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        compose = await compose_for_follow_up(pilot, "f-dana")
        assert compose.template.id == "follow-up"
        await type_at_end(pilot, compose, "\nWritten just before quitting")
        expected = compose.text
        await pilot.press("ctrl+q")
        await pilot.pause()
    with on_disk(workbook) as again:
        assert again.get(FollowUp, "f-dana").draft == expected


async def test_an_edited_outreach_asks_before_it_is_closed(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        compose = await compose_for_contact(pilot, BOB)
        await type_at_end(pilot, compose, "!")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen is compose
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, WorkbookScreen)


async def test_a_users_templates_are_offered_and_a_bad_one_is_named(app, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "request-email.yaml").write_text(
        "label: My [bold]request\nkind: request\nchannel: email\nfits: [outreach]\norder: 1\n"
        "body: Hi $first_name, ${favourite} and $$5\n",
        encoding="utf-8",
    )
    (folder / "confirm.yaml").write_text("label: Broken\nkind: nope\n", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        compose = await compose_for_contact(pilot, BOB)
        assert compose.template.label == "My [bold]request"
        assert compose.body == "Hi [bold]Bob, ${favourite} and $5"
        assert "${favourite}" not in placeholders_text(compose)
        assert "$favourite  not a placeholder informterm knows" in placeholders_text(compose)
        assert "My [bold]request" in screen_text(pilot.app)
        [problem] = [n for n in notices(pilot.app) if "confirm.yaml" in n]
        assert "was skipped" in problem and "Using the shipped" in problem


# -- the editor ---------------------------------------------------------------------------


async def test_ctrl_o_hands_the_text_to_the_editor(app, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def fake_editor(_app: Any, command: list[str]) -> int:
        path = Path(command[-1])
        seen["command"], seen["mode"] = command[:-1], path.stat().st_mode & 0o777
        seen["text"] = path.read_text(encoding="utf-8")
        path.write_text("Subject: From the editor\n\nDear [bold]Bob, edited\n", encoding="utf-8")
        return 0

    monkeypatch.setenv("EDITOR", "my-editor --wait")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr("informterm.tui.external_editor.run_editor", fake_editor)
    async with app.run_test(size=SIZE) as pilot:
        compose = await compose_for_contact(pilot, BOB)
        before = compose.text
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert seen == {"command": ["my-editor", "--wait"], "mode": 0o600, "text": before}
        assert (compose.subject, compose.body) == ("From the editor", "Dear [bold]Bob, edited")


async def test_ctrl_o_without_an_editor_says_how_to_set_one(
    app, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    async with app.run_test(size=SIZE) as pilot:
        compose = await compose_for_contact(pilot, BOB)
        before = compose.text
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert compose.text == before
        assert any(
            n.startswith("No editor is set: set $VISUAL or $EDITOR") for n in notices(pilot.app)
        )


# -- read-only ------------------------------------------------------------------------------


async def test_read_only_composes_and_copies_but_never_marks_sent(
    tmp_path: Path, settings: Settings, frozen_clock: str
) -> None:
    from informterm.cli import make_app

    path = tmp_path / "shared.json"
    with open_workbook(path) as writer:
        fill_workbook(writer)
        with open_workbook(path) as second:
            assert second.read_only
            app = make_app(second, settings, tmp_path / "config.yaml")
            async with app.run_test(size=SIZE) as pilot:
                compose = await compose_for_follow_up(pilot, "f-bob-thanks")
                bar = pilot.app.screen.query_one(KeyBar).render().plain
                assert "^g Copy" in bar and "Mark sent" not in bar
                await pilot.press("ctrl+t")
                await pilot.pause()
                assert pilot.app.screen is compose
                assert any("open read-only" in n for n in notices(pilot.app))
                await type_at_end(pilot, compose, "x")
                await pilot.press("escape")
                await pilot.pause()
                assert any("The draft was not kept" in n for n in notices(pilot.app))
        assert writer.get(FollowUp, "f-bob-thanks").draft == ""


async def test_draft_is_not_offered_for_trying_the_next_contact(make, workbook: Workbook) -> None:
    from informterm.core.model import FollowUpKind

    workbook.add(
        FollowUp(
            id="f-try-next",
            contact_id=DANA,
            due="2026-11-23T09:00:00Z",
            kind=FollowUpKind.TRY_NEXT,
            reason="No reply: try someone else at Initech",
        )
    )
    app = make(workbook)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        queue = pilot.app.screen.query_one(FollowUpQueue)
        bar = pilot.app.screen.query_one(KeyBar)
        seen: dict[str, bool] = {}
        for _ in queue.follow_ups:
            follow_up = queue.highlighted_follow_up
            assert follow_up is not None
            await pilot.pause()
            seen[follow_up.id] = "w Draft" in bar.render().plain
            await pilot.press("j")
        assert seen["f-try-next"] is False
        assert seen["f-bob-thanks"] is True and seen["f-ann-confirm"] is True
        # Its key does nothing there either.
        while queue.highlighted_follow_up.id != "f-try-next":  # type: ignore[union-attr]
            await pilot.press("k")
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(pilot.app.screen, WorkbookScreen)
