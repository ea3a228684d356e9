"""Preparing for an interview, on real workbook files: a new interview gets its medium's
checklist (the user's own templates when they have them), a new medium swaps in its steps,
and each prep edit (steps and questions: tick, add, edit, move, remove) is one save that
reads back from the file as made."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from informterm.core.checklists import Checklists, ChecklistTemplate
from informterm.core.model import (
    ChecklistItem,
    Contact,
    FollowUp,
    Interview,
    Medium,
    Question,
    Settings,
    Stage,
)
from informterm.flows import prep
from informterm.flows.contacts import add_contact
from informterm.flows.interviews import add_interview, edit_interview
from informterm.store import Workbook, open_workbook

NOW = "2026-12-01T17:00:00Z"
SETTINGS = Settings(home_timezone="Europe/Berlin")
HOSTILE = "Ask about [bold]the[/] \x1b[2J team [link=x]"


def on_disk(path: Path, interview_id: str) -> Interview:
    with open_workbook(path, read_only=True) as reader:
        return reader.get(Interview, interview_id)


def steps(interview: Interview) -> list[tuple[str, bool]]:
    return [(item.text, item.done) for item in interview.checklist]


def texts(interview: Interview) -> list[str]:
    return [question.text for question in interview.questions]


@pytest.fixture
def talk(book: Workbook) -> Interview:
    ann = add_contact(book, SETTINGS, NOW, Contact(name="Ann", stage=Stage.REACHED_OUT))
    return add_interview(
        book,
        SETTINGS,
        NOW,
        Interview(
            contact_id=ann.id,
            starts_at="2026-12-10T15:00:00Z",
            medium=Medium.PHONE,
            checklist=[ChecklistItem(text="One"), ChecklistItem(text="Two")],
            questions=[Question(text="Q1"), Question(text="Q2"), Question(text="Q3")],
        ),
    )


# -- the checklist a new interview gets ---------------------------------------------------


def test_a_new_interview_gets_the_checklist_of_its_medium(book: Workbook, path: Path) -> None:
    ann = add_contact(book, SETTINGS, NOW, Contact(name="Ann"))
    talk = add_interview(
        book,
        SETTINGS,
        NOW,
        Interview(contact_id=ann.id, starts_at="2026-12-10T15:00:00Z", medium=Medium.IN_PERSON),
    )
    assert steps(on_disk(path, talk.id)) == [
        ("Research the person", False),
        ("Research the company", False),
        ("Pitch ready", False),
        ("Questions ready", False),
        ("Dress well for their workplace", False),
        ("A few copies of your resume", False),
        ("Directions and travel time", False),
        ("Ready to pay for the coffee", False),
    ]
    # The follow-up rules ran in the same save: the confirm is there.
    with open_workbook(path, read_only=True) as reader:
        assert [f.origin.split(":")[0] for f in reader.all(FollowUp)] == ["confirm"]


def test_an_interview_booked_with_a_checklist_keeps_it(talk: Interview, path: Path) -> None:
    assert steps(on_disk(path, talk.id)) == [("One", False), ("Two", False)]


def test_the_users_own_checklist_beside_config_yaml_is_used(
    book: Workbook, path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "config" / "checklists"
    folder.mkdir(parents=True)
    (folder / "video.yaml").write_text("items: [Headset charged]\n", encoding="utf-8")
    (folder / "common.yaml").write_text("items: [bad\n", encoding="utf-8")  # skipped
    settings = Settings(home_timezone="Europe/Berlin", config_dir=tmp_path / "config")
    ann = add_contact(book, settings, NOW, Contact(name="Ann"))
    talk = add_interview(
        book, settings, NOW, Interview(contact_id=ann.id, starts_at="2026-12-10T15:00:00Z")
    )
    assert [text for text, _ in steps(on_disk(path, talk.id))] == [
        "Research the person",
        "Research the company",
        "Pitch ready",
        "Questions ready",
        "Headset charged",
    ]


def test_a_new_medium_brings_its_steps_and_keeps_ticked_and_own_ones(
    book: Workbook, path: Path
) -> None:
    ann = add_contact(book, SETTINGS, NOW, Contact(name="Ann"))
    templates = Checklists(
        {
            "common": ChecklistTemplate("common", ("Pitch ready",)),
            "in-person": ChecklistTemplate("in-person", ("Resumes", "Coffee money")),
            "phone": ChecklistTemplate("phone", ("Their number",)),
        }
    )
    talk = add_interview(
        book,
        SETTINGS,
        NOW,
        Interview(contact_id=ann.id, starts_at="2026-12-10T15:00:00Z", medium=Medium.IN_PERSON),
        checklists=templates,
    )
    talk = prep.tick_step(book, SETTINGS, NOW, talk.id, 1, "Resumes")
    talk = prep.add_step(book, SETTINGS, NOW, talk.id, "Read her [talk]")
    edit_interview(
        book,
        SETTINGS,
        NOW,
        replace(talk, medium=Medium.PHONE),
        checklists=templates,
    )
    assert steps(on_disk(path, talk.id)) == [
        ("Pitch ready", False),
        ("Resumes", True),
        ("Read her [talk]", False),
        ("Their number", False),
    ]


# -- steps --------------------------------------------------------------------------------


def test_ticking_a_step_is_saved_and_ticking_again_unticks(
    book: Workbook, talk: Interview, path: Path
) -> None:
    prep.tick_step(book, SETTINGS, NOW, talk.id, 1, "Two")
    assert steps(on_disk(path, talk.id)) == [("One", False), ("Two", True)]
    assert on_disk(path, talk.id).readiness == 0.5
    prep.tick_step(book, SETTINGS, NOW, talk.id, 1, "Two")
    assert steps(on_disk(path, talk.id)) == [("One", False), ("Two", False)]


def test_adding_editing_moving_and_removing_steps(
    book: Workbook, talk: Interview, path: Path
) -> None:
    prep.add_step(book, SETTINGS, NOW, talk.id, f"  {HOSTILE}  ", at=1)
    assert steps(on_disk(path, talk.id)) == [("One", False), (HOSTILE, False), ("Two", False)]
    prep.tick_step(book, SETTINGS, NOW, talk.id, 1, HOSTILE)
    prep.edit_step(book, SETTINGS, NOW, talk.id, 1, HOSTILE, "Three")
    assert steps(on_disk(path, talk.id)) == [("One", False), ("Three", True), ("Two", False)]
    prep.move_step(book, SETTINGS, NOW, talk.id, 1, "Three", -1)
    prep.move_step(book, SETTINGS, NOW, talk.id, 0, "Three", -1)  # at the top already
    assert [t for t, _ in steps(on_disk(path, talk.id))] == ["Three", "One", "Two"]
    prep.remove_step(book, SETTINGS, NOW, talk.id, 2, "Two")
    assert [t for t, _ in steps(on_disk(path, talk.id))] == ["Three", "One"]


def test_a_step_that_moved_meanwhile_is_found_by_its_text(
    book: Workbook, talk: Interview, path: Path
) -> None:
    # Shown at 0, but a save before this one moved it: the one with that text is ticked.
    prep.move_step(book, SETTINGS, NOW, talk.id, 0, "One", 1)
    prep.tick_step(book, SETTINGS, NOW, talk.id, 0, "One")
    assert steps(on_disk(path, talk.id)) == [("Two", False), ("One", True)]


def test_a_step_gone_meanwhile_is_refused_and_nothing_changes(
    book: Workbook, talk: Interview, path: Path
) -> None:
    prep.remove_step(book, SETTINGS, NOW, talk.id, 0, "One")
    with pytest.raises(prep.PrepChanged, match="no longer in the list"):
        prep.tick_step(book, SETTINGS, NOW, talk.id, 0, "One")
    assert steps(on_disk(path, talk.id)) == [("Two", False)]


@pytest.mark.parametrize("text", ["", "   ", "two\nlines", "x" * 201])
def test_an_empty_or_overlong_step_is_refused(book: Workbook, talk: Interview, text: str) -> None:
    with pytest.raises(ValueError):
        prep.add_step(book, SETTINGS, NOW, talk.id, text)
    assert len(book.get(Interview, talk.id).checklist) == 2


# -- questions ----------------------------------------------------------------------------


def test_questions_from_the_bank_are_added_once_in_the_order_given(
    book: Workbook, talk: Interview, path: Path
) -> None:
    prep.add_questions(
        book,
        SETTINGS,
        NOW,
        talk.id,
        [
            Question(text="What trends?", category="trends"),
            Question(text="q1", category="small talk"),  # listed already
            Question(text="Who else?", category="closing"),
        ],
    )
    saved = on_disk(path, talk.id)
    assert texts(saved) == ["Q1", "Q2", "Q3", "What trends?", "Who else?"]
    assert [q.category for q in saved.questions][3:] == ["trends", "closing"]


def test_a_question_moves_so_each_builds_on_the_one_before(
    book: Workbook, talk: Interview, path: Path
) -> None:
    prep.move_question(book, SETTINGS, NOW, talk.id, 2, "Q3", -1)
    assert texts(on_disk(path, talk.id)) == ["Q1", "Q3", "Q2"]
    # Pressed twice before the list was shown again: the same question moves on.
    prep.move_question(book, SETTINGS, NOW, talk.id, 2, "Q3", -1)
    assert texts(on_disk(path, talk.id)) == ["Q3", "Q1", "Q2"]
    prep.move_question(book, SETTINGS, NOW, talk.id, 0, "Q3", 5)
    assert texts(on_disk(path, talk.id)) == ["Q1", "Q2", "Q3"]


def test_questions_of_your_own_are_added_edited_ticked_and_removed(
    book: Workbook, talk: Interview, path: Path
) -> None:
    prep.add_question(book, SETTINGS, NOW, talk.id, HOSTILE, " advice ", at=1)
    saved = on_disk(path, talk.id)
    assert texts(saved) == ["Q1", HOSTILE, "Q2", "Q3"]
    assert saved.questions[1].category == "advice"
    prep.tick_question(book, SETTINGS, NOW, talk.id, 1, HOSTILE)
    prep.edit_question(book, SETTINGS, NOW, talk.id, 1, HOSTILE, "Better?", "insights")
    asked = on_disk(path, talk.id).questions[1]
    assert (asked.text, asked.category, asked.asked) == ("Better?", "insights", True)
    prep.edit_question(book, SETTINGS, NOW, talk.id, 1, "Better?", "Best?")
    assert on_disk(path, talk.id).questions[1].category == "insights"  # kept
    prep.remove_question(book, SETTINGS, NOW, talk.id, 1, "Best?")
    assert texts(on_disk(path, talk.id)) == ["Q1", "Q2", "Q3"]


def test_each_prep_edit_is_one_save(
    book: Workbook, talk: Interview, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = book.storage
    saves: list[int] = []
    real_save = storage._save
    monkeypatch.setattr(storage, "_save", lambda data: (saves.append(1), real_save(data)))
    prep.tick_step(book, SETTINGS, NOW, talk.id, 0, "One")
    prep.move_question(book, SETTINGS, NOW, talk.id, 0, "Q1", 1)
    prep.add_questions(book, SETTINGS, NOW, talk.id, [Question(text="A"), Question(text="B")])
    assert saves == [1, 1, 1]
