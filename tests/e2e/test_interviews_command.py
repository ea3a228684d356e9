"""The interview commands as a script uses them: the real ``python -m informterm`` run one
command after another on one workbook file, on the real clock."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import icalendar


def informterm(db: Path, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "informterm", *args, "--db", str(db), "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def as_json(db: Path, config: Path, *args: str) -> Any:
    result = informterm(db, config, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_schedule_list_confirm_export_and_hold(tmp_path: Path) -> None:
    db = tmp_path / "workbook.json"
    config = tmp_path / "config.yaml"
    config.write_text("home_timezone: Europe/Berlin\n", encoding="utf-8")
    added = informterm(db, config, "add", "Ann Lee", "--timezone", "Asia/Kathmandu")
    assert added.returncode == 0, added.stderr

    booked = as_json(db, config, "schedule", "ann", "--at", "tomorrow 10:00", "--zone", "theirs")
    row = booked["interview"]
    assert row["local_start"].endswith("T10:00:00+05:45")
    assert row["timezone"] == "Asia/Kathmandu"
    assert [f["kind"] for f in booked["made"]] == ["confirm"]

    upcoming = as_json(db, config, "interviews", "--upcoming")
    assert [r["id"] for r in upcoming] == [row["id"]]

    confirmed = informterm(db, config, "interview", "confirm", row["id"][:6])
    assert confirmed.returncode == 0, confirmed.stderr
    assert confirmed.stdout.startswith(f"confirmed: {row['id']}")

    target = tmp_path / "ann.ics"
    exported = informterm(db, config, "interview", "ics", row["id"], "--output", str(target))
    assert exported.returncode == 0, exported.stderr
    (event,) = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert event["dtstart"].params["TZID"] == "Asia/Kathmandu"
    assert str(event["status"]) == "CONFIRMED"

    held = as_json(db, config, "interview", "done", row["id"])
    assert held["interview"]["status"] == "done"
    assert [f["kind"] for f in held["made"]] == ["thank-you"]

    before = db.read_bytes()
    refused = informterm(db, config, "schedule", "ann", "--at", "2027-02-30 09:00")
    assert refused.returncode == 2 and "February 2027 has 28 days" in refused.stderr
    assert db.read_bytes() == before
