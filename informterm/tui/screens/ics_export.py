"""Where to save an interview's .ics file: a path to edit, with a sensible default (the
Downloads folder, else home). The file is written by the app, not here."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from informterm.core.text import printable
from informterm.tui.actions import ICS_EXPORT, ActsFromTable
from informterm.tui.widgets.form_fields import FieldRow
from informterm.tui.widgets.key_bar import KeyBar


class IcsExportScreen(ActsFromTable, ModalScreen[Path | None]):
    """Ask where to save ``what`` (a description of the interview), starting from
    ``default``; dismisses with the path (its folder exists), or None."""

    DEFAULT_CSS = """
    IcsExportScreen { align: center middle; }
    IcsExportScreen > #dialog {
        width: 88;
        max-width: 100%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    IcsExportScreen #ics-title { text-style: bold; margin-bottom: 1; }
    IcsExportScreen #ics-buttons { height: auto; align-horizontal: right; }
    IcsExportScreen #ics-buttons Button { margin-left: 2; }
    IcsExportScreen #ics-hint { color: $text-muted; width: 1fr; padding-top: 1; }
    """

    PLACE = ICS_EXPORT
    BINDINGS = ICS_EXPORT.bindings()

    def __init__(self, what: str, default: Path) -> None:
        super().__init__()
        self._what = what
        self._default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Content(f"Export {printable(self._what)} as .ics"), id="ics-title")
            yield FieldRow(
                "Save to",
                Input(str(self._default), id="ics-path"),
                field="ics-path",
                hint="a file, or a folder to save it in; ~ is your home",
            )
            with Horizontal(id="ics-buttons"):
                yield Label("enter or ctrl+s save · esc cancel", id="ics-hint")
                yield Button("Cancel", id="cancel")
                yield Button("Save", variant="primary", id="save")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#ics-path", Input).focus()

    def chosen_path(self) -> Path | None:
        """The path typed (a folder means the default name in it), or None, saying why,
        when it cannot be written to."""
        row = self.query_one("#ics-path-row", FieldRow)
        text = self.query_one("#ics-path", Input).value.strip()
        if not text:
            row.set_error("Type where to save the file")
            return None
        path = Path(text).expanduser()
        if path.is_dir():
            path = path / self._default.name
        if not path.parent.is_dir():
            row.set_error(f"There is no folder {path.parent}")
            return None
        if path.suffix.lower() != ".ics":
            path = path.with_name(path.name + ".ics")
        row.set_error(None)
        return path

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Dismiss with the path, if its folder exists."""
        path = self.chosen_path()
        if path is not None:
            self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
