"""The follow-up commands: ``touch`` (log one and say what the rules did), ``followups``
(the queue) and ``followup done|snooze|dismiss``.

Their arguments are parsed in ``informterm.cli``, which imports this module only when one
of them runs. Every follow-up these commands print, as JSON or as a line of text, is made
by :class:`Rows`, which looks the home zone up once for the whole list.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, tzinfo
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
from informterm.core.followups import (
    DUE_WITHIN,
    QUEUE_GROUPS,
    queue_groups,
    still_snoozed,
    urgency_of,
)
from informterm.core.model import (
    Contact,
    Direction,
    FollowUp,
    FollowUpStatus,
    Settings,
    Timestamp,
    Touch,
    TouchKind,
)
from informterm.core.text import printable
from informterm.core.time import day_and_clock, local_date, to_local, zone_info

if TYPE_CHECKING:
    from informterm.flows.followups import FollowUpChanges
    from informterm.store import Workbook

NO_REASON = "(no reason recorded)"


class Rows:
    """Follow-ups and touches as the commands print them: JSON rows, and cells of text
    lines, with times in the home zone (looked up once) and user text made printable."""

    def __init__(self, workbook: Workbook, settings: Settings, now: Timestamp) -> None:
        self._workbook = workbook
        self._zone: tzinfo = zone_info(settings.home_timezone)
        self._today: date = local_date(now, settings.home_timezone)
        self._names: dict[str, str] = {}

    def name(self, contact_id: str) -> str:
        """The contact's name as stored ("" for one no longer in the workbook)."""
        name = self._names.get(contact_id)
        if name is None:
            contact = self._workbook.find(Contact, contact_id)
            name = self._names[contact_id] = contact.name if contact is not None else ""
        return name

    def row(self, follow_up: FollowUp) -> dict[str, Any]:
        """A follow-up as every command's JSON gives it."""
        return {
            "id": follow_up.id,
            "contact_id": follow_up.contact_id,
            "contact": self.name(follow_up.contact_id),
            "kind": follow_up.kind.value,
            "rule": follow_up.rule,
            "status": follow_up.status.value,
            "due": follow_up.due,
            "due_local": to_local(follow_up.due, self._zone).isoformat(),
            "reason": follow_up.reason,
            "snoozed_until": follow_up.snoozed_until,
            "closed_reason": follow_up.closed_reason,
            "interview_id": follow_up.interview_id,
        }

    def touch_row(self, touch: Touch) -> dict[str, Any]:
        """A touch as ``touch --json`` and ``followup done --json`` give it."""
        return {
            "id": touch.id,
            "contact_id": touch.contact_id,
            "contact": self.name(touch.contact_id),
            "at": touch.at,
            "channel": touch.channel.value,
            "direction": touch.direction.value,
            "kind": touch.kind.value,
            "summary": touch.summary,
        }

    def when(self, timestamp: Timestamp) -> str:
        """A stored instant in the home zone: "Fri 18 Dec 16:00"."""
        return day_and_clock(to_local(timestamp, self._zone), self._today)

    def cells(self, follow_up: FollowUp, *, status: bool = False) -> list[str]:
        """A follow-up as a line's cells: id, when it is next due, contact, kind (and its
        status when ``status``), then its reason, with the closing one if it has that."""
        reason = printable(follow_up.reason.strip()) or NO_REASON
        if follow_up.closed_reason:
            reason += f" (closed: {printable(follow_up.closed_reason)})"
        kind = [follow_up.kind.value] + ([follow_up.status.value] if status else [])
        due = self.when(follow_up.effective_due)
        return [follow_up.id, due, printable(self.name(follow_up.contact_id)), *kind, reason]

    def touch_cells(self, touch: Touch) -> list[str]:
        """A touch as a line's cells, in the columns of :meth:`cells`."""
        how = f"{touch.direction.value} by {touch.channel.value}"
        summary = printable(touch.summary.strip())
        return [
            touch.id,
            self.when(touch.at),
            printable(self.name(touch.contact_id)),
            touch.kind.value,
            f"{how}: {summary}" if summary else how,
        ]

    def changes(self, changes: FollowUpChanges) -> dict[str, list[dict[str, Any]]]:
        """What the rules did, as the JSON's made, closed and moved lists."""
        return {
            "made": [self.row(f) for f in changes.made],
            "closed": [self.row(f) for f in changes.closed],
            "moved": [self.row(f) for f in changes.moved],
        }

    def change_lines(
        self, touch: Touch | None, changes: FollowUpChanges, acted_on: FollowUp | None = None
    ) -> list[str]:
        """The follow-up ``acted_on``, the touch logged and what the rules did, a line
        each, in aligned columns."""
        rows = [["follow-up:", *self.cells(acted_on)]] if acted_on is not None else []
        if touch is not None:
            rows.append(["touch:", *self.touch_cells(touch)])
        for label, items in (
            ("made:", changes.made),
            ("closed:", changes.closed),
            ("moved:", changes.moved),
        ):
            rows += [[label, *self.cells(f)] for f in items]
        lines = aligned(rows)
        if touch is not None and not changes:
            lines.append("no follow-ups made, closed or moved")
        return lines


# -- touch --------------------------------------------------------------------------------------


def log_touch_command(args: argparse.Namespace) -> int:
    """``informterm touch``: log a touch and print what the follow-up rules did."""
    from informterm.core import model
    from informterm.core.time import (
        UnknownTimezone,
        WhenError,
        check_timezone,
        check_touch_time,
        parse_when,
    )
    from informterm.flows.touches import log_touch

    refuse_undecodable(args, "contact")
    settings, _ = load_settings_for(args)
    now = model.utc_now()
    zone = settings.home_timezone
    if args.tz is not None:
        try:
            zone = check_timezone(args.tz) or zone
        except UnknownTimezone as error:
            raise CliError(f"--tz: {error}") from None
    try:
        at = now if args.when is None else parse_when(args.when, now=now, home_timezone=zone)
        check_touch_time(at, now, zone)
    except WhenError as error:
        raise CliError(f"--when: {error}") from None
    kind: TouchKind = args.kind
    direction = args.direction or (Direction.IN if kind is TouchKind.REPLY else Direction.OUT)
    path = existing_db_path(args)
    if path is None:
        return 1
    with writable_workbook(path, "cannot log the touch") as workbook:
        contact = find_contact(workbook, args.contact, option="CONTACT")
        touch = Touch(
            contact_id=contact.id,
            at=at,
            channel=args.channel,
            direction=direction,
            kind=kind,
            summary=args.summary.strip(),
        )
        logged = log_touch(workbook, settings, now, touch)
        rows = Rows(workbook, settings, now)
        if args.json:
            print(
                json_text(
                    {"touch": rows.touch_row(logged.touch), **rows.changes(logged.follow_ups)}
                )
            )
        else:
            print("\n".join(rows.change_lines(logged.touch, logged.follow_ups)))
    return 0


# -- followups ----------------------------------------------------------------------------------


def list_follow_ups_command(args: argparse.Namespace) -> int:
    """``informterm followups``: the queue, most urgent first, as text or JSON."""
    from informterm.core import model
    from informterm.store import open_workbook
    from informterm.store.storage import kept_for_session

    refuse_undecodable(args)
    settings, _ = load_settings_for(args)
    path = existing_db_path(args)
    if path is None:
        return 1
    now = model.utc_now()
    # Read-only, as ``contacts`` reads: it works while the TUI has the workbook open and
    # never takes the lock. The records built live until the command ends: kept out of the
    # collector's way, including the pass the interpreter makes as it exits (a tenth of
    # the command's time at 10,000 contacts).
    with kept_for_session(), open_workbook(path, read_only=True) as workbook:
        contact = find_contact(workbook, args.contact, option="--contact") if args.contact else None
        groups = _queue(workbook, settings, now, contact, everything=args.all, due=args.due)
        rows = Rows(workbook, settings, now)
        if args.json:
            print(json_text([rows.row(f) for _, items in groups for f in items]))
            return 0
        if not groups:
            print(_nothing_due(contact, args.due, everything=args.all), file=sys.stderr)
            return 0
        cells = [rows.cells(f, status=args.all) for _, items in groups for f in items]
        lines = iter(aligned(cells, indent="  "))
        out: list[str] = []
        for heading, items in groups:
            out.append(f"{heading} ({len(items)})")
            out += [next(lines) for _ in items]
        print("\n".join(out))
    return 0


def _queue(
    workbook: Workbook,
    settings: Settings,
    now: Timestamp,
    contact: Contact | None,
    *,
    everything: bool,
    due: str | None,
) -> list[tuple[str, list[FollowUp]]]:
    """The follow-ups asked for, by the queue's headings, most urgent first; with
    ``everything``, the done and then the dismissed ones after them."""
    zone = settings.home_timezone
    if contact is not None:
        items = workbook.follow_ups_of(contact.id, open_only=False)
    elif everything:
        items = workbook.all(FollowUp)
    else:
        items = workbook.open_follow_ups()
    wanted = DUE_WITHIN[due] if due else None
    waiting = [f for f in items if f.is_open and (everything or not still_snoozed(f, now))]
    groups = [
        (QUEUE_GROUPS[urgency], group)
        for urgency, group in queue_groups(waiting, now, zone)
        if wanted is None or urgency in wanted
    ]
    if everything:
        for status, heading in (
            (FollowUpStatus.DONE, "Done"),
            (FollowUpStatus.DISMISSED, "Dismissed"),
        ):
            closed = sorted(
                (
                    f
                    for f in items
                    if f.status is status
                    and (wanted is None or urgency_of(f.due, now, zone) in wanted)
                ),
                key=lambda f: (f.due, f.id),
            )
            if closed:
                groups.append((heading, closed))
    return groups


def _nothing_due(contact: Contact | None, due: str | None, *, everything: bool) -> str:
    whose = f" for {printable(contact.name)}" if contact is not None else ""
    if everything:
        return f"no follow-ups{whose} at all" + (f" due {_DUE_WORDS[due]}" if due else "")
    if due:
        return f"nothing{whose} due {_DUE_WORDS[due]}: all caught up"
    return f"no open follow-ups{whose}: all caught up"


_DUE_WORDS = {"overdue": "before now", "today": "today", "week": "this week"}


# -- followup done|snooze|dismiss ---------------------------------------------------------------


def act_on_follow_up_command(args: argparse.Namespace) -> int:
    """``informterm followup done|snooze|dismiss ID``: act on one follow-up and print what
    happened."""
    from informterm.core import model
    from informterm.core.followups import snooze_until
    from informterm.core.time import WhenError
    from informterm.flows.followups import complete, dismiss, snooze

    refuse_undecodable(args, "id")
    settings, _ = load_settings_for(args)
    now = model.utc_now()
    until = None
    if args.action == "snooze":
        try:
            until = snooze_until(args.until, now, settings)
        except WhenError as error:
            raise CliError(f"--until: {error}") from None
    path = existing_db_path(args)
    if path is None:
        return 1
    with writable_workbook(path, f"cannot {_VERBS[args.action]}") as workbook:
        follow_up = _find_follow_up(workbook, args.id)
        if not follow_up.is_open:
            closed = f" ({printable(follow_up.closed_reason)})" if follow_up.closed_reason else ""
            raise CliError(
                f"follow-up {follow_up.id} is already {follow_up.status.value}{closed}: "
                "nothing to do"
            )
        if until is not None:
            action = snooze(workbook, settings, now, follow_up, until)
        elif args.action == "dismiss":
            action = dismiss(workbook, settings, now, follow_up)
        else:
            action = complete(workbook, settings, now, follow_up)
        rows = Rows(workbook, settings, now)
        if args.json:
            touch = rows.touch_row(action.touch) if action.touch is not None else None
            data = {"follow_up": rows.row(action.follow_up), "touch": touch}
            print(json_text({**data, **rows.changes(action.rules)}))
        else:
            lines = rows.change_lines(action.touch, action.rules, acted_on=action.follow_up)
            print("\n".join([action.done, *lines]))
    return 0


_VERBS = {
    "done": "mark the follow-up done",
    "snooze": "snooze the follow-up",
    "dismiss": "dismiss the follow-up",
}


def _find_follow_up(workbook: Workbook, key: str) -> FollowUp:
    """The follow-up with id ``key`` or the only one whose id starts with it."""
    return find_by_id(
        workbook,
        FollowUp,
        key,
        what="follow-up",
        listed_by="informterm followups --all",
        describe=lambda f: f"{f.kind.value} for {printable(_name(workbook, f))}",
    )


def _name(workbook: Workbook, follow_up: FollowUp) -> str:
    contact = workbook.find(Contact, follow_up.contact_id)
    return contact.name if contact is not None else "?"


@contextmanager
def writable_workbook(path: Path, refused: str) -> Iterator[Workbook]:
    """The workbook at ``path`` opened for writing, or a CliError saying ``refused`` and
    why (another informterm holds it, or it is write-protected): never a silent read-only
    fallback that would drop the change."""
    from informterm.store import WorkbookLocked, WorkbookProtected, open_workbook

    try:
        workbook = open_workbook(path, read_only=False, create=False)
    except (WorkbookLocked, WorkbookProtected) as error:
        raise CliError(f"{refused}: {error}") from None
    with workbook:
        yield workbook
