"""Importing a foreign backlog again, trying it first (`--dry-run`), and refusing it:
re-imports update and add without duplicates, a dry run and a refusal write nothing,
usage errors exit 2, and the real console script says all of it in one line."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from poboard.board import Board, rules

from .conftest import Cli
from .helpers import assert_clean_refusal, one_line, run_poboard

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
Snapshot = Callable[..., dict[str, Any]]


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def edited_jira(tmp_path: Path, changes: dict[str, dict[str, str]], extra: int = 0) -> Path:
    """The Jira fixture with cells changed by issue key and column (its first column of
    that name, or `Comment 3` for the third), plus `extra` copies of the last row as new
    issues MKT-201...; written as Jira writes it."""
    rows = list(csv.reader(io.StringIO(Path(fixture("jira-all-fields.csv")).read_text())))
    header = rows[0]

    def column(name: str) -> int:
        base, _, nth = name.partition(" ") if name.startswith("Comment ") else (name, "", "1")
        return [n for n, h in enumerate(header) if h == base][int(nth) - 1]

    by_key = {row[column("Issue key")]: row for row in rows[1:]}
    for key, cells in changes.items():
        for name, value in cells.items():
            by_key[key][column(name)] = value
    for n in range(extra):
        new = list(rows[-1])
        new[column("Issue key")] = f"MKT-{201 + n}"
        new[column("Summary")] = f"Partner newsletter swap {n + 1}"
        rows.append(new)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "jira-again.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def board_at(db: Path) -> Board:
    return Board.open(db, "reader")


# ----- re-import -------------------------------------------------------------------------


def test_the_same_file_again_changes_nothing(ok: Cli, snapshot: Snapshot) -> None:
    ok("import", fixture("jira-all-fields.csv"))
    ok("import", fixture("trello-board.json"))
    before = snapshot()
    out = ok("import", fixture("jira-all-fields.csv")).stdout
    assert out.startswith(
        "imported 8 items from Jira (jira-all-fields.csv): 0 new, 0 updated, 8 unchanged"
    )
    assert snapshot() == before


def test_a_reimport_updates_what_changed_logs_it_and_adds_what_is_new(
    ok: Cli, db: Path, tmp_path: Path
) -> None:
    ok("import", fixture("jira-all-fields.csv"), user="ana")
    again = edited_jira(
        tmp_path,
        {
            "MKT-103": {"Summary": "Write onboarding email sequence (4 emails)"},
            "MKT-104": {
                "Status": "Done",
                "Resolved": "15/Apr/26 11:30 AM",
                "Comment 3": "14/Apr/26 9:00 AM;63f1e2d3c4b5a69788aabbcc;Merged.",
            },
            "MKT-105": {"Custom field (Story Points)": "13"},
        },
        extra=1,
    )
    out = ok("import", str(again), user="ben").stdout
    assert "1 new, 3 updated, 5 unchanged" in one_line(out.splitlines()[0])
    assert "row 5 (MKT-105): done here, so its estimate stays as accepted (Jira differs)" in out
    board = board_at(db)
    try:
        items = {i.source_key: i for i in board.items.all()}
        assert len(items) == len(board.items.all()) == 9  # no duplicates
        emails = items["MKT-103"]
        assert (emails.title, emails.version, emails.updated_by) == (
            "Write onboarding email sequence (4 emails)", 2, "ben"
        )  # fmt: skip
        edit = board.items.history(emails.id or 0)[-1]
        assert (edit.action, edit.field, edit.user) == ("edit", "title", "ben")
        assert (edit.old, edit.new) == (
            "Write onboarding email sequence (3 emails)",
            "Write onboarding email sequence (4 emails)",
        )

        bug = items["MKT-104"]
        assert bug.status.value == "done"
        assert [(c.text, c.state.value, c.reason) for c in bug.criteria] == [
            ("Accepted in Jira (MKT-104)", "waived", "accepted in Jira on 2026-04-15 by Lee Wong")
        ]
        bug_history = board.items.history(bug.id or 0)
        moves = [(e.at, e.new, e.user) for e in bug_history if e.field == "status"]
        assert moves == [("2026-04-15T11:30:00Z", "done", "ben")]
        comments = [(e.user, e.at, e.new) for e in bug_history if e.action == "comment"]
        assert comments[-1] == ("Lee Wong", "2026-04-14T09:00:00Z", "Merged.")
        assert len(comments) == 3

        proof = items["MKT-105"]
        assert (proof.estimate, proof.version) == (8, 1)  # settled: no change, a note
        assert items["MKT-201"].title == "Partner newsletter swap 1"
        assert not rules.acceptance_refusals(bug, "ben", [], [])
    finally:
        board.close()
    assert "0 new, 0 updated, 9 unchanged" in ok("import", str(again)).stdout


# ----- dry run ---------------------------------------------------------------------------


def test_a_dry_run_prints_the_plan_and_leaves_the_file_byte_for_byte(
    ok: Cli, db: Path, snapshot: Snapshot
) -> None:
    ok("import", fixture("trello-board.json"))
    before, data = snapshot(), db.read_bytes()
    out = ok("import", "--dry-run", fixture("jira-all-fields.csv")).stdout
    assert db.read_bytes() == data and snapshot() == before
    assert out.splitlines()[0] == "dry run of jira-all-fields.csv (Jira): nothing was written"
    for line in (
        "8 items would be imported: 8 new, 0 updated, 0 unchanged",
        "  by status: backlog 6 · done 1 · dropped 1",
        "  by kind:   story 3 · campaign 1 · content 1 · bug 1 · experiment 1 · chore 1",
        "status mapping used:",
        "  In Progress → doing",
        "  Won't Do → dropped",
        "  Blocked → (no status here: open items wait in the backlog)",
        "  row 5 (MKT-105): arrives done, accepted in Jira on 2026-04-10 by Sam Patel: its "
        "criteria were met there",
        "rows that would be refused:\n  none",
        "the import would go through: run the same command without --dry-run",
    ):
        assert line in out, line
    unmapped = next(x for x in out.splitlines() if x.startswith("source columns left unmapped:"))
    assert "Project key" in unmapped and "Custom field (Audience)" in unmapped
    assert "row 4 (MKT-104): In Review in Jira, but it is not ready here" in out


def test_a_dry_run_lists_every_row_that_would_be_refused(ok: Cli, db: Path) -> None:
    out = ok("import", "--dry-run", fixture("github-bad-rows.json")).stdout
    assert (
        "rows that would be refused:\n"
        "  row 2: entry 2 is not an issue object\n"
        "  row 3: entry 3 has no issue number\n"
        "  row 4: issue #7 has no title\n"
    ) in out
    assert "2 items would be imported: 2 new, 0 updated, 0 unchanged; 3 rows refused" in out
    assert "the import would be refused at row 2: entry 2 is not an issue object" in out
    assert not db.exists()  # a dry run makes no board file either


def test_a_dry_run_with_map_shows_the_mapping_used(ok: Cli) -> None:
    out = ok("import", "--dry-run", fixture("jira-server.csv"), "--map", "Icebox=later").stdout
    assert "  Icebox → later" in out and "  In QA → (no status here" in out


# ----- refusals --------------------------------------------------------------------------


def test_a_file_with_a_bad_row_is_refused_whole(cli: Cli, ok: Cli, snapshot: Snapshot) -> None:
    ok("import", fixture("trello-board.json"))
    before = snapshot()
    result = cli("import", fixture("github-bad-rows.json"))
    assert result.exit_code == 1
    assert one_line(result.stderr) == (
        "poboard: row 2: entry 2 is not an issue object; nothing was imported"
    )
    assert snapshot() == before
    result = cli("--json", "import", fixture("github-bad-rows.json"))
    assert json.loads(one_line(result.stderr)) == {
        "error": "bad_row",
        "message": "row 2: entry 2 is not an issue object; nothing was imported",
        "row": 2,
        "key": None,
    }


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            ["X-1,Fine,To Do,ok", "X-2,Long,To Do," + "y" * 501],
            "row 2 (X-2): acceptance criterion 1 has 501 characters; a criterion holds at most 500",
        ),
        (["X-1,Once,To Do,", "X-1,Twice,Done,"], "row 2 (X-1): X-1 appears twice in the file"),
    ],
    ids=["criterion-too-long", "key-twice"],
)
def test_a_row_the_board_refuses_names_its_row_and_key(
    cli: Cli, tmp_path: Path, snapshot: Snapshot, rows: list[str], message: str
) -> None:
    path = tmp_path / "jira.csv"
    header = "Issue key,Summary,Status,Custom field (Acceptance Criteria)\n"
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    before = snapshot()
    result = cli("import", str(path))
    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert line.startswith(f"poboard: {message}") and line.endswith("; nothing was imported")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "In QA"], "--map 'In QA' should read SOURCE=TARGET"),
        (["--map", "In QA=shipped"], "--map target 'shipped' is neither a status nor a horizon"),
        (["--from", "trello"], "this file is not valid JSON"),
        (["--from", "jira", fixture("trello-board.json")], "no 'Issue key' or 'Summary' column"),
    ],
)
def test_usage_errors_exit_2_in_one_line(
    cli: Cli, snapshot: Snapshot, args: list[str], message: str
) -> None:
    if not any(a.endswith(".json") for a in args):
        args = [*args, fixture("jira-server.csv")]
    before = snapshot()
    result = cli("import", *args)
    assert result.exit_code == 2 and message in one_line(result.stderr)
    assert snapshot() == before


def test_dry_run_and_map_are_refused_for_poboard_s_own_export(
    cli: Cli, ok: Cli, tmp_path: Path
) -> None:
    exported = tmp_path / "board.json"
    ok("add", "Webinar")
    ok("export", "-o", str(exported))
    result = cli("import", "--dry-run", str(exported), on=tmp_path / "other.db")
    assert result.exit_code == 2
    assert "--dry-run is for Jira, Trello and GitHub exports" in one_line(result.stderr)
    result = cli("import", "--map", "A=done", str(exported), on=tmp_path / "other.db")
    assert result.exit_code == 2 and "--map is for" in result.stderr


def test_a_json_export_carries_source_keys_and_refuses_a_key_already_held(
    cli: Cli, ok: Cli, tmp_path: Path
) -> None:
    ok("import", fixture("github-issues.json"))
    exported = tmp_path / "board.json"
    ok("export", "-o", str(exported))
    items = json.loads(exported.read_text())["items"]
    assert items[0]["source_key"] == "acme/marketing-site#41"
    restored = tmp_path / "restored.db"
    ok("import", str(exported), on=restored)
    shown = json.loads(ok("show", "1", "--json", on=restored).stdout)
    assert shown["source_url"] == "https://github.com/acme/marketing-site/issues/41"
    result = cli("import", str(exported), on=restored)
    assert result.exit_code == 2
    assert "comes from GitHub acme/marketing-site#41, which this board holds already as #1" in (
        one_line(result.stderr)
    )


# ----- the real console script -----------------------------------------------------------


def test_the_console_script_imports_tries_and_refuses(tmp_path: Path) -> None:
    db = tmp_path / "board.db"
    done = run_poboard("import", fixture("jira-all-fields.csv"), db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("imported 8 items from Jira")
    assert done.stderr == (
        "warning: status 'Blocked' maps to no status here: its items wait in the backlog\n"
    )
    data = db.read_bytes()
    tried = run_poboard("import", "--dry-run", fixture("trello-board.json"), db=db)
    assert tried.returncode == 0 and "8 items would be imported: 8 new" in tried.stdout
    refused = run_poboard("import", fixture("github-bad-rows.json"), db=db)
    assert refused.returncode == 1
    assert assert_clean_refusal(refused).endswith("; nothing was imported")
    assert db.read_bytes() == data
