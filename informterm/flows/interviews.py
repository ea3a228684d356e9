"""Interviews: booking one, changing it (time, medium, place, checklist, questions, notes)
and what happens to it (confirmed, held, cancelled, a no-show). Each is one save in which
the contact's stage moves on and the follow-up rules (confirm, thank-you, promises) run. A
new interview gets its medium's prep checklist, and a new medium brings its own steps.
"""

from __future__ import annotations

from dataclasses import replace

from informterm.core.checklists import (
    Checklists,
    checklist_for_medium,
    checklists_of,
    new_checklist,
)
from informterm.core.model import Contact, Interview, InterviewStatus, Settings, Timestamp
from informterm.core.pipeline import stage_after_interview
from informterm.flows.followups import FollowUpChanges, affected_by, reconcile
from informterm.store import Workbook


def add_interview(
    workbook: Workbook,
    settings: Settings,
    now: Timestamp,
    interview: Interview,
    *,
    checklists: Checklists | None = None,
) -> Interview:
    """Store a new interview; returns the stored record. One without a checklist gets the
    prep steps of its medium from ``checklists`` (by default the user's checklist
    templates, see :mod:`informterm.core.checklists`)."""
    if not interview.checklist:
        templates = checklists if checklists is not None else checklists_of(settings)[0]
        interview = replace(interview, checklist=new_checklist(templates, interview.medium))
    with workbook.transaction():
        saved = workbook.add(interview)
        _follow_interview(workbook, settings, now, saved)
    return saved


def edit_interview(
    workbook: Workbook,
    settings: Settings,
    now: Timestamp,
    interview: Interview,
    *,
    checklists: Checklists | None = None,
) -> Interview:
    """Store the changed fields of an existing interview; returns the stored record. When
    its medium changes, the old medium's steps give way to the new one's (ticked steps and
    your own stay; see :func:`informterm.core.checklists.checklist_for_medium`)."""
    before = workbook.find(Interview, interview.id)
    if before is not None and before.medium != interview.medium:
        templates = checklists if checklists is not None else checklists_of(settings)[0]
        steps = checklist_for_medium(
            interview.checklist, templates, before.medium, interview.medium
        )
        interview = replace(interview, checklist=steps)
    with workbook.transaction():
        saved = workbook.update(interview)
        _follow_interview(workbook, settings, now, saved)
    return saved


def set_status(
    workbook: Workbook,
    settings: Settings,
    now: Timestamp,
    interview_id: str,
    status: InterviewStatus,
    *,
    outcome: str | None = None,
) -> Interview:
    """Mark an interview confirmed, done (held), cancelled or a no-show, with an outcome
    line if given; returns the stored record."""
    with workbook.transaction():
        interview = workbook.get(Interview, interview_id)
        changes: dict[str, object] = {"status": status}
        if outcome is not None:
            changes["outcome"] = outcome.strip()
        saved = workbook.update(interview, **changes)
        _follow_interview(workbook, settings, now, saved)
    return saved


def _follow_interview(
    workbook: Workbook, settings: Settings, now: Timestamp, interview: Interview
) -> FollowUpChanges:
    """Move the contact along the pipeline and run the rules for them (and, when the stage
    moved, for the colleagues whose "try the next contact" it may change)."""
    before = workbook.get(Contact, interview.contact_id)
    stage = stage_after_interview(before.stage, interview.status)
    if stage is None:
        return reconcile(workbook, settings, now, [before.id])
    after = workbook.update(before, stage=stage)
    return reconcile(workbook, settings, now, affected_by(workbook, before, after))
