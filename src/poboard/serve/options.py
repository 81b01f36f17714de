"""How `poboard serve` runs: the options of the command, given to the server and, as
far as they concern one session, seen by each session it starts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServeOptions:
    """How the server runs: `poboard serve`'s options, whose defaults its --help shows."""

    db: Path
    host: str
    port: int
    host_key: Path | None
    max_sessions: int
    idle_timeout: float  # seconds without input (0: never)
    max_sessions_per_member: int
    max_startups: int  # connections not logged in yet, in all
    max_startups_per_address: int
    login_grace: float  # seconds to log in
    session_memory: int  # MB of data a session's process may allocate
