"""Command-palette commands: "contact: Jump to <name>" for every contact, and the contact
actions that apply on the Workbook screen right now.

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
from textual.style import Style

from informterm.core.browse import SortOrder
from informterm.core.model import Contact
from informterm.core.text import printable
from informterm.tui.screens.workbook_screen import WorkbookScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    from informterm.tui.app import InformtermApp

JUMP_PREFIX = "contact: Jump to "

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
        matcher = self.matcher(query)
        fuzzy = matcher.fuzzy_search
        # Matching only the name (not the fixed prefix) keeps the search fast and stops a
        # query like "con" from matching everyone through "contact".
        needle = matcher.query if matcher.case_sensitive else matcher.query.lower()
        for count, (contact_id, name, contact) in enumerate(self._people, 1):
            candidate = name if matcher.case_sensitive else name.lower()
            score, offsets = fuzzy.match(needle, candidate)
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


class ContactActionsProvider(Provider):
    """The contact and contact-list actions that apply on the screen now."""

    async def discover(self) -> Hits:
        """Every action that applies, for the palette before anything is typed."""
        for title, help_text, callback in contact_commands(self.screen):
            yield DiscoveryHit(Content(title), callback, text=title, help=literal_markup(help_text))

    async def search(self, query: str) -> Hits:
        """The actions whose titles fuzzily match ``query``, best first."""
        matcher = self.matcher(query)
        for title, help_text, callback in contact_commands(self.screen):
            score, offsets = matcher.fuzzy_search.match(matcher.query, title)
            if score > 0:
                yield Hit(
                    score,
                    _highlighted(title, offsets, matcher),
                    callback,
                    text=title,
                    help=literal_markup(help_text),
                )


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


def contact_commands(screen: Screen) -> list[Command]:
    """The contact actions that apply on ``screen`` now, as ``(title, help, callback)``.

    Offers nothing off the Workbook screen; offers the per-contact actions only while a
    contact is highlighted. Titles and help are plain text.
    """
    if not isinstance(screen, WorkbookScreen):
        return []
    app = cast("InformtermApp", screen.app)
    contact_list = screen.contact_list
    commands: list[Command] = [
        ("contact: New contact", "Add a contact to the workbook", app.new_contact),
    ]
    contact = contact_list.highlighted_contact
    if contact is not None:
        name = printable(contact.name)
        contact_id = contact.id
        restore = "Restore" if contact.archived else "Archive"
        commands += [
            (f"contact: Open {name}", "Show the contact card", partial(app.open_contact_card,
                                                                      contact_id)),
            (f"contact: Edit {name}", "Change this contact's details",
             partial(app.edit_contact, contact_id)),
            (f"contact: Change stage of {name}", f"Now: {contact.stage.value}",
             partial(app.change_stage, contact_id)),
            (f"contact: Log touch with {name}", "Record an email, call, letter or meeting",
             partial(app.log_touch, contact_id)),
            (f"contact: {restore} {name}",
             "Put back in the list" if contact.archived else "Hide from the list, keep the record",
             partial(app.toggle_archive, contact_id)),
            (f"contact: Delete {name}", "Delete with all touches, interviews and follow-ups "
             "(asks first)", partial(app.delete_contact, contact_id)),
        ]  # fmt: skip
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
            "Archived contacts are listed dimmed" if not showing else "List active contacts only",
            partial(contact_list.set_show_archived, not showing),
        )
    )
    commands.append(
        (
            "contacts: Filter",
            "Type to narrow the list by name, company, title, tags or notes",
            screen.action_filter_contacts,
        )
    )
    if contact_list.filter_text:
        commands.append(
            (
                "contacts: Clear filter",
                "Show every contact again",
                screen.contacts_pane.action_clear_filter,
            )
        )
    return commands
