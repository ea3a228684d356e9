"""Schema versions: the step registry, the shape checks and the 0 -> 1 migration of a real
version 0 file (a plain TinyDB file of the tables, no meta table)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from informterm.core.model import Contact, FollowUp, Interview, Stage, Touch
from informterm.store import WorkbookError, migrations, open_workbook
from informterm.store.backups import list_backups
from tests.store.conftest import lock_is_free

VERSION_0 = {
    "contacts": {
        "1": {"id": "ann", "name": "Ann Lee", "stage": "interviewed", "tags": ["alumni"]},
        "2": {"name": "Bob Stone", "referred_by": "ann", "created_at": "2025-01-02T03:04:05Z"},
    },
    "touches": {"1": {"id": "t1", "contact_id": "ann", "summary": "asked for 30 minutes"}},
    "interviews": {
        "1": {
            "id": "i1",
            "contact_id": "ann",
            "starts_at": "2025-02-03T15:00:00Z",
            "notes": "#advice join the meetup",
            "checklist": [{"text": "Research", "done": True}],
        }
    },
    # No follow-ups table at all: version 0 files were written table by table.
}


def write_json(path: Path, data: Any) -> bytes:
    """Write ``data`` as the workbook file; returns the bytes written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = orjson.dumps(data)
    path.write_bytes(raw)
    return raw


def test_every_version_has_a_step_to_the_next() -> None:
    assert sorted(migrations.STEPS) == list(range(migrations.SCHEMA_VERSION))


def test_a_second_step_from_the_same_version_is_refused() -> None:
    with pytest.raises(ValueError, match="two migration steps start from schema 0"):
        migrations.step(0)(lambda data: None)
    assert len(migrations.STEPS) == migrations.SCHEMA_VERSION


def test_version_0_file_is_backed_up_migrated_and_intact(path: Path) -> None:
    original = write_json(path, VERSION_0)
    with open_workbook(path) as wb:
        assert wb.migrated_from == 0
        found = list_backups(path)
        assert len(found) == 1
        assert found[0].path.read_bytes() == original
        ann = wb.get(Contact, "ann")
        assert ann.name == "Ann Lee" and ann.stage is Stage.INTERVIEWED and ann.tags == ["alumni"]
        (bob,) = [c for c in wb.all(Contact) if c.name == "Bob Stone"]
        assert bob.id  # filled in
        assert bob.created_at == "2025-01-02T03:04:05Z"  # kept
        assert bob.updated_at == "2025-01-02T03:04:05Z"  # from created_at
        assert wb.referrer(bob) == ann
        assert [t.id for t in wb.touches_of("ann")] == ["t1"]
        interview = wb.get(Interview, "i1")
        assert interview.notes == "#advice join the meetup"
        assert interview.checklist[0].done
        assert wb.all(FollowUp) == []
        wb.add(FollowUp(contact_id="ann", due="2025-03-01T09:00:00Z"))
    data = orjson.loads(path.read_bytes())
    assert migrations.schema_of(data) == migrations.SCHEMA_VERSION
    assert set(data) == {"contacts", "touches", "interviews", "followups", "meta"}
    assert all(
        {"id", "created_at", "updated_at"} <= doc.keys()
        for table in migrations.TABLES
        for doc in data[table].values()
    )
    with open_workbook(path) as again:
        assert again.migrated_from is None  # already current
        assert again.get(Contact, "ann") == ann
        assert len(again.all(Touch)) == 1
    assert len(list_backups(path)) == 1


def test_version_0_opened_read_only_is_migrated_in_memory_only(path: Path) -> None:
    original = write_json(path, VERSION_0)
    with open_workbook(path, read_only=True) as wb:
        assert wb.migrated_from == 0
        assert wb.get(Contact, "ann").name == "Ann Lee"
    assert path.read_bytes() == original
    assert list_backups(path) == []


def test_an_empty_tinydb_file_is_an_empty_version_0_workbook(path: Path) -> None:
    write_json(path, {"_default": {}})
    with open_workbook(path) as wb:
        assert wb.count(Contact) == 0
    assert "_default" not in orjson.loads(path.read_bytes())


def test_a_bad_record_in_a_version_0_file_stops_the_migration(path: Path) -> None:
    original = write_json(path, {"contacts": {"1": {"id": "x", "stage": "bogus", "name": "X"}}})
    with pytest.raises(WorkbookError, match="'bogus' is not one of"):
        open_workbook(path)
    assert path.read_bytes() == original
    assert list_backups(path) == []
    assert lock_is_free(path)


def test_another_programs_tinydb_file_is_not_taken_for_a_workbook(path: Path) -> None:
    original = write_json(path, {"_default": {"1": {"song": "x"}}, "playlists": {}})
    with pytest.raises(WorkbookError) as caught:
        open_workbook(path)
    assert "not an informterm workbook" in str(caught.value)
    assert "'_default', 'playlists'" in str(caught.value)
    assert path.read_bytes() == original


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ([1, 2], "its top level is a JSON array"),
        ("text", "its top level is a JSON string"),
        ({"contacts": []}, "its table 'contacts' is a JSON array"),
        ({"contacts": {"1": "Ann"}}, "document 1 of its table 'contacts' is a JSON string"),
        ({"contacts": {"one": {}}}, "document id 'one'"),
        # Among good documents, which the whole-table check must not let through.
        ({"contacts": {"1": {}, "": {}, "2": {}}}, "document id ''"),
        ({"contacts": {"1": {}, "\uff12": {}}}, "document id '\uff12'"),
        (
            {"contacts": {"1": {}, "2": ["Ann"]}},
            "document 2 of its table 'contacts' is a JSON array",
        ),
        ({"meta": {"1": {"schema": "1"}}}, "schema version '1' is not a positive integer"),
        ({"meta": {"1": {"schema": True}}}, "schema version True"),
        ({"meta": {"1": {"other": 1}}}, "meta table has no schema version"),
    ],
)
def test_check_shape_says_what_is_wrong(data: Any, problem: str) -> None:
    with pytest.raises(migrations.NotAWorkbook) as caught:
        migrations.check_shape(data)
    assert problem in str(caught.value)


def test_migrate_refuses_a_newer_schema() -> None:
    data = migrations.new_workbook_data()
    migrations.set_schema(data, migrations.SCHEMA_VERSION + 1)
    with pytest.raises(migrations.NewerSchema, match="newer informterm"):
        migrations.migrate(data)
    assert migrations.schema_of(data) == migrations.SCHEMA_VERSION + 1
