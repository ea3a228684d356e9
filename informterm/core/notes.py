"""What interview notes hold besides text: call timestamps and note tags, and the lines
that carry a tag."""

from __future__ import annotations

import re

from informterm.core.model import NoteTag

TAG_PATTERN = re.compile(
    "(?<![\\w#])(" + "|".join(re.escape(tag.value) for tag in NoteTag) + r")\b", re.IGNORECASE
)
"""A note tag (``#lead``, ``#advice``, ...) standing on its own."""

STAMP_PATTERN = re.compile(r"^\[\d{1,2}:\d{2}(?::\d{2})?\]", re.MULTILINE)
"""A call timestamp at the start of a line, like ``[00:04]``."""


def tagged_lines(notes: str, tag: NoteTag) -> list[str]:
    """The lines of ``notes`` carrying ``tag``, with the tags and any call time taken out
    and the spacing tidied; each line once, in order."""
    lines: list[str] = []
    for raw in notes.splitlines():
        tags = {match.lower() for match in TAG_PATTERN.findall(raw)}
        if tag.value not in tags:
            continue
        text = " ".join(STAMP_PATTERN.sub("", TAG_PATTERN.sub("", raw)).split())
        if text and text not in lines:
            lines.append(text)
    return lines
