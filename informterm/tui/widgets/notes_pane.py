"""The Notes pane: the notes of the highlighted contact's latest interview, shown exactly as
written, with timestamps dimmed and note tags highlighted; focused, it edits them.

The editor takes the place of the styled view while the pane has focus (3, Tab, a click):
what is typed goes through the notes journal as in a call, never rewriting the workbook per
keystroke, and is folded into the workbook (one save) when the focus leaves. Esc is done,
the tag keys start tagged lines, and ctrl+o hands the notes to $VISUAL or $EDITOR.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.content import Content, Span

from informterm.core.model import Contact, Interview
from informterm.core.notes import STAMP_PATTERN, TAG_PATTERN
from informterm.core.text import printable
from informterm.core.time import local_time
from informterm.tui.widgets.detail_pane import DetailPane

if TYPE_CHECKING:
    from informterm.tui.widgets.notes_editor import NotesEditor


def styled_notes(notes: str) -> Content:
    """Notes as Content: the text literally (brackets are never markup), timestamps dimmed,
    tags bold in the accent colour."""
    text = printable(notes, multi_line=True)
    spans = [Span(m.start(), m.end(), "$text-muted") for m in STAMP_PATTERN.finditer(text)]
    spans += [Span(m.start(), m.end(), "bold $text-accent") for m in TAG_PATTERN.finditer(text)]
    return Content(text, spans)


class NotesPane(DetailPane):
    """The latest interview notes of the highlighted contact: styled to read, an editor
    while focused."""

    KEY = "3"
    LABEL = "Notes"
    PURPOSE = (
        "Notes from the highlighted contact's latest interview show here, with their "
        "timestamps and tags."
    )

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.editor: NotesEditor | None = None
        """The editor, made the first time the notes are edited."""
        self._folding: tuple[str, str] | None = None
        """The interview and notes last left in the editor, until the workbook has them."""

    @property
    def editing(self) -> bool:
        """Whether the editor is showing."""
        return self.has_class("-editing")

    def on_focus(self, _event: events.Focus) -> None:
        self.start_editing()

    def start_editing(self) -> None:
        """Show the editor on the interview's notes as last typed, focused."""
        contact = self._app.workbook.find(Contact, self.contact_id)
        interview = self._app.workbook.latest_interview_with_notes(contact.id) if contact else None
        if interview is None or self._app.workbook.read_only:
            return  # nothing to edit: the pane scrolls as before
        from informterm.tui.widgets.notes_editor import PaneNotesEditor

        notes, _questions = self._app.latest_notes(interview)
        if self.editor is None:
            self.editor = PaneNotesEditor(
                notes, interview_id=interview.id, journal=self._app.notes_journal
            )
            self.mount(self.editor)
        else:
            self.editor.switch_to(interview.id, notes)
        self.add_class("-editing")
        self.query_one(".pane-body").display = False
        self.border_subtitle = Content.styled("editing · Esc done", "$text-muted")
        self.can_focus = False
        self.editor.display = True
        self.editor.focus()
        self.editor.move_cursor(self.editor.document.end)

    def stop_editing(self) -> None:
        """Back to the styled view, the notes folded into the workbook."""
        if not self.editing or self.editor is None:
            return
        self.editor.save_now()
        self._folding = (self.editor.interview_id, self.editor.text)
        self.editor.display = False
        self.remove_class("-editing")
        self.query_one(".pane-body").display = True
        self.border_subtitle = ""
        self.can_focus = True
        self._app.fold_notes()
        self.refresh_contact()
        # Left where the typing was: the end of the notes.
        self.call_after_refresh(self.scroll_end, animate=False)

    def on_descendant_focus(self, _event: events.DescendantFocus) -> None:
        # Focus given back to the editor after it was left (a modal closing): edit again,
        # never type into a hidden editor.
        if not self.editing:
            self.start_editing()

    def on_descendant_blur(self, _event: events.DescendantBlur) -> None:
        self.call_after_refresh(self._left)

    def _left(self) -> None:
        editor = self.editor
        if editor is not None and self.editing and not editor.has_focus:
            self.stop_editing()

    def show_contact(self, contact_id: str | None) -> None:
        if contact_id != self.contact_id and self.editing:
            self.stop_editing()
        super().show_contact(contact_id)

    def build(self, contact: Contact) -> Content:
        interview = self._app.workbook.latest_interview_with_notes(contact.id)
        if interview is None:
            return Content.styled(
                "No interviews yet. Notes you take during a call show here, with their "
                "timestamps and #lead, #advice, #resource, #promise and #thanks tags.",
                "$text-muted",
            )
        heading = self._heading(interview)
        notes = interview.notes
        folding = self._folding
        if folding is not None and folding[0] == interview.id:
            # Just edited: shown as typed while the save that folds them in is on its way.
            if notes == folding[1]:
                self._folding = None
            notes = folding[1]
        if not notes.strip():
            return Content.assemble(
                heading,
                "\n",
                (
                    "No notes for this interview yet. Notes taken in call mode show here.",
                    "$text-muted",
                ),
            )
        return Content.assemble(heading, "\n\n", styled_notes(notes.rstrip()))

    def _heading(self, interview: Interview) -> Content:
        moment = local_time(interview.starts_at, self._app.settings.home_timezone)
        day = f"{moment:%a} {moment.day} {moment:%b %Y}" if moment else interview.starts_at
        return Content.assemble(
            (day, "bold"),
            (f" · {interview.medium.value} · {interview.status.value}", "$text-muted"),
        )
