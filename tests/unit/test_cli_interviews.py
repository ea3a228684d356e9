"""The interview commands (``schedule``, ``interviews``, ``interview confirm|done|cancel|
no-show|reschedule|ics``), run in-process through ``main()`` on real workbook files under
tmp_path, with the clock fixed."""

from __future__ import annotations

import json
import re
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest

from informterm.cli import main
from informterm.core.model import (
    Contact,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Interview,
    InterviewStatus,
    Medium,
    Stage,
)
from informterm.store import open_workbook

NOW = "2026-12-01T17:00:00Z"
"""A Tuesday: 17:00 in London, 12:00 in New York."""

ROW_KEYS = {
    "id",
    "contact_id",
    "contact",
    "status",
    "medium",
    "place",
    "duration_minutes",
    "starts_at",
    "ends_at",
    "timezone",
    "local_start",
    "local_end",
    "your_start",
    "your_end",
    "warnings",
    "outcome",
}
ANN = "ann000000001"
BOB = "bob000000002"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("informterm.core.model.utc_now", lambda: NOW)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(
        "home_timezone: Europe/London\nyour_name: Sam Doe\nmeetings_per_day: 2\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Ann Lee in New York (who talks 08:00-12:00), Bob Ode with no zone, Cy in Kathmandu."""
    path = tmp_path / "w.json"
    with open_workbook(path) as workbook:
        workbook.add(
            Contact(
                id=ANN,
                name="Ann [/] Lee",
                company="Acme",
                timezone="America/New_York",
                available_hours="08:00-12:00",
                stage=Stage.REACHED_OUT,
            )
        )
        workbook.add(Contact(id=BOB, name="Bob Ode", company="Acme"))
        workbook.add(Contact(id="cy0000000003", name="Cy Rai", timezone="Asia/Kathmandu"))
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
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


def interviews(db: Path) -> dict[str, Interview]:
    with open_workbook(db, read_only=True) as workbook:
        return {i.id: i for i in workbook.all(Interview)}


def follow_ups(db: Path) -> list[FollowUp]:
    with open_workbook(db, read_only=True) as workbook:
        return workbook.all(FollowUp)


def book(capsys: pytest.CaptureFixture[str], db: Path, config: Path, *args: str) -> Any:
    return as_json(capsys, db, config, "schedule", *args)["interview"]


def cells(line: str) -> list[str]:
    return re.split(r"\s{2,}", line.strip())


# -- schedule -----------------------------------------------------------------------------------


def test_schedule_books_it_in_both_zones_and_asks_to_confirm(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    code, out, err = cli(
        capsys, db, config, "schedule", "Ann", "--at", "2026-12-08 15:00", "--place", "Café [x]"
    )
    assert code == 0, err
    first, *rest = out.splitlines()
    assert first.startswith("scheduled: ")
    assert cells(first)[1:] == [
        "Tue 8 Dec 15:00-15:30",
        "Tue 8 Dec 10:00-10:30 America/New_York",
        "Ann [/] Lee",
        "proposed",
        "30 min video: Café [x]",
    ]
    assert rest[0].startswith("made:") and "confirm" in rest[0] and "Mon 7 Dec 09:00" in rest[0]
    (talk,) = interviews(db).values()
    assert (talk.starts_at, talk.timezone, talk.duration_minutes, talk.medium, talk.place) == (
        "2026-12-08T15:00:00Z",
        "America/New_York",
        30,
        Medium.VIDEO,
        "Café [x]",
    )
    assert talk.status is InterviewStatus.PROPOSED
    with open_workbook(db, read_only=True) as workbook:
        assert workbook.get(Contact, ANN).stage is Stage.SCHEDULED


def test_schedule_json_is_the_row_and_the_follow_ups(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    data = as_json(
        capsys,
        db,
        config,
        *("schedule", ANN, "--at", "tue 9:30", "--zone", "theirs", "--duration", "45"),
        *("--medium", "in-person", "--place", "Acme HQ; lobby"),
    )
    assert set(data) == {"interview", "made", "closed", "moved"}
    row = data["interview"]
    assert set(row) == ROW_KEYS
    # Today is Tuesday and 9:30 is over in New York: next Tuesday, 9:30 there.
    assert row == {
        "id": row["id"],
        "contact_id": ANN,
        "contact": "Ann [/] Lee",
        "status": "proposed",
        "medium": "in person",
        "place": "Acme HQ; lobby",
        "duration_minutes": 45,
        "starts_at": "2026-12-08T14:30:00Z",
        "ends_at": "2026-12-08T15:15:00Z",
        "timezone": "America/New_York",
        "local_start": "2026-12-08T09:30:00-05:00",
        "local_end": "2026-12-08T10:15:00-05:00",
        "your_start": "2026-12-08T14:30:00+00:00",
        "your_end": "2026-12-08T15:15:00+00:00",
        "warnings": [],
        "outcome": "",
    }
    assert [(f["kind"], f["interview_id"]) for f in data["made"]] == [("confirm", row["id"])]
    # The same row as the list gives.
    assert as_json(capsys, db, config, "interviews") == [row]


@pytest.mark.parametrize(
    ("zone", "starts_at"),
    [
        ("mine", "2026-12-08T09:00:00Z"),
        ("theirs", "2026-12-08T14:00:00Z"),
        ("Asia/Kathmandu", "2026-12-08T03:15:00Z"),
        ("asia/kolkata", "2026-12-08T03:30:00Z"),
        ("Australia/Adelaide", "2026-12-07T22:30:00Z"),
    ],
)
def test_the_zone_the_time_is_typed_in(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path, zone: str, starts_at: str
) -> None:
    row = book(capsys, db, config, "Ann", "--at", "2026-12-08 09:00", "--zone", zone)
    assert row["starts_at"] == starts_at


def test_a_contact_with_no_zone_is_kept_in_yours(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    row = book(capsys, db, config, "Bob", "--at", "2026-12-08 10:00", "--zone", "theirs")
    assert (row["timezone"], row["starts_at"]) == ("Europe/London", "2026-12-08T10:00:00Z")
    assert row["local_start"] == row["your_start"] == "2026-12-08T10:00:00+00:00"


def test_a_45_minute_zone_shows_its_offset(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    row = book(capsys, db, config, "Cy Rai", "--at", "2026-12-08 09:00")
    assert row["local_start"] == "2026-12-08T14:45:00+05:45"
    assert row["timezone"] == "Asia/Kathmandu"


def test_warnings_are_printed_and_never_refuse(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    # 18:00 in London is 13:00 in New York: after both your hours and Ann's 08:00-12:00.
    code, out, err = cli(capsys, db, config, "schedule", "Ann", "--at", "2026-12-08 18:00")
    assert code == 0, err
    warning_lines = [line.strip() for line in out.splitlines() if line.startswith("  ! ")]
    assert warning_lines == [
        "! Outside your working hours (09:00-17:30): it is Tue 8 Dec 2026 18:00-18:30 your "
        "time (Europe/London)",
        "! Outside Ann [/] Lee's hours (08:00-12:00 their time): it is Tue 8 Dec 2026 "
        "13:00-13:30 in America/New_York",
    ]
    assert len(interviews(db)) == 1


def test_overlaps_and_a_full_day(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    book(capsys, db, config, "Ann", "--at", "2026-12-08 14:00")
    book(capsys, db, config, "Cy Rai", "--at", "2026-12-08 11:00")
    third = book(capsys, db, config, "Bob", "--at", "2026-12-08 14:15")
    assert third["warnings"] == [
        "Overlaps the interview with Ann [/] Lee at Tue 8 Dec 2026 14:00-14:30 your time",
        "3 interviews on Tue 8 Dec 2026 with this one: more than your 2 a day",
    ]
    listed = {row["contact"]: row["warnings"] for row in as_json(capsys, db, config, "interviews")}
    assert listed["Ann [/] Lee"][0] == (
        "Overlaps the interview with Bob Ode at Tue 8 Dec 2026 14:15-14:45 your time"
    )


def test_a_time_the_clocks_skip_says_what_it_becomes(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    row = book(capsys, db, config, "Ann", "--at", "2027-03-14 02:30", "--zone", "theirs")
    assert row["starts_at"] == "2027-03-14T07:30:00Z"
    assert row["local_start"] == "2027-03-14T03:30:00-04:00"
    assert row["warnings"][0] == (
        "02:30 does not exist on Sun 14 Mar 2027 in America/New_York: clocks go forward; "
        "it would be 03:30"
    )


def test_a_time_the_clocks_repeat_takes_the_earlier_unless_later(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    at = ("--at", "2027-10-31 02:30", "--zone", "Europe/Berlin")
    earlier = book(capsys, db, config, "Bob", *at)
    assert earlier["starts_at"] == "2027-10-31T00:30:00Z"
    assert earlier["warnings"][0].endswith("(+01:00 CET); --later takes the later one")
    later = book(capsys, db, config, "Bob", *at, "--later")
    assert later["starts_at"] == "2027-10-31T01:30:00Z"
    assert "this is the later one (+01:00 CET)" in later["warnings"][0]
    assert later["warnings"][0].endswith("; leave out --later for the earlier one")
    # An explicit offset says which, with no question.
    explicit = book(capsys, db, config, "Bob", "--at", "2027-10-31T02:30+01:00")
    assert explicit["starts_at"] == "2027-10-31T01:30:00Z"


def test_the_end_is_the_real_duration_across_a_change(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    # 60 minutes from 00:30 in London the night the clocks go back (01:00 UTC).
    row = book(capsys, db, config, "Bob", "--at", "2027-10-31 00:30", "--duration", "90")
    assert (row["starts_at"], row["ends_at"]) == ("2027-10-30T23:30:00Z", "2027-10-31T01:00:00Z")
    assert (row["your_start"], row["your_end"]) == (
        "2027-10-31T00:30:00+01:00",
        "2027-10-31T01:00:00+00:00",
    )
    _, out, _ = cli(capsys, db, config, "interviews")
    assert "31 Oct 2027 00:30 +01:00 BST-01:00 +00:00 GMT" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Ann", "--at", "2027-02-30 09:00"], "--at: 2027-02-30 is not a date: February 2027"),
        (["Ann", "--at", "next week"], "--at: Cannot read 'next week' as a date and time; "
         "write e.g. 2027-01-12 09:00, 01-12 9:00, tomorrow 10:00 or tue 9:30"),
        (["Ann", "--at", "2027-01-12"], "--at: Give the time too"),
        (["Ann", "--at", "tue 9:00", "--zone", "Europe/Pariss"],
         "--zone: unknown time zone 'Europe/Pariss': did you mean Europe/Paris?"),
        (["Nobody", "--at", "tue 9:00"], "CONTACT: no contact has the name or id 'Nobody'"),
        (["Ann", "--at", "tue 9:00", "--duration", "2"], "--duration: 2 minutes is not a length"),
        (["Ann", "--at", "tue 9:00", "--medium", "pigeon"], "'pigeon' is not a medium"),
        (["Ann"], "the following arguments are required: --at"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path, args: list[str], message: str
) -> None:
    before = db.read_bytes()
    code, out, err = cli(capsys, db, config, "schedule", *args)
    assert (code, out) == (2, "")
    assert message in err
    assert db.read_bytes() == before


def test_no_workbook_is_not_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, config: Path
) -> None:
    missing = tmp_path / "none.json"
    code, _, err = cli(capsys, missing, config, "schedule", "Ann", "--at", "tue 9:00")
    assert code == 1 and "no workbook at" in err
    assert cli(capsys, missing, config, "interviews")[0] == 1
    assert not missing.exists()


# -- interviews ---------------------------------------------------------------------------------


@pytest.fixture
def booked(capsys: pytest.CaptureFixture[str], db: Path, config: Path) -> dict[str, str]:
    """Three interviews: Ann's next week, Bob's past one (held), Cy's cancelled."""
    ann = book(capsys, db, config, "Ann", "--at", "2026-12-08 14:00")["id"]
    bob = book(capsys, db, config, "Bob", "--at", "2026-11-30 10:00")["id"]
    cy = book(capsys, db, config, "Cy Rai", "--at", "2026-12-09 10:00")["id"]
    assert cli(capsys, db, config, "interview", "done", bob)[0] == 0
    assert cli(capsys, db, config, "interview", "cancel", cy)[0] == 0
    return {"ann": ann, "bob": bob, "cy": cy}


def test_interviews_lists_them_all_earliest_first(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path, booked: dict[str, str]
) -> None:
    rows = as_json(capsys, db, config, "interviews")
    assert [(r["id"], r["status"]) for r in rows] == [
        (booked["bob"], "done"),
        (booked["ann"], "proposed"),
        (booked["cy"], "cancelled"),
    ]
    assert all(set(row) == ROW_KEYS for row in rows)
    assert all(r["starts_at"].endswith("Z") and r["ends_at"].endswith("Z") for r in rows)
    code, out, err = cli(capsys, db, config, "interviews")
    assert code == 0, err
    lines = out.splitlines()
    assert [cells(line)[0] for line in lines] == [booked["bob"], booked["ann"], booked["cy"]]
    assert cells(lines[2])[1:] == [
        "Wed 9 Dec 10:00-10:30",
        "Wed 9 Dec 15:45-16:15 Asia/Kathmandu",
        "Cy Rai",
        "cancelled",
        "30 min video",
    ]
    # The columns line up.
    assert len({line.index("min video") for line in lines}) == 1


def test_interviews_upcoming_and_one_contact(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path, booked: dict[str, str]
) -> None:
    upcoming = as_json(capsys, db, config, "interviews", "--upcoming")
    assert [r["id"] for r in upcoming] == [booked["ann"]]
    assert [r["id"] for r in as_json(capsys, db, config, "interviews", "--contact", "bob")] == [
        booked["bob"]
    ]
    code, out, err = cli(capsys, db, config, "interviews", "--upcoming", "--contact", "Cy")
    assert (code, out) == (0, "")
    assert "no interviews to come with Cy Rai" in err


def test_interviews_reads_without_locking(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path, booked: dict[str, str]
) -> None:
    with open_workbook(db, read_only=False):
        assert len(as_json(capsys, db, config, "interviews")) == 3


# -- interview confirm|done|cancel|no-show --------------------------------------------------------


def test_done_marks_it_held_and_the_thank_you_rule_runs(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    talk = book(capsys, db, config, "Ann", "--at", "2026-12-01 14:00")
    data = as_json(capsys, db, config, "interview", "done", talk["id"][:5], "--outcome", "Great")
    assert set(data) == {"interview", "made", "closed", "moved"}
    assert (data["interview"]["status"], data["interview"]["outcome"]) == ("done", "Great")
    assert data["interview"]["warnings"] == []
    assert [(f["kind"], f["status"]) for f in data["made"]] == [("thank-you", "open")]
    assert interviews(db)[talk["id"]].status is InterviewStatus.DONE
    with open_workbook(db, read_only=True) as workbook:
        assert workbook.get(Contact, ANN).stage is Stage.INTERVIEWED
    thanks = [f for f in follow_ups(db) if f.kind is FollowUpKind.THANK_YOU]
    assert [f.interview_id for f in thanks] == [talk["id"]]


@pytest.mark.parametrize(
    ("action", "status", "label"),
    [
        ("confirm", InterviewStatus.CONFIRMED, "confirmed:"),
        ("cancel", InterviewStatus.CANCELLED, "cancelled:"),
        ("no-show", InterviewStatus.NO_SHOW, "no-show:"),
    ],
)
def test_confirm_cancel_and_no_show(
    capsys: pytest.CaptureFixture[str],
    db: Path,
    config: Path,
    action: str,
    status: InterviewStatus,
    label: str,
) -> None:
    talk = book(capsys, db, config, "Ann", "--at", "2026-12-08 14:00")
    code, out, err = cli(capsys, db, config, "interview", action, talk["id"])
    assert code == 0, err
    assert out.startswith(f"{label} {talk['id']}")
    assert interviews(db)[talk["id"]].status is status
    confirm = next(f for f in follow_ups(db) if f.kind is FollowUpKind.CONFIRM)
    assert (confirm.status is FollowUpStatus.OPEN) is (status is InterviewStatus.CONFIRMED)


@pytest.mark.parametrize(
    ("first", "then", "message"),
    [
        ("confirm", "confirm", "it is already confirmed: nothing to do"),
        ("cancel", "done", "it is cancelled, so it cannot be marked done (reschedule it"),
        ("done", "cancel", "it is done, so it cannot be marked cancelled"),
    ],
)
def test_a_change_that_makes_no_sense_exits_2(
    capsys: pytest.CaptureFixture[str],
    db: Path,
    config: Path,
    first: str,
    then: str,
    message: str,
) -> None:
    talk = book(capsys, db, config, "Ann", "--at", "2026-12-08 14:00")["id"]
    assert cli(capsys, db, config, "interview", first, talk)[0] == 0
    before = db.read_bytes()
    code, _, err = cli(capsys, db, config, "interview", then, talk)
    assert code == 2 and message in err
    assert db.read_bytes() == before


def test_an_unknown_or_ambiguous_id_exits_2(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    with open_workbook(db) as workbook:
        for suffix in ("1", "2"):
            workbook.add(Interview(id=f"abc00000000{suffix}", contact_id=ANN,
                                   starts_at="2026-12-08T14:00:00Z"))  # fmt: skip
    before = db.read_bytes()
    for action in ("done", "confirm", "cancel", "no-show", "ics"):
        code, _, err = cli(capsys, db, config, "interview", action, "zz")
        assert code == 2 and "no interview's id starts with 'zz'" in err
        code, _, err = cli(capsys, db, config, "interview", action, "abc")
        assert code == 2 and "'abc' starts 2 interviews' ids: abc000000001 (Ann [/] Lee" in err
    assert db.read_bytes() == before


# -- interview reschedule ------------------------------------------------------------------------


def test_reschedule_moves_it_and_its_confirm(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    talk = book(capsys, db, config, "Ann", "--at", "2026-12-08 14:00")
    cli(capsys, db, config, "interview", "confirm", talk["id"])
    data = as_json(
        capsys,
        db,
        config,
        *("interview", "reschedule", talk["id"], "--at", "thu 10:00", "--zone", "theirs"),
        *("--medium", "phone", "--place", "+1 555 0100"),
    )
    row = data["interview"]
    assert (row["id"], row["starts_at"], row["local_start"]) == (
        talk["id"],
        "2026-12-03T15:00:00Z",
        "2026-12-03T10:00:00-05:00",
    )
    # A new time is to be agreed again.
    assert (row["status"], row["medium"], row["place"]) == ("proposed", "phone", "+1 555 0100")
    assert [(f["kind"], f["due"]) for f in data["moved"]] == [("confirm", "2026-12-02T09:00:00Z")]
    assert len(interviews(db)) == 1
    longer = as_json(capsys, db, config, "interview", "reschedule", talk["id"], "--duration", "60")
    assert (longer["interview"]["starts_at"], longer["interview"]["duration_minutes"]) == (
        "2026-12-03T15:00:00Z",
        60,
    )


def test_reschedule_needs_something_to_change(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    talk = book(capsys, db, config, "Ann", "--at", "2026-12-08 14:00")["id"]
    before = db.read_bytes()
    code, _, err = cli(capsys, db, config, "interview", "reschedule", talk)
    assert code == 2 and "nothing to change: give --at, --duration, --medium or --place" in err
    code, _, err = cli(
        capsys, db, config, "interview", "reschedule", talk, "--at", "2027-02-30 9:00"
    )
    assert code == 2 and "February 2027 has 28 days" in err
    assert db.read_bytes() == before


def test_a_cancelled_interview_can_be_booked_again(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path
) -> None:
    talk = book(capsys, db, config, "Ann", "--at", "2026-12-08 14:00")["id"]
    cli(capsys, db, config, "interview", "cancel", talk)
    code, out, err = cli(
        capsys, db, config, "interview", "reschedule", talk, "--at", "2026-12-10 14:00"
    )
    assert code == 0, err
    assert out.startswith("booked again: ")
    stored = interviews(db)
    assert stored[talk].status is InterviewStatus.CANCELLED
    (new,) = (i for i in stored.values() if i.id != talk)
    assert (new.status, new.starts_at) == (InterviewStatus.PROPOSED, "2026-12-10T14:00:00Z")
    confirms = [f for f in follow_ups(db) if f.kind is FollowUpKind.CONFIRM and f.is_open]
    assert [f.interview_id for f in confirms] == [new.id]


# -- interview ics -------------------------------------------------------------------------------


def test_ics_prints_the_file(
    capsysbinary: pytest.CaptureFixture[bytes], db: Path, config: Path
) -> None:
    assert main(["schedule", "Ann", "--at", "2026-12-08 14:00", "--place", "Room [1]; B, 2",
                 "--json", "--db", str(db), "--config", str(config)]) == 0  # fmt: skip
    talk_id = json.loads(capsysbinary.readouterr().out)["interview"]["id"]
    assert main(["interview", "ics", talk_id, "--db", str(db), "--config", str(config)]) == 0
    data = capsysbinary.readouterr().out
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert event["dtstart"].params["TZID"] == "America/New_York"
    assert event.decoded("dtstart").astimezone(UTC) == datetime(2026, 12, 8, 14, tzinfo=UTC)
    assert event.decoded("duration") == timedelta(minutes=30)
    assert str(event["uid"]) == f"{talk_id}@informterm"
    assert str(event["location"]) == "Room [1]; B, 2"
    assert str(event["summary"]) == "Informational interview: Ann [/] Lee and Sam Doe"


def test_ics_output_writes_a_private_file(
    capsys: pytest.CaptureFixture[str], db: Path, config: Path, tmp_path: Path
) -> None:
    talk = book(capsys, db, config, "Ann", "--at", "2026-12-08 14:00")["id"]
    target = tmp_path / "out.ics"
    code, out, err = cli(capsys, db, config, "interview", "ics", talk, "--output", str(target))
    assert code == 0, err
    assert out.strip() == str(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    folder = tmp_path / "exports"
    folder.mkdir()
    code, out, _ = cli(capsys, db, config, "interview", "ics", talk, "--output", str(folder))
    assert code == 0 and Path(out.strip()).name == "interview-ann-lee-2026-12-08.ics"
    code, _, err = cli(
        capsys, db, config, "interview", "ics", talk, "--output", str(tmp_path / "no" / "x.ics")
    )
    assert code == 2 and "--output: there is no folder" in err


def test_add_takes_their_hours(capsys: pytest.CaptureFixture[str], db: Path, config: Path) -> None:
    code, out, err = cli(capsys, db, config, "add", "Dee", "--available-hours", "7-11:30")
    assert code == 0, err
    with open_workbook(db, read_only=True) as workbook:
        assert workbook.get(Contact, out.strip()).available_hours == "07:00-11:30"
    before = db.read_bytes()
    code, _, err = cli(capsys, db, config, "add", "Eve", "--available-hours", "late")
    assert code == 2 and "--available-hours: Write the hours as HH:MM-HH:MM" in err
    assert db.read_bytes() == before
