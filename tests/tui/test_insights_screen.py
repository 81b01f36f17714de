"""Insights: figures and charts from the events log, on a board whose history happened on
known days (the board's clock is set for each step), so every number can be predicted."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot

from poboard.board import Board
from poboard.domain.models import Confidence, stamp
from poboard.tui.app import PoboardApp, create_app
from poboard.tui.screens.insights import Chart, InsightsScreen
from poboard.tui.widgets.lines import Lines

from .conftest import READY, USER, make_app, running, settle, text_of


class Clock:
    """The board's clock, set by hand: 09:00 UTC on the day given."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 9, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def on(self, day: int, month: int = 11, hour: int = 9) -> None:
        self.now = datetime(2026, month, day, hour, tzinfo=UTC)


def sprint_one(board: Board, clock: Clock) -> None:
    """Sprint 1 (Nov 2–13): A (3) takes 2 days doing → done, 1 in review; B (5) 6 days, 3 in
    review; C (2) is not started and carried to the backlog when it closes on its last day."""
    board.goals.add_goal(
        "Lift activation",
        "2026-Q4",
        False,
        ["activation %:30:40", "days to first board:6:3"],
    )
    for title, points in (("A", 3), ("B", 5), ("C", 2), ("D", 3)):
        board.items.add(title, criteria=["done right"], **{**READY, "estimate": points})
    board.sprints.new_sprint("Sprint 1", "First", date(2026, 11, 2), date(2026, 11, 13), 12)
    board.sprints.commit([1, 2, 3], "Sprint 1")
    clock.on(2)
    board.sprints.start_sprint("Sprint 1")
    clock.on(3)
    board.items.move(1, "doing")
    board.items.move(2, "doing")
    clock.on(4)
    board.items.move(1, "review")
    clock.on(5)
    board.items.check(1, 1)
    board.items.move(1, "done")
    clock.on(6)
    board.items.move(2, "review")
    clock.on(9)
    board.items.check(2, 1)
    board.items.move(2, "done")
    clock.on(13, hour=17)
    board.sprints.close_sprint(reason="waiting on legal")


def history(path: Path) -> None:
    """Sprint 1 as above. Sprint 2 (Nov 16–27, running): C done in 2 days, reopened, done
    again on day 4; D (3) not started. Key results checked in half-way, one with a
    confidence."""
    clock = Clock()
    board = Board.open(path, USER, clock=clock)
    try:
        sprint_one(board, clock)
        board.sprints.new_sprint("Sprint 2", "Second", date(2026, 11, 16), date(2026, 11, 27), 8)
        board.sprints.commit([3, 4], "Sprint 2")
        clock.on(16)
        board.sprints.start_sprint("Sprint 2")
        board.items.move(3, "doing")
        clock.on(17)
        board.items.move(3, "review")
        clock.on(18)
        board.items.check(3, 1)
        board.items.move(3, "done")
        clock.on(19)
        board.items.move(3, "review")  # reopened: rework
        clock.on(20)
        board.items.move(3, "done")
        board.goals.update_key_result(1, 35)
        board.goals.check_in(1, "days to first board", 4.5, confidence="at risk")
    finally:
        board.close()


@pytest.fixture
def history_db(db_path: Path) -> Path:
    history(db_path)
    return db_path


def between_sprints(path: Path) -> None:
    """Sprint 1 closed on its last day (Nov 13); Sprint 2 planned from Nov 16."""
    clock = Clock()
    board = Board.open(path, USER, clock=clock)
    try:
        sprint_one(board, clock)
        board.sprints.new_sprint("Sprint 2", "Second", date(2026, 11, 16), date(2026, 11, 27), 8)
        board.sprints.commit([3, 4], "Sprint 2")
    finally:
        board.close()


def quick_flow(path: Path, minutes: list[float]) -> None:
    """One item a duration, each moved doing → review → done from 09:00 on Nov 23: the
    minutes given from doing to done, the last second of them in review."""
    clock = Clock()
    board = Board.open(path, USER, clock=clock)
    try:
        for n, _ in enumerate(minutes, start=1):
            board.items.add(f"Quick {n}", criteria=["done right"], **{**READY, "estimate": 1})
        board.sprints.new_sprint("Sprint 1", "Quick", date(2026, 11, 23), date(2026, 12, 4), 10)
        board.sprints.commit(list(range(1, len(minutes) + 1)), "Sprint 1")
        clock.on(23, hour=8)
        board.sprints.start_sprint("Sprint 1")
        for n, taken in enumerate(minutes, start=1):
            clock.on(23)
            start = clock.now
            board.items.move(n, "doing")
            clock.now = start + timedelta(minutes=taken, seconds=-1)
            board.items.move(n, "review")
            board.items.check(n, 1)
            clock.now = start + timedelta(minutes=taken)
            board.items.move(n, "done")
    finally:
        board.close()


def summary(app: PoboardApp) -> list[str]:
    return app.screen.query_one("#insights-summary", Lines).text


def key_results(app: PoboardApp) -> list[str]:
    return app.screen.query_one("#key-results", Lines).text


def chart(app: PoboardApp, chart_id: str) -> Chart:
    return app.screen.query_one(f"#{chart_id}", Chart)


def drawn(app: PoboardApp, chart_id: str) -> str:
    """The plot as drawn, without its colours."""
    visual = chart(app, chart_id).plot.render()
    return getattr(visual, "plain", str(visual))


def caption(app: PoboardApp, chart_id: str) -> str:
    return text_of(chart(app, chart_id).query_one(".legend"))


def title(app: PoboardApp, chart_id: str) -> str:
    found = chart(app, chart_id).border_title
    return Content.from_markup(found).plain if found else ""


async def test_the_summary_shows_velocity_flow_times_rework_carry_overs_and_throughput(
    history_db: Path, open_board: Callable[..., Board]
):
    app = make_app(history_db)
    async with running(app, size=(160, 48)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert app.screen.title == "Insights"
        assert summary(app) == [
            "Velocity Sprint 1 8/10 · Sprint 2 2/5 so far · done/committed points",
            "Cycle time median 4 d · p85 6 d · 3 items, doing → done",
            "Acceptance median 1 d · p85 3 d · 3 items, review → done",
            "Throughput 1 1 1 0 items done, last 4 weeks",
            "Rework 1 reopened",
            "Carry-overs 1 (1 from Sprint 1)",
        ]

    # The figures come from what the file holds.
    saved = open_board()
    sprint = saved.sprints.find_sprint("Sprint 1")
    assert (sprint.velocity, sprint.committed_points) == (8, 10)
    assert [(e.item_id, e.new, e.note) for e in saved.events() if e.action == "rollover"] == [
        (3, "backlog", "waiting on legal")
    ]
    assert [e.item_id for e in saved.events() if e.action == "reopen"] == [3]


async def test_key_results_show_progress_under_their_goal_with_the_stated_confidence(
    history_db: Path, open_board: Callable[..., Board]
):
    app = make_app(history_db)
    async with running(app) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert key_results(app) == [
            "Key results",
            "Lift activation",
            "▓▓▓▓▓░░░░░  50% activation %: 30 → 35 (target 40)",
            "▓▓▓▓▓░░░░░  50% days to first board: 6 → 4.5 (target 3) · at risk",
        ]

    saved = open_board()
    krs = saved.goals.goal(1).key_results
    assert [(kr.baseline, kr.current, kr.target) for kr in krs] == [(30, 35, 40), (6, 4.5, 3)]
    assert [kr.confidence for kr in krs] == [None, Confidence.AT_RISK]


async def test_the_four_charts_are_drawn_with_titles_and_legends(history_db: Path):
    app = make_app(history_db)
    async with running(app, size=(160, 48)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        charts = app.screen.query(Chart)
        assert [c.id for c in charts] == ["velocity", "burndown", "throughput", "cycle"]
        assert all(c.plot.size.width > 20 and c.plot.size.height > 5 for c in charts)

        assert title(app, "velocity") == "Velocity per sprint (points)"
        assert "S1" in drawn(app, "velocity") and "S2" in drawn(app, "velocity")
        assert caption(app, "velocity") == "▒▒ committed  ██ done"

        assert title(app, "burndown") == "Burndown · Sprint 2 (Nov 16 – Nov 27)"
        assert "Nov 16" in drawn(app, "burndown") and "Nov 27" in drawn(app, "burndown")
        assert caption(app, "burndown") == "•• ideal  ▄▄ actual · 3 of 5 points left"
        assert chart(app, "burndown").border_subtitle is None  # a sprint runs: no next one

        assert title(app, "throughput") == "Throughput (items done a week)"
        throughput = drawn(app, "throughput")
        assert all(week in throughput for week in ("Nov 02", "Nov 09", "Nov 16", "Nov 23"))

        assert title(app, "cycle") == "Cycle time, doing → done (days)"
        assert caption(app, "cycle") == "██ items by days taken · median 4 d · p85 6 d"
        cycle = drawn(app, "cycle")
        assert all(edge in cycle for edge in ("0–1", "1–2", "2–3", "5–6"))  # whole days
        assert "0.0" not in cycle  # counts on the y axis are whole


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_no_legend_covers_a_plot(history_db: Path, size: tuple[int, int]):
    """plotext draws a legend inside the plot, over the bars: each chart's legend is a line
    of its own under the plot instead, and the plot carries none."""
    app = make_app(history_db)
    async with running(app, size=size) as pilot:
        await pilot.press("5")
        await settle(pilot)
        for found in app.screen.query(Chart):
            plot = found.plot.virtual_region
            legend = found.query_one(".legend").virtual_region
            assert plot.height > 5 and legend.height >= 1
            assert not plot.overlaps(legend), found.id
            assert legend.y >= plot.bottom, found.id
            assert found.region.contains_region(found.query_one(".legend").region) or (
                not found.region  # scrolled out of view at 80×24
            )
            plot_text = drawn(app, found.id or "")
            for name in ("committed", "done", "ideal", "actual", "items"):
                assert name not in plot_text, (found.id, name)


async def test_charts_fit_the_terminal(history_db: Path):
    """At 160×48 every chart shows without scrolling; at 80×24 they stack, each short
    enough to be seen whole."""
    app = make_app(history_db)
    async with running(app, size=(160, 48)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        scroll = app.screen.query_one("#insights")
        assert scroll.max_scroll_y == 0
        assert all(scroll.region.contains_region(c.region) for c in app.screen.query(Chart))

    app = make_app(history_db)
    async with running(app, size=(80, 24)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        scroll = app.screen.query_one("#insights")
        for found in app.screen.query(Chart):
            assert found.outer_size.height <= scroll.size.height
            assert found.outer_size.width <= 80


@pytest.mark.parametrize(
    ("minutes", "unit", "median", "p85", "edges"),
    [
        ([120, 240, 360], "hours", "4 h", "6 h", ("0–1", "2–3", "5–6")),
        ([0.66, 1.17, 1.76], "minutes", "1.2 min", "1.8 min", ("0–0.5", "1.5–2")),
    ],
)
async def test_cycle_time_within_hours_reads_in_hours_and_within_minutes_in_minutes(
    db_path: Path,
    open_board: Callable[..., Board],
    minutes: list[float],
    unit: str,
    median: str,
    p85: str,
    edges: tuple[str, ...],
):
    quick_flow(db_path, minutes)
    app = make_app(db_path)
    async with running(app) as pilot:
        await pilot.press("5")
        await settle(pilot)
        n = len(minutes)
        assert (
            summary(app)[1] == f"Cycle time median {median} · p85 {p85} · {n} items, doing → done"
        )
        assert title(app, "cycle") == f"Cycle time, doing → done ({unit})"
        assert caption(app, "cycle").endswith(f" · median {median} · p85 {p85}")
        cycle = drawn(app, "cycle")
        assert all(edge in cycle for edge in edges)
        assert "0.00" not in cycle and "0.00" not in " ".join(summary(app))

    saved = open_board()
    done = [e for e in saved.events() if e.action == "move" and e.new == "done"]
    start = datetime(2026, 11, 23, 9, tzinfo=UTC)
    assert [e.at for e in done] == [stamp(start + timedelta(minutes=m)) for m in minutes]


async def test_right_after_a_close_the_burndown_shows_the_sprint_that_ended(
    db_path: Path, open_board: Callable[..., Board]
):
    between_sprints(db_path)
    app = create_app(db_path, USER, today=date(2026, 11, 14))
    async with running(app) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert title(app, "burndown") == "Burndown · Sprint 1 (ended Nov 13)"
        assert caption(app, "burndown") == "•• ideal  ▄▄ actual · 2 of 10 points left"
        assert chart(app, "burndown").border_subtitle == "Sprint 2 starts in 2 days"
        plot = drawn(app, "burndown")
        assert "Nov 02" in plot and "Nov 13" in plot and "10" in plot
        assert "•" in plot  # the ideal line is drawn

    saved = open_board()
    assert [(s.name, s.state.value) for s in saved.sprints.all()] == [
        ("Sprint 1", "closed"),
        ("Sprint 2", "planned"),
    ]


async def test_a_sprint_closed_early_says_when_and_a_running_one_hides_the_next(
    history_db: Path, open_board: Callable[..., Board]
):
    app = make_app(history_db, poll_seconds=60)  # Nov 25; only r reloads
    async with running(app) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert title(app, "burndown") == "Burndown · Sprint 2 (Nov 16 – Nov 27)"
        clock = Clock()
        clock.on(25, hour=17)
        other = Board.open(history_db, "ana", clock=clock)
        other.sprints.close_sprint(reason="out of time")
        other.close()
        await pilot.press("r")
        await settle(pilot)
        assert title(app, "burndown") == "Burndown · Sprint 2 (closed Nov 25)"
        assert chart(app, "burndown").border_subtitle is None  # nothing planned

    assert open_board().sprints.find_sprint("Sprint 2").closed_at == "2026-11-25T17:00:00Z"


async def test_r_refreshes_with_what_happened_since(
    history_db: Path, open_board: Callable[..., Board]
):
    app = make_app(history_db, poll_seconds=60)  # no live refresh: only r reloads
    async with running(app) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert summary(app)[0].startswith("Velocity Sprint 1 8/10 · Sprint 2 2/5 so far")
        other = Board.open(history_db, "dana")
        other.items.move(4, "doing")
        other.items.check(4, 1)
        other.items.move(4, "done")
        other.close()
        await pilot.press("r")
        await settle(pilot)
        assert summary(app)[0].startswith("Velocity Sprint 1 8/10 · Sprint 2 5/5 so far")

    saved = open_board()
    assert saved.items.get(4).status.value == "done"


async def test_an_empty_board_says_there_is_nothing_to_show_yet(
    db_path: Path, open_board: Callable[..., Board]
):
    app = make_app(db_path)
    async with running(app) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert summary(app) == [
            "Velocity —",
            "Cycle time median — · p85 — · 0 items, doing → done",
            "Acceptance median — · p85 — · 0 items, review → done",
            "Throughput —",
            "Rework 0 reopened",
            "Carry-overs 0",
        ]
        assert key_results(app) == [
            "Key results",
            "No key results yet: add goals on the Roadmap (2).",
        ]
        assert title(app, "burndown") == "Burndown"
        assert caption(app, "burndown") == "No sprint has run yet"

    saved = open_board()
    assert saved.events() == []


async def read_ahead(app: PoboardApp, pilot: Pilot[None]) -> None:
    """Wait for the insights read once the board showed (`BackgroundReads.read_insights_ahead`)."""
    for _ in range(200):
        if app.reads.insights is not None:
            return
        await pilot.pause(0.02)
    raise AssertionError("the insights were not read ahead")


@pytest.mark.parametrize("since", ["nothing", "the log", "the day"])
async def test_the_first_visit_shows_the_insights_read_ahead_then_what_changed_since(
    history_db: Path, monkeypatch: pytest.MonkeyPatch, since: str
):
    """Read as the board first showed, the insights show at once on the first visit, with
    no read of its own; if another process changed the board in between, or the day has
    turned, they are read again and the screen ends with the change."""
    reads: list[int] = []
    reload = InsightsScreen.reload

    def counted(self: InsightsScreen, keep: int | None = None) -> None:
        reads.append(1)
        reload(self, keep)

    monkeypatch.setattr(InsightsScreen, "reload", counted)
    app = make_app(history_db, poll_seconds=60)  # no live refresh: the visit catches up
    async with running(app) as pilot:
        await read_ahead(app, pilot)
        if since == "the log":
            other = Board.open(history_db, "dana")
            other.items.move(4, "doing")
            other.items.check(4, 1)
            other.items.move(4, "done")
            other.close()
        if since == "the day":
            assert app.today is not None
            app.today += timedelta(days=1)
        await pilot.press("5")
        await settle(pilot)
        done = "5/5" if since == "the log" else "2/5"
        assert summary(app)[0].startswith(f"Velocity Sprint 1 8/10 · Sprint 2 {done} so far")
        assert "S2" in drawn(app, "velocity")
        assert bool(reads) == (since != "nothing")
        assert app.reads.insights is None  # used once: a later visit shows what it has


async def test_a_chart_is_drawn_again_for_the_width_it_has_after_a_resize(history_db: Path):
    """Tick labels and bins follow the room there is: a narrower terminal gets fewer."""
    app = make_app(history_db)
    async with running(app, size=(160, 48)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        wide = drawn(app, "burndown")
        wide_days = [d for d in range(16, 28) if f"Nov {d}" in wide]
        plot = chart(app, "burndown").plot
        width = plot.size.width
        await pilot.resize_terminal(124, 48)  # still two charts side by side, narrower
        await settle(pilot)
        assert plot.drawn_width == plot.content_size.width, "drawn again as it was painted"
        narrow = drawn(app, "burndown")
        narrow_days = [d for d in range(16, 28) if f"Nov {d}" in narrow]
        assert chart(app, "burndown").plot.size.width < width - 10
        assert len(narrow_days) < len(wide_days), (wide_days, narrow_days)
        assert {16, 27} <= set(narrow_days)  # the first day and the last stay


async def test_a_background_read_after_the_app_closed_opens_no_connection(history_db: Path):
    """The read ahead runs on a thread of its own and may come after a quick quit: the
    app's background connection is closed with it and never opened again."""
    app = make_app(history_db, poll_seconds=60)
    async with running(app) as pilot:
        await read_ahead(app, pilot)
        reader = app.reads.reader()
    assert app.reads.closed
    with pytest.raises(sqlite3.ProgrammingError):
        reader.data_version()  # closed with the app
    with pytest.raises(sqlite3.ProgrammingError):
        app.reads.reader()
