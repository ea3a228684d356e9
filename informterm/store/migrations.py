"""Schema versions of the workbook file, the checks that a file is a workbook at all, and the
steps that bring old files up to date.

Version 0 is a plain TinyDB file of the tables with no ``meta`` table. Every later version
records itself in ``meta`` (``{"meta": {"1": {"schema": N}}}``). A step turns version N
into N + 1; :func:`migrate` runs the steps in order, in memory. Saving the result (after a
backup) is the storage's job, and only once every record has been read successfully.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from informterm.core.model import new_id, utc_now

SCHEMA_VERSION = 1
"""The schema this informterm writes."""

TABLES = ("contacts", "touches", "interviews", "followups")
"""The record tables of a workbook (besides ``meta``)."""

META_TABLE = "meta"
_META_DOC = "1"

MigrationStep = Callable[[dict[str, Any]], None]
"""A step changes the data of version N in place into version N + 1."""

STEPS: dict[int, MigrationStep] = {}
"""The registry: the version a step starts from -> the step."""


def step(from_version: int) -> Callable[[MigrationStep], MigrationStep]:
    """Register the decorated function as the step from ``from_version`` to the next one."""

    def register(function: MigrationStep) -> MigrationStep:
        if from_version in STEPS:
            raise ValueError(f"two migration steps start from schema {from_version}")
        STEPS[from_version] = function
        return function

    return register


class NotAWorkbook(ValueError):
    """The data has the wrong shape; the message says what is wrong, for humans."""


class NewerSchema(NotAWorkbook):
    """The file was written by a newer informterm; the message says so, for humans."""


def new_workbook_data() -> dict[str, dict[str, Any]]:
    """The data of a new, empty workbook at the current schema."""
    data: dict[str, dict[str, Any]] = {name: {} for name in TABLES}
    data[META_TABLE] = {_META_DOC: {"schema": SCHEMA_VERSION}}
    return data


def schema_of(data: dict[str, Any]) -> int:
    """The schema version recorded in a workbook's meta table (0 when there is no meta table).

    Raises NotAWorkbook when the meta table exists but holds no usable version.
    """
    meta = data.get(META_TABLE)
    if meta is None:
        return 0
    if not isinstance(meta, dict):
        raise NotAWorkbook("its meta table is not an object")
    for doc in meta.values():
        if isinstance(doc, dict) and "schema" in doc:
            version = doc["schema"]
            # bool is an int subclass; true is not a version.
            if type(version) is not int or version < 1:
                raise NotAWorkbook(f"its schema version {version!r} is not a positive integer")
            return version
    raise NotAWorkbook("its meta table has no schema version")


def set_schema(data: dict[str, Any], version: int) -> None:
    """Record ``version`` in the meta table, creating the table if needed."""
    meta = data.setdefault(META_TABLE, {})
    for doc in meta.values():
        if isinstance(doc, dict) and "schema" in doc:
            doc["schema"] = version
            return
    meta[_META_DOC] = {"schema": version}


def check_shape(data: Any) -> int:
    """Check that ``data`` looks like a workbook and return its schema version.

    A workbook is an object of tables; each table is an object whose keys are document ids
    (decimal integers) and whose values are objects. A file without a meta table (version
    0) may hold only workbook tables, so some other program's TinyDB file is never taken
    for an old workbook and rewritten. Raises NotAWorkbook saying what is wrong.
    """
    if not isinstance(data, dict):
        raise NotAWorkbook(f"its top level is a JSON {_json_kind(data)}, not an object of tables")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise NotAWorkbook(f"its table {name!r} is a JSON {_json_kind(table)}, not an object")
        if _well_formed(table):
            continue
        for doc_id, doc in table.items():
            if not (doc_id.isascii() and doc_id.isdigit()):
                raise NotAWorkbook(f"its table {name!r} has a document id {doc_id!r}")
            if not isinstance(doc, dict):
                raise NotAWorkbook(
                    f"document {doc_id} of its table {name!r} is a JSON {_json_kind(doc)}, "
                    "not an object"
                )
    version = schema_of(data)
    if version == 0:
        foreign = sorted(
            name
            for name, table in data.items()
            if name not in TABLES and not (name == "_default" and not table)
        )
        if foreign:
            raise NotAWorkbook(
                f"it has no meta table and tables an informterm workbook does not have: "
                f"{', '.join(repr(n) for n in foreign)}"
            )
    return version


def _well_formed(table: dict[str, Any]) -> bool:
    """Whether every key of ``table`` is a decimal document id and every value an object,
    checked in C for a whole table (the loop in check_shape then only runs to say what is
    wrong)."""
    keys = "".join(table)
    return (
        "" not in table
        and keys.isascii()
        and keys.isdigit()
        and (not table or set(map(type, table.values())) == {dict})
    )


def migrate(data: dict[str, Any]) -> int:
    """Bring ``data`` (already checked by :func:`check_shape`) to the current schema in
    place; returns the version it had. Raises NewerSchema for a version newer than this
    informterm knows."""
    found = schema_of(data)
    if found > SCHEMA_VERSION:
        raise NewerSchema(
            f"it was written by a newer informterm (schema {found}; this informterm reads "
            f"schemas up to {SCHEMA_VERSION}). Update informterm to open it"
        )
    for version in range(found, SCHEMA_VERSION):
        STEPS[version](data)
        set_schema(data, version + 1)
    return found


@step(0)
def _add_meta_and_record_fields(data: dict[str, Any]) -> None:
    """0 -> 1: add the meta table and any missing tables; give every record an id and
    created/updated times (the migration time: the true ones are not known)."""
    data.pop("_default", None)
    now = utc_now()
    for name in TABLES:
        table = data.setdefault(name, {})
        for doc in table.values():
            if not doc.get("id"):
                doc["id"] = new_id()
            doc.setdefault("created_at", now)
            doc.setdefault("updated_at", doc["created_at"])
    set_schema(data, 1)


def _json_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    return "number"
