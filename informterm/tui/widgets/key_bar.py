"""The key bar: the keys that apply now, in one line at the bottom of a screen.

It shows what Textual's ``Footer`` shows (the screen's active bindings with ``show`` set, one
per action, and the command palette's key on the right), but as one widget that draws a line
instead of a row of widgets, one per key, rebuilt whenever the bindings change. Drawn at
refresh time, it reads the bindings as they are once focus has landed, so the first frame
already has the focused widget's keys. When the line is too narrow, the keys the action
table marks optional go first (from the end), then the keys at the end, help and quit last;
every key stays in the help screen and the palette.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

from informterm.tui.actions import ACTIONS, ActsFromTable, offered

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.dom import DOMNode
    from textual.screen import Screen

PALETTE_SEPARATOR = "▏"


@dataclass(frozen=True, slots=True)
class KeyEntry:
    """One key as the bar shows it."""

    binding: Binding
    key_display: str
    enabled: bool
    tooltip: str
    description: str
    optional: bool = False

    @property
    def label(self) -> str:
        description = self.description
        return f"{self.key_display} {description}" if description else self.key_display

    @property
    def width(self) -> int:
        return cell_len(self.label)


class KeyBar(Widget, can_focus=False):
    """The keys that apply now; a click on one presses it."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--hover",
        "key-bar--separator",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-bar--hover {
            background: $block-hover-background;
        }
        & > .key-bar--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(
        self,
        *,
        essential_actions: Iterable[str] = ("help", "quit_app"),
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """``essential_actions``: keys to leave out last when the line is too narrow (the
        action table marks those to leave out first)."""
        super().__init__(id=id, classes=classes)
        self.essential_actions = frozenset(essential_actions)
        self._spans: list[tuple[int, int, KeyEntry]] = []
        """Where each key was drawn (start and end column), for clicks and hovering."""
        self._hovered: KeyEntry | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen) -> None:
        self.refresh()

    # -- what to show -----------------------------------------------------------------------

    def entries(self) -> tuple[list[KeyEntry], KeyEntry | None]:
        """The keys to show (the first binding of each action, in order) and the command
        palette's key, which the bar puts at its right end."""
        app = self.app
        shown: dict[str, KeyEntry] = {}
        palette: KeyEntry | None = None
        for node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.action == "command_palette" and app.ENABLE_COMMAND_PALETTE:
                palette = self._entry(node, binding, enabled, tooltip)
            elif binding.show and binding.action not in shown:
                entry = self._entry(node, binding, enabled, tooltip)
                if entry is not None:
                    shown[binding.action] = entry
        return list(shown.values()), palette

    def _entry(
        self, node: DOMNode, binding: Binding, enabled: bool, tooltip: str
    ) -> KeyEntry | None:
        """The entry for ``binding``, labelled as the action table says for its node now;
        None when it is not offered (a change to a read-only workbook)."""
        key_display = self.app.get_key_display(binding)
        description, optional = binding.description, False
        action = ACTIONS.get(binding.id or "")
        if action is not None:
            if not offered(self.app, action):
                return None
            if isinstance(node, ActsFromTable):
                description = node.label_of(action)
            optional = action.optional
        return KeyEntry(
            binding, key_display, enabled, tooltip or binding.tooltip, description, optional
        )

    def fitted(self, entries: list[KeyEntry], width: int) -> list[KeyEntry]:
        """The entries that fit in ``width`` columns, one space apart: the optional ones
        go first, from the end, then the others from the end, the essential ones last."""

        def needed(chosen: list[KeyEntry]) -> int:
            return sum(entry.width + 1 for entry in chosen)

        entries = list(entries)
        while needed(entries) > width and any(e.optional for e in entries):
            entries.remove([e for e in entries if e.optional][-1])
        while entries and needed(entries) > width:
            ordinary = [e for e in entries if e.binding.action not in self.essential_actions]
            entries.remove(ordinary[-1] if ordinary else entries[-1])
        return entries

    # -- drawing ----------------------------------------------------------------------------

    def render(self) -> Text:
        entries, palette = self.entries()
        width = self.size.width
        palette_width = palette.width + 2 if palette is not None else 0
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for entry in self.fitted(entries, width - palette_width - 1):
            line.append(" ")
            self._append(line, entry)
        if palette is not None and width >= palette_width:
            line.append(" " * (width - palette_width - line.cell_len))
            line.append(PALETTE_SEPARATOR, self.get_component_rich_style("key-bar--separator"))
            self._append(line, palette)
            line.append(" ")
        return line

    def _append(self, line: Text, entry: KeyEntry) -> None:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        extra = Style()
        if entry == self._hovered:
            extra += self.get_component_rich_style("key-bar--hover")
        if not entry.enabled:
            extra += Style(dim=True)
        start = line.cell_len
        line.append(entry.key_display, key_style + extra)
        line.append(entry.label[len(entry.key_display) :], description_style + extra)
        self._spans.append((start, line.cell_len, entry))

    # -- the mouse --------------------------------------------------------------------------

    def entry_at(self, x: int) -> KeyEntry | None:
        """The key drawn at column ``x``, if any."""
        for start, end, entry in self._spans:
            if start <= x < end:
                return entry
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        entry = self.entry_at(event.x)
        if entry != self._hovered:
            self._hovered = entry
            self.tooltip = entry.tooltip if entry is not None else None
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        entry = self.entry_at(event.x)
        if entry is None:
            return
        if entry.enabled:
            self.app.simulate_key(entry.binding.key)
        else:
            self.app.bell()
