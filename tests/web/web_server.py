"""A real `poboard serve --web` in a subprocess, and plain HTTP to it (no browser): what
the doors of the web pages refuse, below what a page shows."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from cli.helpers import run_poboard

READY = re.compile(r"web pages on http://([\d.]+):(\d+)/")


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str

    def cookie(self) -> str:
        return self.headers.get("set-cookie", "").split(";")[0]


@dataclass
class WebServer:
    db: Path
    host: str
    port: int
    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)

    def call(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        cookie: str = "",
        headers: dict[str, str] | None = None,
    ) -> Reply:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        sent = dict(headers or {})
        if cookie:
            sent["Cookie"] = cookie
        if body is not None and "Content-Type" not in sent:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        reply = Reply(
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            response.read().decode("utf-8", "replace"),
        )
        conn.close()
        return reply

    def sign_in(self, member: str) -> str:
        """A session cookie for `member`, through a link the product owner gives."""
        link = run_poboard("member", "link", member, db=self.db, user="ana").stdout.split()[0]
        reply = self.call("GET", urlsplit(link).path)
        assert reply.status == 303, reply.body
        return reply.cookie()

    def requests_of(self, member: str) -> list[dict[str, object]]:
        listed = run_poboard("request", "list", "--mine", "--json", db=self.db, user=member)
        assert listed.returncode == 0, listed.stderr
        found: list[dict[str, object]] = json.loads(listed.stdout)
        return found


@contextmanager
def serving(db: Path, *args: str) -> Iterator[WebServer]:
    """`poboard serve --web --port 0 ARGS` until the block ends; then SIGTERM, and it
    must stop cleanly."""
    env = {**os.environ, "POBOARD_USER": "ana"}
    argv = [sys.executable, "-m", "poboard", "--db", str(db), "serve", "--web", "--port", "0"]
    process = subprocess.Popen(
        [*argv, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if found := READY.search(line):
            break
    else:
        process.wait(timeout=10)
        raise AssertionError(f"the server did not start: {lines} {process.stderr}")
    server = WebServer(db, found[1], int(found[2]), process, lines)
    try:
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
        server.lines += out.splitlines()
        assert process.returncode == 0, err
        assert "Traceback" not in err, err


def demo_board(path: Path) -> Path:
    """The demo board, product owner ana, and stakeholder sam."""
    assert run_poboard("demo", db=path).returncode == 0
    added = run_poboard("member", "add", "sam", "--role", "stakeholder", db=path, user="ana")
    assert added.returncode == 0, added.stderr
    path.chmod(0o600)
    return path
