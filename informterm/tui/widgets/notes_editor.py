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
from textual.timer import Timer
from textual.widgets import TextArea
from textual.widgets.text_area import EditResult, Location

from informterm.core.calls import retagged
from informterm.core.model import NoteTag
from informterm.store.journal import NotesJournal
from informterm.tui.actions import NOTES_EDITOR, ActsFromTable

if TYPE_CHECKING:
    from informterm.tui.app import InformtermApp

SAVE_EVERY = 0.5
"""Seconds between two hand-overs of the text to the journal, at most."""


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
