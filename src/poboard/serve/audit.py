"""The server's audit log: a line per login (member, key, address), per refusal (why)
and per session end (how long); strangers' refusals are summarised (limits.BurstLog).
On standard output by default (a service manager keeps it), or `--log FILE`, rotated
by size so it never fills the disk."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path

from ..domain.errors import PoboardError

Log = Callable[[str], None]
ROTATE_BYTES = 10 * 1024 * 1024
ROTATIONS_KEPT = 5  # FILE.1 … FILE.5


def stamped(line: str) -> None:
    """A log line on standard output; a closed output must not stop the server."""
    with contextlib.suppress(OSError):
        print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {line}", flush=True)


def file_log(path: Path, rotate_bytes: int = ROTATE_BYTES, kept: int = ROTATIONS_KEPT) -> Log:
    """Lines appended to `path`; past `rotate_bytes` it becomes `path.1` (and so on, up to
    `kept` old files) and a new one starts."""
    try:
        handler = RotatingFileHandler(path, maxBytes=rotate_bytes, backupCount=kept)
    except OSError as error:
        raise PoboardError(f"cannot write the log {path}: {error.strerror}") from None
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    logger = logging.getLogger(f"poboard.serve.{path}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    return logger.info
