"""The external editor: $VISUAL beats $EDITOR, the text goes through a private temporary
file that is removed afterwards, and every failure (no editor, not found, an error exit,
no terminal to hand over) is a message, with the text as it was."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from informterm.tui.external_editor import EditorError, edit_text, editor_command


class FakeApp:
    """What edit_text uses of the app: suspending it around the editor."""

    def __init__(self) -> None:
        self.suspended = 0

    @contextlib.contextmanager
    def suspend(self) -> Iterator[None]:
        self.suspended += 1
        yield


def editor_script(tmp_path: Path, body: str) -> str:
    """A command that runs ``body`` as Python with the file's path in ``path``."""
    script = tmp_path / "editor.py"
    script.write_text(f"import sys, os, pathlib\npath = pathlib.Path(sys.argv[1])\n{body}\n")
    return f"{sys.executable} {script}"


def test_visual_beats_editor_and_arguments_are_kept() -> None:
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "vi"}) == ["code", "--wait"]
    assert editor_command({"VISUAL": " ", "EDITOR": "nano -w"}) == ["nano", "-w"]
    with pytest.raises(EditorError, match=r"No editor is set: set \$VISUAL or \$EDITOR"):
        editor_command({})
    with pytest.raises(EditorError, match="cannot be read as a command"):
        editor_command({"EDITOR": "vi 'unclosed"})


def test_the_text_comes_back_as_edited_through_a_private_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = tmp_path / "seen.txt"
    monkeypatch.setenv(
        "VISUAL",
        editor_script(
            tmp_path,
            f"pathlib.Path({str(seen)!r}).write_text("
            "f'{oct(path.stat().st_mode & 0o777)} {path}\\n' + path.read_text())\n"
            "path.write_text(path.read_text().replace('Dear', 'Hello') + '\\n')",
        ),
    )
    app = FakeApp()
    assert edit_text(app, "Dear [bold]Bob, ünïcode") == "Hello [bold]Bob, ünïcode"
    assert app.suspended == 1
    mode, name = seen.read_text().splitlines()[0].split(" ", 1)
    assert mode == "0o600"
    assert not Path(name).exists(), "the temporary file is removed"
    assert seen.read_text().splitlines()[1] == "Dear [bold]Bob, ünïcode"


def test_an_editor_that_fails_leaves_the_text_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "path.write_text('x'); sys.exit(3)"))
    with pytest.raises(EditorError, match="exited with status 3; the message is as it was"):
        edit_text(FakeApp(), "Dear Bob")
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    with pytest.raises(EditorError, match="was not found: check"):
        edit_text(FakeApp(), "Dear Bob")
    monkeypatch.setenv("EDITOR", editor_script(tmp_path, "path.write_bytes(b'\\xff\\xfe')"))
    with pytest.raises(EditorError, match="other than UTF-8"):
        edit_text(FakeApp(), "Dear Bob")


def test_an_app_that_cannot_hand_the_terminal_over_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.app import SuspendNotSupported

    class Headless:
        @contextlib.contextmanager
        def suspend(self) -> Iterator[None]:
            raise SuspendNotSupported("no")
            yield

    monkeypatch.setenv("VISUAL", "vi")
    with pytest.raises(EditorError, match="cannot be handed over to an editor"):
        edit_text(Headless(), "Dear Bob")
