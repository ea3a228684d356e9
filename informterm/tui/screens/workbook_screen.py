"""The main Workbook screen: the Contacts, Prep and Notes panes and the Follow-ups queue.

Wide terminals get the contact list on the left and the three detail panes stacked on the
right; narrow ones (under 100 columns) put the list on top and the detail panes side by
side below it. The layout lives in ``app.tcss``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container
from textual.screen import Screen

from informterm.core.model import Contact, Entity
from informterm.tui.actions import WORKBOOK, Action, ActsFromTable
from informterm.tui.widgets.contact_list import ContactList, ContactsPane
from informterm.tui.widgets.detail_pane import DetailPane
from informterm.tui.widgets.follow_up_queue import FollowUpQueue
from informterm.tui.widgets.key_bar import KeyBar
from informterm.tui.widgets.notes_pane import NotesPane
from informterm.tui.widgets.prep_pane import PrepPane

if TYPE_CHECKING:
    from informterm.tui.app import InformtermApp

PANES = {
    "contacts": "#contact-list",
    "prep": "#prep-pane",
    "notes": "#notes-pane",
    "follow-ups": "#follow-up-pane",
}
"""Pane name -> the widget that takes focus for it."""


class WorkbookScreen(ActsFromTable, Screen[None]):
    """The four-pane workbook: browse contacts and see the highlighted one's details."""

    AUTO_FOCUS = "#contact-list"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    PLACE = WORKBOOK
    BINDINGS: ClassVar[list[BindingType]] = WORKBOOK.bindings()

    def compose(self) -> ComposeResult:
        # The width class Textual would add at the first resize, set now: added then, it
        # would restyle every widget of the screen once more before the first frame.
        width = self.app.size.width
        _, chosen = max(point for point in self.HORIZONTAL_BREAKPOINTS if width >= point[0])
        self.update_classes({name: name == chosen for _, name in self.HORIZONTAL_BREAKPOINTS})
        with Container(id="workbook-panes"):
            yield ContactsPane(id="contacts-pane", classes="pane")
            yield PrepPane(id="prep-pane", classes="pane")
            yield NotesPane(id="notes-pane", classes="pane")
            yield FollowUpQueue(id="follow-up-pane", classes="pane")
        yield KeyBar()

    def on_mount(self) -> None:
        # Immediate, so the list knows a new contact before anyone asks to select it.
        self._app.workbook_changed_signal.subscribe(self, self._workbook_changed, immediate=True)

    def on_unmount(self) -> None:
        self._app.workbook_changed_signal.unsubscribe(self)

    @property
    def _app(self) -> InformtermApp:
        return cast("InformtermApp", self.app)

    @property
    def contacts_pane(self) -> ContactsPane:
        """The Contacts pane (filter box and list)."""
        return self.query_one(ContactsPane)

    @property
    def contact_list(self) -> ContactList:
        """The contact list."""
        return self.query_one(ContactList)

    @property
    def detail_panes(self) -> list[DetailPane]:
        """The read-only detail panes (Notes)."""
        return list(self.query(DetailPane))

    @property
    def prep_pane(self) -> PrepPane:
        """The Prep pane."""
        return self.query_one(PrepPane)

    @property
    def follow_up_queue(self) -> FollowUpQueue:
        """The Follow-ups pane."""
        return self.query_one(FollowUpQueue)

    def select_contact(self, contact_id: str) -> bool:
        """Highlight a contact in the list (clearing a filter that hides it) and focus the
        list; False when there is no such contact."""
        found = self.contact_list.select_contact(contact_id)
        if found:
            self.contact_list.focus()
        return found

    def _workbook_changed(self, record: Entity | None) -> None:
        self.contact_list.workbook_changed(record)
        for pane in self.detail_panes:
            pane.refresh_contact()
        self.prep_pane.refresh_contact()
        self.follow_up_queue.refresh_queue()

    def on_contact_list_highlighted(self, event: ContactList.Highlighted) -> None:
        for pane in self.detail_panes:
            pane.show_contact(event.contact_id)
        self.prep_pane.show_contact(event.contact_id)
        self.follow_up_queue.show_contact(event.contact_id)

    def action_focus_pane(self, pane: str) -> None:
        """Focus one of the four panes by name."""
        self.query_one(PANES[pane]).focus()

    def action_filter_contacts(self) -> None:
        """Open the filter box of the Contacts pane."""
        self.contacts_pane.start_filter()

    def action_new_contact(self) -> None:
        """Ask the app for a new contact."""
        self._app.new_contact()

    def action_cycle_sort(self) -> None:
        """Sort the list by the next order."""
        self.contact_list.cycle_sort()

    def action_show_companies(self) -> None:
        """Show everyone grouped by company, opened at the highlighted contact's."""
        from informterm.tui.screens.company_view import CompanyView

        self.app.push_screen(CompanyView(self.contact_list.highlighted_contact_id))

    def action_toggle_archived(self) -> None:
        """Show or hide archived contacts."""
        contact_list = self.contact_list
        contact_list.set_show_archived(not contact_list.show_archived)

    # -- call mode ------------------------------------------------------------------------------

    def acted_on(self) -> Contact | None:
        contact_id = self.contact_list.highlighted_contact_id
        return self._app.workbook.find(Contact, contact_id) if contact_id else None

    def applies(self, action: Action) -> bool | None:
        if action.name == "start_call":
            contact_id = self.contact_list.highlighted_contact_id
            return contact_id is not None and self._app.interview_to_call(contact_id) is not None
        return True

    def action_start_call(self) -> None:
        """Hold the call of the highlighted contact's interview (from any pane)."""
        contact_id = self.contact_list.highlighted_contact_id
        if contact_id is not None:
            self._app.start_call_with(contact_id)
