"""Pick a contact's pipeline stage from a short list: the pipeline in order, then the exits."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from informterm.core.model import Stage
from informterm.core.pipeline import STAGES_LISTED
from informterm.tui.actions import STAGE_DIGITS, STAGE_PICKER, ActsFromTable
from informterm.tui.widgets.key_bar import KeyBar
from informterm.tui.widgets.navigation import NavList

FIRST_EXIT = next(stage for stage in STAGES_LISTED if stage.is_exit)


class StagePicker(ActsFromTable, ModalScreen[Stage | None]):
    """Choose a stage; dismisses with the Stage, or None when cancelled.

    The current stage is highlighted and marked. Enter picks the highlighted stage; a digit
    picks directly (1-7 the pipeline, 8, 9 and 0 the exits).
    """

    DEFAULT_CSS = """
    StagePicker { align: center middle; }
    StagePicker > #dialog {
        width: 40;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    StagePicker #stage-title { text-style: bold; margin-bottom: 1; }
    StagePicker #stages { height: auto; max-height: 16; }
    StagePicker #stage-hint { color: $text-muted; margin-top: 1; }
    """

    PLACE = STAGE_PICKER
    BINDINGS = STAGE_PICKER.bindings()

    def __init__(self, current: Stage) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        options: list[Option | None] = []
        for digit, stage in zip(STAGE_DIGITS, STAGES_LISTED, strict=True):
            if stage is FIRST_EXIT:
                options.append(None)  # a separator line before the side exits
            label = Content.assemble((f"{digit}  ", "dim"), stage.value)
            if stage is self.current:
                label = Content.assemble(label, ("  (current)", "bold"))
            options.append(Option(label, id=stage.name))
        with Vertical(id="dialog"):
            yield Label("Move to stage", id="stage-title")
            yield NavList(*options, id="stages")
            yield Label("Enter or a digit picks · esc cancels", id="stage-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        stages = self.query_one("#stages", OptionList)
        stages.highlighted = stages.get_option_index(self.current.name)
        stages.focus()

    @on(OptionList.OptionSelected, "#stages")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(Stage[event.option.id or self.current.name])

    def action_pick(self, index: int) -> None:
        """Pick the stage at ``index`` of the listed order."""
        self.dismiss(STAGES_LISTED[index])

    def action_cancel(self) -> None:
        """Keep the current stage."""
        self.dismiss(None)
