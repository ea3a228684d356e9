"""Logging touches: the interactions with a contact, and what they mean for the pipeline."""

from __future__ import annotations

from informterm.core.model import Contact, Settings, Timestamp, Touch
from informterm.core.pipeline import stage_after_touch
from informterm.store import Workbook


def log_touch(workbook: Workbook, settings: Settings, now: Timestamp, touch: Touch) -> Touch:
    """Record a touch; an outreach or a reply may move the contact along the pipeline.

    The touch and the stage move land in one save.
    """
    with workbook.transaction():
        saved = workbook.add(touch)
        contact = workbook.get(Contact, touch.contact_id)
        new_stage = stage_after_touch(contact.stage, saved)
        if new_stage is not None:
            workbook.update(contact, stage=new_stage)
    return saved
