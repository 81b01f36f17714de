"""Plain helpers shared by the command-line tests (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

READY = (
    "--owner",
    "ana",
    "--audience",
    "B2B marketers",
    "--promise",
    "Plan a launch in one afternoon",
    "--proof",
    "Three pilot customers",
    "--metric",
    "Trial sign-ups",
    "--estimate",
    "3",
)


def poboard_script() -> str:
    """The installed `poboard` console script (beside the interpreter running the tests)."""
    beside = Path(sys.executable).parent / "poboard"
    if beside.exists():
        return str(beside)
    found = shutil.which("poboard")
    assert found, "the poboard console script is not installed"
    return found


def one_line(text: str) -> str:
    """The one line a refusal prints; fails when there is none or more than one."""
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected exactly one line, got {len(lines)}:\n{text}"
    return lines[0]


def run_poboard(
    *args: str | Path, db: Path | None = None, user: str = "tester", timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """The real console script in a subprocess (exit codes, stderr, no traceback)."""
    argv = [poboard_script()]
    if db is not None:
        argv += ["--db", str(db)]
    argv += ["--user", user, *map(str, args)]
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    return subprocess.run(
        argv, capture_output=True, text=True, env=env, timeout=timeout, check=False
    )


def assert_clean_refusal(proc: subprocess.CompletedProcess[str]) -> str:
    """Non-zero exit, exactly one line on stderr, no traceback; returns that line."""
    assert proc.returncode != 0, f"expected a refusal, got exit 0:\n{proc.stdout}"
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr
    return one_line(proc.stderr)
