"""Prep checklists: the steps an interview gets from templates that depend on its medium.

The shipped templates live in ``checklists/`` (see :mod:`informterm.core.shipped`):
``common.yaml`` holds the steps every interview gets (research the person and the company,
the pitch, the questions) and ``in-person.yaml``, ``phone.yaml`` and ``video.yaml`` the
medium's own, which follow them. A file of the same name in the ``checklists`` folder
beside config.yaml replaces one. A checklist file looks like the shipped ones::

    items:                      # required: the steps, in order (may be empty)
      - Research the person
      - Pitch ready

A new interview gets the common steps and its medium's. When its medium changes, the steps
only the old medium had go unless they are ticked, the new medium's come in, and ticked
steps and steps of your own stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from informterm.core.model import ChecklistItem, Medium, Settings
from informterm.core.shipped import (
    ShippedFileError,
    data_dirs,
    did_you_mean,
    load_overridable,
    one_line,
    read_mapping,
)
from informterm.yaml_reader import ConfigProblem

FOLDER = "checklists"

COMMON = "common"
"""The file of the steps every interview gets."""

MEDIUM_FILES = {Medium.IN_PERSON: "in-person", Medium.PHONE: "phone", Medium.VIDEO: "video"}
"""The file of each medium's own steps."""

FILE_NAMES = (COMMON, *MEDIUM_FILES.values())
"""Every name a checklist file may have."""

CHECKLIST_KEYS = ("items",)

MAX_STEP_LENGTH = 200
"""The longest a step may be, in characters: a step is a line to tick, not a note."""


class ChecklistError(ShippedFileError):
    """A checklist file that cannot be used; the message names the file and every problem."""

    WHAT = "Checklist"


@dataclass(frozen=True, slots=True)
class ChecklistTemplate:
    """The steps of one checklist file."""

    id: str
    """The file's name without its suffix: ``common`` or a medium's (``in-person``, ...)."""
    items: tuple[str, ...]
    path: Path | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Checklists:
    """The checklist templates in use: the common steps and each medium's."""

    templates: dict[str, ChecklistTemplate] = field(default_factory=dict)

    def common_items(self) -> tuple[str, ...]:
        """The steps every interview gets."""
        template = self.templates.get(COMMON)
        return template.items if template is not None else ()

    def medium_items(self, medium: Medium) -> tuple[str, ...]:
        """The steps only an interview held by ``medium`` gets."""
        template = self.templates.get(MEDIUM_FILES[medium])
        return template.items if template is not None else ()

    def items_for(self, medium: Medium) -> list[str]:
        """Every step a new interview held by ``medium`` gets: the common ones first, each
        step once."""
        return _once([*self.common_items(), *self.medium_items(medium)])


def checklist_dirs(config_dir: Path | None) -> list[Path]:
    """Where checklist templates come from, in override order: shipped, then the
    ``checklists`` folder in ``config_dir`` (the folder of config.yaml)."""
    return data_dirs(FOLDER, config_dir)


def checklists_of(settings: Settings) -> tuple[Checklists, list[str]]:
    """The checklist templates for the user of ``settings`` (shipped, and their own beside
    config.yaml) and one message per file that was skipped."""
    return load_checklists(checklist_dirs(settings.config_dir))


def load_checklists(dirs: Iterable[Path]) -> tuple[Checklists, list[str]]:
    """The checklist templates in ``dirs`` and one message per file that was skipped (a
    user's file that cannot be used leaves the shipped one in place)."""
    found, errors = load_overridable(
        dirs, load_checklist_file, ChecklistError, lambda kept: f"{kept.id} checklist"
    )
    return Checklists(found), errors


def load_checklist_file(path: Path) -> ChecklistTemplate:
    """The checklist in one YAML file; raises ChecklistError naming the file and problems."""
    if path.stem not in FILE_NAMES:
        message = (
            f"{path.stem!r} is not a checklist informterm uses: name the file "
            f"{', '.join(FILE_NAMES[:-1])} or {FILE_NAMES[-1]} (.yaml)"
        )
        raise ChecklistError(path, [ConfigProblem(message)])
    document = read_mapping(path, ChecklistError, "checklist keys (items)")
    problems: list[ConfigProblem] = list(document.duplicates)
    items: list[str] = []
    for key, value in document.data.items():
        key = str(key)
        line = document.line(key)
        if key not in CHECKLIST_KEYS:
            message = "unknown key" + did_you_mean(key, CHECKLIST_KEYS)
            problems.append(ConfigProblem(message, key=key, line=line))
        elif value is None:
            continue  # "items:" with nothing under it: no steps
        elif not isinstance(value, list):
            message = "expected a list of steps, one per line starting with '- '"
            problems.append(ConfigProblem(message, key=key, line=line))
        else:
            for number, item in enumerate(value, 1):
                text = one_line(item)
                at = document.item_line(key, index=number - 1)
                if text is None:
                    message = f"step {number}: expected one line of text (quote it if needed)"
                    problems.append(ConfigProblem(message, key=key, line=at))
                elif len(text) > MAX_STEP_LENGTH:
                    message = f"step {number}: longer than {MAX_STEP_LENGTH} characters"
                    problems.append(ConfigProblem(message, key=key, line=at))
                else:
                    items.append(text)
    if "items" not in document.data:
        problems.append(ConfigProblem("the required key 'items' is missing"))
    if problems:
        raise ChecklistError(path, problems)
    return ChecklistTemplate(id=path.stem, items=tuple(_once(items)), path=path)


# -- an interview's checklist -------------------------------------------------------------


def same_step(text: str) -> str:
    """What two steps share when they are the same step: their words, in any letter case."""
    return " ".join(text.split()).casefold()


def new_checklist(checklists: Checklists, medium: Medium) -> list[ChecklistItem]:
    """The checklist a new interview held by ``medium`` starts with: nothing ticked."""
    return [ChecklistItem(text=text) for text in checklists.items_for(medium)]


def checklist_for_medium(
    checklist: Iterable[ChecklistItem], checklists: Checklists, before: Medium, after: Medium
) -> list[ChecklistItem]:
    """The checklist of an interview whose medium changed from ``before`` to ``after``.

    The steps only ``before`` had go, unless they are ticked (done is done); ``after``'s own
    steps not there yet are added at the end; ticked steps, steps of your own and the common
    ones stay where they are. Common steps you removed are not brought back.
    """
    items = list(checklist)
    if before == after:
        return items
    arriving = checklists.medium_items(after)
    leaving = {same_step(text) for text in checklists.medium_items(before)} - {
        same_step(text) for text in [*checklists.common_items(), *arriving]
    }
    kept = [item for item in items if item.done or same_step(item.text) not in leaving]
    present = {same_step(item.text) for item in kept}
    kept += [ChecklistItem(text=text) for text in arriving if same_step(text) not in present]
    return kept


def _once(texts: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    unique = []
    for text in texts:
        key = same_step(text)
        if key not in seen:
            seen.add(key)
            unique.append(text)
    return unique
