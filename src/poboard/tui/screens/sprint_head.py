"""What the Sprint screen says above its columns: the sprint, its goal and its numbers
fitted to the terminal's width, or — with no sprint — how to start one."""

from __future__ import annotations

from datetime import date

from textual.content import Content

from ...board import sprint_timing
from ...domain.measures import started_on
from ...domain.models import SprintState
from ..text import fitted, literal
from .sprint_cards import SprintData, ended_line


def head(data: SprintData, planning_mode: bool, today: date, width: int) -> Content:
    """The head of a sprint shown (or, in planning mode, of the one being planned)."""
    progress = data.progress
    assert progress is not None
    target = data.planning
    if planning_mode and target is not None:
        velocity = (
            f" · last velocity {data.last_velocity}" if data.last_velocity is not None else ""
        )
        dates = f"{target.start:%b %d} – {target.end:%b %d}"
        return fit_head(
            f"Planning {target.name}",
            target.goal,
            [f"{dates} · capacity {target.capacity}{velocity}"],
            width,
        )
    sprint = progress.sprint
    state = "" if sprint.state is SprintState.ACTIVE else f" ({sprint.state.value})"
    dates = f"{sprint.start:%b %d} – {sprint.end:%b %d}"
    if sprint.state is SprintState.ACTIVE and started_on(sprint) < sprint.start:
        dates += f" · started {started_on(sprint):%b %d}"  # early: its days run from then
    when = sprint_timing(sprint, today)
    numbers = f"done {progress.done} / committed {progress.committed}"
    title = fit_head(
        f"{sprint.name}{state}",
        sprint.goal,
        [
            f"{dates} · {when} · {numbers} / capacity {sprint.capacity}",
            f"{dates} · {when} · {numbers}",
        ],
        width,
    )
    if data.ended is not None:  # the sprint that just ended, above what is next
        title = Content.assemble(ended_line(data.ended), "\n", title)
    return title


def fit_head(name: str, goal: str, facts: list[str], width: int) -> Content:
    """The sprint, its goal and its facts (fullest first) on one line when they fit the
    width; else the goal's line above the facts that fit."""
    lead = f"{name} · “{goal}”"
    for fact in facts:
        if (line := literal(f"{lead} · {fact}", "bold")).cell_length <= width:
            return line
    return Content.assemble(
        fitted([literal(lead, "bold")], width),
        "\n",
        fitted([literal(fact, "bold") for fact in facts], width),
    )


def no_sprint(data: SprintData) -> Content:
    """No sprint running or planned: how to start one, or — right after a close — what
    the last one came to and what comes next."""
    ended = data.ended
    steps = (
        ("n", "bold reverse"),
        " to plan the next one, then " if ended else " to plan your first one, then ",
        ("p", "bold reverse"),
        " to pull ready work from the backlog into it and ",
        ("S", "bold reverse"),
        " to start it.",
    )
    if ended is None:
        return Content.assemble(
            ("No sprint yet.\n\n", "bold"),
            "A sprint is a short timebox with one goal and a capacity in points. Press ",
            *steps,
        )
    return Content.assemble(
        ended_line(ended),
        ("\n\nWhat comes next: ", "bold"),
        "press ",
        *steps,
        " Its retro is on ",
        ("4", "bold reverse"),
        ".",
    )
