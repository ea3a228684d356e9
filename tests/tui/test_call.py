"""Pilot tests of call mode: c starts the call from the list, the Prep pane, the card and the
palette; every call-mode key (the five tags, the stamps, ticking and answering questions,
the editor, Esc and the end-of-call choices, the summary's lead and thank-you keys); the
notes reach the journal as typed and the workbook only when the call ends or is left."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from informterm.core.model import (
    FollowUpKind,
    Interview,
    InterviewStatus,
    Source,
)
from informterm.store import Workbook, open_workbook
from informterm.tui.commands import table_commands
from informterm.tui.screens.call import AnswerInput, CallScreen, QuestionList
from informterm.tui.screens.compose import ComposeScreen
from informterm.tui.screens.contact_card import ContactCard
from informterm.tui.screens.contact_form import ContactForm
from informterm.tui.screens.end_call import CallSummaryScreen, EndCallScreen
from informterm.tui.screens.workbook_screen import WorkbookScreen
from informterm.tui.widgets.key_bar import KeyBar
from tests.tui.conftest import ANN, DANA, screen_text

SIZE = (120, 40)


def notices(app: Any) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def on_disk(workbook: Workbook) -> Workbook:
    return open_workbook(Path(workbook.path), read_only=True)


async def settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def start_call(pilot: Any, contact_id: str = ANN) -> CallScreen:
    screen = pilot.app.screen
    assert isinstance(screen, WorkbookScreen)
    assert screen.select_contact(contact_id)
    await pilot.press("c")
    await pilot.pause()
    call = pilot.app.screen
    assert isinstance(call, CallScreen)
    return call


class Clock:
    """The app's clock, moved on by hand."""

    def __init__(self, app: Any, start: str = "2026-11-25T15:00:00Z") -> None:
        self.seconds = 0
        self.start = start
        app._clock = self

    def __call__(self) -> str:
        minutes, seconds = divmod(self.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return f"2026-11-25T{15 + hours:02d}:{minutes:02d}:{seconds:02d}Z"


async def test_c_starts_the_call_with_header_countdown_and_questions(app: Any) -> None:
    async with app.run_test(size=SIZE) as pilot:
        call = await start_call(pilot)
        assert call.interview_id == "i-ann"
        text = screen_text(app)
        assert "Call with Ann [/] Lee" in text and "UX Research Lead at Northwind [Labs]" in text
        assert "link https://meet.example/ann-[lee]" in text
        assert "your time" in text and "their time (New York)" in text
        assert "30:00 left" in text
        assert "How did you move into UX research?" in text and "1 of 3 asked" in text
        assert app.focused is call.notes
        bar = app.screen.query_one(KeyBar)
        labels = [entry.label for entry in bar.entries()[0]]
        assert labels[:5] == ["^l #lead", "^g #advice", "^r #resource", "^f #promise", "^t #thanks"]
        assert "esc End call" in labels


async def test_no_interview_no_call(app: Any) -> None:
    async with app.run_test(size=SIZE) as pilot:
        assert pilot.app.screen.select_contact(DANA)
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        assert "Call" not in [entry.description for entry in bar.entries()[0]]
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, WorkbookScreen)


async def test_typing_stamps_each_new_line_and_the_tag_keys_tag_it(app: Any) -> None:
    async with app.run_test(size=SIZE) as pilot:
        clock = Clock(app)
        call = await start_call(pilot)
        clock.seconds = 65
        await pilot.press(*"Hello")
        assert call.notes.text == "[01:05] Hello"
        await pilot.press("enter")
        clock.seconds = 130
        assert call.notes.text == "[01:05] Hello\n", "an empty line waits for its first character"
        await pilot.press("enter", *"ok")
        assert call.notes.text == "[01:05] Hello\n\n[02:10] ok"
        for key, tag in [
            ("ctrl+l", "#lead"),
            ("ctrl+g", "#advice"),
            ("ctrl+r", "#resource"),
            ("ctrl+f", "#promise"),
            ("ctrl+t", "#thanks"),
        ]:
            await pilot.press(key, *"x")
            assert call.notes.text.splitlines()[-1] == f"[02:10] {tag} x"
        # A tag key on a line with nothing written yet replaces its tag, keeping its stamp.
        await pilot.press("ctrl+l", "ctrl+g")
        assert call.notes.text.splitlines()[-1] == "[02:10] #advice "


async def test_keys_typed_in_a_burst_keep_their_order(app: Any) -> None:
    # As a terminal delivers fast typing or a paste: every key at once, none waited for.
    from textual import events

    async with app.run_test(size=SIZE) as pilot:
        call = await start_call(pilot)
        burst = [("ctrl+g", None), *[(c, c) for c in "ab"], ("backspace", None)]
        burst += [("c", "c"), ("ctrl+l", None), ("x", "x")]
        for key, character in burst:
            app.post_message(events.Key(key, character))
        await pilot.pause(0.3)
        assert call.notes.text == "[00:00] #advice ac\n[00:00] #lead x"


async def test_the_tag_keys_work_from_the_questions_too(app: Any) -> None:
    async with app.run_test(size=SIZE) as pilot:
        call = await start_call(pilot)
        await pilot.press("tab")
        assert isinstance(app.focused, QuestionList)
        await pilot.press("ctrl+l", *"Priya")
        assert app.focused is call.notes
        assert call.notes.text == "[00:00] #lead Priya"


async def test_questions_tick_and_answer(app: Any, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        call = await start_call(pilot)
        await pilot.press("tab")
        await pilot.press("down", "space")
        assert call.questions[1].asked
        await pilot.press("enter")
        assert not call.questions[1].asked
        await pilot.press("a")
        assert isinstance(app.focused, AnswerInput)
        await pilot.press(*"Mostly [interviews]", "enter")
        assert call.questions[1].asked and call.questions[1].answer == "Mostly [interviews]"
        assert isinstance(app.focused, QuestionList)
        assert "→ Mostly [interviews]" in screen_text(app)
        await pilot.press("a", *"never mind", "escape")
        assert call.questions[1].answer == "Mostly [interviews]"
        assert isinstance(app.screen, CallScreen), "Esc in the answer line does not end the call"
        app.notes_journal.flush()
        state = app.notes_journal.read()["i-ann"]
        assert state.questions is not None and state.questions[1]["answer"] == "Mostly [interviews]"
        # Nothing reached the workbook yet: it is never rewritten during the call.
        assert not workbook.get(Interview, "i-ann").questions[1].asked


async def test_notes_are_journaled_as_typed_and_never_saved_to_the_workbook(
    app: Any, workbook: Workbook
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        call = await start_call(pilot)
        before = Path(workbook.path).stat().st_mtime_ns
        await pilot.press(*"typed")
        await pilot.pause(0.7)
        app.notes_journal.flush()
        assert app.notes_journal.read()["i-ann"].notes == "[00:00] typed"
        assert Path(workbook.path).stat().st_mtime_ns == before
        assert "Saved as you type" in screen_text(app)
        assert call.notes.text == "[00:00] typed"


async def test_ending_the_call_marks_it_held_and_shows_what_it_left(
    app: Any, workbook: Workbook
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        await pilot.press("ctrl+l", *"talk to Priya Shah at Globex")
        await pilot.press("ctrl+g", *"three case studies")
        await pilot.press("ctrl+f", *"send the deck by Friday")
        await pilot.press("ctrl+t", *"the guild intro")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EndCallScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen), "Esc goes back to the call"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press(*"Great advice", "ctrl+s")
        await settle(pilot)
        summary = app.screen
        assert isinstance(summary, CallSummaryScreen)
        text = screen_text(app)
        assert "Interview with Ann [/] Lee held" in text and "Outcome: Great advice" in text
        assert "1 talk to Priya Shah at Globex" in text
        assert "send the deck by Friday" in text
        assert "w opens it" in text
        assert not app.notes_journal.path.exists()
        with on_disk(workbook) as stored:
            held = stored.get(Interview, "i-ann")
            assert held.status is InterviewStatus.DONE and held.outcome == "Great advice"
            assert "[00:00] #lead talk to Priya Shah at Globex" in held.notes
            kinds = {f.kind for f in stored.follow_ups_of(ANN)}
            assert FollowUpKind.PROMISE in kinds and FollowUpKind.THANK_YOU in kinds

        # 1: the lead, as a contact Ann introduced.
        await pilot.press("1")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        assert form.query_one("#name").value == "Priya Shah"
        assert form.query_one("#company").value == "Globex"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is summary
        assert "✓ Priya Shah added" in screen_text(app)
        priya = next(c for c in workbook.contacts() if c.name == "Priya Shah")
        assert priya.referred_by == ANN and priya.source is Source.REFERRAL

        # w: the thank-you, its draft written from the #thanks and #advice lines.
        await pilot.press("w")
        await pilot.pause()
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        body = compose.query_one("#body").text
        assert "Three case studies." in body and "The guild intro." in body


async def test_not_yet_leaves_the_call_with_its_notes_saved(app: Any, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        await pilot.press(*"half way")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, WorkbookScreen)
        held = workbook.get(Interview, "i-ann")
        assert held.notes == "[00:00] half way" and held.status is InterviewStatus.CONFIRMED
        assert any("Left the call with Ann [/] Lee" in text for text in notices(app))
        # Taken up again: the notes and the clock go on.
        call = await start_call(pilot)
        assert call.notes.text == "[00:00] half way"


async def test_the_call_key_from_the_prep_pane_the_card_and_the_palette(app: Any) -> None:
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.select_contact(ANN)
        await pilot.press("2", "c")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ContactCard)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await settle(pilot)
        app.pop_screen()
        await pilot.pause()
        titles = [title for title, _help, _run in table_commands(app.screen)]
        assert "interview: Start call with Ann [/] Lee" in titles


async def test_the_editor_key_edits_the_notes_in_editor(app: Any, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def editor(_app: Any, text: str, **_options: Any) -> str:
        return text + "from the editor"

    monkeypatch.setattr("informterm.tui.external_editor.edit_text", editor)
    async with app.run_test(size=SIZE) as pilot:
        call = await start_call(pilot)
        await pilot.press(*"a", "ctrl+o")
        await pilot.pause()
        assert call.notes.text == "[00:00] afrom the editor"


async def test_the_countdown_turns_to_overrun(app: Any) -> None:
    async with app.run_test(size=SIZE) as pilot:
        clock = Clock(app)
        call = await start_call(pilot)
        clock.seconds = 29 * 60 + 30
        call.tick()
        await pilot.pause()
        assert "00:30 left" in screen_text(app)
        clock.seconds = 32 * 60 + 5
        call.tick()
        await pilot.pause()
        assert "+02:05 over" in screen_text(app)
        assert call.query_one("#call-clock").has_class("-over")


async def test_read_only_says_notes_cannot_be_saved(
    make: Any, workbook: Workbook, tmp_path: Path
) -> None:
    with open_workbook(workbook.path, read_only=True) as reader:
        app = make(reader)
        async with app.run_test(size=SIZE) as pilot:
            await start_call(pilot)
            assert "Notes cannot be saved: the workbook is open read-only" in screen_text(app)
            await pilot.press(*"typed")
            await pilot.pause(0.6)
            assert not Path(str(workbook.path) + ".journal").exists()


async def test_quitting_in_a_call_saves_its_notes(app: Any, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_call(pilot)
        await pilot.press(*"last words", "ctrl+q")
        await settle(pilot)
    assert workbook.get(Interview, "i-ann").notes == "[00:00] last words"
    assert not Path(str(workbook.path) + ".journal").exists()


# -- the Notes pane --------------------------------------------------------------------------


async def test_the_notes_pane_edits_the_notes_and_saves_them_on_leaving(
    app: Any, workbook: Workbook
) -> None:
    from informterm.tui.widgets.notes_editor import PaneNotesEditor
    from informterm.tui.widgets.notes_pane import NotesPane
    from tests.tui.conftest import BOB, BOB_NOTES

    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.select_contact(BOB)
        await pilot.pause()
        before = Path(workbook.path).stat().st_mtime_ns
        await pilot.press("3")
        await pilot.pause()
        pane = app.screen.query_one(NotesPane)
        editor = app.focused
        assert isinstance(editor, PaneNotesEditor) and pane.editing
        assert editor.text == BOB_NOTES
        await pilot.press("enter", *"plain line", "ctrl+r", *"the guild")
        assert editor.text.endswith("\nplain line\n#resource the guild")
        await pilot.pause(0.7)
        app.notes_journal.flush()
        assert app.notes_journal.read()["i-bob"].notes == editor.text
        assert Path(workbook.path).stat().st_mtime_ns == before, "no rewrite per keystroke"
        await pilot.press("escape")
        await settle(pilot)
        assert not pane.editing and app.focused is app.screen.contact_list
        assert workbook.get(Interview, "i-bob").notes.endswith("#resource the guild")
        assert not app.notes_journal.path.exists()
        assert "#resource the guild" in screen_text(app), "the view ends where the typing did"


async def test_the_notes_pane_hands_the_notes_to_editor(app: Any, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.tui.conftest import BOB

    monkeypatch.setattr(
        "informterm.tui.external_editor.edit_text", lambda _app, text, **_: "rewritten"
    )
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.select_contact(BOB)
        await pilot.press("3", "ctrl+o")
        await pilot.pause()
        assert app.focused.text == "rewritten"
        await pilot.press("tab")
        await settle(pilot)
        assert app.workbook.get(Interview, "i-bob").notes == "rewritten"


async def test_the_notes_pane_without_an_interview_only_reads(app: Any) -> None:
    from informterm.tui.widgets.notes_pane import NotesPane

    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.select_contact(DANA)
        await pilot.press("3")
        await pilot.pause()
        pane = app.screen.query_one(NotesPane)
        assert app.focused is pane and not pane.editing
        assert "No interviews yet" in screen_text(app)


async def test_the_lines_kept_drawn_are_the_lines_as_they_are(app: Any) -> None:
    # The notes editor redraws only what an edit or a cursor move changed: whatever it
    # kept must be what drawing everything again gives.
    async with app.run_test(size=SIZE) as pilot:
        call = await start_call(pilot)
        notes = call.notes
        notes.load_text("\n".join(f"line {n} " + "word " * (n % 23) for n in range(200)))
        notes.move_cursor((150, 3))
        await pilot.pause()
        for keys in (["x", "y"], ["enter"], ["up", "up", "z"], ["backspace"] * 3, ["down"] * 5):
            await pilot.press(*keys)
            await pilot.pause()
            height = notes.content_size.height
            kept = [notes.render_line(y).text for y in range(height)]
            notes._line_cache.clear()
            assert [notes.render_line(y).text for y in range(height)] == kept, keys
        # An edit away from the cursor, the height the same: that line is drawn anew.
        cursor = notes.cursor_location
        notes.replace("LINE", (cursor[0] - 2, 0), (cursor[0] - 2, 4))
        await pilot.pause()
        assert any("LINE" in notes.render_line(y).text for y in range(notes.content_size.height))
        assert notes.wrapped_document.height == sum(
            len(offsets) + 1 for offsets in notes.wrapped_document._wrap_offsets
        )


async def test_the_notes_pane_after_the_palette_never_types_into_a_hidden_editor(
    app: Any,
) -> None:
    from informterm.tui.widgets.notes_editor import PaneNotesEditor
    from informterm.tui.widgets.notes_pane import NotesPane
    from tests.tui.conftest import BOB

    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.select_contact(BOB)
        await pilot.press("3", *"abc")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        pane = app.screen.query_one(NotesPane)
        if isinstance(app.focused, PaneNotesEditor):
            assert pane.editing and app.focused.display
        await pilot.press(*"de")
        await settle(pilot)
        assert "abc" in (pane.editor.text if pane.editor else "")
        if pane.editing:
            assert pane.editor is not None and pane.editor.text.endswith("abcde")
