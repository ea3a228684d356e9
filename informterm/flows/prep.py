"""Preparing for an interview: ticking, adding, editing, moving and removing the steps of
its checklist, and adding (from the bank or of your own), editing, moving, ticking and
removing its questions.

Each is one save through :func:`informterm.flows.interviews.edit_interview`, so the rules
that follow an interview's change run. A step or a question is named by its place in the
list and its text as shown: when the list changed meanwhile (another save landed first) the
one with that text is used, and when there is none the change is refused with
:class:`PrepChanged` rather than made to another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, TypeVar

from informterm.core.checklists import MAX_STEP_LENGTH
from informterm.core.model import ChecklistItem, Interview, Question, Settings, Timestamp
from informterm.core.questions import MAX_QUESTION_LENGTH, same_question
from informterm.flows.interviews import edit_interview
from informterm.store import Workbook

Item = TypeVar("Item", ChecklistItem, Question)


class PrepChanged(ValueError):
    """The step or question asked for is not in the list any more."""


# -- the checklist ------------------------------------------------------------------------


def tick_step(
    workbook: Workbook, settings: Settings, now: Timestamp, interview_id: str, index: int, text: str
) -> Interview:
    """Tick a step done, or untick a ticked one."""
    interview = workbook.get(Interview, interview_id)
    steps = list(interview.checklist)
    at = _locate(steps, index, text, "step")
    steps[at] = replace(steps[at], done=not steps[at].done)
    return _save(workbook, settings, now, interview, checklist=steps)


def add_step(
    workbook: Workbook,
    settings: Settings,
    now: Timestamp,
    interview_id: str,
    text: str,
    at: int | None = None,
) -> Interview:
    """Add a step of your own at place ``at`` (None: at the end)."""
    step = step_text(text)
    interview = workbook.get(Interview, interview_id)
    steps = list(interview.checklist)
    steps.insert(
        len(steps) if at is None else max(0, min(at, len(steps))), ChecklistItem(text=step)
    )
    return _save(workbook, settings, now, interview, checklist=steps)


def edit_step(
    workbook: Workbook,
    settings: Settings,
    now: Timestamp,
    interview_id: str,
    index: int,
    old_text: str,
    text: str,
) -> Interview:
    """Change the words of a step (it stays ticked or not)."""
    step = step_text(text)
    interview = workbook.get(Interview, interview_id)
    steps = list(interview.checklist)
    at = _locate(steps, index, old_text, "step")
    steps[at] = replace(steps[at], text=step)
    return _save(workbook, settings, now, interview, checklist=steps)


def remove_step(
    workbook: Workbook, settings: Settings, now: Timestamp, interview_id: str, index: int, text: str
) -> Interview:
    """Remove a step from the checklist."""
    return _change_one(workbook, settings, now, interview_id, "checklist", index, text, _without)


def move_step(
    workbook: Workbook,
    settings: Settings,
    now: Timestamp,
    interview_id: str,
    index: int,
    text: str,
    offset: int,
) -> Interview:
    """Move a step ``offset`` places down (up when negative), stopping at the ends."""
    return _change_one(
        workbook, settings, now, interview_id, "checklist", index, text, _mover(offset)
    )


def step_text(text: str) -> str:
    """A step as stored: one line, its ends trimmed; raises ValueError for an empty or
    overlong one."""
    return _one_line(text, "step", MAX_STEP_LENGTH)


# -- the questions ------------------------------------------------------------------------


def add_questions(
    workbook: Workbook,
    settings: Settings,
    now: Timestamp,
    interview_id: str,
    questions: Iterable[Question],
) -> Interview:
    """Add questions (picked from the bank) at the end, in the order given, leaving out
    those the list has already."""
    interview = workbook.get(Interview, interview_id)
    listed = list(interview.questions)
    present = {same_question(question.text) for question in listed}
    for question in questions:
        key = same_question(question.text)
        if key and key not in present:
            present.add(key)
            listed.append(Question(text=question_text(question.text), category=question.category))
    return _save(workbook, settings, now, interview, questions=listed)


def add_question(
    workbook: Workbook,
    settings: Settings,
    now: Timestamp,
    interview_id: str,
    text: str,
    category: str = "",
    at: int | None = None,
) -> Interview:
    """Add a question of your own at place ``at`` (None: at the end)."""
    question = Question(text=question_text(text), category=category.strip())
    interview = workbook.get(Interview, interview_id)
    listed = list(interview.questions)
    listed.insert(len(listed) if at is None else max(0, min(at, len(listed))), question)
    return _save(workbook, settings, now, interview, questions=listed)


def edit_question(
    workbook: Workbook,
    settings: Settings,
    now: Timestamp,
    interview_id: str,
    index: int,
    old_text: str,
    text: str,
    category: str | None = None,
) -> Interview:
    """Change the words of a question (and its category, unless None); whether it was
    asked and its answer stay."""
    words = question_text(text)
    interview = workbook.get(Interview, interview_id)
    listed = list(interview.questions)
    at = _locate(listed, index, old_text, "question")
    changes: dict[str, object] = {"text": words}
    if category is not None:
        changes["category"] = category.strip()
    listed[at] = replace(listed[at], **changes)  # type: ignore[arg-type]
    return _save(workbook, settings, now, interview, questions=listed)


def tick_question(
    workbook: Workbook, settings: Settings, now: Timestamp, interview_id: str, index: int, text: str
) -> Interview:
    """Mark a question asked, or not asked after all."""
    interview = workbook.get(Interview, interview_id)
    listed = list(interview.questions)
    at = _locate(listed, index, text, "question")
    listed[at] = replace(listed[at], asked=not listed[at].asked)
    return _save(workbook, settings, now, interview, questions=listed)


def remove_question(
    workbook: Workbook, settings: Settings, now: Timestamp, interview_id: str, index: int, text: str
) -> Interview:
    """Remove a question from the list."""
    return _change_one(workbook, settings, now, interview_id, "questions", index, text, _without)


def move_question(
    workbook: Workbook,
    settings: Settings,
    now: Timestamp,
    interview_id: str,
    index: int,
    text: str,
    offset: int,
) -> Interview:
    """Move a question ``offset`` places down (up when negative), stopping at the ends, so
    the list can flow, each question building on the one before."""
    return _change_one(
        workbook, settings, now, interview_id, "questions", index, text, _mover(offset)
    )


def question_text(text: str) -> str:
    """A question as stored: one line, its ends trimmed; raises ValueError for an empty or
    overlong one."""
    return _one_line(text, "question", MAX_QUESTION_LENGTH)


# -- shared -------------------------------------------------------------------------------


def _save(
    workbook: Workbook, settings: Settings, now: Timestamp, interview: Interview, **changes: object
) -> Interview:
    return edit_interview(workbook, settings, now, replace(interview, **changes))  # type: ignore[arg-type]


_ITEM_NAMES = {"checklist": "step", "questions": "question"}


def _change_one(
    workbook: Workbook,
    settings: Settings,
    now: Timestamp,
    interview_id: str,
    field: str,
    index: int,
    text: str,
    change: Callable[[list[Any], int], list[Any]],
) -> Interview:
    """Apply ``change`` (the list and where the item shown at ``index`` with ``text`` is
    now) to the interview's checklist or questions, in one save."""
    interview = workbook.get(Interview, interview_id)
    items = list(getattr(interview, field))
    at = _locate(items, index, text, _ITEM_NAMES[field])
    return _save(workbook, settings, now, interview, **{field: change(items, at)})


def _without(items: list[Item], at: int) -> list[Item]:
    return items[:at] + items[at + 1 :]


def _mover(offset: int) -> Callable[[list[Item], int], list[Item]]:
    return lambda items, at: _moved(items, at, offset)


def _locate(items: list[Item], index: int, text: str, what: str) -> int:
    """Where the item shown at ``index`` with ``text`` is now."""
    if 0 <= index < len(items) and items[index].text == text:
        return index
    for at, item in enumerate(items):
        if item.text == text:
            return at
    raise PrepChanged(f"that {what} is no longer in the list (it changed meanwhile)")


def _moved(items: list[Item], at: int, offset: int) -> list[Item]:
    to = max(0, min(at + offset, len(items) - 1))
    items.insert(to, items.pop(at))
    return items


def _one_line(text: str, what: str, longest: int) -> str:
    words = text.strip()
    if not words:
        raise ValueError(f"a {what} needs some words")
    if "\n" in words or "\r" in words:
        raise ValueError(f"a {what} is one line")
    if len(words) > longest:
        raise ValueError(f"a {what} may have at most {longest} characters")
    return words
