"""The base of the Prep, Notes and Follow-ups panes: a scrollable, focusable pane (j and k
scroll it too) showing one contact's details as Content (never markup, so user text shows
exactly as typed)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from informterm.core.model import Contact
from informterm.tui.widgets.navigation import NavScroll

if TYPE_CHECKING:
    from informterm.tui.app import InformtermApp


class DetailPane(NavScroll):
    """A read-only pane about the highlighted contact; subclasses write :meth:`build`."""

    KEY: ClassVar[str] = ""
    """The key that focuses the pane, shown in its title."""
    LABEL: ClassVar[str] = ""
    """The pane's name, shown in its title."""
    PURPOSE: ClassVar[str] = ""
    """What the pane shows, said when no contact is highlighted."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.contact_id: str | None = None
        self._body = Content("")

    def compose(self) -> ComposeResult:
        yield Static(classes="pane-body")

    def on_mount(self) -> None:
        self.border_title = Content.assemble((self.KEY, "bold"), " ", self.LABEL)
        self.refresh_contact()

    @property
    def body(self) -> Content:
        """What the pane shows now."""
        return self._body

    @property
    def _app(self) -> InformtermApp:
        return cast("InformtermApp", self.app)

    def show_contact(self, contact_id: str | None) -> None:
        """Show the details of another contact (None: nobody is highlighted)."""
        if contact_id != self.contact_id:
            self.contact_id = contact_id
            self.scroll_home(animate=False)
        self.refresh_contact()

    def refresh_contact(self) -> None:
        """Redraw from the workbook (after a change, or for a new contact)."""
        contact = self._app.workbook.find(Contact, self.contact_id)
        self._body = self.build(contact) if contact is not None else self.build_nobody()
        self.query_one(".pane-body", Static).update(self._body)

    def build(self, contact: Contact) -> Content:
        """The pane's content for ``contact``."""
        raise NotImplementedError

    def build_nobody(self) -> Content:
        """The pane's content when no contact is highlighted."""
        return Content.styled(self.PURPOSE, "$text-muted")
