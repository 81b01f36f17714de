"""Hostile import and export files (#27), through `poboard import` and `export` on real
files and a real board: a refused file leaves the board's bytes as they were, and a
refusal is one line that names the row and the field."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from poboard.domain.errors import InvalidInputError
from poboard.importers import MAX_CRITERIA
from poboard.services.import_file import MAX_IMPORT_BYTES, read_import_file

from .conftest import Cli
from .helpers import assert_clean_refusal, one_line, run_poboard

JIRA_HEADER = ["Summary", "Issue key", "Status", "Issue URL", "Description", "Comment"]


def board_bytes(db: Path) -> dict[str, bytes]:
    """Every file of the board (the database and any -wal or -shm beside it), as bytes."""
    return {p.name: p.read_bytes() for p in sorted(db.parent.glob(f"{db.name}*"))}


@pytest.fixture
def board(db: Path, add: object) -> Path:
    """A board in use: one item on it."""
    assert callable(add)
    add("Already here", "--description", "kept as it was")
    return db


def github(*issues: dict[str, object]) -> str:
    base = {"state": "OPEN", "body": ""}
    return json.dumps([{**base, "number": n, **issue} for n, issue in enumerate(issues, 1)])


def trello(*cards: dict[str, object], checklist: list[str] | None = None) -> str:
    data: dict[str, object] = {
        "lists": [{"id": "l1", "name": "To Do"}],
        "cards": [
            {"id": f"c{n}", "shortLink": f"card{n}", "idList": "l1", **card}
            for n, card in enumerate(cards, 1)
        ],
    }
    if checklist is not None:
        items = [
            {"name": name, "state": "incomplete", "pos": n} for n, name in enumerate(checklist)
        ]
        data["checklists"] = [{"idCard": "c1", "checkItems": items}]
    return json.dumps(data)


def jira(*rows: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(JIRA_HEADER)
    for n, row in enumerate(rows, 1):
        cells = {"Summary": f"Issue {n}", "Issue key": f"MKT-{n}", "Status": "To Do", **row}
        writer.writerow([cells.get(name, "") for name in JIRA_HEADER])
    return out.getvalue()


def refused_import(cli: Cli, board: Path, path: Path) -> str:
    """Import `path`; it must be refused in one line, no traceback, board bytes unchanged.
    Returns the line."""
    before = board_bytes(board)
    result = cli("import", path)
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert board_bytes(board) == before
    line = one_line(result.stderr)
    assert "\x1b" not in line and "\x07" not in line
    return line


# ----- 1. links --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        (
            "gh.json",
            github(
                {"title": "Fine", "url": "https://github.com/acme/site/issues/1"},
                {"title": "Script", "url": "javascript:alert(1)"},
            ),
            "row 2 (#2): its source link 'javascript:alert(1)'",
        ),
        (
            "board.json",
            trello({"name": "Card", "shortUrl": "data:text/html,<script>x</script>"}),
            "row 1 (card1): its source link 'data:text/html,<script>x</script>'",
        ),
        (
            "jira.csv",
            jira({}, {"Issue URL": "vbscript:msgbox(1)"}),
            "row 2 (MKT-2): its source link 'vbscript:msgbox(1)'",
        ),
    ],
)
def test_a_source_link_that_is_no_web_or_mail_address_refuses_the_file(
    cli: Cli, board: Path, tmp_path: Path, name: str, text: str, where: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    line = refused_import(cli, board, path)
    assert line.startswith(f"poboard: {where} is not a web or mail address"), line
    assert line.endswith("; nothing was imported")


def test_a_board_export_with_a_script_source_link_is_refused(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    items = [
        {"id": 1, "title": "Fine", "source": "github", "source_key": "#1"},
        {"id": 2, "title": "Script", "source": "github", "source_key": "#2",
         "source_url": "javascript:alert(1)"},
    ]  # fmt: skip
    path = tmp_path / "board.json"
    path.write_text(json.dumps({"format": "poboard-board", "schema": 1, "items": items}))
    line = refused_import(cli, board, path)
    assert line == (
        "poboard: item #2 'Script': its source link 'javascript:alert(1)' is not a web or "
        "mail address (http, https, mailto); nothing was imported"
    )


def test_web_and_mail_source_links_are_imported(ok: Cli, board: Path, tmp_path: Path) -> None:
    path = tmp_path / "gh.json"
    path.write_text(
        github(
            {"title": "Web", "url": "https://github.com/acme/site/issues/1"},
            {"title": "Mail", "url": "mailto:ana@example.com"},
        )
    )
    ok("import", path)
    shown = json.loads(ok("show", "3", "--json").stdout)
    assert shown["source_url"] == "mailto:ana@example.com"


# ----- 2. control characters -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        (
            "gh.json",
            github({"title": "Fine"}, {"title": "Evil \x1b]0;pwned\x07 title"}),
            "row 2 (#2): its title holds a control character, ESC (0x1b)",
        ),
        (
            "gh.json",
            github({"title": "Clip", "body": "desc \x1b]52;c;cHduZWQ=\x07"}),
            "row 1 (#1): its description holds a control character, ESC (0x1b)",
        ),
        (
            "board.json",
            trello({"name": "Card"}, checklist=["fine", "rings \x07 the bell"]),
            "row 1 (card1): its criterion 2 holds a control character, BEL (0x07)",
        ),
        (
            "board.json",
            trello({"name": "Card", "desc": "ok", "shortLink": "k\x9bey"}),
            "row 1 (k\ufffdey): its key holds a control character, CSI (0x9b)",
        ),
        (
            "jira.csv",
            jira({"Comment": "14/Apr/26 5:02 PM;ana;see \x1b[2J here"}),
            "row 1 (MKT-1): its comment 1 holds a control character, ESC (0x1b)",
        ),
        (
            "jira.csv",
            jira({}, {"Status": "To\x00Do"}),
            "row 2 (MKT-2): its status holds a control character, NUL (0x00)",
        ),
    ],
)
def test_a_row_holding_a_control_character_refuses_the_file_naming_row_and_field(
    cli: Cli, board: Path, tmp_path: Path, name: str, text: str, where: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    line = refused_import(cli, board, path)
    assert line.startswith(f"poboard: {where}"), line


def test_newlines_tabs_and_crlf_in_a_description_are_imported_as_newlines(
    ok: Cli, board: Path, tmp_path: Path
) -> None:
    path = tmp_path / "gh.json"
    path.write_text(github({"title": "Lines", "body": "one\r\ntwo\tcolumns\rthree"}))
    ok("import", path)
    shown = json.loads(ok("show", "2", "--json").stdout)
    assert shown["description"] == "one\ntwo\tcolumns\nthree"


def test_poboards_own_csv_with_a_control_character_is_refused_naming_row_and_field(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    path = tmp_path / "items.csv"
    path.write_text("title,description\nFine,ok\nEvil \x1b]0;x\x07,ok\n", encoding="utf-8")
    line = refused_import(cli, board, path)
    assert line.startswith("poboard: row 2 (line 3): title"), line
    assert "ESC (0x1b)" in line


# ----- 3. CSV exports safe to open -------------------------------------------------------

FORMULAS = ["-5 days", '=HYPERLINK("http://evil","x")', "@x", "+1", "'quoted", "'=quoted"]


def test_a_csv_export_writes_formula_cells_as_text_and_reads_back_unchanged(
    ok: Cli, add: object, db: Path, tmp_path: Path
) -> None:
    assert callable(add)
    for title in FORMULAS:
        ok("add", "--", title)
    add("Plain", "--description", "=1+1\nsecond line", "--ac", "-5 days is fine")
    exported = tmp_path / "items.csv"
    ok("export", "--format", "csv", "-o", exported)
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8"))))
    assert [row["title"] for row in rows] == [
        "'-5 days",
        '\'=HYPERLINK("http://evil","x")',
        "'@x",
        "'+1",
        "''quoted",
        "''=quoted",
        "Plain",
    ]
    assert rows[-1]["description"] == "'=1+1\nsecond line"
    assert b'"\'=HYPERLINK(""http://evil"",""x"")"' in exported.read_bytes()
    for row in rows:  # no cell a spreadsheet would run
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())

    fresh = tmp_path / "fresh.db"
    ok("import", exported, on=fresh)
    titles = [item["title"] for item in json.loads(ok("list", "--json", on=fresh).stdout)]
    assert titles == [*FORMULAS, "Plain"]
    again = tmp_path / "again.csv"
    ok("export", "--format", "csv", "-o", again, on=fresh)
    assert again.read_bytes() == exported.read_bytes()


# ----- 4. malformed and oversized files --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("board.json", b'{"lists": 5, "cards": []}', "not a Trello board export"),
        ("board.json", b'{"lists": [], "cards": {"a": 1}}', "needs 'lists' and 'cards' arrays"),
        ("other.json", b'{"name": "x"}', "not a poboard export"),
        ("gh.json", b'[{"number": "7", "title": 5}]', "row 1: entry 1 has no issue number"),
        ("gh.json", b'[{"number": 7, "title": ["x"]}]', "row 1: issue #7 has no title"),
        ("own.json", b'{"format": "poboard-board", "items": 5}', "items"),
        ("own.json", b'{"format": "poboard-board", "schema": "x"}', "'schema'"),
        ("cut.json", b'[{"number": 1, "title": "cut', "not valid JSON"),
        ("latin1.csv", "title\nCaf\xe9\n".encode("latin-1"), "not UTF-8 text: byte 0xe9"),
        ("binary.json", b"\xff\xfe\x00\x00garbage", "not UTF-8 text: byte 0xff at offset 0"),
        ("quote.csv", b'Issue key,Summary\nMKT-1,"open quote\n', "cannot be read"),
        ("nothing.csv", b" \r\n", "poboard: nothing.csv is empty"),
    ],
)
def test_a_malformed_file_is_refused_in_one_line_naming_the_problem(
    cli: Cli, board: Path, tmp_path: Path, name: str, content: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    line = refused_import(cli, board, path)
    assert says in line, line


def test_json_nested_200000_levels_is_refused_without_a_traceback(
    board: Path, tmp_path: Path
) -> None:
    depth = 200_000
    for name, text in (
        ("trello.json", '{"lists": [], "cards": ' + "[" * depth + "]" * depth + "}"),
        ("github.json", "[" * depth + "]" * depth),
        (
            "own.json",
            '{"format": "poboard-board", "items": ' + "[" * depth + "]" * depth + "}",
        ),
    ):
        path = tmp_path / name
        path.write_text(text)
        before = board_bytes(board)
        line = assert_clean_refusal(run_poboard("import", path, db=board))
        assert line == f"poboard: {name} is JSON nested too deeply to read"
        assert board_bytes(board) == before


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    cli: Cli, board: Path, tmp_path: Path
) -> None:
    path = tmp_path / "huge.json"
    path.write_bytes(b"[")
    os.truncate(path, MAX_IMPORT_BYTES + 1)  # sparse: costs no disk
    line = refused_import(cli, board, path)
    assert line == "poboard: huge.json is 200 MB; poboard imports files up to 200 MB"


def test_a_device_or_pipe_is_read_up_to_the_limit_only() -> None:
    with pytest.raises(InvalidInputError) as refused:
        read_import_file(Path("/dev/zero"), limit=2_000_000)  # its size says 0
    assert str(refused.value) == "zero is over 2 MB; poboard imports files up to 2 MB"


def test_an_issue_with_thousands_of_task_lines_keeps_the_first_hundred_and_says_so(
    ok: Cli, board: Path, tmp_path: Path
) -> None:
    tasks = "\n".join(f"- [ ] task {n}" for n in range(5000))
    path = tmp_path / "gh.json"
    path.write_text(github({"title": "Tracking issue", "body": tasks}))
    result = ok("import", path)
    assert (
        f"warning: row 1: #1 has 5000 criteria; the first {MAX_CRITERIA} become its "
        f"criteria, the other {5000 - MAX_CRITERIA} are in its description"
    ) in result.stderr
    shown = json.loads(ok("show", "2", "--json").stdout)
    texts = [c["text"] for c in shown["criteria"]]
    assert "task 99" in texts and "task 100" not in texts
    assert sum(text.startswith("task ") for text in texts) == MAX_CRITERIA
    assert "- [ ] task 4999" in shown["description"]


def test_a_trello_card_with_a_huge_checklist_keeps_the_rest_in_its_description(
    ok: Cli, board: Path, tmp_path: Path
) -> None:
    path = tmp_path / "board.json"
    path.write_text(trello({"name": "Card"}, checklist=[f"check {n}" for n in range(150)]))
    result = ok("import", path)
    assert "row 1: card1 has 150 criteria" in result.stderr
    shown = json.loads(ok("show", "2", "--json").stdout)
    assert sum(c["text"].startswith("check ") for c in shown["criteria"]) == MAX_CRITERIA
    assert shown["description"].endswith("- [ ] check 149")
    assert "- [ ] check 99\n" not in shown["description"]
