"""Data shipped with informterm that users may override: the outreach templates, the prep
checklists and the question bank.

Each kind is a folder of YAML files, one record a file, named after what it holds: shipped
at the top of the repository (inside the package in a wheel; see
``informterm.paths.shipped_dir``) and read again from the folder of the same name beside
config.yaml. There a file of the same name replaces a shipped one and other files add to
them; a user's file that cannot be used is skipped with a message naming the file, its lines
and keys, and the shipped one stays.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar, TypeVar

from informterm.yaml_reader import ConfigError, ConfigProblem, YamlDocument, read_yaml

T = TypeVar("T")

SUFFIXES = ("*.yaml", "*.yml")
"""The files of a data folder that are read."""


class ShippedFileError(ValueError):
    """A data file that cannot be used; the message names the file and every problem."""

    WHAT: ClassVar[str] = "Data"
    """What such a file holds, as the message starts: "Template file ... was skipped"."""

    def __init__(self, path: Path, problems: list[ConfigProblem]) -> None:
        self.path = path
        self.problems = sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
        details = "; ".join(problem.describe() for problem in self.problems)
        super().__init__(f"{self.WHAT} file {path} was skipped: {details}")


def data_dirs(name: str, config_dir: Path | None) -> list[Path]:
    """Where the files of the data folder ``name`` come from, in override order: shipped,
    then the user's folder of that name in ``config_dir`` (the folder of config.yaml;
    None: the shipped files only)."""
    from informterm.paths import shipped_dir

    dirs = [shipped_dir(name)]
    if config_dir is not None:
        dirs.append(config_dir / name)
    return dirs


def load_overridable(
    dirs: Iterable[Path],
    load_file: Callable[[Path], T],
    error: type[ShippedFileError],
    describe: Callable[[T], str],
) -> tuple[dict[str, T], list[str]]:
    """Every usable file in ``dirs`` by its name without the suffix, and one message per
    file that was skipped.

    ``load_file`` reads one file and raises ``error`` (a ShippedFileError) when it cannot be
    used. A file in a later folder replaces the one of the same name from an earlier folder;
    when it cannot be used, the earlier one stays and the message says so, naming it by
    ``describe``. Missing folders are fine.
    """
    found: dict[str, T] = {}
    errors: list[str] = []
    for directory in dirs:
        if not directory.is_dir():
            continue
        seen_here: dict[str, Path] = {}
        files = sorted({path for pattern in SUFFIXES for path in directory.glob(pattern)})
        for path in files:
            name = path.stem
            if name in seen_here:
                problem = ConfigProblem(f"{seen_here[name].name} has the same name")
                errors.append(str(error(path, [problem])))
                continue
            seen_here[name] = path
            try:
                loaded = load_file(path)
            except error as skipped:
                kept = found.get(name)
                fallback = f" Using the shipped {describe(kept)} instead." if kept else ""
                errors.append(f"{skipped}.{fallback}")
                continue
            found[name] = loaded
    return found, errors


def read_mapping(path: Path, error: type[ShippedFileError], expected: str) -> YamlDocument:
    """The YAML file at ``path``, which must hold a mapping (``expected`` says of what, for
    the message); raises ``error`` naming the file and the problem."""
    try:
        document = read_yaml(path)
    except ConfigError as failed:
        raise error(path, failed.problems) from None
    if document.data is None:
        raise error(path, [ConfigProblem("the file is empty")])
    if not isinstance(document.data, dict):
        message = f"expected a mapping of {expected}"
        raise error(path, [ConfigProblem(message, line=document.first_line)])
    return document


def did_you_mean(word: str, known: Iterable[str], *, listing: str = "keys") -> str:
    """A hint for a misspelt name: the closest of ``known``, or the list of them."""
    names = tuple(known)
    close = difflib.get_close_matches(word.lower(), names, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else f"; known {listing}: {', '.join(names)}"


def one_line(value: object) -> str | None:
    """``value`` as one line of text with its ends trimmed, or None when it is not text,
    is empty or holds a line break."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or "\n" in text or "\r" in text:
        return None
    return text
