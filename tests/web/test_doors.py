"""The web pages' doors in plain HTTP against a real server (no browser): a stranger gets
a 401 and no board content, bodies are bounded, sign-in attempts and requests are
rate-limited, a forged token changes nothing, and the pages serve beside SSH in one
process. What a browser sees and runs is in the other files here."""

from __future__ import annotations

import http.client
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from cli.helpers import assert_clean_refusal, run_poboard

from .served import WebBoard, copy_board, environment, start_server

PAGES = ("/", "/roadmap", "/sprint", "/requests", "/report", "/items/3", "/changes")


def csrf_of(board: WebBoard, cookie: str) -> str:
    found = re.search(
        r'name="csrf" value="([0-9a-f]+)"', board.call("GET", "/requests", None, cookie).body
    )
    assert found is not None
    return found[1]


def test_a_forged_or_oversized_cookie_is_a_stranger(board: WebBoard) -> None:
    titles = board.titles()
    for cookie in ("poboard_session=forged", "poboard_session=" + "x" * 500):
        for path in PAGES:
            reply = board.call("GET", path, cookie=cookie)
            assert reply.status == 401, (path, reply.status)
            assert not any(title in reply.body for title in titles), path


def test_the_cookie_is_secure_behind_a_tls_proxy(board: WebBoard) -> None:
    plain = board.call("GET", urlsplit(board.link("sam")).path)
    assert "secure" not in plain.headers["set-cookie"].lower(), "a Secure cookie over http is lost"
    proxied = board.call(
        "GET", urlsplit(board.link("sam")).path, headers={"X-Forwarded-Proto": "https"}
    )
    assert "; secure" in proxied.headers["set-cookie"].lower()


def test_bodies_are_bounded(board: WebBoard) -> None:
    cookie = board.session("sam")
    before = board.requests()
    big = urlencode({"csrf": csrf_of(board, cookie), "title": "x" * 70_000}).encode()
    assert board.call("POST", "/requests", big, cookie).status == 413
    # a body that does not state its length is cut off as it streams past the limit
    where = urlsplit(board.url)
    with socket.create_connection((where.hostname, where.port), timeout=10) as raw:
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
    assert board.requests() == before


def test_another_sessions_token_is_refused(board: WebBoard) -> None:
    cookie, other = board.session("sam"), board.session("sam")
    before = board.requests()
    form = urlencode({"csrf": csrf_of(board, other), "title": "Sneaked in"}).encode()
    assert board.call("POST", "/requests", form, cookie).status == 403
    assert board.requests() == before
    assert board.call("GET", "/roadmap", cookie=cookie).status == 200, "still signed in"


def test_sign_in_attempts_are_limited_per_address(board: WebBoard) -> None:
    for n in range(10):
        assert board.call("GET", f"/signin/guess{n}").status == 410
    refused = board.call("GET", "/signin/guess-eleven")
    assert refused.status == 429 and int(refused.headers["retry-after"]) > 0
    assert "Too many sign-in attempts" in refused.body
    # a good link waits too: the limit counts attempts, not failures
    assert board.call("GET", urlsplit(board.link("sam")).path).status == 429
    assert any("too many sign-in attempts from 127.0.0.1" in line for line in board.log)


def test_a_flood_of_requests_stops_at_ten(board: WebBoard) -> None:
    cookie = board.session("sam")
    token = csrf_of(board, cookie)
    statuses = [
        board.call(
            "POST", "/requests", urlencode({"csrf": token, "title": f"Ask {n}"}).encode(), cookie
        ).status
        for n in range(12)
    ]
    assert statuses == [303] * 10 + [400, 400]
    assert len([r for r in board.requests() if r["requested_by"] == "sam"]) == 10
    page = board.call("GET", "/requests", cookie=cookie).body
    assert page.count('class="request new"') == 10


def test_changes_moves_when_another_process_writes(board: WebBoard) -> None:
    cookie = board.session("sam")
    first = board.call("GET", "/changes", cookie=cookie)
    assert first.status == 200 and first.headers["cache-control"] == "no-store"
    board.poboard("move", "24", "doing", user="dana")
    second = board.call("GET", "/changes", cookie=cookie)
    assert second.body != first.body and '"version"' in second.body


def test_serve_says_how_when_not_told(demo_board: Path) -> None:
    line = assert_clean_refusal(run_poboard("serve", db=demo_board, user="ana"))
    assert line == "poboard: say how to serve: poboard serve --ssh, --web, or both"


def test_a_taken_port_is_one_line(demo_board: Path, tmp_path: Path) -> None:
    db = tmp_path / "board.db"
    copy_board(demo_board, db)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        proc = run_poboard("serve", "--web", "--port", port, db=db, user="ana")
    line = assert_clean_refusal(proc)
    assert line == f"poboard: cannot listen on 127.0.0.1:{port}: Address already in use"


def test_a_host_that_is_no_address_is_one_line(demo_board: Path, tmp_path: Path) -> None:
    db = tmp_path / "board.db"
    copy_board(demo_board, db)
    proc = run_poboard("serve", "--web", "--host", "no such host!", "--port", "0", db=db)
    line = assert_clean_refusal(proc)
    assert line.startswith("poboard: cannot listen on no such host!:0: ")
    assert "error -" not in line, "in words, not a resolver's number"


def test_the_pages_listen_on_an_ipv6_address(demo_board: Path, tmp_path: Path) -> None:
    """`--host ::1` listens on IPv6 (the address said in brackets, as a URL has it); a
    machine without IPv6 gets one line saying so."""
    db = tmp_path / "board.db"
    copy_board(demo_board, db)
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        has_ipv6 = True
    except OSError:
        has_ipv6 = False
    argv = [sys.executable, "-m", "poboard", "--db", str(db), "serve", "--web"]
    with subprocess.Popen(
        [*argv, "--host", "::1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(tmp_path),
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        said = process.stdout.readline()
        if has_ipv6:
            ready = re.match(r"poboard serve: web pages on http://\[::1\]:(\d+)/ for ", said)
            assert ready, said + process.stderr.read()
            web = http.client.HTTPConnection("::1", int(ready.group(1)), timeout=10)
            web.request("GET", "/robots.txt")
            assert web.getresponse().status == 200
            web.close()
            process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == (0 if has_ipv6 else 1)
        if not has_ipv6:
            assert process.stderr.read().splitlines()[-1].startswith("poboard: cannot listen")


def test_a_board_with_no_members_says_how_to_let_someone_in(tmp_path: Path) -> None:
    """Served on the web alone, the hint is a stakeholder and a link, not an SSH key."""
    db = tmp_path / "board.db"
    assert run_poboard("init", db=db).returncode == 0
    db.chmod(0o600)
    served = start_server(db)
    assert served.stop() == 0
    (said,) = [line for line in served.errors if "no members yet" in line]
    assert "member add NAME --role stakeholder, then member link NAME" in said
    assert "--key" not in said


def test_ssh_and_web_in_one_process(demo_board: Path, tmp_path: Path) -> None:
    db = tmp_path / "board.db"
    copy_board(demo_board, db)
    key = tmp_path / "host_key"
    served = start_server(db, "--ssh", "--web-port", "0", "--host-key", str(key))
    try:
        assert "listening on 127.0.0.1:" in served.log[0]
        assert served.call("GET", "/roadmap", cookie=served.session("sam")).status == 200
    finally:
        assert served.stop() == 0
    said = "\n".join(served.log)
    assert "web pages stopping" in said and said.rstrip().endswith("stopped")


def test_a_preview_or_a_head_request_leaves_the_link_unused(board: WebBoard) -> None:
    """A chat unfurling the link, or a link checker's HEAD, must not use it up: the
    stakeholder who opens it next is signed in."""
    link = urlsplit(board.cli_link("sam")).path
    slack = {"User-Agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"}
    for method, headers in (("HEAD", {}), ("GET", slack)):
        seen = board.call(method, link, headers=headers)
        assert seen.status == 200 and "set-cookie" not in seen.headers
    browser = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64)"}  # the stakeholder
    opened = board.call("GET", link, headers=browser)
    assert opened.status == 303 and "poboard_session=" in opened.headers["set-cookie"]
    assert board.call("GET", link, headers=slack).status == 200, "told apart, used or not"
    assert board.call("GET", link).status == 410


def test_a_link_points_where_the_server_listens_and_is_alone_on_stdout(board: WebBoard) -> None:
    printed = run_poboard("member", "link", "sam", db=board.db, user="ana")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.startswith(f"{board.url}/signin/") and printed.stdout.count("\n") == 1
    assert printed.stderr.startswith("for sam: it signs in once, until ")
    assert board.call("GET", urlsplit(printed.stdout.strip()).path).status == 303
    told = run_poboard(
        "member", "link", "sam", "--url", "https://board.example.com/", db=board.db, user="ana"
    )
    assert told.stdout.startswith("https://board.example.com/signin/")
