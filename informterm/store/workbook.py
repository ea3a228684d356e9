"""The typed repository over the workbook's tables: dicts on disk, model objects in memory.

Every read is served from in-memory indexes built once at open; nothing here touches the
disk on a read. Every write checks the record the way opening the file would, goes through
TinyDB to the durable storage at once and then updates the indexes; a write that fails
leaves memory exactly as it was.

Records handed out are the workbook's own objects: treat them as values and change them
only through :meth:`Workbook.update` (which returns the new object).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Generic, TypeVar

import orjson
from tinydb import TinyDB
from tinydb.table import Table

from informterm.core.model import (
    ENTITY_TYPES,
    Contact,
    Entity,
    FollowUp,
    Interview,
    Stage,
    Timestamp,
    Touch,
    utc_now,
)
from informterm.store import backups, records
from informterm.store.storage import DurableStorage, WorkbookError, paused_gc

E = TypeVar("E", bound=Entity)

_DEPENDENTS: tuple[type[Entity], ...] = (Touch, Interview, FollowUp)
"""Record types that belong to a contact through ``contact_id``."""


class ReadOnlyWorkbook(WorkbookError):
    """Raised by a write on a workbook opened read-only."""


class ChangedSince(WorkbookError):
    """A revert refused: a record it would put back was changed again since."""


class NotFound(KeyError):
    """Raised when a record id is not in the workbook."""

    def __str__(self) -> str:
        # KeyError's str() is the repr of its argument; this one is a sentence.
        return str(self.args[0]) if self.args else ""


class DocTable(Table):
    """A TinyDB table whose writes by document id touch only those documents.

    Stock TinyDB rebuilds the whole table dict on every write (``Table._update_table``),
    which at 100,000 touches costs more than a write should. Here ``insert`` and
    ``update`` / ``remove`` with ``doc_ids`` change just the documents named, register how
    to undo that with the storage's transaction, and save. Writes by condition keep
    TinyDB's own behaviour (and are not undone on failure).
    """

    _storage: DurableStorage

    def insert(self, document: Mapping[str, Any]) -> int:
        """Insert a new document; returns its document id."""
        if isinstance(document, self.document_class):
            return super().insert(document)
        if not isinstance(document, Mapping):
            raise ValueError("Document is not a Mapping")
        self._storage.check_writable()
        doc_id = self._get_next_id()
        if str(doc_id) in self._raw():
            raise ValueError(f"Document with ID {doc_id} already exists")
        self._apply({str(doc_id): dict(document)})
        return int(doc_id)

    def update(
        self,
        fields: Mapping[str, Any] | Callable[[MutableMapping[str, Any]], None],
        cond: Any = None,
        doc_ids: Iterable[int] | None = None,
    ) -> list[int]:
        """Update documents; with ``doc_ids``, only those (ids not present are skipped).

        The update applies to a copy of each document, so the old one can be put back.
        """
        if doc_ids is None:
            return super().update(fields, cond)
        self._storage.check_writable()
        raw = self._raw()
        changes: dict[str, dict[str, Any] | None] = {}
        updated: list[int] = []
        for doc_id in doc_ids:
            old = raw.get(str(doc_id))
            if old is None:
                continue
            new = dict(old)
            if callable(fields):
                fields(new)
            else:
                new.update(fields)
            changes[str(doc_id)] = new
            updated.append(doc_id)
        if changes:
            self._apply(changes)
        return updated

    def remove(self, cond: Any = None, doc_ids: Iterable[int] | None = None) -> list[int]:
        """Remove documents; with ``doc_ids``, only those (ids not present are skipped)."""
        if doc_ids is None:
            return super().remove(cond)
        self._storage.check_writable()
        raw = self._raw()
        removed = [doc_id for doc_id in doc_ids if str(doc_id) in raw]
        if removed:
            self._apply(dict.fromkeys(map(str, removed)))
        return removed

    def _raw(self) -> dict[str, dict[str, Any]]:
        return self._storage.read().setdefault(self.name, {})

    def _apply(self, changes: Mapping[str, dict[str, Any] | None]) -> None:
        """Set (or, for None, delete) the documents by key and save, undoably."""
        storage = self._storage
        tables = storage.read()
        raw = self._raw()
        before = {key: raw.get(key) for key in changes}

        def undo() -> None:
            restored = False
            for key, doc in before.items():
                if doc is None:
                    raw.pop(key, None)
                else:
                    restored = restored or key not in raw
                    raw[key] = doc
            if restored:
                # Put removed documents back in their place, not at the end of the file.
                ordered = sorted(raw.items(), key=lambda item: int(item[0]))
                raw.clear()
                raw.update(ordered)

        with storage.transaction():
            storage.on_rollback(undo)
            for key, doc in changes.items():
                if doc is None:
                    del raw[key]
                else:
                    raw[key] = doc
            storage.write(tables)
        self.clear_cache()


class Changes:
    """The records some writes changed, each as it was before them and as they left it:
    what :meth:`Workbook.revert` needs to undo them."""

    def __init__(self) -> None:
        # (type, id) -> [before, after]; None for "not there" (added, or deleted).
        self._records: dict[tuple[type[Entity], str], list[Entity | None]] = {}

    def note(self, before: Entity | None, after: Entity | None) -> None:
        """One record written: the first ``before`` and the last ``after`` are kept."""
        record = before if before is not None else after
        assert record is not None
        key = (type(record), record.id)
        entry = self._records.get(key)
        if entry is None:
            self._records[key] = [before, after]
        else:
            entry[1] = after

    def __iter__(self) -> Iterator[tuple[Entity | None, Entity | None]]:
        """(before, after) of each record changed, in the order first written; a record
        added and then removed again is left out."""
        for before, after in self._records.values():
            if before is not None or after is not None:
                yield before, after

    def __bool__(self) -> bool:
        return any(True for _ in self)


class _WorkbookDB(TinyDB):
    table_class = DocTable


class _Grouping:
    """Record ids grouped by a key taken from one field of each record: the link index
    (contact -> its touches, interviews or follow-ups; referrer -> people introduced) and
    the company index. Keys are kept as stored, so a grouping stays right even if a caller
    changes a record object in place."""

    def __init__(self, field: str, key: Callable[[Any], str] = str) -> None:
        self.field = field
        self._key = key
        self.key_of: dict[str, str] = {}
        self._members: dict[str, set[str]] = {}

    def fill(self, raw_items: Iterable[tuple[str, Any]]) -> None:
        """Group every (id, record or raw document) pair; reads documents, builds nothing."""
        field, key = self.field, self._key
        key_of = self.key_of
        members = self._members
        # Inline rather than through add: this runs for every record at open.
        for record_id, value in raw_items:
            found = value.get(field) if type(value) is dict else getattr(value, field)
            if found and (group := key(found)):
                key_of[record_id] = group
                same = members.get(group)
                if same is None:
                    members[group] = {record_id}
                else:
                    same.add(record_id)

    def add(self, record: Entity) -> None:
        """Group ``record``, which is not grouped (see :meth:`remove`)."""
        found = getattr(record, self.field)
        if found and (group := self._key(found)):
            self.key_of[record.id] = group
            self._members.setdefault(group, set()).add(record.id)

    def remove(self, record_id: str) -> None:
        """Ungroup a record, if grouped."""
        group = self.key_of.pop(record_id, None)
        if group is not None:
            same = self._members.get(group)
            if same is not None:
                same.discard(record_id)
                if not same:
                    del self._members[group]

    def ids(self, group: str) -> tuple[str, ...]:
        """The ids in a group, in no particular order."""
        # tuple() copies in one step, so a write on another thread cannot break a loop.
        return tuple(self._members.get(group, ()))


def company_key(company: str) -> str:
    """A company as the index groups it: letter case and surrounding spaces aside."""
    return company.strip().casefold()


class _Table(Generic[E]):
    """One table in memory: records by id, the TinyDB doc id of each, the link index and,
    for contacts, the company index (made on first use: most sessions never need it)."""

    def __init__(
        self, db: TinyDB, name: str, record_type: type[E], decoded: records.DecodedTable
    ) -> None:
        self.name = name
        self.record_type = record_type
        self.tinydb_table: DocTable = db.table(name, cache_size=0)  # type: ignore[assignment]
        # Records are built from their documents on first read (see records.LazyRecords).
        self.by_id: records.LazyRecords[E] = decoded.by_id
        self.doc_ids: dict[str, int] = decoded.doc_ids
        self.link_field = "referred_by" if record_type is Contact else "contact_id"
        self.links = _Grouping(self.link_field)
        self.links.fill(self.by_id.raw_items())
        self.companies: _Grouping | None = None

    def by_company(self) -> _Grouping:
        """The company index; call with the workbook's write lock held."""
        if self.companies is None:
            companies = _Grouping("company", company_key)
            companies.fill(self.by_id.raw_items())
            self.companies = companies
        return self.companies

    def put(self, record: E, doc_id: int) -> None:
        """Store ``record`` (new, or replacing the one with its id) in memory."""
        self.by_id[record.id] = record
        self.doc_ids[record.id] = doc_id
        for grouping in self._groupings():
            grouping.remove(record.id)
            grouping.add(record)

    def drop(self, record_id: str) -> tuple[E, int]:
        """Remove a record from memory; returns it and its doc id."""
        for grouping in self._groupings():
            grouping.remove(record_id)
        record = self.by_id[record_id]
        del self.by_id[record_id]
        return record, self.doc_ids.pop(record_id)

    def forget(self, record_id: str) -> None:
        """Drop a record, not needing it back."""
        self.drop(record_id)

    def restore(self, record: E, doc_id: int) -> None:
        """Undo :meth:`drop`, putting the record back in its place in the order."""
        self.put(record, doc_id)
        if len(self.by_id) > 1 and any(d > doc_id for d in self.doc_ids.values()):
            self.by_id.reorder(self.doc_ids.__getitem__)

    def children_of(self, parent_id: str) -> list[E]:
        """The records linked to ``parent_id``, in no particular order."""
        return self.records_of(self.links.ids(parent_id))

    def records_of(self, ids: Iterable[str]) -> list[E]:
        """The records of these ids that exist, in that order."""
        by_id = self.by_id
        found = (by_id.get(i) for i in ids)
        return [record for record in found if record is not None]

    def _groupings(self) -> tuple[_Grouping, ...]:
        return (self.links,) if self.companies is None else (self.links, self.companies)


class Workbook:
    """Typed access to contacts, touches, interviews and follow-ups of one workbook file.

    Open it with :func:`open_workbook`. Reads are dictionary look-ups; each write is one
    durable save of the file (several writes in :meth:`transaction` make one save).
    """

    def __init__(self, storage: DurableStorage, *, read_only: bool = False) -> None:
        self.storage = storage
        self.read_only = read_only or storage.read_only
        self.path: Path = storage.path
        self._db = _WorkbookDB(storage=_Passthrough, wrapped=storage)
        self._tables = self._make_tables(self._take_loaded_records())
        self._listeners: list[Callable[[Entity], None]] = []
        # Records written in the transaction in progress, announced once it is saved.
        self._pending: list[Entity] | None = None
        # What the recordings in progress (see :meth:`recording`) have seen written.
        self._recorders: list[Changes] = []
        # Writes may come from a worker thread; one at a time, in order.
        self.write_lock = threading.RLock()

    def _take_loaded_records(self) -> dict[str, records.DecodedTable]:
        decoded = self.storage.loaded_records
        # The records now live here; the storage need not keep them alive too.
        self.storage.loaded_records = None
        return decoded if decoded is not None else records.decode(self.storage.read())

    def _make_tables(
        self, decoded: dict[str, records.DecodedTable]
    ) -> dict[type[Entity], _Table[Any]]:
        return {
            record_type: _Table(self._db, name, record_type, decoded[name])
            for name, record_type in ENTITY_TYPES.items()
        }

    # -- about the file -------------------------------------------------------------------

    @property
    def read_only_reason(self) -> str | None:
        """Why the workbook is read-only, for the user (None when it is writable)."""
        if not self.read_only:
            return None
        if self.storage.write_protected:
            return f"{self.path} is write-protected (chmod u+w to allow changes)"
        if self.storage.folder_protected:
            return (
                f"the folder {self.path.parent} does not allow writing, and the lock and "
                "backups of the workbook live there (chmod u+w to allow changes)"
            )
        holder = self.storage.lock_holder
        if holder is not None:
            return f"{self.path} is open in another informterm (process {holder})"
        return f"{self.path} was opened read-only"

    @property
    def migrated_from(self) -> int | None:
        """The schema the file had before it was brought up to date at open, if it was."""
        return self.storage.migrated_from

    def backups(self) -> list[backups.Backup]:
        """The backups of this workbook, newest first (this lists a folder: not for hot
        paths)."""
        return backups.list_backups(self.path)

    # -- generic operations -------------------------------------------------------------

    def get(self, record_type: type[E], record_id: str) -> E:
        """The record of that type and id; raises NotFound."""
        # The look-up of LazyRecords.get, inline: this is the hottest read there is.
        records = self._tables[record_type].by_id
        value = records.stored.get(record_id)
        if value is None:
            raise NotFound(f"no {record_type.__name__.lower()} with id {record_id}")
        if type(value) is dict:
            return records.build(record_id, value)
        return value  # type: ignore[no-any-return]

    def find(self, record_type: type[E], record_id: str | None) -> E | None:
        """The record of that type and id, or None."""
        if record_id is None:
            return None
        records = self._tables[record_type].by_id
        value = records.stored.get(record_id)
        if type(value) is dict:
            return records.build(record_id, value)
        return value  # type: ignore[no-any-return]

    def all(self, record_type: type[E]) -> list[E]:
        """Every record of that type, in insertion order."""
        return self._tables[record_type].by_id.values()

    def count(self, record_type: type[Entity]) -> int:
        """How many records of that type there are."""
        return len(self._tables[record_type].by_id)

    @contextmanager
    def transaction(self) -> Iterator[Workbook]:
        """Make the writes inside one durable save: all of them land, or (on any error)
        none, in memory as on disk. Listeners hear of the records once it is saved."""
        with self.write_lock:
            self._check_writable()
            outermost = self._pending is None
            if outermost:
                self._pending = []
            try:
                with self.storage.transaction():
                    yield self
            except BaseException:
                if outermost:
                    self._pending = None
                raise
            if outermost:
                pending, self._pending = self._pending or [], None
                for record in pending:
                    for listener in self._listeners:
                        listener(record)

    @contextmanager
    def recording(self) -> Iterator[Changes]:
        """A transaction that also notes every record it writes, before and after, so
        that :meth:`revert` can undo it as one."""
        changes = Changes()
        with self.transaction():
            self._recorders.append(changes)
            try:
                yield changes
            finally:
                self._recorders.remove(changes)

    def revert(self, changes: Changes) -> None:
        """Put every record ``changes`` holds back as it was before, in one save: added
        ones removed, removed ones back, changed ones as they were (their ``updated_at``
        too). Raises ChangedSince, changing nothing, when one of them was written again
        since, and NotFound when a record it would put back points at one gone since."""
        pairs = list(changes)
        with self.transaction():
            for before, after in pairs:
                record = before if before is not None else after
                assert record is not None
                current = self.find(type(record), record.id)
                if current is not after and current != after:
                    raise ChangedSince(
                        f"{type(record).__name__.lower()} {record.id} has changed since"
                    )
            # Latest first: records that point at a contact go before it, and a contact
            # comes back before the records that point at it.
            for before, after in reversed(pairs):
                if before is None:
                    assert after is not None
                    table = self._table_of(after)
                    table.tinydb_table.remove(doc_ids=[table.doc_ids[after.id]])
                    self._drop(table, after.id)
                    continue
                table = self._table_of(before)
                self._check_contact(before)
                doc = before.to_dict()
                if after is None:
                    doc_id = table.tinydb_table.insert(doc)
                else:
                    doc_id = table.doc_ids[before.id]
                    table.tinydb_table.update(_replace_document(doc), doc_ids=[doc_id])
                self._put(table, before, doc_id)

    def add(self, record: E) -> E:
        """Store a new record (its id must be new) and return the stored record.

        Raises ValueError for a record that would not load back (wrong field types, an id
        in use) and NotFound when its contact does not exist.
        """
        with self.transaction():
            table = self._table_of(record)
            if record.id in table.by_id:
                raise ValueError(f"a {table.name} record with id {record.id} exists already")
            stored, doc = self._checked(record)
            self._check_contact(stored)
            doc_id = table.tinydb_table.insert(doc)
            self._put(table, stored, doc_id)
        return stored

    def update(self, record: E, **changes: Any) -> E:
        """Replace a stored record by a changed copy, stamping ``updated_at``; returns it.

        ``changes`` are field values applied to ``record`` first, so
        ``workbook.update(contact, stage=Stage.SCHEDULED)`` is one durable write. Raises
        NotFound when the record (or a new ``contact_id``) is not in the workbook and
        ValueError for a change that would not load back or would change the id.
        """
        with self.transaction():
            table = self._table_of(record)
            if record.id not in table.by_id:
                raise NotFound(f"no {table.name} record with id {record.id}")
            if changes.get("id", record.id) != record.id:
                raise ValueError("a record's id cannot change")
            changes["updated_at"] = utc_now()
            stored, doc = self._checked(replace(record, **changes))
            # The links are checked only when they change: a workbook whose file holds a
            # dangling one can still be edited.
            before = table.by_id[stored.id]
            if getattr(stored, table.link_field) != table.links.key_of.get(stored.id) or getattr(
                stored, "interview_id", None
            ) != getattr(before, "interview_id", None):
                self._check_contact(stored)
            doc_id = table.doc_ids[stored.id]
            table.tinydb_table.update(_replace_document(doc), doc_ids=[doc_id])
            self._put(table, stored, doc_id)
        return stored

    def delete(self, record: Entity) -> None:
        """Remove a record for good. Deleting a contact removes its touches, interviews
        and follow-ups too, and clears ``referred_by`` on the people it introduced, all in
        one save."""
        with self.transaction():
            table = self._table_of(record)
            if record.id not in table.by_id:
                raise NotFound(f"no {table.name} record with id {record.id}")
            if isinstance(record, Contact):
                self._delete_contact_dependents(record)
            elif isinstance(record, Interview):
                self._unlink_follow_ups(record)
            table.tinydb_table.remove(doc_ids=[table.doc_ids[record.id]])
            self._drop(table, record.id)

    def _unlink_follow_ups(self, interview: Interview) -> None:
        """Keep the follow-ups that came out of a deleted interview, pointing nowhere."""
        for follow_up in self._tables[FollowUp].children_of(interview.contact_id):
            if follow_up.interview_id == interview.id:
                self.update(follow_up, interview_id=None)

    def _delete_contact_dependents(self, contact: Contact) -> None:
        for record_type in _DEPENDENTS:
            table = self._tables[record_type]
            ids = list(table.links.ids(contact.id))
            if ids:
                table.tinydb_table.remove(doc_ids=[table.doc_ids[i] for i in ids])
                for record_id in ids:
                    self._drop(table, record_id)
        contacts = self._tables[Contact]
        introduced = contacts.children_of(contact.id)
        if introduced:
            now = utc_now()
            new_records = {p.id: replace(p, referred_by=None, updated_at=now) for p in introduced}
            new_docs = {i: r.to_dict() for i, r in new_records.items()}

            def clear_referrer(doc: MutableMapping[str, Any]) -> None:
                new_doc = new_docs[doc["id"]]
                doc.clear()
                doc.update(new_doc)

            contacts.tinydb_table.update(
                clear_referrer, doc_ids=[contacts.doc_ids[i] for i in new_docs]
            )
            for new in new_records.values():
                self._put(contacts, new, contacts.doc_ids[new.id])

    # -- contacts -------------------------------------------------------------------------

    def contacts(self, *, include_archived: bool = False) -> list[Contact]:
        """Contacts in insertion order; archived ones only when asked for."""
        everyone = self._tables[Contact].by_id.values()
        if include_archived:
            return everyone
        return [c for c in everyone if not c.archived]

    def contacts_at_company(self, company: str) -> list[Contact]:
        """Every contact (archived ones too) whose company is ``company``, letter case and
        surrounding spaces aside, in the order they were added."""
        wanted = company_key(company)
        if not wanted:
            return []
        table = self._tables[Contact]
        with self.write_lock:
            ids = table.by_company().ids(wanted)
        doc_ids = table.doc_ids
        return table.records_of(sorted(ids, key=lambda i: doc_ids.get(i, 0)))

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
        people = self._tables[Contact].children_of(contact.id)
        return sorted(people, key=lambda c: c.name.casefold())

    def referral_tree_down(self, contact: Contact) -> list[tuple[int, Contact]]:
        """Everyone this contact introduced, directly or through others, depth first, as
        ``(depth, contact)`` with depth 1 for direct introductions.

        Each person appears once even if the data holds a loop; no recursion, so a long
        chain cannot exhaust the stack.
        """
        result: list[tuple[int, Contact]] = []
        seen = {contact.id}
        stack = [(1, child) for child in reversed(self.referred(contact))]
        while stack:
            depth, person = stack.pop()
            if person.id in seen:
                continue
            seen.add(person.id)
            result.append((depth, person))
            stack.extend((depth + 1, child) for child in reversed(self.referred(person)))
        return result

    # -- per-contact records ----------------------------------------------------------------

    def touches_of(self, contact_id: str) -> list[Touch]:
        """A contact's touches, newest first."""
        touches = self._tables[Touch].children_of(contact_id)
        return sorted(touches, key=lambda t: t.at, reverse=True)

    def last_touch(self, contact_id: str) -> Touch | None:
        """A contact's newest touch, or None."""
        touches = self._tables[Touch].children_of(contact_id)
        return max(touches, key=lambda t: t.at, default=None)

    def interviews_of(self, contact_id: str) -> list[Interview]:
        """A contact's interviews, earliest first."""
        interviews = self._tables[Interview].children_of(contact_id)
        return sorted(interviews, key=lambda i: i.starts_at)

    def next_interview(self, contact_id: str, now: Timestamp | None = None) -> Interview | None:
        """The contact's earliest proposed or confirmed interview that has not ended."""
        moment = _instant(now or utc_now())
        upcoming = [
            i
            for i in self._tables[Interview].children_of(contact_id)
            if i.status.is_upcoming and _ends_after(i, moment)
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
        items = [
            f for f in self._tables[FollowUp].children_of(contact_id) if f.is_open or not open_only
        ]
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

    def upcoming_interviews(self, now: Timestamp | None = None) -> list[Interview]:
        """Every proposed or confirmed interview that has not ended, earliest first."""
        moment = _instant(now or utc_now())
        return sorted(
            (
                i
                for i in self._tables[Interview].by_id.values()
                if i.status.is_upcoming and _ends_after(i, moment)
            ),
            key=lambda i: i.starts_at,
        )

    # -- change notification ------------------------------------------------------------------

    def subscribe(self, listener: Callable[[Entity], None]) -> None:
        """Call ``listener(record)`` after every successful write, with the record written
        (for a delete, the record removed)."""
        self._listeners.append(listener)

    def close(self) -> None:
        """Release the file (its lock) once a write in progress has landed; reads still
        work, writes are refused."""
        with self.write_lock:
            self.storage.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self.read_only:
            reason = self.read_only_reason
            raise ReadOnlyWorkbook(f"{reason}; it is open read-only and nothing was changed")
        self.storage.check_writable()

    def _table_of(self, record: Entity) -> _Table[Any]:
        try:
            return self._tables[type(record)]
        except KeyError:
            raise TypeError(f"a workbook does not store {type(record).__name__}") from None

    def _checked(self, record: E) -> tuple[E, dict[str, Any]]:
        """The record as it would load back from the file, and its document; ValueError
        when it would not load (so nothing is ever written that cannot be opened)."""
        kind = type(record).__name__.lower()
        try:
            # Through JSON and back: the document and the record in memory are then
            # exactly what reopening the file gives (a str subclass becomes a str).
            doc = orjson.loads(orjson.dumps(record.to_dict()))
        except orjson.JSONEncodeError as error:
            raise ValueError(f"{kind} {record.id}: cannot be saved ({error})") from None
        try:
            stored = type(record).from_dict(doc)
        except (TypeError, ValueError) as error:
            raise ValueError(f"{kind} {record.id}: {error}") from None
        problem = records.check_record(stored)
        if problem:
            raise ValueError(f"{kind} {record.id}: {problem}")
        return stored, doc

    def _check_contact(self, record: Entity) -> None:
        contact_id = getattr(record, "contact_id", None)
        if contact_id is not None and contact_id not in self._tables[Contact].by_id:
            raise NotFound(f"no contact with id {contact_id}")
        interview_id = getattr(record, "interview_id", None)
        if interview_id is not None:
            interview = self.find(Interview, interview_id)
            if interview is None or interview.contact_id != contact_id:
                raise NotFound(f"no interview with id {interview_id} for contact {contact_id}")

    def _put(self, table: _Table[Any], record: Entity, doc_id: int) -> None:
        old = table.by_id.get(record.id)
        table.put(record, doc_id)
        if old is None:
            self.storage.on_rollback(lambda: table.forget(record.id))
        else:
            self.storage.on_rollback(lambda: table.put(old, doc_id))
        for changes in self._recorders:
            changes.note(old, record)
        self._announce(record)

    def _drop(self, table: _Table[Any], record_id: str) -> None:
        record, doc_id = table.drop(record_id)
        self.storage.on_rollback(lambda: table.restore(record, doc_id))
        for changes in self._recorders:
            changes.note(record, None)
        self._announce(record)

    def _announce(self, record: Entity) -> None:
        if self._pending is not None:
            self._pending.append(record)


def _instant(timestamp: Timestamp) -> datetime:
    """A timestamp as an aware datetime (naive ones are taken as UTC)."""
    moment = datetime.fromisoformat(timestamp)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _ends_after(interview: Interview, moment: datetime) -> bool:
    # datetime.fromisoformat rather than pendulum: this runs for every interview in the
    # workbook and must stay cheap (and must not import anything on a read).
    try:
        start = _instant(interview.starts_at)
    except ValueError:
        return False
    return start + timedelta(minutes=interview.duration_minutes) > moment


def _replace_document(new_doc: dict[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    """A TinyDB update operation that makes the document exactly ``new_doc``."""

    def operation(doc: MutableMapping[str, Any]) -> None:
        doc.clear()
        doc.update(new_doc)

    return operation


class _Passthrough:
    """Lets TinyDB use an already-open DurableStorage (TinyDB insists on building its own)."""

    def __new__(cls, wrapped: DurableStorage) -> DurableStorage:  # type: ignore[misc]
        return wrapped


def open_workbook(
    path: Path | str,
    *,
    read_only: bool | None = None,
    create: bool = True,
    backup_interval: float = backups.BACKUP_INTERVAL,
    backups_kept: int = backups.BACKUPS_KEPT,
) -> Workbook:
    """Open (creating it if missing and ``create``) the workbook file at ``path``.

    Raises WorkbookError with a message fit for the user when the file cannot be used.
    ``read_only``: True opens read-only; False refuses when another process holds the file
    (WorkbookLocked) or when the file or its folder allows no writing (WorkbookProtected);
    None (the default) falls back to read-only in those cases, and
    ``workbook.read_only`` with ``workbook.read_only_reason`` say so. ``backup_interval``
    (seconds between backups while writing) and ``backups_kept`` tune the backups.
    """
    with paused_gc():
        storage = DurableStorage(
            path,
            read_only=read_only,
            create=create,
            backup_interval=backup_interval,
            backups_kept=backups_kept,
        )
        try:
            return Workbook(storage, read_only=storage.read_only)
        except BaseException:
            storage.close()
            raise
