"""Every key of informterm, declared once.

An :class:`Action` gives a key its binding id (the name config.yaml's ``keymap`` uses), its
default keys, the Textual action it runs, its label and tooltip, and when it applies. A
:class:`Place` is where a set of actions is bound: a screen or a widget, whose class takes
``BINDINGS = PLACE.bindings()`` and mixes in :class:`ActsFromTable`. The bindings, the key
bar (labels and which keys apply now), the help screen, the command palette's commands and
the keymap check are all made from this table, so an action shared by the contact list and
the contact card is one entry, not four.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.keys import key_to_character
from textual.widgets import Input

if TYPE_CHECKING:
    from informterm.core.model import Contact

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


@dataclass(frozen=True, slots=True)
class Action:
    """One thing a key does."""

    id: str
    """The binding id: kebab-case, the name config.yaml's keymap uses."""
    keys: str
    """The default keys, Textual's names, several separated by commas."""
    action: str
    """The Textual action run on the node of the place, e.g. ``edit_contact``."""
    label: str
    """The key bar's and the help screen's word for it."""
    tooltip: str
    show: bool = True
    """Shown in the key bar (when it applies)."""
    optional: bool = False
    """Left out of a narrow key bar first."""
    writes: bool = False
    """Changes the workbook: not offered when it is open read-only."""
    needs_contact: bool = False
    """Acts on one contact: does not apply when there is none."""
    label_when_archived: str | None = None
    """The label while the contact it acts on is archived (Archive becomes Restore)."""
    palette: str | None = None
    """The command palette's title, or None to leave it out of the palette. ``{name}`` is
    the contact's name and ``{label}`` the label as it is now."""

    @property
    def name(self) -> str:
        """The action's method name, without arguments: ``focus_pane('notes')`` ->
        ``focus_pane``."""
        return self.action.split("(", 1)[0]

    def binding(self) -> Binding:
        """The Textual binding of this action, with its default keys."""
        return Binding(
            self.keys,
            self.action,
            self.label,
            show=self.show,
            id=self.id,
            tooltip=self.tooltip,
        )


@dataclass(frozen=True)
class Place:
    """A screen or widget and the actions bound on it."""

    title: str
    """As the help screen names it."""
    actions: tuple[Action, ...]
    in_help: bool = True
    by_name: dict[str, Action] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {a.name: a for a in self.actions})

    def bindings(self) -> list[BindingType]:
        """The bindings for the class that holds this place."""
        return [action.binding() for action in self.actions]


class ActsFromTable:
    """Mixin for a screen or widget that holds a :class:`Place`: whether each of its actions
    applies now, and its label now, as the table says.

    A subclass names its place in ``PLACE`` and may override :meth:`acted_on` (the contact
    its contact actions act on) and :meth:`applies` (a rule of its own).
    """

    PLACE: ClassVar[Place]

    def acted_on(self) -> Contact | None:
        """The contact this node's contact actions act on now, if any."""
        return None

    def applies(self, action: Action) -> bool | None:
        """Whether ``action`` applies now beyond the table's rules: True, False (hidden
        from the key bar and the palette) or None (shown dimmed, does nothing)."""
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        declared = self.PLACE.by_name.get(action)
        if declared is None:
            return True
        return action_applies(self, declared)

    def label_of(self, action: Action) -> str:
        """The action's label as it is now (Restore for an archived contact's Archive)."""
        if action.label_when_archived is not None:
            contact = self.acted_on()
            if contact is not None and contact.archived:
                return action.label_when_archived
        return action.label


def action_applies(node: Any, action: Action, *, by_key: bool = True) -> bool | None:
    """Whether ``action`` applies on ``node`` (an :class:`ActsFromTable`) now; ``by_key``:
    pressed by its key, which a focused text editor would take as typing instead."""
    app = node.app
    if action.needs_contact and node.acted_on() is None:
        return False
    if by_key and _types_into_editor(app, action):
        return False
    result: bool | None = node.applies(action)
    return result


def offered(app: Any, action: Action) -> bool:
    """Whether the key bar and the palette offer ``action`` at all: not a change to a
    workbook open read-only. Its key still works, to say why nothing changes."""
    workbook = getattr(app, "workbook", None)
    return not (action.writes and workbook is not None and workbook.read_only)


def _types_into_editor(app: Any, action: Action) -> bool:
    """Whether each of the action's keys is a character that the focused text editor would
    take as typing, so the key bar should not offer it."""
    focused = app.focused
    if focused is None or not is_text_editor(focused):
        return False
    return all(map(_is_typed_character, keys_of(action, getattr(app, "_keymap", {}))))


def is_text_editor(widget: object) -> bool:
    """Whether ``widget`` is a text editor (an Input or a TextArea), which takes printable
    keys as typing."""
    if isinstance(widget, Input):
        return True
    # TextArea is costly to import, and only a screen that uses one has imported it.
    text_area = sys.modules.get("textual.widgets._text_area")
    return text_area is not None and isinstance(widget, text_area.TextArea)


def _is_typed_character(key: str) -> bool:
    if "+" in key and key != "+":
        return False  # ctrl+s and the like are never typing
    character = key if len(key) == 1 else key_to_character(_unicode_key(key))
    return character is not None and character.isprintable()


def _unicode_key(key: str) -> str:
    from textual.keys import REPLACED_KEYS

    return REPLACED_KEYS.get(key, key)


def is_key_name(key: str) -> bool:
    """Whether ``key`` (one key, such as ``ctrl+n``, ``f2`` or ``question_mark``) is a key
    that Textual knows."""
    from textual.keys import Keys, key_to_character

    *modifiers, base = key.split("+") if key != "+" else ["+"]
    if not base or any(modifier not in MODIFIERS for modifier in modifiers):
        return False
    if len(base) == 1:
        return base.isprintable()
    named = {k.value for k in Keys if not k.value.startswith("<") and "+" not in k.value}
    return base in named or key_to_character(_unicode_key(base)) is not None


# -- the table -----------------------------------------------------------------------------

HELP = Action("help", "question_mark", "help", "Help", "Show every key")
# Not Textual's own "quit" action: that one is also ctrl+q's, which must work in a text
# editor, where q is typing and this action does not apply.
QUIT = Action("quit", "q", "quit_app", "Quit", "Quit informterm")

CURSOR_UP = Action("cursor-up", "up,k", "cursor_up", "Up", "Highlight the one above", show=False)
CURSOR_DOWN = Action(
    "cursor-down", "down,j", "cursor_down", "Down", "Highlight the one below", show=False
)
SCROLL_UP = Action("scroll-up", "up,k", "scroll_up", "Up", "Scroll up", show=False)
SCROLL_DOWN = Action("scroll-down", "down,j", "scroll_down", "Down", "Scroll down", show=False)

EDIT_CONTACT = Action(
    "edit-contact", "e", "edit_contact", "Edit", "Edit the contact's fields",
    writes=True, needs_contact=True, palette="contact: Edit {name}",
)  # fmt: skip
CHANGE_STAGE = Action(
    "change-stage", "s", "change_stage", "Stage", "Move the contact to another stage",
    writes=True, needs_contact=True, palette="contact: Change stage of {name}",
)  # fmt: skip
LOG_TOUCH = Action(
    "log-touch", "t", "log_touch", "Touch", "Log an email, call, letter or meeting",
    writes=True, needs_contact=True, palette="contact: Log touch with {name}",
)  # fmt: skip
ARCHIVE_CONTACT = Action(
    "archive-contact", "a", "archive_contact", "Archive",
    "Archive the contact (hidden from the list, record kept), or restore an archived one",
    optional=True, writes=True, needs_contact=True, label_when_archived="Restore",
    palette="contact: {label} {name}",
)  # fmt: skip
DELETE_CONTACT = Action(
    "delete-contact", "d", "delete_contact", "Delete",
    "Delete the contact with all touches, interviews and follow-ups (asks first)",
    writes=True, needs_contact=True, palette="contact: Delete {name}",
)  # fmt: skip

COMPOSE_MESSAGE = Action(
    "compose-message", "m", "compose_message", "Message",
    "Write to them from a template (a request, a follow-up, a thank-you...), checked as you type",
    optional=True, needs_contact=True, palette="contact: Compose message to {name}",
)  # fmt: skip

UNDO = Action(
    "undo", "u", "undo", "Undo",
    "Undo the last thing done to a follow-up (done, snooze, dismiss, edit)",
    optional=True, writes=True, palette="follow-ups: Undo the last change",
)  # fmt: skip

# -- scheduling

SCHEDULE_INTERVIEW = Action(
    "schedule-interview", "i", "schedule_interview", "Interview",
    "Schedule an interview with them: the time in both zones, with warnings",
    optional=True, writes=True, needs_contact=True,
    palette="contact: Schedule interview with {name}",
)  # fmt: skip

INTERVIEW_LIST = Place(
    "Contact card > Interviews",
    (
        CURSOR_UP,
        CURSOR_DOWN,
        Action("interview-reschedule", "r", "reschedule", "Reschedule",
               "Change its time, length, medium or place (Enter too)", writes=True,
               palette="interview: Reschedule {name}'s interview"),
        Action("interview-confirm", "c", "confirm", "Confirm",
               "Mark it confirmed: they agreed to the time", writes=True,
               palette="interview: Confirm {name}'s interview"),
        Action("interview-done", "x", "held", "Held",
               "Mark it held; the thank-you follow-up is made", writes=True,
               palette="interview: Mark {name}'s interview held"),
        Action("interview-no-show", "N", "no_show", "No-show",
               "Mark that it did not take place", optional=True, writes=True,
               palette="interview: Mark {name}'s interview a no-show"),
        Action("interview-cancel", "X", "cancel_interview", "Cancel",
               "Cancel it (asks first); the confirm follow-up is closed", optional=True,
               writes=True, palette="interview: Cancel {name}'s interview"),
        Action("interview-ics", "E", "export_ics", "Export .ics",
               "Save it as an .ics file to attach to an invite", optional=True,
               palette="interview: Export {name}'s interview as .ics"),
    ),
)  # fmt: skip

APP = Place("Everywhere", (HELP, QUIT, UNDO))

# -- call mode ------------------------------------------------------------------------------

START_CALL = Action(
    "start-call", "c", "start_call", "Call",
    "Hold the call of their interview: a countdown, the questions to tick and notes that "
    "are never lost", optional=True, needs_contact=True,
    palette="interview: Start call with {name}",
)  # fmt: skip

CALL_TAG_KEYS = {
    "lead": ("ctrl+l", "someone to talk to next: offered as a new contact when the call ends"),
    "advice": ("ctrl+g", "advice they gave: the thank-you recalls it"),
    "resource": ("ctrl+r", "a book, site, group or event they pointed you to"),
    "promise": ("ctrl+f", "something you promised: it becomes a follow-up"),
    "thanks": ("ctrl+t", "something to thank them for: the thank-you names it"),
}
"""Each note tag's key in call mode and in the Notes pane, and what the tag is for."""

CALL_TAGS = tuple(
    Action(f"call-tag-{tag}", key, f"tag('{tag}')", f"#{tag}",
           f"Start a line tagged #{tag}: {purpose}")
    for tag, (key, purpose) in CALL_TAG_KEYS.items()
)  # fmt: skip

CALL = Place(
    "Call",
    (
        *CALL_TAGS,
        Action("end-call", "escape", "end_call", "End call",
               "End the call: mark it held with an outcome, or leave it for now",
               palette="call: End the call"),
        Action("call-editor", "ctrl+o", "external_editor", "Editor",
               "Edit the notes in your own editor ($VISUAL or $EDITOR); the clock goes on",
               optional=True, palette="call: Edit the notes in your editor"),
    ),
)  # fmt: skip

CALL_QUESTIONS = Place(
    "Call > Questions",
    (
        CURSOR_UP,
        CURSOR_DOWN,
        Action("call-question-asked", "space,enter", "toggle_asked", "Asked",
               "Tick the question as asked (or untick it)"),
        Action("call-question-answer", "a", "answer", "Answer",
               "Write their answer in one line (the question is ticked)"),
    ),
)  # fmt: skip

CALL_ANSWER = Place(
    "Call > Answer",
    (Action("call-answer-cancel", "escape", "cancel", "Cancel",
            "Back to the questions, the answer as it was (Enter keeps it)"),),
)  # fmt: skip

END_CALL = Place(
    "End of the call",
    (
        Action("end-call-done", "ctrl+s", "done", "Mark held",
               "Mark the interview held with the outcome line (Enter does it too)"),
        Action("end-call-later", "ctrl+n", "later", "Not yet",
               "Leave the call without marking it held; the notes are saved"),
        Action("end-call-back", "escape", "back", "Back", "Back to the call"),
    ),
)  # fmt: skip

CALL_SUMMARY = Place(
    "After the call",
    (
        Action("call-summary-close", "escape", "close", "Close", "Back to the workbook"),
        Action("call-summary-thank-you", "w", "thank_you", "Thank-you",
               "Open the thank-you's draft, written from your #thanks and #advice lines"),
        *(
            Action(f"call-summary-lead-{digit}", digit, f"add_lead({index})",
                   f"Lead {digit}", f"Add lead {digit} as a contact they introduced",
                   show=False, writes=True)
            for index, digit in enumerate("123456789")
        ),
    ),
)  # fmt: skip

NOTES_EDITOR = Place(
    "Workbook > Notes",
    (
        *CALL_TAGS,
        Action("notes-done", "escape", "done", "Done",
               "Stop editing; the notes are saved in the workbook"),
        Action("notes-editor", "ctrl+o", "external_editor", "Editor",
               "Edit the notes in your own editor ($VISUAL or $EDITOR)",
               palette="notes: Edit the notes in your editor"),
    ),
)  # fmt: skip

CALL_PLACES = (CALL, CALL_QUESTIONS, CALL_ANSWER, END_CALL, CALL_SUMMARY, NOTES_EDITOR)

WORKBOOK = Place(
    "Workbook",
    (
        Action("focus-contacts", "1", "focus_pane('contacts')", "Contacts",
               "Go to the Contacts pane", show=False),
        Action("focus-prep", "2", "focus_pane('prep')", "Prep", "Go to the Prep pane",
               show=False),
        Action("focus-notes", "3", "focus_pane('notes')", "Notes", "Go to the Notes pane",
               show=False),
        Action("focus-follow-ups", "4", "focus_pane('follow-ups')", "Follow-ups",
               "Go to the Follow-ups pane", show=False),
        Action("filter-contacts", "slash", "filter_contacts", "Filter",
               "Type to narrow the list by name, company, title, tags or notes",
               palette="contacts: Filter"),
        Action("new-contact", "n", "new_contact", "New", "Add a contact to the workbook",
               writes=True, palette="contact: New contact"),
        Action("cycle-sort", "o", "cycle_sort", "Sort",
               "Sort contacts by name, stage or last touch", optional=True),
        Action("toggle-archived", "A", "toggle_archived", "Archived",
               "Show or hide archived contacts", optional=True),
        Action("show-companies", "C", "show_companies", "Companies",
               "Everyone you know, grouped by company, with who to try next",
               optional=True, palette="contacts: Show companies"),
        START_CALL,
    ),
)  # fmt: skip

FOLLOW_UP_QUEUE = Place(
    "Workbook > Follow-ups",
    (
        CURSOR_UP,
        CURSOR_DOWN,
        Action("follow-up-done", "x", "done", "Done",
               "Mark it done; one that stands for a message logs it as sent",
               writes=True, palette="follow-ups: Mark {name}'s follow-up done"),
        Action("follow-up-snooze", "z", "snooze", "Snooze",
               "Put it off: tomorrow, in 3 business days, next week or a date",
               writes=True, palette="follow-ups: Snooze {name}'s follow-up"),
        Action("follow-up-dismiss", "d", "dismiss", "Dismiss",
               "Drop it without doing it (asks first)", writes=True,
               palette="follow-ups: Dismiss {name}'s follow-up"),
        Action("follow-up-draft", "w", "draft", "Draft",
               "Write the message it stands for from a template; the text is kept as its draft",
               palette="follow-ups: Draft {name}'s follow-up"),
        Action("follow-up-edit", "e", "edit", "Edit",
               "Change when it is due and why; its rule no longer moves it", optional=True,
               writes=True, palette="follow-ups: Edit {name}'s follow-up"),
        Action("follow-up-jump", "enter", "jump", "Jump",
               "Highlight its contact in the list", optional=True,
               palette="follow-ups: Jump to {name}"),
        Action("follow-up-scope", "c", "toggle_scope", "This contact",
               "Show everyone's follow-ups, or only the highlighted contact's",
               optional=True, palette="follow-ups: Everyone's or one contact's"),
    ),
)  # fmt: skip

CONTACT_LIST = Place(
    "Workbook > Contacts",
    (
        CURSOR_UP,
        CURSOR_DOWN,
        Action("cursor-first", "home", "cursor_first", "First", "Highlight the first contact",
               show=False),
        Action("cursor-last", "end", "cursor_last", "Last", "Highlight the last contact",
               show=False),
        Action("cursor-page-up", "pageup", "page_up", "Page up",
               "Move the highlight up one page", show=False),
        Action("cursor-page-down", "pagedown", "page_down", "Page down",
               "Move the highlight down one page", show=False),
        Action("open-contact", "enter", "open_contact", "Open",
               "Open the highlighted contact's card", optional=True, needs_contact=True,
               palette="contact: Open {name}"),
        EDIT_CONTACT,
        CHANGE_STAGE,
        LOG_TOUCH,
        COMPOSE_MESSAGE,
        SCHEDULE_INTERVIEW,
        ARCHIVE_CONTACT,
        DELETE_CONTACT,
    ),
)  # fmt: skip

CONTACT_FILTER = Place(
    "Workbook > Contact filter",
    (
        Action("clear-filter", "escape", "clear_filter", "Clear filter",
               "Clear the contact filter and return to the list",
               palette="contacts: Clear filter"),
        Action("filter-cursor-down", "down", "filter_cursor(1)", "Next",
               "From the filter box, highlight the next contact", show=False),
        Action("filter-cursor-up", "up", "filter_cursor(-1)", "Previous",
               "From the filter box, highlight the previous contact", show=False),
    ),
)  # fmt: skip

SCROLLING = Place("Panes and the card", (SCROLL_UP, SCROLL_DOWN))
LISTS = Place("Lists (referral trees, stages)", (CURSOR_UP, CURSOR_DOWN))

CONTACT_CARD = Place(
    "Contact card",
    (
        Action("close-card", "escape", "close", "Back", "Back to where you were"),
        EDIT_CONTACT,
        LOG_TOUCH,
        COMPOSE_MESSAGE,
        SCHEDULE_INTERVIEW,
        CHANGE_STAGE,
        ARCHIVE_CONTACT,
        DELETE_CONTACT,
        Action("add-lead", "n", "add_lead", "Add lead", "Add someone they introduced you to",
               writes=True, needs_contact=True, palette="contact: Add a lead from {name}"),
        START_CALL,
    ),
)  # fmt: skip

SAVE_FORM = Action("save-form", "ctrl+s", "save", "Save", "Check the fields and save")
CANCEL_FORM = Action("cancel-form", "escape", "cancel", "Cancel", "Close without saving")

CONTACT_FORM = Place("Contact form", (SAVE_FORM, CANCEL_FORM))
CONTACT_PICKER = Place(
    "Contact form > Contact picker",
    (
        Action("picker-matches", "down", "open_matches", "Matches",
               "Move into the list of matching contacts", show=False),
        Action("picker-close", "escape", "close_matches", "Close matches",
               "Close the list of matching contacts", show=False),
    ),
)  # fmt: skip
LOG_TOUCH_FORM = Place("Log touch", (SAVE_FORM, CANCEL_FORM))
FOLLOW_UP_FORM = Place("Edit follow-up", (SAVE_FORM, CANCEL_FORM))

# -- scheduling (its forms)

SCHEDULE_FORM = Place(
    "Schedule interview",
    (
        SAVE_FORM,
        CANCEL_FORM,
        Action("schedule-toggle-zone", "ctrl+t", "toggle_zone", "Zone",
               "Type the time in your zone or in theirs"),
    ),
)  # fmt: skip

ICS_EXPORT = Place("Export .ics", (SAVE_FORM, CANCEL_FORM))

SNOOZE_PICKER = Place(
    "Snooze",
    (
        Action("cancel-snooze", "escape", "cancel", "Cancel", "Keep it as it is"),
        *(
            Action(f"snooze-{digit}", digit, f"pick({index})", f"Choice {digit}",
                   f"Take snooze choice {digit}", show=False)
            for index, digit in enumerate("123")
        ),
    ),
)  # fmt: skip

COMPOSE = Place(
    "Compose",
    (
        Action("compose-close", "escape", "close", "Close",
               "Close; a follow-up keeps what you wrote as its draft"),
        Action("compose-copy", "ctrl+g", "copy", "Copy",
               "Copy the subject and the message to the clipboard",
               palette="compose: Copy the message"),
        Action("compose-editor", "ctrl+o", "external_editor", "Editor",
               "Edit the message in your own editor ($VISUAL or $EDITOR)",
               palette="compose: Edit in your editor"),
        Action("compose-sent", "ctrl+t", "mark_sent", "Mark sent",
               "Log the message as sent (a touch, as t logs one); a follow-up is done",
               writes=True, palette="compose: Mark as sent"),
    ),
)  # fmt: skip

COMPANIES = Place(
    "Companies",
    (
        Action("close-companies", "escape", "close", "Back", "Back to the workbook"),
        CURSOR_UP,
        CURSOR_DOWN,
        Action("company-jump", "enter", "jump", "Jump",
               "Highlight the contact in the workbook (on a company: open or close it)"),
        Action("company-filter", "slash", "filter", "Filter",
               "Type part of a company's name to find it"),
    ),
)  # fmt: skip


def _stage_picks() -> tuple[Action, ...]:
    from informterm.core.pipeline import STAGES_LISTED

    return tuple(
        Action(f"pick-stage-{digit}", digit, f"pick({index})", stage.value,
               f"Move to {stage.value}", show=False)
        for index, (digit, stage) in enumerate(zip(STAGE_DIGITS, STAGES_LISTED, strict=True))
    )  # fmt: skip


STAGE_DIGITS = "1234567890"
"""Digit 1 picks the first stage listed, 9 the ninth, 0 the tenth."""

STAGE_PICKER = Place(
    "Stage picker",
    (Action("cancel-stage", "escape", "cancel", "Cancel", "Keep the stage"), *_stage_picks()),
)

CONFIRM = Place(
    "Confirm screen",
    (
        Action("confirm-yes", "y", "confirm", "Yes", "Go ahead"),
        Action("confirm-no", "n,escape", "cancel", "No", "Keep things as they are"),
        Action("confirm-left", "left", "app.focus_previous", "Previous", "Previous button",
               show=False),
        Action("confirm-right", "right", "app.focus_next", "Next", "Next button", show=False),
    ),
)  # fmt: skip

HELP_PLACE = Place(
    "Help",
    (Action("close-help", "escape,question_mark,q", "close", "Close", "Close the help"),),
    in_help=False,
)

# -- prep

PREP_PANE = Place(
    "Workbook > Prep",
    (
        CURSOR_UP,
        CURSOR_DOWN,
        Action("prep-tick", "space", "tick", "Tick",
               "Tick the highlighted step done or the question asked; again unticks it",
               writes=True, needs_contact=True, palette="prep: Tick or untick the highlighted row"),
        Action("prep-add-item", "a", "add_step", "Add step",
               "Add a step of your own to the checklist, after the highlighted one",
               writes=True, needs_contact=True, palette="prep: Add a step to {name}'s checklist"),
        Action("prep-edit", "e", "edit", "Edit", "Edit the highlighted step or question",
               writes=True, needs_contact=True, palette="prep: Edit the highlighted row"),
        Action("prep-remove", "d", "remove", "Remove",
               "Remove the highlighted step or question (asks first)",
               writes=True, needs_contact=True, palette="prep: Remove the highlighted row"),
        Action("prep-pick-questions", "plus", "pick_questions", "Bank",
               "Pick questions from your question bank to add to the list",
               writes=True, needs_contact=True,
               palette="prep: Pick questions from the bank for {name}"),
        Action("prep-write-question", "w", "write_question", "Write",
               "Write a question of your own into the list, after the highlighted one",
               optional=True, writes=True, needs_contact=True,
               palette="prep: Write a question for {name}"),
        Action("prep-move-up", "K,alt+up", "move(-1)", "Up",
               "Move the highlighted question (or step) up, so each builds on the one before",
               optional=True, writes=True, needs_contact=True,
               palette="prep: Move the highlighted row up"),
        Action("prep-move-down", "J,alt+down", "move(1)", "Down",
               "Move the highlighted question (or step) down",
               optional=True, writes=True, needs_contact=True,
               palette="prep: Move the highlighted row down"),
        Action("prep-save-to-bank", "b", "save_to_bank", "To bank",
               "Save the highlighted question to your own question bank (beside config.yaml)",
               needs_contact=True,
               palette="prep: Save the highlighted question to my bank"),
    ),
)  # fmt: skip

QUESTION_PICKER = Place(
    "Question picker",
    (
        Action("picker-cancel", "escape", "cancel", "Cancel", "Close without adding anything"),
        Action("picker-filter", "slash", "filter", "Filter",
               "Type to show only the questions with those words"),
    ),
)  # fmt: skip

PICKER_LIST = Place(
    "Question picker > Questions",
    (
        CURSOR_UP,
        CURSOR_DOWN,
        Action("picker-toggle", "space", "toggle_pick", "Pick",
               "Pick the question, or leave it out"),
        Action("picker-add", "enter", "add", "Add",
               "Add the picked questions (or the highlighted one) in the bank's order"),
    ),
)  # fmt: skip

PICKER_FILTER = Place(
    "Question picker > Filter",
    (
        Action("picker-filter-done", "escape", "filter_done", "Back",
               "Back to the questions (the filter stays; empty it to see all)"),
        Action("picker-filter-down", "down", "filter_done", "Questions",
               "Move into the questions", show=False),
    ),
)  # fmt: skip

PREP_FORM = Place("Prep step or question", (SAVE_FORM, CANCEL_FORM))


PLACES: tuple[Place, ...] = (
    APP,
    WORKBOOK,
    CONTACT_LIST,
    CONTACT_FILTER,
    FOLLOW_UP_QUEUE,
    COMPANIES,
    SCROLLING,
    LISTS,
    CONTACT_CARD,
    INTERVIEW_LIST,
    CONTACT_FORM,
    CONTACT_PICKER,
    LOG_TOUCH_FORM,
    FOLLOW_UP_FORM,
    SCHEDULE_FORM,
    ICS_EXPORT,
    COMPOSE,
    SNOOZE_PICKER,
    STAGE_PICKER,
    CONFIRM,
    # -- prep
    PREP_PANE,
    QUESTION_PICKER,
    PICKER_LIST,
    PICKER_FILTER,
    PREP_FORM,
    *CALL_PLACES,
    HELP_PLACE,
)

ACTIONS: dict[str, Action] = {a.id: a for place in PLACES for a in place.actions}
"""Every action by binding id."""


def keys_of(action: Action, keymap: Mapping[str, str]) -> list[str]:
    """The keys of ``action`` with ``keymap`` applied, one string each."""
    return [key.strip() for key in keymap.get(action.id, action.keys).split(",") if key.strip()]


def keymap_problems(keymap: Mapping[str, str]) -> dict[str, str]:
    """What is wrong with a config.yaml ``keymap`` (binding id -> keys), by binding id:
    an id the table does not have, a key Textual does not know, or a key that two
    actions of one place would share once the keymap is applied."""
    problems: dict[str, str] = {}
    for binding_id in keymap:
        if binding_id not in ACTIONS:
            problems[binding_id] = "unknown binding id" + _did_you_mean(binding_id)
            continue
        unknown = [key for key in keys_of(ACTIONS[binding_id], keymap) if not is_key_name(key)]
        if unknown:
            problems[binding_id] = (
                f"{unknown[0]!r} is not a key name: use names like ctrl+n, f2, "
                "escape, question_mark (the help screen, ?, shows them)"
            )
    usable = {k: v for k, v in keymap.items() if k not in problems}
    for place in PLACES:
        holder: dict[str, Action] = {}
        for action in place.actions:
            for key in keys_of(action, usable):
                other = holder.setdefault(key, action)
                if other.id != action.id:
                    remapped = action if action.id in usable else other
                    kept = other if remapped is action else action
                    problems.setdefault(
                        remapped.id,
                        f"{key!r} is already {kept.id}'s key in {place.title}; "
                        f"two actions there cannot share it",
                    )
    return problems


def _did_you_mean(word: str) -> str:
    close = difflib.get_close_matches(word, sorted(ACTIONS), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else " (the help screen, ?, lists the ids)"


def palette_title(action: Action, node: ActsFromTable) -> str:
    """The palette's title for ``action`` on ``node`` (plain text)."""
    from informterm.core.text import printable

    assert action.palette is not None
    contact = node.acted_on()
    name = printable(contact.name) if contact is not None else ""
    # Placeholders are filled one by one, never with str.format: the name is user text.
    return action.palette.replace("{label}", node.label_of(action)).replace("{name}", name)


def places_in_help() -> Iterable[Place]:
    """The places the help screen lists, in order."""
    return (place for place in PLACES if place.in_help)
