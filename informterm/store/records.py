"""Turning a workbook's raw tables into model records, refusing any record that does not fit.

Every document must convert with ``from_dict`` and every field must have the type the
model declares, so a hand-edited or damaged file is reported when it is opened rather
than crashing a screen later. Opening checks every document as it is (a few set and type
look-ups, no objects built) and converts it only when it is first read: a large workbook
opens in a fraction of the time, and the first screen pays only for what it shows. A
document the quick check does not pass is converted at once the thorough way, which either
accepts it or says exactly what is wrong with it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import MISSING, dataclass, fields
from functools import partial
from itertools import chain, repeat
from operator import attrgetter, itemgetter
from typing import Any, Generic, TypeVar

from informterm.core.model import (
    ENTITY_TYPES,
    Entity,
    Record,
    all_timestamps,
    timestamp_problem,
)

E = TypeVar("E", bound=Record)


class BadRecord(ValueError):
    """A document that is not a valid record; the message says which one and why."""


class LazyRecords(MutableMapping[str, E], Generic[E]):
    """Records by id, in file order, each built from its (already checked) document the
    first time it is read and kept from then on.

    Reads may run on one thread while writes run on another: a record built from a
    document that a write replaced meanwhile is handed to its reader but never stored
    over the newer one.
    """

    __slots__ = ("_convert", "_lock", "stored")

    def __init__(self, items: dict[str, Any], convert: Callable[[dict[str, Any]], E]) -> None:
        self.stored = items
        """Each id's record, or the raw document it will be built from (see :meth:`build`)."""
        self._convert = convert
        self._lock = threading.Lock()

    def __getitem__(self, key: str) -> E:
        value = self.stored[key]
        if type(value) is dict:
            return self.build(key, value)
        return value  # type: ignore[no-any-return]

    def get(self, key: str, default: Any = None) -> Any:
        """The record with id ``key``, or ``default``."""
        value = self.stored.get(key)
        if value is None:
            return default
        if type(value) is dict:
            return self.build(key, value)
        return value

    def __contains__(self, key: object) -> bool:
        return key in self.stored

    def __len__(self) -> int:
        return len(self.stored)

    def __iter__(self) -> Iterator[str]:
        return iter(self.stored)

    def __setitem__(self, key: str, record: E) -> None:
        with self._lock:
            self.stored[key] = record

    def __delitem__(self, key: str) -> None:
        with self._lock:
            del self.stored[key]

    def values(self) -> list[E]:  # type: ignore[override]
        """Every record, in order (building those not read yet)."""
        with self._lock:
            items = self.stored
            raw = [(key, value) for key, value in items.items() if type(value) is dict]
            convert = self._convert
            for key, doc in raw:
                items[key] = convert(doc)
            return list(items.values())

    def raw_items(self) -> list[tuple[str, Any]]:
        """(id, record or raw document) pairs, in order, building nothing."""
        return list(self.stored.items())

    def reorder(self, key: Callable[[str], int]) -> None:
        """Put the entries in the order of ``key`` applied to their ids."""
        with self._lock:
            ordered = sorted(self.stored.items(), key=lambda item: key(item[0]))
            self.stored.clear()
            self.stored.update(ordered)

    def build(self, key: str, doc: dict[str, Any]) -> E:
        """The record of ``doc``, the document ``stored`` holds for ``key``, kept there
        unless a write has replaced the document meanwhile."""
        record = self._convert(doc)
        with self._lock:
            if self.stored.get(key) is doc:
                self.stored[key] = record
        return record


@dataclass(slots=True)
class DecodedTable:
    """One table's records by id (in file order) and the TinyDB document id of each."""

    by_id: LazyRecords[Any]
    doc_ids: dict[str, int]


def decode(data: dict[str, dict[str, Any]], *, trusted: bool = False) -> dict[str, DecodedTable]:
    """Every record table of ``data`` (already migrated), checked through, as records that
    are built on first read.

    ``trusted``: the data is what informterm wrote or checked before (see ``known_good``),
    so the record check is skipped. Raises BadRecord naming the table, document and field
    at fault.
    """
    decoded: dict[str, DecodedTable] = {}
    for name, record_type in ENTITY_TYPES.items():
        quick_check = _doc_checker(record_type)
        table = data.get(name, {})
        docs = list(table.values())
        if trusted or quick_check.all_ok(docs):
            ids = list(map(_get_id, docs))
            items: dict[str, Any] = dict(zip(ids, docs, strict=True))
            if len(items) == len(ids):
                doc_ids = dict(zip(ids, map(int, table), strict=True))
                decoded[name] = DecodedTable(LazyRecords(items, record_type.from_dict), doc_ids)
                continue
        # One by one: accepts what the whole-table pass does not cover (a missing optional
        # field, say) and names the document at fault.
        items = {}
        doc_ids = {}
        for doc_id, doc in table.items():
            if quick_check(doc):
                record_id = doc["id"]
                entry: Any = doc
            else:
                entry = _convert_now(name, doc_id, doc, record_type)
                record_id = entry.id
            if record_id in items:
                raise BadRecord(
                    f"documents {doc_ids[record_id]} and {doc_id} of table {name!r} "
                    f"have the same id {record_id!r}"
                )
            items[record_id] = entry
            doc_ids[record_id] = int(doc_id)
        decoded[name] = DecodedTable(LazyRecords(items, record_type.from_dict), doc_ids)
    return decoded


def _convert_now(name: str, doc_id: str, doc: Any, record_type: type[Entity]) -> Entity:
    """Build and check one record the thorough way; BadRecord says what is wrong."""
    try:
        record = record_type.from_dict(doc)
    except (TypeError, ValueError) as error:
        raise BadRecord(_where(name, doc_id, doc) + _explain(error, record_type, doc)) from None
    problem = _checker(record_type).check(record)
    if problem:
        raise BadRecord(_where(name, doc_id, doc) + problem)
    return record


def check_record(record: Record) -> str | None:
    """What is wrong with the field types of ``record``, or None when nothing is."""
    return _checker(type(record)).check(record)


_NONE = type(None)
_ALLOWED: dict[str, frozenset[type]] = {
    "str": frozenset({str}),
    "Timestamp": frozenset({str}),
    "str | None": frozenset({str, _NONE}),
    "Timestamp | None": frozenset({str, _NONE}),
    "int": frozenset({int}),
    "int | None": frozenset({int, _NONE}),
    "bool": frozenset({bool}),
}
_STR_ONLY = frozenset({str})
_LIST_ONLY = frozenset({list})
_KIND = {str: "a string", int: "an integer", bool: "true or false", _NONE: "null"}


class _Checker:
    """The type checks for one record class.

    The scalar fields are checked as one tuple of types: a record whose tuple was seen on
    a valid record before passes with a single set look-up (a class has only a handful of
    valid tuples: optional fields are the only variation).
    """

    def __init__(self, record_type: type[Record]) -> None:
        self.allowed: dict[str, frozenset[type]] = {}
        self.str_lists: list[str] = []
        self.nested: list[str] = []
        for f in fields(record_type):  # type: ignore[arg-type]
            annotation = str(f.type)
            if annotation in _ALLOWED:
                self.allowed[f.name] = _ALLOWED[annotation]
            elif annotation == "list[str]":
                self.str_lists.append(f.name)
            elif f.name in record_type._nested_fields:
                self.nested.append(f.name)
            # Enums were checked by from_dict; extra holds anything.
        names = list(self.allowed)
        # attrgetter with one name returns the value itself, not a tuple: ask for it twice.
        self.scalars = attrgetter(*names) if len(names) > 1 else attrgetter(*names, *names)
        self.valid_signatures: set[tuple[type, ...]] = set()
        self.stamps = _stamp_fields(record_type)
        self.required_ids = [
            f.name
            for f in fields(record_type)  # type: ignore[arg-type]
            if f.name == "id" or (f.name.endswith("_id") and f.default is MISSING)
        ]

    def check(self, record: Record) -> str | None:
        signature = tuple(map(type, self.scalars(record)))
        if signature not in self.valid_signatures:
            for name, allowed in self.allowed.items():
                value = getattr(record, name)
                if type(value) not in allowed:
                    wanted = " or ".join(sorted(_KIND[t] for t in allowed))
                    return f"the field {name!r} should be {wanted}, not {_describe(value)}"
            self.valid_signatures.add(signature)
        for name in self.stamps:
            value = getattr(record, name)
            problem = None if value is None else timestamp_problem(value)
            if problem:
                return f"the field {name!r} holds {problem}"
        for name in self.str_lists:
            value = getattr(record, name)
            if type(value) is not list:
                return f"the field {name!r} should be a list of strings, not {_describe(value)}"
            if value and not _STR_ONLY.issuperset(map(type, value)):
                return f"the field {name!r} should hold only strings"
        for name in self.nested:
            value = getattr(record, name)
            if type(value) is not list:
                return f"the field {name!r} should be a list, not {_describe(value)}"
            for index, item in enumerate(value):
                problem = _checker(type(item)).check(item)
                if problem:
                    return f"item {index + 1} of {name!r}: {problem}"
        for name in self.required_ids:
            if not getattr(record, name):
                return f"the field {name!r} is empty"
        return None


_CHECKERS: dict[type, _Checker] = {}
_ABSENT: Any = object()


def _checker(record_type: type[Record]) -> _Checker:
    checker = _CHECKERS.get(record_type)
    if checker is None:
        checker = _CHECKERS[record_type] = _Checker(record_type)
    return checker


class _DocChecker:
    """The quick check of raw documents for one record class: True when building the
    record cannot fail and the record would pass :class:`_Checker` (False does not mean
    a document is bad, only that it needs the thorough way).

    A document with every field present is checked by its signature: the types of its
    scalar and list fields and the values of its enum fields. A record class has only a
    few hundred valid signatures, so each is checked once; what is left (list items,
    nested records, empty ids) takes a few C-level passes. :meth:`all_ok` does it for a
    whole table at once without a Python call per document.
    """

    def __init__(self, record_type: type[Record]) -> None:
        all_fields = [f for f in fields(record_type) if f.name != "extra"]  # type: ignore[arg-type]
        self.names = frozenset(f.name for f in all_fields)
        self.has_extra = len(all_fields) != len(fields(record_type))  # type: ignore[arg-type]
        # Fields without a fixed default, plus the stamps whose default is "now": a
        # record built later from a document missing one would differ from one built now.
        self.required = frozenset(
            f.name
            for f in all_fields
            if (f.default is MISSING and f.default_factory is MISSING)
            or f.name in ("id", "created_at", "updated_at")
        )
        self.allowed = {
            f.name: _ALLOWED[str(f.type)] for f in all_fields if str(f.type) in _ALLOWED
        }
        self.enums = {
            name: frozenset(member.value for member in enum_type)
            for name, enum_type in record_type._enum_fields.items()
        }
        self.str_lists = [f.name for f in all_fields if str(f.type) == "list[str]"]
        self.nested = [
            (name, itemgetter(name), _doc_checker(nested_type))
            for name, nested_type in record_type._nested_fields.items()
        ]
        self.required_ids = [
            f.name
            for f in all_fields
            if f.name == "id" or (f.name.endswith("_id") and f.default is MISSING)
        ]
        nested_names = [name for name, _, _ in self.nested]
        self.typed_names = _getter_names([*self.allowed, *self.str_lists, *nested_names])
        self.enum_names = _getter_names(list(self.enums))
        self.typed = itemgetter(*self.typed_names)
        self.enum_values = itemgetter(*self.enum_names) if self.enum_names else _no_values
        self.list_values = itemgetter(*_getter_names(self.str_lists)) if self.str_lists else None
        self.ids = itemgetter(*_getter_names(self.required_ids)) if self.required_ids else None
        self.stamps = _stamp_fields(record_type)
        self.valid_signatures: set[tuple[Any, ...]] = set()

    def all_ok(self, docs: list[Any]) -> bool:
        """True when every document passes; False when any needs a closer look."""
        if not docs:
            return True
        try:
            if set(map(type, docs)) != {dict}:
                return False
            types = map(tuple, map(partial(map, type), map(self.typed, docs)))
            enum_values = map(self.enum_values, docs) if self.enum_names else repeat(())
            signatures = set(zip(types, enum_values, strict=False))
        except (KeyError, TypeError):  # a field missing; an enum holding a list or object
            return False
        for signature in signatures - self.valid_signatures:
            if not self._signature_ok(signature):
                return False
            self.valid_signatures.add(signature)
        if not self.has_extra and max(map(len, docs)) > len(self.names):
            return False
        if self.list_values is not None:
            items = chain.from_iterable(chain.from_iterable(map(self.list_values, docs)))
            if not _STR_ONLY.issuperset(map(type, items)):
                return False
        for name in self.stamps:
            stamps = [value for value in map(itemgetter(name), docs) if value is not None]
            if not all_timestamps(stamps):
                return False
        for _, get, item_check in self.nested:
            if not item_check.all_ok(list(chain.from_iterable(map(get, docs)))):
                return False
        # The ids are strings by now; only an empty one is wrong.
        return self.ids is None or "" not in chain.from_iterable(map(self.ids, docs))

    def __call__(self, doc: Any) -> bool:
        """True when the one document ``doc`` passes."""
        if type(doc) is not dict:
            return False
        if doc.keys() == self.names:
            try:
                signature = (tuple(map(type, self.typed(doc))), self.enum_values(doc))
                known = signature in self.valid_signatures
            except TypeError:  # an enum field holding a list or an object
                return False
            if not known:
                if not self._signature_ok(signature):
                    return False
                self.valid_signatures.add(signature)
        elif not (
            self.required <= doc.keys()
            and (self.has_extra or self.names.issuperset(doc))
            and self._fields_ok(doc)
        ):
            return False
        for name in self.str_lists:
            value = doc.get(name, ())
            if value and not _STR_ONLY.issuperset(map(type, value)):
                return False
        for name in self.stamps:
            value = doc.get(name)
            if value is not None and timestamp_problem(value):
                return False
        for name, _, item_check in self.nested:
            for item in doc.get(name, ()):
                if not item_check(item):
                    return False
        return all(doc[name] for name in self.required_ids)

    def _signature_ok(self, signature: tuple[Any, ...]) -> bool:
        types, enum_values = signature
        for name, kind in zip(self.typed_names, types, strict=True):
            if kind not in self.allowed.get(name, _LIST_ONLY):
                return False
        for name, value in zip(self.enum_names, enum_values, strict=True):
            if type(value) is not str or value not in self.enums[name]:
                return False
        return True

    def _fields_ok(self, doc: dict[str, Any]) -> bool:
        """The field types of a document that lacks some optional fields."""
        for name in self.typed_names:
            value = doc.get(name, _ABSENT)
            if value is not _ABSENT and type(value) not in self.allowed.get(name, _LIST_ONLY):
                return False
        for name, values in self.enums.items():
            value = doc.get(name, _ABSENT)
            if value is not _ABSENT and (type(value) is not str or value not in values):
                return False
        return True


def _stamp_fields(record_type: type[Record]) -> list[str]:
    """The names of the fields of ``record_type`` that hold Timestamps."""
    return [
        f.name
        for f in fields(record_type)  # type: ignore[arg-type]
        if str(f.type) in ("Timestamp", "Timestamp | None")
    ]


def _getter_names(names: list[str]) -> list[str]:
    # itemgetter with one name returns the value itself, not a tuple: ask for it twice.
    return names * 2 if len(names) == 1 else names


def _no_values(doc: Any) -> tuple[()]:
    return ()


def _get_id(doc: dict[str, Any]) -> Any:
    return doc["id"]


_DOC_CHECKERS: dict[type, _DocChecker] = {}


def _doc_checker(record_type: type[Record]) -> _DocChecker:
    checker = _DOC_CHECKERS.get(record_type)
    if checker is None:
        checker = _DOC_CHECKERS[record_type] = _DocChecker(record_type)
    return checker


def _where(table: str, doc_id: str, doc: Any) -> str:
    record_id = doc.get("id") if isinstance(doc, dict) else None
    label = f" (id {record_id!r})" if isinstance(record_id, str) else ""
    return f"document {doc_id}{label} of table {table!r}: "


def _explain(error: Exception, record_type: type[Entity], doc: dict[str, Any]) -> str:
    # from_dict's TypeError for a missing argument reads like a Python bug; name the field.
    if isinstance(error, TypeError):
        missing = [
            f.name
            for f in fields(record_type)
            if f.default is MISSING and f.default_factory is MISSING and f.name not in doc
        ]
        if missing:
            return f"the required field {missing[0]!r} is missing"
    return str(error)


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        kind = "true or false"
    elif isinstance(value, int):
        kind = "an integer"
    elif isinstance(value, str):
        kind = "a string"
    elif isinstance(value, list):
        kind = "a list"
    elif isinstance(value, dict):
        kind = "an object"
    else:
        kind = "a number"
    text = repr(value)
    return f"{kind} ({text[:40]}{'...' if len(text) > 40 else ''})"
