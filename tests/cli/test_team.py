"""`poboard init`, `doctor` and `member`: a board made for a team, checked, and its members."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import asyncssh
import pytest

from poboard.board import Board

from .conftest import Cli
from .helpers import assert_clean_refusal, run_poboard


def public_key(tmp_path: Path, name: str) -> Path:
    """A fresh ed25519 key pair; returns the .pub file."""
    key = asyncssh.generate_private_key("ssh-ed25519", comment=f"{name}@laptop")
    key.write_private_key(tmp_path / name)
    key.write_public_key(tmp_path / f"{name}.pub")
    return tmp_path / f"{name}.pub"


def fingerprint(pub: Path) -> str:
    return asyncssh.read_public_key(pub).get_fingerprint("sha256")


# ----- init ------------------------------------------------------------------------------------


def test_init_makes_a_board_and_leaves_an_existing_one_alone(ok: Cli, db: Path) -> None:
    assert ok("init").stdout == f"created a board at {db}\n"
    ok("add", "Spring webinar")
    assert ok("init").stdout == f"{db} is a board already (private); nothing changed\n"
    assert json.loads(ok("list", "--json").stdout)[0]["title"] == "Spring webinar"


def test_init_shared_makes_the_board_and_its_files_group_read_write(
    ok: Cli, db: Path, tmp_path: Path
) -> None:
    os.umask(old := os.umask(0o022))
    try:
        out = ok("init", "--shared").stdout
    finally:
        os.umask(old)
    assert out.startswith(f"created a shared board at {db} (group ")
    assert stat.S_IMODE(db.stat().st_mode) == 0o660  # the group's only, whatever the umask
    assert tmp_path.stat().st_mode & 0o2070 == 0o2070  # our folder: group rwx and setgid
    board = Board.open(db, "tester")
    try:
        assert board.members.sharing() == "group"
        for side in (Path(f"{db}-wal"), Path(f"{db}-shm")):
            assert stat.S_IMODE(side.stat().st_mode) == 0o660
    finally:
        board.close()
    doctor = ok("doctor").stdout
    assert "✓ shared: group read-write for" in doctor


def test_init_shared_converts_an_existing_board_once(ok: Cli, db: Path) -> None:
    ok("add", "Spring webinar")
    db.chmod(0o644)
    assert "is now shared" in ok("init", "--shared").stdout
    assert stat.S_IMODE(db.stat().st_mode) == 0o660  # no longer readable by every account
    assert "was shared already" in ok("init", "--shared").stdout
    history = json.loads(ok("export").stdout)["events"]
    assert [(e["action"], e["field"], e["new"]) for e in history][-1] == (
        "config",
        "shared",
        "group",
    )


def test_init_refuses_a_file_that_is_not_a_board(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("groceries\n")
    line = assert_clean_refusal(run_poboard("init", "--shared", db=path))
    assert line == f"poboard: {path} is not a poboard board (not an SQLite file)"
    assert stat.S_IMODE(path.stat().st_mode) & 0o020 == 0  # left as it was
    assert path.read_text() == "groceries\n"


# ----- doctor ----------------------------------------------------------------------------------


def test_doctor_on_a_healthy_board_passes_every_check(ok: Cli, db: Path) -> None:
    ok("add", "Spring webinar")
    result = ok("doctor")
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "✓ board file",
        "✓ schema",
        "✓ integrity",
        "✓ journal",
        "✓ read",
        "✓ write board",
        "✓ write -wal",
        "✓ write -shm",
        "✓ write folder",
        "✓ shared",
        "✓ free disk",
    ]
    assert lines[0] == f"✓ board file: {db} is a poboard board (1 items)"
    assert "PRAGMA quick_check: ok" in lines[2]
    assert not Path(f"{db}-wal").exists()  # the doctor made no file beside the board
    assert not Path(f"{db}-shm").exists()


def test_doctor_on_a_file_that_is_not_a_board_says_so_and_fails(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"not a board at all\n" * 10)
    result = run_poboard("doctor", db=path)
    assert result.returncode == 1
    assert result.stdout == (
        f"✗ board file: {path} is not an SQLite file, so not a board — fix: check the path "
        "given to --db (or POBOARD_DB)\n"
    )
    missing = run_poboard("doctor", db=tmp_path / "none.db")
    assert missing.returncode == 1
    assert missing.stdout.startswith(f"✗ board file: there is no board at {tmp_path / 'none.db'}")
    assert not (tmp_path / "none.db").exists()


def test_doctor_names_a_damaged_board(ok: Cli, db: Path) -> None:
    for n in range(40):
        ok("add", f"Campaign {n}", "--description", "x" * 400)
    conn = sqlite3.connect(db)
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'items'").fetchone()[0]
    conn.close()
    data = bytearray(db.read_bytes())
    data[(root - 1) * page + 12 : root * page] = b"\x07" * (page - 12)  # scribble on items
    db.write_bytes(bytes(data))
    result = run_poboard("doctor", db=db)
    assert result.returncode == 1
    failed = [line for line in result.stdout.splitlines() if line.startswith("✗")]
    assert failed and failed[0].startswith(("✗ integrity: PRAGMA quick_check:", "✗ board file"))
    assert "Traceback" not in result.stderr


# ----- members ---------------------------------------------------------------------------------


def test_members_are_added_with_keys_listed_and_removed(ok: Cli, tmp_path: Path) -> None:
    ana, ben = public_key(tmp_path, "ana"), public_key(tmp_path, "ben")
    added = ok("member", "add", "ana", "--key", str(ana)).stdout
    assert added == f"added member ana: key ssh-ed25519 {fingerprint(ana)}\n"
    ok("member", "add", "ben", "--key", ben.read_text().strip())  # the key text works too
    again = ok("member", "add", "ana", "--key", str(ana)).stdout
    assert again == f"member ana has key {fingerprint(ana)} already\n"

    listed = json.loads(ok("member", "list", "--json").stdout)
    assert [(m["name"], [k["fingerprint"] for k in m["keys"]]) for m in listed] == [
        ("ana", [fingerprint(ana)]),
        ("ben", [fingerprint(ben)]),
    ]
    assert listed[0]["keys"][0]["comment"] == "ana@laptop"
    text = ok("member", "list").stdout.splitlines()
    assert text[0].split() == [
        "ana",
        "ssh-ed25519",
        fingerprint(ana),
        "never",
        "used",
        "ana@laptop",
    ]
    assert listed[0]["keys"][0]["last_used_at"] is None

    assert ok("member", "remove", "ben").stdout == "removed member ben (1 keys)\n"
    assert [m["name"] for m in json.loads(ok("member", "list", "--json").stdout)] == ["ana"]
    events = json.loads(ok("export").stdout)["events"]
    assert [(e["action"], e["field"], e["old"], e["new"]) for e in events] == [
        ("member", "member", None, "ana"),
        ("member", "key", None, fingerprint(ana)),
        ("member", "member", None, "ben"),
        ("member", "key", None, fingerprint(ben)),
        ("member", "member", "ben", None),
    ]


def test_a_key_belongs_to_one_member(cli: Cli, ok: Cli, tmp_path: Path) -> None:
    ana = public_key(tmp_path, "ana")
    ok("member", "add", "ana", "--key", str(ana))
    result = cli("--json", "member", "add", "ben", "--key", str(ana))
    assert result.exit_code == 1
    refusal = json.loads(result.stderr)
    assert refusal["error"] == "key_in_use"
    assert refusal["message"] == f"key {fingerprint(ana)} already belongs to ana"
    assert [m["name"] for m in json.loads(ok("member", "list", "--json").stdout)] == ["ana"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ssh-ed25519 AAAAnotakey", "poboard: not an SSH public key: 'ssh-ed25519 AAAAnotakey'"),
        ("PRIVATE", "poboard: that is a private key in {private}: give the public one (.pub)"),
        ("", "poboard: no SSH public key given"),
    ],
)
def test_bad_keys_and_names_get_one_line(
    cli: Cli, tmp_path: Path, value: str, message: str
) -> None:
    public_key(tmp_path, "ana")
    private = tmp_path / "ana"
    result = cli("member", "add", "ana", "--key", str(private) if value == "PRIVATE" else value)
    assert result.exit_code == 2
    assert result.stderr == message.format(private=private) + "\n"


def test_member_names_are_plain_words(cli: Cli, tmp_path: Path) -> None:
    ana = public_key(tmp_path, "ana")
    result = cli("member", "add", "[bold]ana[/]", "--key", str(ana))
    assert result.exit_code == 2
    assert result.stderr == (
        "poboard: '[bold]ana[/]' is not a member name: use up to 32 letters, digits, '.', '_' "
        "or '-'\n"
    )
    assert cli("member", "remove", "nobody").stderr == (
        "poboard: 'nobody' is not a member of this board\n"
    )


def test_once_named_only_product_owners_change_members(cli: Cli, ok: Cli, tmp_path: Path) -> None:
    ana, ben = public_key(tmp_path, "ana"), public_key(tmp_path, "ben")
    ok("config", "set", "product_owners", "ana", user="ana")
    result = cli("--json", "member", "add", "ben", "--key", str(ben), user="ben")
    assert result.exit_code == 1
    assert json.loads(result.stderr) == {
        "error": "not_product_owner",
        "message": "only the product owners (ana) may change the members",
        "reasons": [
            {
                "code": "not_product_owner",
                "message": "only the product owners (ana) may change the members",
            }
        ],
    }
    ok("member", "add", "ben", "--key", str(ben), "--key", str(ana), user="ana")
    assert cli("member", "remove", "ben", user="ben").exit_code == 1
    assert len(json.loads(ok("member", "list", "--json").stdout)[0]["keys"]) == 2
