"""The Contacts pane: a filter box over a virtual list of contacts.

The list renders only the rows on screen (``ScrollView`` + ``render_line``, like toolong's
``log_lines.py``), so 50,000 contacts cost no more to draw than 50. Search texts are made
on the first filter keystroke (the first frame does not need them), then again only for
contacts that change; the "next action" column is worked out only for rows that are
drawn, because it parses times and that is too slow to do for every contact up front.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from itertools import compress
from typing import TYPE_CHECKING, Any, ClassVar, Self, cast

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input

from informterm.core.browse import (
    SortOrder,
    filter_terms,
    next_action,
    search_text,
    sort_contacts,
)
from informterm.core.followups import Urgency, urgency_of
from informterm.core.model import Contact, Entity, Stage, Touch
from informterm.core.text import printable
from informterm.tui.actions import CONTACT_FILTER, CONTACT_LIST, Action, ActsFromTable

if TYPE_CHECKING:
    from informterm.tui.app import InformtermApp

STAGE_GROUPS: dict[Stage, str] = {
    Stage.PROSPECT: "early",
    Stage.RESEARCHING: "early",
    Stage.REACHED_OUT: "active",
    Stage.SCHEDULED: "active",
    Stage.INTERVIEWED: "done",
    Stage.THANKED: "done",
    Stage.KEEPING_IN_TOUCH: "done",
    Stage.NO_RESPONSE: "exit",
    Stage.DECLINED: "exit",
    Stage.CLOSED: "exit",
}
"""Stage -> colour group, so the stage column reads at a glance."""

_GAP = 2


def fit(text: str, width: int) -> str:
    """``text`` cropped or padded to exactly ``width`` cells, with an ellipsis if cropped."""
    if width <= 0:
        return ""
    if text.isascii() and len(text) <= width:
        return text.ljust(width)
    length = cell_len(text)
    if length <= width:
        return text + " " * (width - length)
    return set_cell_size(text, width - 1) + "…"


@dataclass(frozen=True, slots=True)
class Columns:
    """Column widths (in cells) for a given list width; a width of 0 hides the column."""

    name: int
    company: int
    stage: int
    action: int

    @classmethod
    def for_width(cls, width: int) -> Columns:
        """Share ``width`` out: stage and next action get what they need first, name and
        company split the rest; narrow lists drop next action, then company."""
        usable = width - 1  # one cell of left padding
        stage = 16 if usable >= 64 else 12
        action = 0 if usable < 56 else min(max(usable * 3 // 10, 22), 34)
        rest = usable - stage - _GAP - (action + _GAP if action else 0)
        if rest < 24:
            return cls(name=max(rest, 1), company=0, stage=stage, action=action)
        name = (rest - _GAP) * 11 // 20
        return cls(name=name, company=rest - _GAP - name, stage=stage, action=action)


@dataclass(frozen=True, slots=True)
class _NextAction:
    text: str
    urgency: Urgency


class ContactList(ActsFromTable, ScrollView, can_focus=True):
    """A keyboard-driven, virtual list of the workbook's contacts.

    Shows name, company, stage and next action; filters as you type, sorts by name, stage
    or last touch, and hides archived contacts unless asked. The contact actions (open,
    edit, stage, touch, archive, delete) call the app with the highlighted contact's id.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "contact-list--header",
        "contact-list--cursor",
        "contact-list--archived",
        "contact-list--company",
        "contact-list--empty",
        "contact-list--stage-early",
        "contact-list--stage-active",
        "contact-list--stage-done",
        "contact-list--stage-exit",
        "contact-list--overdue",
        "contact-list--due-today",
    }

    PLACE = CONTACT_LIST
    BINDINGS: ClassVar[list[BindingType]] = CONTACT_LIST.bindings()

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another contact (``None``: the list shows nobody)."""

        contact_id: str | None

    @dataclass
    class ViewChanged(Message):
        """What the list shows changed: filter, sort, archived toggle or row count."""

        filter_text: str
        sort_by: SortOrder
        show_archived: bool
        shown: int
        total: int

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._sort_by = SortOrder.NAME
        self._show_archived = False
        self._filter_text = ""
        self._sorted: list[Contact] = []
        # Search texts in self._sorted's order; None until a filter needs them.
        self._sorted_texts: list[str] | None = None
        # What is shown, with each row's search text alongside, for quick refiltering.
        self._visible: list[Contact] = []
        self._visible_texts: list[str] = []
        self._keys_shown: tuple[bool, bool] | None = None
        self._sizes_passed_on: tuple[object, ...] | None = None
        # The filter text self._visible was made with ("" for none).
        self._visible_query = ""
        self._cursor = -1
        self._cursor_id: str | None = None
        self._announced_id: str | None = None
        # The contact objects last read, by id, so an update (which always makes a new
        # object) is noticed without being told; search texts by id, made on demand and
        # dropped when their contact changes.
        self._sources: dict[str, Contact] = {}
        self._texts: dict[str, str] = {}
        self._next_actions: dict[str, _NextAction] = {}
        self._touched: dict[str, str] | None = None
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._part_styles: dict[str, Style] = {}
        self._columns = Columns.for_width(80)
        self._now = ""

    # -- public API ---------------------------------------------------------------------------

    @property
    def highlighted_contact_id(self) -> str | None:
        """The id of the contact under the cursor, or None when the list is empty."""
        return self._cursor_id if self._visible else None

    @property
    def highlighted_contact(self) -> Contact | None:
        """The contact under the cursor, or None when the list is empty."""
        if 0 <= self._cursor < len(self._visible):
            return self._visible[self._cursor]
        return None

    @property
    def visible_contacts(self) -> list[Contact]:
        """The contacts shown: filtered and sorted, archived ones only when shown."""
        return list(self._visible)

    @property
    def cursor_index(self) -> int:
        """The cursor's row in :attr:`visible_contacts` (-1 when empty)."""
        return self._cursor

    @property
    def filter_text(self) -> str:
        """The filter text in force."""
        return self._filter_text

    @property
    def sort_by(self) -> SortOrder:
        """The order rows are shown in."""
        return self._sort_by

    @property
    def show_archived(self) -> bool:
        """Whether archived contacts are listed (dimmed)."""
        return self._show_archived

    @property
    def total(self) -> int:
        """How many contacts the list holds before filtering."""
        return len(self._sorted)

    def set_filter(self, text: str) -> None:
        """Filter the list: every word of ``text`` must occur in the name, company, title,
        field, tags or research notes (case-insensitive)."""
        if text == self._filter_text:
            return
        self._filter_text = text
        self._refilter(from_top=True)

    def prepare_filter(self) -> None:
        """Make the search texts now, if not yet made: the filter box is opening, and
        that keystroke filters nothing, so the first letter typed needn't pay for them."""
        self._search_texts()

    def cycle_sort(self) -> SortOrder:
        """Switch to the next sort order (name, stage, last touch) and return it."""
        return self.set_sort_by(self._sort_by.next())

    def set_sort_by(self, order: SortOrder) -> SortOrder:
        """Sort by ``order``, keeping the cursor on the same contact."""
        self._sort_by = order
        self._rebuild()
        return order

    def set_show_archived(self, show: bool) -> None:
        """List archived contacts (dimmed) too, or hide them."""
        if show != self._show_archived:
            self._show_archived = show
            self._rebuild()

    def select_contact(self, contact_id: str) -> bool:
        """Put the cursor on a contact, showing archived contacts or clearing the filter if
        either hides it. Returns False when there is no such contact."""
        contact = self._app.workbook.find(Contact, contact_id)
        if contact is None:
            return False
        if contact.archived and not self._show_archived:
            self._show_archived = True
            self._rebuild()
        elif self._sources.get(contact_id) is not contact:
            # Added or changed a moment ago and not yet seen by this list.
            self._rebuild()
        index = self._index_of(contact_id)
        if index is None and self._filter_text:
            self._filter_text = ""
            self._refilter()
            index = self._index_of(contact_id)
        if index is None:
            return False
        self._move_cursor(index, center=True)
        return True

    def workbook_changed(self, record: Entity | None) -> None:
        """Bring the list up to date after a saved write (``None``: anything may have
        changed)."""
        if record is None:
            self._next_actions.clear()
            self._touched = None
        else:
            contact_id = record.id if isinstance(record, Contact) else None
            contact_id = getattr(record, "contact_id", contact_id)
            if contact_id is not None:
                self._next_actions.pop(contact_id, None)
                if self._touched is not None:
                    touch = self._app.workbook.last_touch(contact_id)
                    if touch is None:
                        self._touched.pop(contact_id, None)
                    else:
                        self._touched[contact_id] = touch.at
        self._rebuild()

    def _last_touch_times(self) -> dict[str, str]:
        """Contact id -> newest touch time, from one pass over the touches (asking the
        workbook contact by contact takes 0.1 s at 10,000); kept up to date per change."""
        if self._touched is None:
            touched: dict[str, str] = {}
            for touch in self._app.workbook.all(Touch):
                if touch.at > touched.get(touch.contact_id, ""):
                    touched[touch.contact_id] = touch.at
            self._touched = touched
        return self._touched

    # -- building the rows --------------------------------------------------------------------

    @property
    def _app(self) -> InformtermApp:
        return cast("InformtermApp", self.app)

    def on_mount(self) -> None:
        self._rebuild()
        # Relative times ("today 15:00") go stale as the clock moves on.
        self.set_interval(60, self._clock_ticked)

    def _clock_ticked(self) -> None:
        self._next_actions.clear()
        self._strips.clear()
        self.refresh()

    def _rebuild(self) -> None:
        """Re-read the contacts, forget what was worked out for changed ones, sort, then
        filter."""
        workbook = self._app.workbook
        contacts = workbook.contacts(include_archived=self._show_archived)
        sources, texts, actions = self._sources, self._texts, self._next_actions
        if not sources:
            self._sources = {contact.id: contact for contact in contacts}
        else:
            for contact in contacts:
                if sources.get(contact.id) is not contact:
                    sources[contact.id] = contact
                    texts.pop(contact.id, None)
                    actions.pop(contact.id, None)
            if len(sources) > len(contacts):
                # Deleted (or now hidden) contacts: drop their entries so nothing leaks.
                present = {contact.id for contact in contacts}
                for stale in [key for key in sources if key not in present]:
                    del sources[stale]
                    texts.pop(stale, None)
                    actions.pop(stale, None)
        if self._sort_by is SortOrder.LAST_TOUCH:
            touched = self._last_touch_times()
            self._sorted = sort_contacts(contacts, self._sort_by, touched.get)
        else:
            self._sorted = sort_contacts(contacts, self._sort_by)
        self._sorted_texts = None
        self._visible_query = ""
        self._strips.clear()
        self._refilter()

    def _search_texts(self) -> list[str]:
        """The search texts of the sorted contacts, made for those that lack one (all of
        them on the first filter keystroke: about 6 ms at 10,000 contacts)."""
        if self._sorted_texts is None:
            texts = self._texts
            sorted_texts = []
            for contact in self._sorted:
                text = texts.get(contact.id)
                if text is None:
                    text = texts[contact.id] = search_text(contact)
                sorted_texts.append(text)
            self._sorted_texts = sorted_texts
        return self._sorted_texts

    def _refilter(self, *, from_top: bool = False) -> None:
        """Apply the filter and keep the cursor on the same contact if it is still shown;
        if not, on the first row (``from_top``) or the row where it was (its neighbour,
        after a delete or archive)."""
        text = self._filter_text
        terms = filter_terms(text)
        if not terms:
            self._visible, self._visible_texts = self._sorted, []
            self._visible_query = ""
        else:
            # Text that extends the previous filter can only narrow the match, so typing
            # filters what is shown now rather than every contact.
            if self._visible_query and text.startswith(self._visible_query):
                contacts, texts = self._visible, self._visible_texts
            else:
                contacts, texts = self._sorted, self._search_texts()
            # browse.matches' rule (every term occurs in the search text), applied a term
            # at a time with C-level loops: a call per contact costs 15 ms at 10,000.
            for term in terms:
                keep = [term in candidate for candidate in texts]
                contacts = list(compress(contacts, keep))
                texts = list(compress(texts, keep))
            self._visible, self._visible_texts = contacts, texts
            self._visible_query = text
        if not self._visible:
            self._cursor = -1
        else:
            index = self._index_of(self._cursor_id) if self._cursor_id else None
            if index is None:
                index = 0 if from_top else min(max(self._cursor, 0), len(self._visible) - 1)
            self._cursor = index
            self._cursor_id = self._visible[index].id
        shown, total = len(self._visible), len(self._sorted)
        self.virtual_size = Size(0, shown + 1)
        self._scroll_cursor_into_view()
        self.refresh()
        self._announce()
        self._post(
            self.ViewChanged(
                filter_text=self._filter_text,
                sort_by=self._sort_by,
                show_archived=self._show_archived,
                shown=shown,
                total=total,
            )
        )

    def _post(self, message: Message) -> None:
        # The list is the sender even when a parent's call made the change; otherwise
        # Textual stops the message at that parent and the screen never hears of it.
        self.post_message(message.set_sender(self))

    def _index_of(self, contact_id: str | None) -> int | None:
        for index, contact in enumerate(self._visible):
            if contact.id == contact_id:
                return index
        return None

    def _announce(self) -> None:
        """Tell the other panes when the highlighted contact changed."""
        current = self.highlighted_contact_id
        if current != self._announced_id:
            self._announced_id = current
            self._post(self.Highlighted(current))
        # Only when the contact keys come or go, or Archive becomes Restore: refreshing
        # bindings redraws the key bar. Not on the first build, at mount: the screen
        # refreshes its bindings when it is shown and when focus lands, after this.
        contact = self.highlighted_contact
        keys = (contact is not None, contact is not None and contact.archived)
        if keys != self._keys_shown:
            if self._keys_shown is not None:
                self.refresh_bindings()
            self._keys_shown = keys

    def _next_action(self, contact_id: str) -> _NextAction:
        cached = self._next_actions.get(contact_id)
        if cached is None:
            workbook = self._app.workbook
            home = self._app.settings.home_timezone
            now = self._now
            interview = workbook.next_interview(contact_id, now)
            follow_up = workbook.next_follow_up(contact_id)
            text = next_action(interview, follow_up, home, now)
            urgency = Urgency.NONE
            if follow_up is not None and (
                interview is None or follow_up.effective_due <= interview.starts_at
            ):
                urgency = urgency_of(follow_up.effective_due, now, home)
            elif interview is not None:
                urgency = urgency_of(interview.starts_at, now, home)
            cached = self._next_actions[contact_id] = _NextAction(text, urgency)
        return cached

    # -- rendering ------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._part_styles.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self._scroll_cursor_into_view()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        columns = Columns.for_width(width)
        if columns != self._columns:
            self._columns = columns
            self._strips.clear()
        if y == 0:
            return self._header(width)
        if not self._visible:
            return self._empty_line(y - 1, width)
        index = self.scroll_offset.y + y - 1
        if index >= len(self._visible):
            return Strip.blank(width, self.rich_style)
        contact = self._visible[index]
        key = (contact.id, index == self._cursor, self.has_focus, width)
        strip = self._strips.get(key)
        if strip is None:
            if not self._now:
                self._now = self._app.now()
            strip = self._row(contact, index == self._cursor, width)
            self._strips[key] = strip
        return strip

    def render_lines(self, crop):  # type: ignore[no-untyped-def]
        # One clock reading per repaint: every row's "today"/"overdue" agrees.
        self._now = self._app.now()
        return super().render_lines(crop)

    def _style(self, name: str) -> Style:
        """The style of one part of a row, its colours blended over the list's background:
        Textual's component styles drop a colour's alpha (app.tcss gives the muted parts
        $foreground-muted, the foreground at 60%)."""
        style = self._part_styles.get(name)
        if style is None:
            part = self.get_component_styles(f"contact-list--{name}")
            _, background = self.background_colors
            color = bgcolor = None
            if part.has_rule("background") and part.background.a > 0:
                background += part.background
                bgcolor = background.rich_color
            if part.has_rule("color"):
                color = (background + part.color).rich_color
            style = self._part_styles[name] = Style(color=color, bgcolor=bgcolor) + part.text_style
        return style

    def _header(self, width: int) -> Strip:
        base = self.rich_style + self._style("header")
        cols = self._columns
        parts = [" ", fit("Name", cols.name)]
        if cols.company:
            parts += [" " * _GAP, fit("Company", cols.company)]
        parts += [" " * _GAP, fit("Stage", cols.stage)]
        if cols.action:
            parts += [" " * _GAP, fit("Next action", cols.action)]
        return Strip([Segment("".join(parts), base)]).adjust_cell_length(width, base)

    def _row(self, contact: Contact, is_cursor: bool, width: int) -> Strip:
        cols = self._columns
        base = self.rich_style
        if contact.archived:
            base += self._style("archived")
        gap = Segment(" " * _GAP, base)
        segments = [Segment(" ", base), Segment(fit(printable(contact.name), cols.name), base)]
        if cols.company:
            company_style = base + self._style("company")
            segments += [gap, Segment(fit(printable(contact.company), cols.company), company_style)]
        stage_style = base + self._style(f"stage-{STAGE_GROUPS[contact.stage]}")
        segments += [gap, Segment(fit(contact.stage.value, cols.stage), stage_style)]
        if cols.action:
            action = self._next_action(contact.id)
            action_style = base
            if action.urgency is Urgency.OVERDUE:
                action_style += self._style("overdue")
            elif action.urgency is Urgency.TODAY:
                action_style += self._style("due-today")
            segments += [gap, Segment(fit(action.text, cols.action), action_style)]
        if is_cursor:
            # Applied last, so the cursor's colours win over the stage and urgency colours.
            segments = list(Segment.apply_style(segments, post_style=self._style("cursor")))
        return Strip(segments).adjust_cell_length(width, base)

    def _empty_line(self, y: int, width: int) -> Strip:
        style = self.rich_style + self._style("empty")
        lines = textwrap.wrap(self._empty_message(), max(width - 2, 10))
        text = lines[y - 1] if 1 <= y <= len(lines) else ""
        return Strip([Segment(" " + fit(text, width - 1), style)]).adjust_cell_length(width, style)

    def _empty_message(self) -> str:
        if self._filter_text.strip():
            shown = printable(self._filter_text.strip())
            return f"No contact matches “{shown}”. Press Esc to clear the filter."
        if self._app.workbook.count(Contact):
            return "Every contact is archived. Press A to show archived contacts."
        return (
            "No contacts yet. Press n to add one, or run `informterm demo` to try a sample "
            "workbook."
        )

    # -- moving the cursor ------------------------------------------------------------------------

    @property
    def _page(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _move_cursor(self, index: int, *, center: bool = False) -> None:
        if not self._visible:
            return
        index = min(max(index, 0), len(self._visible) - 1)
        old = self._cursor
        self._cursor = index
        self._cursor_id = self._visible[index].id
        if center:
            self.scroll_to(y=max(index - self._page // 2, 0), animate=False)
        else:
            self._scroll_cursor_into_view()
        if old != index:
            self.refresh_line(old + 1)
            self.refresh_line(index + 1)
        self._announce()

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # Textual's ScrollView compares the area the compositor gives it (the rows in view)
        # with the list's virtual size (every row), which never match, so each layout of
        # the screen (a detail pane growing, say) redrew the scrollbar in a frame of its
        # own. Only real changes are passed on.
        seen = (size, self.virtual_size, container_size, self.styles.scrollbar_size_vertical)
        if seen == self._sizes_passed_on:
            return False
        self._sizes_passed_on = seen
        return super()._size_updated(size, virtual_size, container_size, layout)

    def _scroll_cursor_into_view(self) -> None:
        if self._cursor < 0:
            return
        top = round(self.scroll_offset.y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False)
        elif self._cursor >= top + self._page:
            self.scroll_to(y=self._cursor - self._page + 1, animate=False)

    def move_cursor(self, step: int) -> None:
        """Move the cursor ``step`` rows down (up when negative), stopping at the ends."""
        self._move_cursor(self._cursor + step)

    def action_cursor_up(self) -> None:
        """Highlight the contact above."""
        self._move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        """Highlight the contact below."""
        self._move_cursor(self._cursor + 1)

    def action_cursor_first(self) -> None:
        """Highlight the first contact."""
        self._move_cursor(0)

    def action_cursor_last(self) -> None:
        """Highlight the last contact."""
        self._move_cursor(len(self._visible) - 1)

    def action_page_up(self) -> None:
        """Move the highlight up a page."""
        self._move_cursor(self._cursor - self._page)

    def action_page_down(self) -> None:
        """Move the highlight down a page."""
        self._move_cursor(self._cursor + self._page)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = round(self.scroll_offset.y) + offset.y - 1
        if 0 <= index < len(self._visible):
            self._move_cursor(index)
            if event.chain >= 2:
                self.action_open_contact()

    # -- contact actions --------------------------------------------------------------------------

    def acted_on(self) -> Contact | None:
        return self.highlighted_contact

    def action_open_contact(self) -> None:
        """Open the highlighted contact's card."""
        if contact_id := self.highlighted_contact_id:
            self._app.open_contact_card(contact_id)

    def action_edit_contact(self) -> None:
        """Edit the highlighted contact."""
        if contact_id := self.highlighted_contact_id:
            self._app.edit_contact(contact_id)

    def action_change_stage(self) -> None:
        """Move the highlighted contact to another stage."""
        if contact_id := self.highlighted_contact_id:
            self._app.change_stage(contact_id)

    def action_log_touch(self) -> None:
        """Log an interaction with the highlighted contact."""
        if contact_id := self.highlighted_contact_id:
            self._app.log_touch(contact_id)

    def action_compose_message(self) -> None:
        """Write to the highlighted contact from a template."""
        if contact_id := self.highlighted_contact_id:
            self._app.compose_message(contact_id)

    def action_archive_contact(self) -> None:
        """Archive or restore the highlighted contact."""
        if contact_id := self.highlighted_contact_id:
            self._app.toggle_archive(contact_id)

    def action_delete_contact(self) -> None:
        """Delete the highlighted contact; the app asks for confirmation first."""
        if contact_id := self.highlighted_contact_id:
            self._app.delete_contact(contact_id)

    # -- scheduling

    def action_schedule_interview(self) -> None:
        """Schedule an interview with the highlighted contact."""
        if contact_id := self.highlighted_contact_id:
            self._app.schedule_interview(contact_id)


class FilterBox(Input):
    """The Contacts pane's filter box: the list follows its text as it changes.

    The list is filtered within the keystroke, so the box and the list are drawn in one
    frame; through ``Input.Changed`` the list would follow a frame later. The box has a
    fixed size, so its text growing (its virtual size) needs no layout of the screen,
    which Input would ask for on every keystroke.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, contact_list: ContactList, **options: Any) -> None:
        super().__init__(**options)
        self._contact_list = contact_list
        self._showing = False

    def watch_value(self, value: str) -> None:
        if not self._showing:
            self._contact_list.set_filter(value)

    def show_text(self, text: str) -> None:
        """Show ``text`` without filtering by it (the list already is)."""
        self._showing = True
        try:
            self.value = text
        finally:
            self._showing = False


class ContactsPane(ActsFromTable, Vertical):
    """The Contacts pane: filter box, column header and list, titled with sort and counts.

    The filter box shows while it has focus or holds text; ``/`` opens it, Enter goes to
    the list keeping the filter, Esc clears it.
    """

    PLACE = CONTACT_FILTER
    BINDINGS: ClassVar[list[BindingType]] = CONTACT_FILTER.bindings()

    _could_clear = False
    _shown_border: tuple[Content | None, Content | None] = (None, None)
    """The title and subtitle last set (the border's own getters return markup)."""
    _repaint_only: tuple[Region, ...] = ()

    def compose(self):  # type: ignore[no-untyped-def]
        contact_list = ContactList(id="contact-list")
        yield FilterBox(
            contact_list,
            placeholder="Filter: name, company, title, tags, notes",
            id="contact-filter",
            compact=True,
        )
        yield contact_list

    @property
    def contact_list(self) -> ContactList:
        """The list inside this pane."""
        return self.query_one(ContactList)

    @property
    def filter_input(self) -> FilterBox:
        """The filter box."""
        return self.query_one(FilterBox)

    def start_filter(self) -> None:
        """Show the filter box and put the cursor in it."""
        self.add_class("-filtering")
        self.filter_input.focus()
        self.contact_list.prepare_filter()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()  # the box has filtered the list already (see FilterBox)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.contact_list.focus()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget is self.filter_input and not self.filter_input.value:
            self.remove_class("-filtering")

    def on_contact_list_view_changed(self, event: ContactList.ViewChanged) -> None:
        box = self.filter_input
        if box.value != event.filter_text:
            # select_contact cleared the filter: show that, without filtering again.
            box.show_text(event.filter_text)
        if event.filter_text:
            self.add_class("-filtering")
        elif not box.has_focus:
            self.remove_class("-filtering")
        title = Content.assemble(("1", "bold"), " Contacts · by ", event.sort_by.value)
        noun = "contact" if event.total == 1 else "contacts"
        count = f"{event.total} {noun}"
        if event.filter_text.strip():
            count = f"{event.shown} of {count}"
        archived = " · with archived" if event.show_archived else ""
        # The notice at start fades; this stays, so a second instance is never mistaken
        # for one that saves.
        workbook = cast("InformtermApp", self.app).workbook
        read_only = (" · read-only", "bold $text-warning") if workbook.read_only else ""
        self._show_border_texts(title, Content.assemble(f"{count}{archived}", read_only))
        can_clear = self._can_clear_filter()
        if can_clear != self._could_clear:
            # Only when Esc comes or goes: refreshing bindings redraws the key bar.
            self._could_clear = can_clear
            self.refresh_bindings()

    def _show_border_texts(self, title: Content, subtitle: Content) -> None:
        """Show the border's title and subtitle, repainting only the border rows whose text
        changed. Setting either repaints the whole pane, the list and its scrollbar with it,
        and the count in the subtitle changes on nearly every keystroke of a filter."""
        shown_title, shown_subtitle = self._shown_border
        height, width = self.outer_size.height, self.outer_size.width
        # Regions given to refresh() are relative to the content, which the border frames.
        left, top = self.content_offset
        rows = []
        if title != shown_title:
            rows.append(Region(-left, -top, width, 1))
        if subtitle != shown_subtitle:
            rows.append(Region(-left, height - 1 - top, width, 1))
        if not rows:
            return
        self._repaint_only = tuple(rows) if height else ()
        try:
            self.border_title = title
            self.border_subtitle = subtitle
        finally:
            self._repaint_only = ()
        self._shown_border = (title, subtitle)

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if self._repaint_only and not (regions or layout or recompose):
            regions = self._repaint_only
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def applies(self, action: Action) -> bool | None:
        if action.name == "clear_filter":
            return self._can_clear_filter()
        if action.name == "filter_cursor":
            return self.filter_input.has_focus
        return True

    def _can_clear_filter(self) -> bool:
        return bool(self.contact_list.filter_text) or self.filter_input.has_focus

    def action_clear_filter(self) -> None:
        """Clear the filter and go back to the list."""
        self.filter_input.value = ""  # the box filters the list as its text changes
        self.contact_list.focus()
        self.remove_class("-filtering")

    def action_filter_cursor(self, step: int) -> None:
        """Move the list's cursor while typing in the filter box."""
        self.contact_list.move_cursor(step)
