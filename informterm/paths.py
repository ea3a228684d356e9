"""Where informterm's files live: the workbook, config.yaml, the cache, and the data shipped
with it.

Command-line options beat environment variables, which beat the platform's standard
directories (from platformdirs). Only platformdirs, the standard library and
``informterm.files`` (which writes the cache) are imported here, so asking where a file
lives costs nothing at startup.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from informterm.files import make_private_dirs, write_atomically

APP_NAME = "informterm"
DB_ENV = "INFORMTERM_DB"
CONFIG_ENV = "INFORMTERM_CONFIG"
DB_FILE_NAME = "workbook.json"
CONFIG_FILE_NAME = "config.yaml"

_PACKAGE_DIR = Path(__file__).resolve().parent


def user_data_dir() -> Path:
    """The platform's per-user data directory for informterm (not created here)."""
    # appauthor=False keeps Windows from nesting the folder under an author name.
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def user_config_dir() -> Path:
    """The platform's per-user config directory for informterm (not created here)."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def user_cache_dir() -> Path:
    """The platform's per-user cache directory for informterm (not created here): what
    may be deleted at any time, such as parsed YAML."""
    return platformdirs.user_cache_path(APP_NAME, appauthor=False)


def write_cache_file(path: Path, content: bytes) -> bool:
    """Write ``content`` to ``path`` (in the cache folder) whole or not at all, readable by
    the user only (0600, new folders 0700: what is cached may be personal data).

    Returns False when it cannot be written: nothing depends on a cache, which is also why
    it is not fsynced (a cache lost in a power cut is only made again).
    """
    try:
        make_private_dirs(path.parent)
        write_atomically(path, content, durable=False)
    except OSError:
        return False
    return True


def default_db_path() -> Path:
    """The workbook used when neither ``--db`` nor ``INFORMTERM_DB`` says otherwise."""
    return user_data_dir() / DB_FILE_NAME


def default_config_path() -> Path:
    """The config file used when neither ``--config`` nor ``INFORMTERM_CONFIG`` is set."""
    return user_config_dir() / CONFIG_FILE_NAME


def _chosen(cli_value: str | None, env_name: str) -> Path | None:
    # An empty value (``--db ""`` or ``INFORMTERM_DB=``) means "not set", as in most shells'
    # conventions, rather than "the current directory".
    for value in (cli_value, os.environ.get(env_name)):
        if value:
            return Path(value).expanduser().absolute()
    return None


def resolve_db_path(cli_value: str | None) -> Path:
    """The workbook path: ``--db`` beats ``INFORMTERM_DB`` beats the default; ``~`` expanded."""
    return _chosen(cli_value, DB_ENV) or default_db_path()


def resolve_config_path(cli_value: str | None) -> Path:
    """The config path: ``--config`` beats ``INFORMTERM_CONFIG`` beats the default."""
    return _chosen(cli_value, CONFIG_ENV) or default_config_path()


def shipped_dir(name: str) -> Path:
    """The folder of data shipped with informterm, such as ``themes`` or ``sample_data``.

    A wheel carries it inside the package at ``informterm/_shipped/<name>``; a source
    checkout or editable install has it at the top of the repository. The returned folder
    may not exist if the installation is broken; callers treat that as "nothing shipped".
    """
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        raise ValueError(f"not a shipped folder name: {name!r}")
    packaged = _PACKAGE_DIR / "_shipped" / name
    if packaged.is_dir():
        return packaged
    checkout = _PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    return packaged
