"""The ``informterm`` command: argument parsing, settings and workbook set-up, and
``make_app()``, the one factory that builds the TUI for the command line and the tests.

Only the standard library is imported at module level: ``--version`` and the commands
that print or change records must stay fast and never import Textual, so each command
imports what it needs. The follow-up commands (``touch``, ``followups``, ``followup``) run
in ``informterm.cli_followups`` and the interview commands (``schedule``, ``interviews``,
``interview``) in ``informterm.cli_interviews``; their arguments are parsed here with
everyone else's.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import re
import shlex
import shutil
import signal
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from informterm import __version__
from informterm.core.text import printable

if TYPE_CHECKING:
    from informterm.core.model import Entity

E = TypeVar("E", bound="Entity")
"""A record type, for the helpers that find one by id."""

if TYPE_CHECKING:
    from informterm.core.model import Contact, Settings
    from informterm.store.workbook import Workbook
    from informterm.tui.app import InformtermApp

PROG = "informterm"

WELCOME_NOTICE = (
    "Welcome to informterm! This workbook has no contacts yet: press n to add your first "
    "one, or quit with q and run `informterm demo` to explore a sample workbook."
)
DEMO_NOTICE = (
    "This is the demo workbook: a temporary copy that is deleted when you quit. "
    "Your own workbook is not touched."
)

SHUTDOWN_GRACE_SECONDS = 2.0
"""How long a hang-up or SIGTERM waits for the app to close before the process just ends."""


class CliError(Exception):
    """A problem with what was asked for; the message is printed as it is."""


# -- the app factory ------------------------------------------------------------------------


def make_app(
    workbook: Workbook,
    settings: Settings,
    config_path: Path,
    notices: list[str] | None = None,
    *,
    user_theme_dir: Path | None = None,
    user_template_dir: Path | None = None,
) -> InformtermApp:
    """Build the TUI app on an open workbook (the factory the CLI and the tests share).

    ``config_path`` is where a theme picked in the app is remembered; the user's themes
    and outreach templates are read from ``user_theme_dir`` and ``user_template_dir``, by
    default the ``themes`` and ``templates`` folders beside it."""
    # Imported here so that commands which never show the TUI never import Textual.
    from informterm.tui.app import InformtermApp

    return InformtermApp(
        workbook,
        settings,
        config_path=config_path,
        notices=notices,
        user_theme_dir=user_theme_dir,
        user_template_dir=user_template_dir,
    )


def startup_notices(workbook: Workbook) -> list[str]:
    """What the TUI should tell the user as it starts on ``workbook``."""
    notices: list[str] = []
    if workbook.storage.write_protected:
        notices.append(
            "Opened read-only: the workbook file is write-protected "
            f"(chmod u+w {workbook.path} to allow changes)"
        )
    elif workbook.storage.folder_protected:
        folder = workbook.path.parent
        notices.append(
            f"Opened read-only: the folder {folder} does not allow writing (the lock and "
            f"backups live there); chmod u+w {shlex.quote(str(folder))} to allow changes"
        )
    elif workbook.read_only:
        holder = workbook.storage.lock_holder or "unknown"
        notices.append(f"Opened read-only: informterm process {holder} has this workbook open")
    if workbook.count(_contact_type()) == 0:
        notices.append(WELCOME_NOTICE)
    return notices


# -- call mode ------------------------------------------------------------------------------


def recovered_notes(workbook: Workbook, settings: Settings) -> list[str]:
    """Fold into ``workbook`` the notes a session left in its journal (it ended before
    saving them: a crash, a kill, a closed terminal) and say what was recovered."""
    from informterm.store.journal import NotesJournal, journal_path

    path = journal_path(workbook.path)
    if not path.exists():
        return []
    from informterm.core.model import utc_now
    from informterm.flows.calls import recover_notes
    from informterm.store import WorkbookError

    try:
        return recover_notes(workbook, settings, utc_now(), NotesJournal(path))
    except (WorkbookError, OSError, ValueError) as error:
        return [
            f"Notes typed in a call could not be saved into the workbook yet ({error}); they "
            f"are kept in {path}, and the next start tries again."
        ]


# -- entry point ----------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``informterm`` command with ``argv`` (default: sys.argv[1:]); return the
    exit status: 0 on success, 2 for bad input or an unusable file."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or an argument error already printed
        return stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 2
    command: Callable[[argparse.Namespace], int] = args.command
    try:
        return command(args)
    except BrokenPipeError:
        # The reader went away (``informterm contacts | head``): not an error worth a
        # message. Point stdout at nothing so the interpreter's final flush stays quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    # The error types are looked up only when something failed, which keeps their modules
    # (and what they import) off the fast paths.
    except _user_errors() as error:
        # Messages span lines (what is wrong, then how to recover); each line is escaped.
        message = "\n".join(printable(line) for line in str(error).splitlines())
        print(f"{PROG}: {message}", file=sys.stderr)
        return 2


def _user_errors() -> tuple[type[BaseException], ...]:
    from informterm.core.fields import FieldError
    from informterm.core.time import UnknownTimezone
    from informterm.interop.sample import SampleDataError
    from informterm.store import WorkbookError
    from informterm.yaml_reader import ConfigError

    return (
        CliError,
        ConfigError,
        FieldError,
        UnknownTimezone,
        SampleDataError,
        WorkbookError,
        OSError,
    )


# -- argument parsing -------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse, with errors as one line that points at --help."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``informterm`` and its subcommands."""
    # Every parser, the main one and each subcommand's, takes these, so they can go before
    # or after the command name. SUPPRESS keeps a subcommand from resetting a value given
    # before it.
    common = _Parser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the workbook file (default: $INFORMTERM_DB, else the user data directory)",
    )
    common.add_argument(
        "--config",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the settings file (default: $INFORMTERM_CONFIG, else the user config directory)",
    )
    common.add_argument(
        "--version", action="version", version=f"{PROG} {__version__}", help="show the version"
    )

    parser = _Parser(
        prog=PROG,
        parents=[common],
        description="A keyboard-driven terminal workbook for informational interviews. "
        "With no command, opens the workbook in the terminal UI.",
    )
    parser.set_defaults(command=_run_tui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

    demo = commands.add_parser(
        "demo",
        parents=[common],
        help="open a sample workbook (a temporary copy; yours is not touched)",
        description="Open the TUI on a realistic sample workbook, built in a temporary "
        "folder that is deleted on exit. --db is ignored: your workbook is not touched.",
    )
    demo.set_defaults(command=_run_demo)

    contacts = commands.add_parser(
        "contacts",
        parents=[common],
        help="print the contact list",
        description="Print contacts (name, company, stage, next action), sorted by name. "
        "A filter matches name, company, title, field, tags and research notes; every word "
        "must match.",
    )
    contacts.add_argument("filter", nargs="*", metavar="FILTER", help="words to filter by")
    contacts.add_argument("--json", action="store_true", help="print JSON for scripts")
    contacts.add_argument("--all", action="store_true", help="include archived contacts")
    contacts.set_defaults(command=_list_contacts)

    add = commands.add_parser(
        "add",
        parents=[common],
        help="add a contact quickly and print its id",
        description="Add a contact to the workbook and print the new contact's id.",
    )
    add.add_argument("name", metavar="NAME", help="the person's name")
    add.add_argument("--company", default="", help="where they work")
    add.add_argument("--title", default="", help="their job title")
    add.add_argument(
        "--email", action="append", default=[], help="an email address (may be repeated)"
    )
    add.add_argument(
        "--phone", action="append", default=[], help="a phone number (may be repeated)"
    )
    add.add_argument("--field", default="", help="their field, e.g. 'UX research'")
    add.add_argument("--location", default="", help="where they are, e.g. 'Berlin'")
    add.add_argument(
        "--timezone", default="", metavar="ZONE", help="their IANA time zone, e.g. Europe/Berlin"
    )
    add.add_argument(
        "--available-hours",
        default="",
        metavar="HH:MM-HH:MM",
        help="when they take meetings, in their zone (default: 09:00-17:00)",
    )
    add.add_argument(
        "--source",
        type=_enum_argument("source"),
        metavar="SOURCE",
        help="how you know them: " + _choices("source"),
    )
    add.add_argument(
        "--stage",
        type=_enum_argument("stage"),
        metavar="STAGE",
        help="pipeline stage (default: prospect): " + _choices("stage"),
    )
    add.add_argument(
        "--tag", action="append", default=[], metavar="TAG", help="a tag (may be repeated)"
    )
    add.add_argument(
        "--referred-by",
        metavar="NAME_OR_ID",
        help="the contact who introduced them (name or id); sets the source to referral",
    )
    add.add_argument("--notes", default="", help="research notes")
    add.set_defaults(command=_add_contact)
    _add_follow_up_commands(commands, common)
    _add_interview_commands(commands, common)
    return parser


def _add_follow_up_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """The parsers of ``touch``, ``followups`` and ``followup``."""
    touch = commands.add_parser(
        "touch",
        parents=[common],
        help="log a touch (an email, a call, a reply...) and print the follow-ups it made",
        description="Log an interaction with a contact; the follow-up rules run for it, and "
        "the follow-ups it made, closed and moved are printed.",
    )
    touch.add_argument("contact", metavar="CONTACT", help="the contact's id or name")
    touch.add_argument(
        "--kind",
        required=True,
        type=_enum_argument("kind"),
        metavar="KIND",
        help="what it was for: " + _choices("kind"),
    )
    touch.add_argument(
        "--channel",
        required=True,
        type=_enum_argument("channel"),
        metavar="CHANNEL",
        help="how it happened: " + _choices("channel"),
    )
    touch.add_argument(
        "--direction",
        type=_enum_argument("direction"),
        metavar="DIRECTION",
        help="out (you reached them) or in (they reached you); default: in for a reply, else out",
    )
    touch.add_argument(
        "--when",
        metavar="TIME",
        help="when it happened, e.g. '2026-12-18 16:00' or 'yesterday 4pm' (default: now)",
    )
    touch.add_argument(
        "--tz", metavar="ZONE", help="the IANA zone --when is in (default: your home zone)"
    )
    touch.add_argument("--summary", default="", help="what was said or sent")
    touch.add_argument("--json", action="store_true", help="print JSON for scripts")
    touch.set_defaults(command=_log_touch)

    queue = commands.add_parser(
        "followups",
        parents=[common],
        help="print the follow-up queue, most urgent first",
        description="Print the open follow-ups, most urgent first, grouped overdue, today, "
        "this week and later (a snoozed one shows once its snooze is over). Follow-ups "
        "of archived contacts show with --all or --contact.",
    )
    queue.add_argument(
        "--all",
        action="store_true",
        help="also done, dismissed and still snoozed ones, archived contacts' too",
    )
    queue.add_argument(
        "--due",
        choices=["overdue", "today", "week"],
        help="only those due before now, by the end of today, or within the next 7 days "
        "(the last two with the overdue ones)",
    )
    queue.add_argument("--contact", metavar="CONTACT", help="only this contact's (an id or a name)")
    queue.add_argument("--json", action="store_true", help="print JSON for scripts")
    queue.set_defaults(command=_list_follow_ups)

    act = commands.add_parser(
        "followup",
        parents=[common],
        help="mark a follow-up done, snooze it or dismiss it",
        description="Act on one follow-up, named by its id or the start of it (as "
        "'informterm followups' lists them).",
    )
    actions = act.add_subparsers(
        title="actions", metavar="ACTION", parser_class=_Parser, required=True
    )
    for name, summary in (
        ("done", "mark it done; one that stands for a message logs it as sent"),
        ("snooze", "put it off until --until"),
        ("dismiss", "drop it without doing it"),
    ):
        action = actions.add_parser(name, parents=[common], help=summary, description=summary)
        action.add_argument("id", metavar="ID", help="the follow-up's id, or its start")
        if name == "snooze":
            action.add_argument(
                "--until",
                required=True,
                metavar="DATE",
                help="a date (the start of your working hours) or a date and time, in the "
                "future, e.g. 2026-12-18 or '2026-12-18 14:00'",
            )
        action.add_argument("--json", action="store_true", help="print JSON for scripts")
        action.set_defaults(command=_act_on_follow_up, action=name)


# -- scheduling --------------------------------------------------------------------------------


def _add_interview_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """The parsers of ``schedule``, ``interviews`` and ``interview``."""
    schedule = commands.add_parser(
        "schedule",
        parents=[common],
        help="book an interview with a contact and print it with its warnings",
        description="Book an interview (proposed until confirmed). The time is read in your "
        "home zone, or theirs with --zone theirs; both are printed. Warnings (outside your "
        "working hours or theirs, an overlap, a full day, a time the clocks skip or repeat) "
        "are printed, never refused.",
    )
    schedule.add_argument("contact", metavar="CONTACT", help="the contact's id or name")
    _add_time_options(schedule, required=True)
    schedule.add_argument("--json", action="store_true", help="print JSON for scripts")
    schedule.set_defaults(command=_schedule_interview)

    listing = commands.add_parser(
        "interviews",
        parents=[common],
        help="print the interviews, in both time zones, with their warnings",
        description="Print every interview, earliest first, in your time and theirs, with "
        "the warnings of those still to come.",
    )
    listing.add_argument(
        "--upcoming", action="store_true", help="only proposed or confirmed ones not yet over"
    )
    listing.add_argument(
        "--contact", metavar="CONTACT", help="only this contact's (an id or a name)"
    )
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    listing.set_defaults(command=_list_interviews)

    act = commands.add_parser(
        "interview",
        parents=[common],
        help="confirm, reschedule, cancel an interview, mark it held or a no-show, export it",
        description="Act on one interview, named by its id or the start of it (as "
        "'informterm interviews' lists them).",
    )
    actions = act.add_subparsers(
        title="actions", metavar="ACTION", parser_class=_Parser, required=True
    )
    for name, summary in (
        ("confirm", "mark it confirmed: they agreed to the time"),
        ("done", "mark it held (the thank-you follow-up is made)"),
        ("cancel", "cancel it (the confirm follow-up is closed)"),
        ("no-show", "mark that it did not take place"),
        ("reschedule", "move it to --at (and change its length, medium or place)"),
        ("ics", "print it as an .ics file (or write it to --output) to attach to an invite"),
    ):
        action = actions.add_parser(name, parents=[common], help=summary, description=summary)
        action.add_argument("id", metavar="ID", help="the interview's id, or its start")
        if name == "reschedule":
            _add_time_options(action, required=False)
        if name == "done":
            action.add_argument("--outcome", metavar="TEXT", help="how it went, in a line")
        if name == "ics":
            action.add_argument(
                "--output", metavar="FILE", help="write the file here (default: standard output)"
            )
        else:
            action.add_argument("--json", action="store_true", help="print JSON for scripts")
        action.set_defaults(command=_act_on_interview, action=name)


def _add_time_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument(
        "--at",
        required=required,
        metavar="TIME",
        help="when it starts, e.g. '2027-01-12 09:00', '01-12 9:00', 'tomorrow 10:00', 'tue 9:30'",
    )
    parser.add_argument(
        "--zone",
        default="mine",
        metavar="ZONE",
        help="the zone --at is in: mine (your home zone, the default), theirs (the "
        "contact's) or an IANA name",
    )
    parser.add_argument(
        "--later",
        action="store_true",
        help="where the clocks go back and the time happens twice, take the later one",
    )
    parser.add_argument(
        "--duration",
        type=int,
        metavar="MINUTES",
        help="how long, in minutes" + (" (default: 30)" if required else ""),
    )
    parser.add_argument(
        "--medium",
        type=_enum_argument("medium"),
        metavar="MEDIUM",
        help="how it is held: phone, video or in-person"
        + (" (default: video)" if required else ""),
    )
    parser.add_argument("--place", metavar="TEXT", help="the address, or the call's link or number")


def _enum_type(what: str) -> type[StrEnum]:
    from informterm.core.model import Channel, Direction, Medium, Source, Stage, TouchKind

    enums: dict[str, type[StrEnum]] = {
        "medium": Medium,
        "source": Source,
        "stage": Stage,
        "kind": TouchKind,
        "channel": Channel,
        "direction": Direction,
    }
    return enums[what]


def _choices(what: str) -> str:
    return ", ".join(member.value for member in _enum_type(what))


def _enum_argument(what: str) -> Callable[[str], StrEnum]:
    """An argparse ``type`` accepting an enum value, case-insensitively, with - or _
    for spaces ("reached-out")."""

    def convert(text: str) -> StrEnum:
        enum_type = _enum_type(what)
        wanted = " ".join(text.replace("-", " ").replace("_", " ").split()).casefold()
        for member in enum_type:
            if member.value.replace("-", " ") == wanted:
                return member
        raise argparse.ArgumentTypeError(f"{text!r} is not a {what}; choose from: {_choices(what)}")

    return convert


# -- commands ---------------------------------------------------------------------------------


def load_settings_for(args: argparse.Namespace, *, for_tui: bool = False) -> tuple[Settings, Path]:
    """config.yaml's settings and where it is. ``for_tui``: a keymap naming a binding id
    the app does not have, a key Textual does not know or a key two actions would share is
    a config error too (a typo would leave a key unmapped)."""
    from informterm.config import load_settings
    from informterm.paths import resolve_config_path

    config_path = resolve_config_path(getattr(args, "config", None))
    settings = load_settings(config_path)
    if for_tui and settings.keymap:
        # Only a keymap needs the TUI's key table, which costs imports: read it again.
        from informterm.tui.actions import keymap_problems

        settings = load_settings(config_path, keymap_check=keymap_problems)
    return settings, config_path


def db_path_for(args: argparse.Namespace) -> Path:
    """The workbook the command works on (--db, else $INFORMTERM_DB, else the default)."""
    from informterm.paths import resolve_db_path

    return resolve_db_path(getattr(args, "db", None))


def existing_db_path(args: argparse.Namespace) -> Path | None:
    """The workbook the command works on, or None (having said so) when there is none yet:
    a command that reads or changes records never creates an empty one."""
    path = db_path_for(args)
    if not path.exists():
        # Not an empty list: a script must tell a wrong --db from a workbook with nobody.
        print(
            f"no workbook at {printable(str(path))} yet: 'informterm add NAME' or "
            "'informterm' starts it (or check --db and INFORMTERM_DB)",
            file=sys.stderr,
        )
    return path if path.exists() else None


def open_workbook_for_tui(path: Path, *, read_only: bool | None = None) -> Workbook:
    """Open the workbook a TUI session will keep open until it quits.

    Its records, and the TUI's modules, are kept out of the cyclic garbage collector's
    way for the whole session (see ``kept_for_session``).
    """
    from informterm.store import open_workbook
    from informterm.store.storage import kept_for_session

    with kept_for_session():
        workbook = open_workbook(path, read_only=read_only)
        # The contact list shows every contact at once: build them now, so they are
        # frozen with the rest (other records are built as read).
        workbook.contacts(include_archived=True)
        # The TUI's modules (Textual's among them) live as long as the process too: import
        # them now so they are frozen with the workbook rather than collected over later.
        import informterm.tui.app  # noqa: F401
    return workbook


def _run_tui(args: argparse.Namespace) -> int:
    """No command: the TUI on the user's workbook, created empty on first run."""
    settings, config_path = load_settings_for(args, for_tui=True)
    # No read_only argument: a workbook another informterm holds opens read-only, and the
    # notice says so.
    workbook = open_workbook_for_tui(db_path_for(args))
    try:
        notices = startup_notices(workbook) + recovered_notes(workbook, settings)
        app = make_app(workbook, settings, config_path, notices)
        return _run_app(app)
    finally:
        workbook.close()


def _run_demo(args: argparse.Namespace) -> int:
    """``informterm demo``: the TUI on a fresh sample workbook in a temporary folder."""
    from informterm.interop.sample import build_demo_workbook, demo_persona
    from informterm.store.known_good import forget as forget_known_good

    settings, config_path = load_settings_for(args, for_tui=True)
    # The demo's drafts are signed by its job-seeker where the user's config is silent.
    persona: dict[str, Any] = {
        name: value for name, value in demo_persona().items() if not getattr(settings, name)
    }
    settings = dataclasses.replace(settings, **persona)
    with tempfile.TemporaryDirectory(prefix="informterm-demo-") as folder:
        path = build_demo_workbook(Path(folder) / "demo.json", home_timezone=settings.home_timezone)
        workbook = open_workbook_for_tui(path, read_only=False)
        try:
            # A theme picked in the demo is remembered in its temporary folder, never in
            # the user's config.yaml; the user's own themes and templates are still offered.
            app = make_app(
                workbook,
                settings,
                Path(folder) / "config.yaml",
                [DEMO_NOTICE],
                user_theme_dir=config_path.parent / "themes",
                user_template_dir=config_path.parent / "templates",
            )
            return _run_app(app, cleanup=partial(shutil.rmtree, folder, ignore_errors=True))
        finally:
            workbook.close()
            # The demo leaves nothing behind, not even what the cache knew of its copy.
            forget_known_good(path)


def _run_app(app: InformtermApp, cleanup: Callable[[], None] | None = None) -> int:
    """Run the app until it exits; return its exit status.

    Closing the terminal window (SIGHUP) or a plain ``kill`` (SIGTERM) ends the app the way
    ``q`` does. If that does not finish within a grace period, ``cleanup`` runs and the
    process leaves at once, so the demo's temporary folder never outlives it.
    """
    watchdogs: list[threading.Timer] = []
    leaving: list[Any] = []  # the leave task, held so it is not collected while it runs

    def stop(signum: int, _frame: object) -> None:
        code = 128 + signum
        # With the terminal gone, Textual can block for good writing its shutdown sequences
        # to it; the watchdog makes sure the process ends all the same.
        watchdog = threading.Timer(SHUTDOWN_GRACE_SECONDS, _leave_now, (code, cleanup))
        watchdog.daemon = True
        watchdog.start()
        watchdogs.append(watchdog)
        import asyncio  # already loaded by the running app; kept off the fast paths

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not running yet, or already stopped: just leave
            raise SystemExit(code) from None
        # Signal handlers run between bytecodes of the loop's own thread; handing the exit
        # to the loop this way is safe there and wakes it at once. The app leaves as q
        # leaves, keeping what is being written, unless the grace period runs out first.
        loop.call_soon_threadsafe(lambda: leaving.append(asyncio.ensure_future(app.leave(code))))

    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {signum: signal.signal(signum, stop) for signum in wanted}
    try:
        app.run()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for watchdog in watchdogs:
            watchdog.cancel()
    return app.return_code or 0


def _leave_now(code: int, cleanup: Callable[[], None] | None) -> None:
    """End the process without waiting for the app (see ``_run_app``)."""
    if cleanup is not None:
        with contextlib.suppress(Exception):
            cleanup()
    os._exit(code)


def _list_contacts(args: argparse.Namespace) -> int:
    """``informterm contacts``: the list as aligned text or JSON."""
    from informterm.core.browse import SortOrder, filter_contacts, next_action, sort_contacts
    from informterm.core.model import utc_now
    from informterm.store import open_workbook
    from informterm.store.storage import paused_gc

    settings, _ = load_settings_for(args)
    query = " ".join(args.filter)
    path = existing_db_path(args)
    if path is None:
        return 1
    # Read-only: listing works while the TUI has the workbook open, and never creates it.
    # Every record built here lives until the command ends: the collector's passes over
    # them (at 50,000 contacts, half the time of the command) would find nothing to free.
    with paused_gc(), open_workbook(path, read_only=True) as workbook:
        found = filter_contacts(workbook.contacts(include_archived=args.all), query)
        now = utc_now()
        rows = [
            (
                contact,
                next_action(
                    workbook.next_interview(contact.id, now),
                    workbook.next_follow_up(contact.id),
                    settings.home_timezone,
                    now,
                ),
            )
            for contact in sort_contacts(found, SortOrder.NAME)
        ]
    if args.json:
        print(json_text([{**contact.to_dict(), "next_action": action} for contact, action in rows]))
        return 0
    if not rows:
        hint = f" match {query!r}" if query else " yet (add one with 'informterm add NAME')"
        print(f"no contacts{hint}", file=sys.stderr)
        return 0
    print(_table(rows))
    return 0


def _table(rows: list[tuple[Contact, str]]) -> str:
    header = ("NAME", "COMPANY", "STAGE", "NEXT ACTION")
    cells = [header] + [
        (
            printable(contact.name),
            printable(contact.company),
            contact.stage.value + (" (archived)" if contact.archived else ""),
            action,
        )
        for contact, action in rows
    ]
    return "\n".join(aligned(cells))


def _add_contact(args: argparse.Namespace) -> int:
    """``informterm add``: quick capture of one contact; prints its id."""
    from informterm.core.fields import (
        FieldError,
        parse_emails,
        parse_hours,
        parse_tags,
        split_list,
    )
    from informterm.core.model import Contact, Source, Stage, utc_now
    from informterm.core.time import check_timezone
    from informterm.flows.contacts import add_contact
    from informterm.store import WorkbookLocked, WorkbookProtected, open_workbook

    refuse_undecodable(args, "name")
    settings, _ = load_settings_for(args)
    name = " ".join(args.name.split())
    if not name:
        raise CliError("a contact needs a name")
    # Each option may be given several times, and each may hold a comma-separated list.
    emails = parse_emails(",".join(args.email))
    zone = args.timezone.strip()
    if zone:
        zone = check_timezone(zone) or zone
    tags = parse_tags(",".join(args.tag))
    try:
        hours = parse_hours(args.available_hours)
    except FieldError as error:
        raise CliError(f"--available-hours: {error}") from None
    try:
        # read_only=False: refuse rather than fall back to read-only, so the user learns
        # at once that the contact was not added.
        workbook = open_workbook(db_path_for(args), read_only=False)
    except (WorkbookLocked, WorkbookProtected) as error:
        raise CliError(f"cannot add {name!r}: {error}") from None
    with workbook:
        referrer = (
            find_contact(workbook, args.referred_by, option="--referred-by")
            if args.referred_by
            else None
        )
        contact = Contact(
            name=name,
            title=args.title.strip(),
            company=args.company.strip(),
            field=args.field.strip(),
            location=args.location.strip(),
            timezone=zone,
            available_hours=hours,
            emails=emails,
            phones=split_list(",".join(args.phone)),
            source=args.source or (Source.REFERRAL if referrer else Source.OTHER),
            referred_by=referrer.id if referrer else None,
            tags=tags,
            stage=args.stage or Stage.PROSPECT,
            research_notes=args.notes.strip(),
        )
        add_contact(workbook, settings, utc_now(), contact)
    print(contact.id)
    return 0


def refuse_undecodable(args: argparse.Namespace, *positional: str) -> None:
    """Refuse text from the command line that was not UTF-8 (Python keeps such bytes as
    lone surrogates, which no workbook can store), naming the argument that held it: the
    ``positional`` ones by their metavar (NAME), the others as options (--company)."""
    for key, value in vars(args).items():
        if key in ("db", "config"):  # paths, which may hold any bytes
            continue
        for text in value if isinstance(value, list) else [value]:
            if not isinstance(text, str):
                continue
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                option = key.upper() if key in positional else "--" + key.replace("_", "-")
                raise CliError(
                    f"{option}: {text!r} is not UTF-8 text (check the terminal's encoding)"
                ) from None


def find_by_id(
    workbook: Workbook,
    record_type: type[E],
    key: str,
    *,
    what: str,
    listed_by: str,
    describe: Callable[[E], str],
) -> E:
    """The ``record_type`` record with id ``key``, else the one whose id starts with it
    (any letter case). A CliError names the problem when none or several do: ``what`` is
    the record's name ("follow-up"), ``listed_by`` the command that lists them, and
    ``describe`` tells the candidates apart in the message."""
    wanted = key.strip().casefold()
    if not wanted:
        raise CliError(f"ID: give {_a(what)}'s id, or its start (see '{listed_by}')")
    exact = workbook.find(record_type, key.strip())
    if exact is not None:
        return exact
    candidates = [r for r in workbook.all(record_type) if r.id.casefold().startswith(wanted)]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise CliError(f"ID: no {what}'s id starts with {key.strip()!r} (see '{listed_by}')")
    listed = "; ".join(f"{r.id} ({describe(r)})" for r in candidates[:5])
    more = f" and {len(candidates) - 5} more" if len(candidates) > 5 else ""
    raise CliError(
        f"ID: {key.strip()!r} starts {len(candidates)} {what}s' ids: {listed}{more}; "
        "give more of the id"
    )


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def find_contact(workbook: Workbook, key: str, *, option: str) -> Contact:
    """The contact with id ``key``, else the one whose name is (or, failing that, contains)
    ``key``, case-insensitively; a clear error, naming the ``option`` that gave ``key``,
    when none or several match."""
    from informterm.core.model import Contact

    by_id = workbook.find(Contact, key.strip())
    if by_id is not None:
        return by_id
    wanted = " ".join(key.split()).casefold()
    everyone = workbook.contacts(include_archived=True)
    candidates = [c for c in everyone if c.name.casefold() == wanted] or [
        c for c in everyone if wanted and wanted in c.name.casefold()
    ]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise CliError(f"{option}: no contact has the name or id {key!r}")
    listed = "; ".join(f"{printable(c.name)} ({c.id})" for c in candidates[:5])
    more = f" and {len(candidates) - 5} more" if len(candidates) > 5 else ""
    raise CliError(
        f"{option}: {key!r} matches {len(candidates)} contacts: {listed}{more}; give the id instead"
    )


# -- the follow-up commands (run in cli_followups) ------------------------------------------------


def _log_touch(args: argparse.Namespace) -> int:
    from informterm.cli_followups import log_touch_command

    return log_touch_command(args)


def _list_follow_ups(args: argparse.Namespace) -> int:
    from informterm.cli_followups import list_follow_ups_command

    return list_follow_ups_command(args)


def _act_on_follow_up(args: argparse.Namespace) -> int:
    from informterm.cli_followups import act_on_follow_up_command

    return act_on_follow_up_command(args)


# -- the interview commands (run in cli_interviews) ----------------------------------------------


def _schedule_interview(args: argparse.Namespace) -> int:
    from informterm.cli_interviews import schedule_command

    return schedule_command(args)


def _list_interviews(args: argparse.Namespace) -> int:
    from informterm.cli_interviews import list_interviews_command

    return list_interviews_command(args)


def _act_on_interview(args: argparse.Namespace) -> int:
    from informterm.cli_interviews import act_on_interview_command

    return act_on_interview_command(args)


# -- text helpers -------------------------------------------------------------------------------


def json_text(data: Any) -> str:
    """``data`` as indented JSON that is safe to print: non-ASCII as itself, every control
    character escaped."""
    import orjson  # the store's JSON library, loaded already by every command that prints

    try:
        # The standard library's encoder is pure Python once it indents: ten times slower.
        text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8")
    except TypeError:  # a lone surrogate, or an integer past 64 bits, which orjson refuses
        text = json.dumps(data, indent=2, ensure_ascii=False)
    # json escapes C0 controls but passes C1 ones (e.g. U+009B, a terminal's CSI) through.
    # Nor does it escape a lone surrogate, which stdout could not encode.
    return re.sub("[\x7f-\x9f\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text)


def aligned(rows: Sequence[Sequence[str]], indent: str = "") -> list[str]:
    """Rows of cells (already made printable) as lines, each column but the last padded to
    its widest cell, two spaces apart."""
    if not rows:
        return []
    # Each cell is measured once: a queue of thousands of rows is printed in one go.
    sizes = [[text_width(cell) for cell in row[:-1]] for row in rows]
    widths = [max(column) for column in zip(*sizes, strict=True)]
    lines = []
    for row, measured in zip(rows, sizes, strict=True):
        padded = [
            cell + " " * (width - size)
            for cell, size, width in zip(row, measured, widths, strict=False)
        ]
        lines.append((indent + "  ".join([*padded, row[-1]])).rstrip())
    return lines


def _contact_type() -> type[Contact]:
    from informterm.core.model import Contact

    return Contact


def text_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide East Asian characters and most emoji take two,
    combining marks none."""
    if text.isascii() and text.isprintable():  # One column a character: most names.
        return len(text)
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width
