"""The Follow-ups pane: the highlighted contact's open follow-ups, most urgent first, each
with when it is due and why it exists."""

from __future__ import annotations

from textual.content import Content

from informterm.core.followups import Urgency, urgency_of
from informterm.core.model import Contact, FollowUp, FollowUpStatus, Timestamp
from informterm.core.text import printable
from informterm.core.time import describe_when
from informterm.tui.widgets.detail_pane import DetailPane

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


class FollowUpPane(DetailPane):
    """Read-only list of the highlighted contact's open and snoozed follow-ups."""

    KEY = "4"
    LABEL = "Follow-ups"
    PURPOSE = (
        "The highlighted contact's open follow-ups show here, most urgent first, each "
        "with the reason it is due."
    )

    def build(self, contact: Contact) -> Content:
        follow_ups = self._app.workbook.follow_ups_of(contact.id)
        if not follow_ups:
            return Content.assemble(
                ("No open follow-ups for ", "$text-muted"),
                (printable(contact.name), "$text-muted"),
                (
                    ". When a rule makes one (a thank-you after an interview, a reminder "
                    "when nobody replies, a keep-in-touch note) it shows here, most urgent "
                    "first, with the reason it is due.",
                    "$text-muted",
                ),
            )
        now = self._app.now()
        home = self._app.settings.home_timezone
        return Content("\n\n").join(follow_up_text(item, now, home) for item in follow_ups)


def follow_up_text(follow_up: FollowUp, now: Timestamp, home: str) -> Content:
    """One follow-up as the pane and the contact card show it: a mark and when it is due,
    coloured by urgency, its kind, and the reason on the next line."""
    due = follow_up.effective_due
    urgency = urgency_of(due, now, home)
    when = _describe(due, home, now)
    if urgency is Urgency.OVERDUE:
        when = f"overdue, due {when}"
    if follow_up.status is FollowUpStatus.SNOOZED:
        when = f"snoozed until {when}"
    style = _URGENCY_STYLE[urgency]
    heading = Content.assemble(
        (_URGENCY_MARK[urgency] + " ", style),
        (when, style),
        (" · ", "$text-muted"),
        (follow_up.kind.value, "bold"),
    )
    reason = printable(follow_up.reason.strip()) or "(no reason recorded)"
    return Content.assemble(heading, "\n", reason)


def _describe(when: Timestamp, home: str, now: Timestamp) -> str:
    try:
        return describe_when(when, home, now)
    except ValueError:  # a bad stored time or zone: show it as stored
        return when
