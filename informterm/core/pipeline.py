"""How the pipeline moves on its own: what a logged touch or an interview means for a
contact's stage."""

from __future__ import annotations

from informterm.core.model import Direction, InterviewStatus, Stage, Touch, TouchKind

STAGES_LISTED = (
    *(stage for stage in Stage if not stage.is_exit),
    *(stage for stage in Stage if stage.is_exit),
)
"""The stages in the order a person picks from: the pipeline in order, then the exits."""

# Outreach that counts as having reached out to someone not yet contacted.
_OUTREACH_KINDS = (TouchKind.INTRO, TouchKind.REQUEST, TouchKind.FOLLOW_UP)
_BEFORE_OUTREACH = (Stage.PROSPECT, Stage.RESEARCHING)


def stage_after_touch(stage: Stage, touch: Touch) -> Stage | None:
    """The stage a contact moves to after ``touch``, or None when it stays.

    Only forward moves that are certain: an outbound intro, request or follow-up to a
    prospect means "reached out"; a thank-you sent after an interview means "thanked"; any
    real exchange with someone marked "no response" means they did respond after all.
    """
    outbound = touch.direction is Direction.OUT
    if outbound and touch.kind in _OUTREACH_KINDS and stage in _BEFORE_OUTREACH:
        return Stage.REACHED_OUT
    if outbound and touch.kind is TouchKind.THANK_YOU and stage is Stage.INTERVIEWED:
        return Stage.THANKED
    if not outbound and stage is Stage.NO_RESPONSE:
        return Stage.REACHED_OUT
    return None


def stage_after_interview(stage: Stage, status: InterviewStatus) -> Stage | None:
    """The stage a contact moves to when one of their interviews is booked (proposed or
    confirmed) or held, or None when it stays.

    Only forward moves: booking moves someone not yet met to "scheduled" (an exit such as
    "no response" too, since they did answer); holding it moves anyone before
    "interviewed" there. Cancelling or a no-show moves nothing: what happens next is the
    person's call.
    """
    if status in (InterviewStatus.PROPOSED, InterviewStatus.CONFIRMED):
        target = Stage.SCHEDULED
    elif status is InterviewStatus.DONE:
        target = Stage.INTERVIEWED
    else:
        return None
    return target if stage.is_exit or stage.order < target.order else None
