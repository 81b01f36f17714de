"""Several people on one file: real processes writing at once, with versioned writes.

Every write reads the item's current version and passes it as `expected_version`, so
writes from other processes in between make real conflicts. Each write is either applied
(exactly one move or tick in the log, one version bump) or refused as a conflict; nothing
else may happen.
"""

from __future__ import annotations

import multiprocessing
import random
import traceback
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from poboard.board import Board
from poboard.domain.errors import ConflictError
from poboard.domain.models import CriterionState, Event, Status

PROCESSES = 4
WRITES_PER_PROCESS = 120
SHARED_ITEMS = 4
CRITERIA_PER_ITEM = 5
MOVABLE = (Status.BACKLOG, Status.TODO, Status.DOING, Status.REVIEW)


READY = {
    "owner": "po",
    "audience": "B2B marketers",
    "promise": "One board for the team",
    "proof": "Pilot team",
    "metric": "Cycle time",
    "estimate": 3,
}


def tally(events: list[Event]) -> Counter[int]:
    """Moves and criterion ticks logged per item: one for every write that landed."""
    return Counter(e.item_id or 0 for e in events if e.action in ("move", "reopen", "criterion"))


def writer(path: str, user: str, seed: int, start: Any, results: Any) -> None:
    """One team member hammering the shared items; reports counts through the queue."""
    applied: Counter[int] = Counter()
    report: dict[str, Any] = {
        "user": user,
        "attempts": 0,
        "conflicts": 0,
        "adds": 0,
        "checks": Counter(),
        "errors": [],
    }
    board: Board | None = None
    try:
        rng = random.Random(seed)
        board = Board.open(path, user)
        start.wait(timeout=60)
        for n in range(WRITES_PER_PROCESS):
            report["attempts"] += 1
            if n % 6 == 0:
                board.items.add(f"{user} idea {n}", criteria=["Brief written"])
                report["adds"] += 1
                continue
            key = rng.randint(1, SHARED_ITEMS)
            current = board.items.get(key)
            board.lists.list_views(
                open_only=True
            )  # what a screen reads between looking and writing
            open_criteria = [
                c.n for c in current.criteria if c.state is CriterionState.OPEN and not c.dod
            ]
            try:
                if open_criteria and rng.random() < 0.4:
                    board.items.check(
                        key, rng.choice(open_criteria), expected_version=current.version
                    )
                    report["checks"][key] += 1
                else:
                    target = rng.choice([s for s in MOVABLE if s is not current.status])
                    board.items.move(key, target, expected_version=current.version)
                applied[key] += 1
            except ConflictError:
                report["conflicts"] += 1
    except BaseException:
        report["errors"].append(traceback.format_exc())
    finally:
        if board is not None:
            board.close()
        report["applied"] = applied
        results.put(report)


def test_several_processes_on_one_file_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "board.core.db"
    setup = Board.open(path, "po")
    for n in range(1, SHARED_ITEMS + 1):
        setup.items.add(
            f"Shared item {n}",
            criteria=[f"Criterion {c}" for c in range(1, CRITERIA_PER_ITEM + 1)],
            **READY,
        )
    setup.sprints.new_sprint("Sprint 1", "Share the board", date(2024, 5, 6), date(2024, 5, 17), 40)
    setup.sprints.start_sprint("Sprint 1")
    setup.items.move("#1", "todo")
    setup_versions = {item.id or 0: item.version for item in setup.items.all()}
    setup_events = setup.events()
    setup.close()
    assert setup_versions[1] == 2
    assert tally(setup_events) == {1: 1}

    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(PROCESSES)
    results = ctx.Queue()
    workers = [
        ctx.Process(target=writer, args=(str(path), f"user{n}", 1000 + n, start, results))
        for n in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0

    errors = [error for report in reports for error in report["errors"]]
    assert errors == [], "\n".join(errors)

    applied: Counter[int] = Counter()
    checks: Counter[int] = Counter()
    for report in reports:
        assert report["attempts"] == WRITES_PER_PROCESS
        assert (
            report["adds"] + sum(report["applied"].values()) + report["conflicts"]
            == (report["attempts"])
        )
        applied.update(report["applied"])
        checks.update(report["checks"])
    adds = sum(report["adds"] for report in reports)
    conflicts = sum(report["conflicts"] for report in reports)
    applied_writes = adds + sum(applied.values())
    assert applied_writes + conflicts == PROCESSES * WRITES_PER_PROCESS
    assert conflicts > 0, "the writers never collided; the test proves nothing"

    board = Board.open(path, "po")
    try:
        events = board.events()
        count = board.core.db.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        assert count == len(events)
        assert sum(e.action == "create" for e in events) == SHARED_ITEMS + adds
        assert len(board.items.all()) == SHARED_ITEMS + adds
        writes = tally(events)

        for key in range(1, SHARED_ITEMS + 1):
            item = board.items.get(key)
            assert item.version == setup_versions[key] + applied[key], f"lost update on #{key}"
            met = sum(c.state is CriterionState.MET for c in item.criteria)
            assert met == checks[key], f"#{key}: {met} met, {checks[key]} checks applied"
            setup_count = 1 if key == 1 else 0
            assert writes.get(key, 0) == setup_count + applied[key], f"#{key}: writes not logged"
    finally:
        board.close()


def test_data_version_shows_other_processes_commits(tmp_path: Path) -> None:
    """What a running TUI polls to refresh: it moves when someone else commits."""
    path = tmp_path / "board.core.db"
    watcher = Board.open(path, "ana")
    other = Board.open(path, "dana")
    try:
        seen = watcher.data_version()
        assert watcher.data_version() == seen
        other.items.add("Spring launch email")
        changed = watcher.data_version()
        assert changed != seen
        assert [i.title for i in watcher.items.all()] == ["Spring launch email"]
        assert watcher.data_version() == changed
    finally:
        watcher.close()
        other.close()
