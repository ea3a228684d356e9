"""A list and a scrolling container that also move with j and k, as the contact list does.

Their keys come from the action table (``cursor-up``/``cursor-down`` for lists,
``scroll-up``/``scroll-down`` for panes), so a keymap that moves the contact list's keys
moves these too.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import OptionList

from informterm.tui.actions import LISTS, SCROLLING, ActsFromTable


class NavList(ActsFromTable, OptionList):
    """An OptionList whose highlight moves with j and k too."""

    PLACE = LISTS
    BINDINGS: ClassVar[list[BindingType]] = LISTS.bindings()


class NavScroll(ActsFromTable, VerticalScroll):
    """A VerticalScroll that scrolls with j and k too."""

    PLACE = SCROLLING
    BINDINGS: ClassVar[list[BindingType]] = SCROLLING.bindings()
