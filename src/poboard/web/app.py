"""The web pages as one ASGI application: its routes, its guards, its static files."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from . import pages
from .boards import Boards
from .guards import Guarded
from .pages import Log, Pages

STATIC = Path(__file__).parent / "static"


async def robots(request: Request) -> Response:
    """A board is no one's to index."""
    return PlainTextResponse("User-agent: *\nDisallow: /\n")


def web_app(boards: Boards, log: Log) -> Starlette:
    """The pages of the board `boards` opens (the server closes them)."""
    served = Pages(boards, log)
    routes = [
        Route("/", served.home),
        Route("/signin/{token}", served.sign_in),
        Route("/signout", served.sign_out, methods=["POST"]),
        Route("/roadmap", served.page("roadmap", pages.roadmap)),
        Route("/sprint", served.page("sprint", pages.sprint)),
        Route("/items/{key:int}", served.page("item", pages.item)),
        Route("/requests", served.page("requests", pages.requests)),
        Route("/requests", served.send_request, methods=["POST"]),
        Route("/report", served.page("report", served.report)),
        Route("/changes", served.changes),
        Route("/robots.txt", robots),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(Guarded)],
        exception_handlers={Exception: served.failed},
    )
