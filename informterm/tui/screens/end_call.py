"""The end of a call: how it ended (held, with an outcome line, or left for now), then what it
left: the leads, one key each to add them as contacts the person introduced; the promises,
now follow-ups; and the thank-you, with its draft ready to open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from informterm.core.model import Contact, Interview
from informterm.core.text import printable
from informterm.core.time import describe_when
from informterm.flows.calls import CallSummary, added_lead, call_summary
from informterm.tui.actions import CALL_SUMMARY, END_CALL, ActsFromTable
from informterm.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from informterm.tui.app import InformtermApp

MAX_LEADS = 9
"""Leads that get a key of their own (1 to 9)."""


@dataclass(frozen=True, slots=True)
class CallEnded:
    """How the call ended: ``held`` with ``outcome``, or left to go on later."""

    held: bool
    outcome: str = ""


class EndCallScreen(ActsFromTable, ModalScreen[CallEnded | None]):
    """Ask how the call with ``name`` ended; dismisses with a CallEnded, or None to go back."""

    DEFAULT_CSS = """
    EndCallScreen { align: center middle; }
    EndCallScreen > #dialog {
        width: 76; max-width: 100%; height: auto;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    EndCallScreen #end-title { text-style: bold; margin-bottom: 1; }
    EndCallScreen .end-hint { color: $text-muted; margin-top: 1; }
    """

    PLACE = END_CALL
    BINDINGS: ClassVar[list[BindingType]] = END_CALL.bindings()

    def __init__(self, name: str, outcome: str = "") -> None:
        super().__init__()
        self.person = name
        self.outcome = outcome

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Content(f"End the call with {printable(self.person)}"), id="end-title")
            yield Label("The outcome, in a line: what you learned, what comes next")
            yield Input(
                self.outcome, id="end-outcome", placeholder="e.g. Great advice on portfolios"
            )
            yield Static(
                "Marking it held makes the thank-you (due today) and a follow-up for each "
                "#promise line, and offers each #lead line as a new contact.",
                classes="end-hint",
            )
        yield KeyBar()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_done()

    def action_done(self) -> None:
        """Mark the interview held with the outcome line."""
        self.dismiss(CallEnded(held=True, outcome=self.query_one(Input).value.strip()))

    def action_later(self) -> None:
        """Leave the call without marking it held."""
        self.dismiss(CallEnded(held=False))

    def action_back(self) -> None:
        """Back to the call."""
        self.dismiss(None)


class CallSummaryScreen(ActsFromTable, ModalScreen[None]):
    """What a held call left (see the module's docstring)."""

    DEFAULT_CSS = """
    CallSummaryScreen { align: center middle; }
    CallSummaryScreen > #dialog {
        width: 96; max-width: 100%; height: auto; max-height: 90%;
        border: thick $success; background: $surface; padding: 1 2;
    }
    CallSummaryScreen #summary-body { height: auto; max-height: 100%; }
    CallSummaryScreen .summary-section {
        text-style: bold; margin-top: 1; border-bottom: solid $primary 50%; width: 1fr;
    }
    """

    PLACE = CALL_SUMMARY
    BINDINGS: ClassVar[list[BindingType]] = CALL_SUMMARY.bindings()

    def __init__(self, summary: CallSummary) -> None:
        super().__init__()
        self.summary = summary

    @property
    def host(self) -> InformtermApp:
        """The app."""
        return cast("InformtermApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"), VerticalScroll(id="summary-body"):
            yield Static(id="summary-head")
            yield Label("Leads", classes="summary-section")
            yield Static(id="summary-leads")
            yield Label("Promises, now follow-ups", classes="summary-section")
            yield Static(id="summary-promises")
            yield Label("Thank-you", classes="summary-section")
            yield Static(id="summary-thank-you")
        yield KeyBar()

    def on_mount(self) -> None:
        self.host.workbook_changed_signal.subscribe(self, self._workbook_changed)
        self.refresh_summary()

    def on_unmount(self) -> None:
        self.host.workbook_changed_signal.unsubscribe(self)

    def _workbook_changed(self, _record: object) -> None:
        workbook = self.host.workbook
        held = workbook.find(Interview, self.summary.interview.id)
        contact = workbook.find(Contact, self.summary.contact.id)
        if held is not None and contact is not None:
            self.summary = call_summary(workbook, held, contact)
        self.refresh_summary()
        self.refresh_bindings()

    def refresh_summary(self) -> None:
        """Draw the summary from the workbook as it is now."""
        summary = self.summary
        workbook = self.host.workbook
        home = self.host.settings.home_timezone or "UTC"
        now = self.host.now()
        name = printable(summary.contact.name)
        outcome = printable(summary.interview.outcome)
        head = [
            Content.assemble(("✓ ", "$text-success"), "Interview with ", (name, "bold"), " held")
        ]
        if outcome:
            head.append(Content.assemble(("Outcome: ", "$text-muted"), outcome))
        self.query_one("#summary-head", Static).update(Content("\n").join(head))

        leads: list[Content] = []
        for number, line in enumerate(summary.leads[:MAX_LEADS], 1):
            added = added_lead(workbook, summary.interview, line)
            if added is not None:
                leads.append(
                    Content.assemble(
                        ("✓ ", "$text-success"), (printable(added.name), "bold"),
                        (" added · ", "$text-muted"), (printable(line), "$text-muted"),
                    )
                )  # fmt: skip
            else:
                leads.append(
                    Content.assemble(
                        (f"{number} ", "bold $text-accent"), printable(line),
                    )
                )  # fmt: skip
        if len(summary.leads) > MAX_LEADS:
            more = len(summary.leads) - MAX_LEADS
            leads.append(Content.styled(f"and {more} more: add them from the card", "$text-muted"))
        if leads:
            leads.append(
                Content.styled(
                    f"Press a lead's number to add them as a contact {name} introduced.",
                    "$text-muted",
                )
            )
        self.query_one("#summary-leads", Static).update(
            Content("\n").join(leads) if leads else Content.styled("No #lead lines.", "$text-muted")
        )

        promises = [
            Content.assemble(
                (describe_when(item.effective_due, home, now), "bold"),
                " ",
                printable(item.reason),
            )
            for item in summary.promises
        ]
        self.query_one("#summary-promises", Static).update(
            Content("\n").join(promises)
            if promises
            else Content.styled("No #promise lines.", "$text-muted")
        )

        thanks = summary.thank_you
        if thanks is None:
            text = Content.styled("No thank-you is due (the rules made none).", "$text-muted")
        else:
            ready = (
                "a draft from your #thanks and #advice lines is ready"
                if thanks.draft.strip()
                else "write it from a template"
            )
            text = Content.assemble(
                "Due ",
                (describe_when(thanks.effective_due, home, now), "bold"),
                f" · {ready}\n",
                ("w", "bold $text-accent"),
                " opens it to check, copy and send",
            )
        self.query_one("#summary-thank-you", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "add_lead":
            # The nine lead keys share one action name: which lead is the parameter.
            index = parameters[0] if parameters else None
            if not isinstance(index, int) or index >= len(self.summary.leads):
                return False
            line = self.summary.leads[index]
            return added_lead(self.host.workbook, self.summary.interview, line) is None
        if action == "thank_you":
            return self.summary.thank_you is not None
        return super().check_action(action, parameters)

    def action_add_lead(self, index: int) -> None:
        """Add lead ``index`` as a new contact (the contact form opens, filled in)."""
        if index < len(self.summary.leads):
            self.host.add_lead_from_call(self.summary.interview.id, self.summary.leads[index])

    def action_thank_you(self) -> None:
        """Open the thank-you's draft in the compose screen."""
        thanks = self.summary.thank_you
        if thanks is not None:
            self.dismiss()
            self.host.compose_message(self.summary.contact.id, thanks.id)

    def action_close(self) -> None:
        """Back to the workbook."""
        self.dismiss()
