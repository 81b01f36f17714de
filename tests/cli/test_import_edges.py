"""Bad or hostile import files, odd digits and gate bypasses: one clear line, nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from poboard.board import Board
from poboard.cli import main


def run(db: Path, *args: str, user: str = "ana") -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--db", str(db), "--user", user, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stderr.strip()


def export_of(tmp_path: Path) -> dict[str, object]:
    db = tmp_path / "source.db"
    board = Board.open(db, "ana")
    try:
        goal = board.goals.add_goal("Activation", "2026-Q4", False, ["activation %:30:40"])
        board.items.add("Emails", criteria=["legal ok"], goal_id=goal.id)
        return board.transfer.export_data()
    finally:
        board.close()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(schema="x"), "'schema' should be a whole number"),
        (
            lambda d: d.update(settings={"retro_votes": "many"}),
            "setting 1: retro votes should be a whole number",
        ),
        (lambda d: d["items"].append(dict(d["items"][0])), "item #1 appears twice"),
        (lambda d: d["items"][0].update(blocked_by=[1]), "item #1 is blocked by itself"),
        (
            lambda d: d["retros"].append(
                {"id": 9, "votes": [{"card_id": 5, "user": "x", "at": "2026-01-01T00:00:00Z"}]}
            ),
            "a vote for a card it does not have",
        ),
    ],
)
def test_a_broken_export_is_refused_in_one_line(tmp_path: Path, change, message) -> None:
    data = export_of(tmp_path)
    change(data)
    file = tmp_path / "broken.json"
    file.write_text(json.dumps(data))
    target = tmp_path / "target.db"
    code, err = run(target, "import", str(file))
    assert code == 2 and message in err and "\n" not in err
    board = Board.open(target, "ana")
    assert board.items.all() == [] and board.goals.all() == []
    board.close()


def test_an_export_imports_into_a_board_that_already_has_goals(tmp_path: Path) -> None:
    data = export_of(tmp_path)
    file = tmp_path / "board.json"
    file.write_text(json.dumps(data))
    target = tmp_path / "target.db"
    board = Board.open(target, "ana")
    board.goals.add_goal("Pipeline", None, False, ["pipeline $k:400:600"])
    board.close()
    assert run(target, "import", str(file))[0] == 0
    board = Board.open(target, "ana")
    assert [g.title for g in board.goals.all()] == ["Pipeline", "Activation"]
    assert len({kr.id for g in board.goals.all() for kr in g.key_results}) == 2
    board.close()


def test_csv_done_rows_pass_this_boards_product_owner_rule(tmp_path: Path) -> None:
    db = tmp_path / "board.db"
    assert run(db, "config", "set", "product_owners", "ana")[0] == 0
    file = tmp_path / "done.csv"
    file.write_text('title,status,criteria\nShipped,done,"[x] approved"\n')
    code, err = run(db, "import", str(file), user="intern")
    assert code == 2 and "only the product owners (ana) may accept" in err
    assert run(db, "import", str(file), user="ana")[0] == 0


def test_a_csv_row_cannot_block_itself(tmp_path: Path) -> None:
    file = tmp_path / "self.csv"
    file.write_text("key,title,blocked_by\n#1,Loop,#1\n")
    code, err = run(tmp_path / "board.db", "import", str(file))
    assert code == 2 and "#1 cannot block itself" in err


def test_a_csv_cell_beyond_the_csv_limit_is_one_clear_line(tmp_path: Path) -> None:
    file = tmp_path / "big.csv"
    file.write_text('title,description\nBig,"' + "x" * 200_000 + '"\n')
    code, err = run(tmp_path / "board.db", "import", str(file))
    assert code == 2 and err.startswith("poboard: the CSV could not be read")


@pytest.mark.parametrize(
    "args",
    [("show", "²"), ("config", "set", "wip.doing", "²"), ("add", "x", "--blocked-by", "¹")],
)
def test_superscript_digits_are_refused_not_crashed_on(tmp_path: Path, args) -> None:
    code, err = run(tmp_path / "board.db", *args)
    assert code == 2 and err.startswith("poboard: ")


def test_done_work_is_not_committed_again(tmp_path: Path) -> None:
    db = tmp_path / "board.db"
    board = Board.open(db, "ana")
    ready = dict(owner="ana", audience="a", promise="p", proof="q", metric="m", estimate=3)
    item = board.items.add("Shipped", criteria=["ok"], **ready)
    board.items.check(item.id or 0, 1)
    board.items.move(item.id or 0, "done")
    board.close()
    run(db, "sprint", "new", "S1", "--goal", "g", "--start", "2026-12-01", "--end",
        "2026-12-14", "--capacity", "10")  # fmt: skip
    code, err = run(db, "sprint", "commit", "1")
    assert code == 1 and "#1 is done already; reopen it first" in err
