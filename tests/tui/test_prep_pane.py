"""Pilot tests of the Prep pane (pane 2) and the question picker: every key (tick, add, edit,
remove, pick from the bank, write, move, save to the bank) saved to the real file at once; a
failed save keeps what was typed; text that looks like markup or holds control characters
shown as typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select

from informterm.core.model import ChecklistItem, Interview, Question
from informterm.core.questions import load_bank, question_dirs
from informterm.paths import shipped_dir
from informterm.store import Workbook, open_workbook
from informterm.tui.commands import table_commands
from informterm.tui.screens.confirm import ConfirmScreen
from informterm.tui.screens.help_screen import HelpScreen, collect_bindings
from informterm.tui.screens.prep_form import PrepTextForm
from informterm.tui.screens.question_picker import PickOption, QuestionPicker
from informterm.tui.screens.workbook_screen import WorkbookScreen
from informterm.tui.widgets.key_bar import KeyBar
from informterm.tui.widgets.prep_pane import PrepPane, QuestionOption, StepOption
from tests.tui.conftest import ANN, BOB, screen_text

SIZE = (120, 40)


def on_disk(workbook: Workbook) -> Interview:
    with open_workbook(Path(workbook.path), read_only=True) as again:
        return again.get(Interview, "i-ann")


def steps(interview: Interview) -> list[tuple[str, bool]]:
    return [(item.text, item.done) for item in interview.checklist]


def questions(interview: Interview) -> list[str]:
    return [question.text for question in interview.questions]


def bar_text(pilot: Any) -> str:
    return str(pilot.app.screen.query_one(KeyBar).render().plain)


async def settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def prep_of(pilot: Any, contact_id: str = ANN) -> PrepPane:
    """Highlight a contact and focus the Prep pane (key 2)."""
    screen = pilot.app.screen
    assert isinstance(screen, WorkbookScreen)
    assert screen.select_contact(contact_id)
    await pilot.pause()
    await pilot.press("2")
    pane = screen.query_one(PrepPane)
    assert pilot.app.focused is pane
    return pane


async def highlight(pilot: Any, pane: PrepPane, kind: type, index: int) -> None:
    """Move the highlight (with j and k) to a step or question row."""
    for _ in range(20):
        row = pane.row
        if isinstance(row, kind) and row.index == index:
            return
        later = row is None or (kind is QuestionOption and isinstance(row, StepOption))
        later = later or (isinstance(row, kind) and row.index < index)
        await pilot.press("j" if later else "k")
    raise AssertionError(f"no {kind.__name__} {index}")


# -- what it shows -----------------------------------------------------------------------


async def test_the_pane_shows_readiness_as_a_bar_and_offers_its_keys(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = await prep_of(pilot)
        assert "Readiness ▰▰▰▰▰▰▰▱▱▱ 67% · 2 of 3 steps done" in pane.body.plain
        text = screen_text(pilot.app)
        assert "Readiness ▰▰▰▰▰▰▰▱▱▱ 67% · 2 of 3" in text
        assert "Wed 25 Nov 15:00 your time" in text
        # The first step is highlighted: it is ticked, so space unticks it.
        assert isinstance(pane.row, StepOption) and pane.row.index == 0
        bar = bar_text(pilot)
        for label in ("space Untick", "a Add step", "e Edit", "d Remove", "+ Bank", "w Write"):
            assert label in bar, bar
        assert "b To bank" not in bar  # only on a question
        await highlight(pilot, pane, QuestionOption, 1)
        bar = bar_text(pilot)
        assert "space Mark asked" in bar and "b To bank" in bar


async def test_space_ticks_and_unticks_a_step(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = await prep_of(pilot)
        await highlight(pilot, pane, StepOption, 2)
        await pilot.press("space")
        await settle(pilot)
        assert steps(on_disk(workbook))[2] == ("Test the video link", True)
        assert "Readiness ▰▰▰▰▰▰▰▰▰▰ 100% · 3 of 3 steps done" in pane.body.plain
        assert isinstance(pane.row, StepOption) and pane.row.index == 2  # highlight stays
        await pilot.press("space")
        await settle(pilot)
        assert steps(on_disk(workbook))[2] == ("Test the video link", False)


async def test_space_on_a_question_marks_it_asked(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = await prep_of(pilot)
        await highlight(pilot, pane, QuestionOption, 1)
        await pilot.press("space")
        await settle(pilot)
        assert [q.asked for q in on_disk(workbook).questions] == [True, True, False]
        assert "Questions · 2 of 3 asked" in pane.body.plain


async def test_a_adds_a_step_after_the_highlighted_one(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = await prep_of(pilot)
        await pilot.press("a")
        form = pilot.app.screen
        assert isinstance(form, PrepTextForm)
        hostile = "[bold]Print[/] the \x1b[2J agenda [link=x]"
        form.query_one("#prep-text", Input).value = hostile
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, WorkbookScreen)
        assert steps(on_disk(workbook))[1] == (hostile, False)
        assert "☐ [bold]Print[/] the ␛[2J agenda [link=x]" in pane.body.plain
        shown = screen_text(pilot.app)
        assert "☐ [bold]Print[/] the ␛[2J agenda" in shown
        assert "\x1b" not in shown
        assert "Readiness ▰▰▰▰▰▱▱▱▱▱ 50% · 2 of 4 steps done" in pane.body.plain


async def test_an_empty_step_is_not_saved(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await prep_of(pilot)
        await pilot.press("a")
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, PrepTextForm)
        assert "Type the step to save it" in screen_text(pilot.app)
        await pilot.press("escape")
        await settle(pilot)
        assert len(on_disk(workbook).checklist) == 3


async def test_e_edits_a_step_keeping_its_tick(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = await prep_of(pilot)
        await highlight(pilot, pane, StepOption, 1)
        await pilot.press("e")
        form = pilot.app.screen
        assert isinstance(form, PrepTextForm)
        field = form.query_one("#prep-text", Input)
        assert field.value == "Practise the 30-second pitch"
        await pilot.press("backspace", *"s and the ask")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert steps(on_disk(workbook))[1] == ("Practise the 30-second pitcs and the ask", True)
        assert isinstance(pane.row, StepOption) and pane.row.index == 1


async def test_d_removes_a_step_after_asking(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = await prep_of(pilot)
        await pilot.press("d")
        assert isinstance(pilot.app.screen, ConfirmScreen)
        assert "Read the Northwind [Labs] research blog" in screen_text(pilot.app)
        await pilot.press("n")
        await settle(pilot)
        assert len(on_disk(workbook).checklist) == 3
        await pilot.press("d", "y")
        await settle(pilot)
        assert [text for text, _ in steps(on_disk(workbook))] == [
            "Practise the 30-second pitch",
            "Test the video link",
        ]
        assert isinstance(pane.row, StepOption) and pane.row.index == 0


async def test_d_removes_a_question(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = await prep_of(pilot)
        await highlight(pilot, pane, QuestionOption, 1)
        await pilot.press("d", "y")
        await settle(pilot)
        assert questions(on_disk(workbook)) == [
            "How did you move into UX research?",
            "Who else should I talk to?",
        ]


async def test_j_and_k_with_shift_move_a_question_and_the_highlight_follows(
    app, workbook: Workbook
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = await prep_of(pilot)
        await highlight(pilot, pane, QuestionOption, 0)
        await pilot.press("J")
        await settle(pilot)
        await pilot.press("J")  # one more: it goes on down, to the end
        await settle(pilot)
        assert questions(on_disk(workbook)) == [
            "What does a [typical] week look like?",
            "Who else should I talk to?",
            "How did you move into UX research?",
        ]
        assert isinstance(pane.row, QuestionOption) and pane.row.index == 2
        assert "✓ 3. How did you move into UX research?" in pane.body.plain
        await pilot.press("K")
        await settle(pilot)
        await pilot.press("alt+up")
        await settle(pilot)
        assert questions(on_disk(workbook))[0] == "How did you move into UX research?"
        # Steps move too.
        await highlight(pilot, pane, StepOption, 2)
        await pilot.press("alt+up")
        await settle(pilot)
        assert steps(on_disk(workbook))[1] == ("Test the video link", False)


async def test_w_writes_a_question_with_a_category_after_the_highlighted_one(
    app, workbook: Workbook
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = await prep_of(pilot)
        await highlight(pilot, pane, QuestionOption, 0)
        await pilot.press("w")
        form = pilot.app.screen
        assert isinstance(form, PrepTextForm)
        await pilot.press(*"What is [/] next?")
        form.query_one("#prep-category", Select).value = "trends"
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = on_disk(workbook).questions[1]
        assert (saved.text, saved.category) == ("What is [/] next?", "trends")
        assert "  2. What is [/] next?" in pane.body.plain
        assert isinstance(pane.row, QuestionOption) and pane.row.index == 1


async def test_e_edits_a_question_and_its_category(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = await prep_of(pilot)
        await highlight(pilot, pane, QuestionOption, 2)
        await pilot.press("e")
        form = pilot.app.screen
        assert isinstance(form, PrepTextForm)
        form.query_one("#prep-text", Input).value = "Who else [b]should[/b] I ask?"
        form.query_one("#prep-category", Select).value = "closing"
        await pilot.press("ctrl+s")
        await settle(pilot)
        edited = on_disk(workbook).questions[2]
        assert (edited.text, edited.category) == ("Who else [b]should[/b] I ask?", "closing")


async def test_a_failed_save_keeps_the_typed_text_in_the_form(
    app, workbook: Workbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    import informterm.flows.prep as prep

    real = prep.add_step

    def full_disk(*_args: object) -> Interview:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(prep, "add_step", full_disk)
    async with app.run_test(size=SIZE) as pilot:
        await prep_of(pilot)
        await pilot.press("a", *"Charge the laptop", "enter")
        await settle(pilot)
        form = pilot.app.screen
        assert isinstance(form, PrepTextForm)
        assert form.query_one("#prep-text", Input).value == "Charge the laptop"
        assert "Not saved: [Errno 28] No space left on device" in screen_text(pilot.app)
        monkeypatch.setattr(prep, "add_step", real)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, WorkbookScreen)
        assert steps(on_disk(workbook))[1] == ("Charge the laptop", False)


# -- the question picker ------------------------------------------------------------------


async def test_plus_picks_questions_from_the_bank_in_bank_order(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = await prep_of(pilot)
        await pilot.press("plus")
        picker = pilot.app.screen
        assert isinstance(picker, QuestionPicker)
        text = screen_text(pilot.app)
        assert "Small talk" in text and "TIARA · Trends" in text
        bank = picker.bank
        first_closing = bank.categories[-1].questions[0]
        # Pick a closing question first, then a small-talk one: they go in in bank order.
        await pilot.press("slash", *"suggested")
        await pilot.press("down", "space")
        await pilot.press("slash")
        for _ in "suggested":
            await pilot.press("backspace")
        # The whole bank again, the highlight still on the picked one; home goes to the top.
        await pilot.press("down")
        assert picker.highlighted_question is not None
        assert picker.highlighted_question.question.text == first_closing
        await pilot.press("home", "space")
        assert len(picker.picked) == 2
        assert "2 picked" in screen_text(pilot.app)
        await pilot.press("enter")
        await settle(pilot)
        assert questions(on_disk(workbook))[3:] == [bank.categories[0].questions[0], first_closing]
        categories = [q.category for q in on_disk(workbook).questions][3:]
        assert categories == ["small talk", "closing"]
        # The highlight is on the first one added.
        assert isinstance(pane.row, QuestionOption) and pane.row.index == 3


async def test_the_picker_marks_questions_the_list_has_and_filters(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await prep_of(pilot)
        await pilot.press("plus", "enter")  # adds the highlighted one: the first
        await settle(pilot)
        listed = questions(on_disk(workbook))[-1]
        await pilot.press("plus")
        picker = pilot.app.screen
        assert isinstance(picker, QuestionPicker)
        rows = [o for o in picker.questions.options if isinstance(o, PickOption)]
        marked = [o for o in rows if o.listed]
        assert [o.question.text for o in marked] == [listed] and marked[0].disabled
        assert f"✓ {listed} · in your list" in screen_text(pilot.app)
        # The highlight skips it; space on it cannot pick it twice.
        assert picker.highlighted_question is not None
        assert not picker.highlighted_question.listed
        await pilot.press("slash", *"trends")
        shown = picker.shown
        assert shown and all(q.category == "trends" for q in shown)
        assert "3 of" in screen_text(pilot.app)
        await pilot.press("escape", "escape")  # out of the filter, then close
        assert isinstance(pilot.app.screen, WorkbookScreen)
        assert len(on_disk(workbook).questions) == 4


async def test_the_picker_shows_the_users_bank_with_hostile_text(app, tmp_path: Path) -> None:
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "mine.yaml").write_text(
        "category: '[bold]mine[/]'\norder: 1\nquestions:\n  - \"Why \\e[2J [link=x]?\"\n",
        encoding="utf-8",
    )
    async with app.run_test(size=SIZE) as pilot:
        await prep_of(pilot)
        await pilot.press("plus")
        shown = screen_text(pilot.app)
        assert "[bold]mine[/]" in shown
        assert "☐ Why ␛[2J [link=x]?" in shown
        assert "\x1b" not in shown


async def test_a_bad_bank_file_is_said_and_the_shipped_one_used(
    make, workbook: Workbook, tmp_path: Path
) -> None:
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "trends.yaml").write_text("category: trends\nquestions: [oops\n", encoding="utf-8")
    app = make(workbook)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await prep_of(pilot)
        await pilot.press("plus")
        await pilot.pause()
        notices = [n.message for n in pilot.app._notifications]
        assert any(f"Question bank file {folder / 'trends.yaml'} was skipped" in n for n in notices)
        picker = pilot.app.screen
        assert isinstance(picker, QuestionPicker)
        shipped, _ = load_bank([shipped_dir("questions")])
        assert picker.bank.category("trends") == shipped.category("trends")


async def test_a_bad_checklist_file_is_said_when_you_come_to_prepare(
    workbook: Workbook, tmp_path: Path, frozen_clock: str
) -> None:
    from informterm.cli import make_app
    from informterm.core.model import Settings
    from tests.tui.conftest import HOME_TIMEZONE

    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "phone.yaml").write_text("items:\n  - ok\n  - [a, b]\n", encoding="utf-8")
    settings = Settings(home_timezone=HOME_TIMEZONE, config_dir=tmp_path)
    app = make_app(workbook, settings, tmp_path / "config.yaml")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert not pilot.app._notifications
        await prep_of(pilot)
        await settle(pilot)
        [notice] = [str(n.message) for n in pilot.app._notifications]
        assert notice.startswith(f"Checklist file {folder / 'phone.yaml'} was skipped")
        assert "line 3: items: step 2" in notice
        assert notice.endswith("Using the shipped phone checklist instead.")
        await pilot.press("1", "2")  # said once
        await settle(pilot)
        assert len(pilot.app._notifications) == 1


# -- saving to the bank -------------------------------------------------------------------


async def test_b_saves_a_question_to_the_users_bank_file(
    app, workbook: Workbook, tmp_path: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = await prep_of(pilot)
        await highlight(pilot, pane, QuestionOption, 1)
        await pilot.press("b")
        await settle(pilot)
        path = tmp_path / "questions" / "my-questions.yaml"
        assert path.is_file()
        bank, errors = load_bank(question_dirs(tmp_path))
        assert errors == []
        assert bank.category("my questions").questions == (  # type: ignore[union-attr]
            "What does a [typical] week look like?",
        )
        # A question of a bank category goes to that category's file, with its questions.
        await pilot.press("w", *"What next?")
        pilot.app.screen.query_one("#prep-category", Select).value = "advice"
        await pilot.press("enter")
        await settle(pilot)
        await highlight(pilot, pane, QuestionOption, 2)
        assert pane.row is not None and pane.row.question.text == "What next?"  # type: ignore[union-attr]
        await pilot.press("b")
        await settle(pilot)
        bank, _ = load_bank(question_dirs(tmp_path))
        shipped, _ = load_bank([shipped_dir("questions")])
        advice = bank.category("advice")
        assert advice is not None
        assert advice.questions == (*shipped.category("advice").questions, "What next?")  # type: ignore[union-attr]
        assert advice.path == tmp_path / "questions" / "advice.yaml"
        # The picker offers it from then on.
        await pilot.press("plus")
        picker = pilot.app.screen
        assert isinstance(picker, QuestionPicker)
        assert "What next?" in [q.text for q in picker.shown]


# -- when there is nothing to prepare, or nothing may change --------------------------------


async def test_without_an_upcoming_interview_the_keys_do_nothing(app, workbook: Workbook) -> None:
    async with app.run_test(size=SIZE) as pilot:
        pane = await prep_of(pilot, BOB)
        assert pane.body.plain.startswith("No upcoming interview with [bold]Bob.")
        assert "Add step" not in bar_text(pilot)
        await pilot.press("a", "plus", "w", "space")
        await pilot.pause()
        assert isinstance(pilot.app.screen, WorkbookScreen)


async def test_an_interview_without_prep_says_which_keys_add_it(app, workbook: Workbook) -> None:
    interview = workbook.get(Interview, "i-ann")
    workbook.update(interview, checklist=[], questions=[])
    async with app.run_test(size=SIZE) as pilot:
        pane = await prep_of(pilot)
        text = pane.body.plain
        assert "No prep checklist yet." in text and "a adds a step" in text
        assert "+ picks from your question bank; w writes one of your own" in text
        assert pane.row is None
        await pilot.press("a", *"First step", "enter")
        await settle(pilot)
        assert steps(on_disk(workbook)) == [("First step", False)]
        assert isinstance(pane.row, StepOption)


async def test_hostile_steps_and_questions_are_shown_as_typed(app, workbook: Workbook) -> None:
    interview = workbook.get(Interview, "i-ann")
    workbook.update(
        interview,
        checklist=[ChecklistItem(text="[/] close [bold]it"), ChecklistItem(text="Bell\x07\x9b")],
        questions=[Question(text="[link=https://x.example]Click[/link]?\nsecond line")],
    )
    async with app.run_test(size=SIZE) as pilot:
        pane = await prep_of(pilot)
        body = pane.body.plain
        assert "☐ [/] close [bold]it" in body
        assert "☐ Bell␇\\x9b" in body
        assert "1. [link=https://x.example]Click[/link]?␊second line" in body
        shown = screen_text(pilot.app)
        assert "☐ [/] close [bold]it" in shown and "☐ Bell␇\\x9b" in shown
        assert "[link=https://x.example]Click" in shown
        assert "\x07" not in shown and "\x9b" not in shown
        await pilot.press("e")
        form = pilot.app.screen
        assert isinstance(form, PrepTextForm)
        assert form.query_one("#prep-text", Input).value == "[/] close [bold]it"


async def test_read_only_offers_no_prep_changes(tmp_path: Path, settings, frozen_clock) -> None:
    from informterm.cli import make_app
    from tests.tui.conftest import fill_workbook

    path = tmp_path / "shared.json"
    with open_workbook(path) as writer:
        fill_workbook(writer)
        with open_workbook(path) as second:
            assert second.read_only
            app = make_app(second, settings, tmp_path / "config.yaml")
            async with app.run_test(size=SIZE, notifications=True) as pilot:
                await prep_of(pilot)
                bar = bar_text(pilot)
                assert "Untick" not in bar and "Add step" not in bar
                await pilot.press("a", "space")
                await pilot.pause()
                assert isinstance(pilot.app.screen, WorkbookScreen)
                assert any("read-only" in str(n.message) for n in pilot.app._notifications)
    with open_workbook(path, read_only=True) as reader:
        assert reader.get(Interview, "i-ann").checklist[0].done


async def test_help_and_the_palette_list_the_prep_keys(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await prep_of(pilot)
        titles = [title for title, _, _ in table_commands(pilot.app.screen)]
        assert "prep: Pick questions from the bank for Ann [/] Lee" in titles
        assert "prep: Add a step to Ann [/] Lee's checklist" in titles
        assert "prep: Tick or untick the highlighted row" in titles
        groups = {group.title: group for group in collect_bindings(pilot.app)}
        prep_keys = {key.binding_id: key.keys for key in groups["Workbook > Prep"].keys}
        assert prep_keys["prep-tick"] == "space" and prep_keys["prep-pick-questions"] == "+"
        assert prep_keys["prep-move-down"] == "J, alt+↓" or "J" in prep_keys["prep-move-down"]
        assert "Question picker > Questions" in groups
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
