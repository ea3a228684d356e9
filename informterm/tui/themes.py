"""Themes as data: YAML files, one theme each, validated into ``textual.theme.Theme``.

The shipped themes live in ``themes/`` (see ``informterm.paths.shipped_dir``); users add or
override themes with files in the ``themes/`` folder of their config directory. A theme
file looks like the shipped ones::

    name: my-theme          # required
    primary: "#4FB3BF"      # required; quote colours, a bare # starts a YAML comment
    secondary, accent, foreground, background, surface, panel, boost,
    warning, error, success: colours (optional)
    dark: true              # optional, default true
    luminosity_spread: 0.15 # optional, 0 to 1
    text_alpha: 0.95        # optional, 0 to 1
    variables:              # optional Textual theme variables, such as
      footer-key-foreground: "#F2B45A"

A file with any problem is skipped as a whole and reported in one message, so the app can
show it and carry on with the other themes.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.theme import Theme

from informterm.paths import shipped_dir, user_config_dir
from informterm.yaml_reader import ConfigError, ConfigProblem, YamlDocument, read_yaml

DEFAULT_THEME = "informterm-dark"
"""The theme used when config.yaml names none, or names one that failed to load."""

COLOUR_KEYS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
    "warning",
    "error",
    "success",
)
REQUIRED_KEYS = ("name", "primary")
_FRACTION_KEYS = ("luminosity_spread", "text_alpha")
THEME_KEYS = ("name", *COLOUR_KEYS, "dark", *_FRACTION_KEYS, "variables")
"""Every key a theme file may have."""

_THEME_SUFFIXES = ("*.yaml", "*.yml")
_VARIABLE_NAME = re.compile(r"[a-z][a-z0-9-]*")
# A colour variable may carry an alpha percentage ("#4FB3BF 35%"), as Textual CSS allows.
_COLOUR_WITH_ALPHA = re.compile(r"(?P<colour>.+?)(?:\s+\d+(?:\.\d+)?%)?")
_COLOUR_WORDS = frozenset({"auto", "transparent", "initial", "ansi_default"})
_COLOUR_HELP = 'use "#rrggbb", "rgb(r, g, b)" or a colour name, in quotes'


class ThemeError(ValueError):
    """A theme file that cannot be used; the message names the file and every problem."""

    def __init__(self, path: Path, problems: list[ConfigProblem]) -> None:
        self.path = path
        self.problems = sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
        details = "; ".join(problem.describe() for problem in self.problems)
        super().__init__(f"Theme file {path} was skipped: {details}")


def theme_dirs() -> list[Path]:
    """Where themes come from, in override order: shipped, then the user's own."""
    return [shipped_dir("themes"), user_config_dir() / "themes"]


def load_themes(dirs: list[Path]) -> tuple[list[Theme], list[str]]:
    """Every valid theme in ``dirs`` and one error message per file that was skipped.

    A theme in a later folder replaces one of the same name from an earlier folder (so
    the user's file wins over the shipped one). Missing folders are fine.
    """
    themes: dict[str, Theme] = {}
    errors: list[str] = []
    for directory in dirs:
        if not directory.is_dir():
            continue
        from_here: dict[str, Path] = {}
        files = sorted({path for pattern in _THEME_SUFFIXES for path in directory.glob(pattern)})
        for path in files:
            try:
                theme = load_theme_file(path)
            except ThemeError as error:
                errors.append(str(error))
                continue
            if theme.name in from_here:
                # Two files in one folder claiming a name: which wins would be an accident
                # of file-name order, so say so instead.
                problem = ConfigProblem(
                    f"{theme.name!r} is already the name of {from_here[theme.name].name}",
                    key="name",
                )
                errors.append(str(ThemeError(path, [problem])))
                continue
            from_here[theme.name] = path
            themes[theme.name] = theme
    return list(themes.values()), errors


def load_theme_file(path: Path) -> Theme:
    """The theme in one YAML file; raises ThemeError naming the file and the problems."""
    try:
        document = read_yaml(path)
    except ConfigError as error:
        raise ThemeError(path, error.problems) from None
    return theme_from_document(document)


def theme_from_document(document: YamlDocument) -> Theme:
    """Validate a parsed theme file into a Theme (raises ThemeError)."""
    data = document.data
    path = document.path
    if data is None:
        raise ThemeError(path, [ConfigProblem("the file is empty")])
    if not isinstance(data, dict):
        not_mapping = ConfigProblem("expected a mapping of theme keys", line=document.first_line)
        raise ThemeError(path, [not_mapping])
    problems: list[ConfigProblem] = list(document.duplicates)

    def problem(key: str, message: str, *subkeys: str) -> None:
        line = document.line(key, *subkeys)
        problems.append(ConfigProblem(message, key=".".join((key, *subkeys)), line=line))

    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in THEME_KEYS:
            problem(str(key), "unknown key" + _did_you_mean(str(key), THEME_KEYS))
        elif key == "name":
            if not isinstance(value, str) or not value.strip() or "\n" in value:
                problem(key, "expected the theme's name as one line of text")
            else:
                values[key] = value.strip()
        elif key in COLOUR_KEYS:
            message = _colour_problem(value)
            if message:
                problem(key, message)
            else:
                values[key] = value
        elif key == "dark":
            if isinstance(value, bool):
                values[key] = value
            else:
                problem(key, f"expected true or false, got {value!r}")
        elif key in _FRACTION_KEYS:
            if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
                values[key] = float(value)
            else:
                problem(key, f"expected a number from 0 to 1, got {value!r}")
        elif key == "variables":
            if not isinstance(value, dict):
                problem(key, "expected a mapping of variable names to values")
                continue
            variables: dict[str, str] = {}
            for name, item in value.items():
                if not isinstance(name, str) or not _VARIABLE_NAME.fullmatch(name):
                    problem(key, "expected a name like footer-key-foreground", str(name))
                    continue
                message = _variable_problem(name, item)
                if message:
                    problem(key, message, name)
                else:
                    variables[name] = item.strip()
            values[key] = variables
    for key in REQUIRED_KEYS:
        if key not in data:
            problems.append(ConfigProblem(f"the required key {key!r} is missing"))
    if problems:
        raise ThemeError(path, problems)

    theme = Theme(**values)
    try:
        # Build the full colour system now, so anything Textual rejects is reported here
        # rather than when the user switches to the theme.
        theme.to_color_system().generate()
    except Exception as error:
        raise ThemeError(path, [ConfigProblem(f"Textual cannot use it: {error}")]) from None
    return theme


def _colour_problem(value: Any) -> str | None:
    if value is None:
        return f"no colour given (a bare # starts a YAML comment: {_COLOUR_HELP})"
    if not isinstance(value, str):
        return f"expected a colour, got {value!r}: {_COLOUR_HELP}"
    try:
        Color.parse(value.strip())
    except ColorParseError:
        return f"{value!r} is not a colour: {_COLOUR_HELP}"
    return None


def _variable_problem(name: str, value: Any) -> str | None:
    if not isinstance(value, str):
        if value is None:
            return f"no value given (a bare # starts a YAML comment: {_COLOUR_HELP})"
        return f"expected text, got {value!r}"
    text = value.strip()
    if name.endswith("-style"):
        # Text-style variables (block-cursor-text-style, link-style, ...) take style words.
        unknown = [word for word in text.split() if word not in VALID_STYLE_FLAGS]
        if unknown or not text:
            allowed = ", ".join(sorted(VALID_STYLE_FLAGS))
            return f"{value!r} is not a text style: use words from {allowed}"
        return None
    match = _COLOUR_WITH_ALPHA.fullmatch(text)
    colour = match["colour"] if match else text
    if colour in _COLOUR_WORDS or colour.startswith("$"):
        return None
    try:
        Color.parse(colour)
    except ColorParseError:
        return f"{value!r} is not a colour: {_COLOUR_HELP}, optionally with an alpha like 35%"
    return None


def _did_you_mean(word: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(known)}"
