"""The Follow-ups pane: the queue of everyone's open follow-ups, grouped overdue, today, this
week and later, each row saying when (your time), who, what and why; worked in place with
one key each (done, snooze, dismiss, the draft, edit, jump). A toggle limits it to the
highlighted contact."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, cast

from textual.binding import BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from informterm.core.followups import QUEUE_GROUPS, Urgency, queue_groups, urgency_of
from informterm.core.model import Contact, FollowUp, FollowUpKind, FollowUpStatus, Timestamp
from informterm.core.text import printable
from informterm.core.time import describe_when
from informterm.tui.actions import FOLLOW_UP_QUEUE, Action, ActsFromTable

if TYPE_CHECKING:
    from informterm.tui.app import InformtermApp

SHOWN_AT_MOST = 300
"""Rows built at once: a queue is worked from the top, and building every row of a huge
workbook's queue on each change would cost more than a frame."""

_URGENCY_STYLE = {
    Urgency.OVERDUE: "bold $text-error",
    Urgency.TODAY: "bold $text-warning",
    Urgency.SOON: "$text-accent",
    Urgency.LATER: "$text-muted",
}
_URGENCY_MARK = {
    Urgency.OVERDUE: "●",
    Urgency.TODAY: "●",
    Urgency.SOON: "○",
    Urgency.LATER: "○",
}


class FollowUpOption(Option):
    """A queue row, carrying the follow-up it shows."""

    def __init__(self, prompt: Content, follow_up: FollowUp) -> None:
        super().__init__(prompt, id=f"follow-up-{follow_up.id}")
        self.follow_up = follow_up


class FollowUpQueue(ActsFromTable, OptionList):
    """The queue: every open or snoozed follow-up of the active contacts, most urgent
    first, or only the highlighted contact's."""

    KEY = "4"
    LABEL = "Follow-ups"
    PLACE = FOLLOW_UP_QUEUE
    BINDINGS: ClassVar[list[BindingType]] = FOLLOW_UP_QUEUE.bindings()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.contact_id: str | None = None
        """The contact highlighted in the list."""
        self.just_one_contact = False
        """Whether only that contact's follow-ups are shown."""
        self.hidden_count = 0
        """Follow-ups beyond :data:`SHOWN_AT_MOST`, not listed."""

    @property
    def _app(self) -> InformtermApp:
        return cast("InformtermApp", self.app)

    def on_mount(self) -> None:
        self.refresh_queue()

    # -- what it shows ------------------------------------------------------------------

    def show_contact(self, contact_id: str | None) -> None:
        """The list's highlight moved: follow it when showing one contact."""
        if contact_id != self.contact_id:
            self.contact_id = contact_id
            if self.just_one_contact:
                self.refresh_queue()

    @property
    def highlighted_follow_up(self) -> FollowUp | None:
        """The follow-up of the highlighted row, as stored now."""
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        if not isinstance(option, FollowUpOption):
            return None
        return self._app.workbook.find(FollowUp, option.follow_up.id)

    @property
    def follow_ups(self) -> list[FollowUp]:
        """The follow-ups listed, top to bottom."""
        return [o.follow_up for o in self.options if isinstance(o, FollowUpOption)]

    def refresh_queue(self) -> None:
        """Rebuild the rows from the workbook, keeping the highlight on the same follow-up
        (or, when it left the queue, on the row that took its place)."""
        workbook, settings = self._app.workbook, self._app.settings
        if self.just_one_contact:
            items = workbook.follow_ups_of(self.contact_id) if self.contact_id else []
        else:
            items = workbook.open_follow_ups()
        self.hidden_count = max(len(items) - SHOWN_AT_MOST, 0)
        now, home = self._app.now(), settings.home_timezone
        kept_id, kept_at = self._highlight()
        options: list[Option] = []
        for urgency, group in queue_groups(items[:SHOWN_AT_MOST], now, home):
            heading = f"{QUEUE_GROUPS[urgency]} ({len(group)})"
            options.append(Option(Content.styled(heading, _URGENCY_STYLE[urgency]), disabled=True))
            for follow_up in group:
                contact = (
                    None if self.just_one_contact else workbook.find(Contact, follow_up.contact_id)
                )
                options.append(FollowUpOption(queue_row(follow_up, contact, now, home), follow_up))
        if not options:
            options.append(Option(self._empty_text(), disabled=True))
        elif self.hidden_count:
            more = f"… and {self.hidden_count:,} more, due later; c shows one contact's"
            options.append(Option(Content.styled(more, "$text-muted"), disabled=True))
        self.set_options(options)
        self._restore_highlight(kept_id, kept_at)
        self._set_title()

    def _highlight(self) -> tuple[str | None, int]:
        if self.highlighted is None:
            return None, 0
        option = self.get_option_at_index(self.highlighted)
        kept = option.follow_up.id if isinstance(option, FollowUpOption) else None
        return kept, self.highlighted

    def _restore_highlight(self, follow_up_id: str | None, index: int) -> None:
        rows = [i for i, option in enumerate(self.options) if isinstance(option, FollowUpOption)]
        if not rows:
            self.highlighted = None
            return
        for row in rows:
            if cast(FollowUpOption, self.options[row]).follow_up.id == follow_up_id:
                self.highlighted = row
                return
        at_or_after = [row for row in rows if row >= index]
        self.highlighted = at_or_after[0] if at_or_after else rows[-1]

    def _set_title(self) -> None:
        scope = "everyone"
        if self.just_one_contact:
            contact = self._app.workbook.find(Contact, self.contact_id)
            scope = printable(contact.name) if contact is not None else "nobody highlighted"
        self.border_title = Content.assemble(
            (self.KEY, "bold"), " ", self.LABEL, (f" · {scope}", "$text-muted")
        )

    def _empty_text(self) -> Content:
        if self.just_one_contact:
            contact = self._app.workbook.find(Contact, self.contact_id)
            if contact is None:
                return Content.styled("Nobody is highlighted.", "$text-muted")
            who = f"No open follow-ups for {printable(contact.name)}. "
        else:
            who = "Nothing to follow up. "
        return Content.styled(
            who + "When a rule makes one (a thank-you after an interview, a reminder when "
            "nobody replies, a keep-in-touch note) it shows here, most urgent first, with "
            "the reason it is due.",
            "$text-muted",
        )

    # -- the table's rules ----------------------------------------------------------------

    def acted_on(self) -> Contact | None:
        follow_up = self.highlighted_follow_up
        if follow_up is None:
            return None
        return self._app.workbook.find(Contact, follow_up.contact_id)

    def applies(self, action: Action) -> bool | None:
        if action.name in ("cursor_up", "cursor_down", "toggle_scope"):
            return True
        follow_up = self.highlighted_follow_up
        if follow_up is None:
            return False
        if action.name == "draft":
            # Trying the next contact means writing to someone else: from their contact.
            return follow_up.kind is not FollowUpKind.TRY_NEXT
        return True

    def label_of(self, action: Action) -> str:
        if action.name == "toggle_scope" and self.just_one_contact:
            return "Everyone"
        return super().label_of(action)

    def on_option_list_option_highlighted(self, _event: OptionList.OptionHighlighted) -> None:
        # Whether Draft applies depends on which follow-up is highlighted.
        self.refresh_bindings()

    # -- the keys ------------------------------------------------------------------------

    def action_done(self) -> None:
        """Mark the highlighted follow-up done."""
        self._with_follow_up(self._app.complete_follow_up)

    def action_snooze(self) -> None:
        """Snooze the highlighted follow-up."""
        self._with_follow_up(self._app.snooze_follow_up)

    def action_dismiss(self) -> None:
        """Dismiss the highlighted follow-up, after a confirmation."""
        self._with_follow_up(self._app.dismiss_follow_up)

    def action_edit(self) -> None:
        """Edit the highlighted follow-up's due time and reason."""
        self._with_follow_up(self._app.edit_follow_up)

    def action_draft(self) -> None:
        """Write the message the highlighted follow-up stands for, from its draft."""
        follow_up = self.highlighted_follow_up
        if follow_up is not None:
            self._app.compose_message(follow_up.contact_id, follow_up.id)

    def action_jump(self) -> None:
        """Highlight the follow-up's contact in the contact list."""
        follow_up = self.highlighted_follow_up
        if follow_up is not None:
            self._app.jump_to_contact(follow_up.contact_id)

    def action_toggle_scope(self) -> None:
        """Show everyone's follow-ups, or only the highlighted contact's."""
        self.just_one_contact = not self.just_one_contact
        self.highlighted = None
        self.refresh_queue()
        self.refresh_bindings()

    def _with_follow_up(self, act: Callable[[str], object]) -> None:
        follow_up = self.highlighted_follow_up
        if follow_up is not None:
            act(follow_up.id)


def queue_row(follow_up: FollowUp, contact: Contact | None, now: Timestamp, home: str) -> Content:
    """One queue row: when it is due (your time), coloured by urgency, the contact (left
    out when the queue shows one contact), its kind, and the reason on the next line."""
    heading = follow_up_heading(follow_up, now, home, contact)
    return Content.assemble(heading, "\n", ("  " + _reason(follow_up), "$text-muted"))


def follow_up_heading(
    follow_up: FollowUp, now: Timestamp, home: str, contact: Contact | None = None
) -> Content:
    """A mark and when it is due, coloured by urgency, the contact if given, its kind, and
    whether a draft of its message is kept (``w`` opens it)."""
    due = follow_up.effective_due
    urgency = urgency_of(due, now, home)
    when = _describe(due, home, now)
    if urgency is Urgency.OVERDUE:
        when = f"overdue, due {when}"
    if follow_up.status is FollowUpStatus.SNOOZED:
        when = f"snoozed until {when}"
    style = _URGENCY_STYLE[urgency]
    parts: list[tuple[str, str]] = [(_URGENCY_MARK[urgency] + " ", style), (when, style)]
    if contact is not None:
        parts += [(" · ", "$text-muted"), (printable(contact.name), "")]
    parts += [(" · ", "$text-muted"), (follow_up.kind.value, "bold")]
    if follow_up.draft.strip():
        parts.append((" · ✎ draft", "$text-muted"))
    return Content.assemble(*parts)


def follow_up_text(follow_up: FollowUp, now: Timestamp, home: str) -> Content:
    """One follow-up as the contact card shows it: its heading, and the reason on the next
    line."""
    return Content.assemble(follow_up_heading(follow_up, now, home), "\n", _reason(follow_up))


def _reason(follow_up: FollowUp) -> str:
    return printable(follow_up.reason.strip()) or "(no reason recorded)"


def _describe(when: Timestamp, home: str, now: Timestamp) -> str:
    try:
        return describe_when(when, home, now)
    except ValueError:  # a bad stored time or zone: show it as stored
        return when
