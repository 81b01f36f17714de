"""A board served by a real `poboard serve --web` process, the `poboard` commands run
beside it (as its product owner, ana, or a member), and what the pages are read for."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from poboard.board import Board
from poboard.services.core import Clock

READY = re.compile(r"^poboard serve: web pages on (http://127\.0\.0\.1:\d+)/ for ")
NAV = ["Roadmap", "Sprint", "Requests", "Report"]
PAGES = ("/roadmap", "/sprint", "/requests", "/report")
OPEN = ("backlog", "todo", "doing", "review")  # the statuses the roadmap shows


def environment(folder: Path) -> dict[str, str]:
    """This environment without any POBOARD_ setting, its data directory in `folder`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POBOARD_")}
    env["XDG_DATA_HOME"] = str(folder / "xdg")
    return env


def poboard(db: Path, *args: str, user: str = "ana") -> str:
    """`poboard --user USER --db DB ARGS...` in a subprocess; its output (it must succeed)."""
    argv = [sys.executable, "-m", "poboard", "--user", user, "--db", str(db), *args]
    done = subprocess.run(
        argv, capture_output=True, text=True, env=environment(db.parent), timeout=60
    )
    assert done.returncode == 0, f"poboard {' '.join(args)} failed:\n{done.stderr}"
    return done.stdout


def make_demo(db: Path) -> None:
    """The demo board (product owner ana) with two stakeholders, sam and lee."""
    poboard(db, "demo")
    for name in ("sam", "lee"):
        poboard(db, "member", "add", name, "--role", "stakeholder")


def copy_board(source: Path, db: Path) -> None:
    """A copy of a board file made by SQLite itself (whatever its journal holds)."""
    with sqlite3.connect(source) as old, sqlite3.connect(db) as new:
        old.backup(new)
    old.close()
    new.close()
    db.chmod(0o600)  # a served board is private to its owner (else serve warns)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str

    def cookie(self) -> str:
        return self.headers.get("set-cookie", "").split(";")[0]


@dataclass
class WebBoard:
    """A running `poboard serve --web`: its address, its board file, the lines it logged."""

    process: subprocess.Popen[str]
    url: str
    db: Path
    log: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    readers: list[threading.Thread] = field(default_factory=list)  # of its output

    def poboard(self, *args: str, user: str = "ana") -> str:
        return poboard(self.db, *args, user=user)

    @contextmanager
    def service(self, user: str = "ana", clock: Clock | None = None) -> Iterator[Board]:
        """The board service on the served file, beside the server (as a command is)."""
        opened = Board.open(self.db, user, clock)
        try:
            yield opened
        finally:
            opened.close()

    def cli_link(self, member: str) -> str:
        """A one-time sign-in link printed by `poboard member link`, for this server."""
        printed = self.poboard("member", "link", member, "--url", self.url)
        found = printed.splitlines()[0]
        assert found.startswith(f"{self.url}/signin/"), printed
        return found

    def link(self, member: str, clock: Clock | None = None) -> str:
        """A one-time sign-in link made by the service `member link` calls (a process
        less); made by a `clock` in the past, it has expired."""
        with self.service(clock=clock) as board:
            return f"{self.url}/signin/{board.sign_ins.link(member).token}"

    def requests(self) -> list[dict[str, Any]]:
        listed: list[dict[str, Any]] = json.loads(self.poboard("request", "list", "--json"))
        return listed

    def items(self, *options: str) -> list[dict[str, Any]]:
        """`poboard list --json OPTIONS...`"""
        listed: list[dict[str, Any]] = json.loads(self.poboard("list", "--json", *options))
        return listed

    def titles(self) -> list[str]:
        """Every item's title (to find board content where there must be none)."""
        with self.service() as board:
            return [view.item.title for view in board.lists.list_views()]

    def call(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        cookie: str = "",
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """One plain HTTP request, no browser: what a door answers below the page."""
        where = urlsplit(self.url)
        conn = http.client.HTTPConnection(where.hostname or "", where.port, timeout=15)
        sent = dict(headers or {})
        if cookie:
            sent["Cookie"] = cookie
        if body is not None:
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            return Reply(
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read().decode("utf-8", "replace"),
            )
        finally:
            conn.close()

    def session(self, member: str) -> str:
        """A session cookie (`name=value`) for `member`, signed in by a fresh link."""
        reply = self.call("GET", urlsplit(self.link(member)).path)
        assert reply.status == 303, reply.body
        return reply.cookie()

    def stop(self) -> int:
        """Its exit status, once it has stopped and all it printed is read."""
        self.process.send_signal(signal.SIGTERM)
        status = self.process.wait(timeout=15)
        for reader in self.readers:
            reader.join(timeout=15)
        return status


def start_server(db: Path, *options: str) -> WebBoard:
    """`poboard serve --web --port 0 OPTIONS...` on `db`, once it says where the pages are
    (after the SSH server's line, with --ssh)."""
    argv = [sys.executable, "-m", "poboard", "--db", str(db), "serve", "--web", "--port", "0"]
    process = subprocess.Popen(
        [*argv, *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(db.parent),
    )
    assert process.stdout is not None and process.stderr is not None
    said = [process.stdout.readline() for _ in range(2 if "--ssh" in options else 1)]
    ready = READY.match(said[-1])
    if ready is None:
        process.kill()
        process.wait()
        raise AssertionError(f"the web server did not start: {said}{process.stderr.read()}")
    served = WebBoard(process, ready.group(1), db, log=[line.strip() for line in said])
    for stream, into in ((process.stdout, served.log), (process.stderr, served.errors)):
        reader = threading.Thread(target=_collect, args=(stream, into), daemon=True)
        reader.start()
        served.readers.append(reader)
    return served


def _collect(stream: Any, into: list[str]) -> None:
    for line in stream:
        into.append(line.rstrip("\n"))
