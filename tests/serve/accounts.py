"""Real UNIX accounts for the shared-board tests: two members of one group and one
account outside it, umask 022.

Made with useradd as root (and removed again); poboard runs as each through runuser.
The accounts must be able to run this poboard: the venv's own interpreter when they
may reach it, else the system's interpreter of the same version with the venv's
site-packages and not the system's (the venv's interpreter often lives under root's
home, which is 0700).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

GROUP = "pbteam"
USERS = ("pbalice", "pbbob")
OUTSIDER = "pbcarol"  # an account on the same host, not in the group
LAUNCHER = """\
import site, sys
site.addsitedir({site!r})
from poboard.cli import main
main(prog_name="poboard")
"""


@dataclass
class Accounts:
    """Run poboard (or python) as a test account, with umask 022 and no POBOARD_USER."""

    root: Path
    poboard_argv: list[str]
    python_exe: str = ""
    prelude: str = ""  # what the interpreter runs first to find poboard

    def run(
        self, user: str, *args: str | Path, db: Path | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        argv = list(self.poboard_argv)
        if db is not None:
            argv += ["--db", str(db)]
        return self._as(user, [*argv, *map(str, args)], timeout=timeout)

    def python(
        self, user: str, code: str, *args: str, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        return self._as(user, [*self._python(), "-c", self.prelude + code, *args], timeout=timeout)

    def popen_python(self, user: str, code: str, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self._argv(user, [*self._python(), "-c", self.prelude + code, *args]),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
            cwd="/",
        )

    def _as(self, user: str, argv: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self._argv(user, argv),
            capture_output=True,
            text=True,
            env=_env(),
            cwd="/",
            timeout=timeout,
            check=False,
        )

    def _python(self) -> list[str]:
        """-S: without the system's own site-packages, whose older libraries would win."""
        return [self.python_exe, "-S"] if self.prelude else [self.python_exe]

    @staticmethod
    def _argv(user: str, argv: list[str]) -> list[str]:
        return ["runuser", "-u", user, "--", "sh", "-c", 'umask 022 && exec "$@"', "sh", *argv]

    def folder(self, name: str) -> Path:
        """A fresh setgid team folder (group pbteam, 2775), as a team would make one."""
        path = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.root))
        shutil.chown(path, group=GROUP)
        path.chmod(0o2775)
        return path


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POBOARD_", "XDG_"))}
    env.pop("COLUMNS", None)
    env["HOME"] = "/tmp"
    return env


def make_accounts() -> Iterator[Accounts] | str:
    """The accounts, or why they cannot be made here (a reason to skip)."""
    if os.geteuid() != 0:
        return "needs root to make test accounts with useradd"
    for tool in ("useradd", "userdel", "groupadd", "runuser"):
        if shutil.which(tool) is None:
            return f"needs {tool} to make test accounts"
    return _accounts()


def _accounts() -> Iterator[Accounts]:
    if subprocess.run(["getent", "group", GROUP], capture_output=True).returncode != 0:
        subprocess.run(["groupadd", GROUP], check=True)
    for user in (*USERS, OUTSIDER):
        if subprocess.run(["id", user], capture_output=True).returncode != 0:
            groups = ["-G", GROUP] if user in USERS else []
            subprocess.run(
                ["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", *groups, user],
                check=True,
            )
    root = Path(tempfile.mkdtemp(prefix="poboard-accounts-", dir="/tmp"))
    root.chmod(0o755)
    accounts = Accounts(root, [])
    try:
        accounts.poboard_argv, accounts.python_exe, accounts.prelude = _runnable(accounts, root)
        yield accounts
    finally:
        # test accounts only: removed even when an earlier, interrupted run left them
        shutil.rmtree(root, ignore_errors=True)
        for user in (*USERS, OUTSIDER):
            subprocess.run(["userdel", user], capture_output=True)
        subprocess.run(["groupdel", GROUP], capture_output=True)


def _runnable(accounts: Accounts, root: Path) -> tuple[list[str], str, str]:
    """How the test accounts run this poboard; raises LookupError when they cannot."""
    venv_python = sys.executable
    probe = accounts._as(USERS[0], [venv_python, "-c", "import poboard"], timeout=60)
    if probe.returncode == 0:
        script = str(Path(venv_python).parent / "poboard")
        return [script], venv_python, ""
    system = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
    site = sysconfig.get_paths()["purelib"]
    if not system.exists():
        raise LookupError(
            f"the test accounts cannot run {venv_python} and there is no {system} to use instead"
        )
    launcher = root / "poboard-launcher.py"
    launcher.write_text(LAUNCHER.format(site=site))
    launcher.chmod(0o644)
    prelude = f"import site; site.addsitedir({site!r}); "
    probe = accounts._as(
        USERS[0], [str(system), "-S", "-c", prelude + "import poboard.cli, asyncssh"], timeout=60
    )
    if probe.returncode != 0:
        raise LookupError(
            f"the test accounts can run neither {venv_python} nor {system} with {site}: "
            f"{probe.stderr.strip().splitlines()[-1:]}"
        )
    return [str(system), "-S", str(launcher)], str(system), prelude
