"""A board written before the Definition of Ready was per kind: its bugs, chores and
experiments are marked ready or not by today's rule once it is opened (schema 9)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from poboard.board import Board
from poboard.domain.readiness import EXPERIMENT_FIELDS

READY_PER_KIND = 9  # the schema that made the Definition of Ready per kind


def test_an_upgraded_board_marks_bugs_and_experiments_by_their_kinds_rule(
    tmp_path: Path,
) -> None:
    path = tmp_path / "board.db"
    board = Board.open(path, "ana")
    bug = board.items.add("Fix broken UTM", kind="bug", owner="raj", estimate=1, criteria=["Kept"])
    test = board.items.add(
        "Exit survey test",
        kind="experiment",
        owner="raj",
        audience="trials",
        promise="fewer drop-outs",
        proof="exit interviews",
        metric="activation",
        estimate=2,
        criteria=["Ran two weeks"],
    )
    board.close()
    with sqlite3.connect(path) as conn:  # as the schema-8 poboard kept them
        conn.execute(
            "UPDATE items SET missing = 'audience,promise,proof,metric' WHERE kind = 'bug'"
        )
        conn.execute("UPDATE items SET missing = '' WHERE kind = 'experiment'")
        conn.execute("ALTER TABLE goals DROP COLUMN archived_at")  # schema 10's
        conn.execute("ALTER TABLE members DROP COLUMN role")  # schema 11's
        for later in ("requests", "web_links", "web_sessions"):  # schema 11's and 12's
            conn.execute(f"DROP TABLE {later}")
        conn.execute("DROP INDEX items_horizon_rank")  # schema 13's
        conn.execute(f"PRAGMA user_version = {READY_PER_KIND - 1}")
    conn.close()

    upgraded = Board.open(path, "ana")
    try:
        assert upgraded.lists.view(bug.id or 0).missing == []
        assert upgraded.lists.view(test.id or 0).missing == list(EXPERIMENT_FIELDS)
    finally:
        upgraded.close()
    with sqlite3.connect(path) as conn:
        stored = dict(conn.execute("SELECT kind, missing FROM items").fetchall())
    conn.close()
    assert stored == {
        "bug": "",
        "experiment": "hypothesis,success metric,guardrail metric,decision rule",
    }
