"""The question bank: the shipped categories in the order a conversation flows (small talk,
TIARA, closing), a user's file of the same name replacing one (a bad one skipped, naming the
file, line and key), and saving a question of your own writing the user's file whole,
atomically and private, keeping the shipped questions."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from informterm.core.model import Question
from informterm.core.questions import (
    MY_QUESTIONS,
    Category,
    NotSaved,
    QuestionBank,
    QuestionBankError,
    category_text,
    in_bank_order,
    load_bank,
    load_category_file,
    question_dirs,
    save_to_bank,
)
from informterm.paths import shipped_dir
from tests.conftest import yaml_bomb


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def shipped() -> QuestionBank:
    bank, errors = load_bank([shipped_dir("questions")])
    assert errors == []
    return bank


def bank_of(config_dir: Path) -> QuestionBank:
    bank, errors = load_bank(question_dirs(config_dir))
    assert errors == []
    return bank


def test_the_shipped_bank_has_the_methods_categories_in_order() -> None:
    bank = shipped()
    assert [c.name for c in bank.categories] == [
        "small talk",
        "trends",
        "insights",
        "advice",
        "resources",
        "assignments",
        "closing",
    ]
    assert [c.heading for c in bank.categories][:3] == [
        "Small talk",
        "TIARA · Trends",
        "TIARA · Insights",
    ]
    assert bank.categories[-1].heading == "Closing and next steps"
    assert all(len(c.questions) >= 2 for c in bank.categories)
    questions = bank.questions()
    assert questions[0] == Question(
        text="How did you get started in this work?", category="small talk"
    )


def test_a_users_file_replaces_a_category_and_others_add_categories(tmp_path: Path) -> None:
    user = tmp_path / "questions"
    write(
        user,
        "trends.yaml",
        "category: trends\ngroup: TIARA\norder: 20\nquestions: [What is next]\n",
    )
    write(
        user,
        "design.yml",
        "category: Design\norder: 15\nquestions:\n  - '[bold]Crit[/] culture?'\n",
    )
    bank = bank_of(tmp_path)
    assert [c.name for c in bank.categories][:3] == ["small talk", "Design", "trends"]
    assert bank.category("TRENDS") is not None
    assert bank.category("trends").questions == ("What is next",)  # type: ignore[union-attr]
    assert bank.category("design").questions == ("[bold]Crit[/] culture?",)  # type: ignore[union-attr]
    assert bank.category("trends").heading == "TIARA · Trends"  # type: ignore[union-attr]


def test_a_bad_users_file_names_file_line_and_key_and_keeps_the_shipped_one(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path / "questions",
        "advice.yaml",
        "category: advice\norder: soon\nquestions:\n  - Fine?\n  - [a, list]\ntitel: Advice\n",
    )
    bank, errors = load_bank(question_dirs(tmp_path))
    [error] = errors
    assert error.startswith(f"Question bank file {path} was skipped: ")
    assert "line 2: order: expected a whole number from 0 to 9999" in error
    assert "line 5: questions: question 2: expected one line of text" in error
    assert "line 6: titel: unknown key; did you mean 'title'?" in error
    assert error.endswith("Using the shipped 'TIARA · Advice' questions instead.")
    assert bank.category("advice").questions == shipped().category("advice").questions  # type: ignore[union-attr]


def test_two_files_of_one_category_are_reported(tmp_path: Path) -> None:
    write(
        tmp_path / "questions", "more-trends.yaml", "category: Trends\nquestions: [Another one]\n"
    )
    bank, errors = load_bank(question_dirs(tmp_path))
    [error] = errors
    assert "more-trends.yaml was skipped" in error
    assert "the category 'Trends' is in trends.yaml already" in error
    assert bank.category("trends").questions == shipped().category("trends").questions  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "the file is empty"),
        ("[1, 2]\n", "expected a mapping of question-bank keys"),
        ("category: [x\n", "invalid YAML"),
        (yaml_bomb(9), "aliases"),
        ("questions: []\n", "the required key 'category' is missing"),
        ("category: x\n", "the required key 'questions' is missing"),
        ("category: x\nquestions: Why?\n", "questions: expected a list of questions"),
        ("category: ''\nquestions: []\n", "category: expected one line of text"),
        ("category: x\nquestions: ['" + "y" * 301 + "']\n", "question 1: longer than 300"),
        ("category: x\ncategory: y\nquestions: []\n", "appears twice"),
        ("category: !!python/name:os.system\nquestions: []\n", "invalid YAML"),
    ],
)
def test_bad_category_files_are_refused_with_the_reason(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = write(tmp_path, "mine.yaml", text)
    with pytest.raises(QuestionBankError) as caught:
        load_category_file(path)
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_in_bank_order_sorts_picked_questions_and_drops_repeats() -> None:
    bank = shipped()
    closing, trends = bank.category("closing"), bank.category("trends")
    assert closing is not None and trends is not None
    picked = [
        Question(text=closing.questions[0], category="closing"),
        Question(text=trends.questions[1], category="trends"),
        Question(text=trends.questions[0], category="trends"),
        Question(text=trends.questions[0].upper(), category="Trends"),
    ]
    assert [q.text for q in in_bank_order(bank, picked)] == [
        trends.questions[0],
        trends.questions[1],
        closing.questions[0],
    ]


# -- saving to the bank -------------------------------------------------------------------


def test_saving_writes_the_users_file_with_the_shipped_questions_and_the_new_one(
    tmp_path: Path,
) -> None:
    saved = save_to_bank(shipped(), tmp_path / "questions", "  What is [bold]next[/]?  ", "Trends")
    assert saved.added
    assert saved.path == tmp_path / "questions" / "trends.yaml"
    assert stat.S_IMODE(saved.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(saved.path.parent.stat().st_mode) == 0o700
    trends = bank_of(tmp_path).category("trends")
    assert trends is not None
    assert trends.questions == (*shipped().category("trends").questions, "What is [bold]next[/]?")  # type: ignore[union-attr]
    assert trends.heading == "TIARA · Trends" and trends.order == 20
    # Saving it again (in other words' case) writes nothing.
    before = saved.path.read_bytes()
    again = save_to_bank(
        bank_of(tmp_path), tmp_path / "questions", "what is [BOLD]next[/]?", "trends"
    )
    assert not again.added and saved.path.read_bytes() == before


def test_a_question_without_a_known_category_goes_to_my_questions(tmp_path: Path) -> None:
    user = tmp_path / "questions"
    save_to_bank(shipped(), user, "How do you \x1b[31mcope?", "")
    save_to_bank(bank_of(tmp_path), user, "Second one?", "no such category")
    mine = bank_of(tmp_path).categories[-1]
    assert mine.name == MY_QUESTIONS and mine.heading == "My questions"
    # A control character is kept as typed (written as an escape the reader accepts).
    assert mine.questions == ("How do you \x1b[31mcope?", "Second one?")
    assert (user / "my-questions.yaml").is_file()


def test_saving_adds_to_the_users_own_file_of_the_category(tmp_path: Path) -> None:
    user = tmp_path / "questions"
    write(user, "advice.yml", "category: advice\nquestions: [Mine first]\n")
    saved = save_to_bank(bank_of(tmp_path), user, "Mine second?", "advice")
    assert saved.path == user / "advice.yml"
    assert bank_of(tmp_path).category("advice").questions == ("Mine first", "Mine second?")  # type: ignore[union-attr]


def test_a_users_file_that_cannot_be_read_is_never_overwritten(tmp_path: Path) -> None:
    user = tmp_path / "questions"
    broken = write(user, "advice.yaml", "category: advice\nquestions: [oops\n")
    bank, errors = load_bank(question_dirs(tmp_path))
    assert errors
    with pytest.raises(NotSaved, match="could not be read"):
        save_to_bank(bank, user, "New?", "advice")
    assert broken.read_text(encoding="utf-8") == "category: advice\nquestions: [oops\n"


@pytest.mark.parametrize("text", ["", "   ", "two\nlines", "x" * 301])
def test_an_empty_or_overlong_question_is_not_saved(tmp_path: Path, text: str) -> None:
    with pytest.raises(NotSaved):
        save_to_bank(shipped(), tmp_path / "questions", text, "trends")
    assert not (tmp_path / "questions").exists()


def test_a_written_category_reads_back_exactly(tmp_path: Path) -> None:
    category = Category(
        id="odd",
        name="yes",
        title="no: really",
        group="#1",
        order=7,
        questions=("'quoted'", '"double"', "- dash", "key: value?", "Zoë 🌱 עומר?", "~"),
    )
    path = write(tmp_path, "odd.yaml", category_text(category))
    assert load_category_file(path) == category
