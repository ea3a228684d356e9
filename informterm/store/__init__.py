"""Persistence: the only package that imports tinydb."""

from informterm.store.backups import Backup, backup_dir, list_backups
from informterm.store.migrations import SCHEMA_VERSION
from informterm.store.storage import (
    WorkbookError,
    WorkbookFolderProtected,
    WorkbookLocked,
    WorkbookProtected,
    newest_loadable_backup,
)
from informterm.store.workbook import (
    ChangedSince,
    Changes,
    NotFound,
    ReadOnlyWorkbook,
    Workbook,
    open_workbook,
)

__all__ = [
    "SCHEMA_VERSION",
    "Backup",
    "ChangedSince",
    "Changes",
    "NotFound",
    "ReadOnlyWorkbook",
    "Workbook",
    "WorkbookError",
    "WorkbookFolderProtected",
    "WorkbookLocked",
    "WorkbookProtected",
    "backup_dir",
    "list_backups",
    "newest_loadable_backup",
    "open_workbook",
]
