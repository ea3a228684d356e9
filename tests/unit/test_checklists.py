"""Prep checklists: the shipped templates hold the steps the issue names for each medium, a
user's file of the same name replaces one (a bad one is skipped, naming the file, line and
key, and the shipped one stays), and a change of medium swaps the medium's own steps while
ticked steps and steps of your own stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from informterm.core.checklists import (
    ChecklistError,
    Checklists,
    ChecklistTemplate,
    checklist_dirs,
    checklist_for_medium,
    load_checklist_file,
    load_checklists,
    new_checklist,
)
from informterm.core.model import ChecklistItem, Medium
from informterm.paths import shipped_dir
from tests.conftest import yaml_bomb


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def shipped() -> Checklists:
    checklists, errors = load_checklists([shipped_dir("checklists")])
    assert errors == []
    return checklists


def test_the_shipped_checklists_hold_the_issues_steps_per_medium() -> None:
    checklists = shipped()
    common = ["Research the person", "Research the company", "Pitch ready", "Questions ready"]
    assert list(checklists.common_items()) == common
    assert checklists.items_for(Medium.IN_PERSON) == [
        *common,
        "Dress well for their workplace",
        "A few copies of your resume",
        "Directions and travel time",
        "Ready to pay for the coffee",
    ]
    assert checklists.items_for(Medium.VIDEO) == [*common, "Link tested", "Audio tested"]
    assert checklists.items_for(Medium.PHONE) == [*common, "Their number at hand", "A quiet room"]


def test_a_new_interview_starts_with_nothing_ticked() -> None:
    items = new_checklist(shipped(), Medium.PHONE)
    assert [item.text for item in items][-2:] == ["Their number at hand", "A quiet room"]
    assert not any(item.done for item in items)


def test_a_users_file_replaces_the_shipped_one_of_its_name(tmp_path: Path) -> None:
    write(tmp_path / "checklists", "video.yml", "items:\n  - Zoom updated\n  - '[bold]Lamp[/]'\n")
    write(tmp_path / "checklists", "common.yaml", "items: []\n")
    checklists, errors = load_checklists(checklist_dirs(tmp_path))
    assert errors == []
    assert checklists.items_for(Medium.VIDEO) == ["Zoom updated", "[bold]Lamp[/]"]
    assert checklists.items_for(Medium.PHONE) == ["Their number at hand", "A quiet room"]
    assert checklists.templates["video"].path == tmp_path / "checklists" / "video.yml"


def test_a_bad_users_file_names_file_line_and_key_and_keeps_the_shipped_one(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path / "checklists",
        "phone.yaml",
        "# mine\nitems:\n  - Charge the phone\n  - 12\n  - ''\nitem: [typo]\n",
    )
    checklists, errors = load_checklists(checklist_dirs(tmp_path))
    [error] = errors
    assert error.startswith(f"Checklist file {path} was skipped: ")
    assert "line 4: items: step 2: expected one line of text" in error
    assert "line 5: items: step 3: expected one line of text" in error
    assert "line 6: item: unknown key; did you mean 'items'?" in error
    assert error.endswith("Using the shipped phone checklist instead.")
    assert checklists.medium_items(Medium.PHONE) == ("Their number at hand", "A quiet room")


def test_a_file_named_after_no_medium_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "checklists", "boat.yaml", "items: [Life jacket]\n")
    _checklists, errors = load_checklists(checklist_dirs(tmp_path))
    [error] = errors
    assert "'boat' is not a checklist informterm uses" in error
    assert "common, in-person, phone or video" in error


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "the file is empty"),
        ("- a list\n", "expected a mapping of checklist keys"),
        ("items: [x\n", "invalid YAML"),
        (yaml_bomb(9), "aliases"),
        ("items: one step\n", "items: expected a list of steps"),
        ("items:\n  - |\n    two\n    lines\n", "step 1: expected one line of text"),
        ("items: ['" + "x" * 201 + "']\n", "step 1: longer than 200 characters"),
        ("items: []\nitems: [again]\n", "appears twice"),
        ("other: 1\n", "the required key 'items' is missing"),
        ("items: [!!python/object/apply:os.system [echo]]\n", "invalid YAML"),
    ],
)
def test_bad_checklist_files_are_refused_with_the_reason(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = write(tmp_path, "common.yaml", text)
    with pytest.raises(ChecklistError) as caught:
        load_checklist_file(path)
    assert str(path) in str(caught.value)
    assert problem in str(caught.value)


def test_a_control_character_in_a_file_is_refused_by_line(tmp_path: Path) -> None:
    path = write(tmp_path, "video.yaml", "items:\n  - Link \x1b[31mtested\n")
    with pytest.raises(ChecklistError, match=r"line 2.*U\+001B"):
        load_checklist_file(path)


def test_steps_repeated_in_a_file_are_kept_once() -> None:
    checklists = Checklists(
        {
            "common": ChecklistTemplate("common", ("Pitch ready",)),
            "video": ChecklistTemplate("video", ("pitch  READY", "Link tested")),
        }
    )
    assert checklists.items_for(Medium.VIDEO) == ["Pitch ready", "Link tested"]


# -- changing the medium ------------------------------------------------------------------


def test_a_new_medium_swaps_its_own_steps_and_keeps_ticked_and_custom_ones() -> None:
    checklists = shipped()
    items = new_checklist(checklists, Medium.IN_PERSON)
    items[0].done = True  # Research the person
    items[-1].done = True  # Ready to pay for the coffee: done, so it stays
    items.insert(2, ChecklistItem(text="Find her talk on [diaries]"))
    items.remove(next(i for i in items if i.text == "Pitch ready"))  # removed by hand
    after = checklist_for_medium(items, checklists, Medium.IN_PERSON, Medium.VIDEO)
    assert [(item.text, item.done) for item in after] == [
        ("Research the person", True),
        ("Research the company", False),
        ("Find her talk on [diaries]", False),
        ("Questions ready", False),
        ("Ready to pay for the coffee", True),
        ("Link tested", False),
        ("Audio tested", False),
    ]


def test_the_same_medium_changes_nothing() -> None:
    items = [ChecklistItem(text="Mine")]
    assert checklist_for_medium(items, shipped(), Medium.PHONE, Medium.PHONE) == items


def test_a_step_the_new_medium_has_too_stays_where_it_is() -> None:
    checklists = Checklists(
        {
            "phone": ChecklistTemplate("phone", ("Quiet room", "Their number")),
            "video": ChecklistTemplate("video", ("Quiet room", "Link tested")),
        }
    )
    items = [ChecklistItem(text="Quiet room"), ChecklistItem(text="Their number")]
    after = checklist_for_medium(items, checklists, Medium.PHONE, Medium.VIDEO)
    assert [item.text for item in after] == ["Quiet room", "Link tested"]
