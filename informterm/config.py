"""config.yaml -> Settings, with errors that name the file, the line and the key.

A config is used whole or not at all: every problem in the file is collected, and if there
is any, ``load_settings`` raises one ``ConfigError`` listing them all, so the app never
starts with half the user's settings. The file is read by ``informterm.yaml_reader``, which
keeps every key's line number for the message.

``remember_theme`` writes the theme picked in the app back to the file, editing only the
``theme:`` line so the user's comments and layout survive.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from informterm.core.model import FOLLOW_UP_PRESETS, LINTER_PRESETS, Settings, WorkingHours
from informterm.core.rules import RULE_DAYS
from informterm.core.time import UnknownTimezone, check_timezone, system_timezone
from informterm.files import make_private_dirs, write_atomically
from informterm.yaml_reader import (
    ConfigError,
    ConfigProblem,
    YamlDocument,
    compose_yaml,
    decode,
    parse_yaml,
    read_bytes,
    read_yaml,
)

FILE_MODE = 0o600

EXAMPLE_CONFIG = """\
# informterm settings. Every line is optional: leave a setting out to keep its default.

your_name: Sam Rivera
# One or two sentences about you, used in outreach drafts.
pitch: >-
  I spent six years in hospital logistics and I am moving into health-tech product work.
target_field: health-tech product management
# How to reach you, as outreach drafts sign off.
contact_line: sam.rivera@example.com · +1 312 555 0101

# IANA time-zone names (Region/City). Contacts' zones are set per contact.
home_timezone: America/Chicago
working_hours:
  start: "09:00"    # quote times: YAML reads 17:30 unquoted as a number
  end: "17:30"
holiday_country: US       # two-letter code; business days skip its public holidays
holiday_subdivision: CA   # optional: a state or region with holidays of its own
meetings_per_day: 4       # your capacity; the Today screen warns above it

follow_up_preset: 3b7     # 3b7, week-or-two or none: what follows an outreach request
follow_up_days:           # the follow-up rules' numbers of days (these are the defaults)
  try_next: 3             # 3b7: business days without a reply, then try the next contact
  follow_up: 7            # 3b7: business days without a reply, then one follow-up
  no_reply: 7             # week-or-two: days without a reply, then one follow-up
  no_response: 14         # week-or-two: days after that, then mark as no response
  confirm: 1              # days before an interview to confirm it
  promise: 7              # days to keep a promise made in a call that names no date
keep_in_touch_days: 90    # default cadence, counted from the last real conversation
linter_preset: 6-point    # 6-point or 5-point, for the request-email linter
linkedin_free_account: false  # true: LinkedIn connection notes may have 200 characters, not 300

theme: informterm-dark    # also set by picking a theme from the command palette

# Remap keys by binding id (the help screen, "?", lists the ids); several keys: "a,f2".
keymap:
  quit: "ctrl+q"
  help: "question_mark,f1"
"""
"""A commented config.yaml showing every setting (the README shows it too)."""

KeymapCheck = Callable[[dict[str, str]], dict[str, str]]
"""Checks a keymap (binding id -> keys): what is wrong, by binding id."""

_SETTING_DEFAULTS = Settings()
_TIME = re.compile(r"(\d{1,2}):(\d{2})")
_COUNTRY = re.compile(r"[A-Za-z]{2}")
_SUBDIVISION = re.compile(r"[A-Za-z0-9]{1,3}")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_YES_OR_NO = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}


# -- settings -----------------------------------------------------------------------------


class _Invalid:
    """Marks a value that failed validation (its problem is already recorded)."""


_INVALID = _Invalid()


class _SettingsReader:
    """Validates a config document key by key, collecting every problem."""

    def __init__(self, document: YamlDocument, keymap_check: KeymapCheck | None) -> None:
        self.document = document
        self.keymap_check = keymap_check
        self.problems: list[ConfigProblem] = list(document.duplicates)
        self.parsers: dict[str, Callable[[Any, tuple[str, ...]], Any]] = {
            "your_name": self.text,
            "pitch": self.text,
            "target_field": self.text,
            "contact_line": self.text,
            "home_timezone": self.timezone,
            "working_hours": self.working_hours,
            "holiday_country": self.code(
                _COUNTRY, "a two-letter country code (such as US, GB or DE)"
            ),
            "holiday_subdivision": self.code(_SUBDIVISION, "a subdivision code (such as CA or NY)"),
            "meetings_per_day": self.whole_number(1, 24),
            "follow_up_preset": self.choice(FOLLOW_UP_PRESETS),
            "follow_up_days": self.day_numbers,
            "keep_in_touch_days": self.whole_number(1, 3650),
            "linter_preset": self.choice(LINTER_PRESETS),
            "linkedin_free_account": self.yes_or_no,
            "theme": self.name,
            "keymap": self.keymap,
        }

    def problem(self, path: tuple[str, ...], message: str) -> _Invalid:
        self.problems.append(
            ConfigProblem(message, key=".".join(path), line=self.document.line(*path))
        )
        return _INVALID

    def read(self, data: dict[Any, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, value in data.items():
            if not isinstance(key, str):
                self.problem((str(key),), "is not a setting name")
                continue
            parser = self.parsers.get(key)
            if parser is None:
                self.problem((key,), "unknown setting" + _did_you_mean(key, self.parsers))
                continue
            if value is None:
                # "pitch:" with nothing after it reads as null: keep the default.
                continue
            parsed = parser(value, (key,))
            if parsed is not _INVALID:
                values[key] = parsed
        return values

    # Each parser takes the YAML value and its key path and returns the setting's value or
    # _INVALID after recording a problem.

    def text(self, value: Any, path: tuple[str, ...]) -> Any:
        if isinstance(value, str):
            return value
        plain = self.document.plain_text(*path)
        if plain is not None and not isinstance(value, list | dict):
            return plain
        return self.problem(path, f"expected text, got {_describe(value)}")

    def name(self, value: Any, path: tuple[str, ...]) -> Any:
        text = self.text(value, path)
        if text is _INVALID:
            return text
        if not text.strip():
            return self.problem(path, "must not be empty")
        return text.strip()

    def timezone(self, value: Any, path: tuple[str, ...]) -> Any:
        text = self.text(value, path)
        if text is _INVALID:
            return text
        try:
            return check_timezone(text) or _SETTING_DEFAULTS.home_timezone
        except UnknownTimezone as error:
            return self.problem(path, str(error))

    def code(self, pattern: re.Pattern[str], what: str) -> Callable[[Any, tuple[str, ...]], Any]:
        """A parser of a short code (a country, a subdivision): ``what`` names it for the
        message, with examples; the code is kept upper-case."""

        def parse(value: Any, path: tuple[str, ...]) -> Any:
            text = self.text(value, path)
            if text is _INVALID:
                return text
            text = text.strip()
            if text and not pattern.fullmatch(text):
                return self.problem(path, f"{text!r} is not {what}")
            return text.upper()

        return parse

    def yes_or_no(self, value: Any, path: tuple[str, ...]) -> Any:
        if isinstance(value, bool):
            return value
        # Quoted, "true" is text; it still means what it says.
        if isinstance(value, str) and value.strip().lower() in _YES_OR_NO:
            return _YES_OR_NO[value.strip().lower()]
        return self.problem(path, f"expected true or false, got {_describe(value)}")

    def whole_number(self, low: int, high: int) -> Callable[[Any, tuple[str, ...]], Any]:
        def parse(value: Any, path: tuple[str, ...]) -> Any:
            if isinstance(value, bool) or not isinstance(value, int):
                return self.problem(path, f"expected a whole number, got {_describe(value)}")
            if not low <= value <= high:
                return self.problem(path, f"must be between {low} and {high}, not {value}")
            return value

        return parse

    def choice(self, allowed: Iterable[str]) -> Callable[[Any, tuple[str, ...]], Any]:
        options = tuple(allowed)

        def parse(value: Any, path: tuple[str, ...]) -> Any:
            text = self.text(value, path)
            if text is _INVALID:
                return text
            folded = text.strip().lower()
            if folded not in options:
                return self.problem(
                    path, f"unknown preset {text!r}; choose one of: {', '.join(options)}"
                )
            return folded

        return parse

    def mapping(self, value: Any, path: tuple[str, ...], example: str) -> dict[Any, Any] | None:
        if isinstance(value, dict):
            return value
        self.problem(path, f"expected a mapping such as {example}, got {_describe(value)}")
        return None

    def working_hours(self, value: Any, path: tuple[str, ...]) -> Any:
        data = self.mapping(value, path, '{start: "09:00", end: "17:30"}')
        if data is None:
            return _INVALID
        times: dict[str, str] = {}
        ok = True
        for key, item in data.items():
            where = (*path, str(key))
            if key not in ("start", "end"):
                self.problem(where, "unknown key" + _did_you_mean(str(key), ("start", "end")))
                ok = False
                continue
            parsed = self.clock_time(item, where)
            if parsed is _INVALID:
                ok = False
            else:
                times[key] = parsed
        if not ok:
            return _INVALID
        defaults = _SETTING_DEFAULTS.working_hours
        start = times.get("start", defaults.start)
        end = times.get("end", defaults.end)
        if end <= start:
            # Zero-padded HH:MM strings compare in time order.
            return self.problem(
                (*path, "end" if "end" in times else "start"),
                f"working hours end at {end}, which is not after they start at {start}",
            )
        return WorkingHours(start=start, end=end)

    def clock_time(self, value: Any, path: tuple[str, ...]) -> Any:
        text = self.document.plain_text(*path)
        if text is None or not isinstance(value, int | float):
            text = value if isinstance(value, str) else None
        match = _TIME.fullmatch(text.strip()) if text is not None else None
        if match is None or int(match[1]) > 23 or int(match[2]) > 59:
            shown = repr(text) if text is not None else _describe(value)
            return self.problem(path, f"expected a time as HH:MM (24-hour), got {shown}")
        return f"{int(match[1]):02d}:{match[2]}"

    def day_numbers(self, value: Any, path: tuple[str, ...]) -> Any:
        data = self.mapping(value, path, "{try_next: 3, follow_up: 7}")
        if data is None:
            return _INVALID
        days: dict[str, int] = {}
        ok = True
        for key, item in data.items():
            where = (*path, str(key))
            if key not in RULE_DAYS:
                self.problem(where, "unknown rule" + _did_you_mean(str(key), RULE_DAYS))
                ok = False
                continue
            number = self.whole_number(0, 365)(item, where)
            if number is _INVALID:
                ok = False
            else:
                days[key] = number
        return days if ok else _INVALID

    def keymap(self, value: Any, path: tuple[str, ...]) -> Any:
        data = self.mapping(value, path, '{focus-notes: "n", quit: "ctrl+q"}')
        if data is None:
            return _INVALID
        keymap: dict[str, str] = {}
        ok = True
        for binding_id, keys in data.items():
            where = (*path, str(binding_id))
            if not isinstance(binding_id, str) or not binding_id.strip():
                self.problem(where, "expected a binding id (see the help screen)")
                ok = False
                continue
            parsed = self.key_string(keys, where)
            if parsed is _INVALID:
                ok = False
            else:
                keymap[binding_id] = parsed
        if ok and self.keymap_check is not None:
            for binding_id, message in self.keymap_check(keymap).items():
                self.problem((*path, binding_id), message)
                ok = False
        return keymap if ok else _INVALID

    def key_string(self, value: Any, path: tuple[str, ...]) -> Any:
        if value is None:
            return self.problem(path, 'needs a key, such as "ctrl+n" or "f2"')
        text = self.text(value, path)
        if text is _INVALID:
            return text
        keys = [key.strip() for key in text.split(",")]
        if not all(keys) or any(len(key.split()) != 1 for key in keys):
            return self.problem(
                path,
                f'{text!r} is not a key: write keys like "ctrl+n", several as "ctrl+n,f2"',
            )
        return ",".join(keys)


def _describe(value: Any) -> str:
    """A value as a user would recognise it in their file."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no/on/off read as true/false: quote text)"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def _did_you_mean(word: str, known: Iterable[str]) -> str:
    names = sorted(known)
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f"; known ones: {', '.join(names)}" if len(names) <= 20 else ""


def load_settings(path: Path, *, keymap_check: KeymapCheck | None = None) -> Settings:
    """The settings in config.yaml at ``path``; defaults if the file does not exist.

    Raises ConfigError listing every problem (file, line, key, what is wrong) if the file
    cannot be used as a whole. With ``keymap_check`` (the TUI's, which knows its keys), what
    it finds wrong with the keymap (an unknown id, key name or a clash) are problems too, so
    a typo never silently leaves a key unmapped.
    """
    if not path.exists():
        return _defaults(path)
    document = read_yaml(path)
    if document.data is None:
        if document.duplicates:
            raise ConfigError(path, document.duplicates)
        return _defaults(path)
    if not isinstance(document.data, dict):
        message = (
            "the file must be a mapping of settings (lines like 'theme: informterm-dark'), "
            f"not {_describe(document.data)}"
        )
        raise ConfigError(path, [ConfigProblem(message, line=document.first_line)])
    reader = _SettingsReader(document, keymap_check)
    values = reader.read(document.data)
    if reader.problems:
        raise ConfigError(path, reader.problems)
    values.setdefault("home_timezone", system_timezone())
    return Settings(**values, config_dir=path.parent)


def _defaults(path: Path) -> Settings:
    """The settings of a user with no config.yaml (at ``path``): defaults on this machine's
    clock."""
    return Settings(home_timezone=system_timezone(), config_dir=path.parent)


# -- writing the theme back ---------------------------------------------------------------


def remember_theme(path: Path, theme: str) -> None:
    """Record ``theme`` as the ``theme:`` setting in config.yaml at ``path``.

    Only that line changes (or one is appended), so the user's comments and the rest of
    the file stay as written. The file is created (mode 0600) if missing and replaced
    atomically, so a crash leaves the old or the new file. Raises ConfigError, without
    touching the file, if the file is not a YAML mapping it can safely edit.
    """
    theme = theme.strip()
    if not theme:
        raise ValueError("a theme name must not be empty")
    # Write through a symlink (dotfile managers link config files) instead of replacing it.
    target = Path(os.path.realpath(path))
    if target.exists():
        raw_bytes = read_bytes(target)
        bom = raw_bytes.startswith(b"\xef\xbb\xbf")
        text = decode(target, raw_bytes)
        mode = target.stat().st_mode & 0o777
    else:
        bom, text, mode = False, "", FILE_MODE
    new_text = _with_theme(target, text, theme)
    # The edit is textual, so read the result back to be sure it says what we meant.
    check = parse_yaml(target, new_text).data
    if not isinstance(check, dict) or check.get("theme") != theme:
        raise ConfigError(target, [ConfigProblem("could not record the theme in this file")])
    payload = (b"\xef\xbb\xbf" if bom else b"") + new_text.encode("utf-8")
    make_private_dirs(target.parent)
    write_atomically(target, payload, mode=mode)


def _yaml_scalar(path: Path, text: str) -> str:
    """``text`` as a YAML scalar: bare when that reads back as the same string."""
    if _PLAIN_NAME.fullmatch(text) and parse_yaml(path, text).data == text:
        return text
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False)


def _with_theme(path: Path, text: str, theme: str) -> str:
    import yaml

    value = _yaml_scalar(path, theme)
    newline = "\r\n" if "\r\n" in text else "\n"
    root = compose_yaml(path, text)
    if root is None:
        prefix = text if not text or text.endswith("\n") else text + newline
        return f"{prefix}theme: {value}{newline}"
    if not isinstance(root, yaml.MappingNode):
        message = "the file must be a mapping of settings to record the theme in it"
        raise ConfigError(path, [ConfigProblem(message, line=1)])
    existing = [
        value_node
        for key_node, value_node in root.value
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == "theme"
    ]
    if existing:
        # The last one is the one YAML uses.
        node = existing[-1]
        start, end = node.start_mark.index, node.end_mark.index
        old = text[start:end]
        tail = old[len(old.rstrip("\r\n")) :]
        lead = " " if start > 0 and text[start - 1] == ":" else ""
        return text[:start] + lead + value + tail + text[end:]
    if root.flow_style:
        # "{a: 1}": add inside the braces.
        close = text.rindex("}", 0, root.end_mark.index)
        separator = ", " if root.value else ""
        return f"{text[:close]}{separator}theme: {value}{text[close:]}"
    indent = " " * root.value[0][0].start_mark.column if root.value else ""
    prefix = text if text.endswith("\n") else text + newline
    return f"{prefix}{indent}theme: {value}{newline}"
