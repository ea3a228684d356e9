"""The one display sanitiser: user text made safe to show in a terminal.

Control characters in a name or a note would reach the terminal raw and could clear the
screen, retitle the window or worse; newlines in a one-line field would break the line.
Every place that shows user text passes it through :func:`printable` (or a record through
:func:`printable_record`): control characters become visible symbols (ESC as ``␛``, NUL as
``␀``, C1 controls as ``\\x9b``, a lone surrogate as ``\\ud800``), never emitted. Everything
else (emoji, combining marks, right-to-left text, brackets that look like markup) stays
exactly as typed; markup is the render boundary's business (Content, never a markup string).
"""

from __future__ import annotations

from typing import TypeVar

R = TypeVar("R")

# C0 controls as the Unicode control pictures (U+2400..U+241F), DEL as U+2421, C1 controls
# (which some terminals read as escape sequences) as escapes.
_ONE_LINE: dict[int, int | str] = {code: 0x2400 + code for code in range(32)}
_ONE_LINE[0x7F] = 0x2421
_ONE_LINE.update({code: f"\\x{code:02x}" for code in range(0x80, 0xA0)})
_MULTI_LINE = {code: value for code, value in _ONE_LINE.items() if code not in (9, 10)}

MULTI_LINE_FIELDS = frozenset({"research_notes", "notes", "outcome", "draft", "answer"})
"""Fields whose text is shown over several lines (newlines and tabs kept)."""


def printable(text: str, *, multi_line: bool = False) -> str:
    """``text`` as it may be shown: control characters visible, never emitted.

    One-line text (a name, a company) shows newlines and tabs as symbols too, so it never
    breaks its line; ``multi_line`` text (notes) keeps them.
    """
    if text.isprintable():  # nearly every text: no control character at all
        return text
    shown = text.translate(_MULTI_LINE if multi_line else _ONE_LINE)
    # A lone surrogate (what Python makes of bytes that are not UTF-8, or what a JSON
    # "\\ud800" decodes to) cannot be encoded, so writing it out would raise: the codec
    # shows it as its escape, and leaves all other text as it is.
    return shown.encode("utf-8", "backslashreplace").decode("utf-8")


def printable_record(record: R) -> R:
    """A copy of a model record (a dataclass) with every text field passed through
    :func:`printable`, lists of texts included; the same record when nothing needed it."""
    from dataclasses import fields, replace  # not at import: the CLI's --version needs none

    changes: dict[str, object] = {}
    for field in fields(record):  # type: ignore[arg-type]
        value = getattr(record, field.name)
        multi_line = field.name in MULTI_LINE_FIELDS
        if isinstance(value, str):
            new: object = printable(value, multi_line=multi_line)
        elif isinstance(value, list) and value and isinstance(value[0], str):
            new = [printable(item) if isinstance(item, str) else item for item in value]
        elif isinstance(value, list) and value and hasattr(value[0], "__dataclass_fields__"):
            new = [printable_record(item) for item in value]
        else:
            continue
        if new != value:
            changes[field.name] = new
    return replace(record, **changes) if changes else record  # type: ignore[type-var]
