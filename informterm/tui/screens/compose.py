"""The compose screen: write a message to a contact from a template, checked as you type.

Pick a template (the ones that fit come first), edit the subject and the text in place or
in your own editor, copy it to the clipboard and mark it sent, which logs the touch it is
(and for a follow-up marks that done). Placeholders still in the text are listed under it
and highlighted; for an outreach request or its follow-up, the request checks of your
linter preset say what to fix and why. Composing for a follow-up keeps the text as its
draft when the screen closes, and starts from that draft next time.

The screen writes nothing itself: it dismisses with a :class:`Composed` that the app saves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, cast

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.signal import Signal
from textual.timer import Timer
from textual.widgets import Input, Label, Select, Static, TextArea

from informterm.core.linter import LINKEDIN_FREE_NOTE_LIMIT, LINKEDIN_NOTE_LIMIT, lint, word_count
from informterm.core.model import Contact, FollowUp, Settings, Touch
from informterm.core.templates import (
    PLACEHOLDER_PATTERN,
    Template,
    Values,
    closest_template,
    fill,
    message_text,
    placeholders_in,
    sent_touch,
    split_message,
)
from informterm.core.text import printable
from informterm.store import Workbook
from informterm.tui.actions import COMPOSE, ActsFromTable
from informterm.tui.widgets.key_bar import KeyBar

CHECK_DELAY = 0.15
"""Seconds of quiet typing before the checks run again."""

_PLACEHOLDER_HIGHLIGHT = "informterm.placeholder"


class ComposeHost(Protocol):
    """What the compose screen needs from the app it runs in."""

    workbook: Workbook
    settings: Settings
    workbook_changed_signal: Signal[Any]

    def now(self) -> str: ...
    def refuse_read_only(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Composed:
    """What the compose screen leaves for the app to save."""

    text: str
    """The message as copied: the subject line, a blank line, the text."""
    keep: bool
    """Whether ``text`` should be kept as the follow-up's draft (it changed)."""
    sent: Touch | None = None
    """The touch to log, when the message was marked sent."""


class DraftArea(TextArea):
    """The message's text: plain text (never markup), with placeholders highlighted."""

    COMPONENT_CLASSES: ClassVar[set[str]] = TextArea.COMPONENT_CLASSES | {"draft-area--placeholder"}
    DEFAULT_CSS = """
    DraftArea > .draft-area--placeholder {
        color: $text-warning;
        text-style: bold underline;
    }
    """

    def _build_highlight_map(self) -> None:
        # TextArea highlights what a syntax tree finds; a message has no syntax, but its
        # placeholders are marked the same way (byte offsets per line, a style by name).
        super()._build_highlight_map()
        for row, line in enumerate(self.document.lines):
            if "$" not in line:
                continue
            for match in PLACEHOLDER_PATTERN.finditer(line):
                if match["dollar"]:
                    continue
                start = len(line[: match.start()].encode("utf-8"))
                end = len(line[: match.end()].encode("utf-8"))
                self._highlights[row].append((start, end, _PLACEHOLDER_HIGHLIGHT))

    def render_lines(self, crop: Any) -> Any:
        theme = self._theme
        if theme is not None:
            style = self.get_component_rich_style("draft-area--placeholder") or Style(bold=True)
            if theme.syntax_styles.get(_PLACEHOLDER_HIGHLIGHT) != style:
                # A new dict: the theme object shares the built-in theme's.
                theme.syntax_styles = {**theme.syntax_styles, _PLACEHOLDER_HIGHLIGHT: style}
        return super().render_lines(crop)


class ComposeScreen(ActsFromTable, Screen[Composed | None]):
    """Write a message to ``contact`` from one of ``templates`` (in the picker's order,
    the fitting ones first), for ``follow_up`` if given, with ``values`` filling the
    placeholders."""

    DEFAULT_CSS = """
    ComposeScreen { layout: vertical; }
    ComposeScreen #compose-head { height: auto; padding: 0 1; }
    ComposeScreen #compose-title { text-style: bold; color: $accent; }
    ComposeScreen #compose-for { color: $text-muted; }
    ComposeScreen .compose-row { height: auto; margin-top: 1; }
    ComposeScreen .compose-row > Label { width: 10; color: $text-muted; }
    ComposeScreen #template { width: 1fr; max-width: 60; }
    ComposeScreen #subject { width: 1fr; }
    ComposeScreen #subject-row.-hidden { display: none; }
    ComposeScreen #body { height: 1fr; min-height: 4; margin: 1 1 0 1; }
    ComposeScreen #compose-placeholders { height: auto; max-height: 5; padding: 0 1; }
    ComposeScreen #compose-placeholders.-empty { display: none; }
    ComposeScreen #compose-checks { height: auto; max-height: 9; padding: 0 1; }
    """

    PLACE = COMPOSE
    BINDINGS = COMPOSE.bindings()
    AUTO_FOCUS = "#body"

    def __init__(
        self,
        contact: Contact,
        templates: list[Template],
        values: Values,
        *,
        follow_up: FollowUp | None = None,
    ) -> None:
        super().__init__()
        if not templates:
            raise ValueError("the compose screen needs at least one template")
        self.contact = contact
        self.follow_up = follow_up
        self.templates = templates
        self.values = values
        # Shown in a terminal and copied into a message: control characters made visible.
        self._fill_values = {key: printable(value) for key, value in values.values.items()}
        self._stored_draft = printable(follow_up.draft, multi_line=True) if follow_up else ""
        if self._stored_draft.strip():
            at = closest_template(templates, self._stored_draft, self._fill_values)
            self.template = templates[at or 0]
            subject, body = split_message(self._stored_draft)
        else:
            self.template = templates[0]
            subject, body = self._filled(self.template)
        self._start_subject, self._start_body = subject, body
        self._check_timer: Timer | None = None

    @property
    def host(self) -> ComposeHost:
        """The app, seen through what the screen uses of it."""
        return cast(ComposeHost, self.app)

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        options = [(Text(printable(t.label)), t.id) for t in self.templates]
        with Vertical(id="compose-head"):
            yield Static(self._title(), id="compose-title")
            yield Static(self._purpose(), id="compose-for")
            with Horizontal(classes="compose-row"):
                yield Label("Template")
                yield Select(
                    options, value=self.template.id, allow_blank=False, compact=True, id="template"
                )
            with Horizontal(classes="compose-row", id="subject-row"):
                yield Label("Subject")
                yield Input(self._start_subject or "", compact=True, id="subject")
        yield DraftArea(
            self._start_body,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            id="body",
        )
        yield Static(id="compose-placeholders")
        yield Static(id="compose-checks")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#subject-row").set_class(self._start_subject is None, "-hidden")
        self.host.workbook_changed_signal.subscribe(self, self._workbook_changed)
        self.refresh_checks()

    def on_unmount(self) -> None:
        self.host.workbook_changed_signal.unsubscribe(self)

    def _workbook_changed(self, _record: object) -> None:
        # The contact deleted meanwhile: nothing left to write to.
        if self.host.workbook.find(Contact, self.contact.id) is None and self.is_current:
            self.app.notify("That contact no longer exists.", severity="warning")
            self.dismiss(None)

    def _title(self) -> Content:
        contact = self.contact
        role = " at ".join(printable(p) for p in (contact.title, contact.company) if p.strip())
        return Content.assemble(
            "Message to ", (printable(contact.name), "bold"), (f"  {role}" if role else "", "")
        )

    def _purpose(self) -> Content:
        follow_up = self.follow_up
        if follow_up is None:
            return Content("An outreach: the templates for a first request come first.")
        from informterm.tui.widgets.follow_up_queue import follow_up_heading

        reason = printable(follow_up.reason.strip())
        heading = follow_up_heading(
            follow_up, self.host.now(), self.host.settings.home_timezone or "UTC"
        )
        kept = " · the text is kept as its draft" if not self.host.workbook.read_only else ""
        return Content.assemble("For ", heading, f": {reason}" if reason else "", kept)

    # -- the message --------------------------------------------------------------------------

    def _filled(self, template: Template) -> tuple[str | None, str]:
        subject = (
            fill(template.subject, self._fill_values).text if template.subject is not None else None
        )
        return subject, fill(template.body, self._fill_values).text

    @property
    def subject(self) -> str | None:
        """The subject typed, or None when the message has no subject line."""
        if self.query_one("#subject-row").has_class("-hidden"):
            return None
        return self.query_one("#subject", Input).value

    @property
    def body(self) -> str:
        """The message's text as it is now."""
        return self.query_one("#body", DraftArea).text

    @property
    def text(self) -> str:
        """The message as copied: the subject line, a blank line and the text."""
        return message_text(self.subject, self.body)

    def _edited(self) -> bool:
        """Whether the text differs from what the current template gives."""
        return self.text != message_text(*self._filled(self.template))

    def _set_message(self, subject: str | None, body: str) -> None:
        self.query_one("#subject-row").set_class(subject is None, "-hidden")
        with self.prevent(Input.Changed):
            self.query_one("#subject", Input).value = subject or ""
        self.query_one("#body", DraftArea).load_text(body)
        self.refresh_checks()

    def _result(self, sent: Touch | None = None) -> Composed:
        text = self.text
        # Kept when it changed from the draft before, and is more than an untouched filling.
        keep = text != self._stored_draft and (bool(self._stored_draft) or self._edited())
        return Composed(text, keep=keep and self.follow_up is not None, sent=sent)

    # -- checks -------------------------------------------------------------------------------

    @on(TextArea.Changed, "#body")
    @on(Input.Changed, "#subject")
    def _typed(self) -> None:
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(CHECK_DELAY, self.refresh_checks)

    def refresh_checks(self) -> None:
        """Show the placeholders still in the message and what the checks find."""
        self._check_timer = None
        body, subject = self.body, self.subject
        # One line per reason: the four settings config.yaml lacks make one line, not four.
        reasons: dict[str, list[str]] = {}
        for name in placeholders_in(f"{subject or ''}\n{body}"):
            reasons.setdefault(self.values.explain(name), []).append(f"${name}")
        lines = [
            Content.assemble((" ".join(names), "bold $text-warning"), f"  {why}")
            for why, names in reasons.items()
        ]
        placeholders = self.query_one("#compose-placeholders", Static)
        if lines:
            lines.insert(0, Content.styled("Still to fill in:", "$text-warning"))
        placeholders.update(Content("\n").join(lines))
        placeholders.set_class(not lines, "-empty")
        self.query_one("#compose-checks", Static).update(self._checks(body, subject))

    def _checks(self, body: str, subject: str | None) -> Content:
        template, settings = self.template, self.host.settings
        counts = f"{word_count(body)} words"
        if template.is_linkedin_note:
            budget = (
                LINKEDIN_FREE_NOTE_LIMIT if settings.linkedin_free_account else LINKEDIN_NOTE_LIMIT
            )
            counts += f" · {len(body.strip())} of {budget} characters"
        if not template.is_request:
            return Content.assemble(
                (counts, "$text-muted"),
                (" · the request checks are for outreach requests and follow-ups", "$text-muted"),
            )
        preset = settings.linter_preset
        findings = lint(
            body,
            preset,
            subject=subject or "",
            referrer_name=self._fill_values.get("referrer") or None,
            linkedin_note=template.is_linkedin_note,
            free_account=settings.linkedin_free_account,
        )
        heading = Content.assemble(
            (f"Request checks ({preset})", "bold"), (f" · {counts}", "$text-muted")
        )
        if not findings:
            return Content.assemble(heading, "\n", ("✓ Nothing to fix.", "$text-success"))
        rows = [Content.assemble(("✗ ", "$text-error"), finding.message) for finding in findings]
        return Content("\n").join([heading, *rows])

    # -- picking a template -------------------------------------------------------------------

    @on(Select.Changed, "#template")
    def _template_picked(self, event: Select.Changed) -> None:
        chosen = next((t for t in self.templates if t.id == event.value), None)
        if chosen is None or chosen.id == self.template.id:
            return
        if not self._edited():
            self._use(chosen)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self._use(chosen)
            else:
                select = self.query_one("#template", Select)
                with select.prevent(Select.Changed):
                    select.value = self.template.id

        from informterm.tui.screens.confirm import ConfirmScreen

        message = (
            f"Replace the text with a fresh {printable(chosen.label)}? What you changed in it "
            "is lost."
        )
        self.app.push_screen(
            ConfirmScreen("Switch template", message, confirm_label="Replace"), answered
        )

    def _use(self, template: Template) -> None:
        self.template = template
        self._set_message(*self._filled(template))

    # -- the keys -----------------------------------------------------------------------------

    def action_copy(self) -> None:
        """Copy the subject line and the message to the clipboard."""
        text = self.text
        self.app.copy_to_clipboard(text)
        left = placeholders_in(text)
        if left:
            names = ", ".join(f"${name}" for name in left)
            self.app.notify(
                f"Copied, but it still has {names} in it: fill those in before you send it.",
                severity="warning",
                markup=False,
            )
        else:
            self.app.notify(
                f"Copied the message ({len(text)} characters) to the clipboard.", markup=False
            )

    def action_external_editor(self) -> None:
        """Edit the message in the editor named by $VISUAL or $EDITOR."""
        from informterm.tui.external_editor import EditorError, edit_text

        try:
            edited = edit_text(self.app, self.text)
        except EditorError as error:
            self.app.notify(str(error), title="Editor", severity="warning", markup=False)
            return
        # Without its subject line the message has no subject now: they deleted it.
        self._set_message(*split_message(printable(edited, multi_line=True)))
        self.query_one("#body", DraftArea).focus()

    def action_mark_sent(self) -> None:
        """Log the message as sent (asking first when placeholders are left in it)."""
        if self.host.workbook.read_only:
            self.host.refuse_read_only()
            return
        left = placeholders_in(self.text)
        if not left:
            self._send()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._send()

        from informterm.tui.screens.confirm import ConfirmScreen

        names = ", ".join(f"${name}" for name in left)
        message = (
            f"The message still has {names} in it. Mark it sent to "
            f"{printable(self.contact.name)} anyway?"
        )
        self.app.push_screen(
            ConfirmScreen("Mark as sent", message, confirm_label="Mark sent"), answered
        )

    def _send(self) -> None:
        touch = sent_touch(self.template, self.contact.id, self.host.now(), self.subject)
        self.dismiss(self._result(sent=touch))

    def action_close(self) -> None:
        """Close: a follow-up keeps the text as its draft; an outreach asks before its
        edits are lost."""
        if self.follow_up is not None or not self._edited():
            self.dismiss(self._result())
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        from informterm.tui.screens.confirm import ConfirmScreen

        message = (
            f"Close without sending? What you wrote to {printable(self.contact.name)} is not "
            "kept anywhere; ctrl+g copies it first."
        )
        self.app.push_screen(
            ConfirmScreen("Close the message", message, confirm_label="Close"), answered
        )

    def unsaved(self) -> Composed | None:
        """What to keep if the app quits now: the draft, for a follow-up."""
        result = self._result()
        return result if result.keep else None
