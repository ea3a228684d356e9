"""The typed repository on real files: every write lands on disk, every read comes from
memory, failures change nothing, and the queries answer what the screens ask."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
import pytest

from informterm.core.model import (
    Contact,
    Entity,
    FollowUp,
    Interview,
    InterviewStatus,
    Stage,
    Touch,
)
from informterm.store import NotFound, ReadOnlyWorkbook, Workbook, WorkbookError, open_workbook
from tests.store.conftest import Sample

# -- helpers ----------------------------------------------------------------------------------

_io_events: list[tuple[str, Any]] | None = None
_hooked = False
_FILE_EVENTS = {"open", "os.listdir", "os.scandir", "glob.glob", "os.rename", "os.remove"}


def _audit(event: str, args: Any) -> None:
    if _io_events is not None and event in _FILE_EVENTS:
        _io_events.append((event, args))


@contextmanager
def file_events() -> Iterator[list[tuple[str, Any]]]:
    """Record every file the interpreter opens or lists inside the block."""
    global _io_events, _hooked
    if not _hooked:
        # Audit hooks cannot be removed: add it once, and only if a test asks for it.
        sys.addaudithook(_audit)
        _hooked = True
    _io_events = []
    try:
        yield _io_events
    finally:
        _io_events = None


def on_disk(path: Path) -> dict[str, Any]:
    """The workbook file as it is on disk."""
    return orjson.loads(path.read_bytes())  # type: ignore[no-any-return]


def docs(path: Path, table: str) -> dict[str, dict[str, Any]]:
    """One table of the file on disk, by record id."""
    return {doc["id"]: doc for doc in on_disk(path)[table].values()}


def reopened(path: Path) -> Workbook:
    """The same file opened afresh (read-only, so the test's writer keeps its lock)."""
    return open_workbook(path, read_only=True)


# -- generic operations -----------------------------------------------------------------------


def test_add_then_get_find_all_count_and_reopen(workbook: Workbook, path: Path) -> None:
    ann = workbook.add(Contact(name="Ann", tags=["alumni"], extra={"nickname": "A"}))
    touch = workbook.add(Touch(contact_id=ann.id, summary="hello"))
    assert workbook.get(Contact, ann.id) == ann
    assert workbook.find(Contact, ann.id) == ann
    assert workbook.find(Contact, None) is None
    assert workbook.find(Contact, "nobody") is None
    assert workbook.all(Touch) == [touch]
    assert workbook.count(Contact) == 1
    again = reopened(path)
    assert again.get(Contact, ann.id) == ann
    assert again.get(Contact, ann.id).extra == {"nickname": "A"}
    assert again.get(Touch, touch.id) == touch


def test_get_missing_raises_not_found_with_a_sentence(workbook: Workbook) -> None:
    with pytest.raises(NotFound) as caught:
        workbook.get(Contact, "nobody")
    assert str(caught.value) == "no contact with id nobody"


def test_add_refuses_an_id_in_use(workbook: Workbook, path: Path) -> None:
    workbook.add(Contact(id="x", name="Ann"))
    before = path.read_bytes()
    with pytest.raises(ValueError, match="exists already"):
        workbook.add(Contact(id="x", name="Other"))
    assert path.read_bytes() == before
    assert workbook.get(Contact, "x").name == "Ann"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (Contact(name=None), "'name' should be a string"),  # type: ignore[arg-type]
        (Contact(name="A", priority="high"), "'priority' should be an integer"),  # type: ignore[arg-type]
        (Contact(name="A", stage="nope"), "stage: 'nope' is not one of"),  # type: ignore[arg-type]
        (Contact(name="A", tags=["ok", 3]), "'tags' should hold only strings"),  # type: ignore[list-item]
        (Contact(name="A", extra={"bad": {1, 2}}), "cannot be saved"),
        (Contact(id="", name="A"), "'id' is empty"),
    ],
)
def test_add_refuses_what_would_not_load_back(
    workbook: Workbook, path: Path, record: Contact, message: str
) -> None:
    before = path.read_bytes()
    with pytest.raises(ValueError, match=message):
        workbook.add(record)
    assert path.read_bytes() == before
    assert workbook.count(Contact) == 0


def test_add_refuses_a_record_of_an_unknown_contact(workbook: Workbook, path: Path) -> None:
    before = path.read_bytes()
    with pytest.raises(NotFound, match="no contact with id ghost"):
        workbook.add(Touch(contact_id="ghost"))
    assert path.read_bytes() == before


def test_add_stores_enum_values_given_as_strings_as_members(workbook: Workbook) -> None:
    stored = workbook.add(Contact(name="A", stage="scheduled"))  # type: ignore[arg-type]
    assert stored.stage is Stage.SCHEDULED


def test_stored_records_do_not_share_lists_with_the_caller(workbook: Workbook, path: Path) -> None:
    mine = Contact(name="Ann", tags=["a"])
    stored = workbook.add(mine)
    mine.tags.append("sneaky")
    assert stored.tags == ["a"]
    assert docs(path, "contacts")[stored.id]["tags"] == ["a"]


def test_update_writes_stamps_and_returns_the_new_record(
    workbook: Workbook, sample: Sample, path: Path
) -> None:
    old = sample.ann
    new = workbook.update(old, stage=Stage.KEEPING_IN_TOUCH, title="Director")
    assert new.stage is Stage.KEEPING_IN_TOUCH
    assert new.title == "Director"
    assert new.updated_at >= old.updated_at
    assert workbook.get(Contact, "ann") is new
    assert old.stage is Stage.THANKED  # the caller's object is not changed
    assert docs(path, "contacts")["ann"]["stage"] == "keeping in touch"
    assert docs(path, "contacts")["ann"]["updated_at"] == new.updated_at
    assert reopened(path).get(Contact, "ann") == new


def test_update_keeps_the_contact_in_its_place(workbook: Workbook, sample: Sample) -> None:
    workbook.update(sample.bob, name="Bob")
    assert [c.id for c in workbook.contacts(include_archived=True)] == [
        "ann",
        "bob",
        "cleo",
        "dev",
    ]


def test_update_of_an_unknown_record_raises_not_found(workbook: Workbook) -> None:
    with pytest.raises(NotFound):
        workbook.update(Contact(name="Nobody"))


def test_update_cannot_change_the_id(workbook: Workbook, sample: Sample) -> None:
    with pytest.raises(ValueError, match="id cannot change"):
        workbook.update(sample.ann, id="bob")
    assert workbook.get(Contact, "bob") == sample.bob


def test_update_moving_a_touch_moves_it_between_contacts(
    workbook: Workbook, sample: Sample
) -> None:
    workbook.update(workbook.get(Touch, "t3"), contact_id="cleo")
    assert [t.id for t in workbook.touches_of("bob")] == []
    assert [t.id for t in workbook.touches_of("cleo")] == ["t3"]
    with pytest.raises(NotFound):
        workbook.update(workbook.get(Touch, "t3"), contact_id="ghost")


def test_changing_a_record_in_place_does_not_break_the_referral_index(
    workbook: Workbook, sample: Sample
) -> None:
    cleo = workbook.get(Contact, "cleo")
    cleo.referred_by = "ann"  # the wrong way to change it, but it must not corrupt anything
    workbook.update(cleo)
    assert [c.id for c in workbook.referred(workbook.get(Contact, "bob"))] == []
    assert [c.id for c in workbook.referred(workbook.get(Contact, "ann"))] == ["bob", "cleo"]


def test_delete_a_touch(workbook: Workbook, sample: Sample, path: Path) -> None:
    workbook.delete(workbook.get(Touch, "t1"))
    assert workbook.find(Touch, "t1") is None
    assert "t1" not in docs(path, "touches")
    with pytest.raises(NotFound):
        workbook.delete(sample.touches[0])


def test_delete_a_contact_removes_its_records_and_clears_referrals(
    workbook: Workbook, sample: Sample, path: Path
) -> None:
    workbook.delete(sample.bob)
    assert workbook.find(Contact, "bob") is None
    assert workbook.touches_of("bob") == []
    assert workbook.interviews_of("bob") == []
    assert workbook.follow_ups_of("bob", open_only=False) == []
    assert workbook.get(Contact, "cleo").referred_by is None
    assert workbook.referral_chain_up(workbook.get(Contact, "cleo")) == []
    assert workbook.referred(sample.ann) == []
    again = reopened(path)
    assert again.find(Contact, "bob") is None
    assert {t.id for t in again.all(Touch)} == {"t1", "t2"}
    assert {i.id for i in again.all(Interview)} == {"i1"}
    assert again.get(Contact, "cleo").referred_by is None


def test_deleting_an_interview_keeps_its_follow_ups_without_the_link(
    workbook: Workbook, sample: Sample, path: Path
) -> None:
    thank = workbook.update(workbook.get(FollowUp, "f3"), interview_id="i1")
    other = workbook.add(FollowUp(contact_id="ann", due="2026-05-01T09:00:00Z"))
    workbook.delete(workbook.get(Interview, "i1"))
    assert workbook.get(FollowUp, thank.id).interview_id is None
    assert workbook.get(FollowUp, other.id) == other
    assert docs(path, "followups")[thank.id]["interview_id"] is None


def test_a_follow_up_links_only_to_an_interview_of_its_contact(
    workbook: Workbook, sample: Sample
) -> None:
    before = snapshot(workbook)
    with pytest.raises(NotFound, match="no interview with id i2 for contact ann"):
        workbook.add(FollowUp(contact_id="ann", due="2026-05-01T09:00:00Z", interview_id="i2"))
    with pytest.raises(NotFound, match="no interview with id gone"):
        workbook.update(workbook.get(FollowUp, "f3"), interview_id="gone")
    assert snapshot(workbook) == before
    linked = workbook.add(FollowUp(contact_id="bob", due="2026-05-01T09:00:00Z", interview_id="i2"))
    assert linked.interview_id == "i2"


def test_archive_hides_and_restores(workbook: Workbook, sample: Sample) -> None:
    archived = workbook.archive(sample.ann)
    assert archived.archived
    assert "ann" not in [c.id for c in workbook.contacts()]
    assert "ann" in [c.id for c in workbook.contacts(include_archived=True)]
    workbook.archive(archived, archived=False)
    assert "ann" in [c.id for c in workbook.contacts()]


# -- failures change nothing --------------------------------------------------------------------


def snapshot(workbook: Workbook) -> dict[str, Any]:
    """Everything the workbook answers, to compare before and after a failed write."""
    return {
        "records": {t.__name__: workbook.all(t) for t in (Contact, Touch, Interview, FollowUp)},
        "order": [c.id for c in workbook.contacts(include_archived=True)],
        "referred": {c.id: [r.id for r in workbook.referred(c)] for c in workbook.all(Contact)},
        "touches": {c.id: [t.id for t in workbook.touches_of(c.id)] for c in workbook.all(Contact)},
        "follow_ups": [f.id for f in workbook.open_follow_ups()],
        "tinydb": orjson.dumps(workbook.storage.read()),
    }


def test_a_failed_save_changes_nothing_in_memory(
    workbook: Workbook, sample: Sample, path: Path
) -> None:
    before = snapshot(workbook)
    folder = path.parent
    moved = folder.with_name("moved-away")
    folder.rename(moved)  # saving now fails for real: the folder is gone
    try:
        with pytest.raises(OSError):
            workbook.delete(sample.bob)
        with pytest.raises(OSError):
            workbook.update(sample.ann, name="Changed")
        with pytest.raises(OSError):
            workbook.add(Contact(name="New"))
        assert snapshot(workbook) == before
    finally:
        moved.rename(folder)
    workbook.update(sample.ann, name="Changed")  # and it works again once the folder is back
    assert docs(path, "contacts")["ann"]["name"] == "Changed"


def test_transaction_is_one_save_all_or_nothing(
    workbook: Workbook, sample: Sample, path: Path
) -> None:
    heard: list[str] = []
    workbook.subscribe(lambda record: heard.append(record.id))
    before_file = path.read_bytes()
    before = snapshot(workbook)
    with pytest.raises(RuntimeError), workbook.transaction():
        workbook.add(Touch(id="t9", contact_id="ann"))
        workbook.update(sample.ann, stage=Stage.KEEPING_IN_TOUCH)
        assert path.read_bytes() == before_file  # nothing saved until the end
        raise RuntimeError("changed my mind")
    assert snapshot(workbook) == before
    assert path.read_bytes() == before_file
    assert heard == []
    with workbook.transaction():
        workbook.add(Touch(id="t9", contact_id="ann"))
        workbook.update(sample.ann, stage=Stage.KEEPING_IN_TOUCH)
    assert heard == ["t9", "ann"]
    assert "t9" in docs(path, "touches")
    assert docs(path, "contacts")["ann"]["stage"] == "keeping in touch"


def test_listeners_hear_each_write(workbook: Workbook) -> None:
    heard: list[Entity] = []
    workbook.subscribe(heard.append)
    ann = workbook.add(Contact(name="Ann"))
    new = workbook.update(ann, name="Ann Lee")
    workbook.delete(new)
    assert [(r.id, getattr(r, "name", None)) for r in heard] == [
        (ann.id, "Ann"),
        (ann.id, "Ann Lee"),
        (ann.id, "Ann Lee"),
    ]


def test_read_only_workbook_refuses_writes(sample: Sample, path: Path) -> None:
    before = path.read_bytes()
    viewer = open_workbook(path, read_only=True)
    assert viewer.read_only
    assert viewer.read_only_reason == f"{path} was opened read-only"
    with pytest.raises(ReadOnlyWorkbook, match="nothing was changed"):
        viewer.update(viewer.get(Contact, "ann"), name="X")
    with pytest.raises(ReadOnlyWorkbook):
        viewer.add(Contact(name="X"))
    assert path.read_bytes() == before
    assert viewer.get(Contact, "ann").name == "Ann Lee"


def test_closed_workbook_refuses_writes(path: Path) -> None:
    wb = open_workbook(path)
    ann = wb.add(Contact(name="Ann"))
    wb.close()
    with pytest.raises(WorkbookError, match="closed"):
        wb.update(ann, name="X")
    assert wb.get(Contact, ann.id).name == "Ann"


# -- reads come from memory ---------------------------------------------------------------------


def every_read(workbook: Workbook) -> list[object]:
    """Call every read the workbook offers."""
    ann, bob = workbook.get(Contact, "ann"), workbook.get(Contact, "bob")
    now = "2026-03-25T00:00:00Z"
    return [
        workbook.get(Touch, "t1"),
        workbook.find(Interview, "i1"),
        workbook.all(FollowUp),
        workbook.count(Touch),
        workbook.contacts(),
        workbook.contacts(include_archived=True),
        workbook.contacts_by_stage(Stage.SCHEDULED),
        workbook.stage_counts(),
        workbook.referrer(bob),
        workbook.referral_chain_up(workbook.get(Contact, "cleo")),
        workbook.referred(ann),
        workbook.referral_tree_down(ann),
        workbook.touches_of("ann"),
        workbook.last_touch("ann"),
        workbook.interviews_of("bob"),
        workbook.next_interview("bob", now),
        workbook.next_interview("bob"),
        workbook.latest_interview_with_notes("ann"),
        workbook.follow_ups_of("bob"),
        workbook.next_follow_up("bob"),
        workbook.open_follow_ups(),
        workbook.upcoming_interviews(now),
        workbook.upcoming_interviews(),
        workbook.read_only_reason,
    ]


def test_reads_open_no_file(workbook: Workbook, sample: Sample, path: Path) -> None:
    with file_events() as events:
        results = every_read(workbook)
    assert events == []
    assert results[0] == sample.touches[0]
    # The recorder does see file access, so an empty list means something.
    with file_events() as events:
        path.read_bytes()
    assert events


def test_reads_work_with_the_file_gone(workbook: Workbook, sample: Sample, path: Path) -> None:
    expected = every_read(workbook)
    shutil.rmtree(path.parent)
    assert every_read(workbook) == expected


# -- queries -----------------------------------------------------------------------------------


def test_contacts_by_stage_and_counts(workbook: Workbook, sample: Sample) -> None:
    assert [c.id for c in workbook.contacts_by_stage(Stage.SCHEDULED)] == ["bob"]
    assert [c.id for c in workbook.contacts_by_stage(Stage.SCHEDULED, include_archived=True)] == [
        "bob",
        "dev",
    ]
    counts = workbook.stage_counts()
    assert set(counts) == set(Stage)
    assert counts[Stage.SCHEDULED] == 1
    assert counts[Stage.PROSPECT] == 1
    assert counts[Stage.THANKED] == 1
    assert sum(counts.values()) == 3


def test_contacts_at_company_follows_every_write(workbook: Workbook, path: Path) -> None:
    ann = workbook.add(Contact(name="Ann", company="Acme"))
    bob = workbook.add(Contact(name="Bob", company=" ACME "))
    workbook.add(Contact(name="Cy", company="Initech"))

    def names(company: str) -> list[str]:
        return [c.name for c in workbook.contacts_at_company(company)]

    assert names("acme") == ["Ann", "Bob"]
    assert names("") == []
    workbook.update(ann, company="Initech")
    assert (names("Acme"), names("initech")) == (["Bob"], ["Ann", "Cy"])
    dee = workbook.add(Contact(name="Dee", company="Acme"))
    workbook.delete(bob)
    assert names("Acme") == ["Dee"]
    # A write that fails leaves the index as it was.
    with pytest.raises(RuntimeError), workbook.transaction():
        workbook.update(dee, company="Hooli")
        raise RuntimeError("interrupted")
    assert (names("Acme"), names("Hooli")) == (["Dee"], [])
    with open_workbook(path, read_only=True) as reader:
        assert [c.name for c in reader.contacts_at_company("ACME")] == ["Dee"]


def test_referral_chain_up_and_tree_down(workbook: Workbook, sample: Sample) -> None:
    cleo = workbook.get(Contact, "cleo")
    assert [c.id for c in workbook.referral_chain_up(cleo)] == ["bob", "ann"]
    assert workbook.referrer(sample.ann) is None
    workbook.add(Contact(id="abe", name="abe", referred_by="ann"))
    assert [c.id for c in workbook.referred(sample.ann)] == ["abe", "bob"]  # by name
    assert [(d, c.id) for d, c in workbook.referral_tree_down(sample.ann)] == [
        (1, "abe"),
        (1, "bob"),
        (2, "cleo"),
    ]


def test_referral_loops_do_not_hang(workbook: Workbook) -> None:
    workbook.add(Contact(id="a", name="A", referred_by="c"))
    workbook.add(Contact(id="b", name="B", referred_by="a"))
    workbook.add(Contact(id="c", name="C", referred_by="b"))
    a = workbook.get(Contact, "a")
    assert [c.id for c in workbook.referral_chain_up(a)] == ["c", "b"]
    assert [(d, c.id) for d, c in workbook.referral_tree_down(a)] == [(1, "b"), (2, "c")]


def test_a_very_long_referral_chain(workbook: Workbook) -> None:
    with workbook.transaction():
        workbook.add(Contact(id="p0", name="P0"))
        for n in range(1, 3000):
            workbook.add(Contact(id=f"p{n}", name=f"P{n}", referred_by=f"p{n - 1}"))
    tree = workbook.referral_tree_down(workbook.get(Contact, "p0"))
    assert len(tree) == 2999
    assert tree[-1] == (2999, workbook.get(Contact, "p2999"))
    assert len(workbook.referral_chain_up(workbook.get(Contact, "p2999"))) == 2999


def test_touches_newest_first_and_last_touch(workbook: Workbook, sample: Sample) -> None:
    assert [t.id for t in workbook.touches_of("ann")] == ["t2", "t1"]
    last = workbook.last_touch("ann")
    assert last is not None and last.id == "t2" and last.is_reply
    assert workbook.last_touch("cleo") is None


def test_interviews_and_next_interview(workbook: Workbook, sample: Sample) -> None:
    assert [i.id for i in workbook.interviews_of("bob")] == ["i3", "i2"]
    assert workbook.next_interview("bob", "2026-03-01T00:00:00Z").id == "i2"  # type: ignore[union-attr]
    # Still "next" while it is going on (it ends 30 minutes after it starts)...
    assert workbook.next_interview("bob", "2026-04-02T09:29:00Z").id == "i2"  # type: ignore[union-attr]
    # ...and not once it has ended.
    assert workbook.next_interview("bob", "2026-04-02T09:30:00Z") is None
    assert workbook.next_interview("ann", "2026-01-01T00:00:00Z") is None  # done, not upcoming
    assert [i.id for i in workbook.upcoming_interviews("2026-01-01T00:00:00Z")] == ["i2"]


def test_latest_interview_with_notes(workbook: Workbook, sample: Sample) -> None:
    assert workbook.latest_interview_with_notes("ann").id == "i1"  # type: ignore[union-attr]
    assert workbook.latest_interview_with_notes("bob").id == "i2"  # type: ignore[union-attr]
    assert workbook.latest_interview_with_notes("cleo") is None


def test_follow_ups_of_a_contact(workbook: Workbook, sample: Sample) -> None:
    assert [f.id for f in workbook.follow_ups_of("bob")] == ["f1", "f2"]  # f2 snoozed to May
    assert [f.id for f in workbook.follow_ups_of("ann")] == []
    assert [f.id for f in workbook.follow_ups_of("ann", open_only=False)] == ["f3"]
    assert workbook.next_follow_up("bob").id == "f1"  # type: ignore[union-attr]
    assert workbook.next_follow_up("ann") is None


def test_open_follow_ups_skip_archived_contacts(workbook: Workbook, sample: Sample) -> None:
    assert [f.id for f in workbook.open_follow_ups()] == ["f5", "f1", "f2"]


@pytest.mark.parametrize(
    ("starts_at", "problem"),
    [
        ("someday", "'someday' is not a UTC time written as YYYY-MM-DDTHH:MM:SSZ"),
        ("2026-02-29T10:00:00Z", "'2026-02-29T10:00:00Z' is not a real date and time"),
        ("0099-01-01T10:00:00Z", "'0099-01-01T10:00:00Z' is outside the years 1900 to 2999"),
    ],
)
def test_an_interview_with_an_unreadable_start_is_refused(
    workbook: Workbook, path: Path, starts_at: str, problem: str
) -> None:
    workbook.add(Contact(id="a", name="A"))
    before = path.read_bytes()
    with pytest.raises(ValueError, match=f"the field 'starts_at' holds {re.escape(problem)}"):
        workbook.add(
            Interview(id="i", contact_id="a", starts_at=starts_at, status=InterviewStatus.CONFIRMED)
        )
    assert path.read_bytes() == before
    assert workbook.upcoming_interviews("2026-01-01T00:00:00Z") == []


def test_a_str_subclass_is_stored_as_the_plain_string(workbook: Workbook, path: Path) -> None:
    stored = workbook.add(Contact(name="A", title=Stage.SCHEDULED))  # type: ignore[arg-type]
    assert type(stored.title) is str and stored.title == "scheduled"
    assert reopened(path).get(Contact, stored.id) == stored
