"""`poboard serve --ssh` against strangers and a flooding member (benchmarks/serve.py's
parts (c) and (d)).

(c) A member's `ssh HOST show 1` (OpenSSH) on a quiet server, against the same while
    strangers try to hold 1,000 connections open without ever logging in, from 100
    loopback addresses (127.0.0.2 and up, 10 each; the member is 127.0.0.1). The server
    runs with 1,024 open files, as a default account has. A stranger the server closes
    connects again after --reconnect seconds (a patient attacker). Goal: the member's
    median within 2× of quiet.
(d) One member's board session (a PTY, 100×40) typed into as fast as the server takes
    it, 1 GB, by a client that never reads the board's output: the server's memory at
    rest, at its peak and after. Goal: under 200 MB more than at rest.
"""

from __future__ import annotations

import asyncio
import contextlib
import resource
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import asyncssh
import served_team
from harness import descendants, open_files, rss_kb

SSH_OPTIONS = served_team.SSH_OPTIONS.split()
MB = 1024 * 1024


def raise_open_files() -> int:
    """This process's soft limit on open files, raised as far as the hard one allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


# ----- (c) strangers -------------------------------------------------------------------------


@dataclass
class Strangers:
    held: int = 0  # connections open on the strangers' side now
    connects: int = 0
    closed_by_server: int = 0
    failed: int = 0


async def stranger(source: str, port: int, reconnect: float, stop: asyncio.Event, s: Strangers):
    """Connects from `source`, says nothing, holds on until the server closes it; then
    again after `reconnect` seconds, until `stop`."""
    while not stop.is_set():
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0)), 5
            )
        except (OSError, TimeoutError):
            s.failed += 1
        else:
            s.connects += 1
            s.held += 1
            with contextlib.suppress(OSError):
                while await reader.read(4096):
                    pass
            s.held -= 1
            s.closed_by_server += not stop.is_set()
            writer.close()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), reconnect)


async def time_show(port: int, key: Path, runs: int) -> list[float]:
    """`ssh HOST show 1` with OpenSSH, `runs` times one after another: seconds each."""
    times = []
    argv = ["ssh", *SSH_OPTIONS, "-i", str(key), "-p", str(port), "127.0.0.1", "show", "1"]
    for _ in range(runs):
        start = time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        _, err = await asyncio.wait_for(process.communicate(), 60)
        if process.returncode != 0:
            raise SystemExit(f"show failed ({process.returncode}): {err.decode().strip()}")
        times.append(time.perf_counter() - start)
    return times


async def strangers_against_show(
    port: int, server_pid: int, key: Path, count: int, reconnect: float, runs: int
) -> dict[str, object]:
    quiet = await time_show(port, key, runs)
    files_quiet, rss_quiet = open_files(server_pid), rss_kb(server_pid) * 1024
    stop, s = asyncio.Event(), Strangers()
    sources = [f"127.0.0.{2 + n // 10}" for n in range(count)]  # 10 from each address
    tasks = [asyncio.ensure_future(stranger(a, port, reconnect, stop, s)) for a in sources]
    deadline = time.perf_counter() + 30
    while s.connects < count and time.perf_counter() < deadline:
        await asyncio.sleep(0.1)
    print(f"    {s.connects} strangers connected, {s.held} held open", flush=True)
    busy = await time_show(port, key, runs)
    files_busy, rss_busy = open_files(server_pid), rss_kb(server_pid) * 1024
    connects = s.connects
    stop.set()
    for task in tasks:  # those still waiting for the server to close them
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {
        "quiet": quiet,
        "busy": busy,
        "files": (files_quiet, files_busy),
        "rss": (rss_quiet, rss_busy),
        "connects": connects,
        "closed": s.closed_by_server,
        "failed": s.failed,
    }


def report_strangers(result: dict[str, object], count: int, reconnect: float, log: list[str]):
    quiet, busy = result["quiet"], result["busy"]
    assert isinstance(quiet, list) and isinstance(busy, list)
    files, rss = result["files"], result["rss"]
    assert isinstance(files, tuple) and isinstance(rss, tuple)
    print(
        f"(c) a member's `ssh HOST show 1` (OpenSSH), {len(quiet)} runs each; "
        f"{count} strangers from {count // 10} addresses, reconnecting {reconnect:g} s "
        "after the server closes them"
    )
    for name, times in (("quiet server  ", quiet), ("with strangers", busy)):
        print(
            f"    {name}  median {statistics.median(times) * 1000:6.0f} ms  "
            f"runs {', '.join(f'{t * 1000:.0f}' for t in times)}"
        )
    ratio = statistics.median(busy) / statistics.median(quiet)
    print(f"    ratio {ratio:.2f} (goal ≤ 2)")
    print(
        f"    strangers' connections {result['connects']}, closed by the server "
        f"{result['closed']}, failed to connect {result['failed']}"
    )
    print(
        f"    server open files {files[0]} quiet, {files[1]} with strangers; "
        f"memory {rss[0] / MB:.0f} MB, {rss[1] / MB:.0f} MB"
    )
    print(
        f"    server log: {len(log)} lines, {sum(len(line) + 1 for line in log)} bytes; "
        "its lines on the strangers:"
    )
    for line in [line for line in log if "127.0.0." in line and "m0 " not in line][:8]:
        print(f"      {line}")


# ----- (d) a flood of input ------------------------------------------------------------------


async def flood(
    port: int, server_pid: int, key: asyncssh.SSHKey, megabytes: int, stalled: float
) -> dict[str, float]:
    """One member's board session typed into as fast as the server takes it (see the
    module); stops after `megabytes`, when the session ends, or when the server has taken
    nothing for `stalled` seconds."""
    conn = await asyncssh.connect(
        "127.0.0.1", port, username="m0", client_keys=[key], known_hosts=None, agent_path=None
    )
    process = await conn.create_process(
        term_type="xterm-256color", term_size=(100, 40), encoding=None
    )
    first = await asyncio.wait_for(process.stdout.read(1), 30)  # the app is up; never read again
    assert first
    await asyncio.sleep(3)  # let it paint the board
    rest = rss_kb(server_pid) * 1024
    sessions_rest = sum(map(rss_kb, descendants(server_pid))) * 1024
    peak, sessions_peak, sent, how = rest, sessions_rest, 0, "all sent"
    chunk = b"\x1b[A\x1b[B" * (MB // 6)  # up, down: keys the board takes and does little with
    start = time.perf_counter()
    while sent < megabytes * MB:
        process.stdin.write(chunk)
        try:
            await asyncio.wait_for(process.stdin.drain(), stalled)
        except TimeoutError:
            how = f"the server took nothing more for {stalled:g} s"
            break
        except (OSError, asyncssh.Error):
            how = "the session ended"
            break
        if process.is_closing() or process.exit_status is not None:
            how = "the session ended"
            break
        sent += len(chunk)
        peak = max(peak, rss_kb(server_pid) * 1024)
        sessions_peak = max(sessions_peak, sum(map(rss_kb, descendants(server_pid))) * 1024)
    seconds = time.perf_counter() - start
    peak = max(peak, rss_kb(server_pid) * 1024)
    sessions_peak = max(sessions_peak, sum(map(rss_kb, descendants(server_pid))) * 1024)
    conn.close()
    await conn.wait_closed()
    await asyncio.sleep(2)  # the session's process ends, the server lets go
    return {
        "rest": rest,
        "peak": peak,
        "after": rss_kb(server_pid) * 1024,
        "session rest": sessions_rest,
        "session peak": sessions_peak,
        "sent": sent,
        "seconds": seconds,
        "how": how,  # type: ignore[dict-item]
        "exit": process.exit_status if process.exit_status is not None else -1,
    }


def report_flood(result: dict[str, float], megabytes: int) -> None:
    rest, peak, after = result["rest"], result["peak"], result["after"]
    print(
        f"(d) one member's board session typed into as fast as the server takes it, up to "
        f"{megabytes} MB, by a client that never reads the board's output"
    )
    print(
        f"    the server took {result['sent'] / MB:.0f} MB in {result['seconds']:.1f} s "
        f"({result['how']}; the session's exit {result['exit']:.0f})"
    )
    print(
        f"    server memory at rest {rest / MB:.0f} MB, peak {peak / MB:.0f} MB, after "
        f"{after / MB:.0f} MB: peak {(peak - rest) / MB:+.0f} MB (goal < +200 MB)"
    )
    print(
        f"    the session's board process: {result['session rest'] / MB:.0f} MB at rest, "
        f"peak {result['session peak'] / MB:.0f} MB"
    )
