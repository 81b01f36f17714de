"""Key-result dialogs: a check-in (the value measured today, how sure the team is, and
why), a new key result for a goal, and the corrections: a goal's title, quarter and North
Star, a key result renamed or re-baselined, a check-in corrected. All write through the
board's goal service."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static

from ...board import Board
from ...domain.errors import InvalidInputError
from ...domain.models import Confidence
from ...domain.okr import quarter_name
from ...domain.planning import CheckIn, Goal, KeyResult
from ..text import CONFIDENCE_STYLE, literal, visible
from ..writes import Write
from .choice import Choice
from .forms import FormDialog, _Refused, parse_number, row


def key_result_now(goal: Goal, kr: KeyResult) -> Content:
    """Where a key result stands before the check-in: the figures, its goal, and the
    last check-in with the confidence stated then."""
    parts: list[Content | tuple[str, str] | str] = [
        ("now ", "dim"),
        (f"{kr.current:,g}", "bold"),
        (f" · baseline {kr.baseline:,g} · target {kr.target:,g}\n", "dim"),
        literal(goal.title),
    ]
    if kr.checkins:
        parts.append((f" · last check-in {kr.checkins[-1].day}", "dim"))
    if kr.confidence is not None:
        parts += [(" · ", "dim"), _confidence(kr.confidence)]
    return Content.assemble(*parts)


def checked_in(goal: Goal, checkin: CheckIn) -> str:
    """What a saved check-in says, once its goal is read again: the key result, the
    value and confidence, and how far along that puts it."""
    kr = next((k for k in goal.key_results if k.id == checkin.key_result_id), None)
    said = f" · {checkin.confidence.value}" if checkin.confidence else ""
    if kr is None:
        return f"Checked in {checkin.value:,g} on {checkin.day}{said}"
    return (
        f"{kr.key} {kr.metric}: {checkin.value:,g} on {checkin.day}{said} "
        f"({kr.progress:.0%} of the way to {kr.target:,g})"
    )


def goals_for(board: Board, kept: int | None) -> list[Goal]:
    """The goals a picker offers: the live ones, and `kept` (an item's own goal) even
    when it was archived, so the item still shows it."""
    known = board.goals.all()
    if kept and all(g.id != kept for g in known):
        known.append(board.goals.goal(kept))
    return known


def goal_label(goal: Goal) -> Content:
    archived = " (archived)" if goal.archived_at else ""
    return literal(f"G{goal.id} {goal.title}{archived}")


def choice(options: list[tuple[Content, int]], chosen: int | None, id: str) -> Choice[int]:
    """A select of goals or key results, on `chosen` when there is one."""
    return Choice[int](
        options,
        prompt="choose…",
        value=chosen if chosen is not None else Choice.NULL,
        id=id,
    )


def _confidence(confidence: Confidence) -> tuple[str, str]:
    return (confidence.value, CONFIDENCE_STYLE[confidence])


class CheckInDialog(FormDialog):
    """A key result read today: its value, how sure the team is that it reaches its
    target, and what moved it. Saved as a check-in, so the trend and history keep it."""

    title_text = "Check in a key result"

    def __init__(self, board: Board, goals: Sequence[Goal], chosen: int | None = None) -> None:
        super().__init__(board)
        self.choices = {kr.id or 0: (goal, kr) for goal in goals for kr in goal.key_results}
        self.chosen = chosen if chosen in self.choices else None

    def fields(self) -> ComposeResult:
        options = [
            (literal(f"G{g.id} · {kr.metric}"), kr_id) for kr_id, (g, kr) in self.choices.items()
        ]
        yield from row(
            "Key result",
            choice(options, self.chosen, "kr"),
            refusable=True,
        )
        yield Static(id="kr-now", classes="kr-now")
        yield from row(
            "Value",
            Input(id="value", compact=True, placeholder="the number measured today"),
            refusable=True,
        )
        yield from row(
            "Confidence",
            Choice(
                [(Content.styled(c.value, CONFIDENCE_STYLE[c]), c.value) for c in Confidence],
                prompt="not stated",
                id="confidence",
            ),
        )
        yield from row(
            "Note",
            Input(id="note", compact=True, placeholder="what moved it, or what is in the way"),
        )

    def on_mount(self) -> None:
        self._show_now()

    def first_field(self) -> Widget:
        """The value, when the key result is already chosen; else the choice."""
        return self.query_one("#value" if self.chosen is not None else "#kr")

    @on(Choice.Changed, "#kr")
    def _chosen(self) -> None:
        self._show_now()

    def _show_now(self) -> None:
        chosen = self.query_one("#kr", Choice).value
        now = self.query_one("#kr-now", Static)
        picked = self.choices.get(chosen) if isinstance(chosen, int) else None
        now.display = picked is not None
        if picked is not None:
            now.update(key_result_now(*picked))

    def save(self) -> Write[CheckIn]:
        chosen = self.query_one("#kr", Choice).value
        if not isinstance(chosen, int) or chosen not in self.choices:
            raise _Refused("choose the key result to check in", "kr")
        value = parse_number(self.value("value"), "value")
        confidence = self.query_one("#confidence", Choice).value
        goal, kr = self.choices[chosen]
        goal_id, key, note = goal.id or 0, kr.key, self.value("note") or None
        sure = None if confidence is Choice.NULL else str(confidence)
        return lambda board: board.goals.check_in(goal_id, key, value, sure, note)


class KeyResultDialog(FormDialog):
    """A new key result for a goal: what is measured, where it starts, where it should
    get to. Its current value starts at the baseline; check-ins move it."""

    title_text = "Add a key result"

    def __init__(self, board: Board, goals: Sequence[Goal], chosen: int | None = None) -> None:
        super().__init__(board)
        self.goals = list(goals)
        self.chosen = chosen if any(g.id == chosen for g in goals) else None

    def fields(self) -> ComposeResult:
        options = [(literal(f"G{g.id} {g.title}"), g.id or 0) for g in self.goals]
        yield from row(
            "Goal",
            choice(options, self.chosen, "goal"),
            refusable=True,
        )
        yield from row(
            "Metric",
            Input(id="metric", compact=True, placeholder="e.g. trial to activation %"),
            refusable=True,
        )
        yield from row(
            "Baseline", Input(id="baseline", compact=True, placeholder="today's value"), True
        )
        yield from row(
            "Target", Input(id="target", compact=True, placeholder="by quarter end"), True
        )

    def first_field(self) -> Widget:
        return self.query_one("#metric" if self.chosen is not None else "#goal")

    def save(self) -> Write[KeyResult]:
        goal = self.query_one("#goal", Choice).value
        if not isinstance(goal, int):
            raise _Refused("choose the goal the key result belongs to", "goal")
        metric = " ".join(self.value("metric").split())
        if not metric:
            raise _Refused("name what is measured, e.g. trial to activation %", "metric")
        baseline = parse_number(self.value("baseline"), "baseline")
        target = parse_number(self.value("target"), "target")
        return lambda board: board.goals.add_key_result(goal, f"{metric}:{baseline!r}:{target!r}")


def confidence_choice(chosen: Confidence | None) -> Choice[str]:
    return Choice(
        [(Content.styled(c.value, CONFIDENCE_STYLE[c]), c.value) for c in Confidence],
        prompt="not stated",
        value=chosen.value if chosen is not None else Choice.NULL,
        id="confidence",
    )


class GoalEditDialog(FormDialog):
    """A goal corrected: its title, its quarter (2026-Q4, or blank) and whether it is the
    North Star (marking it unmarks the other)."""

    title_text = "Edit the goal"

    def __init__(self, board: Board, goal: Goal) -> None:
        super().__init__(board)
        self.goal = goal

    def fields(self) -> ComposeResult:
        goal = self.goal
        yield from row("Objective", Input(visible(goal.title), id="title", compact=True), True)
        yield from row(
            "Quarter",
            Input(goal.quarter or "", id="quarter", compact=True, placeholder="2026-Q4, or blank"),
            True,
        )
        yield from row(
            "North Star",
            Choice(
                [("no", "no"), ("yes: this is the North Star", "yes")],
                value="yes" if goal.north_star else "no",
                id="north-star",
            ),
        )

    def save(self) -> Write[Goal]:
        title = self.value("title")
        if not title:
            raise _Refused("a goal needs a title", "title")
        try:
            quarter = quarter_name(self.value("quarter")) or ""
        except InvalidInputError as error:
            raise _Refused(str(error), "quarter") from None
        north_star = self.query_one("#north-star", Choice).value == "yes"
        goal_id = self.goal.id or 0
        return lambda board: board.goal_edits.edit_goal(goal_id, title, quarter, north_star)


class KeyResultEditDialog(FormDialog):
    """A key result renamed, or its baseline or target set again; its check-ins stay."""

    title_text = "Edit the key result"

    def __init__(self, board: Board, goal: Goal, kr: KeyResult) -> None:
        super().__init__(board)
        self.goal = goal
        self.kr = kr

    def fields(self) -> ComposeResult:
        kr = self.kr
        yield Static(literal(f"{kr.key} of G{self.goal.id} {self.goal.title}"), classes="kr-now")
        yield from row("Metric", Input(visible(kr.metric), id="metric", compact=True), True)
        yield from row("Baseline", Input(f"{kr.baseline:g}", id="baseline", compact=True), True)
        yield from row("Target", Input(f"{kr.target:g}", id="target", compact=True), True)

    def save(self) -> Write[KeyResult]:
        metric = " ".join(self.value("metric").split())
        if not metric:
            raise _Refused("name what is measured, e.g. trial to activation %", "metric")
        baseline = parse_number(self.value("baseline"), "baseline")
        target = parse_number(self.value("target"), "target")
        goal_id, key = self.goal.id or 0, self.kr.key
        return lambda board: board.goal_edits.edit_key_result(
            goal_id, key, metric, baseline, target
        )


class CheckInEditDialog(FormDialog):
    """A check-in corrected: its value, confidence or note (its day stays). The events
    log keeps what it was; the key result's current value follows its latest check-in."""

    title_text = "Correct the check-in"

    def __init__(self, board: Board, goal: Goal, kr: KeyResult, checkin: CheckIn) -> None:
        super().__init__(board)
        self.goal = goal
        self.kr = kr
        self.checkin = checkin

    def fields(self) -> ComposeResult:
        c = self.checkin
        yield Static(
            Content.assemble(
                (f"{self.kr.key} ", "bold"),
                literal(self.kr.metric),
                (f" · check-in #{c.id} of {c.day} by ", "dim"),
                literal(c.by),
            ),
            classes="kr-now",
        )
        yield from row("Value", Input(f"{c.value:g}", id="value", compact=True), True)
        yield from row("Confidence", confidence_choice(c.confidence))
        yield from row("Note", Input(visible(c.note or ""), id="note", compact=True))

    def save(self) -> Write[CheckIn]:
        value = parse_number(self.value("value"), "value")
        confidence = self.query_one("#confidence", Choice).value
        sure = "none" if confidence is Choice.NULL else str(confidence)
        note = self.value("note")
        goal_id, key, which = self.goal.id or 0, self.kr.key, f"#{self.checkin.id}"
        return lambda board: board.goal_edits.edit_checkin(goal_id, key, which, value, sure, note)
