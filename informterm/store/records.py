"""Turning a workbook's raw tables into model records, refusing any record that does not fit.

Every document must convert with ``from_dict`` and every field must have the type the
model declares, so a hand-edited or damaged file is reported when it is opened rather
than crashing a screen later. The checks are grouped per type and run in C where they
can: loading 50,000 contacts and their records spends most of its time in ``from_dict``.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from operator import attrgetter
from typing import Any

from informterm.core.model import ENTITY_TYPES, Entity, Record


class BadRecord(ValueError):
    """A document that is not a valid record; the message says which one and why."""


@dataclass(slots=True)
class DecodedTable:
    """One table's records by id (in file order) and the TinyDB document id of each."""

    by_id: dict[str, Entity]
    doc_ids: dict[str, int]


def decode(data: dict[str, dict[str, Any]]) -> dict[str, DecodedTable]:
    """Every record table of ``data`` (already migrated) as model records.

    Raises BadRecord naming the table, document and field at fault.
    """
    decoded: dict[str, DecodedTable] = {}
    for name, record_type in ENTITY_TYPES.items():
        checker = _checker(record_type)
        by_id: dict[str, Entity] = {}
        doc_ids: dict[str, int] = {}
        for doc_id, doc in data.get(name, {}).items():
            try:
                record = record_type.from_dict(doc)
            except (TypeError, ValueError) as error:
                raise BadRecord(
                    _where(name, doc_id, doc) + _explain(error, record_type, doc)
                ) from None
            problem = checker.check(record)
            if problem:
                raise BadRecord(_where(name, doc_id, doc) + problem)
            if record.id in by_id:
                raise BadRecord(
                    f"documents {doc_ids[record.id]} and {doc_id} of table {name!r} "
                    f"have the same id {record.id!r}"
                )
            by_id[record.id] = record
            doc_ids[record.id] = int(doc_id)
        decoded[name] = DecodedTable(by_id, doc_ids)
    return decoded


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


def _checker(record_type: type[Record]) -> _Checker:
    checker = _CHECKERS.get(record_type)
    if checker is None:
        checker = _CHECKERS[record_type] = _Checker(record_type)
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
