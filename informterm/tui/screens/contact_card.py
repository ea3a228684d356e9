"""The contact card: everything about one person on one scrollable screen.

Fields, the touch log, interviews (in both time zones), open follow-ups and the referral
chain up and down, where each person is a jump to their own card. A jump replaces the card
and remembers it, so Esc walks back card by card, as a browser's Back does, and then out to
where the first card was opened from. Changes go through the app's actions; the card
redraws whenever a save lands and goes back if its contact is gone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

from textual import on
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.signal import Signal
from textual.widget import Widget
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from informterm.core.model import (
    Contact,
    Direction,
    FollowUp,
    Interview,
    Settings,
    Touch,
)
from informterm.core.schedule import DEFAULT_THEIR_HOURS
from informterm.core.text import printable, printable_record
from informterm.core.time import local_text
from informterm.store import Workbook
from informterm.tui.actions import CONTACT_CARD, Action, ActsFromTable
from informterm.tui.widgets.follow_up_queue import follow_up_text
from informterm.tui.widgets.interview_list import InterviewList
from informterm.tui.widgets.key_bar import KeyBar
from informterm.tui.widgets.navigation import NavList, NavScroll


class CardHost(Protocol):
    """What the card needs from the app it runs in."""

    workbook: Workbook
    settings: Settings
    workbook_changed_signal: Signal[Any]

    def now(self) -> str: ...
    def open_contact_card(self, contact_id: str) -> None: ...
    def new_contact(self, referred_by: str | None = None) -> None: ...
    def edit_contact(self, contact_id: str) -> None: ...
    def log_touch(self, contact_id: str) -> None: ...
    def compose_message(self, contact_id: str, follow_up_id: str | None = None) -> None: ...
    def change_stage(self, contact_id: str) -> None: ...
    def toggle_archive(self, contact_id: str) -> None: ...
    def delete_contact(self, contact_id: str) -> None: ...
    def schedule_interview(self, contact_id: str, interview_id: str | None = None) -> None: ...
    def start_call_with(self, contact_id: str) -> None: ...
    def interview_to_call(self, contact_id: str) -> Interview | None: ...


_LABEL_WIDTH = 16
_ARROWS = {Direction.OUT: "→ out", Direction.IN: "← in "}
_CHAINS = ("chain-up", "chain-down")

MAX_BACK = 100
"""How many cards Back remembers; older ones are forgotten."""


@dataclass(frozen=True)
class CardPlace:
    """A card as it was left: whose it is, how far it was scrolled, what had focus and
    who was highlighted in each referral tree; Back reopens it so."""

    contact_id: str
    scroll_y: float = 0
    focused_id: str | None = None
    highlighted: tuple[int | None, ...] = ()


def show_contact_card(app: App[Any], contact_id: str) -> None:
    """Open the card of ``contact_id``: over the screen in front, or in place of the card in
    front, which Back then returns to."""
    current = app.screen
    if isinstance(current, ContactCard):
        app.switch_screen(current.card_after(contact_id))
    else:
        app.push_screen(ContactCard(contact_id))


class ContactCard(ActsFromTable, Screen[None]):
    """The card of the contact with id ``contact_id``; Esc goes back."""

    DEFAULT_CSS = """
    ContactCard #card-body { height: 1fr; padding: 0 1; }
    ContactCard #card-name { text-style: bold; color: $accent; }
    ContactCard #card-subtitle { color: $text-muted; }
    ContactCard .card-section {
        text-style: bold;
        margin-top: 1;
        border-bottom: solid $primary 50%;
        width: 1fr;
    }
    ContactCard .card-empty { color: $text-muted; }
    ContactCard OptionList { height: auto; max-height: 12; }
    ContactCard OptionList.-empty { display: none; }
    ContactCard .card-empty.-hidden { display: none; }
    """

    PLACE = CONTACT_CARD
    BINDINGS = CONTACT_CARD.bindings()

    def __init__(
        self,
        contact_id: str,
        *,
        back: Sequence[CardPlace] = (),
        place: CardPlace | None = None,
    ) -> None:
        """``back`` holds the cards Esc returns to, the latest last; ``place`` is how to
        show this one again (when Back reopens it)."""
        super().__init__()
        self.contact_id = contact_id
        self.back: tuple[CardPlace, ...] = tuple(back)[-MAX_BACK:]
        self._place = place
        self._gone = False

    @property
    def host(self) -> CardHost:
        """The app, seen through what the card uses of it."""
        return cast(CardHost, self.app)

    @property
    def contact(self) -> Contact | None:
        """The contact as stored now, or None once deleted."""
        return self.host.workbook.find(Contact, self.contact_id)

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with NavScroll(id="card-body"):
            yield Static(id="card-name")
            yield Static(id="card-subtitle")
            yield Label("Details", classes="card-section")
            yield Static(id="card-fields")
            yield Label("Research notes", classes="card-section")
            yield Static(id="card-notes")
            yield Label("Touches", classes="card-section", id="touches-title")
            yield Static(id="card-touches")
            yield Label("Interviews", classes="card-section", id="interviews-title")
            yield Static("None yet.", classes="card-empty", id="card-interviews-empty")
            yield InterviewList(id="card-interviews")
            yield Label("Open follow-ups", classes="card-section", id="follow-ups-title")
            yield Static(id="card-follow-ups")
            yield Label("Introduced by (Enter opens)", classes="card-section")
            yield Static("Nobody recorded.", classes="card-empty", id="chain-up-empty")
            yield NavList(id="chain-up")
            yield Label("Introduced (Enter opens)", classes="card-section")
            yield Static("Nobody yet.", classes="card-empty", id="chain-down-empty")
            yield NavList(id="chain-down")
        yield KeyBar()

    def on_mount(self) -> None:
        self.host.workbook_changed_signal.subscribe(self, self._workbook_changed)
        self.refresh_card()
        if self._place is None:
            self.query_one("#card-body").focus()
        else:
            self._return_to(self._place)

    def _return_to(self, place: CardPlace) -> None:
        for list_id, highlighted in zip(_CHAINS, place.highlighted, strict=False):
            option_list = self.query_one(f"#{list_id}", OptionList)
            if highlighted is not None and option_list.option_count:
                option_list.highlighted = min(highlighted, option_list.option_count - 1)
        target: Widget = self.query_one("#card-body")
        if place.focused_id:
            target = next(iter(self.query(f"#{place.focused_id}")), target)
        # Focus without scrolling to it: the scroll position comes back as it was.
        target.focus(scroll_visible=False)
        body = self.query_one("#card-body", VerticalScroll)
        # After the first layout, when the body knows how far it can scroll.
        self.call_after_refresh(body.scroll_to, y=place.scroll_y, animate=False)

    def on_unmount(self) -> None:
        self.host.workbook_changed_signal.unsubscribe(self)

    # -- drawing ------------------------------------------------------------------------------

    def refresh_card(self) -> None:
        """Draw the card from the workbook as it is now."""
        contact = self.contact
        if contact is None:
            return
        workbook = self.host.workbook
        home = self.host.settings.home_timezone or "UTC"
        now = self.host.now()
        contact = printable_record(contact)  # user text is shown, never sent raw
        self.title = contact.name
        self.query_one("#card-name", Static).update(_name_line(contact))
        self.query_one("#card-subtitle", Static).update(_subtitle(contact))
        self.query_one("#card-fields", Static).update(self._fields(contact))
        notes = contact.research_notes.strip()
        self.query_one("#card-notes", Static).update(
            Content(notes) if notes else Content.styled("None yet.", "dim")
        )
        touches = [printable_record(touch) for touch in workbook.touches_of(contact.id)]
        self.query_one("#touches-title", Label).update(f"Touches ({len(touches)})")
        self.query_one("#card-touches", Static).update(_touch_lines(touches, home))
        interviews = workbook.interviews_of(contact.id)
        self.query_one("#interviews-title", Label).update(f"Interviews ({len(interviews)})")
        self.query_one("#card-interviews", InterviewList).show(
            contact, interviews, home, self._interview_warnings(interviews)
        )
        self.query_one("#card-interviews-empty").set_class(bool(interviews), "-hidden")
        follow_ups = [printable_record(item) for item in workbook.follow_ups_of(contact.id)]
        self.query_one("#follow-ups-title", Label).update(f"Open follow-ups ({len(follow_ups)})")
        self.query_one("#card-follow-ups", Static).update(_follow_up_lines(follow_ups, home, now))
        up = workbook.referral_chain_up(contact)
        self._fill_chain(
            "chain-up",
            [(depth, person) for depth, person in enumerate(up, 1)],
            up_arrows=True,
        )
        self._fill_chain("chain-down", workbook.referral_tree_down(contact), up_arrows=False)

    def _fields(self, contact: Contact) -> Content:
        referrer = self.host.workbook.referrer(contact)
        keep = contact.keep_in_touch_days
        default_keep = getattr(self.host.settings, "keep_in_touch_days", None)
        rows: list[tuple[str, str]] = [
            ("Title", contact.title),
            ("Company", contact.company),
            ("Field", contact.field),
            ("Location", contact.location),
            ("Time zone", self._zone_line(contact.timezone)),
            ("Meets", contact.available_hours or f"{DEFAULT_THEIR_HOURS} (default)"),
            ("Emails", ", ".join(contact.emails)),
            ("Phones", ", ".join(contact.phones)),
            ("Profile", contact.profile_url),
            ("Source", contact.source.value),
            ("Referred by", printable(referrer.name) if referrer else ""),
            ("Tags", " ".join("#" + tag for tag in contact.tags)),
            ("Stage", contact.stage.value),
            ("Priority", str(contact.priority)),
            ("Keep in touch", _cadence_line(keep, default_keep)),
            ("Archived", "yes" if contact.archived else "no"),
            ("Added", local_text(contact.created_at, self.host.settings.home_timezone)),
            ("Updated", local_text(contact.updated_at, self.host.settings.home_timezone)),
        ]
        lines = [
            Content.assemble(
                (label.ljust(_LABEL_WIDTH), "dim"),
                value if value else ("-", "dim"),
            )
            for label, value in rows
        ]
        return Content("\n").join(lines)

    def _zone_line(self, zone: str) -> str:
        if not zone:
            return ""
        local = local_text(self.host.now(), zone, "HH:mm")
        return f"{zone} (their time now {local})"

    def _interview_warnings(self, interviews: list[Interview]) -> dict[str, list[str]]:
        """The warnings of the contact's interviews still to come, by id."""
        from informterm.core.schedule import warnings

        upcoming = [i for i in interviews if i.status.is_upcoming]
        if not upcoming:
            return {}
        workbook = self.host.workbook
        contact = workbook.get(Contact, self.contact_id)
        now = self.host.now()
        others = workbook.upcoming_interviews(now)
        names = {i.contact_id: getattr(workbook.find(Contact, i.contact_id), "name", "")
                 for i in others}  # fmt: skip
        settings = self.host.settings
        return {
            i.id: warnings(i, contact, settings, others, names=names, now=now) for i in upcoming
        }

    def _fill_chain(
        self, list_id: str, people: list[tuple[int, Contact]], *, up_arrows: bool
    ) -> None:
        option_list = self.query_one(f"#{list_id}", OptionList)
        highlighted = option_list.highlighted
        option_list.clear_options()
        for depth, person in people:
            lead = "↑" * depth + " " if up_arrows else "  " * (depth - 1) + "└ "
            option_list.add_option(Option(_person_label(lead, person), id=person.id))
        empty = not people
        option_list.set_class(empty, "-empty")
        self.query_one(f"#{list_id}-empty").set_class(not empty, "-hidden")
        if option_list.option_count:
            # Keep the cursor where it was across redraws; start on the nearest person.
            option_list.highlighted = min(highlighted or 0, option_list.option_count - 1)

    # -- events -------------------------------------------------------------------------------

    def _workbook_changed(self, _record: object) -> None:
        if self.contact is None:
            self._close_when_possible()
        else:
            self.refresh_card()
            self.refresh_bindings()  # Archive may have become Restore

    def _close_when_possible(self) -> None:
        # Deleted: leave at once if in front, else as soon as what covers it goes away.
        self._gone = True
        self._leave_if_in_front()

    def on_screen_resume(self) -> None:
        if self._gone or self.contact is None:
            self._gone = True
            self.call_after_refresh(self._leave_if_in_front)
        else:
            self.refresh_card()

    def _leave_if_in_front(self) -> None:
        # Not ``is_current``: that is also true behind a modal, and leaving then would
        # replace or pop the modal instead of the card.
        if self.app.screen is self:
            self.go_back()

    @on(OptionList.OptionSelected)
    def _jump(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.host.open_contact_card(event.option.id)

    # -- the back stack -----------------------------------------------------------------------

    def card_after(self, contact_id: str) -> ContactCard:
        """The card of ``contact_id`` opened from this one: Back returns here, as it is now."""
        return ContactCard(contact_id, back=(*self.back, self._where_now()))

    def _where_now(self) -> CardPlace:
        focused = self.focused
        return CardPlace(
            self.contact_id,
            scroll_y=self.query_one("#card-body", VerticalScroll).scroll_y,
            focused_id=focused.id if focused is not None else None,
            highlighted=tuple(self.query_one(f"#{i}", OptionList).highlighted for i in _CHAINS),
        )

    def go_back(self) -> None:
        """Back to the previous card whose contact still exists, else out of the cards."""
        back = list(self.back)
        while back:
            place = back.pop()
            if self.host.workbook.find(Contact, place.contact_id) is not None:
                self.app.switch_screen(ContactCard(place.contact_id, back=back, place=place))
                return
        self.dismiss()

    # -- actions ------------------------------------------------------------------------------

    def acted_on(self) -> Contact | None:
        return self.contact

    def action_close(self) -> None:
        """Back to the previous card, or out of the card."""
        self.go_back()

    def action_edit_contact(self) -> None:
        """Edit this contact."""
        self.host.edit_contact(self.contact_id)

    def action_log_touch(self) -> None:
        """Log an interaction with this contact."""
        self.host.log_touch(self.contact_id)

    def action_compose_message(self) -> None:
        """Write to this contact from a template."""
        self.host.compose_message(self.contact_id)

    def action_change_stage(self) -> None:
        """Move this contact to another stage."""
        self.host.change_stage(self.contact_id)

    def action_archive_contact(self) -> None:
        """Archive or restore this contact."""
        self.host.toggle_archive(self.contact_id)

    def action_delete_contact(self) -> None:
        """Delete this contact (the app asks first)."""
        self.host.delete_contact(self.contact_id)

    def action_schedule_interview(self) -> None:
        """Schedule an interview with this contact."""
        self.host.schedule_interview(self.contact_id)

    def action_add_lead(self) -> None:
        """Add a new contact introduced by this one."""
        self.host.new_contact(referred_by=self.contact_id)

    # -- call mode ------------------------------------------------------------------------------

    def applies(self, action: Action) -> bool | None:
        if action.name == "start_call":
            return self.host.interview_to_call(self.contact_id) is not None
        return True

    def action_start_call(self) -> None:
        """Hold the call of this contact's interview going on now, else the next one."""
        self.host.start_call_with(self.contact_id)


# -- rendering helpers (user text always goes in as plain Content) ---------------------------


def _name_line(contact: Contact) -> Content:
    parts: list[Content | tuple[str, str] | str] = [Content(contact.name)]
    if contact.archived:
        parts.append(("  (archived)", "italic"))
    return Content.assemble(*parts)


def _subtitle(contact: Contact) -> Content:
    role = " at ".join(part for part in (contact.title, contact.company) if part)
    pieces = [piece for piece in (role, contact.stage.value) if piece]
    return Content(" · ".join(pieces))


def _person_label(lead: str, person: Contact) -> Content:
    person = printable_record(person)
    parts: list[Content | tuple[str, str] | str] = [lead, Content(person.name)]
    if person.company:
        parts.append((f"  {person.company}", "dim"))
    parts.append((f"  {person.stage.value}", "dim italic"))
    return Content.assemble(*parts)


def _touch_lines(touches: list[Touch], home: str) -> Content:
    if not touches:
        return Content.styled("None yet.", "dim")
    lines = [
        Content.assemble(
            local_text(touch.at, home),
            "  ",
            (touch.channel.value.ljust(9), "dim"),
            _ARROWS[touch.direction],
            "  ",
            (touch.kind.value.ljust(10), "bold"),
            Content(touch.summary),
        )
        for touch in touches
    ]
    return Content("\n").join(lines)


def _follow_up_lines(follow_ups: list[FollowUp], home: str, now: str) -> Content:
    # As the Follow-ups pane shows them, so "overdue" means the same everywhere.
    if not follow_ups:
        return Content.styled("Nothing due.", "dim")
    return Content("\n").join(follow_up_text(item, now, home) for item in follow_ups)


def _cadence_line(days: int | None, default_days: int | None) -> str:
    if days is None:
        return f"default (every {default_days} days)" if default_days else "default"
    return f"every {days} days" if days > 0 else "none (off for this contact)"
