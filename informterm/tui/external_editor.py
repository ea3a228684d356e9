"""Editing text in the user's own editor: ``$VISUAL``, else ``$EDITOR``, run on a private
temporary file while the app hands the terminal over (``App.suspend``)."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

EDITOR_VARIABLES = ("VISUAL", "EDITOR")


class EditorError(Exception):
    """Why the text could not be edited in the user's editor; the message is for them, and
    the text is as it was."""


def editor_command(environ: Mapping[str, str] | None = None) -> list[str]:
    """The editor to run, as a command line (``$VISUAL`` beats ``$EDITOR``; either may
    carry arguments, such as ``code --wait``). Raises EditorError when neither is set or
    the value cannot be read as a command."""
    environ = os.environ if environ is None else environ
    for name in EDITOR_VARIABLES:
        value = environ.get(name, "").strip()
        if not value:
            continue
        try:
            command = shlex.split(value)
        except ValueError as error:
            raise EditorError(f"${name} ({value}) cannot be read as a command: {error}") from None
        if command:
            return command
    raise EditorError(
        "No editor is set: set $VISUAL or $EDITOR (for example, export EDITOR=nano) to edit "
        "in your own editor."
    )


def run_editor(app: Any, command: list[str]) -> int:
    """Run ``command`` with the app suspended, so the editor has the terminal; its exit
    status. Raises EditorError when the app cannot hand the terminal over."""
    from textual.app import SuspendNotSupported

    try:
        with app.suspend():
            return subprocess.run(command, check=False).returncode
    except SuspendNotSupported:
        raise EditorError(
            "This terminal cannot be handed over to an editor; copy the message instead."
        ) from None


def edit_text(app: Any, text: str, *, suffix: str = ".txt") -> str:
    """``text`` as the user left it in their editor. The file is created readable by the
    user only (0600) and removed afterwards. Raises EditorError, saying why, when no editor
    is set, it cannot be started, or it exits with an error; the text is then as it was."""
    command = editor_command()
    fd, name = tempfile.mkstemp(prefix="informterm-message-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            status = run_editor(app, [*command, str(path)])
        except FileNotFoundError:
            raise EditorError(
                f"The editor {command[0]!r} was not found: check $VISUAL or $EDITOR."
            ) from None
        except OSError as error:
            raise EditorError(f"The editor {command[0]!r} could not start: {error}") from None
        if status != 0:
            raise EditorError(
                f"The editor {command[0]!r} exited with status {status}; the message is as it was."
            )
        try:
            edited = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise EditorError(
                "The editor saved the message in an encoding other than UTF-8; the message "
                "is as it was."
            ) from None
        except OSError as error:
            raise EditorError(f"The edited message could not be read back: {error}") from None
    finally:
        path.unlink(missing_ok=True)
    # Editors end the file with a newline the message never had.
    return edited[:-1] if edited.endswith("\n") and not text.endswith("\n") else edited
