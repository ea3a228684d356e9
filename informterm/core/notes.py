"""What interview notes hold besides text: call timestamps and note tags."""

from __future__ import annotations

import re

from informterm.core.model import NoteTag

TAG_PATTERN = re.compile(
    "(?<![\\w#])(" + "|".join(re.escape(tag.value) for tag in NoteTag) + r")\b", re.IGNORECASE
)
"""A note tag (``#lead``, ``#advice``, ...) standing on its own."""

STAMP_PATTERN = re.compile(r"^\[\d{1,2}:\d{2}(?::\d{2})?\]", re.MULTILINE)
"""A call timestamp at the start of a line, like ``[00:04]``."""
