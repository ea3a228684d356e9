"""Records built on first read: the same records, checks and writes as building them all at
open, and a damaged record is still refused at open whichever way it is checked."""

from __future__ import annotations

import copy
import threading
from pathlib import Path
from typing import Any

import orjson
import pytest

from informterm.core.model import (
    ENTITY_TYPES,
    ChecklistItem,
    Contact,
    Entity,
    FollowUp,
    Interview,
    Question,
    Touch,
)
from informterm.store import WorkbookError, open_workbook
from informterm.store.records import LazyRecords, decode

STAMP = "2026-03-02T10:00:00Z"


def full_tables(people: int = 6) -> dict[str, Any]:
    """Workbook data whose documents carry every field (as informterm writes them)."""
    tables: dict[str, list[Entity]] = {name: [] for name in ENTITY_TYPES}
    for n in range(people):
        contact = Contact(
            id=f"c{n}",
            name=f"Person {n}",
            emails=[f"p{n}@example.org"],
            tags=["alumni"],
            referred_by="c0" if n else None,
            keep_in_touch_days=30 if n % 2 else None,
            created_at=STAMP,
            updated_at=STAMP,
        )
        tables["contacts"].append(contact)
        tables["touches"].append(
            Touch(id=f"t{n}", contact_id=contact.id, at=STAMP, created_at=STAMP, updated_at=STAMP)
        )
        tables["interviews"].append(
            Interview(
                id=f"i{n}",
                contact_id=contact.id,
                starts_at=STAMP,
                checklist=[ChecklistItem(text="Research", done=n % 2 == 0)],
                questions=[Question(text="How did you start?", category="TIARA")],
                created_at=STAMP,
                updated_at=STAMP,
            )
        )
        tables["followups"].append(
            FollowUp(
                id=f"f{n}", contact_id=contact.id, due=STAMP, created_at=STAMP, updated_at=STAMP
            )
        )
    data: dict[str, Any] = {
        name: {str(i + 1): record.to_dict() for i, record in enumerate(records)}
        for name, records in tables.items()
    }
    data["meta"] = {"1": {"schema": 1}}
    return data


def test_records_built_on_read_equal_records_built_at_once(path: Path) -> None:
    data = full_tables()
    # Documents the whole-table pass leaves to the one-by-one path: a missing optional
    # field, an unknown key kept in extra, a nested list left out.
    data["contacts"]["2"].pop("title")
    data["touches"]["3"]["mood"] = "upbeat"
    data["interviews"]["4"].pop("questions")
    path.parent.mkdir(parents=True)
    path.write_bytes(orjson.dumps(data))
    with open_workbook(path, read_only=True) as workbook:
        for name, record_type in ENTITY_TYPES.items():
            expected = [record_type._from_dict_general(doc) for doc in data[name].values()]
            built = workbook.all(record_type)
            assert built == expected, name
            assert [r.extra for r in built] == [r.extra for r in expected], name
            assert [r.to_dict() for r in built] == [r.to_dict() for r in expected], name
    assert workbook.find(Touch, "t2") == Touch._from_dict_general(data["touches"]["3"])
    assert workbook.find(Touch, "t2").extra == {"mood": "upbeat"}  # type: ignore[union-attr]


def test_a_record_is_built_once_and_then_kept(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(orjson.dumps(full_tables()))
    with open_workbook(path, read_only=True) as workbook:
        first = workbook.get(Interview, "i1")
        assert workbook.get(Interview, "i1") is first
        assert workbook.interviews_of("c1") == [first]
        assert workbook.all(Interview)[1] is first


def test_writes_on_records_not_read_yet_land_in_memory_and_on_disk(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(orjson.dumps(full_tables()))
    with open_workbook(path, read_only=False) as workbook:
        # None of these records has been read before the writes.
        workbook.update(workbook.get(FollowUp, "f3"), reason="changed")
        workbook.delete(workbook.get(Contact, "c0"))  # referred c1..c5, with dependents
        workbook.add(Touch(id="t-new", contact_id="c4", at="2026-04-01T09:00:00Z"))
        in_memory = {t: [r.to_dict() for r in workbook.all(t)] for t in ENTITY_TYPES.values()}
        assert workbook.get(FollowUp, "f3").reason == "changed"
        assert workbook.find(Touch, "t0") is None
        assert all(c.referred_by is None for c in workbook.contacts())
        assert [t.id for t in workbook.touches_of("c4")] == ["t-new", "t4"]
    with open_workbook(path, read_only=True) as reopened:
        on_disk = {t: [r.to_dict() for r in reopened.all(t)] for t in ENTITY_TYPES.values()}
    assert on_disk == in_memory


def test_a_failed_write_leaves_records_not_read_yet_as_they_were(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(orjson.dumps(full_tables()))
    with open_workbook(path, read_only=False) as workbook:
        with pytest.raises(RuntimeError), workbook.transaction():
            workbook.delete(workbook.get(Contact, "c2"))
            raise RuntimeError("stop")
        assert workbook.get(Contact, "c2").name == "Person 2"
        assert [t.id for t in workbook.touches_of("c2")] == ["t2"]
        assert [c.id for c in workbook.contacts()] == [f"c{n}" for n in range(6)]


def test_a_write_while_a_record_is_being_built_wins() -> None:
    # The reader builds from the old document while a writer stores a new record: the
    # new record must stay, not be overwritten by the reader's stale one.
    newer = Touch(id="t", contact_id="c", summary="newer")
    records: LazyRecords[Touch]

    def build_while_a_write_lands(doc: dict[str, Any]) -> Touch:
        writer = threading.Thread(target=records.__setitem__, args=("t", newer))
        writer.start()
        writer.join()
        return Touch.from_dict(doc)

    old_doc = Touch(id="t", contact_id="c", summary="older").to_dict()
    records = LazyRecords({"t": old_doc}, build_while_a_write_lands)
    assert records["t"].summary == "older"  # the read began before the write
    assert records["t"] is newer
    assert records.values() == [newer]


def _spoil(name: str, doc_id: str, key: str, value: Any) -> dict[str, Any]:
    data = full_tables()
    data[name][doc_id][key] = value
    return data


# Damage in documents that carry every field, so the whole-table pass is what meets it.
FULL_DOCUMENT_DAMAGE: dict[str, tuple[dict[str, Any], str]] = {
    "bad enum": (
        _spoil("touches", "3", "kind", "bogus"),
        "document 3 (id 't2') of table 'touches': kind: 'bogus' is not one of",
    ),
    "enum holding a list": (
        _spoil("contacts", "2", "stage", ["prospect"]),
        "document 2 (id 'c1') of table 'contacts': stage: ['prospect'] is not one of",
    ),
    "wrong scalar type": (
        _spoil("followups", "5", "due", 20260302),
        "document 5 (id 'f4') of table 'followups': the field 'due' should be a string, "
        "not an integer",
    ),
    "bool for an integer": (
        _spoil("contacts", "4", "priority", True),
        "the field 'priority' should be an integer, not true or false",
    ),
    "a number in a list of strings": (
        _spoil("contacts", "6", "emails", ["a@example.org", 7]),
        "document 6 (id 'c5') of table 'contacts': the field 'emails' should hold only strings",
    ),
    "a string for a list": (
        _spoil("contacts", "1", "tags", "alumni"),
        "the field 'tags' should be a list of strings, not a string",
    ),
    "bad nested item": (
        _spoil("interviews", "2", "checklist", [{"text": "Research", "done": "yes"}]),
        "document 2 (id 'i1') of table 'interviews': item 1 of 'checklist': the field "
        "'done' should be true or false",
    ),
    "nested list is null": (
        _spoil("interviews", "3", "questions", None),
        "the field 'questions' should be a list, not null",
    ),
    "empty contact id": (
        _spoil("touches", "2", "contact_id", ""),
        "document 2 (id 't1') of table 'touches': the field 'contact_id' is empty",
    ),
    "same id twice": (
        _spoil("followups", "4", "id", "f0"),
        "documents 1 and 4 of table 'followups' have the same id 'f0'",
    ),
    "a day February does not have": (
        _spoil("followups", "3", "due", "2026-02-30T10:00:00Z"),
        "document 3 (id 'f2') of table 'followups': the field 'due' holds "
        "'2026-02-30T10:00:00Z' is not a real date and time",
    ),
    "words for a time": (
        _spoil("touches", "2", "at", "yesterday"),
        "the field 'at' holds 'yesterday' is not a UTC time written as YYYY-MM-DDTHH:MM:SSZ",
    ),
    "a time with an offset": (
        _spoil("interviews", "1", "starts_at", "2026-03-02T10:00:00+01:00"),
        "the field 'starts_at' holds '2026-03-02T10:00:00+01:00' is not a UTC time",
    ),
    "a year no zone can show": (
        _spoil("contacts", "5", "created_at", "0001-01-01T00:00:00Z"),
        "the field 'created_at' holds '0001-01-01T00:00:00Z' is outside the years 1900 to 2999",
    ),
    "an hour past midnight": (
        _spoil("followups", "2", "snoozed_until", "2026-03-02T24:00:00Z"),
        "the field 'snoozed_until' holds '2026-03-02T24:00:00Z' is not a real date and time",
    ),
}

# The same damage in documents that lack an optional field, so the one-by-one pass meets it.
PARTIAL_DOCUMENT_DAMAGE = {
    name: (data, expected)
    for name, (data, expected) in FULL_DOCUMENT_DAMAGE.items()
    if "holds" in expected
}


@pytest.mark.parametrize("damage", list(FULL_DOCUMENT_DAMAGE))
def test_damage_in_a_full_document_is_refused_at_open(path: Path, damage: str) -> None:
    data, expected = FULL_DOCUMENT_DAMAGE[damage]
    path.parent.mkdir(parents=True)
    bad = orjson.dumps(data)
    path.write_bytes(bad)
    for read_only in (None, False, True):
        with pytest.raises(WorkbookError) as caught:
            open_workbook(path, read_only=read_only)
        assert expected in str(caught.value)
        assert path.read_bytes() == bad


@pytest.mark.parametrize("damage", list(PARTIAL_DOCUMENT_DAMAGE))
def test_a_bad_time_in_a_partial_document_is_refused_at_open(path: Path, damage: str) -> None:
    data, expected = PARTIAL_DOCUMENT_DAMAGE[damage]
    data = copy.deepcopy(data)
    for table in ("contacts", "touches", "interviews", "followups"):
        for doc in data[table].values():
            # Without an optional field, every document takes the one-by-one path.
            for optional in ("title", "summary", "notes", "reason"):
                doc.pop(optional, None)
    path.parent.mkdir(parents=True)
    bad = orjson.dumps(data)
    path.write_bytes(bad)
    with pytest.raises(WorkbookError) as caught:
        open_workbook(path, read_only=True)
    assert expected in str(caught.value)
    assert path.read_bytes() == bad


def test_every_record_the_quick_check_passes_builds_and_checks() -> None:
    # decode() trusts the quick check to build every record later without error: check
    # that on the full documents, built now, one by one.
    data = full_tables()
    for name, table in decode(data).items():
        assert len(table.by_id) == len(data[name])
        for record_id in table.by_id:
            assert table.by_id[record_id].id == record_id
