"""Both of you changed the same thing: theirs and yours side by side, and you choose;
and the one line that says what a merge took and kept."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Click
from textual.screen import ModalScreen
from textual.widgets import Static

from ...domain.merge import Clash, Merge, Side
from ..text import literal


class ClashChoice(Vertical, can_focus=True):
    """One clash: what it is, their version, your version, and which one stays."""

    BINDINGS = [
        Binding("t", "choose('theirs')", "Keep theirs"),
        Binding("y", "choose('yours')", "Keep yours"),
        Binding("left", "choose('theirs')", "Keep theirs", show=False),
        Binding("right", "choose('yours')", "Keep yours", show=False),
    ]

    def __init__(self, clash: Clash, who: str) -> None:
        super().__init__(classes="clash")
        self.clash = clash
        self.who = who
        self.choice: Side | None = None

    def compose(self) -> ComposeResult:
        yield Static(literal(self.clash.label, "bold"), classes="clash-label")
        with Horizontal(classes="clash-sides"):
            theirs = Static(literal(self.clash.theirs), classes="side -theirs")
            theirs.border_title = f"t · theirs ({self.who})"
            yield theirs
            yours = Static(literal(self.clash.yours), classes="side -yours")
            yours.border_title = "y · yours"
            yield yours
        yield Static(classes="clash-choice")

    def on_mount(self) -> None:
        self.show_choice()

    def action_choose(self, side: Side) -> None:
        self.choice = side
        self.show_choice()
        self.screen.focus_next(ClashChoice)

    def on_click(self, event: Click) -> None:
        for widget in (event.widget, *(event.widget.ancestors if event.widget else ())):
            if isinstance(widget, Static) and widget.has_class("side"):
                self.action_choose("theirs" if widget.has_class("-theirs") else "yours")
                return

    def show_choice(self) -> None:
        for side in ("theirs", "yours"):
            box = self.query_one(f".-{side}", Static)
            box.set_class(self.choice == side, "-chosen")
        text = (
            Content.styled("choose: t keeps theirs · y keeps yours", "bold $text-warning")
            if self.choice is None
            else Content.assemble("keeping ", (self.choice, "bold"))
        )
        self.query_one(".clash-choice", Static).update(text)


class MergeScreen(ModalScreen[dict[str, Side] | None]):
    """Returns a choice for every clash, or None to go back to the form unsaved."""

    BINDINGS = [
        Binding("enter,ctrl+s", "apply", "Apply", priority=True),
        Binding("escape", "dismiss(None)", "Back to your edits"),
        Binding("down,tab", "app.focus_next", "Next", show=False),
        Binding("up,shift+tab", "app.focus_previous", "Previous", show=False),
    ]

    def __init__(self, key: str, clashes: list[Clash], who: str, when: str) -> None:
        super().__init__()
        self.key = key
        self.clashes = clashes
        self.who = who
        self.when = when

    def compose(self) -> ComposeResult:
        with Vertical(id="merge"):
            yield Static(
                literal(f"{self.key} was changed by {self.who} at {self.when}", "bold"),
                id="merge-title",
            )
            yield Static(
                Content(
                    "You both changed the same things. Choose, for each, the version "
                    "that stays: t theirs · y yours. Everything else is merged."
                ),
                id="merge-help",
            )
            with VerticalScroll(id="clashes"):
                for clash in self.clashes:
                    yield ClashChoice(clash, self.who)
            yield Static(id="merge-notice", classes="notice -error")
            yield Static(
                Content.styled("enter applies · esc goes back to your edits, unsaved", "dim"),
                id="merge-keys",
            )

    def on_mount(self) -> None:
        self.query_one("#merge-notice").display = False
        self.query(ClashChoice).first().focus()

    def action_apply(self) -> None:
        rows = list(self.query(ClashChoice))
        undecided = [row for row in rows if row.choice is None]
        if undecided:
            notice = self.query_one("#merge-notice", Static)
            notice.update(Content(f"Choose a version for {len(undecided)} more: t or y"))
            notice.display = True
            undecided[0].focus()
            return
        self.dismiss({row.clash.key: row.choice for row in rows if row.choice is not None})


def merged_notice(
    conflict: str, merged: Merge, choices: dict[str, Side], edited: bool = True
) -> str:
    """What a merge took from their version and what it kept of yours (`edited`: the
    form holds edits of yours still to save), in one line."""
    parts = [conflict.removesuffix(" — reloaded")]
    if merged.taken:
        parts.append("took theirs: " + ", ".join(merged.taken))
    for clash in merged.clashes:
        parts.append(f"{clash.label}: kept {choices.get(clash.key, 'yours')}")
    if edited:
        parts.append("your other edits are kept — ctrl+s saves")
    return " — ".join(parts)
