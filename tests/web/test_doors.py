"""The web pages' doors, in plain HTTP against a real server: a stranger gets a 401 and
no board content, bodies are bounded, sign-in attempts and requests are rate-limited, a
form without its token changes nothing, and the server starts and stops cleanly beside
SSH. (What a browser sees and runs is in test_browser.py.)"""

from __future__ import annotations

import re
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from cli.helpers import assert_clean_refusal, run_poboard

from .web_server import WebServer, demo_board, serving

PAGES = ("/", "/roadmap", "/sprint", "/requests", "/report", "/items/3", "/changes")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_board(tmp_path_factory.mktemp("doors") / "template.db")


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    """A board of its own for a test that needs a server of its own (fresh limits)."""
    copy = tmp_path / "board.db"
    shutil.copyfile(template, copy)
    copy.chmod(0o600)
    return copy


@pytest.fixture(scope="module")
def server(template: Path) -> Iterator[WebServer]:
    with serving(template) as running:
        yield running


def test_a_stranger_gets_401_and_no_board_content(server: WebServer) -> None:
    titles = [t for t in ("Case study: Northwind", "Sprint 14", "growth-team")]
    for cookie in ("", "poboard_session=forged", "poboard_session=" + "x" * 500):
        for path in PAGES:
            reply = server.call("GET", path, cookie=cookie)
            assert reply.status == 401, (path, reply.status)
            assert not any(t in reply.body for t in titles), path
    page = server.call("GET", "/roadmap")
    assert "Sign-in needed" in page.body and "poboard member link" not in page.body


def test_pages_carry_the_security_headers(server: WebServer) -> None:
    cookie = server.sign_in("sam")
    for path in ("/roadmap", "/signin/unknown", "/static/poboard.css", "/nowhere"):
        headers = server.call("GET", path, cookie=cookie).headers
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, path
        assert "frame-ancestors 'none'" in policy
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-content-type-options"] == "nosniff"
    assert server.call("GET", "/roadmap", cookie=cookie).headers["cache-control"] == "no-store"


def test_the_session_cookie_is_httponly_and_lax(server: WebServer) -> None:
    link = run_poboard("member", "link", "sam", db=server.db, user="ana").stdout.split()[0]
    reply = server.call("GET", "/signin/" + link.rsplit("/", 1)[1])
    assert reply.status == 303 and reply.headers["location"] == "/roadmap"
    cookie = reply.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "secure" not in cookie, "plain http on 127.0.0.1: a Secure cookie would be lost"
    proxied = server.call(
        "GET",
        "/signin/"
        + run_poboard("member", "link", "sam", db=server.db, user="ana")
        .stdout.split()[0]
        .rsplit("/", 1)[1],
        headers={"X-Forwarded-Proto": "https"},
    )
    assert "secure" in proxied.headers["set-cookie"].lower(), "behind a TLS proxy: Secure"


def test_bodies_are_bounded(server: WebServer) -> None:
    cookie = server.sign_in("sam")
    before = server.requests_of("sam")
    big = urlencode({"title": "x" * 70_000}).encode()
    assert server.call("POST", "/requests", big, cookie).status == 413
    # a body that does not say its length is cut off as it streams past the limit
    with socket.create_connection((server.host, server.port), timeout=10) as raw:
        raw.sendall(
            b"POST /requests HTTP/1.1\r\nHost: x\r\nCookie: " + cookie.encode() + b"\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"title=" + b"y" * 8000
        for _ in range(10):
            raw.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        raw.sendall(b"0\r\n\r\n")
        answer = raw.recv(4096).decode()
    assert answer.startswith("HTTP/1.1 413"), answer[:80]
    assert server.requests_of("sam") == before


def test_a_form_without_its_token_changes_nothing(server: WebServer) -> None:
    cookie = server.sign_in("sam")
    other = server.sign_in("sam")
    page = server.call("GET", "/requests", cookie=other).body
    others_token = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert others_token is not None
    before = server.requests_of("sam")
    for token in (None, "", "0" * 64, others_token[1]):
        fields = {"title": "Sneaked in"} | ({} if token is None else {"csrf": token})
        reply = server.call("POST", "/requests", urlencode(fields).encode(), cookie)
        assert reply.status == 403, token
    assert server.call("POST", "/signout", b"", cookie).status == 403
    assert server.requests_of("sam") == before
    assert server.call("GET", "/roadmap", cookie=cookie).status == 200, "still signed in"


def test_sign_in_attempts_are_rate_limited_per_address(db: Path) -> None:
    with serving(db) as server:
        for n in range(10):
            assert server.call("GET", f"/signin/guess{n}").status == 410
        refused = server.call("GET", "/signin/guess-eleven")
        assert refused.status == 429 and int(refused.headers["retry-after"]) > 0
        assert "Too many sign-in attempts" in refused.body
        # even a good link waits: the limit counts attempts, not failures
        link = run_poboard("member", "link", "sam", db=db, user="ana").stdout.split()[0]
        assert server.call("GET", "/signin/" + link.rsplit("/", 1)[1]).status == 429
    assert any("too many sign-in attempts from 127.0.0.1" in line for line in server.lines)


def test_a_flood_of_requests_is_cut_off_at_ten(db: Path) -> None:
    with serving(db) as server:
        cookie = server.sign_in("sam")
        token = re.search(
            r'name="csrf" value="([0-9a-f]+)"', server.call("GET", "/requests", cookie=cookie).body
        )
        assert token is not None
        statuses = [
            server.call(
                "POST",
                "/requests",
                urlencode({"csrf": token[1], "title": f"Ask {n}"}).encode(),
                cookie,
            ).status
            for n in range(12)
        ]
    assert statuses == [303] * 10 + [400, 400]
    assert len(server.requests_of("sam")) == 10


def test_changes_moves_when_another_process_writes(server: WebServer) -> None:
    cookie = server.sign_in("sam")
    first = server.call("GET", "/changes", cookie=cookie)
    assert first.status == 200
    moved = run_poboard("move", "24", "doing", db=server.db, user="dana")
    assert moved.returncode == 0, moved.stderr
    second = server.call("GET", "/changes", cookie=cookie)
    assert second.body != first.body and '"version"' in second.body


def test_serve_says_how_when_not_told(db: Path) -> None:
    line = assert_clean_refusal(run_poboard("serve", db=db, user="ana"))
    assert line == "poboard: say how to serve: poboard serve --ssh, --web, or both"


def test_a_taken_port_is_one_line(db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        proc = run_poboard("serve", "--web", "--port", port, db=db, user="ana")
    line = assert_clean_refusal(proc)
    assert line.startswith(f"poboard: cannot listen on 127.0.0.1:{port}:")


def test_ssh_and_web_in_one_process(db: Path) -> None:
    key = db.parent / "host_key"
    with serving(db, "--ssh", "--web-port", "0", "--host-key", str(key)) as server:
        assert any("listening on 127.0.0.1:" in line for line in server.lines)
        assert server.call("GET", "/roadmap", cookie=server.sign_in("sam")).status == 200
    said = "\n".join(server.lines)
    assert "web pages stopping" in said and said.rstrip().endswith("stopped")
