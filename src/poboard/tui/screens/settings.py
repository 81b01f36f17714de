"""Board settings for the product owner: name, product owners, Definition of Done, WIP
limits, score weights and retro votes, saved through the board as `poboard config set`
would, behind the same gates. A refusal stays in the form with what was typed."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea

from ...board import Board, config_items, rules
from ...domain.errors import Code, PoboardError, SettingError
from ...domain.models import Kind
from ...domain.settings import Settings
from ..text import literal, visible
from ..widgets.dialogs import leave_form
from ..widgets.held_keys import HoldsKeys
from ..writes import board_writes, dismiss_once_shown

DOD = "definition_of_done"
PLURALS = {kind: f"{kind.value}s" for kind in Kind} | {
    Kind.CONTENT: "content",
    Kind.LAUNCH: "launches",
    Kind.STORY: "stories",
}
LABELS = {
    "name": "board name",
    "product_owners": "product owners",
    DOD: "Definition of Done",
    "weights.value": "value weight",
    "weights.urgency": "urgency weight",
    "weights.impact": "impact weight",
    "weights.fit": "fit weight",
    "weights.effort": "effort weight",
    "weights.risk": "risk weight",
    "weights.blocking": "blocking weight",
    "wip.doing": "WIP limit of Doing",
    "wip.review": "WIP limit of Review",
    "retro.votes": "retro votes",
    **{f"ready.{kind.value}": f"Definition of Ready of {PLURALS[kind]}" for kind in Kind},
}
# Weights as a product owner reads them: what raises a score, then what lowers it.
WEIGHTS = (
    ("value", "Value"),
    ("urgency", "Urgency"),
    ("impact", "Impact"),
    ("fit", "Fit"),
    ("blocking", "Blocking"),
    ("effort", "Effort"),
    ("risk", "Risk"),
)
HINTS = {
    Code.NOT_PRODUCT_OWNER: "ask a product owner, or put the marked fields back (esc drops "
    "every change)",
    Code.INVALID_INPUT: "fix the marked field, then ctrl+s",
}


def field_id(key: str) -> str:
    return "set-" + key.replace(".", "-").replace("_", "-")


def text_in(widget: Widget) -> str:
    return widget.text if isinstance(widget, TextArea) else getattr(widget, "value", "")


class SettingsScreen(HoldsKeys[bool]):
    """The board's settings as a form; dismissed with True once something was saved."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    def __init__(self, board: Board) -> None:
        super().__init__()
        self.board = board
        self.settings = board.settings()
        # What the form showed, as `config set` writes it: a field still reading so is
        # not sent, so saving never puts back what someone else changed meanwhile.
        # shown with pictures: a board from before the text rule may hold escapes
        self.shown = {key: visible(value) for key, value in config_items(self.settings)}
        self.shown[DOD] = visible("\n".join(self.settings.definition_of_done))
        self.marked: dict[str, str] = {}  # the refused fields' ids, with what they held

    # ----- the form -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="settings"):
            yield Static(
                Content.assemble(
                    ("Board settings", "bold"), ("   ctrl+s saves · esc cancels", "dim")
                ),
                id="settings-title",
            )
            yield Static(self.who_decides(), id="settings-who")
            yield Static(id="settings-error", classes="notice -error")
            with VerticalScroll(id="settings-body"):
                yield from self.row("Board name", self.input("name"))
                yield from self.row(
                    "Product owners",
                    self.input("product_owners", "names, comma between; none: anyone accepts"),
                )
                with Horizontal(classes="field"):
                    yield Label("WIP limits", classes="field-label")
                    yield Label("Doing", classes="pair-label")
                    yield self.input("wip.doing", "off", classes="number")
                    yield Label("Review", classes="pair-label")
                    yield self.input("wip.review", "off", classes="number")
                    yield Static(Content.styled("blank: no limit", "dim"), classes="field-hint")
                with Horizontal(classes="field"):
                    yield Label("Retro votes", classes="field-label")
                    yield self.input("retro.votes", classes="number")
                    yield Static(
                        Content.styled("per person in a retro, 1–20", "dim"), classes="field-hint"
                    )
                with Horizontal(classes="field"):
                    yield Label("Score weights", classes="field-label")
                    yield Static(
                        Content.styled("0–10 · effort and risk lower a score", "dim"),
                        classes="field-hint",
                    )
                with Grid(id="weights"):
                    for name, label in WEIGHTS:
                        with Horizontal(classes="weight"):
                            yield Label(label, classes="pair-label")
                            yield self.input(f"weights.{name}", classes="number")
                with Horizontal(classes="field"):
                    yield Label("Definition of Done", classes="field-label -wide")
                    yield Static(
                        Content.styled(
                            "one line each · added to work committed to a sprint", "dim"
                        ),
                        classes="field-hint",
                    )
                yield TextArea(self.shown[DOD], id=field_id(DOD), compact=True)
                yield from self.ready_fields()
            with Horizontal(classes="buttons"):
                yield Button("Cancel (esc)", id="cancel", compact=True)
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)

    def ready_fields(self) -> ComposeResult:
        """What each kind needs before it may enter a sprint, as `config set ready.KIND`."""
        with Horizontal(classes="field", id="ready-head"):
            yield Label("Definition of Ready", classes="field-label -wide")
            yield Static(
                Content.styled("what each kind needs · none · default", "dim"),
                classes="field-hint",
            )
        for kind in Kind:
            label = PLURALS[kind].capitalize()
            yield from self.row(label, self.input(f"ready.{kind.value}", "none"))

    def row(self, label: str, widget: Input) -> ComposeResult:
        with Horizontal(classes="field"):
            yield Label(label, classes="field-label")
            yield widget

    def input(self, key: str, placeholder: str = "", classes: str = "") -> Input:
        return Input(
            self.shown[key],
            placeholder=placeholder,
            id=field_id(key),
            classes=classes,
            compact=True,
        )

    def who_decides(self) -> Content:
        """Who may change what, said before anyone is refused (by the gate itself)."""
        owners = self.settings.product_owners
        served = self.board.served
        if not owners:
            return Content.styled(
                "No product owners named: only the board's owner on the server changes "
                "settings; anyone may accept work."
                if served
                else "No product owners named: anyone may change every setting and accept work.",
                "dim",
            )
        gated = dict.fromkeys(
            "score weights"
            if key.startswith("weights.")
            else "the Definition of Ready"
            if key.startswith("ready.")
            else LABELS[key]
            for key in self.shown
            if rules.config_refusal("", owners, key, served=served) is not None
        )
        what = ", ".join(list(gated)[:-1]) + f" and {list(gated)[-1]}"
        rest = "; the rest is the team's"
        if served:  # over `poboard serve` every setting is theirs
            what, rest = "every setting", ""
        names = literal(", ".join(owners), "bold")
        if self.board.user in owners:
            return Content.assemble("You are a product owner (", names, f"): you decide {what}.")
        return Content.assemble("Only the product owners (", names, f") change {what}{rest}.")

    def on_mount(self) -> None:
        self.query_one("#settings-error").display = False
        self.query_one(f"#{field_id('name')}", Input).focus()

    # ----- saving ---------------------------------------------------------------------------

    def typed(self) -> dict[str, str]:
        """Every field as it reads now, by config key."""
        found = {
            key: self.query_one(f"#{field_id(key)}", Input).value for key, _ in self.shown_keys()
        }
        # Line breaks part the Definition's lines even when it is one line holding a `;`.
        found[DOD] = self.query_one(f"#{field_id(DOD)}", TextArea).text.strip() + "\n"
        return found

    def shown_keys(self) -> list[tuple[str, str]]:
        return [(key, text) for key, text in self.shown.items() if key != DOD]

    def changes(self) -> dict[str, str]:
        """The fields this user changed."""
        typed = self.typed()
        return {key: text for key, text in typed.items() if text.strip() != self.shown[key].strip()}

    def action_save(self) -> None:
        changes = self.changes()
        if not changes:
            self.notify("Nothing changed", timeout=3)
            self.dismiss(False)
            return

        def saved(settings: Settings) -> None:
            self.notify(self.summary(list(changes)), title="Settings saved", timeout=3)
            dismiss_once_shown(self, True)

        board_writes(self).run(
            lambda board: board.config.configure_many(changes),
            saved,
            lambda error: self.refused(error, list(changes)),
        )

    def summary(self, changed: list[str]) -> str:
        """The settings this user changed, by name, in the form's order: never one a
        teammate changed meanwhile (the form sends only the fields changed in it)."""
        text = ", ".join(LABELS.get(key, key) for key in self.shown if key in changed)
        return text[:1].upper() + text[1:] if text else "Nothing changed"

    def refused(self, error: PoboardError, changed: list[str]) -> None:
        """Say why in one line and mark the fields it is about; what was typed stays."""
        for widget in self.query(".-refused"):
            widget.remove_class("-refused")
        marked: list[str] = []
        if isinstance(error, SettingError):
            marked = [error.key]
        elif error.code is Code.NOT_PRODUCT_OWNER:
            owners = self.board.settings().product_owners
            marked = [
                k
                for k in changed
                if rules.config_refusal(self.board.user, owners, k, served=self.board.served)
            ]
        self.marked = {}
        for key in marked:
            widget = self.query_one(f"#{field_id(key)}")
            widget.add_class("-refused")
            self.marked[widget.id or ""] = text_in(widget)
        if marked:
            self.query_one(f"#{field_id(marked[0])}").focus()
        message = f"Not saved: {error}"
        if hint := HINTS.get(error.code):
            message += f" — {hint}"
        notice = self.query_one("#settings-error", Static)
        notice.update(literal(message))
        notice.display = True
        self.query_one("#settings-who").display = False  # the refusal takes its place

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _edited(self, event: Input.Changed | TextArea.Changed) -> None:
        """A marked field loses its mark once it reads otherwise than when refused."""
        control = event.control
        if control.has_class("-refused") and text_in(control) != self.marked.get(control.id or ""):
            control.remove_class("-refused")

    @on(Input.Submitted)
    def _next_field(self) -> None:
        """Enter moves on, as in a paper form; ctrl+s saves."""
        self.focus_next()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    def action_cancel(self) -> None:
        """Esc: changes made in the form are asked about before they go (`leave_form`)."""
        if not board_writes(self).keeps_open(self):
            leave_form(self, bool(self.changes()), self.action_save, lambda: self.dismiss(False))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()
