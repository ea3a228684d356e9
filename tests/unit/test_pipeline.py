"""The automatic stage moves after a logged touch or an interview."""

import pytest

from informterm.core.model import Direction, InterviewStatus, Stage, Touch, TouchKind
from informterm.core.pipeline import stage_after_interview, stage_after_touch


def touch(kind: TouchKind, direction: Direction = Direction.OUT) -> Touch:
    return Touch(contact_id="c1", kind=kind, direction=direction)


@pytest.mark.parametrize("stage", [Stage.PROSPECT, Stage.RESEARCHING])
@pytest.mark.parametrize("kind", [TouchKind.INTRO, TouchKind.REQUEST, TouchKind.FOLLOW_UP])
def test_first_outreach_moves_to_reached_out(stage: Stage, kind: TouchKind) -> None:
    assert stage_after_touch(stage, touch(kind)) is Stage.REACHED_OUT


def test_thank_you_after_interview_moves_to_thanked() -> None:
    assert stage_after_touch(Stage.INTERVIEWED, touch(TouchKind.THANK_YOU)) is Stage.THANKED


def test_reply_revives_no_response() -> None:
    reply = touch(TouchKind.REPLY, Direction.IN)
    assert stage_after_touch(Stage.NO_RESPONSE, reply) is Stage.REACHED_OUT


@pytest.mark.parametrize(
    ("stage", "kind", "direction"),
    [
        (Stage.SCHEDULED, TouchKind.REQUEST, Direction.OUT),
        (Stage.PROSPECT, TouchKind.REPLY, Direction.IN),
        (Stage.THANKED, TouchKind.THANK_YOU, Direction.OUT),
        (Stage.DECLINED, TouchKind.UPDATE, Direction.OUT),
    ],
)
def test_other_touches_leave_the_stage(stage: Stage, kind: TouchKind, direction: Direction) -> None:
    assert stage_after_touch(stage, touch(kind, direction)) is None


@pytest.mark.parametrize(
    ("stage", "status", "after"),
    [
        (Stage.REACHED_OUT, InterviewStatus.PROPOSED, Stage.SCHEDULED),
        (Stage.PROSPECT, InterviewStatus.CONFIRMED, Stage.SCHEDULED),
        (Stage.NO_RESPONSE, InterviewStatus.PROPOSED, Stage.SCHEDULED),
        (Stage.THANKED, InterviewStatus.PROPOSED, None),
        (Stage.SCHEDULED, InterviewStatus.DONE, Stage.INTERVIEWED),
        (Stage.THANKED, InterviewStatus.DONE, None),
        (Stage.SCHEDULED, InterviewStatus.CANCELLED, None),
        (Stage.SCHEDULED, InterviewStatus.NO_SHOW, None),
    ],
)
def test_an_interview_moves_the_stage_only_forward(
    stage: Stage, status: InterviewStatus, after: Stage | None
) -> None:
    assert stage_after_interview(stage, status) is after
