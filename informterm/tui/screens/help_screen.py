"""The help screen: every key of the app, grouped by screen and pane, with its binding id.

Made from the action table (:mod:`informterm.tui.actions`, with the user's keymap applied),
the same table the bindings, the key bar and the palette are made from, so it cannot fall
out of date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from informterm.tui.actions import HELP_PLACE, Action, ActsFromTable, keys_of, places_in_help
from informterm.tui.widgets.navigation import NavScroll

KEYMAP_HELP = """\
Ctrl+P opens the command palette: every action that applies here, the themes, and
"jump to" any contact by name.

Remap any key in config.yaml with its id (in the right-hand column):

  keymap:
    edit-contact: f2
    save-form: ctrl+w
    quit: ctrl+q,q

Keys use Textual's names (ctrl+s, f2, question_mark, ...); a comma gives several keys.
The keymap is read when informterm starts. Lists also take the arrows, Home/End and
PgUp/PgDn; text fields take the usual editing keys; Tab moves on, Shift+Tab back."""


@dataclass(frozen=True, slots=True)
class KeyHelp:
    """One action's keys as shown: ``keys`` for display, its description and binding id."""

    keys: str
    description: str
    binding_id: str
    tooltip: str = ""


@dataclass(frozen=True, slots=True)
class BindingGroup:
    """The keys of one screen or pane."""

    title: str
    keys: tuple[KeyHelp, ...]


def collect_bindings(app: App[Any]) -> list[BindingGroup]:
    """Every key of informterm from the action table, grouped by where it applies, with
    the keymap ``app`` runs with applied."""
    keymap: dict[str, str] = dict(getattr(app, "_keymap", {}) or {})
    groups = []
    for place in places_in_help():
        rows = tuple(
            KeyHelp(
                keys=", ".join(_displays(app, action, keymap)),
                description=action.label,
                binding_id=action.id,
                tooltip=action.tooltip,
            )
            for action in place.actions
        )
        groups.append(BindingGroup(place.title, rows))
    return groups


def _displays(app: App[Any], action: Action, keymap: dict[str, str]) -> list[str]:
    shown: list[str] = []
    for key in keys_of(action, keymap):
        display = app.get_key_display(Binding(key, action.action))
        if display not in shown:
            shown.append(display)
    return shown


class HelpScreen(ActsFromTable, ModalScreen[None]):
    """Show every key with its description and binding id, and how to remap keys.

    ``bindings`` is the app whose keymap the keys are shown with, groups already collected
    (see :func:`collect_bindings`), or None for the app this screen runs in.
    """

    DEFAULT_CSS = """
    HelpScreen { align: center middle; background: $background 60%; }
    HelpScreen > #dialog {
        width: 96;
        max-width: 100%;
        height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; }
    HelpScreen #help-hint { color: $text-muted; margin-bottom: 1; }
    HelpScreen #help-body { height: 1fr; }
    HelpScreen .help-group-title { text-style: bold; color: $accent; margin-top: 1; }
    HelpScreen #keymap-help { margin-top: 1; color: $text-muted; }
    """

    PLACE = HELP_PLACE
    BINDINGS = HELP_PLACE.bindings()

    def __init__(self, bindings: App[Any] | Sequence[BindingGroup] | None = None) -> None:
        super().__init__()
        self._source = bindings

    def compose(self) -> ComposeResult:
        source = self._source
        if source is None or isinstance(source, App):
            groups = collect_bindings(source if isinstance(source, App) else self.app)
        else:
            groups = list(source)
        with Vertical(id="dialog"):
            yield Label("Keys", id="help-title")
            yield Label("Esc, ? or q closes · j/k, arrows and PgUp/PgDn scroll", id="help-hint")
            with NavScroll(id="help-body"):
                for index, group in enumerate(groups):
                    yield Label(Content(group.title), classes="help-group-title")
                    yield Static(_group_table(group), id=f"help-group-{index}")
                yield Static(Content(self._keymap_text()), id="keymap-help")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def _keymap_text(self) -> str:
        config_path = getattr(self.app, "config_path", None)
        if config_path is None:
            return KEYMAP_HELP
        return f"{KEYMAP_HELP}\n\nYour config file: {config_path}"

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)


def _group_table(group: BindingGroup) -> Content:
    """One group as aligned columns: keys, description, id."""
    key_width = max(8, *(len(row.keys) for row in group.keys)) + 2
    description_width = max(12, *(len(row.description) for row in group.keys)) + 2
    lines = [
        Content.assemble(
            (row.keys.ljust(key_width), "bold"),
            row.description.ljust(description_width),
            (row.binding_id or "-", "dim"),
        )
        for row in group.keys
    ]
    return Content("\n").join(lines)
