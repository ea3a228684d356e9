"""The company view: everyone you know, grouped by employer, with their stages and who to
try next there, so "who do I know at Acme" is one look."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from informterm.core.companies import Company, by_company
from informterm.core.model import Contact
from informterm.core.text import printable
from informterm.tui.actions import COMPANIES, ActsFromTable
from informterm.tui.widgets.key_bar import KeyBar
from informterm.tui.widgets.navigation import NavList

if TYPE_CHECKING:
    from informterm.tui.app import InformtermApp

OPEN_ALL_UP_TO = 12
"""A filter that leaves this many companies or fewer shows all their people."""


class CompanyView(ActsFromTable, Screen[None]):
    """Companies with their people; Enter on a company opens or closes it, on a person
    highlights them in the workbook. Starts at ``contact_id``'s company, opened."""

    DEFAULT_CSS = """
    CompanyView #companies-title { text-style: bold; padding: 0 1; }
    CompanyView #company-filter { margin: 0 1; }
    CompanyView #companies { height: 1fr; border: round $border; padding: 0 1; }
    CompanyView #companies-empty { color: $text-muted; padding: 1 2; }
    """

    PLACE = COMPANIES
    BINDINGS = COMPANIES.bindings()

    def __init__(self, contact_id: str | None = None) -> None:
        super().__init__()
        self._start_at = contact_id
        self.companies: list[Company] = []
        self.opened: set[str] = set()
        """The names of the companies whose people are shown."""

    @property
    def _app(self) -> InformtermApp:
        return cast("InformtermApp", self.app)

    def compose(self) -> ComposeResult:
        yield Label("Companies", id="companies-title")
        yield Input(placeholder="/ to find a company by name", id="company-filter")
        yield NavList(id="companies")
        yield KeyBar()

    def on_mount(self) -> None:
        self.companies = by_company(self._app.workbook.contacts())
        start = self._app.workbook.find(Contact, self._start_at)
        self.query_one("#companies-title", Label).update(
            f"Companies ({len(self.companies):,}) · Enter opens one · Esc goes back"
        )
        focus_on = None
        if start is not None:
            found = _company_of(self.companies, start)
            if found is not None:
                self.opened.add(found.name)
                focus_on = start.id
        self._fill(focus_on)
        self.query_one("#companies", OptionList).focus()

    # -- the list ----------------------------------------------------------------------

    def shown(self) -> list[Company]:
        """The companies the filter lets through."""
        text = self.query_one("#company-filter", Input).value.strip().casefold()
        if not text:
            return self.companies
        return [c for c in self.companies if text in c.name.casefold()]

    def _fill(self, highlight: str | None = None) -> None:
        companies = self.shown()
        filtered = len(companies) < len(self.companies)
        open_all = filtered and len(companies) <= OPEN_ALL_UP_TO
        options: list[Option] = []
        for company in companies:
            is_open = open_all or company.name in self.opened
            options.append(Option(_company_row(company, is_open), id=f"company:{company.name}"))
            if is_open:
                options.extend(
                    Option(_person_row(person, company), id=f"contact:{person.id}")
                    for person in company.contacts
                )
        if not options:
            empty = "No company matches." if filtered else "Nobody in the workbook has a company."
            options.append(Option(Content.styled(empty, "$text-muted"), disabled=True))
        listing = self.query_one("#companies", OptionList)
        listing.set_options(options)
        if highlight is not None:
            for prefix in ("contact:", "company:"):
                try:
                    listing.highlighted = listing.get_option_index(prefix + highlight)
                    return
                except OptionDoesNotExist:  # a closed company: its row
                    continue
        if listing.option_count and listing.highlighted is None:
            listing.highlighted = 0

    @on(Input.Changed, "#company-filter")
    def _filter_changed(self) -> None:
        self._fill()

    @on(Input.Submitted, "#company-filter")
    def _filter_submitted(self) -> None:
        self.query_one("#companies", OptionList).focus()

    @on(OptionList.OptionSelected, "#companies")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_jump()

    # -- the keys ------------------------------------------------------------------------

    def action_jump(self) -> None:
        """On a person: highlight them in the workbook; on a company: open or close it."""
        listing = self.query_one("#companies", OptionList)
        if listing.highlighted is None:
            return
        row_id = listing.get_option_at_index(listing.highlighted).id or ""
        kind, _, key = row_id.partition(":")
        if kind == "contact":
            self.dismiss()
            self._app.jump_to_contact(key)
        elif kind == "company":
            self.opened.symmetric_difference_update({key})
            self._fill(key)

    def action_filter(self) -> None:
        """Type to find a company."""
        self.query_one("#company-filter", Input).focus()

    def action_close(self) -> None:
        """Back to the workbook."""
        self.dismiss()


def _company_of(companies: list[Company], contact: Contact) -> Company | None:
    for company in companies:
        if any(person.id == contact.id for person in company.contacts):
            return company
    return None


def _company_row(company: Company, is_open: bool) -> Content:
    people = len(company.contacts)
    stages = " · ".join(f"{stage.value} {count}" for stage, count in company.stage_counts())
    parts: list[Content | tuple[str, str] | str] = [
        ("▾ " if is_open else "▸ ", "$text-muted"),
        (printable(company.name), "bold"),
        (f"  {people} {'person' if people == 1 else 'people'} · {stages}", "$text-muted"),
    ]
    if company.next_to_try is not None and people > 1:
        parts.append((f" · next to try: {printable(company.next_to_try.name)}", "$text-accent"))
    return Content.assemble(*parts)


def _person_row(person: Contact, company: Company) -> Content:
    parts: list[Content | tuple[str, str] | str] = ["    ", (printable(person.name), "bold")]
    if person.title.strip():
        parts.append((f" · {printable(person.title)}", "$text-muted"))
    parts.append((f" · {person.stage.value}", "$text-muted"))
    if person is company.next_to_try:
        parts.append(("  ← next to try", "$text-accent"))
    return Content.assemble(*parts)
