"""The web pages' server: uvicorn in the running event loop, beside the SSH server
when both are asked for (`poboard serve --ssh --web`)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections.abc import Iterator

import uvicorn

from ..board import Board
from ..domain.errors import PoboardError
from .app import web_app
from .boards import Boards
from .pages import Log

WRITE_WAIT = 2.0  # seconds a sign-in or a request waits for another process's write


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on `host` (a name, an IPv4 or an IPv6 address) and `port`; an
    OSError whose text says why not, in words ("Address already in use", "Name or service
    not known")."""
    try:
        if host in ("", "::") and socket.has_dualstack_ipv6():  # every address, both kinds
            return socket.create_server((host, port), family=socket.AF_INET6, dualstack_ipv6=True)
        if not host:
            return socket.create_server((host, port))  # every IPv4 address
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family)
    except socket.gaierror as error:
        raise OSError(error.strerror) from None
    except OSError as error:
        raise OSError(os.strerror(error.errno) if error.errno else str(error)) from None


class EmbeddedServer(uvicorn.Server):
    """uvicorn in a loop that is not its own: whoever runs the loop handles the signals."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class WebServer:
    """Listens on `host:port` until stopped; the board is opened on start."""

    def __init__(self, db: str, host: str, port: int, log: Log) -> None:
        self.db = db
        self.host = host
        self.port = port
        self.log = log
        self.boards = Boards(db, wait=WRITE_WAIT)
        self.server: EmbeddedServer | None = None
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> str:
        checked = Board.open(self.db)  # the file opens, else one line says why
        try:
            listening = listen(self.host, self.port)
        except OSError as error:
            checked.close()
            raise PoboardError(f"cannot listen on {self.host}:{self.port}: {error}") from None
        self.port = listening.getsockname()[1]
        named = socket.gethostname() if self.host in ("0.0.0.0", "::", "") else self.host
        address = f"http://{f'[{named}]' if ':' in named else named}:{self.port}"
        if not checked.read_only:
            checked.sign_ins.served_at(address)  # `member link` points here by default
        checked.close()
        config = uvicorn.Config(
            web_app(self.boards, self.log),
            log_level="warning",
            access_log=False,
            proxy_headers=True,  # https from a TLS proxy on this host marks cookies Secure
            server_header=False,
            limit_concurrency=200,
            timeout_keep_alive=5,
        )
        self.server = EmbeddedServer(config)
        self.task = asyncio.ensure_future(self.server.serve(sockets=[listening]))
        # uvicorn says it has started only by a flag (or by failing): the ready line is
        # printed once it listens, so a caller reading it can connect at once
        while not self.server.started and not self.task.done():
            await asyncio.sleep(0.01)
        return f"poboard serve: web pages on {address}/ for {self.db}"

    async def stop(self) -> None:
        self.log("web pages stopping")
        if self.server is not None:
            self.server.should_exit = True
        if self.task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
        self.boards.close()
