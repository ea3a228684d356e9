"""The notes editor of call mode and the Notes pane: a TextArea whose text is saved through
the notes journal, never by rewriting the workbook.

Each keystroke only marks the text changed; twice a second the text (if it changed) goes
to the journal's own thread, which appends it and flushes it to the disk, so a keystroke
never waits for the disk and a crash loses at most the last second. In a call a line gets
the time since the call began (``[mm:ss]``) as its first character is typed, and a tag key
starts a line with its tag.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, cast

from textual.binding import BindingType
from textual.document._document import Document
from textual.document._wrapped_document import WrappedDocument
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult, Location

from informterm.core.calls import retagged
from informterm.core.model import NoteTag
from informterm.store.journal import NotesJournal
from informterm.tui.actions import NOTES_EDITOR, ActsFromTable

if TYPE_CHECKING:
    from informterm.tui.app import InformtermApp

SAVE_EVERY = 0.5
"""Seconds between two hand-overs of the text to the journal, at most."""


class _JoinedOnce(Document):
    """A document whose text is joined once per change rather than for every line drawn
    (TextArea asks for it on each line, to decide on its placeholder)."""

    @property
    def text(self) -> str:
        joined: str | None = self.__dict__.get("_joined")
        if joined is None:
            joined = self.__dict__["_joined"] = super().text
        return joined

    def replace_range(self, start: Location, end: Location, text: str) -> EditResult:
        self.__dict__["_joined"] = None
        return super().replace_range(start, end, text)


class _HeightKept(WrappedDocument):
    """A wrapped document whose height is the length of its list of visual lines, rather
    than a count over every line of the document for every line drawn (17,000 of them for
    a megabyte of notes)."""

    @property
    def height(self) -> int:
        # One entry per visual line, kept by wrap() and wrap_range().
        return len(self._offset_to_line_info)


class NotesEditor(TextArea):
    """Edit the notes of interview ``interview_id``, saved through ``journal`` (None: the
    workbook is read-only and nothing is saved). ``stamp`` gives the stamp a new line
    starts with (``[04:12] ``), or is None outside a call."""

    def __init__(
        self,
        text: str,
        *,
        interview_id: str,
        journal: NotesJournal | None,
        stamp: Callable[[], str] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(
            text,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            id=id,
            classes=classes,
        )
        self.interview_id = interview_id
        self.journal = journal
        self.stamp = stamp
        self._dirty = False
        self._timer: Timer | None = None

    def _set_document(self, text: str, language: str | None) -> None:
        super()._set_document(text, language)
        # Notes can run to a megabyte: keep a keystroke's work from growing with them.
        if type(self.document) is Document:
            self.document.__class__ = _JoinedOnce
        if type(self.wrapped_document) is WrappedDocument:
            self.wrapped_document.__class__ = _HeightKept

    # -- a megabyte of notes: work per keystroke that does not grow with them -------------
    #
    # TextArea draws every visible line again after each edit and, wrapping soft, after each
    # move of the cursor. Here an edit redraws only the lines from the edit down (for notes,
    # usually the last few), and a move only the lines the cursor leaves and enters.

    def edit(self, edit: Edit) -> EditResult:
        top_row = min(edit.top[0], self.document.line_count - 1)
        self._edit_top_y: int | None = self.wrapped_document.location_to_offset((top_row, 0)).y
        try:
            return super().edit(edit)
        finally:
            self._edit_top_y = None

    def _build_highlight_map(self) -> None:
        top_y = getattr(self, "_edit_top_y", None)
        if top_y is None or self._highlight_query:
            super()._build_highlight_map()
            return
        # No syntax to highlight: the lines above the edit are drawn as they were.
        cache = self._line_cache
        # LRUCache has keys() but is not iterable itself.
        for key in [key for key in cache.keys() if key[2] >= top_y]:  # noqa: SIM118
            cache.discard(key)

    def render_line(self, y: int) -> Strip:
        selection = self.selection
        if not self.soft_wrap or not selection.is_empty or self.placeholder:
            return super().render_line(y)
        scroll_x, scroll_y = self.scroll_offset
        absolute_y = scroll_y + y
        on_cursor = absolute_y == self._cursor_offset[1]
        # As TextArea's own key, but the cursor only matters on the cursor's line.
        key = (
            self.size,
            scroll_x,
            absolute_y,
            (selection, self._cursor_visible, self.has_focus) if on_cursor else None,
            "notes",
            self.theme,
            self._matching_bracket_location,
            self.match_cursor_bracket,
            self.show_line_numbers,
            self.read_only,
            self.show_cursor,
            self.suggestion,
        )
        line = self._line_cache.get(key)
        if line is None:
            line = self._line_cache[key] = self._render_line(y)
        return line

    def on_mount(self) -> None:
        self._timer = self.set_interval(SAVE_EVERY, self.save_now)

    def on_unmount(self) -> None:
        self.save_now()

    @property
    def unsaved(self) -> bool:
        """Whether the text changed since it last went to the journal."""
        return self._dirty

    def switch_to(self, interview_id: str, text: str) -> None:
        """Edit another interview's notes (what was typed so far is saved first)."""
        self.save_now()
        self.interview_id = interview_id
        self.load_text(text)
        self._dirty = False

    def save_now(self) -> None:
        """Hand the text to the journal now if it changed (the journal's thread writes it);
        a failed append is tried again."""
        journal = self.journal
        if journal is None:
            return
        if self._dirty or journal.error is not None:
            self._dirty = False
            journal.submit_notes(self.interview_id, self.text)

    def _on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self._dirty = True

    # -- stamps and tags ----------------------------------------------------------------------

    def _replace_via_keyboard(
        self, insert: str, start: Location, end: Location
    ) -> EditResult | None:
        # A line's stamp is the moment its first character was typed: an empty line (one
        # left blank between paragraphs included) stays empty until then.
        if (
            self.stamp is not None
            and insert
            and not insert.startswith(("\n", "\r"))
            and start == end
            and not self.document.get_line(start[0])
        ):
            insert = self.stamp() + insert
        return super()._replace_via_keyboard(insert, start, end)

    def insert_tag(self, tag: NoteTag) -> None:
        """Start a line tagged ``tag``: the cursor's line if nothing is written on it yet
        (its stamp kept, another tag replaced), else a new line after it."""
        stamp = self.stamp() if self.stamp is not None else ""
        row = self.cursor_location[0]
        line = self.document.get_line(row)
        tagged = retagged(line, tag, stamp)
        if tagged is not None:
            result = self.replace(tagged, (row, 0), (row, len(line)))
        else:
            result = self.insert(f"\n{stamp}{tag.value} ", (row, len(line)))
        self.move_cursor(result.end_location)
        self.focus()


class PaneNotesEditor(ActsFromTable, NotesEditor):
    """The Notes pane's editor: the tag keys start tagged lines (with no stamp: no call is
    going on), ctrl+o hands the notes to $EDITOR, Esc is done."""

    DEFAULT_CSS = """
    PaneNotesEditor { height: 1fr; border: none; padding: 0; background: transparent; }
    PaneNotesEditor:focus { border: none; }
    """

    PLACE = NOTES_EDITOR
    BINDINGS: ClassVar[list[BindingType]] = NOTES_EDITOR.bindings()

    def action_tag(self, tag: str) -> None:
        """Start a line tagged ``#tag``."""
        self.insert_tag(NoteTag("#" + tag))

    def action_external_editor(self) -> None:
        """Edit the notes in $VISUAL or $EDITOR."""
        cast("InformtermApp", self.app).edit_notes_in_editor(self)

    def action_done(self) -> None:
        """Stop editing: back to the contact list."""
        screen = self.screen
        focus_pane = getattr(screen, "action_focus_pane", None)
        if focus_pane is not None:
            focus_pane("contacts")
        else:
            screen.focus_next()
