"""The typed repository over the workbook's tables: dicts on disk, model objects in memory.

Every read is served from in-memory indexes built once at open; every write goes through
TinyDB to the durable storage at once and updates the indexes. Nothing here touches the
disk on a read.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from tinydb import TinyDB

from informterm.core.model import (
    ENTITY_TYPES,
    Contact,
    Entity,
    FollowUp,
    Interview,
    Stage,
    Touch,
    utc_now,
)
from informterm.store.storage import DurableStorage, WorkbookError

E = TypeVar("E", bound=Entity)


class ReadOnlyWorkbook(WorkbookError):
    """Raised by a write on a workbook opened read-only."""


class NotFound(KeyError):
    """Raised when a record id is not in the workbook."""


class _Table(Generic[E]):
    """One table: model objects by id, plus the TinyDB doc id for writing each back."""

    def __init__(self, db: TinyDB, name: str, record_type: type[E]) -> None:
        self.name = name
        self.record_type = record_type
        self.tinydb_table = db.table(name, cache_size=0)
        self.by_id: dict[str, E] = {}
        self.doc_ids: dict[str, int] = {}
        raw = db.storage.read() or {}
        for doc_id, doc in raw.get(name, {}).items():
            record = record_type.from_dict(doc)
            self.by_id[record.id] = record
            self.doc_ids[record.id] = int(doc_id)


class Workbook:
    """Typed access to contacts, touches, interviews and follow-ups of one workbook file.

    Open it with :func:`open_workbook`. Reads are dictionary look-ups; each write is one
    durable save of the file.
    """

    def __init__(self, storage: DurableStorage, *, read_only: bool = False) -> None:
        self.storage = storage
        self.read_only = read_only
        self.path: Path = storage.path
        self._db = TinyDB(storage=_Passthrough, wrapped=storage)
        self._tables: dict[type[Entity], _Table[Any]] = {
            record_type: _Table(self._db, name, record_type)
            for name, record_type in ENTITY_TYPES.items()
        }
        self._by_contact: dict[type[Entity], dict[str, set[str]]] = {}
        for record_type in (Touch, Interview, FollowUp):
            index: dict[str, set[str]] = defaultdict(set)
            for record in self._tables[record_type].by_id.values():
                index[record.contact_id].add(record.id)
            self._by_contact[record_type] = index
        self._referrals: dict[str, set[str]] = defaultdict(set)
        for contact in self._tables[Contact].by_id.values():
            if contact.referred_by:
                self._referrals[contact.referred_by].add(contact.id)
        self._listeners: list[Callable[[Entity], None]] = []
        # Writes may come from a worker thread; one at a time, in order.
        self.write_lock = threading.RLock()

    # -- generic operations -------------------------------------------------------------

    def get(self, record_type: type[E], record_id: str) -> E:
        """The record of that type and id; raises NotFound."""
        try:
            return self._tables[record_type].by_id[record_id]  # type: ignore[no-any-return]
        except KeyError:
            raise NotFound(f"no {record_type.__name__.lower()} with id {record_id}") from None

    def find(self, record_type: type[E], record_id: str | None) -> E | None:
        """The record of that type and id, or None."""
        if record_id is None:
            return None
        return self._tables[record_type].by_id.get(record_id)  # type: ignore[no-any-return]

    def all(self, record_type: type[E]) -> list[E]:
        """Every record of that type, in insertion order."""
        return list(self._tables[record_type].by_id.values())

    def count(self, record_type: type[Entity]) -> int:
        """How many records of that type there are."""
        return len(self._tables[record_type].by_id)

    def add(self, record: E) -> E:
        """Store a new record (its id must be new) and return it."""
        with self.write_lock:
            self._check_writable()
            table = self._tables[type(record)]
            if record.id in table.by_id:
                raise ValueError(f"a {table.name} record with id {record.id} exists already")
            doc_id = table.tinydb_table.insert(record.to_dict())
            table.by_id[record.id] = record
            table.doc_ids[record.id] = doc_id
            self._index_add(record)
            self._changed(record)
            return record

    def update(self, record: E, **changes: Any) -> E:
        """Replace a stored record by a changed copy, stamping ``updated_at``; returns it.

        ``changes`` are field values applied to ``record`` first, so
        ``workbook.update(contact, stage=Stage.SCHEDULED)`` is one durable write.
        """
        with self.write_lock:
            self._check_writable()
            table = self._tables[type(record)]
            old = table.by_id.get(record.id)
            if old is None:
                raise NotFound(f"no {table.name} record with id {record.id}")
            new = replace(record, **changes, updated_at=utc_now())
            table.tinydb_table.update(
                _replace_document(new.to_dict()), doc_ids=[table.doc_ids[new.id]]
            )
            table.by_id[new.id] = new
            self._index_remove(old)
            self._index_add(new)
            self._changed(new)
            return new

    def delete(self, record: Entity) -> None:
        """Remove a record for good. Deleting a contact removes its touches, interviews
        and follow-ups too, and clears ``referred_by`` on the people it introduced."""
        with self.write_lock:
            self._check_writable()
            table = self._tables[type(record)]
            if record.id not in table.by_id:
                raise NotFound(f"no {table.name} record with id {record.id}")
            if isinstance(record, Contact):
                self._delete_contact_dependents(record)
            table.tinydb_table.remove(doc_ids=[table.doc_ids.pop(record.id)])
            old = table.by_id.pop(record.id)
            self._index_remove(old)
            self._changed(old)

    def _delete_contact_dependents(self, contact: Contact) -> None:
        # One TinyDB write per table rather than one per record.
        for record_type in (Touch, Interview, FollowUp):
            ids = list(self._by_contact[record_type].get(contact.id, ()))
            if not ids:
                continue
            table = self._tables[record_type]
            table.tinydb_table.remove(doc_ids=[table.doc_ids.pop(i) for i in ids])
            for record_id in ids:
                self._index_remove(table.by_id.pop(record_id))
        introduced = [self.get(Contact, i) for i in self._referrals.get(contact.id, ())]
        contacts = self._tables[Contact]
        if introduced:
            new_docs: dict[str, dict[str, Any]] = {}
            for person in introduced:
                new = replace(person, referred_by=None, updated_at=utc_now())
                contacts.by_id[new.id] = new
                new_docs[new.id] = new.to_dict()

            def clear_referrer(doc: dict[str, Any]) -> None:
                doc.update(new_docs[doc["id"]])

            contacts.tinydb_table.update(
                clear_referrer, doc_ids=[contacts.doc_ids[i] for i in new_docs]
            )
            self._referrals.pop(contact.id, None)

    # -- contacts -------------------------------------------------------------------------

    def contacts(self, *, include_archived: bool = False) -> list[Contact]:
        """Contacts in insertion order; archived ones only when asked for."""
        everyone: Iterable[Contact] = self._tables[Contact].by_id.values()
        if include_archived:
            return list(everyone)
        return [c for c in everyone if not c.archived]

    def contacts_by_stage(self, stage: Stage, *, include_archived: bool = False) -> list[Contact]:
        """Contacts at one pipeline stage."""
        return [c for c in self.contacts(include_archived=include_archived) if c.stage is stage]

    def stage_counts(self) -> dict[Stage, int]:
        """How many active (not archived) contacts stand at each stage, every stage listed."""
        counts = dict.fromkeys(Stage, 0)
        for contact in self.contacts():
            counts[contact.stage] += 1
        return counts

    def archive(self, contact: Contact, archived: bool = True) -> Contact:
        """Hide (or, with ``archived=False``, restore) a contact."""
        return self.update(contact, archived=archived)

    def referrer(self, contact: Contact) -> Contact | None:
        """Who introduced this contact, if known and still in the workbook."""
        return self.find(Contact, contact.referred_by)

    def referral_chain_up(self, contact: Contact) -> list[Contact]:
        """Who introduced them, who introduced that person, and so on (nearest first).

        Stops at a cycle, so a mistaken loop in the data never hangs the app.
        """
        chain: list[Contact] = []
        seen = {contact.id}
        current = self.referrer(contact)
        while current is not None and current.id not in seen:
            chain.append(current)
            seen.add(current.id)
            current = self.referrer(current)
        return chain

    def referred(self, contact: Contact) -> list[Contact]:
        """The people this contact introduced directly, by name."""
        people = [self.get(Contact, i) for i in self._referrals.get(contact.id, ())]
        return sorted(people, key=lambda c: c.name.casefold())

    def referral_tree_down(self, contact: Contact) -> list[tuple[int, Contact]]:
        """Everyone this contact introduced, directly or through others, depth first, as
        ``(depth, contact)`` with depth 1 for direct introductions."""
        result: list[tuple[int, Contact]] = []
        seen = {contact.id}

        def walk(person: Contact, depth: int) -> None:
            for child in self.referred(person):
                if child.id not in seen:
                    seen.add(child.id)
                    result.append((depth, child))
                    walk(child, depth + 1)

        walk(contact, 1)
        return result

    # -- per-contact records ----------------------------------------------------------------

    def _of_contact(self, record_type: type[E], contact_id: str) -> Iterator[E]:
        by_id = self._tables[record_type].by_id
        for record_id in self._by_contact[record_type].get(contact_id, ()):
            yield by_id[record_id]

    def touches_of(self, contact_id: str) -> list[Touch]:
        """A contact's touches, newest first."""
        return sorted(self._of_contact(Touch, contact_id), key=lambda t: t.at, reverse=True)

    def last_touch(self, contact_id: str) -> Touch | None:
        """A contact's newest touch, or None."""
        return max(self._of_contact(Touch, contact_id), key=lambda t: t.at, default=None)

    def interviews_of(self, contact_id: str) -> list[Interview]:
        """A contact's interviews, earliest first."""
        return sorted(self._of_contact(Interview, contact_id), key=lambda i: i.starts_at)

    def next_interview(self, contact_id: str, now: str | None = None) -> Interview | None:
        """The contact's earliest proposed or confirmed interview that has not ended."""
        now = now or utc_now()
        upcoming = [
            i
            for i in self._of_contact(Interview, contact_id)
            if i.status.is_upcoming and _ends_after(i, now)
        ]
        return min(upcoming, key=lambda i: i.starts_at, default=None)

    def latest_interview_with_notes(self, contact_id: str) -> Interview | None:
        """The most recent interview of the contact that has notes, else the latest one."""
        interviews = self.interviews_of(contact_id)
        with_notes = [i for i in interviews if i.notes.strip()]
        if with_notes:
            return with_notes[-1]
        return interviews[-1] if interviews else None

    def follow_ups_of(self, contact_id: str, *, open_only: bool = True) -> list[FollowUp]:
        """A contact's follow-ups, soonest first (only open and snoozed ones by default)."""
        items = [f for f in self._of_contact(FollowUp, contact_id) if f.is_open or not open_only]
        return sorted(items, key=lambda f: f.effective_due)

    def next_follow_up(self, contact_id: str) -> FollowUp | None:
        """A contact's most urgent open follow-up, or None."""
        items = self.follow_ups_of(contact_id)
        return items[0] if items else None

    def open_follow_ups(self) -> list[FollowUp]:
        """Every open or snoozed follow-up of a non-archived contact, most urgent first."""
        contacts = self._tables[Contact].by_id
        items = [
            f
            for f in self._tables[FollowUp].by_id.values()
            if f.is_open and not getattr(contacts.get(f.contact_id), "archived", True)
        ]
        return sorted(items, key=lambda f: f.effective_due)

    def upcoming_interviews(self, now: str | None = None) -> list[Interview]:
        """Every proposed or confirmed interview that has not ended, earliest first."""
        now = now or utc_now()
        return sorted(
            (
                i
                for i in self._tables[Interview].by_id.values()
                if i.status.is_upcoming and _ends_after(i, now)
            ),
            key=lambda i: i.starts_at,
        )

    # -- change notification ------------------------------------------------------------------

    def subscribe(self, listener: Callable[[Entity], None]) -> None:
        """Call ``listener(record)`` after every successful write."""
        self._listeners.append(listener)

    def close(self) -> None:
        """Release the file (its lock); the workbook must not be used afterwards."""
        self.storage.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyWorkbook(
                f"{self.path} is open read-only (another informterm has it open); "
                "nothing was changed"
            )

    def _index_add(self, record: Entity) -> None:
        contact_id = getattr(record, "contact_id", None)
        if contact_id is not None:
            self._by_contact[type(record)].setdefault(contact_id, set()).add(record.id)
        elif isinstance(record, Contact) and record.referred_by:
            self._referrals[record.referred_by].add(record.id)

    def _index_remove(self, record: Entity) -> None:
        contact_id = getattr(record, "contact_id", None)
        if contact_id is not None:
            self._by_contact[type(record)].get(contact_id, set()).discard(record.id)
        elif isinstance(record, Contact) and record.referred_by:
            self._referrals.get(record.referred_by, set()).discard(record.id)

    def _changed(self, record: Entity) -> None:
        for listener in self._listeners:
            listener(record)


def _ends_after(interview: Interview, now: str) -> bool:
    from informterm.core.time import interview_end

    return interview_end(interview) > now


def _replace_document(new_doc: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    """A TinyDB update operation that makes the document exactly ``new_doc``."""

    def operation(doc: dict[str, Any]) -> None:
        doc.clear()
        doc.update(new_doc)

    return operation


class _Passthrough:
    """Lets TinyDB use an already-open DurableStorage (TinyDB insists on building its own)."""

    def __new__(cls, wrapped: DurableStorage) -> DurableStorage:  # type: ignore[misc]
        return wrapped


def open_workbook(path: Path, *, read_only: bool | None = None, create: bool = True) -> Workbook:
    """Open (creating it if missing and ``create``) the workbook file at ``path``.

    Raises WorkbookError with a message fit for the user when the file cannot be used.
    ``read_only``: True opens read-only; False refuses (WorkbookLocked) when another
    process holds the file; None (the default) falls back to read-only in that case, and
    ``workbook.read_only`` with ``workbook.storage.lock_holder`` say so.
    """
    storage = DurableStorage(path, read_only=read_only, create=create)
    return Workbook(storage, read_only=storage.read_only)
