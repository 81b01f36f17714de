"""What a stakeholder waits for in a browser: time to first byte of the roadmap and
sprint pages of `poboard serve --web`, on the demo board (41 items) and on a team's
lifetime of work (10,000 items), next to a static page (robots.txt) from the same
server in the same run (the machine is noisy: compare the ratios).

    python benchmarks/web.py [--added 0,10000] [--repeat 40]

Each page is fetched over a fresh connection, as a browser's first visit does; the
time runs from sending the request until the status line and headers arrive (uvicorn
sends them once the page is rendered, so it is the page's whole server time).
Prints the median and p90 of each, their ratio to the static page's, and the number of
cards each page showed (a page costs what it shows: the lanes' or the sprint's items).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import compile_poboard, demo_board, p95

POBOARD = str(Path(sys.executable).parent / "poboard")
READY = re.compile(r"web pages on http://([\d.]+):(\d+)/")
PAGES = ("/robots.txt", "/roadmap", "/sprint")
DEMO_ITEMS = 41


def run(*args: str, db: Path) -> str:
    done = subprocess.run(
        [POBOARD, "--db", str(db), "--user", "ana", *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def first_byte(host: str, port: int, path: str, cookie: str) -> tuple[float, str]:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    start = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie})
    response = conn.getresponse()
    elapsed = time.perf_counter() - start
    body = response.read().decode()
    conn.close()
    assert response.status == 200, (path, response.status)
    return elapsed, body


def measure(db: Path, repeat: int) -> dict[str, tuple[list[float], int]]:
    members = run("member", "list", db=db)
    if "sam" not in members:
        run("member", "add", "sam", "--role", "stakeholder", db=db)
    server = subprocess.Popen(
        [POBOARD, "--db", str(db), "serve", "--web", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "POBOARD_USER": "ana"},
    )
    assert server.stdout is not None
    try:
        for line in server.stdout:
            if found := READY.search(line):
                break
        else:
            raise SystemExit("the server did not start")
        host, port = found[1], int(found[2])
        link = run("member", "link", "sam", db=db).split()[0]
        conn = http.client.HTTPConnection(host, port)
        conn.request("GET", "/signin/" + link.rsplit("/", 1)[1])
        cookie = conn.getresponse().getheader("set-cookie", "").split(";")[0]
        conn.close()
        results: dict[str, tuple[list[float], int]] = {}
        for path in PAGES:
            first_byte(host, port, path, cookie)  # warm: templates compiled, caches filled
        timings: dict[str, list[float]] = {path: [] for path in PAGES}
        cards: dict[str, int] = {}
        for _ in range(repeat):
            for path in PAGES:  # interleaved: the floor sees the same noise as the pages
                elapsed, body = first_byte(host, port, path, cookie)
                timings[path].append(elapsed)
                cards[path] = body.count('class="card ')
        for path in PAGES:
            results[path] = (timings[path], cards[path])
        return results
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--added",
        default="0,10000",
        help="Items generated beside the demo board's 41 (poboard demo --items N), per run.",
    )
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="Folder to keep the boards in.")
    args = parser.parse_args()
    compile_poboard()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="poboard-web-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'items':>6} {'page':<12} {'median':>9} {'p90':>9} {'p95':>9} {'× static':>9} cards")
    for added in (int(s) for s in args.added.split(",")):
        db = folder / f"web-demo-plus-{added}.db"
        demo_board(db, added)
        size = DEMO_ITEMS + added
        db.chmod(0o600)
        results = measure(db, args.repeat)
        floor = statistics.median(results["/robots.txt"][0])
        for path, (times, cards) in results.items():
            median = statistics.median(times)
            p90 = statistics.quantiles(times, n=10)[-1]
            shown = "" if path == "/robots.txt" else str(cards)
            print(
                f"{size:>6} {path:<12} {median * 1000:>7.1f}ms {p90 * 1000:>7.1f}ms "
                f"{p95(times) * 1000:>7.1f}ms {median / floor:>8.1f}× {shown}"
            )


if __name__ == "__main__":
    main()
