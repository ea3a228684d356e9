"""The Prep pane: the highlighted contact's next interview, in both time zones, with its
checklist, readiness and question list."""

from __future__ import annotations

from textual.content import Content

from informterm.core.model import Contact, Interview, Medium
from informterm.core.text import printable
from informterm.core.time import day_and_time, local_time
from informterm.tui.widgets.detail_pane import DetailPane


def _readiness_style(readiness: float) -> str:
    if readiness >= 0.8:
        return "bold $text-success"
    if readiness >= 0.5:
        return "bold $text-warning"
    return "bold $text-error"


class PrepPane(DetailPane):
    """Read-only view of the next interview's prep: when, where, checklist, questions."""

    KEY = "2"
    LABEL = "Prep"
    PURPOSE = (
        "The highlighted contact's next interview shows here: its time in your zone and "
        "theirs, the prep checklist with a readiness figure, and the question list."
    )

    def build(self, contact: Contact) -> Content:
        interview = self._app.workbook.next_interview(contact.id, self._app.now())
        if interview is None:
            return Content.assemble(
                ("No upcoming interview with ", "$text-muted"),
                (printable(contact.name), "$text-muted"),
                (
                    ". Schedule one to get a prep checklist, a question list and a "
                    "readiness figure here.",
                    "$text-muted",
                ),
            )
        parts = [*self._when_and_where(interview), Content(""), self._readiness(interview)]
        parts += self._checklist(interview)
        parts += self._questions(interview)
        return Content("\n").join(parts)

    def _when_and_where(self, interview: Interview) -> list[Content]:
        home = self._app.settings.home_timezone
        mine = local_time(interview.starts_at, home)
        theirs = local_time(interview.starts_at, interview.timezone)
        lines = []
        if mine is not None:
            same_clock = theirs is not None and theirs.utcoffset() == mine.utcoffset()
            label = " your time and theirs" if same_clock else " your time"
            lines.append(Content.assemble((day_and_time(mine), "bold"), label))
        if theirs is None:
            lines.append(
                Content.styled(
                    f"Their time zone {printable(interview.timezone)!r} is not known here.",
                    "$text-warning",
                )
            )
        elif mine is None or theirs.utcoffset() != mine.utcoffset():
            # Their date only when it differs from yours: the usual case is same day.
            same_day = mine is not None and theirs.date() == mine.date()
            when = f"{theirs:%H:%M}" if same_day else day_and_time(theirs)
            place = interview.timezone.rsplit("/", 1)[-1].replace("_", " ")
            lines.append(
                Content.assemble(
                    (when, "bold"), " their time ", (f"({printable(place)})", "$text-muted")
                )
            )
        lines.append(
            Content.styled(
                f"{interview.medium.value.capitalize()} · {interview.duration_minutes} min · "
                f"{interview.status.value}",
                "$text-muted",
            )
        )
        if interview.place.strip():
            label = "Link" if interview.medium is Medium.VIDEO else "Place"
            lines.append(
                Content.assemble((f"{label}: ", "$text-muted"), printable(interview.place))
            )
        return lines

    @staticmethod
    def _readiness(interview: Interview) -> Content:
        if not interview.checklist:
            return Content.styled("No prep checklist yet.", "$text-muted")
        done = sum(item.done for item in interview.checklist)
        readiness = interview.readiness
        return Content.assemble(
            "Readiness ",
            (f"{readiness:.0%}", _readiness_style(readiness)),
            (f" · {done} of {len(interview.checklist)} steps done", "$text-muted"),
        )

    @staticmethod
    def _checklist(interview: Interview) -> list[Content]:
        lines = []
        for item in interview.checklist:
            mark = ("✓ ", "$text-success") if item.done else ("☐ ", "$text-muted")
            text_style = "$text-muted" if item.done else ""
            lines.append(Content.assemble(mark, (printable(item.text), text_style)))
        return lines

    @staticmethod
    def _questions(interview: Interview) -> list[Content]:
        if not interview.questions:
            return [Content(""), Content.styled("No questions picked yet.", "$text-muted")]
        asked = sum(question.asked for question in interview.questions)
        lines = [
            Content(""),
            Content.assemble(
                ("Questions", "bold"),
                (f" · {asked} of {len(interview.questions)} asked", "$text-muted"),
            ),
        ]
        width = len(str(len(interview.questions)))
        for number, question in enumerate(interview.questions, 1):
            mark = ("✓ ", "$text-success") if question.asked else ("  ", "")
            lines.append(
                Content.assemble(
                    mark,
                    (f"{number:>{width}}. ", "$text-muted"),
                    (printable(question.text), "$text-muted" if question.asked else ""),
                )
            )
        return lines
