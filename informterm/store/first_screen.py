"""The records the first screen shows, kept so that a large workbook's window appears at once.

Reading and checking a workbook of 10,000 contacts takes longer than starting the whole
terminal UI, yet the first frame shows only the top of the contact list and the records of
the contact it starts on. So when a session ends, the app keeps those (the first rows in
the list's starting order, with their interviews and follow-ups) in a small file
in the user's cache folder, stamped with the workbook file's size, modification time and
inode. At the next start, if the stamp still matches, the first frame is drawn from it,
and the workbook itself is read straight after, before any key is handled.

It is a cache, never a source of truth: a missing, damaged or stale file, or one written
by another version, is ignored; it is never used for a write; and it is written without
fsync, like any cache. It holds personal data, so like the workbook it is private (0600).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from informterm import __version__
from informterm.core.model import Contact
from informterm.paths import user_cache_dir, write_cache_file
from informterm.store import migrations, records
from informterm.store.storage import UnusableData, file_stamp, load_data

if TYPE_CHECKING:
    from informterm.store.workbook import Workbook

FIRST_ROWS = 150
"""How many of the list's first rows are kept: more than a terminal shows at once."""


@dataclass(frozen=True, slots=True)
class FirstScreen:
    """What the first frame is drawn from while the workbook is read."""

    tables: dict[str, records.DecodedTable]
    """The kept records, checked as a workbook's are."""
    contacts: int
    """How many contacts the whole list holds at start (archived ones are hidden then)."""


def cache_file(workbook_path: Path) -> Path:
    """Where the first screen of the workbook at ``workbook_path`` is kept."""
    real = os.path.realpath(workbook_path)
    name = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return user_cache_dir() / "first-screen" / f"{name}.json"


def read_first_screen(workbook_path: Path) -> FirstScreen | None:
    """The first screen kept for the workbook at ``workbook_path``, or None unless one was
    kept for exactly the file as it is now, by this version of informterm."""
    stamp = file_stamp(workbook_path)
    kept = None if stamp is None else _kept_for(workbook_path, stamp)
    if kept is None:
        return None
    contacts = kept["about"]["contacts"]
    try:
        _, tables, found = load_data(kept["records"])
    except (UnusableData, KeyError):
        return None
    if found != migrations.SCHEMA_VERSION or type(contacts) is not int:
        return None
    return FirstScreen(tables, contacts)


def _kept_for(workbook_path: Path, stamp: list[int]) -> dict[str, Any] | None:
    """What is kept for the workbook at ``workbook_path`` if it was kept for the file with
    ``stamp`` by this version of informterm (its records not checked yet), else None."""
    try:
        kept = orjson.loads(cache_file(workbook_path).read_bytes())
        about = kept["about"]
        if about == _about(workbook_path, stamp, about.get("contacts")):
            return kept  # type: ignore[no-any-return]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
        pass
    return None


def keep_first_screen(workbook: Workbook, first_rows: Sequence[Contact], contacts: int) -> bool:
    """Keep ``first_rows`` (the list's first rows at start) and their records for the next
    start of ``workbook``, whose list then holds ``contacts`` rows. Returns False when the
    file changed since this workbook read or wrote it (another informterm had it, say), or
    the cache folder cannot be written (nothing depends on it)."""
    stamp = file_stamp(workbook.path)
    if stamp is None or workbook.loading or stamp != workbook.storage.file_stamp:
        return False  # changed by another program since this one read it: nothing to keep
    if _kept_for(workbook.path, stamp) is not None:
        return True  # kept already for the file as it is
    kept = list(first_rows[:FIRST_ROWS])
    tables: dict[str, list[Any]] = {
        "contacts": kept,
        "touches": [],
        "interviews": [],
        "followups": [],
    }
    # Touches are left out: the first screen shows none (the list starts sorted by name).
    for contact in kept:
        tables["interviews"] += workbook.interviews_of(contact.id)
        tables["followups"] += workbook.follow_ups_of(contact.id, open_only=False)
    data: dict[str, Any] = {
        name: {str(n): record.to_dict() for n, record in enumerate(rows, 1)}
        for name, rows in tables.items()
    }
    data[migrations.META_TABLE] = migrations.new_workbook_data()[migrations.META_TABLE]
    content = orjson.dumps({"about": _about(workbook.path, stamp, contacts), "records": data})
    return write_cache_file(cache_file(workbook.path), content)


def keep_starting_view(workbook: Workbook) -> bool:
    """Keep the first screen of ``workbook`` as the contact list starts: archived contacts
    hidden, sorted by name (see :func:`keep_first_screen`)."""
    from informterm.core.browse import SortOrder, sort_contacts

    contacts = workbook.contacts()
    first_rows = sort_contacts(contacts, SortOrder.NAME)[:FIRST_ROWS]
    return keep_first_screen(workbook, first_rows, len(contacts))


def keep_again_if_kept(workbook: Workbook) -> bool:
    """After a change made outside the app (``informterm add``), keep the first screen
    again if one was kept for this workbook, so that its next start stays quick. Workbooks
    never opened in the app get no cache file."""
    if not cache_file(workbook.path).exists():
        return False
    return keep_starting_view(workbook)


def _about(workbook_path: Path, stamp: list[int], contacts: Any) -> dict[str, Any]:
    return {
        "workbook": os.path.realpath(workbook_path),
        "stamp": stamp,
        "version": __version__,
        "contacts": contacts,
    }
