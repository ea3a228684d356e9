"""A contact's interviews as a list on their card: each in your time and theirs, with its
warnings, and the keys that reschedule, confirm, hold, cancel or export the highlighted
one (through the app, which asks before a cancel)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from informterm.core.model import Contact, Interview, InterviewStatus
from informterm.core.schedule import status_problem
from informterm.core.text import printable_record
from informterm.core.time import local_text
from informterm.tui.actions import INTERVIEW_LIST, Action, ActsFromTable

if TYPE_CHECKING:
    from informterm.tui.app import InformtermApp

_STATUS_OF_ACTION = {
    "confirm": InterviewStatus.CONFIRMED,
    "held": InterviewStatus.DONE,
    "no_show": InterviewStatus.NO_SHOW,
    "cancel_interview": InterviewStatus.CANCELLED,
}


class InterviewList(ActsFromTable, OptionList):
    """The interviews of one contact, earliest first; Enter or ``r`` reschedules the
    highlighted one."""

    PLACE = INTERVIEW_LIST
    BINDINGS: ClassVar[list[BindingType]] = INTERVIEW_LIST.bindings()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.contact: Contact | None = None
        self._interviews: dict[str, Interview] = {}

    @property
    def _app(self) -> InformtermApp:
        return cast("InformtermApp", self.app)

    def show(
        self,
        contact: Contact,
        interviews: list[Interview],
        home: str,
        warnings_of: dict[str, list[str]],
    ) -> None:
        """List ``interviews`` of ``contact``, keeping the highlight where it was."""
        self.contact = contact
        highlighted = self.highlighted
        self._interviews = {interview.id: interview for interview in interviews}
        self.clear_options()
        for interview in interviews:
            prompt = interview_prompt(
                printable_record(interview), home, contact.timezone, warnings_of.get(interview.id)
            )
            self.add_option(Option(prompt, id=interview.id))
        if self.option_count:
            self.highlighted = min(highlighted or 0, self.option_count - 1)
        self.set_class(not interviews, "-empty")
        self.refresh_bindings()

    @property
    def highlighted_interview(self) -> Interview | None:
        """The interview under the highlight."""
        if self.highlighted is None or not self.option_count:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self._interviews.get(option.id or "")

    def acted_on(self) -> Contact | None:
        return self.contact if self.highlighted_interview is not None else None

    def applies(self, action: Action) -> bool | None:
        interview = self.highlighted_interview
        if action.name in ("cursor_up", "cursor_down"):
            return True
        if interview is None:
            return False
        status = _STATUS_OF_ACTION.get(action.name)
        if status is not None:
            return status_problem(interview, status) is None
        return True

    def watch_highlighted(self, value: int | None) -> None:
        super().watch_highlighted(value)  # type: ignore[misc]
        self.refresh_bindings()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # not a person to jump to, as the referral lists' options are
        self.action_reschedule()

    def _act(self, then: Any) -> None:
        interview = self.highlighted_interview
        if interview is not None:
            then(interview)

    def action_reschedule(self) -> None:
        """Open the schedule form on the highlighted interview."""
        self._act(lambda i: self._app.schedule_interview(i.contact_id, i.id))

    def action_confirm(self) -> None:
        """Mark it confirmed."""
        self._act(lambda i: self._app.set_interview_status(i.id, InterviewStatus.CONFIRMED))

    def action_held(self) -> None:
        """Mark it held."""
        self._act(lambda i: self._app.set_interview_status(i.id, InterviewStatus.DONE))

    def action_no_show(self) -> None:
        """Mark it a no-show."""
        self._act(lambda i: self._app.set_interview_status(i.id, InterviewStatus.NO_SHOW))

    def action_cancel_interview(self) -> None:
        """Cancel it (the app asks first)."""
        self._act(lambda i: self._app.set_interview_status(i.id, InterviewStatus.CANCELLED))

    def action_export_ics(self) -> None:
        """Save it as an .ics file."""
        self._act(lambda i: self._app.export_interview_ics(i.id))


def interview_prompt(
    interview: Interview, home: str, contact_zone: str, warnings: list[str] | None = None
) -> Content:
    """One interview as the card lists it (``interview`` already made printable): your
    time, theirs, then length, medium, status, readiness and place, then its warnings."""
    theirs = contact_zone or interview.timezone
    parts: list[Content | tuple[str, str] | str] = [
        local_text(interview.starts_at, home, "ddd YYYY-MM-DD HH:mm"),
        (f" your time ({home})", "dim"),
    ]
    if theirs and theirs != home:
        parts += [
            " · ",
            local_text(interview.starts_at, theirs, "ddd HH:mm"),
            (f" theirs ({theirs})", "dim"),
        ]
    parts += [
        "\n    ",
        f"{interview.duration_minutes} min {interview.medium.value}",
        " · ",
        (interview.status.value, "bold"),
        " · ",
        f"ready {round(interview.readiness * 100)}%",
    ]
    if interview.place:
        parts += [" · ", Content(interview.place)]
    for sentence in warnings or []:
        parts += ["\n    ", (f"⚠ {sentence}", "italic")]
    return Content.assemble(*parts)
