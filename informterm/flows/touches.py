"""Logging touches: the interactions with a contact, and what they mean for the pipeline
and the follow-ups."""

from __future__ import annotations

from dataclasses import dataclass

from informterm.core.model import Contact, Settings, Timestamp, Touch
from informterm.core.pipeline import stage_after_touch
from informterm.flows.followups import FollowUpChanges, affected_by, reconcile
from informterm.store import Workbook


@dataclass(frozen=True, slots=True)
class LoggedTouch:
    """A touch as stored, and the follow-ups its rules made, moved and closed."""

    touch: Touch
    follow_ups: FollowUpChanges


def log_touch(workbook: Workbook, settings: Settings, now: Timestamp, touch: Touch) -> LoggedTouch:
    """Record a touch; an outreach or a reply may move the contact along the pipeline, and
    the follow-up rules run for them (and their colleagues, whose "try the next contact"
    may name someone else now).

    The touch, the stage move and the follow-ups land in one save.
    """
    with workbook.transaction():
        saved = workbook.add(touch)
        before = workbook.get(Contact, touch.contact_id)
        new_stage = stage_after_touch(before.stage, saved)
        if new_stage is None:
            affected = [before.id]
        else:
            after = workbook.update(before, stage=new_stage)
            affected = affected_by(workbook, before, after)
        changes = reconcile(workbook, settings, now, affected)
    return LoggedTouch(saved, changes)
