"""The follow-up commands as a script uses them: the real ``python -m informterm`` run one
command after another on one workbook file, on the real clock."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from informterm.core.model import utc_now


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


def test_touch_then_the_queue_then_done_then_a_reply(tmp_path: Path) -> None:
    db = tmp_path / "workbook.json"
    config = tmp_path / "config.yaml"
    config.write_text("home_timezone: Asia/Tokyo\n", encoding="utf-8")
    for name in ("Ann Lee", "Bob Ode"):
        assert informterm(db, config, "add", name, "--company", "Acme").returncode == 0

    before = utc_now()
    # Five minutes ago, so the reply logged at "now" below comes after it even when the
    # commands all run within one second (touches are kept to the second).
    asked = (datetime.now(UTC) - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    logged = informterm(
        db,
        config,
        *("touch", "ann lee", "--kind", "request", "--channel", "email"),
        *("--when", asked, "--summary", "Hi"),
    )
    assert logged.returncode == 0, logged.stderr
    lines = logged.stdout.splitlines()
    assert lines[0].startswith("touch:") and "Ann Lee" in lines[0]
    assert [line.split()[0] for line in lines[1:]] == ["made:", "made:"]

    queue = as_json(db, config, "followups")
    assert {(row["rule"], row["kind"]) for row in queue} == {
        ("3b7", "try next contact"),
        ("3b7", "no-reply follow-up"),
    }
    for row in queue:
        assert row["due"] > before and row["due"].endswith("Z")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT09:00:00\+09:00", row["due_local"]), row
    assert [row["due"] for row in queue] == sorted(row["due"] for row in queue)

    try_next = next(row for row in queue if row["kind"] == "try next contact")
    done = as_json(db, config, "followup", "done", try_next["id"][:8])
    assert done["follow_up"]["status"] == "done" and done["touch"] is None

    reply = as_json(db, config, "touch", "Ann", "--kind", "reply", "--channel", "email")
    assert reply["touch"]["direction"] == "in"
    assert [row["kind"] for row in reply["closed"]] == ["no-reply follow-up"]
    everything = as_json(db, config, "followups", "--all")
    assert {row["status"] for row in everything if row["rule"] == "3b7"} == {"done"}
    assert informterm(db, config, "followups", "--due", "week").stderr.strip() == (
        "nothing due this week: all caught up"
    )
