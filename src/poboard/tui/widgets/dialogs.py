"""Small dialogs: confirm, ask for one line, pick one of a few, leave a form with unsaved
changes, and the keys help."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ..text import CONTROL_PICTURES, literal, visible
from .held_keys import HoldsKeys


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


Leaving = Literal["save", "discard"]


class UnsavedScreen(ModalScreen[Leaving | None]):
    """A form with unsaved changes is being closed: save them, discard them, or (None)
    keep editing, the safe choice, which enter and esc take."""

    BINDINGS = [
        Binding("escape,n", "dismiss(None)", "Keep editing"),
        Binding("d", "dismiss('discard')", "Discard"),
        Binding("s,ctrl+s", "dismiss('save')", "Save", priority=True),
    ]

    QUESTION = "Your changes are not saved. Save them, discard them, or keep editing?"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.QUESTION)
            with Horizontal(classes="buttons"):
                yield Button("Keep editing (esc)", id="keep")
                yield Button("Discard (d)", id="discard", variant="error")
                yield Button("Save (s)", id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        chosen = event.button.id
        self.dismiss("save" if chosen == "save" else "discard" if chosen == "discard" else None)


def leave_form(
    form: ModalScreen[Any], changed: bool, save: Callable[[], object], discard: Callable[[], object]
) -> None:
    """Close a form: at once when nothing in it changed; else only as the user says, with
    `save` (which keeps the form open if the board refuses) or `discard`. Every form of
    the app leaves this way: the item editor, the settings, and each `FormDialog`."""
    if not changed:
        discard()
        return

    def answered(choice: Leaving | None) -> None:
        if choice == "save":
            save()
        elif choice == "discard":
            discard()

    form.app.push_screen(UnsavedScreen(), answered)


class PromptScreen(HoldsKeys[str | None]):
    """One line of text (a waiver's reason, say); None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(literal(self.question))
            yield Input(
                visible(self.value, multiline=False),
                placeholder=self.placeholder,
                id="answer",
                highlighter=CONTROL_PICTURES,
            )
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
    def action_cancel(self) -> None:
        """What was typed is asked about before it goes (see `leave_form`)."""
        typed = self.query_one("#answer", Input).value.strip()
        leave_form(self, typed != self.value.strip(), self._submit, lambda: self.dismiss(None))


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


POPUP_WIDTH = 48  # as the stylesheet sets it: where the popup goes before it is laid out


class PopupLayer(Container):
    """Where a screen's popup lives: an empty box of no size over the screen, holding a
    hidden ChoicePopup. (Mounted on the screen itself, a popup makes Textual repaint the
    whole screen as it opens and as it closes; here only the popup's box is repainted.)"""

    def compose(self) -> ComposeResult:
        yield ChoicePopup()


class ChoicePopup(Vertical):
    """Pick one of a few values with its key (or the arrows and enter), in a box over the
    screen; `open` it with a question, and `picked` gets the value, or None when
    cancelled. Keys are letters: the number keys switch screens everywhere.

    Cheap to open and close, for a team moving cards on one shared host: a modal screen
    repainted the whole board twice and the focus move restyled the footer, ~150 ms of
    CPU a pick. This box is built once per screen, shown and hidden, and takes no focus:
    the screen hands it the keys (`key`) while it is open."""

    def __init__(self) -> None:
        super().__init__()
        self.choices: list[tuple[str, str, str]] = []
        self.picked: Callable[[str | None], object] = lambda _: None
        self.closed = True

    def compose(self) -> ComposeResult:
        yield Label()
        options = OptionList(id="choices")
        options.can_focus = False
        yield options
        yield Static(id="choice-hint")

    def open(
        self,
        question: str,
        choices: list[tuple[str, str, str]],
        current: str,
        picked: Callable[[str | None], object],
    ) -> None:
        """Ask; `choices` are (key, value, label), `current` is marked and named below."""
        self.choices = choices
        where = next((label.split(" · ")[0] for _, v, label in choices if v == current), "")
        hint = "its key, or ↑↓ and enter · esc cancels"
        self.query_one("#choice-hint", Static).update(
            Content.assemble(literal(f"currently {where}\n") if where else "", (hint, "dim"))
        )
        self.picked = picked
        self.closed = False
        self.query_one(Label).update(literal(question))
        options = self.query_one(OptionList)
        options.set_options(
            Option(
                Content.assemble(
                    (f" {key} ", "bold reverse"),
                    f"  {label}",
                    ("   ← current" if value == current else "", "dim"),
                ),
                id=value,
            )
            for key, value, label in choices
        )
        values = [value for _, value, _ in choices]
        options.highlighted = values.index(current) if current in values else 0
        self.display = True
        self.center()

    def on_resize(self) -> None:
        self.center()

    def center(self) -> None:
        """In the middle of the screen (its height is a guess until it is laid out)."""
        screen = self.screen.size
        width = self.outer_size.width or min(POPUP_WIDTH, screen.width)
        height = self.outer_size.height or len(self.choices) + 9
        self.styles.offset = (
            max(0, (screen.width - width) // 2),
            max(0, (screen.height - height) // 2),
        )

    def key(self, event: events.Key) -> bool:
        """Act on a key pressed while the popup is open; False lets it through (and
        closes the popup: a key of the app's, such as ctrl+p, leaves the pick)."""
        options = self.query_one(OptionList)
        chosen = {key: value for key, value, _ in self.choices}.get(event.key)
        if chosen is not None:
            self.close(chosen)
        elif event.key == "escape":
            self.close(None)
        elif event.key in ("up", "down"):
            (options.action_cursor_up if event.key == "up" else options.action_cursor_down)()
        elif event.key == "enter" and options.highlighted is not None:
            self.close(options.get_option_at_index(options.highlighted).id)
        elif not event.is_printable:
            self.close(None)
            return False
        return True  # a letter that is no choice does nothing, rather than act on the board

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.close(event.option.id)

    def close(self, value: str | None) -> None:
        if self.closed:
            return
        self.closed = True
        self.display = False
        self.picked(value)


HORIZONS = [
    ("n", "now", "Now · 2–4 weeks"),
    ("x", "next", "Next · 1–2 quarters"),
    ("l", "later", "Later · 2+ quarters"),
    ("u", "unplanned", "Unplanned"),
]


def ask_horizon(
    popup: ChoicePopup,
    item_key: str,
    title: str,
    current: str,
    picked: Callable[[str | None], object],
) -> None:
    """Where on the roadmap an item goes: one key, not a press per step."""
    popup.open(f"Horizon for {item_key} “{title}”", HORIZONS, current, picked)
