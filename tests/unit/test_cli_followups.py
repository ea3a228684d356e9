"""The follow-up commands (``touch``, ``followups``, ``followup done|snooze|dismiss``), run
in-process through ``main()`` on real workbook files under tmp_path, with the clock fixed."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from informterm import __version__
from informterm.cli import main
from informterm.core.model import (
    Contact,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Stage,
    Touch,
    TouchKind,
)
from informterm.store import open_workbook

NOW = "2026-12-01T17:00:00Z"
"""A Tuesday, late afternoon in UTC."""

ROW_KEYS = {
    "id",
    "contact_id",
    "contact",
    "kind",
    "rule",
    "status",
    "due",
    "due_local",
    "reason",
    "snoozed_until",
    "closed_reason",
    "interview_id",
}
TOUCH_KEYS = {"id", "contact_id", "contact", "at", "channel", "direction", "kind", "summary"}
ASK = ["touch", "Ann", "--kind", "request", "--channel", "email"]
"""A request to Ann, to which the bad-input cases add one bad option."""
COMMANDS = [["touch"], ["followups"], ["followup"], ["followup", "done"], ["followup", "snooze"]]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("informterm.core.model.utc_now", lambda: NOW)


def config_for(tmp_path: Path, zone: str) -> Path:
    path = tmp_path / f"config-{zone.replace('/', '-')}.yaml"
    path.write_text(f"home_timezone: {zone}\n", encoding="utf-8")
    return path


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return config_for(tmp_path, "UTC")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Ann Lee and Bob Ode, both at Acme and not yet reached out to."""
    path = tmp_path / "w.json"
    with open_workbook(path) as workbook:
        workbook.add(Contact(id="ann000000001", name="Ann Lee", company="Acme"))
        workbook.add(Contact(id="bob000000002", name="Bob Ode", company="Acme"))
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """main() in-process: (exit status, stdout, stderr)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def cli(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path, *args: str
) -> tuple[int, str, str]:
    return run(capsys, *args, "--db", str(db), "--config", str(config))


def as_json(capsys: pytest.CaptureFixture[str], db: Path, config: Path, *args: str) -> Any:
    code, out, err = cli(capsys, db, config, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def stored(db: Path) -> dict[str, FollowUp]:
    with open_workbook(db, read_only=True) as workbook:
        return {f.id: f for f in workbook.all(FollowUp)}


def ask_ann(capsys: pytest.CaptureFixture[str], db: Path, config: Path) -> Any:
    return as_json(
        capsys,
        db,
        config,
        *("touch", "Ann Lee", "--kind", "request", "--channel", "email"),
        *("--when", "2026-12-01 16:00", "--summary", "Asked for 20 minutes"),
    )


# -- touch --------------------------------------------------------------------------------------


def test_a_request_makes_the_3b7_follow_ups_and_prints_them(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    code, out, err = cli(
        capsys,
        db,
        config,
        *("touch", "ann", "--kind", "request", "--channel", "email"),
        *("--when", "2026-12-01 16:00", "--summary", "Asked for 20 minutes"),
    )
    assert code == 0, err
    touch_line, *made_lines = out.splitlines()
    assert touch_line.startswith("touch:")
    assert "Tue 1 Dec 16:00" in touch_line and "Ann Lee" in touch_line
    assert cells(touch_line)[-2:] == ["request", "out by email: Asked for 20 minutes"]
    assert len(made_lines) == 2 and all(line.startswith("made:") for line in made_lines)
    try_next = next(line for line in made_lines if "try next contact" in line)
    assert "Fri 4 Dec 09:00" in try_next and "Ann Lee" in try_next
    assert try_next.endswith("try the next contact at Acme, Bob Ode")
    one_more = next(line for line in made_lines if "no-reply follow-up" in line)
    assert "Thu 10 Dec 09:00" in one_more and one_more.endswith("send one follow-up")
    # The columns line up: the contact starts at the same place on every line.
    assert len({line.index("Ann Lee") for line in out.splitlines()}) == 1
    follow_ups = stored(db)
    assert {(f.rule, f.kind, f.due) for f in follow_ups.values()} == {
        ("3b7", FollowUpKind.TRY_NEXT, "2026-12-04T09:00:00Z"),
        ("3b7", FollowUpKind.NO_REPLY, "2026-12-10T09:00:00Z"),
    }
    with open_workbook(db, read_only=True) as workbook:
        (touch,) = workbook.all(Touch)
        ann = workbook.get(Contact, "ann000000001")
    assert (touch.at, touch.kind, touch.summary) == (
        "2026-12-01T16:00:00Z",
        TouchKind.REQUEST,
        "Asked for 20 minutes",
    )
    assert ann.stage is Stage.REACHED_OUT


def test_touch_json_has_the_touch_and_the_rows_made(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    data = ask_ann(capsys, db, config)
    assert set(data) == {"touch", "made", "closed", "moved"}
    assert set(data["touch"]) == TOUCH_KEYS
    with open_workbook(db, read_only=True) as workbook:
        (touch,) = workbook.all(Touch)
    assert data["touch"] == {
        "id": touch.id,
        "contact_id": "ann000000001",
        "contact": "Ann Lee",
        "at": "2026-12-01T16:00:00Z",
        "channel": "email",
        "direction": "out",
        "kind": "request",
        "summary": "Asked for 20 minutes",
    }
    assert (data["closed"], data["moved"]) == ([], [])
    assert all(set(row) == ROW_KEYS for row in data["made"])
    by_kind = {row["kind"]: row for row in data["made"]}
    try_next = by_kind["try next contact"]
    assert try_next == {
        "id": try_next["id"],
        "contact_id": "ann000000001",
        "contact": "Ann Lee",
        "kind": "try next contact",
        "rule": "3b7",
        "status": "open",
        "due": "2026-12-04T09:00:00Z",
        "due_local": "2026-12-04T09:00:00+00:00",
        "reason": stored(db)[try_next["id"]].reason,
        "snoozed_until": None,
        "closed_reason": "",
        "interview_id": None,
    }
    # The rows are the ones `followups --json` gives.
    listed = as_json(capsys, db, config, "followups")
    assert sorted(listed, key=lambda r: r["id"]) == sorted(data["made"], key=lambda r: r["id"])


def test_a_reply_closes_the_reminders_and_says_why(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    made = ask_ann(capsys, db, config)["made"]
    code, out, err = cli(
        capsys,
        db,
        config,
        *("touch", "Ann Lee", "--kind", "reply", "--channel", "email"),
        *("--when", "2026-12-01 16:30"),
    )
    assert code == 0, err
    closed = [line for line in out.splitlines() if line.startswith("closed:")]
    assert len(closed) == 2
    assert all(line.endswith("(closed: they replied on Tue 1 Dec)") for line in closed)
    assert any("try next contact" in line and "Fri 4 Dec 09:00" in line for line in closed)
    assert cells(out.splitlines()[0])[-2:] == ["reply", "in by email"], "a reply comes in"
    follow_ups = stored(db)
    for row in made:
        assert follow_ups[row["id"]].status is FollowUpStatus.DONE
    assert as_json(capsys, db, config, "followups", "--due", "week") == []


def test_a_reply_in_json_lists_the_closed_rows(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    made = ask_ann(capsys, db, config)["made"]
    data = as_json(
        capsys,
        db,
        config,
        *("touch", "ann000000001", "--kind", "reply", "--channel", "phone"),
        *("--when", "2026-12-01 16:30"),
    )
    assert data["touch"]["direction"] == "in" and data["touch"]["channel"] == "phone"
    assert {row["id"] for row in data["closed"]} == {row["id"] for row in made}
    assert {(row["status"], row["closed_reason"]) for row in data["closed"]} == {
        ("done", "they replied on Tue 1 Dec")
    }
    # Talking to them starts the keep-in-touch cadence.
    assert [row["rule"] for row in data["made"]] == ["keep-in-touch"]


def test_touch_defaults_to_now_and_out_and_reads_when_in_tz(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    now = as_json(capsys, db, config, "touch", "Bob", "--kind", "intro", "--channel", "phone")
    assert (now["touch"]["at"], now["touch"]["direction"]) == (NOW, "out")
    elsewhere = as_json(
        capsys,
        db,
        config,
        *("touch", "Bob", "--kind", "other", "--channel", "in-person"),
        *("--when", "2026-12-01 09:00", "--tz", "america/new york", "--direction", "IN"),
    )
    assert elsewhere["touch"]["at"] == "2026-12-01T14:00:00Z"
    assert (elsewhere["touch"]["channel"], elsewhere["touch"]["direction"]) == ("in person", "in")
    kinds = as_json(
        capsys, db, config, "touch", "Bob", "--kind", "thank_you", "--channel", "letter"
    )
    assert kinds["touch"]["kind"] == "thank-you"


@pytest.mark.parametrize(
    ("zone", "due", "due_local"),
    [
        ("Asia/Tokyo", "2026-12-04T00:00:00Z", "2026-12-04T09:00:00+09:00"),
        ("America/Los_Angeles", "2026-12-04T17:00:00Z", "2026-12-04T09:00:00-08:00"),
    ],
)
def test_due_is_utc_and_due_local_is_in_the_home_zone(
    capsys: pytest.CaptureFixture[str],
    db: Path,
    tmp_path: Path,
    zone: str,
    due: str,
    due_local: str,
) -> None:
    config = config_for(tmp_path, zone)
    data = as_json(
        capsys,
        db,
        config,
        *("touch", "Ann", "--kind", "request", "--channel", "email", "--when", "2026-12-01 08:00"),
    )
    try_next = next(row for row in data["made"] if row["kind"] == "try next contact")
    assert (try_next["due"], try_next["due_local"]) == (due, due_local)
    listed = next(
        row for row in as_json(capsys, db, config, "followups") if row["id"] == try_next["id"]
    )
    assert (listed["due"], listed["due_local"]) == (due, due_local)
    _, out, _ = cli(capsys, db, config, "followups")
    line = next(line for line in out.splitlines() if try_next["id"] in line)
    assert "Fri 4 Dec 09:00" in line, "the text shows the home zone's clock"


# -- followups ----------------------------------------------------------------------------------


@pytest.fixture
def queue_db(tmp_path: Path) -> Path:
    """Follow-ups of every kind of state, around NOW (UTC)."""
    path = tmp_path / "queue.json"
    items = [
        ("overdue1", "2026-11-30T09:00:00Z", FollowUpStatus.OPEN, None),
        ("snoozeover", "2026-11-20T09:00:00Z", FollowUpStatus.SNOOZED, "2026-12-01T10:00:00Z"),
        ("today1", "2026-12-01T20:00:00Z", FollowUpStatus.OPEN, None),
        ("week1", "2026-12-05T09:00:00Z", FollowUpStatus.OPEN, None),
        ("later1", "2026-12-20T09:00:00Z", FollowUpStatus.OPEN, None),
        ("waiting1", "2026-11-25T09:00:00Z", FollowUpStatus.SNOOZED, "2026-12-03T09:00:00Z"),
        ("done1", "2026-11-28T09:00:00Z", FollowUpStatus.DONE, None),
        ("dismissed1", "2026-12-02T09:00:00Z", FollowUpStatus.DISMISSED, None),
    ]
    with open_workbook(path) as workbook:
        ann = workbook.add(Contact(id="ann000000001", name="Ann Lee", company="Acme"))
        cy = workbook.add(Contact(id="cy0000000003", name="Cy Gone", archived=True))
        for follow_up_id, due, status, until in items:
            workbook.add(
                FollowUp(
                    id=follow_up_id,
                    contact_id=ann.id,
                    due=due,
                    kind=FollowUpKind.CUSTOM,
                    reason=f"reason of {follow_up_id}",
                    status=status,
                    snoozed_until=until,
                    closed_reason="they replied on Sat 28 Nov" if follow_up_id == "done1" else "",
                )
            )
        workbook.add(
            FollowUp(id="archived1", contact_id=cy.id, due="2026-12-02T09:00:00Z", reason="cy")
        )
    return path


def cells(line: str) -> list[str]:
    """A line of text output split into its columns (two spaces or more apart)."""
    return re.split(r"\s{2,}", line.strip())


def ids(rows: list[dict[str, Any]]) -> list[str]:
    return [row["id"] for row in rows]


def test_the_queue_is_open_ones_most_urgent_first(
    capsys: pytest.CaptureFixture[str], queue_db: Path, config: Path
) -> None:
    rows = as_json(capsys, queue_db, config, "followups")
    # A snooze that is over counts as open, at its end; one still running is hidden, and
    # so are done, dismissed and archived contacts' follow-ups.
    assert ids(rows) == ["overdue1", "snoozeover", "today1", "week1", "later1"]
    assert all(set(row) == ROW_KEYS for row in rows)
    snoozed = rows[1]
    assert (snoozed["status"], snoozed["snoozed_until"]) == ("snoozed", "2026-12-01T10:00:00Z")
    code, out, err = cli(capsys, queue_db, config, "followups")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Overdue (2)",
        "  overdue1    Mon 30 Nov 09:00  Ann Lee  custom  reason of overdue1",
        "  snoozeover  Tue 1 Dec 10:00   Ann Lee  custom  reason of snoozeover",
        "Today (1)",
        "  today1      Tue 1 Dec 20:00   Ann Lee  custom  reason of today1",
        "This week (1)",
        "  week1       Sat 5 Dec 09:00   Ann Lee  custom  reason of week1",
        "Later (1)",
        "  later1      Sun 20 Dec 09:00  Ann Lee  custom  reason of later1",
    ]


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("overdue", ["overdue1", "snoozeover"]),
        ("today", ["overdue1", "snoozeover", "today1"]),
        ("week", ["overdue1", "snoozeover", "today1", "week1"]),
    ],
)
def test_due_filters_take_in_the_overdue_ones(
    capsys: pytest.CaptureFixture[str],
    queue_db: Path,
    config: Path,
    due: str,
    expected: list[str],
) -> None:
    assert ids(as_json(capsys, queue_db, config, "followups", "--due", due)) == expected


def test_today_ends_at_the_end_of_the_home_day(
    capsys: pytest.CaptureFixture[str], queue_db: Path, tmp_path: Path
) -> None:
    # At 17:00 UTC it is already 2 Dec in Tokyo: today1 (20:00 UTC) is today there, and
    # dismissed1's day would be tomorrow; in Los Angeles it is still the morning of 1 Dec.
    tokyo = as_json(capsys, queue_db, config_for(tmp_path, "Asia/Tokyo"), "followups")
    assert ids(tokyo)[:3] == ["overdue1", "snoozeover", "today1"]
    assert tokyo[2]["due_local"] == "2026-12-02T05:00:00+09:00"
    la = config_for(tmp_path, "America/Los_Angeles")
    assert ids(as_json(capsys, queue_db, la, "followups", "--due", "today")) == [
        "overdue1",
        "snoozeover",
        "today1",
    ]


def test_all_shows_every_follow_up_with_its_status(
    capsys: pytest.CaptureFixture[str], queue_db: Path, config: Path
) -> None:
    rows = as_json(capsys, queue_db, config, "followups", "--all")
    assert ids(rows) == [
        "overdue1",
        "snoozeover",
        "today1",
        "archived1",
        "waiting1",
        "week1",
        "later1",
        "done1",
        "dismissed1",
    ]
    code, out, _ = cli(capsys, queue_db, config, "followups", "--all")
    assert code == 0
    lines = out.splitlines()
    assert [line for line in lines if not line.startswith("  ")] == [
        "Overdue (2)",
        "Today (1)",
        "This week (3)",
        "Later (1)",
        "Done (1)",
        "Dismissed (1)",
    ]
    waiting = next(line for line in lines if "waiting1" in line)
    assert cells(waiting) == [
        "waiting1",
        "Thu 3 Dec 09:00",
        "Ann Lee",
        "custom",
        "snoozed",
        "reason of waiting1",
    ]
    done = next(line for line in lines if "done1" in line)
    assert cells(done)[-2:] == ["done", "reason of done1 (closed: they replied on Sat 28 Nov)"]
    assert "Cy Gone" in next(line for line in lines if "archived1" in line)
    assert ids(as_json(capsys, queue_db, config, "followups", "--all", "--due", "overdue")) == [
        "overdue1",
        "snoozeover",
        "done1",
    ]


def test_contact_shows_one_contacts_follow_ups(
    capsys: pytest.CaptureFixture[str], queue_db: Path, config: Path
) -> None:
    assert ids(as_json(capsys, queue_db, config, "followups", "--contact", "cy gone")) == [
        "archived1"
    ], "asked for by name, an archived contact's follow-ups show"
    ann = as_json(capsys, queue_db, config, "followups", "--contact", "ann000000001")
    assert ids(ann) == ["overdue1", "snoozeover", "today1", "week1", "later1"]
    ann_all = as_json(capsys, queue_db, config, "followups", "--contact", "Ann", "--all")
    assert "archived1" not in ids(ann_all) and len(ann_all) == 8


def test_an_empty_queue_says_so_kindly(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    code, out, err = cli(capsys, db, config, "followups")
    assert (code, out) == (0, "")
    assert err.strip() == "no open follow-ups: all caught up"
    code, out, err = cli(capsys, db, config, "followups", "--due", "today", "--contact", "bob")
    assert (code, out, err.strip()) == (0, "", "nothing for Bob Ode due today: all caught up")
    assert as_json(capsys, db, config, "followups") == []


def test_followups_reads_a_workbook_it_cannot_write_without_a_lock(
    capsys: pytest.CaptureFixture[str], queue_db: Path, config: Path
) -> None:
    queue_db.chmod(0o444)
    before = queue_db.read_bytes()
    files = sorted(queue_db.parent.iterdir())
    assert len(as_json(capsys, queue_db, config, "followups")) == 5
    assert queue_db.read_bytes() == before
    assert sorted(queue_db.parent.iterdir()) == files


def test_followups_works_while_another_informterm_holds_the_workbook(
    capsys: pytest.CaptureFixture[str], queue_db: Path, config: Path
) -> None:
    with open_workbook(queue_db, read_only=False) as holder:
        assert not holder.read_only
        assert len(as_json(capsys, queue_db, config, "followups")) == 5
        before = queue_db.read_bytes()
        code, out, err = cli(capsys, queue_db, config, "followup", "done", "today1")
        assert (code, out) == (2, "")
        assert "cannot done the follow-up" not in err and "cannot mark the follow-up" in err
        assert queue_db.read_bytes() == before


# -- followup done|snooze|dismiss ---------------------------------------------------------------


@pytest.fixture
def action_db(tmp_path: Path) -> Path:
    """Ann, with a thank-you due, a promise, and follow-ups whose ids share their starts."""
    path = tmp_path / "act.json"
    with open_workbook(path) as workbook:
        ann = workbook.add(
            Contact(id="ann000000001", name="Ann Lee", company="Acme", stage=Stage.INTERVIEWED)
        )
        workbook.add(Touch(contact_id=ann.id, at="2026-11-20T10:00:00Z", kind=TouchKind.REQUEST))
        for follow_up_id, kind in (
            ("abc111111111", FollowUpKind.THANK_YOU),
            ("abc222222222", FollowUpKind.PROMISE),
            ("abd333333333", FollowUpKind.CUSTOM),
        ):
            workbook.add(
                FollowUp(
                    id=follow_up_id,
                    contact_id=ann.id,
                    due="2026-12-01T20:00:00Z",
                    kind=kind,
                    reason=f"{kind} for Ann",
                )
            )
    return path


def test_done_logs_the_message_it_stands_for(
    capsys: pytest.CaptureFixture[str], action_db: Path, config: Path
) -> None:
    data = as_json(capsys, action_db, config, "followup", "done", "abc111111111")
    assert set(data) == {"follow_up", "touch", "made", "closed", "moved"}
    assert set(data["follow_up"]) == ROW_KEYS
    assert (data["follow_up"]["id"], data["follow_up"]["status"]) == ("abc111111111", "done")
    assert set(data["touch"]) == TOUCH_KEYS
    assert (data["touch"]["kind"], data["touch"]["direction"], data["touch"]["at"]) == (
        "thank-you",
        "out",
        NOW,
    )
    assert all(set(row) == ROW_KEYS for key in ("made", "closed", "moved") for row in data[key])
    assert stored(action_db)["abc111111111"].status is FollowUpStatus.DONE
    with open_workbook(action_db, read_only=True) as workbook:
        assert [t.kind for t in workbook.all(Touch)] == [TouchKind.REQUEST, TouchKind.THANK_YOU]


def test_done_in_text_says_what_it_did(
    capsys: pytest.CaptureFixture[str], action_db: Path, config: Path
) -> None:
    code, out, err = cli(capsys, action_db, config, "followup", "done", "abc1")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Done: thank-you for Ann Lee (logged as sent)"
    assert cells(lines[1]) == [
        "follow-up:",
        "abc111111111",
        "Tue 1 Dec 20:00",
        "Ann Lee",
        "thank-you",
        "thank-you for Ann",
    ]
    assert lines[2].startswith("touch:") and lines[2].endswith("out by email: Sent the thank-you")
    # A promise is not a message to them: done logs nothing.
    data = as_json(capsys, action_db, config, "followup", "done", "abc2")
    assert data["touch"] is None and (data["made"], data["closed"], data["moved"]) == ([], [], [])
    code, out, _ = cli(capsys, action_db, config, "followup", "done", "abd")
    assert out.splitlines()[0] == "Done: custom for Ann Lee" and len(out.splitlines()) == 2


def test_snooze_until_a_date_starts_at_the_working_day(
    capsys: pytest.CaptureFixture[str], action_db: Path, config: Path
) -> None:
    data = as_json(capsys, action_db, config, "followup", "snooze", "abd", "--until", "2026-12-05")
    assert (data["touch"], data["made"], data["closed"], data["moved"]) == (None, [], [], [])
    row = data["follow_up"]
    assert (row["status"], row["snoozed_until"]) == ("snoozed", "2026-12-05T09:00:00Z")
    assert row["due"] == "2026-12-01T20:00:00Z", "the due time is kept"
    assert "abd333333333" not in ids(as_json(capsys, action_db, config, "followups"))
    code, out, _ = cli(
        capsys, action_db, config, "followup", "snooze", "abd", "--until", "2026-12-03 14:30"
    )
    assert code == 0
    assert out.splitlines()[0] == "Snoozed: custom for Ann Lee until Thu 3 Dec"
    assert stored(action_db)["abd333333333"].snoozed_until == "2026-12-03T14:30:00Z"


def test_dismiss_marks_it_dismissed_and_a_second_time_is_refused(
    capsys: pytest.CaptureFixture[str], action_db: Path, config: Path
) -> None:
    code, out, err = cli(capsys, action_db, config, "followup", "dismiss", "ABD3")
    assert code == 0, err
    assert out.splitlines()[0] == "Dismissed: custom for Ann Lee"
    assert stored(action_db)["abd333333333"].status is FollowUpStatus.DISMISSED
    before = action_db.read_bytes()
    for action in ("dismiss", "done", "snooze"):
        extra = ["--until", "2026-12-05"] if action == "snooze" else []
        code, out, err = cli(capsys, action_db, config, "followup", action, "abd", *extra)
        assert (code, out) == (2, "")
        assert "follow-up abd333333333 is already dismissed: nothing to do" in err
    assert action_db.read_bytes() == before


def test_a_prefix_that_starts_several_ids_lists_them(
    capsys: pytest.CaptureFixture[str], action_db: Path, config: Path
) -> None:
    before = action_db.read_bytes()
    code, out, err = cli(capsys, action_db, config, "followup", "done", "abc")
    assert (code, out) == (2, "")
    assert "'abc' starts 2 follow-ups' ids" in err
    assert "abc111111111 (thank-you for Ann Lee)" in err
    assert "abc222222222 (promise for Ann Lee)" in err and "give more of the id" in err
    code, _, err = cli(capsys, action_db, config, "followup", "done", "fff")
    assert code == 2 and "no follow-up's id starts with 'fff'" in err
    assert action_db.read_bytes() == before


# -- bad input: a clear line, exit 2, nothing written ------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["touch", "Nobody", "--kind", "request", "--channel", "email"], "CONTACT: no contact has"),
        (
            ["touch", "e", "--kind", "request", "--channel", "email"],
            "CONTACT: 'e' matches 2 contacts: Ann Lee (ann000000001); Bob Ode (bob000000002)",
        ),
        (
            [*ASK, "--when", "2026-02-30 10:00"],
            "--when: 2026-02-30 is not a date: February 2026 has 28 days",
        ),
        (
            [*ASK, "--when", "25:00"],
            "--when: 25:00 is not a time of day",
        ),
        (
            [*ASK, "--when", "soonish"],
            "--when: Cannot read 'soonish' as a date and time",
        ),
        (
            [*ASK, "--when", "2026-12-01 10:00", "--tz", "Europe/Londn"],
            "--tz: unknown time zone 'Europe/Londn': did you mean Europe/London?",
        ),
        (
            [*ASK, "--when", "2026-12-03 10:00"],
            "--when: Thu 3 Dec 2026 10:00 (UTC) is more than a day from now",
        ),
        (
            ["touch", "Ann", "--kind", "requst", "--channel", "email"],
            "'requst' is not a kind; choose from: intro, request, follow-up, thank-you, update, "
            "reply, other",
        ),
        (
            ["touch", "Ann", "--kind", "request", "--channel", "fax"],
            "'fax' is not a channel; choose from: email, phone, letter, message, in person, video",
        ),
        (
            ["touch", "Ann", "--kind", "reply", "--channel", "email", "--direction", "up"],
            "'up' is not a direction; choose from: out, in",
        ),
        (["touch", "Ann", "--channel", "email"], "the following arguments are required: --kind"),
        (["touch", "Ann\udcff", "--kind", "reply", "--channel", "email"], "CONTACT: 'Ann\\udcff'"),
        (["followups", "--contact", "Nobody"], "--contact: no contact has the name or id"),
        (["followups", "--due", "tomorrow"], "argument --due: invalid choice: 'tomorrow'"),
        (["followup", "done", "   "], "ID: give a follow-up's id"),
        (["followup", "snooze", "abc1"], "the following arguments are required: --until"),
        (
            ["followup", "snooze", "abc1", "--until", "2026-02-30"],
            "--until: 2026-02-30 is not a date: February 2026 has 28 days",
        ),
        (
            ["followup", "snooze", "abc1", "--until", "2026-11-30 10:00"],
            "--until: 2026-11-30 10:00 is not in the future",
        ),
        (["followup", "postpone", "abc1"], "invalid choice: 'postpone'"),
        (["followup"], "the following arguments are required: ACTION"),
    ],
)
def test_bad_input_is_one_clear_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    action_db: Path,
    config: Path,
    args: list[str],
    message: str,
) -> None:
    with open_workbook(action_db) as workbook:
        workbook.add(Contact(id="bob000000002", name="Bob Ode", company="Acme"))
    before = action_db.read_bytes()
    code, out, err = cli(capsys, action_db, config, *args)
    assert (code, out) == (2, ""), err
    assert message in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    assert action_db.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ["touch", "Ann", "--kind", "request", "--channel", "email"],
        ["followups"],
        ["followup", "done", "abc1"],
    ],
)
def test_a_missing_workbook_is_named_and_not_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, config: Path, args: list[str]
) -> None:
    missing = tmp_path / "nowhere" / "w.json"
    code, out, err = cli(capsys, missing, config, *args)
    assert (code, out) == (1, "")
    assert f"no workbook at {missing} yet" in err
    assert not missing.exists() and not missing.parent.exists()


def test_touch_refuses_while_another_informterm_holds_the_workbook(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    with open_workbook(db, read_only=False):
        before = db.read_bytes()
        code, out, err = cli(
            capsys, db, config, "touch", "Ann", "--kind", "request", "--channel", "email"
        )
    assert (code, out) == (2, "")
    assert "cannot log the touch:" in err and "is open in another informterm" in err
    assert db.read_bytes() == before


# -- user text is data ---------------------------------------------------------------------------


def test_hostile_names_and_reasons_are_printed_safely(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, config: Path
) -> None:
    path = tmp_path / "hostile.json"
    evil = "Evil\x1b[2J\x9b31m\nName"
    with open_workbook(path) as workbook:
        workbook.add(Contact(id="bold00000001", name="[bold]Bob", company="[link=x]Co[/link]"))
        workbook.add(Contact(id="evil00000002", name=evil, company="[link=x]Co[/link]"))
        workbook.add(
            FollowUp(
                id="f00000000001",
                contact_id="evil00000002",
                due="2026-11-30T09:00:00Z",
                reason="Reply\x07 [/] \x1b]0;pwned\x07",
            )
        )
    code, out, err = cli(
        capsys,
        path,
        config,
        *("touch", "[bold]Bob", "--kind", "request", "--channel", "email"),
        *("--when", "2026-12-01 09:00", "--summary", "Hi\x1b[31m there"),
    )
    assert code == 0, err
    code2, listed, err2 = cli(capsys, path, config, "followups")
    assert code2 == 0, err2
    for text in (out, listed):
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", text), text
    assert "[bold]Bob" in out and "Hi␛[31m there" in out
    assert "Evil␛[2J\\x9b31m␊Name" in listed, "the controls are shown, not sent"
    assert "Reply␇ [/] ␛]0;pwned␇" in listed
    assert "try the next contact at [link=x]Co[/link], Evil␛[2J\\x9b31m␊Name" in out
    code, raw, _ = cli(capsys, path, config, "followups", "--json")
    assert not re.search("[\x00-\x1f\x7f-\x9f]", raw.replace("\n", ""))
    rows = {row["id"]: row for row in json.loads(raw)}
    assert rows["f00000000001"]["contact"] == evil
    code, _, err = cli(
        capsys, path, config, "touch", "Evil", "--kind", "reply", "--channel", "email"
    )
    assert code == 0, err


def test_a_name_matching_several_contacts_is_listed_safely(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, config: Path
) -> None:
    path = tmp_path / "w.json"
    with open_workbook(path) as workbook:
        workbook.add(Contact(id="a00000000001", name="Sam \x1b[2J One"))
        workbook.add(Contact(id="a00000000002", name="Sam [b]Two"))
    code, _, err = cli(
        capsys, path, config, "touch", "sam", "--kind", "intro", "--channel", "email"
    )
    assert code == 2
    assert "Sam ␛[2J One (a00000000001); Sam [b]Two (a00000000002)" in err
    assert "\x1b" not in err


# -- help and version ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_every_new_command_has_help_and_version(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0
    for option in ("--db", "--config", "--version", "--help"):
        assert option in out, (command, option)
    code, out, _ = run(capsys, *command, "--version")
    assert (code, out.strip()) == (0, f"informterm {__version__}")
