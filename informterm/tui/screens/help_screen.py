"""The help screen: every key of the app, grouped by screen and pane, with its binding id.

Built from the live bindings (with the user's keymap applied), never from a hand-kept list,
so it cannot fall out of date: the app, every screen on the stack and every widget in them,
then the screens that are not open right now (modals, the contact card...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Label, Static

KEYMAP_HELP = """\
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
    """Every key of ``app``, grouped: the app itself, the open screens (the front one first)
    and their widgets, then the app's other screens, which are not open now."""
    keymap = dict(getattr(app, "_keymap", {}) or {})
    groups: list[BindingGroup] = []
    everywhere = _own_bindings(type(app), app._bindings, keymap, include_textual=True)
    everywhere += _own_bindings(Screen, None, keymap, include_textual=True)
    _add_group(groups, "Everywhere", everywhere, app)
    live: set[type] = set()
    for screen in reversed(app.screen_stack):
        if isinstance(screen, HelpScreen):
            continue
        screen_title = _title(screen)
        live.add(type(screen))
        if _is_ours(type(screen)):
            own = _own_bindings(type(screen), screen._bindings, keymap)
            _add_group(groups, screen_title, own, app)
        seen: set[type] = set()
        for widget in screen.walk_children(Widget):
            if type(widget) in seen or not _is_ours(type(widget)):
                continue
            seen.add(type(widget))
            live.add(type(widget))
            title = f"{screen_title} > {_title(widget)}"
            _add_group(groups, title, _own_bindings(type(widget), widget._bindings, keymap), app)
    for cls in _our_node_classes():
        if cls in live or issubclass(cls, (App, HelpScreen)):
            continue
        bindings = cls._merged_bindings or BindingsMap()
        _add_group(groups, _title(cls), _own_bindings(cls, bindings, keymap), app)
    return _merge_same_titles(groups)


class HelpScreen(ModalScreen[None]):
    """Show every key with its description and binding id, and how to remap keys.

    ``bindings`` is the app to read the live bindings from, groups already collected (see
    :func:`collect_bindings`), or None for the app this screen runs in.
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

    BINDINGS = [
        Binding(
            "escape,question_mark,q",
            "close",
            "Close",
            id="close-help",
            tooltip="Close the help",
        ),
    ]

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
            yield Label("Esc, ? or q closes · arrows and PgUp/PgDn scroll", id="help-hint")
            with VerticalScroll(id="help-body"):
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


# -- collecting --------------------------------------------------------------------------------


def _is_ours(cls: type) -> bool:
    return cls.__module__.startswith("informterm")


def _import_every_screen_and_widget() -> None:
    """Import the app and the modules it loads only on first use, so their keys are known
    too (config.yaml's keymap is checked before the app is built)."""
    import importlib
    import pkgutil

    from informterm.tui import app, screens, widgets  # noqa: F401  (app: its quit and help)

    for package in (screens, widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")


def _our_node_classes() -> list[type[DOMNode]]:
    """Every informterm screen and widget class that defines bindings, by name."""
    _import_every_screen_and_widget()
    found: dict[str, type[DOMNode]] = {}
    pending: list[type[DOMNode]] = [DOMNode]
    seen: set[type] = set()
    while pending:
        cls = pending.pop()
        if cls in seen:
            continue
        seen.add(cls)
        pending.extend(cls.__subclasses__())
        # Test doubles and private helpers would only clutter the list.
        if _is_ours(cls) and not cls.__name__.startswith("_") and "BINDINGS" in vars(cls):
            found[cls.__qualname__] = cls
    screens = [c for c in found.values() if issubclass(c, Screen)]
    widgets = [c for c in found.values() if not issubclass(c, Screen)]
    return sorted(screens, key=_title) + sorted(widgets, key=_title)


def known_binding_ids() -> set[str]:
    """Every binding id a config.yaml ``keymap`` may name."""
    return {
        binding.id
        for cls in _our_node_classes()
        for binding in vars(cls)["BINDINGS"]
        if isinstance(binding, Binding) and binding.id
    }


def _own_bindings(
    cls: type[DOMNode],
    bindings: BindingsMap | None,
    keymap: dict[str, str],
    *,
    include_textual: bool = False,
) -> list[Binding]:
    """The bindings ``cls`` declares, with the keys of the keymap applied.

    Textual's base classes are left out (every Input's editing keys would bury the app's
    own) unless ``include_textual``, which the app and screen basics (quit, Tab) use.
    """
    declared: list[Binding] = []
    for klass in cls.__mro__:
        if klass is cls or _is_ours(klass) or include_textual:
            for item in vars(klass).get("BINDINGS", []):
                declared.extend(Binding.make_bindings([item]))
    wanted = {(b.action, b.id) for b in declared}
    source = bindings.copy() if bindings is not None else BindingsMap(declared)
    if keymap:
        source.apply_keymap(keymap)
    return [b for _key, b in source if (b.action, b.id) in wanted and not b.system]


def _add_group(
    groups: list[BindingGroup], title: str, bindings: Iterable[Binding], app: App[Any]
) -> None:
    rows: dict[tuple[str, str | None], list[str]] = {}
    first: dict[tuple[str, str | None], Binding] = {}
    for binding in bindings:
        key = (binding.action, binding.id)
        first.setdefault(key, binding)
        display = app.get_key_display(binding)
        if display not in rows.setdefault(key, []):
            rows[key].append(display)
    if not rows:
        return
    keys = tuple(
        KeyHelp(
            keys=", ".join(displays),
            description=first[key].description or _humanize(key[0]),
            binding_id=key[1] or "",
            tooltip=first[key].tooltip,
        )
        for key, displays in rows.items()
    )
    groups.append(BindingGroup(title, keys))


def _merge_same_titles(groups: list[BindingGroup]) -> list[BindingGroup]:
    merged: dict[str, list[KeyHelp]] = {}
    for group in groups:
        rows = merged.setdefault(group.title, [])
        rows.extend(row for row in group.keys if row not in rows)
    return [BindingGroup(title, tuple(rows)) for title, rows in merged.items()]


def _title(node: DOMNode | type[DOMNode]) -> str:
    cls = node if isinstance(node, type) else type(node)
    explicit = getattr(cls, "HELP_TITLE", None)
    if isinstance(explicit, str) and explicit:
        return explicit
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z]*|[a-z]+|\d+", cls.__name__)
    text = " ".join(words).lower()
    return text[:1].upper() + text[1:]


def _humanize(action: str) -> str:
    name = action.split(".")[-1].split("(")[0].replace("_", " ")
    return name[:1].upper() + name[1:]


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
