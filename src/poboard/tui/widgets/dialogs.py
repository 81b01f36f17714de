"""Small modal dialogs: confirm, ask for one line, and the keys help."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..text import literal


class ConfirmScreen(ModalScreen[bool]):
    """Yes or no; returns True only when the user confirms."""

    BINDINGS = [
        Binding("escape,n", "dismiss(False)", "Cancel"),
        Binding("y", "dismiss(True)", "Confirm"),
    ]

    def __init__(self, question: str, confirm: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.confirm = confirm

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(literal(self.question))
            with Horizontal(classes="buttons"):
                yield Button("Cancel (n)", id="cancel")
                yield Button(f"{self.confirm} (y)", id="confirm", variant="primary")

    def on_mount(self) -> None:
        """Enter alone never confirms: the safe choice has the focus; y confirms."""
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")


class PromptScreen(ModalScreen[str | None]):
    """One line of text (a waiver's reason, say); None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, question: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(literal(self.question))
            yield Input(self.value, placeholder=self.placeholder, id="answer")
            yield Static(id="prompt-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel (esc)", id="cancel")
                yield Button("OK (enter)", id="ok", variant="primary")

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        answer = self.query_one("#answer", Input).value.strip()
        if answer:
            self.dismiss(answer)
        else:
            self.query_one("#answer", Input).placeholder = "this needs some text"

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """Every key of the screen it was opened from, and the app's."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        lines: list[Content] = []
        for title, keys in self.sections:
            lines.append(Content.styled(title, "bold"))
            lines += [
                Content.assemble((f"  {key:<14}", "bold $accent"), text) for key, text in keys
            ]
            lines.append(Content(""))
        lines.append(Content.styled("esc closes this help", "dim"))
        with VerticalScroll():
            yield Static(Content("\n").join(lines))


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a few values with its key (or the arrows and enter); None when
    cancelled. Keys are letters: the number keys switch screens everywhere."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, question: str, choices: list[tuple[str, str, str]], current: str) -> None:
        """`choices` are (key, value, label); `current` is marked."""
        super().__init__()
        self.question = question
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        options = [
            Option(
                Content.assemble(
                    (f" {key} ", "bold reverse"),
                    f"  {label}",
                    ("   (now)" if value == self.current else "", "dim"),
                ),
                id=value,
            )
            for key, value, label in self.choices
        ]
        with Vertical():
            yield Label(literal(self.question))
            yield OptionList(*options, id="choices")
            yield Static(Content.styled("its key, or ↑↓ and enter · esc cancels", "dim"))

    def on_mount(self) -> None:
        found = self.query_one(OptionList)
        values = [value for _, value, _ in self.choices]
        found.highlighted = values.index(self.current) if self.current in values else 0
        found.focus()

    def on_key(self, event: events.Key) -> None:
        for key, value, _ in self.choices:
            if event.key == key:
                event.stop()
                self.dismiss(value)
                return

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


HORIZONS = [
    ("n", "now", "Now · 2–4 weeks"),
    ("x", "next", "Next · 1–2 quarters"),
    ("l", "later", "Later · 2+ quarters"),
    ("u", "unplanned", "Unplanned"),
]


def horizon_picker(item_key: str, title: str, current: str) -> ChoiceScreen:
    """Where on the roadmap an item goes: one key, not a press per step."""
    return ChoiceScreen(f"Horizon for {item_key} “{title}”", HORIZONS, current)
