"""The informterm App: themes, keymap, command palette, and the actions every screen uses.

Screens and widgets never write to the workbook themselves: they call the action methods
here (``edit_contact``, ``log_touch``, ...), which show a modal and hand the result to a
use case of :mod:`informterm.flows` through :meth:`InformtermApp.run_flow`. Writes run one
at a time, in order, off the UI thread, and ``workbook_changed_signal`` tells every pane
when one has landed.
"""

from __future__ import annotations

import asyncio
import sys
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.dom import DOMNode
from textual.screen import Screen
from textual.signal import Signal
from textual.timer import Timer

from informterm.core.model import (
    Contact,
    Entity,
    FollowUp,
    Interview,
    InterviewStatus,
    Question,
    Settings,
    Stage,
    Timestamp,
    Touch,
    utc_now,
)
from informterm.core.text import printable
from informterm.flows import contacts as contact_flows
from informterm.flows import followups as follow_up_flows
from informterm.flows.followups import FollowUpAction
from informterm.flows.touches import LoggedTouch, log_touch
from informterm.store import ChangedSince, ReadOnlyWorkbook, Workbook, WorkbookError
from informterm.tui.actions import APP, Action, ActsFromTable, is_text_editor
from informterm.tui.commands import JumpToContactProvider, TableActionsProvider
from informterm.tui.screens.workbook_screen import WorkbookScreen

# The modal screens, the contact card and the help screen are imported by the methods that
# first show them: the first frame needs none of them, and importing them all costs startup.
from informterm.tui.themes import DEFAULT_THEME, load_themes
from informterm.tui.widgets.prep_pane import QuestionOption, StepOption

if TYPE_CHECKING:
    from informterm.core.questions import QuestionBank
    from informterm.tui.screens.prep_form import PrepTextForm

if TYPE_CHECKING:
    from informterm.core.templates import Template
    from informterm.flows.calls import CallSummary
    from informterm.store.journal import NotesJournal
    from informterm.tui.screens.call import CallScreen
    from informterm.tui.widgets.notes_editor import NotesEditor

R = TypeVar("R")

Flow = Callable[..., R]
"""A use case: ``flow(workbook, settings, now, *arguments)`` (see :mod:`informterm.flows`)."""


class InformtermApp(ActsFromTable, App[None]):
    """The informterm terminal workbook."""

    CSS_PATH = "app.tcss"
    TITLE = "informterm"
    COMMANDS = App.COMMANDS | {TableActionsProvider, JumpToContactProvider}
    PLACE = APP
    BINDINGS: ClassVar[list[BindingType]] = APP.bindings()

    def __init__(
        self,
        workbook: Workbook,
        settings: Settings,
        *,
        config_path: Path,
        notices: list[str] | None = None,
        clock: Callable[[], str] | None = None,
        user_theme_dir: Path | None = None,
        user_template_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.workbook = workbook
        self.settings = settings
        self.config_path = config_path
        self._notices = list(notices or [])
        self._clock = clock or utc_now
        self.workbook_changed_signal: Signal[Entity | None] = Signal(self, "workbook-changed")
        # One writer thread: saves land in the order the user made them.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="informterm-save")
        self._remember_theme_changes = False
        # Keys wait their turn unless they are typed into a text editor (see _next_key).
        self._waiting_keys: deque[events.Key] = deque()
        self._key_in_hand: events.Key | None = None
        self._key_timer: Timer | None = None
        # The last action on a follow-up, which ``u`` undoes.
        self.last_follow_up_action: FollowUpAction | None = None
        self.user_template_dir = user_template_dir or config_path.parent / "templates"
        """Where the user's own outreach templates are read from."""
        self._register_themes(user_theme_dir or config_path.parent / "themes")
        if self.workbook.read_only:
            self.sub_title = f"{workbook.path.name} (read-only)"
        else:
            self.sub_title = workbook.path.name

    # -- set-up ---------------------------------------------------------------------------

    def _register_themes(self, user_theme_dir: Path) -> None:
        from informterm.paths import shipped_dir

        themes, errors = load_themes([shipped_dir("themes"), user_theme_dir])
        for theme in themes:
            self.register_theme(theme)
        wanted = self.settings.theme
        if wanted not in self.available_themes:
            if errors:
                # The chosen theme is most likely in a file just skipped (the one named
                # after it, if any): say it all in that one notice.
                named = [i for i, error in enumerate(errors) if f"{wanted}.y" in error]
                at = named[0] if named else len(errors) - 1
                errors[at] += f" Theme {wanted!r} was not loaded; using {DEFAULT_THEME}."
            else:
                errors.append(f"Theme {wanted!r} was not found; using {DEFAULT_THEME}.")
            wanted = DEFAULT_THEME
        self._notices.extend(errors)
        if wanted in self.available_themes:
            self.theme = wanted

    def get_default_screen(self) -> WorkbookScreen:
        # The first screen on the stack, so no blank default screen is built, styled and
        # then covered.
        return WorkbookScreen()

    def on_mount(self) -> None:
        self._apply_keymap()
        for notice in self._notices:
            self.notify(notice, markup=False, timeout=8)
        self._remember_theme_changes = True

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if event is self._key_in_hand:
                # Textual hands a key to the focused widget (else the screen), and it
                # bubbles up from there to the app, whose bindings may act on it: the next
                # one follows once every one of them has had its turn.
                target = self.focused or self.screen
                await super().on_event(event)
                self._after_queues_of(target, partial(self._key_handled, event))
                return
            waiting = self._key_in_hand is not None or self._waiting_keys
            if waiting or not is_text_editor(self.focused) or not event.is_printable:
                self._waiting_keys.append(event)
                self._next_key()
                return
        await super().on_event(event)

    def _next_key(self) -> None:
        """Hand on the next waiting key, once the last has been handled with all it caused.

        Textual routes a key to the widget focused when the key arrives, so ``/`` and the
        letters typed after it, arriving together (typed ahead or pasted), would reach the
        list (where ``a`` archives) rather than the filter box that ``/`` opens. Characters
        typed into a text editor with nothing waiting go straight through (see
        :meth:`on_event`): typing is never held. Other keys wait their turn there too: a
        binding acts only once its key has bubbled up to the app, and the editor would
        meanwhile take the characters typed after it (a tag key in call mode, a backspace).
        A timer moves on if a key's handling never ends (its widget gone).
        """
        if self._key_in_hand is not None or not self._waiting_keys:
            return
        event = self._key_in_hand = self._waiting_keys.popleft()
        self.post_message(event)
        self._key_timer = self.set_timer(1.0, partial(self._key_handled, event))

    def _after_queues_of(self, node: DOMNode, then: Callable[[], object]) -> None:
        """Call ``then`` once ``node`` and each of its ancestors up to the app has handled
        what is in its message queue now (and what that posted to the next one up)."""
        parent = node.parent
        if node is self or parent is None:
            self.call_later(then)
        else:
            node.call_later(self._after_queues_of, parent, then)

    def _key_handled(self, event: events.Key) -> None:
        if event is not self._key_in_hand:
            return
        self._key_in_hand = None
        if self._key_timer is not None:
            self._key_timer.stop()
            self._key_timer = None
        self._next_key()

    def _apply_keymap(self) -> None:
        # Checked when config.yaml was read (tui.actions.keymap_problems): an unknown id,
        # key name or clash stopped the app there with the file and line.
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)

    def watch_theme(self, theme: str) -> None:
        """Remember a theme picked from the command palette in config.yaml."""
        if not self._remember_theme_changes or theme == self.settings.theme:
            return
        self.settings.theme = theme
        self.run_worker(self._remember_theme(theme), group="config")

    async def _remember_theme(self, theme: str) -> None:
        from informterm.config import remember_theme
        from informterm.yaml_reader import ConfigError

        try:
            await asyncio.to_thread(remember_theme, self.config_path, theme)
        except (OSError, ConfigError, ValueError) as error:
            self.notify(
                f"Could not record the theme in {self.config_path}: {error}",
                severity="warning",
                markup=False,
            )

    def notify(self, message: str, *, title: str = "", **options: Any) -> None:
        """Notify, with control characters in the message (which often names a contact)
        shown rather than sent to the terminal."""
        super().notify(printable(message, multi_line=True), title=printable(title), **options)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's palette commands, with "Keys" showing informterm's own help (every key,
        with its id) and "Screenshot" saving where it can and saying where."""
        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                yield SystemCommand("Keys", "Show every key, with its id", self.action_help)
            elif command.title == "Screenshot":
                yield SystemCommand(
                    "Screenshot",
                    "Save an SVG picture of the screen (in Downloads, else beside the cache)",
                    lambda: self.set_timer(0.1, self.save_screen_picture),
                )
            else:
                yield command

    def save_screen_picture(self) -> Path | None:
        """Save an SVG screenshot in the Downloads folder, or in informterm's cache folder
        when there is none, and say where it went."""
        from platformdirs import user_downloads_path

        from informterm.files import make_private_dirs
        from informterm.paths import user_cache_dir

        folder = user_downloads_path()
        if not folder.is_dir():
            folder = user_cache_dir() / "screenshots"
        try:
            make_private_dirs(folder)
            saved = Path(self.save_screenshot(path=str(folder)))
        except OSError as error:
            self.notify(f"No screenshot saved: {error}", severity="error", markup=False)
            return None
        self.notify(f"Screenshot saved to {saved}", title="Screenshot", markup=False)
        return saved

    def now(self) -> str:
        """The current instant as a UTC timestamp (fixed in tests)."""
        return self._clock()

    def action_help(self) -> None:
        """Show every key that applies, with its id."""
        from informterm.tui.screens.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self))

    async def action_quit_app(self) -> None:
        """Quit (q): as ctrl+q does."""
        await self.action_quit()

    async def action_quit(self) -> None:
        """Keep the drafts being written, let pending saves finish, then quit."""
        await self.leave()

    async def leave(self, return_code: int = 0) -> None:
        """Quit as :meth:`action_quit` does, with ``return_code`` as the exit status (the
        command line's way out when the terminal closes or the process is told to end)."""
        # Not imported to find out: with no compose screen ever shown, there is none open.
        compose = sys.modules.get("informterm.tui.screens.compose")
        writing = (
            []
            if compose is None
            else [
                screen for screen in self.screen_stack if isinstance(screen, compose.ComposeScreen)
            ]
        )
        for screen in writing:
            unsaved = screen.unsaved()
            if unsaved is not None and screen.follow_up is not None:
                self._keep_draft(screen.follow_up, unsaved.text)
        self._fold_notes_at_quit()
        saves = [worker for worker in self.workers if worker.group == "save"]
        if saves:
            await self.workers.wait_for_complete(saves)
        await asyncio.get_running_loop().run_in_executor(self._writer, lambda: None)
        self.exit(return_code=return_code)

    def on_unmount(self) -> None:
        self._writer.shutdown(wait=True)
        self._close_notes_journal()

    # -- saving -------------------------------------------------------------------------------

    def save(
        self,
        change: Callable[[Workbook], R | None],
        *,
        done: str | None = None,
        then: Callable[[R | None], None] | None = None,
    ) -> None:
        """Apply ``change`` to the workbook durably, off the UI thread and in order.

        ``done`` is a notification shown once it landed, ``then`` runs on the UI thread
        with its result. A failed save says why and changes nothing in memory.
        """
        if self.workbook.read_only:
            self.refuse_read_only()
            return
        self.run_worker(self._save(change, done, then), group="save")

    async def _save(
        self,
        change: Callable[[Workbook], R | None],
        done: str | None,
        then: Callable[[R | None], None] | None,
    ) -> None:
        loop = asyncio.get_running_loop()
        try:
            record = await loop.run_in_executor(self._writer, change, self.workbook)
        except ReadOnlyWorkbook:
            self.refuse_read_only()
            return
        except (WorkbookError, OSError, ValueError, KeyError) as error:
            self.notify(f"Not saved: {error}", severity="error", markup=False, timeout=10)
            return
        self.workbook_changed_signal.publish(_changed_record(record))
        if done:
            self.notify(done, markup=False)
        if then is not None:
            then(record)

    def run_flow(
        self,
        flow: Flow[R],
        *arguments: object,
        done: str | None = None,
        then: Callable[[R | None], None] | None = None,
    ) -> None:
        """Run the use case ``flow`` with ``arguments`` as one save (see :meth:`save`), at
        the time it was asked for."""
        now: Timestamp = self.now()
        self.save(
            lambda workbook: flow(workbook, self.settings, now, *arguments), done=done, then=then
        )

    def refuse_read_only(self) -> None:
        """Say that nothing was changed because the workbook is open read-only, and why."""
        self.notify(
            f"Nothing was changed: the workbook is open read-only "
            f"({self.workbook.read_only_reason}).",
            title="Read-only",
            severity="warning",
            markup=False,
        )

    def _contact(self, contact_id: str) -> Contact | None:
        contact = self.workbook.find(Contact, contact_id)
        if contact is None:
            self.notify("That contact no longer exists.", severity="warning")
        return contact

    def _editable(self, contact_id: str) -> Contact | None:
        """The contact, when it exists and the workbook can be changed (else say why)."""
        if self.workbook.read_only:
            self.refuse_read_only()
            return None
        return self._contact(contact_id)

    # -- contact actions (used by every screen) ------------------------------------------------

    def open_contact_card(self, contact_id: str) -> None:
        """Show the contact card, in place of a card already open (Esc goes back to it)."""
        if self._contact(contact_id) is None:
            return
        from informterm.tui.screens.contact_card import show_contact_card

        show_contact_card(self, contact_id)

    def new_contact(self, referred_by: str | None = None) -> None:
        """Ask for a new contact and add it."""
        if self.workbook.read_only:
            self.refuse_read_only()
            return

        def add(contact: Contact | None) -> None:
            if contact is not None:
                self.run_flow(
                    contact_flows.add_contact,
                    contact,
                    done=f"Added {contact.name}",
                    then=self._select,
                )

        from informterm.tui.screens.contact_form import ContactForm

        form = ContactForm(None, contacts=self._everyone(), referred_by=referred_by)
        self.push_screen(form, add)

    def edit_contact(self, contact_id: str) -> None:
        """Edit a contact's fields."""
        contact = self._editable(contact_id)
        if contact is None:
            return

        def store(edited: Contact | None) -> None:
            if edited is not None:
                self.run_flow(contact_flows.edit_contact, edited, done=f"Saved {edited.name}")

        from informterm.tui.screens.contact_form import ContactForm

        self.push_screen(ContactForm(contact, contacts=self._everyone()), store)

    def log_touch(self, contact_id: str) -> None:
        """Record an interaction; an outreach may move the contact along the pipeline."""
        contact = self._editable(contact_id)
        if contact is None:
            return

        def store(touch: Touch | None) -> None:
            if touch is not None:
                done = f"Logged a {touch.kind.value} touch with {contact.name}"
                self.run_flow(log_touch, touch, done=done)

        from informterm.tui.screens.log_touch import LogTouchScreen

        screen = LogTouchScreen(contact, now=self.now(), home_timezone=self.settings.home_timezone)
        self.push_screen(screen, store)

    def change_stage(self, contact_id: str) -> None:
        """Move a contact to another pipeline stage."""
        contact = self._editable(contact_id)
        if contact is None:
            return

        def store(stage: Stage | None) -> None:
            if stage is not None and stage is not contact.stage:
                done = f"{contact.name}: {stage.value}"
                self.run_flow(contact_flows.change_stage, contact_id, stage, done=done)

        from informterm.tui.screens.stage_picker import StagePicker

        self.push_screen(StagePicker(contact.stage), store)

    def toggle_archive(self, contact_id: str) -> None:
        """Archive a contact (hidden from the list, kept in the file), or restore one."""
        contact = self._contact(contact_id)
        if contact is None:
            return
        archived = not contact.archived
        verb = "Archived" if archived else "Restored"
        self.run_flow(
            contact_flows.set_archived, contact_id, archived, done=f"{verb} {contact.name}"
        )

    def delete_contact(self, contact_id: str) -> None:
        """Delete a contact and everything recorded about them, after a confirmation."""
        contact = self._editable(contact_id)
        if contact is None:
            return
        impact = contact_flows.deletion_impact(self.workbook, contact_id)
        parts = [
            f"{impact.touches} touches",
            f"{impact.interviews} interviews",
            f"{impact.follow_ups} follow-ups",
        ]
        message = f"Delete {contact.name} with their {', '.join(parts)}?"
        if impact.introduced:
            names = ", ".join(lead.name for lead in impact.introduced[:5])
            more = len(impact.introduced) - 5
            names += f" and {more} more" if more > 0 else ""
            message += (
                f" {names} will no longer show {contact.name} as who introduced them "
                "(a line in their research notes will say so)."
            )
        message += " This cannot be undone; archive (a) hides a contact and keeps the record."

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_flow(
                    contact_flows.delete_contact, contact_id, done=f"Deleted {contact.name}"
                )

        from informterm.tui.screens.confirm import ConfirmScreen

        self.push_screen(
            ConfirmScreen("Delete contact", message, confirm_label="Delete"), confirmed
        )

    def jump_to_contact(self, contact_id: str) -> None:
        """Highlight a contact in the workbook's list (showing the workbook), or open their
        card when the list cannot show them."""
        for screen in self.screen_stack:
            if isinstance(screen, WorkbookScreen) and screen.select_contact(contact_id):
                while self.screen is not screen:
                    self.pop_screen()
                return
        self.open_contact_card(contact_id)

    # -- scheduling

    def schedule_interview(self, contact_id: str, interview_id: str | None = None) -> None:
        """Schedule an interview with a contact, or reschedule one of theirs (a cancelled
        or missed one is booked again as a new interview)."""
        contact = self._editable(contact_id)
        if contact is None:
            return
        interview = None
        if interview_id is not None:
            interview = self.workbook.find(Interview, interview_id)
            if interview is None:
                self.notify("That interview no longer exists.", severity="warning")
                return
        from informterm.core.time import describe_exactly
        from informterm.flows.interviews import add_interview, edit_interview

        def store(result: Interview | None) -> None:
            if result is None:
                return
            when = describe_exactly(result.starts_at, self.settings.home_timezone)
            if interview is None or result.id != interview.id:
                done = f"Scheduled an interview with {contact.name}: {when}"
                self.run_flow(add_interview, result, done=done)
            else:
                self.run_flow(edit_interview, result, done=f"Rescheduled to {when}")

        from informterm.tui.screens.schedule_form import ScheduleForm

        now = self.now()
        others = self.workbook.upcoming_interviews(now)
        names = {}
        for other in others:
            person = self.workbook.find(Contact, other.contact_id)
            names[other.contact_id] = person.name if person is not None else ""
        form = ScheduleForm(
            contact, self.settings, now=now, interview=interview, others=others, names=names
        )
        self.push_screen(form, store)

    def set_interview_status(self, interview_id: str, status: InterviewStatus) -> None:
        """Mark an interview confirmed, held (the thank-you follow-up is made), a no-show or
        cancelled (after a confirmation)."""
        from informterm.core.schedule import status_problem
        from informterm.core.time import describe_exactly
        from informterm.flows.interviews import set_status

        if self.workbook.read_only:
            self.refuse_read_only()
            return
        interview = self.workbook.find(Interview, interview_id)
        if interview is None:
            self.notify("That interview no longer exists.", severity="warning")
            return
        problem = status_problem(interview, status)
        if problem is not None:
            self.notify(f"Not changed: {problem}", severity="warning", markup=False)
            return
        contact = self.workbook.find(Contact, interview.contact_id)
        who = contact.name if contact is not None else "a contact no longer here"
        when = describe_exactly(interview.starts_at, self.settings.home_timezone)
        said = {
            InterviewStatus.CONFIRMED: f"Confirmed the interview with {who}: {when}",
            InterviewStatus.DONE: f"Marked the interview with {who} held; a thank-you is due today",
            InterviewStatus.NO_SHOW: f"Marked the interview with {who} a no-show",
            InterviewStatus.CANCELLED: f"Cancelled the interview with {who} of {when}",
        }[status]

        def change() -> None:
            self.run_flow(set_status, interview_id, status, done=said)

        if status is not InterviewStatus.CANCELLED:
            change()
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                change()

        from informterm.tui.screens.confirm import ConfirmScreen

        message = (
            f"Cancel the interview with {who} of {when}? Its confirm follow-up is closed; "
            "rescheduling it later books it again."
        )
        self.push_screen(
            ConfirmScreen("Cancel interview", message, confirm_label="Cancel interview"),
            confirmed,
        )

    def export_interview_ics(self, interview_id: str) -> None:
        """Save one interview as an .ics file, where the user says (Downloads by default).
        Not a change to the workbook: it works read-only too."""
        from informterm.core.time import describe_exactly
        from informterm.interop.ics import default_ics_folder, ics_file_name

        interview = self.workbook.find(Interview, interview_id)
        if interview is None:
            self.notify("That interview no longer exists.", severity="warning")
            return
        contact = self.workbook.find(Contact, interview.contact_id) or Contact(id="", name="")
        default = default_ics_folder() / ics_file_name(interview, contact)
        when = describe_exactly(interview.starts_at, self.settings.home_timezone)

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.run_worker(self._write_ics(interview, contact, path), group="export")

        from informterm.tui.screens.ics_export import IcsExportScreen

        what = f"the interview with {contact.name} ({when})"
        self.push_screen(IcsExportScreen(what, default), chosen)

    async def _write_ics(self, interview: Interview, contact: Contact, path: Path) -> None:
        from informterm.files import write_atomically
        from informterm.interop.ics import interview_ics

        def write() -> None:
            write_atomically(path, interview_ics(interview, contact, self.settings))

        try:
            await asyncio.to_thread(write)
        except OSError as error:
            self.notify(f"Not saved: {error}", severity="error", markup=False, timeout=10)
            return
        self.notify(f"Saved the .ics to {path}", title="Export", markup=False)

    # -- composing messages ---------------------------------------------------------------------

    def compose_message(self, contact_id: str, follow_up_id: str | None = None) -> None:
        """Write a message to a contact from a template: an outreach, or the message a
        follow-up stands for (starting from its draft, which keeps what is written)."""
        contact = self._contact(contact_id)
        if contact is None:
            return
        follow_up = None
        if follow_up_id is not None:
            follow_up = self.workbook.find(FollowUp, follow_up_id)
            if follow_up is None:
                self.notify("That follow-up no longer exists.", severity="warning")
                return
        from informterm.core.templates import (
            load_templates,
            ordered_for,
            placeholder_values,
            situation_of,
        )
        from informterm.paths import shipped_dir

        shipped = shipped_dir("templates")
        templates, errors = load_templates([shipped, self.user_template_dir])
        for error in errors:
            self.notify(error, title="Templates", severity="warning", markup=False, timeout=10)
        if not templates:
            self.notify(
                f"No outreach templates were found (in {shipped} or {self.user_template_dir}).",
                severity="error",
                markup=False,
            )
            return
        held, upcoming = self._interviews_for(contact, follow_up)
        values = placeholder_values(
            contact,
            self.settings,
            referrer=self.workbook.referrer(contact),
            held=held,
            upcoming=upcoming,
        )
        from informterm.tui.screens.compose import ComposeScreen

        screen = ComposeScreen(
            contact, ordered_for(templates, situation_of(follow_up)), values, follow_up=follow_up
        )
        self.push_screen(screen, partial(self._message_composed, contact, follow_up))

    def _interviews_for(
        self, contact: Contact, follow_up: FollowUp | None
    ) -> tuple[Interview | None, Interview | None]:
        """The interview whose notes a message recalls (the follow-up's, when it was held,
        else the latest held) and the one it confirms (the follow-up's, when it is still to
        come, else the next)."""
        interviews = self.workbook.interviews_of(contact.id)
        own = next((i for i in interviews if follow_up and i.id == follow_up.interview_id), None)
        held_ones = [i for i in interviews if i.status is InterviewStatus.DONE]
        held = own if own is not None and own.status is InterviewStatus.DONE else None
        upcoming = own if own is not None and own.status.is_upcoming else None
        return (
            held or (held_ones[-1] if held_ones else None),
            upcoming or self.workbook.next_interview(contact.id, self.now()),
        )

    def _message_composed(self, contact: Contact, follow_up: FollowUp | None, result: Any) -> None:
        """Save what the compose screen left: the touch it was sent as, or the draft."""
        from informterm.flows.messages import mark_sent
        from informterm.tui.screens.compose import Composed

        if not isinstance(result, Composed):
            return
        if result.sent is not None:
            sent = result.sent
            follow_up_id = follow_up.id if follow_up is not None else None

            def said(outcome: FollowUpAction | LoggedTouch | None) -> None:
                if isinstance(outcome, FollowUpAction):
                    self._acted_on_follow_up(outcome)
                elif outcome is not None:
                    self.notify(
                        f"Logged the {sent.kind.value} to {contact.name} as sent "
                        f"({sent.channel.value})",
                        markup=False,
                    )

            send = partial(mark_sent, follow_up_id=follow_up_id, text=result.text)
            self.run_flow(send, sent, then=said)
        elif result.keep and follow_up is not None:
            self._keep_draft(follow_up, result.text)

    def _keep_draft(self, follow_up: FollowUp, text: str) -> None:
        from informterm.flows.messages import keep_draft

        if self.workbook.read_only:
            self.notify(
                "The draft was not kept: the workbook is open read-only.", severity="warning"
            )
            return
        what = f"the {follow_up.kind.value} for {self._name_of(follow_up)}"
        said = f"Kept the draft of {what}" if text.strip() else f"Cleared the draft of {what}"
        self.save(lambda workbook: keep_draft(workbook, follow_up.id, text), done=said)

    # -- call mode ------------------------------------------------------------------------------

    @cached_property
    def notes_journal(self) -> NotesJournal | None:
        """The journal notes are saved through as they are typed; None when the workbook is
        open read-only (nothing may be written then)."""
        if self.workbook.read_only:
            return None
        from informterm.store.journal import NotesJournal

        return NotesJournal.for_workbook(self.workbook.path)

    @cached_property
    def _call_started(self) -> dict[str, Timestamp]:
        """When each call of this session began, by interview id (a call left and taken up
        again goes on counting)."""
        return {}

    def interview_to_call(self, contact_id: str) -> Interview | None:
        """The interview a call with the contact would be (see core.calls)."""
        from informterm.core.calls import interview_to_hold

        return interview_to_hold(self.workbook.interviews_of(contact_id), self.now())

    def start_call_with(self, contact_id: str) -> None:
        """Hold the call of the contact's interview going on now, else the next one."""
        contact = self._contact(contact_id)
        if contact is None:
            return
        interview = self.interview_to_call(contact_id)
        if interview is None:
            self.notify(
                f"No interview with {contact.name} is booked: schedule one to hold its call.",
                severity="warning",
                markup=False,
            )
            return
        self.start_call(interview.id)

    def start_call(self, interview_id: str) -> None:
        """Show the call screen of an interview."""
        interview = self.workbook.find(Interview, interview_id)
        if interview is None:
            self.notify("That interview no longer exists.", severity="warning")
            return
        from informterm.tui.screens.call import CallScreen

        for screen in self.screen_stack:
            if isinstance(screen, CallScreen) and screen.interview_id == interview_id:
                return
        notes, questions = self.latest_notes(interview)
        started = self._call_started.setdefault(interview_id, self.now())
        self.push_screen(
            CallScreen(interview_id, started_at=started, notes=notes, questions=questions)
        )

    def latest_notes(self, interview: Interview) -> tuple[str, list[Question]]:
        """An interview's notes and questions as last typed: the journal's, when it holds
        some not yet in the workbook."""
        journal = self.notes_journal
        state = None
        if journal is not None and journal.path.exists():
            journal.flush()
            state = journal.read().get(interview.id)
        notes = interview.notes
        questions = list(interview.questions)
        if state is not None and state.notes is not None:
            notes = state.notes
        if state is not None and state.questions is not None:
            questions = [Question.from_dict(question) for question in state.questions]
        return notes, questions

    def ask_how_call_ended(self, screen: CallScreen) -> None:
        """Ask how the call on ``screen`` ended, then end it so."""
        from informterm.tui.screens.end_call import CallEnded, EndCallScreen

        interview = self.workbook.find(Interview, screen.interview_id)
        contact = self.workbook.find(Contact, interview.contact_id) if interview else None
        if interview is None or contact is None:
            self.pop_screen()
            return

        def ended(result: CallEnded | None) -> None:
            if result is None:
                screen.notes.focus()
            elif result.held:
                self.finish_call(screen, result.outcome)
            else:
                self.leave_call(screen)

        self.push_screen(EndCallScreen(contact.name, interview.outcome), ended)

    def finish_call(self, screen: CallScreen, outcome: str) -> None:
        """Mark the call's interview held with ``outcome`` (the notes saved in the same
        save), then show what it left."""
        if self.workbook.read_only:
            self.refuse_read_only()
            return
        from informterm.flows import calls as call_flows

        screen.notes.save_now()
        interview_id = screen.interview_id
        end = partial(
            call_flows.end_call,
            journal=self.notes_journal,
            thank_you=self._thank_you_template(),
        )

        def show(summary: CallSummary | None) -> None:
            if summary is None:
                return
            self._call_started.pop(interview_id, None)
            if screen in self.screen_stack:
                while self.screen is not screen:
                    self.pop_screen()
                self.pop_screen()
            from informterm.tui.screens.end_call import CallSummaryScreen

            self.push_screen(CallSummaryScreen(summary))

        self.run_flow(end, interview_id, outcome, then=show)

    def leave_call(self, screen: CallScreen) -> None:
        """Leave a call without marking it held, its notes saved in the workbook."""
        screen.notes.save_now()
        if self.screen is screen:
            self.pop_screen()
        journal = self.notes_journal
        if journal is None:
            return
        interview = self.workbook.find(Interview, screen.interview_id)
        contact = self.workbook.find(Contact, interview.contact_id) if interview else None
        name = contact.name if contact is not None else "them"
        from informterm.flows.calls import fold_notes

        self.run_flow(
            fold_notes,
            journal,
            done=f"Left the call with {name}, notes saved; c takes it up again",
        )

    def fold_notes(self) -> None:
        """Save the notes typed so far in the workbook (one save), quietly."""
        journal = self.notes_journal
        if journal is not None:
            from informterm.flows.calls import fold_notes

            self.run_flow(fold_notes, journal)

    def _thank_you_template(self) -> Template | None:
        from informterm.core.templates import load_templates, ordered_for
        from informterm.flows.calls import thank_you_template
        from informterm.paths import shipped_dir

        templates, _errors = load_templates([shipped_dir("templates"), self.user_template_dir])
        return thank_you_template(ordered_for(templates, "thank-you"))

    def add_lead_from_call(self, interview_id: str, line: str) -> None:
        """Add the person a ``#lead`` line names, introduced by the person interviewed: the
        contact form opens filled in from the line."""
        if self.workbook.read_only:
            self.refuse_read_only()
            return
        held = self.workbook.find(Interview, interview_id)
        if held is None:
            self.notify("That interview no longer exists.", severity="warning")
            return
        from informterm.flows.calls import lead_contact

        prefill = lead_contact(self.workbook, self.settings, held, line)
        referrer = self.workbook.find(Contact, held.contact_id)

        def add(contact: Contact | None) -> None:
            if contact is not None:
                by = f", introduced by {referrer.name}" if referrer is not None else ""
                self.run_flow(contact_flows.add_contact, contact, done=f"Added {contact.name}{by}")

        from informterm.tui.screens.contact_form import ContactForm

        form = ContactForm(
            None, contacts=self._everyone(), referred_by=prefill.referred_by, prefill=prefill
        )
        self.push_screen(form, add)

    def edit_notes_in_editor(self, editor: NotesEditor) -> None:
        """Edit the notes in ``editor`` in $VISUAL or $EDITOR; they are saved as typed."""
        from informterm.tui.external_editor import EditorError, edit_text

        try:
            text = edit_text(self, editor.text)
        except EditorError as error:
            self.notify(str(error), title="Editor", severity="warning", markup=False)
            return
        if text != editor.text:
            editor.replace(text, (0, 0), editor.document.end)
            editor.save_now()
        editor.focus()

    def _fold_notes_at_quit(self) -> None:
        # Not imported to find out: with no notes ever edited, there is nothing to save.
        editing = sys.modules.get("informterm.tui.widgets.notes_editor")
        journal = self.__dict__.get("notes_journal")
        if editing is None or journal is None:
            return
        for screen in self.screen_stack:
            for editor in screen.query(editing.NotesEditor):
                editor.save_now()
        from informterm.flows.calls import fold_notes

        self.run_flow(fold_notes, journal)

    def _close_notes_journal(self) -> None:
        journal = self.__dict__.get("notes_journal")
        if journal is not None:
            journal.close()

    # -- follow-up actions (the queue's keys) ---------------------------------------------------

    def complete_follow_up(self, follow_up_id: str) -> None:
        """Mark a follow-up done (logging the message it stands for, if it is one)."""
        follow_up = self._open_follow_up(follow_up_id)
        if follow_up is not None:
            self.run_flow(follow_up_flows.complete, follow_up, then=self._acted_on_follow_up)

    def snooze_follow_up(self, follow_up_id: str) -> None:
        """Put a follow-up off until a time picked from a short list or typed."""
        follow_up = self._open_follow_up(follow_up_id)
        if follow_up is None:
            return
        from informterm.core.followups import snooze_choices
        from informterm.tui.screens.snooze_picker import SnoozePicker

        def store(until: Timestamp | None) -> None:
            if until is not None:
                self.run_flow(
                    follow_up_flows.snooze, follow_up, until, then=self._acted_on_follow_up
                )

        now = self.now()
        title = f"Snooze the {follow_up.kind.value} for {self._name_of(follow_up)} until"
        picker = SnoozePicker(
            title, snooze_choices(now, self.settings), now=now, settings=self.settings
        )
        self.push_screen(picker, store)

    def dismiss_follow_up(self, follow_up_id: str) -> None:
        """Drop a follow-up without doing it, after a confirmation."""
        follow_up = self._open_follow_up(follow_up_id)
        if follow_up is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_flow(follow_up_flows.dismiss, follow_up, then=self._acted_on_follow_up)

        from informterm.tui.screens.confirm import ConfirmScreen

        reason = follow_up.reason.strip()
        message = (
            f"Dismiss the {follow_up.kind.value} for {self._name_of(follow_up)}"
            + (f" ({reason})" if reason else "")
            + "? Its rule will not make it again; u undoes this."
        )
        self.push_screen(
            ConfirmScreen("Dismiss follow-up", message, confirm_label="Dismiss"), confirmed
        )

    def edit_follow_up(self, follow_up_id: str) -> None:
        """Change a follow-up's due time and reason (its rule then leaves them alone)."""
        follow_up = self._open_follow_up(follow_up_id)
        if follow_up is None:
            return

        def store(edited: tuple[Timestamp, str] | None) -> None:
            if edited is not None and edited != (follow_up.due, follow_up.reason):
                due, reason = edited
                self.save(
                    lambda workbook: follow_up_flows.edit(
                        workbook, follow_up, due=due, reason=reason
                    ),
                    then=self._acted_on_follow_up,
                )

        from informterm.tui.screens.follow_up_form import FollowUpForm

        form = FollowUpForm(
            follow_up,
            self._name_of(follow_up),
            now=self.now(),
            home_timezone=self.settings.home_timezone,
        )
        self.push_screen(form, store)

    def action_undo(self) -> None:
        """Undo the last action on a follow-up."""
        action = self.last_follow_up_action
        if action is None:
            self.notify("Nothing to undo.", severity="warning")
            return

        def revert(workbook: Workbook) -> str:
            try:
                return follow_up_flows.undo(workbook, action)
            except ChangedSince:
                return f"Not undone: it has changed since ({action.done})"

        self.last_follow_up_action = None
        self.refresh_bindings()
        self.save(revert, then=lambda said: self.notify(said or "", markup=False))

    def _acted_on_follow_up(self, action: FollowUpAction | None) -> None:
        if action is not None:
            self.last_follow_up_action = action
            self.refresh_bindings()
            self.notify(f"{action.done} · u undoes it", markup=False)

    def _open_follow_up(self, follow_up_id: str) -> FollowUp | None:
        """The follow-up, when it is still open and the workbook can be changed."""
        if self.workbook.read_only:
            self.refuse_read_only()
            return None
        follow_up = self.workbook.find(FollowUp, follow_up_id)
        if follow_up is None or not follow_up.is_open:
            self.notify("That follow-up is no longer open.", severity="warning")
            return None
        return follow_up

    def _name_of(self, follow_up: FollowUp) -> str:
        contact = self.workbook.find(Contact, follow_up.contact_id)
        return contact.name if contact is not None else "a contact no longer here"

    def applies(self, action: Action) -> bool | None:
        if action.name == "undo":
            return self.last_follow_up_action is not None
        return True

    def _everyone(self) -> list[Contact]:
        return self.workbook.contacts(include_archived=True)

    def _select(self, contact: Contact | None) -> None:
        """Put the contact list's cursor on a contact (after adding one)."""
        if contact is None:
            return
        for screen in self.screen_stack:
            if isinstance(screen, WorkbookScreen):
                screen.select_contact(contact.id)

    # -- prep

    def prep_config_dir(self) -> Path:
        """The folder whose ``questions`` and ``checklists`` folders hold the user's own
        question bank and checklists: config.yaml's."""
        return self.settings.config_dir or self.config_path.parent

    def tick_prep_row(self, interview: Interview, row: StepOption | QuestionOption) -> None:
        """Tick a step done or a question asked (again: untick it)."""
        from informterm.flows import prep

        flow = prep.tick_step if isinstance(row, StepOption) else prep.tick_question
        self._prep_save(flow, interview.id, row.index, _row_text(row))

    def add_prep_step(self, interview: Interview, at: int | None) -> None:
        """Type a step of your own for an interview's checklist, placed at ``at``."""
        from informterm.core.checklists import MAX_STEP_LENGTH
        from informterm.flows import prep
        from informterm.tui.screens.prep_form import PrepTextForm, Typed

        def save(form: PrepTextForm, typed: Typed) -> None:
            self._follow_prep_row(StepOption, typed.text)
            self._prep_save(prep.add_step, interview.id, typed.text, at, form=form)

        if self._prep_writable():
            title = f"Add a step to the checklist for {self._prep_who(interview)}"
            self.push_screen(PrepTextForm(title, "Step", save=save, longest=MAX_STEP_LENGTH))

    def write_prep_question(self, interview: Interview, at: int | None) -> None:
        """Type a question of your own for an interview's list, placed at ``at``."""
        from informterm.core.questions import MAX_QUESTION_LENGTH
        from informterm.flows import prep
        from informterm.tui.screens.prep_form import PrepTextForm, Typed

        def save(form: PrepTextForm, typed: Typed) -> None:
            self._follow_prep_row(QuestionOption, typed.text)
            self._prep_save(
                prep.add_question, interview.id, typed.text, typed.category or "", at, form=form
            )

        if self._prep_writable():
            bank = self._question_bank()
            title = f"Write a question for {self._prep_who(interview)}"
            form = PrepTextForm(
                title,
                "Question",
                save=save,
                categories=[category.name for category in bank.categories],
                longest=MAX_QUESTION_LENGTH,
            )
            self.push_screen(form)

    def edit_prep_row(self, interview: Interview, row: StepOption | QuestionOption) -> None:
        """Change the words of a step, or of a question and its category."""
        from informterm.core.checklists import MAX_STEP_LENGTH
        from informterm.core.questions import MAX_QUESTION_LENGTH
        from informterm.flows import prep
        from informterm.tui.screens.prep_form import PrepTextForm, Typed

        if not self._prep_writable():
            return
        old = _row_text(row)
        who = self._prep_who(interview)
        if isinstance(row, StepOption):

            def save_step(form: PrepTextForm, typed: Typed) -> None:
                self._follow_prep_row(StepOption, typed.text)
                self._prep_save(prep.edit_step, interview.id, row.index, old, typed.text, form=form)

            title = f"Edit a step of the checklist for {who}"
            self.push_screen(
                PrepTextForm(title, "Step", text=old, save=save_step, longest=MAX_STEP_LENGTH)
            )
            return
        question = row.question

        def save_question(form: PrepTextForm, typed: Typed) -> None:
            self._follow_prep_row(QuestionOption, typed.text)
            self._prep_save(
                prep.edit_question,
                interview.id,
                row.index,
                old,
                typed.text,
                typed.category,
                form=form,
            )

        form = PrepTextForm(
            f"Edit a question for {who}",
            "Question",
            text=old,
            save=save_question,
            categories=[category.name for category in self._question_bank().categories],
            category=question.category,
            longest=MAX_QUESTION_LENGTH,
        )
        self.push_screen(form)

    def remove_prep_row(self, interview: Interview, row: StepOption | QuestionOption) -> None:
        """Remove a step or a question from an interview's prep, after a confirmation."""
        from informterm.flows import prep
        from informterm.tui.screens.confirm import ConfirmScreen

        if not self._prep_writable():
            return
        text = _row_text(row)
        step = isinstance(row, StepOption)
        what = "step" if step else "question"
        flow = prep.remove_step if step else prep.remove_question
        where = "checklist" if step else "question list"

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._prep_save(flow, interview.id, row.index, text, done=f"Removed the {what}")

        message = f"Remove the {what} “{text}” from the {where} for {self._prep_who(interview)}?"
        self.push_screen(
            ConfirmScreen(f"Remove {what}", message, confirm_label="Remove"), confirmed
        )

    def move_prep_row(
        self, interview: Interview, row: StepOption | QuestionOption, offset: int
    ) -> None:
        """Move a step or a question up or down its list."""
        from informterm.flows import prep

        flow = prep.move_step if isinstance(row, StepOption) else prep.move_question
        self._prep_save(flow, interview.id, row.index, _row_text(row), offset)

    def pick_prep_questions(self, interview: Interview) -> None:
        """Pick questions from the bank to add to an interview's list."""
        from informterm.flows import prep
        from informterm.tui.screens.question_picker import QuestionPicker

        if not self._prep_writable():
            return

        def add(picked: list[Question] | None) -> None:
            if picked:
                count = f"{len(picked)} question{'s' if len(picked) != 1 else ''}"
                self._follow_prep_row(QuestionOption, picked[0].text)
                self._prep_save(prep.add_questions, interview.id, picked, done=f"Added {count}")

        bank = self._question_bank()
        title = f"Questions for {self._prep_who(interview)} from your bank"
        listed = [question.text for question in interview.questions]
        self.push_screen(QuestionPicker(bank, listed, title), add)

    def save_question_to_bank(self, question: Question) -> None:
        """Save a question to the user's own bank, in its category's file beside
        config.yaml (keeping the shipped questions of that category)."""
        self.run_worker(self._save_to_bank(question), group="config")

    async def _save_to_bank(self, question: Question) -> None:
        from informterm.core.questions import NotSaved, load_bank, question_dirs, save_to_bank

        config_dir = self.prep_config_dir()

        def save() -> object:
            bank, _errors = load_bank(question_dirs(config_dir))
            return save_to_bank(bank, config_dir / "questions", question.text, question.category)

        try:
            saved = await asyncio.to_thread(save)
        except (NotSaved, OSError) as error:
            self.notify(f"Not saved to your bank: {error}", severity="error", markup=False)
            return
        from informterm.core.questions import Saved

        assert isinstance(saved, Saved)
        heading = saved.category.heading
        if saved.added:
            self.notify(f"Saved to your question bank ({heading}): {saved.path}", markup=False)
        else:
            self.notify(f"Your question bank has it already ({heading})", markup=False)

    async def check_checklist_files(self) -> None:
        """Say which of the user's checklist files were skipped (new interviews then get the
        shipped steps instead), reading them off the UI thread."""
        from informterm.core.checklists import checklists_of

        _checklists, errors = await asyncio.to_thread(checklists_of, self.settings)
        for error in errors:
            self.notify(error, title="Checklists", severity="warning", markup=False, timeout=10)

    def _question_bank(self) -> QuestionBank:
        """The question bank now (shipped and the user's), each file skipped said once."""
        from informterm.core.questions import load_bank, question_dirs

        bank, errors = load_bank(question_dirs(self.prep_config_dir()))
        for error in errors:
            self.notify(error, title="Question bank", severity="warning", markup=False, timeout=10)
        return bank

    def _prep_save(
        self,
        flow: Flow[Interview],
        *arguments: object,
        form: PrepTextForm | None = None,
        done: str | None = None,
    ) -> None:
        """Run a prep use case as one save. A failure is said in ``form`` (which stays
        open with what was typed) or as a notification; a success closes ``form``."""
        if self.workbook.read_only:
            self.refuse_read_only()
            if form is not None:
                form.failed("Not saved: the workbook is open read-only")
            return
        now: Timestamp = self.now()

        def attempt(workbook: Workbook) -> object:
            try:
                return flow(workbook, self.settings, now, *arguments)
            except (WorkbookError, OSError, ValueError, KeyError) as error:
                return _NotSaved(str(error))

        def landed(result: object) -> None:
            if isinstance(result, _NotSaved):
                message = f"Not saved: {result.reason}"
                if form is not None:
                    form.failed(message)
                else:
                    self.notify(message, severity="error", markup=False, timeout=10)
                return
            if form is not None:
                form.saved()
            if done:
                self.notify(done, markup=False)

        self.save(attempt, then=landed)

    def _prep_writable(self) -> bool:
        if self.workbook.read_only:
            self.refuse_read_only()
            return False
        return True

    def _prep_who(self, interview: Interview) -> str:
        contact = self.workbook.find(Contact, interview.contact_id)
        return f"{contact.name}'s interview" if contact is not None else "the interview"

    def _follow_prep_row(self, kind: type[StepOption | QuestionOption], text: str) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, WorkbookScreen):
                screen.prep_pane.follow(kind, text)


class _NotSaved:
    """A prep change that was refused, and why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _row_text(row: StepOption | QuestionOption) -> str:
    return row.step.text if isinstance(row, StepOption) else row.question.text


def _changed_record(result: object) -> Entity | None:
    """The record a flow's result names for the panes to bring up to date (None: anything
    may have changed)."""
    if isinstance(result, LoggedTouch):
        return result.touch
    if isinstance(result, FollowUpAction):
        # A touch it logged may have moved the contact too: the touch names them.
        return result.touch or result.follow_up
    return result if isinstance(result, Entity) else None
