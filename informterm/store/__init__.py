"""Persistence: the only package that imports tinydb."""

from informterm.store.storage import WorkbookError, WorkbookLocked
from informterm.store.workbook import NotFound, ReadOnlyWorkbook, Workbook, open_workbook

__all__ = [
    "NotFound",
    "ReadOnlyWorkbook",
    "Workbook",
    "WorkbookError",
    "WorkbookLocked",
    "open_workbook",
]
