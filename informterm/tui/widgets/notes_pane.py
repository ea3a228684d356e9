"""The Notes pane: the notes of the highlighted contact's latest interview, shown exactly as
written, with timestamps dimmed and note tags highlighted."""

from __future__ import annotations

from textual.content import Content, Span

from informterm.core.model import Contact, Interview
from informterm.core.notes import STAMP_PATTERN, TAG_PATTERN
from informterm.core.text import printable
from informterm.core.time import local_time
from informterm.tui.widgets.detail_pane import DetailPane


def styled_notes(notes: str) -> Content:
    """Notes as Content: the text literally (brackets are never markup), timestamps dimmed,
    tags bold in the accent colour."""
    text = printable(notes, multi_line=True)
    spans = [Span(m.start(), m.end(), "$text-muted") for m in STAMP_PATTERN.finditer(text)]
    spans += [Span(m.start(), m.end(), "bold $text-accent") for m in TAG_PATTERN.finditer(text)]
    return Content(text, spans)


class NotesPane(DetailPane):
    """Read-only view of the latest interview notes of the highlighted contact."""

    KEY = "3"
    LABEL = "Notes"
    PURPOSE = (
        "Notes from the highlighted contact's latest interview show here, with their "
        "timestamps and tags."
    )

    def build(self, contact: Contact) -> Content:
        interview = self._app.workbook.latest_interview_with_notes(contact.id)
        if interview is None:
            return Content.styled(
                "No interviews yet. Notes you take during a call show here, with their "
                "timestamps and #lead, #advice, #resource, #promise and #thanks tags.",
                "$text-muted",
            )
        heading = self._heading(interview)
        if not interview.notes.strip():
            return Content.assemble(
                heading,
                "\n",
                (
                    "No notes for this interview yet. Notes taken in call mode show here.",
                    "$text-muted",
                ),
            )
        return Content.assemble(heading, "\n\n", styled_notes(interview.notes.rstrip()))

    def _heading(self, interview: Interview) -> Content:
        moment = local_time(interview.starts_at, self._app.settings.home_timezone)
        day = f"{moment:%a} {moment.day} {moment:%b %Y}" if moment else interview.starts_at
        return Content.assemble(
            (day, "bold"),
            (f" · {interview.medium.value} · {interview.status.value}", "$text-muted"),
        )
