"""The README's systemd units for a served board: the directives a careful admin runs it
with, an ExecStart that `poboard serve` takes as written, and a backup line that really
makes a backup (so the README cannot rot as the options change)."""

from __future__ import annotations

import re
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import click
import pytest

from poboard.board import Board
from poboard.cli import main

README = Path(__file__).resolve().parents[2] / "README.md"
UNIT = re.compile(r"`/etc/systemd/system/([\w.-]+)`.*?```ini\n(.*?)```", re.S)
IN_README = "/opt/poboard/.venv/bin/poboard"

Unit = dict[str, dict[str, list[str]]]


def units() -> dict[str, str]:
    """Each unit the README gives, by file name, as its text."""
    return dict(UNIT.findall(README.read_text(encoding="utf-8")))


def parsed(text: str) -> Unit:
    """Sections of `key=value` lines (a key may repeat, as systemd allows); comments out."""
    sections: Unit = {}
    current: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key, []).append(value)
    return sections


def one(unit: Unit, section: str, key: str) -> str:
    values = unit[section].get(key, [])
    assert len(values) == 1, f"[{section}] {key}= given {len(values)} times"
    return values[0]


def poboard_command(argv: list[str]) -> tuple[click.Context, click.Context]:
    """`poboard [global options] COMMAND [options]` parsed by poboard's own click
    commands: an option that does not exist, or a value it does not take, fails here."""
    assert argv[0].endswith("/poboard"), argv
    words = argv[1:]
    commands = main.list_commands(click.Context(main))
    position = next((n for n, word in enumerate(words) if word in commands), None)
    assert position is not None, f"no poboard command in {argv}"
    outer = main.make_context("poboard", [*words[: position + 1]], resilient_parsing=False)
    command = main.get_command(outer, words[position])
    assert command is not None
    return outer, command.make_context(words[position], words[position + 1 :], parent=outer)


def test_the_served_unit_has_what_a_careful_admin_runs_a_service_with() -> None:
    unit = parsed(units()["poboard.service"])
    service = unit["Service"]
    for key in ("User", "Group", "WorkingDirectory", "LimitNOFILE", "MemoryMax"):
        assert one(unit, "Service", key), f"{key}= is empty"
    assert one(unit, "Service", "User") != "root"
    assert int(one(unit, "Service", "LimitNOFILE")) >= 1024
    assert re.fullmatch(r"\d+[KMG]", one(unit, "Service", "MemoryMax"))
    for key, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "Restart": "on-failure",
        "KillMode": "mixed",
        "UMask": "0077",
    }.items():
        assert service.get(key) == [value], f"{key}={value} is not in the unit"
    assert "PrivateDevices" not in service  # sessions need /dev/ptmx

    outer, serve = poboard_command(shlex.split(one(unit, "Service", "ExecStart")))
    assert serve.params["over_ssh"] is True
    db = Path(outer.params["db"])
    writable = {Path(p) for p in one(unit, "Service", "ReadWritePaths").split()}
    assert db.parent in writable, "the board's folder must be writable (board, -wal, -shm)"
    assert Path(serve.params["host_key"]).parent in writable | {db.parent}
    assert one(unit, "Service", "WorkingDirectory") == str(db.parent)
    assert unit["Install"]["WantedBy"] == ["multi-user.target"]


def backup_script(unit: Unit) -> str:
    """The shell line of the backup's ExecStart, as systemd hands it to sh (%% and $$
    unescaped)."""
    argv = shlex.split(one(unit, "Service", "ExecStart"))
    assert argv[:2] == ["/bin/sh", "-c"], argv
    return argv[2].replace("%%", "%").replace("$$", "$")


def test_the_backup_unit_makes_a_private_consistent_copy_of_the_served_board(
    tmp_path: Path,
) -> None:
    served = parsed(units()["poboard.service"])
    backup = parsed(units()["poboard-backup.service"])
    for key in ("User", "Group"):
        assert one(backup, "Service", key) == one(served, "Service", key)
    assert one(backup, "Service", "Type") == "oneshot"
    assert backup["Service"]["NoNewPrivileges"] == ["yes"]
    assert backup["Service"]["ProtectSystem"] == ["strict"]

    script = backup_script(backup)
    words = shlex.split(script.split("&&")[0])
    target = next(word for word in words if "$(" in word)  # the copy's name, dated by sh
    outer, command = poboard_command([*words[: words.index(target)], "copy.db"])
    assert command.info_name == "backup"
    db = Path(outer.params["db"])
    serving, _ = poboard_command(shlex.split(one(served, "Service", "ExecStart")))
    assert db == Path(serving.params["db"])  # the served board
    backups = Path(target).parent
    writable = {Path(p) for p in one(backup, "Service", "ReadWritePaths").split()}
    assert {db.parent, backups} <= writable

    # run it: the same line, with this poboard and folders in tmp_path
    lib, kept = tmp_path / "lib", tmp_path / "backups"
    lib.mkdir()
    kept.mkdir()
    board = Board.open(lib / db.name, "po")
    board.items.add("Spring webinar")
    board.close()
    here = script.replace(IN_README, str(Path(sys.executable).parent / "poboard"))
    here = here.replace(str(db.parent), str(lib)).replace(str(backups), str(kept))
    umask = one(backup, "Service", "UMask")
    made = subprocess.run(
        ["sh", "-c", f"umask {umask} && {here}"], capture_output=True, text=True, timeout=60
    )
    assert (made.returncode, made.stderr) == (0, ""), made.stderr
    (copy,) = kept.iterdir()
    assert re.fullmatch(r"board-\d{8}-\d{4}\.db", copy.name)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    board = Board.open(copy, "po")
    try:
        assert [item.title for item in board.items.all()] == ["Spring webinar"]
    finally:
        board.close()


def test_the_backup_timer_starts_the_backup_daily_and_catches_up() -> None:
    found = units()
    timer = parsed(found["poboard-backup.timer"])
    assert "poboard-backup.service" in found  # the service the timer starts, by its name
    assert one(timer, "Timer", "OnCalendar") == "daily"
    assert one(timer, "Timer", "Persistent") == "true"
    assert timer["Install"]["WantedBy"] == ["timers.target"]


def test_systemd_analyze_verifies_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    control = tmp_path / "control" / "control.service"
    control.parent.mkdir()
    control.write_text("[Service]\nType=oneshot\nExecStart=/bin/true\n")
    if _verify(analyze, [control]):
        pytest.skip("systemd-analyze verify does not work here (it fails a valid unit)")
    files = []
    for name, text in units().items():
        path = tmp_path / name
        path.write_text(text.replace(IN_README, str(Path(sys.executable).parent / "poboard")))
        files.append(path)
    assert _verify(analyze, files) == ""


def _verify(analyze: str, files: list[Path]) -> str:
    result = subprocess.run(
        [analyze, "verify", "--man=no", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=files[0].parent,
    )
    return (result.stdout + result.stderr).strip() + ("" if result.returncode == 0 else " (failed)")
