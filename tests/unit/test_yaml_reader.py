"""The YAML reader's limits: a file that is too large, too deep or whose aliases would
expand too far is refused by file and line before anything walks it, and nothing of it is
kept in the parse cache; files that use a few aliases as intended still load."""

from __future__ import annotations

import hashlib
import inspect
import os
import sys
import time
from pathlib import Path

import orjson
import pytest

from informterm.yaml_reader import (
    MAX_ALIASES,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    ConfigError,
    parse_yaml,
    read_yaml,
)
from tests.conftest import yaml_bomb


def write(tmp_path: Path, text: str, name: str = "file.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def cached_files() -> list[Path]:
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "informterm" / "yaml"
    return sorted(folder.iterdir()) if folder.exists() else []


def refusal(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        read_yaml(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert cached_files() == [], "nothing of a refused file is kept"
    return message


# -- aliases ---------------------------------------------------------------------------------


def test_the_342_byte_billion_laughs_is_refused_at_once(tmp_path: Path) -> None:
    text = yaml_bomb(9)
    assert len(text.encode()) == 342
    path = write(tmp_path, text)
    started = time.perf_counter()
    message = refusal(path)
    assert time.perf_counter() - started < 5
    assert "expands to more than 10,000 values through its aliases" in message


@pytest.mark.parametrize("mapping", [False, True], ids=["lists", "mappings"])
def test_a_seven_level_bomb_is_refused_and_leaves_no_cache_file(
    tmp_path: Path, mapping: bool
) -> None:
    # 9**7 values: small enough to be expanded and written out if nothing stopped it.
    path = write(tmp_path, yaml_bomb(7, mapping=mapping))
    assert "expands to more than 10,000 values" in refusal(path)


def test_aliases_adding_up_to_the_limit_are_fine(tmp_path: Path) -> None:
    # 4 levels: 9**4 = 6561 values, fewer than the limit.
    document = read_yaml(write(tmp_path, yaml_bomb(4)))
    assert len(document.data["d"]) == 9
    assert document.data["d"][0][0][0] == ["lol"] * 9


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: &a [*a]\n", 1, 8),
        ("top:\n  a: &a {b: *a}\n", 2, 13),
        ("a: &a\n  - x\n  - [y, *a]\n", 3, 9),
    ],
)
def test_an_alias_inside_its_own_value_is_refused(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    message = refusal(write(tmp_path, text))
    assert f"line {line}, column {column}: the alias '*a' is used inside the value it names" in (
        message
    )


def test_more_than_a_hundred_aliases_are_refused_at_the_first_too_many(tmp_path: Path) -> None:
    uses = "\n".join(f"- *x  # {i + 1}" for i in range(MAX_ALIASES + 1))
    path = write(tmp_path, f"x: &x 1\nlist:\n{uses}\n".replace("\n- ", "\n  - "))
    message = refusal(path)
    assert f"line {MAX_ALIASES + 3}, column 5: uses too many aliases" in message
    assert f"at most {MAX_ALIASES}" in message


def test_a_hundred_aliases_are_fine(tmp_path: Path) -> None:
    path = write(tmp_path, "x: &x 1\nlist: [" + ", ".join(["*x"] * MAX_ALIASES) + "]\n")
    assert read_yaml(path).data["list"] == [1] * MAX_ALIASES


def test_settings_defined_once_and_reused_still_load(tmp_path: Path) -> None:
    text = (
        'working_hours: &hours {start: "09:00", end: "17:30"}\n'
        "weekdays:\n"
        "  monday: *hours\n"
        "  tuesday: *hours\n"
        '  friday: {<<: *hours, end: "15:00"}\n'
    )
    path = write(tmp_path, text)
    parsed = read_yaml(path)
    assert parsed.data["weekdays"] == {
        "monday": {"start": "09:00", "end": "17:30"},
        "tuesday": {"start": "09:00", "end": "17:30"},
        "friday": {"start": "09:00", "end": "15:00"},
    }
    assert parsed.line("weekdays", "friday") == 5
    assert len(cached_files()) == 1, "a file within the limits is kept as before"
    assert read_yaml(path).data == parsed.data


def test_an_entry_cached_before_the_limits_is_never_used(tmp_path: Path) -> None:
    uses = ", ".join(["*x"] * (MAX_ALIASES + 1))
    content = f"x: &x 1\nlist: [{uses}]\n".encode()
    path = tmp_path / "file.yaml"
    path.write_bytes(content)
    # Where a reader without limits kept what it parsed: under the bare digest of the bytes.
    old = Path(os.environ["XDG_CACHE_HOME"]) / "informterm" / "yaml"
    old.mkdir(parents=True)
    entry = {"data": {"list": [1]}, "lines": [], "raw": [], "duplicates": [], "first_line": 1}
    (old / f"{hashlib.sha256(content).hexdigest()}.json").write_bytes(orjson.dumps(entry))
    with pytest.raises(ConfigError, match="uses too many aliases"):
        read_yaml(path)


# -- size and depth --------------------------------------------------------------------------


def test_a_file_over_a_megabyte_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    # Not UTF-8 either: the size is what is reported, without decoding anything.
    path.write_bytes(b"\xff" * (MAX_FILE_BYTES + 1))
    message = refusal(path)
    assert message == f"{path}: is 1,000,001 bytes; a YAML file may have at most 1,000,000 bytes"


def test_a_file_of_exactly_a_megabyte_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES - 1) + b"\n")
    assert read_yaml(path).data is None


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("[" * (MAX_DEPTH + 1) + "x" + "]" * (MAX_DEPTH + 1) + "\n", "line 1, column 101"),
        ("".join("  " * i + "k:\n" for i in range(MAX_DEPTH + 1)) + "  " * 101 + "x\n", "line 101"),
    ],
    ids=["flow", "block"],
)
def test_nesting_deeper_than_a_hundred_levels_is_refused(
    tmp_path: Path, text: str, where: str
) -> None:
    message = refusal(write(tmp_path, text))
    assert f"{where}" in message and "nests more than 100 levels deep" in message


def test_a_hundred_levels_are_fine(tmp_path: Path) -> None:
    data = read_yaml(write(tmp_path, "[" * MAX_DEPTH + "x" + "]" * MAX_DEPTH + "\n")).data
    for _ in range(MAX_DEPTH - 1):
        [data] = data
    assert data == ["x"]


def test_running_out_of_stack_reads_as_too_deep(tmp_path: Path) -> None:
    limit = sys.getrecursionlimit()
    # Room for the test's own frames but not for composing 90 levels.
    sys.setrecursionlimit(len(inspect.stack()) + 120)
    try:
        with pytest.raises(ConfigError, match="nests more than 100 levels deep"):
            parse_yaml(tmp_path / "deep.yaml", "[" * 90 + "]" * 90)
    finally:
        sys.setrecursionlimit(limit)


# -- lines -----------------------------------------------------------------------------------


def test_list_items_keep_their_lines_through_the_cache(tmp_path: Path) -> None:
    path = write(tmp_path, "# steps\nitems:\n  - one\n\n  - two\nflow: [a,\n  b]\n")
    for document in (read_yaml(path), read_yaml(path)):  # parsed, then from the cache
        assert document.item_line("items", index=0) == 3
        assert document.item_line("items", index=1) == 5
        assert document.item_line("flow", index=1) == 7
        # An item it does not know: the line of the list's key.
        assert document.item_line("items", index=9) == 2
