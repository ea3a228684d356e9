"""Schema versions of the workbook file and the steps that bring old files up to date."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
TABLES = ("contacts", "touches", "interviews", "followups")


def new_workbook_data() -> dict[str, dict[str, Any]]:
    """The data of a new, empty workbook at the current schema."""
    data: dict[str, dict[str, Any]] = {name: {} for name in TABLES}
    data["meta"] = {"1": {"schema": SCHEMA_VERSION}}
    return data


def schema_of(data: dict[str, Any]) -> int:
    """The schema version recorded in a workbook's meta table (0 when there is none)."""
    for doc in data.get("meta", {}).values():
        if isinstance(doc, dict) and "schema" in doc:
            return int(doc["schema"])
    return 0


def check_and_migrate(
    path: Path,
    data: Any,
    save: Callable[[dict[str, Any]], None] | None,
) -> dict[str, dict[str, Any]]:
    """Validate loaded data and migrate it to the current schema (saving when ``save``)."""
    from informterm.store.storage import WorkbookError

    if not isinstance(data, dict):
        raise WorkbookError(f"{path}: is not an informterm workbook")
    version = schema_of(data)
    if version > SCHEMA_VERSION:
        raise WorkbookError(
            f"{path}: was written by a newer informterm (schema {version}, "
            f"this one knows up to {SCHEMA_VERSION})"
        )
    for name in TABLES:
        data.setdefault(name, {})
    data.setdefault("meta", {"1": {"schema": SCHEMA_VERSION}})
    return data
