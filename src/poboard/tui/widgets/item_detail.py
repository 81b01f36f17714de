"""The panel beside the table: who and why, readiness, criteria, score and blockers; in a
wide terminal also who made and changed it, what waits on it, and its history of moves
(read once the cursor rests on the item, never on each move)."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from ...board import ItemView, rules
from ...domain.errors import PoboardError
from ...domain.models import CRITERION_SYMBOLS, SOURCE_NAMES, Event, Item
from ...domain.readiness import labels
from ...domain.scales import points
from ...domain.settings import Settings
from ..text import link_safe_markdown, literal, visible
from .item_history import about_lines, history_content

HISTORY_DELAY = 0.2  # seconds the cursor rests on an item before its history is read
READING = Content.assemble("\n", ("History ", "bold"), ("…", "dim"))


def detail_content(
    view: ItemView, item: Item, settings: Settings, blocker_titles: dict[int, str]
) -> Content:
    """Everything but the description, as one literal block of text (`item` is the
    highlighted item whole, with its criteria)."""
    lines: list[Content] = [literal(f"{item.key} {item.title}", "bold")]
    facts = [item.kind.value, f"owner {item.owner or '—'}", item.horizon.value]
    if view.goal:
        facts.append(view.goal)
    if view.key_result:
        facts.append(f"serves {view.key_result}")
    if view.sprint:
        facts.append(f"{view.sprint} · {item.status.value}")
    if item.slipped:
        facts.append(f"slipped ×{item.slipped}")
    lines.append(literal(" · ".join(facts), "dim"))
    if item.source_key:  # where it was imported from, to find it there
        where = [SOURCE_NAMES.get(item.source or "", ""), item.source_key, item.source_url]
        lines.append(literal(" ".join(filter(None, where)), "dim"))
    lines.append(Content(""))
    if view.ready:
        lines.append(Content.styled("Ready ✓", "bold green"))
    else:
        lines.append(Content.styled(f"Not ready ✗ missing {labels(view.missing)}", "bold red"))
    for label, value in (
        ("Audience", item.audience),
        ("Promise", item.promise),
        ("Proof", item.proof),
        ("Metric", item.metric),
    ):
        lines.append(Content.assemble((f"{label:<9} ", "dim"), visible(value or "—")))
    estimate = "—" if item.estimate is None else points(item.estimate)
    lines.append(Content.assemble(("Estimate  ", "dim"), estimate))
    if item.kind.value == "experiment":
        for label, value in (
            ("Hypothesis", item.hypothesis),
            ("Success", item.success_metric),
            ("Guardrail", item.guardrail_metric),
            ("Decide", item.decision_rule),
        ):
            lines.append(Content.assemble((f"{label:<11}", "dim"), visible(value or "—")))
        result = item.result.value if item.result else "not decided yet"
        note = f" — {item.result_note}" if item.result_note else ""
        lines.append(Content.assemble(("Result     ", "dim"), (visible(result + note), "bold")))
    lines.append(Content(""))
    settled = sum(1 for c in item.criteria if rules.is_settled(c))
    lines.append(Content.styled(f"Acceptance criteria ({settled}/{len(item.criteria)})", "bold"))
    if not item.criteria:
        lines.append(Content.styled("none yet — press e to add some", "dim"))
    for n, c in enumerate(item.criteria, start=1):
        tag = " (DoD)" if c.dod else ""
        why = f" — {c.reason}" if c.reason else ""
        lines.append(literal(f"{CRITERION_SYMBOLS[c.state]} {n}. {c.text}{tag}{why}"))
    lines.append(Content(""))
    lines.append(literal("Score " + rules.score_explained(item, settings.weights, view.blocks)))
    if item.blocked_by:
        names = ", ".join(f"#{b} {blocker_titles.get(b, '')}".strip() for b in item.blocked_by)
        lines.append(literal(f"Blocked by {names}", "yellow"))
    return Content("\n").join(lines)


class ItemDetail(VerticalScroll, can_focus=False):
    """Shows the highlighted item; the description is rendered as Markdown (the Markdown
    widget, and the parser it imports, arrive with the first description shown, not at
    start)."""

    def compose(self) -> ComposeResult:
        yield Static(id="facts")
        yield Static(id="history")

    def on_mount(self) -> None:
        self.shown_description: str | None = None
        self.facts_height = -1
        self.read_history: Callable[[int], list[Event]] | None = None  # set by the screen
        self.history_of: tuple[int, int] | None = None  # (item id, version) shown
        self.history_wanted: tuple[int, int] | None = None
        self.history_timer: Timer | None = None
        self.query_one("#history").display = False

    def _update_facts(self, content: Content) -> None:
        """A layout pass costs more than the redraw; ask for one only when the height of
        the facts changes (as when moving between items with the same number of lines)."""
        facts = self.query_one("#facts", Static)
        width = max(1, facts.size.width)
        height = sum(max(1, -(-cell_len(line) // width)) for line in content.plain.split("\n"))
        facts.update(content, layout=height != self.facts_height)
        self.facts_height = height

    def show(
        self,
        view: ItemView | None,
        item: Item | None,
        settings: Settings,
        blocker_titles: dict[int, str],
        empty: str = "",
        wide: bool = False,
    ) -> None:
        """Redraw only what changed: re-parsing the Markdown or toggling it costs a layout.
        `wide`: there is room for who made and changed the item, and its history."""
        if view is None or item is None:
            self._update_facts(Content.styled(empty or "No item here. Press a to add one.", "dim"))
            self._want_history(None)
            self._describe("")
            return
        facts = detail_content(view, item, settings, blocker_titles)
        if wide:
            facts = Content("\n").join([facts, *about_lines(view, item)])
        self._update_facts(facts)
        self._want_history((item.id or 0, item.version) if wide else None)
        self._describe(view.item.description)

    def _want_history(self, wanted: tuple[int, int] | None) -> None:
        """The history of another item (or another version) is read once the cursor has
        rested on it for HISTORY_DELAY: moving costs no query. Meanwhile the lines shown
        say it is being read, in the room the last one took (no layout on a move)."""
        if wanted is not None and wanted in (self.history_of, self.history_wanted):
            return
        if self.history_timer is not None:
            self.history_timer.stop()
            self.history_timer = None
        self.history_wanted = wanted
        history = self.query_one("#history", Static)
        if wanted is None:
            if history.display:
                history.display = False
            self.history_of = None
        elif self.history_of is not None:
            history.update(READING, layout=False)
            self.history_of = None
        if wanted is not None and self.read_history is not None:
            self.history_timer = self.set_timer(HISTORY_DELAY, self._show_history)

    def _show_history(self) -> None:
        wanted, read = self.history_wanted, self.read_history
        self.history_timer = None
        if wanted is None or read is None:
            return
        try:
            events = read(wanted[0])
        except PoboardError:  # gone meanwhile: the screen catches up with it
            return
        history = self.query_one("#history", Static)
        history.update(Content("\n").join([Content(""), history_content(events)]))
        history.display = True
        self.history_of, self.history_wanted = wanted, None

    def _describe(self, text: str) -> None:
        if text == self.shown_description:
            return
        self.shown_description = text
        found = self.query("#description")  # Markdown (~100 ms to import) once one is shown
        if not found:
            if text:  # after this frame: the facts paint first, the description follows
                self.call_after_refresh(self._first_description)
            return
        from textual.widgets import Markdown  # loaded already: one is mounted

        description = found.first(Markdown)
        if bool(text) != description.display:
            description.display = bool(text)
        if text:
            description.update(visible(text))

    def _first_description(self) -> None:
        from textual.widgets import Markdown

        if self.shown_description and not self.query("#description"):
            shown = visible(self.shown_description)
            self.mount(Markdown(shown, id="description", parser_factory=link_safe_markdown))
