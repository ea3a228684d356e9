"""The question bank: questions to ask in an informational interview, by category, in the
order a conversation flows (small talk; TIARA: trends, insights, advice, resources,
assignments; closing and next steps).

The shipped bank lives in ``questions/``, one category a file (see
:mod:`informterm.core.shipped`); a file of the same name in the ``questions`` folder beside
config.yaml replaces a shipped one and other files there add categories. A category file
looks like the shipped ones::

    category: trends            # required: the name an interview's questions carry
    title: Trends               # optional: the picker's heading (default: the name)
    group: TIARA                # optional: shown before the title
    order: 20                   # optional: place in the bank (default 100)
    questions:                  # required: one line each (may be empty)
      - What trends are you seeing in your field right now?

Saving a question of your own to the bank writes the user's file for its category: the
questions the bank has for it now (the shipped ones, or your file's) and the new one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from informterm.core.model import Question
from informterm.core.shipped import (
    ShippedFileError,
    data_dirs,
    did_you_mean,
    load_overridable,
    one_line,
    read_mapping,
)
from informterm.yaml_reader import ConfigProblem, YamlDocument

FOLDER = "questions"

CATEGORY_KEYS = ("category", "title", "group", "order", "questions")
REQUIRED_KEYS = ("category", "questions")
DEFAULT_ORDER = 100

MAX_QUESTION_LENGTH = 300
"""The longest a question may be, in characters."""

MY_QUESTIONS = "my questions"
"""The category a question of your own is saved to when it has none the bank knows."""
MY_QUESTIONS_FILE = "my-questions"
MY_QUESTIONS_ORDER = 900


class QuestionBankError(ShippedFileError):
    """A question-bank file that cannot be used; the message names the file and every
    problem."""

    WHAT = "Question bank"


class NotSaved(Exception):
    """A question that could not be saved to the bank; the message says why."""


@dataclass(frozen=True, slots=True)
class Category:
    """One category of the bank, as read from its file."""

    id: str
    """The file's name without its suffix: a user's file of the same name replaces it."""
    name: str
    """What an interview's questions from it carry as their category."""
    questions: tuple[str, ...] = ()
    title: str = ""
    group: str = ""
    order: int = DEFAULT_ORDER
    path: Path | None = field(default=None, compare=False)

    @property
    def heading(self) -> str:
        """The picker's heading: ``TIARA · Trends``, ``Small talk``."""
        title = self.title or self.name[:1].upper() + self.name[1:]
        return f"{self.group} · {title}" if self.group else title


@dataclass(frozen=True, slots=True)
class QuestionBank:
    """Every category of the bank, in order."""

    categories: tuple[Category, ...] = ()

    def category(self, name: str) -> Category | None:
        """The category called ``name`` (any letter case), if the bank has it."""
        wanted = same_question(name)
        return next((c for c in self.categories if same_question(c.name) == wanted), None)

    def questions(self) -> list[Question]:
        """Every question of the bank, in its order, each with its category's name."""
        return [
            Question(text=text, category=category.name)
            for category in self.categories
            for text in category.questions
        ]


def question_dirs(config_dir: Path | None) -> list[Path]:
    """Where the bank comes from, in override order: shipped, then the ``questions``
    folder in ``config_dir`` (the folder of config.yaml)."""
    return data_dirs(FOLDER, config_dir)


def load_bank(dirs: Iterable[Path]) -> tuple[QuestionBank, list[str]]:
    """The question bank in ``dirs`` and one message per file that was skipped (a user's
    file that cannot be used leaves the shipped one in place)."""
    found, errors = load_overridable(
        dirs, load_category_file, QuestionBankError, lambda kept: f"{kept.heading!r} questions"
    )
    by_name: dict[str, Category] = {}
    for category in sorted(found.values(), key=_bank_order):
        key = same_question(category.name)
        first = by_name.setdefault(key, category)
        if first is not category:
            where = first.path.name if first.path is not None else first.id
            problem = ConfigProblem(
                f"the category {category.name!r} is in {where} already: "
                "add the questions there, or give this one another name",
                key="category",
            )
            errors.append(f"{QuestionBankError(category.path or Path(category.id), [problem])}.")
    return QuestionBank(tuple(by_name.values())), errors


def load_category_file(path: Path) -> Category:
    """The category in one YAML file; raises QuestionBankError naming the file and
    problems."""
    document = read_mapping(path, QuestionBankError, "question-bank keys (category, questions)")
    return category_from_document(document, path.stem)


def category_from_document(document: YamlDocument, category_id: str) -> Category:
    """Validate a parsed category file into a Category (raises QuestionBankError)."""
    data: dict[Any, Any] = document.data
    problems: list[ConfigProblem] = list(document.duplicates)

    def problem(key: str, message: str, line: int | None = None) -> None:
        problems.append(ConfigProblem(message, key=key, line=line or document.line(key)))

    values: dict[str, Any] = {}
    for key, value in data.items():
        key = str(key)
        if key not in CATEGORY_KEYS:
            problem(key, "unknown key" + did_you_mean(key, CATEGORY_KEYS))
        elif key in ("category", "title", "group"):
            text = one_line(value if isinstance(value, str) else document.plain_text(key))
            if text is None:
                problem(key, "expected one line of text")
            elif len(text) > 60:
                problem(key, "longer than 60 characters")
            else:
                values[key] = text
        elif key == "order":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 9999:
                problem(key, "expected a whole number from 0 to 9999")
            else:
                values[key] = value
        elif value is None:
            values[key] = ()  # "questions:" with nothing under it
        elif not isinstance(value, list):
            problem(key, "expected a list of questions, one per line starting with '- '")
        else:
            texts = []
            for index, item in enumerate(value):
                at = document.item_line(key, index=index)
                text = one_line(item)
                if text is None:
                    problem(key, f"question {index + 1}: expected one line of text", at)
                elif len(text) > MAX_QUESTION_LENGTH:
                    problem(key, f"question {index + 1}: longer than {MAX_QUESTION_LENGTH}", at)
                else:
                    texts.append(text)
            values[key] = tuple(_once(texts))
    for key in REQUIRED_KEYS:
        if key not in data:
            problems.append(ConfigProblem(f"the required key {key!r} is missing"))
    if problems:
        raise QuestionBankError(document.path, problems)
    name = values.pop("category")
    return Category(id=category_id, name=name, path=document.path, **values)


def same_question(text: str) -> str:
    """What two questions share when they are the same question: their words, in any
    letter case."""
    return " ".join(text.split()).casefold()


def in_bank_order(bank: QuestionBank, picked: Iterable[Question]) -> list[Question]:
    """``picked`` (questions of the bank) in the bank's order, each once."""

    def key(question: Question) -> tuple[str, str]:
        return same_question(question.category), same_question(question.text)

    rank = {key(question): position for position, question in enumerate(bank.questions())}
    unique: dict[tuple[str, str], Question] = {}
    for question in picked:
        unique.setdefault(key(question), question)
    return sorted(unique.values(), key=lambda question: rank.get(key(question), len(rank)))


def _bank_order(category: Category) -> tuple[int, str, str]:
    return (category.order, category.name.casefold(), category.id)


def _once(texts: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for text in texts:
        if same_question(text) not in seen:
            seen.add(same_question(text))
            unique.append(text)
    return unique


# -- saving a question of your own --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Saved:
    """What saving a question to the bank did."""

    path: Path
    """The user's file of its category."""
    category: Category
    """The category as the file holds it now."""
    added: bool
    """False: the category had the question already, and nothing was written."""


def save_to_bank(bank: QuestionBank, user_dir: Path, text: str, category: str = "") -> Saved:
    """Add the question ``text`` to the user's bank in ``user_dir`` (the ``questions``
    folder beside config.yaml), in the category called ``category`` when the bank has it,
    else in :data:`MY_QUESTIONS`.

    The category's file there is written whole, atomically and private to the user: the
    questions the bank has for the category now (the shipped ones, until the user has a
    file of their own) and the new one at the end. Raises NotSaved, writing nothing, for an
    empty or overlong question, or when the user's file of the category is there but could
    not be read (it would be overwritten); OSError when the file cannot be written.
    """
    question = one_line(text)
    if question is None:
        raise NotSaved("a question to save needs one line of text")
    if len(question) > MAX_QUESTION_LENGTH:
        raise NotSaved(f"a question may have at most {MAX_QUESTION_LENGTH} characters")
    target = bank.category(category) if category.strip() else None
    if target is None:
        target = bank.category(MY_QUESTIONS) or Category(
            id=MY_QUESTIONS_FILE, name=MY_QUESTIONS, title="My questions", order=MY_QUESTIONS_ORDER
        )
    own = target.path is not None and target.path.parent == user_dir
    path = target.path if own and target.path is not None else user_dir / f"{target.id}.yaml"
    if any(same_question(question) == same_question(known) for known in target.questions):
        return Saved(path, target, added=False)
    if not own and any(
        (user_dir / f"{target.id}{suffix}").exists() for suffix in (".yaml", ".yml")
    ):
        raise NotSaved(
            f"your file for {target.heading!r} in {user_dir} could not be read (see the "
            "message when the bank was loaded); fix or remove it first"
        )
    updated = Category(
        id=target.id,
        name=target.name,
        questions=(*target.questions, question),
        title=target.title,
        group=target.group,
        order=target.order,
        path=path,
    )
    content = category_text(updated)
    _check_reads_back(path, content, updated)
    from informterm.files import make_private_dirs, write_atomically

    make_private_dirs(user_dir)
    write_atomically(path, content.encode("utf-8"))
    return Saved(path, updated, added=True)


def category_text(category: Category) -> str:
    """A category file's text, as the shipped files are laid out."""
    import yaml

    data: dict[str, Any] = {"category": category.name}
    if category.title:
        data["title"] = category.title
    if category.group:
        data["group"] = category.group
    data["order"] = category.order
    data["questions"] = list(category.questions)
    body = yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100_000
    )
    header = (
        f"# Your question bank's {category.heading} questions. informterm writes this file\n"
        "# whole when you save a question to this category (b in the Prep pane), so comments\n"
        "# here are not kept; edit the questions freely.\n"
    )
    return header + body


def _check_reads_back(path: Path, content: str, expected: Category) -> None:
    """Refuse to write a file that would not load back as ``expected``."""
    from informterm.yaml_reader import ConfigError, parse_yaml

    try:
        loaded = category_from_document(parse_yaml(path, content), expected.id)
    except (ConfigError, QuestionBankError) as error:
        raise NotSaved(
            f"the question could not be written as YAML that reads back: {error}"
        ) from None
    if loaded != expected:
        raise NotSaved("the question could not be written as YAML that reads back the same")
