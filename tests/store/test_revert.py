"""Recording writes and reverting them: the undo of one user action, on real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from informterm.core.model import Contact, FollowUp, FollowUpStatus, Touch
from informterm.store import ChangedSince, NotFound, Workbook, open_workbook
from tests.store.conftest import Sample


def _documents(path: Path) -> dict[str, dict[str, object]]:
    """Every record in the file, by table and id, as reopening it gives them."""
    with open_workbook(path, read_only=True) as again:
        return {
            f"{kind.__name__}:{record.id}": record.to_dict()
            for kind in (Contact, Touch, FollowUp)
            for record in again.all(kind)
        }


def test_revert_undoes_adds_updates_and_deletes_in_one_save(
    workbook: Workbook, sample: Sample, path: Path
) -> None:
    before = _documents(path)
    with workbook.recording() as changes:
        workbook.add(Touch(id="t9", contact_id="bob"))
        workbook.update(sample.follow_ups[0], status=FollowUpStatus.DONE, reason="replied")
        workbook.delete(sample.cleo)  # and cleo's follow-up f5 with her
    assert _documents(path) != before

    workbook.revert(changes)

    assert _documents(path) == before
    assert workbook.get(Contact, "cleo").referred_by == "bob"
    assert [f.id for f in workbook.follow_ups_of("cleo")] == ["f5"]
    assert workbook.find(Touch, "t9") is None


def test_a_record_added_then_deleted_leaves_nothing_to_revert(workbook: Workbook) -> None:
    with workbook.recording() as changes:
        contact = workbook.add(Contact(name="Gone Soon"))
        workbook.delete(contact)
    assert not changes
    assert list(changes) == []


def test_revert_refuses_when_a_record_changed_since(
    workbook: Workbook, sample: Sample, path: Path
) -> None:
    with workbook.recording() as changes:
        done = workbook.update(sample.follow_ups[0], status=FollowUpStatus.DONE)
        workbook.add(Touch(id="t9", contact_id="bob"))
    workbook.update(done, reason="typed by the user afterwards")
    written = _documents(path)

    with pytest.raises(ChangedSince):
        workbook.revert(changes)

    assert _documents(path) == written
    assert workbook.find(Touch, "t9") is not None


def test_revert_refuses_to_bring_back_a_record_whose_contact_is_gone(
    workbook: Workbook, sample: Sample
) -> None:
    with workbook.recording() as changes:
        workbook.delete(sample.touches[2])  # bob's touch
    workbook.delete(sample.bob)

    with pytest.raises(NotFound):
        workbook.revert(changes)
    assert workbook.find(Touch, "t3") is None


def test_writes_outside_the_recording_are_not_in_it(workbook: Workbook, sample: Sample) -> None:
    with workbook.recording() as changes:
        workbook.add(Touch(id="t9", contact_id="bob"))
    workbook.add(Touch(id="t10", contact_id="bob"))
    workbook.revert(changes)
    assert workbook.find(Touch, "t9") is None
    assert workbook.find(Touch, "t10") is not None


def test_a_failed_recording_writes_nothing(workbook: Workbook, sample: Sample, path: Path) -> None:
    before = _documents(path)
    with pytest.raises(RuntimeError), workbook.recording():
        workbook.add(Touch(id="t9", contact_id="bob"))
        raise RuntimeError("stop")
    assert _documents(path) == before
