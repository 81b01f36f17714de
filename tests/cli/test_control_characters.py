"""Terminal escapes stopped at every CLI door (issue #27, items 1 and 2): text with a
control character is refused in one line naming the field and the character, and text
stored before the rule (written into the board file with sqlite3) leaves poboard with
its control characters as pictures (ESC as ␛) — asserted on the bytes the real
`poboard` process writes."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from poboard.cli import main

from .helpers import one_line, poboard_script

ESC_OSC = "Evil \x1b]0;pwned\x07 title"  # retitles the reader's terminal
CLIPBOARD = "desc \x1b]52;c;cHduZWQ=\x07"  # writes the reader's clipboard
RAW = (b"\x1b", b"\x07", "\x9b".encode())  # ESC, BEL and C1 CSI as UTF-8
# What poison.sql appends: an OSC with its BEL, and an 8-bit CSI.
MARK = "' E' || char(27) || ']0;pwn' || char(7) || char(155) || '2J'"
POISON = f"""
UPDATE items SET title = title || {MARK},
    description = description || char(10) || 'D' || char(27) || ']52;c;eA==' || char(7),
    owner = coalesce(owner, 'o') || char(27), promise = coalesce(promise, 'p') || char(7);
UPDATE criteria SET text = text || char(27) || '[31m',
    reason = CASE WHEN reason IS NULL THEN NULL ELSE reason || char(7) END;
UPDATE goals SET title = title || {MARK};
UPDATE key_results SET metric = metric || char(27) || 'k';
UPDATE checkins SET note = coalesce(note, '') || char(27) || 'n' || char(7);
UPDATE sprints SET name = name || char(27) || 's', goal = goal || char(7) || char(155);
UPDATE retro_cards SET text = text || {MARK};
UPDATE retro_actions SET text = text || {MARK};
UPDATE settings SET value = json_quote('growth' || {MARK}) WHERE key = 'name';
UPDATE settings SET value = json_array('proofread' || char(27)) WHERE key = 'definition_of_done';
UPDATE events SET note = coalesce(note, '') || char(27), new = coalesce(new, '') || char(7);
INSERT INTO members (id, name, added_by, added_at)
    VALUES (99, 'mallory' || {MARK}, 'ana', '2026-01-01T00:00:00Z');
INSERT INTO member_keys (member_id, type, data, comment, fingerprint, added_by, added_at)
    VALUES (99, 'ssh-ed25519', 'AAAA', 'laptop' || {MARK}, 'SHA256:x', 'ana', '2026-01-01');
"""


def on_disk(db: Path) -> tuple[bytes, ...]:
    """The board file and its write-ahead log (when one is left), byte for byte."""
    return tuple(p.read_bytes() for p in (db, Path(f"{db}-wal")) if p.exists())


def poboard(db: Path, *args: str, user: str = "ana") -> subprocess.CompletedProcess[bytes]:
    """The real console script; its output as the bytes a terminal would get."""
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    argv = [poboard_script(), "--db", str(db), "--user", user, *args]
    return subprocess.run(argv, capture_output=True, env=env, timeout=60, check=False)


@pytest.fixture(scope="module")
def demo_board(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    CliRunner().invoke(main, ["--db", str(path), "--user", "ana", "demo"], catch_exceptions=False)
    return path


@pytest.fixture
def board(demo_board: Path, tmp_path: Path) -> Path:
    path = tmp_path / "board.db"
    shutil.copyfile(demo_board, path)
    return path


@pytest.fixture(scope="module")
def poisoned(demo_board: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo board whose every kind of text holds escapes, written as an older poboard
    (or another tool) could have: straight into the file, around the rule."""
    path = tmp_path_factory.mktemp("poisoned") / "board.db"
    shutil.copyfile(demo_board, path)
    with sqlite3.connect(path) as db:
        db.executescript(POISON)
        db.execute(
            "INSERT INTO sessions (server, member, fingerprint, address, what, command, "
            "started_at) VALUES (?, ?, 'SHA256:x', '10.0.0.1', ?, ?, '2026-01-01T00:00:00Z')",
            (os.getpid(), "mallory\x1b]0;m\x07", "board\x1b", "show 1\x07"),
        )
    db.close()
    return path


OUTPUTS = [
    ("list",),
    ("show", "1"),
    ("history", "1"),
    ("export", "--format", "md"),
    ("report",),
    ("report", "--quarter", "2026-Q4"),
    ("goal", "list"),
    ("goal", "show", "G1"),
    ("sprint", "list"),
    ("config",),
    ("member", "list"),
    ("sessions",),
]


@pytest.mark.parametrize("args", OUTPUTS, ids=" ".join)
def test_stored_escapes_leave_as_pictures(poisoned: Path, args: tuple[str, ...]) -> None:
    before = on_disk(poisoned)
    done = poboard(poisoned, *args)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    for raw in RAW:
        assert raw not in done.stdout, f"{raw!r} in `poboard {' '.join(args)}`"
    assert "␛".encode() in done.stdout  # the text is there, its escapes visible
    assert on_disk(poisoned) == before


def test_a_markdown_file_written_with_o_holds_pictures_too(poisoned: Path, tmp_path: Path) -> None:
    for args in (("export", "--format", "md"), ("report",), ("report", "--quarter", "2026-Q4")):
        page = tmp_path / "page.md"
        assert poboard(poisoned, *args, "-o", str(page)).returncode == 0
        written = page.read_bytes()
        assert not any(raw in written for raw in RAW), args
        assert "␛".encode() in written


@pytest.mark.parametrize(
    "args",
    [("show", "1", "--json"), ("list", "--json"), ("export", "--format", "json"),
     ("goal", "show", "G1", "--json"), ("report", "--format", "json")],
    ids=" ".join,
)  # fmt: skip
def test_json_escapes_every_control_character(poisoned: Path, args: tuple[str, ...]) -> None:
    done = poboard(poisoned, *args)
    assert done.returncode == 0, done.stderr.decode()
    assert not any(raw in done.stdout for raw in RAW)
    assert b"\\u001b" in done.stdout
    json.loads(done.stdout)  # still JSON, the text kept exactly (as escapes)


def test_json_export_keeps_the_stored_text_exactly(poisoned: Path) -> None:
    data = json.loads(poboard(poisoned, "export", "--format", "json").stdout)
    assert data["settings"]["name"] == "growth E\x1b]0;pwn\x07\x9b2J"


REFUSED = [
    (("add", ESC_OSC), "title", "ESC (0x1b)"),
    (("add", "Fine", "--description", CLIPBOARD), "description", "ESC (0x1b)"),
    (("add", "Fine", "--owner", "ana\x07"), "owner", "BEL (0x07)"),
    (("add", "Fine", "--ac", "met\x9b31m"), "text", "CSI (0x9b)"),
    (("edit", "1", "--promise", "so\x1b[2J"), "promise", "ESC (0x1b)"),
    (("edit", "1", "--hypothesis", "two\nlines"), "hypothesis", "newline (0x0a)"),
    (("waive", "1", "1", "--reason", "because\x1b]0;x\x07"), "reason", "ESC (0x1b)"),
    (("goal", "add", "Grow\x1b]0;x\x07"), "title", "ESC (0x1b)"),
    (("goal", "add", "Grow", "--kr", "sign-ups\x07:1:2"), "metric", "BEL (0x07)"),
    (("goal", "edit", "G1", "--title", "New\x1b"), "title", "ESC (0x1b)"),
    (("goal", "checkin", "G1", "weekly active teams", "5", "--note", "up\x1b"), "note", "ESC"),
    (("sprint", "new", "S\x1b", "--goal", "g", "--start", "2027-01-04",
      "--end", "2027-01-15", "--capacity", "10"), "name", "ESC (0x1b)"),
    (("sprint", "new", "S99", "--goal", "g\x07", "--start", "2027-01-04",
      "--end", "2027-01-15", "--capacity", "10"), "goal", "BEL (0x07)"),
    (("sprint", "close", "--reason", "late\x1b"), "reason", "ESC (0x1b)"),
    (("sprint", "close", "--goal-met", "yes", "--goal-note", "ok\x07"), "goal note", "BEL"),
    (("config", "set", "name", "board\x1b]0;x\x07"), "name", "ESC (0x1b)"),
    (("config", "set", "definition_of_done", "proofread\x1b"), "definition_of_done", "ESC"),
    (("config", "set", "product_owners", "ana,bob\x07"), "product_owners", "BEL"),
    # what str.split takes for whitespace but is a control character: refused, not folded
    (("add", "Split\x1chere"), "title", "control character (0x1c)"),
    (("add", "Unit\x1fsep"), "title", "control character (0x1f)"),
    (("add", "Next\x85line"), "title", "control character (0x85)"),
    (("add", "\x1eat the start"), "title", "control character (0x1e)"),
    (("add", "Vertical\x0btab"), "title", "control character (0x0b)"),
    (("goal", "add", "Grow\x1dmore"), "title", "control character (0x1d)"),
    (("goal", "edit", "G1", "--title", "New\x85"), "title", "control character (0x85)"),
    (("sprint", "new", "S\x85", "--goal", "g", "--start", "2027-01-04",
      "--end", "2027-01-15", "--capacity", "10"), "name", "control character (0x85)"),
    (("sprint", "close", "--goal-met", "yes", "--goal-note", "ok\x1c"), "goal note", "0x1c"),
    (("config", "set", "name", "board\x1f"), "name", "control character (0x1f)"),
    (("add", "Fine", "--owner", "ana\x85"), "owner", "control character (0x85)"),
    (("add", "Fine", "--ac", "met\x1f"), "text", "control character (0x1f)"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "field", "char"), REFUSED, ids=lambda v: repr(v)[:40])
def test_control_characters_are_refused_in_one_line(
    board: Path, args: tuple[str, ...], field: str, char: str
) -> None:
    before = on_disk(board)
    result = CliRunner().invoke(main, ["--db", str(board), "--user", "ana", *args])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert result.exit_code != 0
    line = one_line(result.stderr)
    assert field in line and char in line and "control character" in line, line
    assert not any(raw in result.stderr_bytes for raw in RAW)  # the refusal is safe too
    assert on_disk(board) == before


def test_the_real_process_refuses_osc_in_a_title_and_stores_nothing(board: Path) -> None:
    before = on_disk(board)
    done = poboard(board, "add", ESC_OSC, "--description", CLIPBOARD)
    assert done.returncode == 2
    line = done.stderr.decode().strip()
    assert line == "poboard: title: holds a control character, ESC (0x1b): type plain text"
    assert on_disk(board) == before


def test_a_user_name_with_an_escape_is_refused(board: Path) -> None:
    done = poboard(board, "add", "Fine", user="eve\x1b]0;x\x07")
    assert done.returncode != 0
    assert "user's name: holds a control character, ESC (0x1b)" in one_line(done.stderr.decode())


def test_multi_line_text_keeps_its_newlines_and_tabs(board: Path) -> None:
    done = poboard(board, "add", "Fine", "--description", "one\n\ttwo")
    assert done.returncode == 0, done.stderr
    key = done.stdout.decode().strip()
    shown = json.loads(poboard(board, "show", key, "--json").stdout)
    assert shown["description"] == "one\n\ttwo"
    # a title folds its whitespace: a newline, a tab, a CR, a no-break space
    folded = poboard(board, "add", "a title\non\ttwo\r\n lines\xa0 here")
    assert (
        json.loads(poboard(board, "show", folded.stdout.decode().strip(), "--json").stdout)["title"]
        == "a title on two lines here"
    )


def test_markdown_pages_make_no_link_of_user_text(board: Path) -> None:
    """Item 3: a link a title spells out stays text in the page (its brackets escaped),
    whatever reads the page: no link but to a web or mail address."""
    from markdown_it import MarkdownIt

    title = "[run](vscode://x/run) <ssh://evil.example> [ok](https://example.org)"
    assert poboard(board, "add", title).returncode == 0
    page = poboard(board, "export", "--format", "md").stdout.decode()
    hrefs = [
        str(child.attrs.get("href"))
        for token in MarkdownIt("gfm-like").parse(page)
        for child in token.children or ()
        if child.type == "link_open"
    ]
    assert hrefs == ["https://example.org"]  # the bare address a reader links itself
    assert "\\[run\\](vscode://x/run) \\<ssh://evil.example\\>" in page
