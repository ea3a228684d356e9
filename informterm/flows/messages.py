"""Messages written in the compose screen: marking one sent, which logs the touch it is
(and, for a follow-up, marks that done), and keeping a follow-up's text as its draft.

Both take the follow-up by id and read it as stored now: the rules may have moved or
closed it while the message was being written, and what they did must not be undone by a
copy taken when the screen opened.
"""

from __future__ import annotations

from informterm.core.model import FollowUp, Settings, Timestamp, Touch
from informterm.flows.followups import FollowUpAction, complete, save_draft
from informterm.flows.touches import LoggedTouch, log_touch
from informterm.store import Workbook


def mark_sent(
    workbook: Workbook,
    settings: Settings,
    now: Timestamp,
    touch: Touch,
    *,
    follow_up_id: str | None = None,
    text: str = "",
) -> FollowUpAction | LoggedTouch:
    """Record that the message was sent, as ``touch``; the rules run for it.

    For a follow-up (``follow_up_id``) that is still open, ``text`` is kept as its draft
    (what was sent) and it is marked done, which logs the touch: the result can be undone
    like any follow-up action. Otherwise only the touch is logged. One save either way.
    """
    with workbook.transaction():
        follow_up = workbook.find(FollowUp, follow_up_id) if follow_up_id else None
        if follow_up is None or not follow_up.is_open:
            if follow_up is not None:
                save_draft(workbook, follow_up, text)
            return log_touch(workbook, settings, now, touch)
        follow_up = save_draft(workbook, follow_up, text)
        return complete(workbook, settings, now, follow_up, touch=touch)


def keep_draft(workbook: Workbook, follow_up_id: str, text: str) -> FollowUp | None:
    """Keep ``text`` as the draft of the follow-up (an empty text clears it); None when the
    follow-up is gone. Nothing is written when the draft is unchanged."""
    follow_up = workbook.find(FollowUp, follow_up_id)
    if follow_up is None:
        return None
    return save_draft(workbook, follow_up, text)
