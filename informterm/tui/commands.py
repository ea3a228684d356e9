"""Command-palette commands: "contact: Jump to <name>" for every contact, and the actions of
the action table (:mod:`informterm.tui.actions`) that apply on the screen right now.

User names go into titles as data: both providers build ``Content`` themselves rather than
hand Textual markup, and help lines (which the palette reads as markup) are made literal
with :func:`literal_markup`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content, Span
from textual.dom import DOMNode
from textual.style import Style

from informterm.core.browse import SortOrder
from informterm.core.model import Contact
from informterm.core.text import printable
from informterm.tui.actions import ActsFromTable, action_applies, offered, palette_title
from informterm.tui.screens.workbook_screen import WorkbookScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    from informterm.tui.app import InformtermApp

JUMP_PREFIX = "contact: Jump to "

_LISTED_FOR_JUMP = 100
"""How many people "jump" with no name lists."""

# Give the palette's event loop a turn this often, so a huge workbook never freezes typing.
_YIELD_EVERY = 500


class JumpToContactProvider(Provider):
    """Fuzzy "jump to contact" over every contact, archived ones included and marked."""

    async def startup(self) -> None:
        """Take one snapshot of the names for this palette session."""
        app = cast("InformtermApp", self.app)
        self._people = [
            (contact.id, printable(contact.name), contact)
            for contact in app.workbook.contacts(include_archived=True)
        ]

    async def search(self, query: str) -> Hits:
        """Contacts whose name fuzzily matches ``query``, best first."""
        # Matching only the name (not the fixed prefix) keeps the search fast and stops a
        # query like "con" from matching everyone through "contact"; words of the prefix
        # typed first ("jump", "jump to ann") are read as asking for the jump.
        asked_for_jump, name_query = _without_jump_words(query)
        listing = asked_for_jump and not name_query
        matcher = self.matcher(query if listing else name_query)
        fuzzy = matcher.fuzzy_search
        needle = matcher.query if matcher.case_sensitive else matcher.query.lower()
        listed = 0
        for count, (contact_id, name, contact) in enumerate(self._people, 1):
            candidate = name if matcher.case_sensitive else name.lower()
            score, offsets = fuzzy.match(needle, candidate)
            if listing and score <= 0 and listed < _LISTED_FOR_JUMP:
                # "jump" alone lists people to jump to (those whose name it matches first).
                listed += 1
                score = 0.01
            if score > 0:
                title = JUMP_PREFIX + name + (" (archived)" if contact.archived else "")
                start = len(JUMP_PREFIX)
                yield Hit(
                    score,
                    _highlighted(title, [start + offset for offset in offsets], matcher),
                    partial(self._jump, contact_id),
                    text=title,
                    help=literal_markup(_help(contact)),
                )
            if count % _YIELD_EVERY == 0:
                await asyncio.sleep(0)

    def _jump(self, contact_id: str) -> None:
        screen = self.screen
        if isinstance(screen, WorkbookScreen) and screen.select_contact(contact_id):
            return
        cast("InformtermApp", self.app).open_contact_card(contact_id)


class TableActionsProvider(Provider):
    """The actions of the action table that apply on the screen now."""

    async def discover(self) -> Hits:
        """Every action that applies, for the palette before anything is typed."""
        for title, help_text, callback in table_commands(self.screen):
            yield DiscoveryHit(Content(title), callback, text=title, help=literal_markup(help_text))

    async def search(self, query: str) -> Hits:
        """The actions whose titles fuzzily match ``query``, best first."""
        matcher = self.matcher(query)
        for title, help_text, callback in table_commands(self.screen):
            score, offsets = matcher.fuzzy_search.match(matcher.query, title)
            if score > 0:
                yield Hit(
                    score,
                    _highlighted(title, offsets, matcher),
                    callback,
                    text=title,
                    help=literal_markup(help_text),
                )


def _without_jump_words(query: str) -> tuple[bool, str]:
    """Whether ``query`` starts by asking for the jump ("ju", "jump", "jump to", with or
    without "contact:" before), and the rest of it: the name to look for."""
    words = query.split()
    lowered = [word.lower() for word in words]
    at = 1 if lowered[:1] == ["contact:"] else 0
    if at >= len(words) or len(lowered[at]) < 2 or not "jump".startswith(lowered[at]):
        return False, query
    at += 1
    if at < len(words) and lowered[at] in ("t", "to"):
        at += 1
    return True, " ".join(words[at:])


def literal_markup(text: str) -> str:
    """Markup that shows ``text`` exactly as it is.

    In Textual's markup only the one backslash right before a ``[`` is an escape (it is
    dropped and the bracket kept), so one added before each ``[`` shows brackets and any
    backslashes as typed. ``textual.markup.escape`` also doubles backslashes, which the
    parser then shows doubled.
    """
    return text.replace("[", "\\[")


def _highlighted(text: str, offsets: Sequence[int], matcher: Matcher) -> Content:
    """``text`` as Content (never markup) with the matched characters styled."""
    style: Style = matcher.match_style
    return Content(text, [Span(offset, offset + 1, style) for offset in offsets])


def _help(contact: Contact) -> str:
    parts = [printable(part) for part in (contact.title, contact.company) if part.strip()]
    parts.append(contact.stage.value)
    return " · ".join(parts)


Command = tuple[str, str, Callable[[], object]]
"""A palette command: title and help (plain text, shown as they are), callback."""


def table_commands(screen: Screen) -> list[Command]:
    """The palette commands that apply on ``screen`` now, as ``(title, help, callback)``:
    each action of the table with a palette title, on every node of the screen that holds
    its place, when it applies there; then the list's sort orders. Titles and help are
    plain text."""
    commands: list[Command] = []
    for node in [screen.app, screen, *screen.query("*")]:
        if not isinstance(node, ActsFromTable) or not isinstance(node, DOMNode):
            continue
        for action in node.PLACE.actions:
            if action.palette is None or not offered(screen.app, action):
                continue
            if not action_applies(node, action, by_key=False):
                continue
            run = partial(node.call_later, screen.app.run_action, action.action, node)
            commands.append((palette_title(action, node), action.tooltip, run))
    if isinstance(screen, WorkbookScreen):
        contact_list = screen.contact_list
        for order in SortOrder:
            if order is not contact_list.sort_by:
                commands.append(
                    (
                        f"contacts: Sort by {order.value}",
                        "Change the order of the contact list",
                        partial(contact_list.set_sort_by, order),
                    )
                )
        showing = contact_list.show_archived
        commands.append(
            (
                "contacts: Hide archived" if showing else "contacts: Show archived",
                "List active contacts only" if showing else "Archived contacts are listed dimmed",
                partial(contact_list.set_show_archived, not showing),
            )
        )
    return commands
