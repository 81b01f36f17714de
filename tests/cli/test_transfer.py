"""Moving a board in and out: JSON round trips, CSV all-or-nothing, backups."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from poboard.board import Board

from .conftest import Cli
from .helpers import READY, assert_clean_refusal, one_line, run_poboard

Snapshot = Callable[..., dict[str, Any]]
BOARD_PARTS = ("settings", "goals", "sprints", "items", "retros")


def build_rich_board(ok: Cli, path: Path) -> None:
    """A board with something in every table: settings, goals with key results, a closed
    sprint (done and slipped work), an active and a planned sprint, items in every status
    with criteria met, waived and open, blockers, partners, and a retro with cards,
    votes and an action."""

    def run(*args: str, user: str | None = None) -> str:
        return ok(*args, on=path, user=user).stdout

    run("config", "set", "name", "Growth marketing")
    run("config", "set", "definition_of_done", "Copy proofread;Tracking checked")
    run("config", "set", "weights.urgency", "1.5")
    run("config", "set", "wip.doing", "3")
    run("goal", "add", "Grow qualified pipeline", "--quarter", "2026-Q2", "--north-star",
        "--kr", "Pipeline ($k):400:650", "--kr", "SQL rate %:18:25")  # fmt: skip
    run(
        "goal", "add", "Build the brand", "--quarter", "2026-Q3", "--kr", "Branded search:1000:1500"
    )
    for name, start, end in (
        ("Sprint 1", "2026-03-02", "2026-03-13"),
        ("Sprint 2", "2026-03-16", "2026-03-27"),
        ("Sprint 3", "2026-03-30", "2026-04-10"),
    ):
        run("sprint", "new", name, "--goal", f"{name}: ship the launch", "--start", start,
            "--end", end, "--capacity", "13")  # fmt: skip
    run("add", "Launch webinar", "--kind", "campaign", *READY, "--goal", "1", "--horizon",
        "now", "--partner", "design", "--partner", "sales", "--ac", "Registration page live",
        "--ac", "Speakers briefed")  # fmt: skip
    run("add", "Pricing page test", "--kind", "experiment", *READY, "--goal", "1",
        "--hypothesis", "Annual toggle lifts conversion", "--success-metric", "Trial-to-paid",
        "--guardrail-metric", "Refunds", "--decision-rule", "Ship if +5% with flat refunds",
        "--ac", "Variant live", "--value", "5", "--urgency", "4")  # fmt: skip
    run("add", "Onboarding email 3", "--kind", "content", *READY, "--ac", "Copy approved",
        "--blocked-by", "2", "--description", "**Day 3** nudge, [link](https://x.y)")  # fmt: skip
    run("add", "Customer case study", *READY, "--goal", "2", "--ac", "Quotes approved")
    run("add", "SEO topic cluster", "--horizon", "next", "--owner", "dana")
    run("add", "Brand video", "--horizon", "later", "--goal", "2", "--effort", "5")
    run("add", "Old idea", "--kind", "chore")
    run("add", "[bold]Markup[/] stays literal", "--kind", "bug")
    run("move", "7", "dropped")
    # Sprint 1: #1 done, #4 slips into Sprint 2.
    run("sprint", "commit", "1", "4", "--sprint", "Sprint 1")
    run("sprint", "start", "Sprint 1")
    run("check", "1", "1", user="ana")
    run("waive", "1", "2", "--reason", "Speakers cancelled; recorded session instead")
    run("check", "1", "3")
    run("check", "1", "4")
    run("move", "1", "review", user="ben")
    run("accept", "1", user="ana")
    run("sprint", "close", "--to", "next", "--reason", "Customer legal review")
    # Sprint 2 active: #4 carried, #2 doing, #3 todo; Sprint 3 planned with nothing yet.
    run("sprint", "commit", "2", "3", "--sprint", "Sprint 2")
    run("sprint", "start", "Sprint 2")
    run("move", "2", "doing")
    run("check", "2", "1")
    run("move", "4", "review")
    run("rank", "6", "--top")
    board = Board.open(path, "ana")
    try:
        retro = board.retros.new_retro(1)
        good = board.retros.add_card(retro.id or 0, "Went well", "Webinar sign-ups beat target")
        board.retros.add_card(
            retro.id or 0, "To improve", "Legal review took a week", anonymous=True
        )
        board.retros.add_card(retro.id or 0, "Standardize", "Brief template for speakers")
        board.retros.vote(good.id or 0)
        board.retros.add_action(retro.id or 0, "Book legal review at sprint start", owner="dana")
    finally:
        board.close()


@pytest.fixture
def rich_board(ok: Cli, tmp_path: Path) -> Path:
    path = tmp_path / "rich.db"
    build_rich_board(ok, path)
    return path


def export_json(ok: Cli, path: Path) -> dict[str, Any]:
    return json.loads(ok("export", "--format", "json", on=path).stdout)


def without_ids(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k != "id"} for row in rows]


def differences(first: Any, second: Any) -> list[str]:
    """Readable differences between two exports' parts: row id and the fields that differ."""
    if isinstance(first, dict):
        return [f"{k}: {first.get(k)!r} -> {second.get(k)!r}" for k in first
                if first.get(k) != second.get(k)]  # fmt: skip
    if len(first) != len(second):
        return [f"{len(first)} rows -> {len(second)} rows"]
    return [
        f"id {a.get('id')}: " + "; ".join(differences(a, b))
        for a, b in zip(first, second, strict=True)
        if a != b
    ]


def assert_same_board(first: dict[str, Any], second: dict[str, Any]) -> None:
    changed = {part: differences(first[part], second[part]) for part in BOARD_PARTS}
    changed = {part: found for part, found in changed.items() if found}
    assert not changed, f"the round trip changed: {changed}"
    old, new = first["events"], second["events"]
    assert without_ids(new[: len(old)]) == without_ids(old)
    extra = new[len(old) :]
    assert len(extra) <= 1, extra
    assert all(event["action"] == "import" for event in extra)


# ----- JSON --------------------------------------------------------------------------------


def test_rich_board_round_trips_through_json(
    ok: Cli, rich_board: Path, tmp_path: Path, snapshot: Snapshot
) -> None:
    first = export_json(ok, rich_board)
    assert first["retros"] and first["retros"][0]["cards"] and first["retros"][0]["votes"]
    assert {s["state"] for s in first["sprints"]} == {"closed", "active", "planned"}
    states = {c["state"] for item in first["items"] for c in item["criteria"]}
    assert states == {"open", "met", "waived"}
    exported = tmp_path / "a.json"
    assert "a.json" in ok("export", "--format", "json", "-o", str(exported), on=rich_board).stdout
    target = tmp_path / "empty.db"
    out = ok("import", str(exported), on=target).stdout
    assert str(len(first["items"])) in out
    assert_same_board(first, export_json(ok, target))
    assert snapshot(target)["list"] == snapshot(rich_board)["list"]


def test_demo_board_round_trips_through_json(ok: Cli, tmp_path: Path) -> None:
    source, target = tmp_path / "demo.db", tmp_path / "copy.db"
    ok("demo", on=source)
    first = export_json(ok, source)
    assert first["items"] and first["goals"] and first["sprints"]
    exported = tmp_path / "demo.json"
    ok("export", "--format", "json", "-o", str(exported), on=source)
    ok("import", str(exported), on=target)
    assert_same_board(first, export_json(ok, target))


def test_json_import_with_one_bad_item_imports_nothing(
    cli: Cli, ok: Cli, rich_board: Path, tmp_path: Path, snapshot: Snapshot
) -> None:
    data = export_json(ok, rich_board)
    data["items"][3]["estimate"] = 4
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "target.db"
    ok("add", "Already here", on=target)
    before = snapshot(target)
    result = cli("import", str(bad), on=target)
    assert result.exit_code != 0
    line = one_line(result.stderr)
    assert "item 4" in line and "estimate" in line
    assert snapshot(target) == before


def test_json_import_of_a_done_item_with_an_open_criterion_imports_nothing(
    cli: Cli, ok: Cli, rich_board: Path, tmp_path: Path, snapshot: Snapshot
) -> None:
    data = export_json(ok, rich_board)
    done = next(item for item in data["items"] if item["status"] == "done")
    done["criteria"][0]["state"] = "open"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "target.db"
    before = snapshot(target)
    result = cli("import", str(bad), on=target)
    assert result.exit_code != 0
    assert done["criteria"][0]["text"] in one_line(result.stderr)
    assert snapshot(target) == before


def test_json_import_into_a_board_with_items_renumbers_and_keeps_links(
    ok: Cli, rich_board: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "a.json"
    ok("export", "-o", str(exported), on=rich_board)
    target = tmp_path / "target.db"
    ok("add", "Already here", on=target)
    ok("import", str(exported), on=target)
    source = json.loads(ok("list", "--json", on=rich_board).stdout)
    rows = json.loads(ok("list", "--json", on=target).stdout)
    assert rows[0]["title"] == "Already here"
    assert len(rows) == len(source) + 1

    def links(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
        titles = {row["key"]: row["title"] for row in rows}
        return {row["title"]: [titles[k] for k in row["blocked_by"]] for row in rows}

    expected = links(source)
    assert {t: v for t, v in links(rows).items() if t in expected} == expected
    assert {row["title"]: row["sprint"] for row in rows[1:]} == {
        row["title"]: row["sprint"] for row in source
    }


def test_importing_a_board_twice_refuses_the_second_and_changes_nothing(
    cli: Cli, ok: Cli, rich_board: Path, tmp_path: Path, snapshot: Snapshot
) -> None:
    exported = tmp_path / "a.json"
    ok("export", "-o", str(exported), on=rich_board)
    target = tmp_path / "target.db"
    ok("import", str(exported), on=target)
    before = snapshot(target)
    result = cli("import", str(exported), on=target)
    assert result.exit_code != 0
    one_line(result.stderr)
    assert snapshot(target) == before


@pytest.mark.parametrize(
    "content",
    ["{not json", '{"items": []}', "[1, 2, 3]\n", "\xff\xfe binary"],
    ids=["broken", "no-format-tag", "array", "binary"],
)
def test_a_bad_json_file_is_refused_in_one_line(
    content: str, cli: Cli, tmp_path: Path, snapshot: Snapshot
) -> None:
    bad = tmp_path / "bad.json"
    if content.startswith("\xff"):
        bad.write_bytes(b"\xff\xfe\x00binary")
    else:
        bad.write_text(content, encoding="utf-8")
    before = snapshot()
    result = cli("import", str(bad))
    assert result.exit_code != 0
    one_line(result.stderr)
    assert snapshot() == before


def test_importing_a_file_that_does_not_exist_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", str(tmp_path / "nowhere.json"))
    assert result.exit_code == 2


# ----- CSV ---------------------------------------------------------------------------------


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def comparable(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    keep = ("title", "kind", "status", "horizon", "estimate", "owner", "audience", "promise",
            "proof", "metric", "value", "urgency", "impact", "fit", "effort", "risk",
            "partners", "description", "criteria")  # fmt: skip
    return [{k: row[k] for k in keep} for row in rows]


def test_backlog_csv_round_trips_into_an_empty_board(ok: Cli, tmp_path: Path) -> None:
    source, target = tmp_path / "source.db", tmp_path / "target.db"
    ok("add", "Webinar, part 1", "--kind", "campaign", *READY, "--ac", "Slides, reviewed",
       "--ac", "Recording posted", "--partner", "design", on=source)  # fmt: skip
    ok("add", 'Email "hello"\nsecond line', "--description", "Line one\nLine two", on=source)
    ok("add", "Experiment", "--kind", "experiment", "--horizon", "next", "--value", "5",
       "--ac", "Readout", on=source)  # fmt: skip
    ok("check", "1", "1", on=source)
    ok("waive", "1", "2", "--reason", "No recording this time", on=source)
    exported = tmp_path / "items.csv"
    ok("export", "--format", "csv", "-o", str(exported), on=source)
    out = ok("import", str(exported), on=target).stdout
    assert "3" in out
    again = ok("export", "--format", "csv", on=target).stdout
    assert comparable(csv_rows(again)) == comparable(csv_rows(exported.read_text("utf-8")))


def test_csv_import_keeps_blockers_pointing_at_the_same_items(ok: Cli, tmp_path: Path) -> None:
    source, target = tmp_path / "source.db", tmp_path / "target.db"
    ok("add", "Brand guidelines", on=source)
    ok("add", "Landing page", on=source)
    ok("add", "Launch email", "--blocked-by", "#1", on=source)
    ok("rank", "2", "--top", on=source)  # the CSV lists #2, #1, #3
    exported = tmp_path / "items.csv"
    ok("export", "--format", "csv", "-o", str(exported), on=source)
    ok("import", str(exported), on=target)
    by_title = {row["title"]: row for row in json.loads(ok("list", "--json", on=target).stdout)}
    blockers = by_title["Launch email"]["blocked_by"]
    assert len(blockers) == 1
    blocker = json.loads(ok("show", blockers[0], "--json", on=target).stdout)
    assert blocker["title"] == "Brand guidelines"


def test_rich_board_csv_imports_into_an_empty_board(
    ok: Cli, rich_board: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "items.csv"
    ok("export", "--format", "csv", "-o", str(exported), on=rich_board)
    target = tmp_path / "target.db"
    ok("import", str(exported), on=target)
    source_rows = csv_rows(exported.read_text("utf-8"))
    target_rows = csv_rows(ok("export", "--format", "csv", on=target).stdout)
    assert [r["title"] for r in target_rows] == [r["title"] for r in source_rows]
    for field in ("kind", "estimate", "owner", "criteria"):
        assert [r[field] for r in target_rows] == [r[field] for r in source_rows], field


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    fields = ["title", "kind", "status", "estimate", "owner", "audience", "promise", "proof",
              "metric", "criteria"]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for row in rows:
            writer.writerow({name: row.get(name, "") for name in fields})


@pytest.mark.parametrize(
    "bad_row",
    [
        {"title": "Bad estimate", "estimate": "4"},
        {"title": "Done too soon", "status": "done", "criteria": "[x] One\n[ ] Still open"},
        {"title": "Unknown kind", "kind": "podcast"},
        {"title": "", "kind": "story"},
    ],
    ids=["estimate", "open-criterion", "kind", "no-title"],
)
def test_a_csv_with_one_bad_row_names_it_and_imports_nothing(
    bad_row: dict[str, str], cli: Cli, ok: Cli, tmp_path: Path, snapshot: Snapshot
) -> None:
    ok("add", "Already on the board", "--ac", "kept")
    before = snapshot()
    path = tmp_path / "items.csv"
    write_csv(
        path,
        [
            {"title": "Good row", "kind": "content", "estimate": "3", "criteria": "[x] Fine"},
            bad_row,
            {"title": "Another good row"},
        ],
    )
    result = cli("import", str(path))
    assert result.exit_code != 0
    line = one_line(result.stderr)
    assert "row 2" in line
    assert snapshot() == before


def test_a_csv_saved_by_a_spreadsheet_with_a_byte_order_mark_imports(
    ok: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "from-excel.csv"
    path.write_bytes("title,owner,estimate\r\nWebinar,ana,3\r\nCase study,ben,5\r\n".encode(
        "utf-8-sig"))  # fmt: skip
    ok("import", str(path))
    rows = json.loads(ok("list", "--json").stdout)
    assert [(r["title"], r["owner"], r["estimate"]) for r in rows] == [
        ("Webinar", "ana", 3),
        ("Case study", "ben", 5),
    ]


def test_a_csv_without_a_title_column_is_refused(
    cli: Cli, tmp_path: Path, snapshot: Snapshot
) -> None:
    path = tmp_path / "items.csv"
    path.write_text("name,owner\nWebinar,ana\n", encoding="utf-8")
    before = snapshot()
    result = cli("import", str(path))
    assert result.exit_code != 0
    assert "title" in one_line(result.stderr)
    assert snapshot() == before


# ----- backup ------------------------------------------------------------------------------


def test_backup_writes_a_board_with_the_same_content(
    ok: Cli, rich_board: Path, tmp_path: Path, snapshot: Snapshot
) -> None:
    copy = tmp_path / "backups" / "monday.db"
    assert "monday.db" in ok("backup", str(copy), on=rich_board).stdout
    assert copy.is_file()
    assert snapshot(copy) == snapshot(rich_board)


def test_backup_refuses_to_overwrite_a_file(
    cli: Cli, ok: Cli, tmp_path: Path, snapshot: Snapshot
) -> None:
    ok("add", "Webinar")
    existing = tmp_path / "precious.txt"
    existing.write_text("do not overwrite", encoding="utf-8")
    result = cli("backup", str(existing))
    assert result.exit_code != 0
    one_line(result.stderr)
    assert existing.read_text(encoding="utf-8") == "do not overwrite"


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from poboard.board import Board

    board = Board.open(sys.argv[1], "writer")
    stop = Path(sys.argv[2])
    n = 0
    while not stop.exists():
        board.items.add(f"Written while backing up {n}", criteria=["one", "two"], owner="writer")
        n += 1
        if n == 5:
            print("writing", flush=True)
    board.close()
    print(n, flush=True)
    """
)


def test_backup_while_another_process_keeps_writing(tmp_path: Path) -> None:
    source, copy, stop = tmp_path / "busy.db", tmp_path / "copy.db", tmp_path / "stop"
    board = Board.open(source, "setup")
    try:
        with board.core.writing():  # enough pages that the copy takes several steps
            for n in range(1500):
                board.items.add(f"Seed item {n} " + "x" * 80, criteria=["a", "b"], owner="ana")
    finally:
        board.close()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(source), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "writing", writer.stderr.read()
        proc = run_poboard("backup", copy, db=source, timeout=60)
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    written = int(out.strip().splitlines()[-1])
    assert written >= 5
    conn_check = Board.open(copy, "check")
    try:
        copied = conn_check.items.all()
        assert conn_check.core.db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn_check.close()
    assert 1500 + 5 <= len(copied) <= 1500 + written
    assert [item.id for item in copied] == sorted(item.id or 0 for item in copied)
    listed = run_poboard("list", "--json", db=copy)
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == len(copied)


def test_backup_to_a_place_that_cannot_be_written_is_refused_in_one_line(
    db: Path, ok: Cli, tmp_path: Path
) -> None:
    ok("add", "Webinar")
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file, not a folder", encoding="utf-8")
    proc = run_poboard("backup", not_a_folder / "copy.db", db=db)
    assert proc.returncode != 0
    assert_clean_refusal(proc)
    assert not_a_folder.read_text(encoding="utf-8") == "a file, not a folder"


def test_a_restore_keeps_sprint_work_that_became_unready_after_it_was_committed(
    ok: Cli, tmp_path: Path
) -> None:
    """Found by the workflow state machine: committing is history, not re-asked on restore."""
    source, target = tmp_path / "source.db", tmp_path / "copy.db"
    ok("add", "Launch email", *READY, "--ac", "Copy approved", on=source)
    ok("sprint", "new", "S1", "--goal", "Launch", "--start", "2026-03-02", "--end",
       "2026-03-13", "--capacity", "10", on=source)  # fmt: skip
    ok("sprint", "commit", "1", on=source)
    board = Board.open(source, "ana")
    board.items.edit(1, {"criteria": []})  # unready now, but it entered the sprint ready
    board.close()
    exported = tmp_path / "board.json"
    ok("export", "-o", str(exported), on=source)
    ok("import", str(exported), on=target)
    assert_same_board(export_json(ok, source), export_json(ok, target))


def test_imported_work_in_progress_without_a_sprint_lands_in_the_backlog(
    ok: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "items.csv"
    write_csv(path, [{"title": "Half done elsewhere", "status": "doing"}])
    result = ok("import", str(path))
    assert "'Half done elsewhere' was doing in no sprint; imported into the backlog" in (
        result.stderr
    )
    [item] = json.loads(ok("list", "--json").stdout)
    assert (item["status"], item["sprint"]) == ("backlog", None)
