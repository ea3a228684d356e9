"""The interview commands: ``schedule`` (book one), ``interviews`` (the list, in both
zones, with warnings) and ``interview confirm|done|cancel|no-show|reschedule|ics``.

Their arguments are parsed in ``informterm.cli``, which imports this module only when one
of them runs. Every interview these commands print, as JSON or as a line, is made by
:class:`InterviewRows`. Bad input (an unknown contact, zone or interview, an unreadable
or impossible time) is a CliError raised before anything is written.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from informterm.cli import (
    CliError,
    aligned,
    existing_db_path,
    find_by_id,
    find_contact,
    json_text,
    load_settings_for,
    refuse_undecodable,
)
from informterm.cli_followups import Rows, writable_workbook
from informterm.core.model import (
    Contact,
    FollowUp,
    Interview,
    InterviewStatus,
    Medium,
    Settings,
    Timestamp,
)
from informterm.core.text import printable
from informterm.core.time import (
    interview_end,
    local_date,
    local_time,
    short_day,
    span_text,
    to_local,
)

if TYPE_CHECKING:
    from informterm.core.schedule import TypedStart
    from informterm.flows.followups import FollowUpChanges
    from informterm.store import Workbook
    from informterm.store.workbook import Changes


class InterviewRows:
    """Interviews as the commands print them: JSON rows and cells of text lines, in the
    interview's zone and the home zone, with the warnings of those still to come (each
    checked against the interviews near it only)."""

    def __init__(self, workbook: Workbook, settings: Settings, now: Timestamp) -> None:
        self._workbook = workbook
        self._settings = settings
        self._now = now
        self._home = settings.home_timezone or "UTC"
        self._today = local_date(now, self._home)
        self._contacts: dict[str, Contact | None] = {}
        self._days: dict[date, list[Interview]] | None = None

    def contact(self, contact_id: str) -> Contact | None:
        """The interview's contact (None for one no longer in the workbook)."""
        if contact_id not in self._contacts:
            self._contacts[contact_id] = self._workbook.find(Contact, contact_id)
        return self._contacts[contact_id]

    def name(self, contact_id: str) -> str:
        """The contact's name as stored ("" for one no longer in the workbook)."""
        contact = self.contact(contact_id)
        return contact.name if contact is not None else ""

    def warnings(self, interview: Interview) -> list[str]:
        """The warnings of ``interview`` (see :func:`informterm.core.schedule.warnings`)."""
        from informterm.core.schedule import nearby, same_day_neighbours, warnings

        if not interview.status.is_upcoming:
            return []
        if self._days is None:
            self._days = same_day_neighbours(self._workbook.all(Interview), self._home)
        contact = self.contact(interview.contact_id) or Contact(id="", name="")
        others = nearby(self._days, interview, self._home)
        names = {other.contact_id: self.name(other.contact_id) for other in others}
        return warnings(interview, contact, self._settings, others, names=names, now=self._now)

    def row(self, interview: Interview, notes: list[str] | None = None) -> dict[str, Any]:
        """An interview as every command's JSON gives it; ``notes`` go first among its
        warnings (what the clocks did to the time typed)."""
        end = interview_end(interview)
        theirs = interview.timezone or "UTC"
        return {
            "id": interview.id,
            "contact_id": interview.contact_id,
            "contact": self.name(interview.contact_id),
            "status": interview.status.value,
            "medium": interview.medium.value,
            "place": interview.place,
            "duration_minutes": interview.duration_minutes,
            "starts_at": interview.starts_at,
            "ends_at": end,
            "timezone": theirs,
            "local_start": _iso(interview.starts_at, theirs),
            "local_end": _iso(end, theirs),
            "your_start": _iso(interview.starts_at, self._home),
            "your_end": _iso(end, self._home),
            "warnings": [*(notes or []), *self.warnings(interview)],
            "outcome": interview.outcome,
        }

    def cells(self, interview: Interview) -> list[str]:
        """An interview as a line's cells: id, your time, theirs, contact, status, and how
        (medium and place)."""
        end = interview_end(interview)
        theirs = interview.timezone or "UTC"
        yours = self._span(interview.starts_at, end, self._home)
        if theirs == self._home:
            their_time = "(same zone)"
        else:
            their_time = f"{self._span(interview.starts_at, end, theirs)} {theirs}"
        how = f"{interview.duration_minutes} min {interview.medium.value}"
        place = printable(interview.place.strip())
        return [
            interview.id,
            yours,
            their_time,
            printable(self.name(interview.contact_id)) or "?",
            interview.status.value,
            f"{how}: {place}" if place else how,
        ]

    def lines(self, interviews: list[Interview], notes: list[str] | None = None) -> list[str]:
        """Interviews as aligned lines, each followed by its warnings (``! ...``)."""
        rows = aligned([self.cells(interview) for interview in interviews])
        out: list[str] = []
        for index, (interview, line) in enumerate(zip(interviews, rows, strict=True)):
            out.append(line)
            found = [*(notes or [] if index == 0 else []), *self.warnings(interview)]
            out += [f"  ! {printable(sentence)}" for sentence in found]
        return out

    def _span(self, start: Timestamp, end: Timestamp, zone: str) -> str:
        begins = local_time(start, zone) or to_local(start, "UTC")
        ends = local_time(end, zone) or to_local(end, "UTC")
        return span_text(begins, ends, self._day)

    def _day(self, day: date) -> str:
        return short_day(day, self._today)


def _iso(timestamp: Timestamp, zone: str) -> str:
    """A stored instant in ``zone`` as ISO 8601 with its offset (UTC when the zone is not
    one this machine knows)."""
    moment: datetime = local_time(timestamp, zone) or to_local(timestamp, "UTC")
    return moment.isoformat()


# -- schedule -----------------------------------------------------------------------------------


def schedule_command(args: argparse.Namespace) -> int:
    """``informterm schedule CONTACT --at TIME``: book an interview and print it."""
    from informterm.core import model
    from informterm.core.schedule import their_zone
    from informterm.flows.interviews import add_interview

    refuse_undecodable(args, "contact")
    settings, _ = load_settings_for(args)
    now = model.utc_now()
    duration = _duration(args.duration if args.duration is not None else 30)
    path = existing_db_path(args)
    if path is None:
        return 1
    with writable_workbook(path, "cannot schedule the interview") as workbook:
        contact = find_contact(workbook, args.contact, option="CONTACT")
        typed = _start(args, contact, settings, now)
        interview = Interview(
            contact_id=contact.id,
            starts_at=typed.starts_at,
            timezone=their_zone(contact, settings),
            duration_minutes=duration,
            medium=args.medium or Medium.VIDEO,
            place=(args.place or "").strip(),
        )
        with workbook.recording() as written:
            saved = add_interview(workbook, settings, now, interview)
        _print_result(workbook, settings, now, saved, written, args, "scheduled:", typed)
    return 0


def _start(
    args: argparse.Namespace, contact: Contact, settings: Settings, now: Timestamp
) -> TypedStart:
    """The start ``--at`` names, in the zone ``--zone`` names."""
    from informterm.core.schedule import parse_start
    from informterm.core.time import WhenError

    zone = _zone(args.zone, contact, settings)
    try:
        return parse_start(args.at, now=now, zone=zone, later=args.later)
    except WhenError as error:
        raise CliError(f"--at: {error}") from None


def _zone(choice: str, contact: Contact, settings: Settings) -> str:
    from informterm.core.schedule import their_zone
    from informterm.core.time import UnknownTimezone, check_timezone

    word = choice.strip().casefold()
    if word in ("mine", "my", "me", "yours", ""):
        return settings.home_timezone or "UTC"
    if word in ("theirs", "their", "them"):
        return their_zone(contact, settings)
    try:
        return check_timezone(choice) or "UTC"
    except UnknownTimezone as error:
        raise CliError(f"--zone: {error} (or mine, or theirs)") from None


def _duration(minutes: int) -> int:
    from informterm.core.fields import FieldError
    from informterm.core.schedule import check_duration

    try:
        return check_duration(minutes)
    except FieldError as error:
        raise CliError(f"--duration: {error}") from None


def _notes(typed: TypedStart | None) -> list[str]:
    """What the clocks did to the time typed, with how to pick the other occurrence."""
    if typed is None or not typed.note:
        return []
    if typed.repeated is None:
        return [typed.note]
    hint = "leave out --later for the earlier one" if typed.later else "--later takes the later one"
    return [f"{typed.note}; {hint}"]


def _print_result(
    workbook: Workbook,
    settings: Settings,
    now: Timestamp,
    interview: Interview,
    written: Changes,
    args: argparse.Namespace,
    label: str,
    typed: TypedStart | None = None,
) -> None:
    rows = InterviewRows(workbook, settings, now)
    follow_up_rows = Rows(workbook, settings, now)
    changes = _follow_up_changes(written)
    notes = _notes(typed)
    if args.json:
        print(
            json_text({"interview": rows.row(interview, notes), **follow_up_rows.changes(changes)})
        )
        return
    lines = rows.lines([interview], notes)
    lines[0] = f"{label} {lines[0]}"
    follow_ups = follow_up_rows.change_lines(None, changes)
    print("\n".join([*lines, *follow_ups]))


def _follow_up_changes(written: Changes) -> FollowUpChanges:
    """The follow-ups a write made, closed and moved, from what it recorded."""
    from informterm.flows.followups import FollowUpChanges

    changes = FollowUpChanges()
    for before, after in written:
        if not isinstance(after, FollowUp):
            continue
        if not isinstance(before, FollowUp):
            changes.made.append(after)
        elif before.is_open and not after.is_open:
            changes.closed.append(after)
        elif after.is_open and before.due != after.due:
            changes.moved.append(after)
    return changes


# -- interviews ---------------------------------------------------------------------------------


def list_interviews_command(args: argparse.Namespace) -> int:
    """``informterm interviews``: every interview (or the upcoming ones), earliest first."""
    from informterm.core import model
    from informterm.store import open_workbook

    refuse_undecodable(args)
    settings, _ = load_settings_for(args)
    path = existing_db_path(args)
    if path is None:
        return 1
    now = model.utc_now()
    # Read-only: it works while the TUI has the workbook open, and never takes the lock.
    with open_workbook(path, read_only=True) as workbook:
        contact = find_contact(workbook, args.contact, option="--contact") if args.contact else None
        if args.upcoming:
            found = workbook.upcoming_interviews(now)
        else:
            found = sorted(workbook.all(Interview), key=lambda i: (i.starts_at, i.id))
        if contact is not None:
            found = [i for i in found if i.contact_id == contact.id]
        rows = InterviewRows(workbook, settings, now)
        if args.json:
            print(json_text([rows.row(interview) for interview in found]))
            return 0
        if not found:
            whose = f" with {printable(contact.name)}" if contact is not None else ""
            what = "no interviews to come" if args.upcoming else "no interviews"
            print(f"{what}{whose} (book one with 'informterm schedule CONTACT --at TIME')",
                  file=sys.stderr)  # fmt: skip
            return 0
        print("\n".join(rows.lines(found)))
    return 0


# -- interview confirm|done|cancel|no-show|reschedule|ics ----------------------------------------

_STATUS_OF = {
    "confirm": InterviewStatus.CONFIRMED,
    "done": InterviewStatus.DONE,
    "cancel": InterviewStatus.CANCELLED,
    "no-show": InterviewStatus.NO_SHOW,
}
_LABELS = {
    "confirm": "confirmed:",
    "done": "held:",
    "cancel": "cancelled:",
    "no-show": "no-show:",
    "reschedule": "rescheduled:",
}


def act_on_interview_command(args: argparse.Namespace) -> int:
    """``informterm interview ACTION ID``: act on one interview and print what happened."""
    refuse_undecodable(args, "id")
    if args.action == "ics":
        return _export_ics(args)
    from informterm.core import model
    from informterm.core.schedule import status_problem

    settings, _ = load_settings_for(args)
    now = model.utc_now()
    path = existing_db_path(args)
    if path is None:
        return 1
    with writable_workbook(path, f"cannot {args.action} the interview") as workbook:
        interview = find_interview(workbook, args.id)
        if args.action == "reschedule":
            return _reschedule(workbook, settings, now, interview, args)
        from informterm.flows.interviews import set_status

        status = _STATUS_OF[args.action]
        problem = status_problem(interview, status)
        if problem is not None:
            raise CliError(f"interview {interview.id}: {problem}")
        outcome = getattr(args, "outcome", None)
        with workbook.recording() as written:
            saved = set_status(workbook, settings, now, interview.id, status, outcome=outcome)
        _print_result(workbook, settings, now, saved, written, args, _LABELS[args.action])
    return 0


def _reschedule(
    workbook: Workbook,
    settings: Settings,
    now: Timestamp,
    interview: Interview,
    args: argparse.Namespace,
) -> int:
    from informterm.core.schedule import rescheduled
    from informterm.flows.interviews import add_interview, edit_interview

    if args.at is None and args.duration is None and args.medium is None and args.place is None:
        raise CliError("nothing to change: give --at, --duration, --medium or --place")
    contact = workbook.find(Contact, interview.contact_id)
    if contact is None:
        raise CliError(f"interview {interview.id}: its contact is no longer in the workbook")
    typed = _start(args, contact, settings, now) if args.at is not None else None
    moved = rescheduled(
        interview,
        starts_at=typed.starts_at if typed is not None else interview.starts_at,
        duration_minutes=(
            _duration(args.duration) if args.duration is not None else interview.duration_minutes
        ),
        medium=args.medium or interview.medium,
        place=args.place.strip() if args.place is not None else interview.place,
        timezone=contact.timezone or interview.timezone,
    )
    again = moved.id != interview.id
    with workbook.recording() as written:
        if again:  # cancelled or missed: booked as a new interview
            saved = add_interview(workbook, settings, now, moved)
        else:
            saved = edit_interview(workbook, settings, now, moved)
    label = "booked again:" if again else _LABELS["reschedule"]
    _print_result(workbook, settings, now, saved, written, args, label, typed)
    return 0


def _export_ics(args: argparse.Namespace) -> int:
    from informterm.files import write_atomically
    from informterm.interop.ics import ics_file_name, interview_ics
    from informterm.store import open_workbook

    settings, _ = load_settings_for(args)
    path = existing_db_path(args)
    if path is None:
        return 1
    with open_workbook(path, read_only=True) as workbook:
        interview = find_interview(workbook, args.id)
        contact = workbook.find(Contact, interview.contact_id) or Contact(id="", name="")
        data = interview_ics(interview, contact, settings)
    if args.output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    target = Path(args.output).expanduser()
    if target.is_dir():
        target = target / ics_file_name(interview, contact)
    if not target.parent.is_dir():
        raise CliError(f"--output: there is no folder {printable(str(target.parent))}")
    write_atomically(target, data)
    print(target)
    return 0


def find_interview(workbook: Workbook, key: str) -> Interview:
    """The interview with id ``key`` or the only one whose id starts with it."""
    names = {c.id: c.name for c in workbook.contacts(include_archived=True)}
    return find_by_id(
        workbook,
        Interview,
        key,
        what="interview",
        listed_by="informterm interviews",
        describe=lambda i: f"{printable(names.get(i.contact_id, '?'))}, {i.starts_at}",
    )
