"""The pages: each reads the board as the member signed in and renders one template.
Nothing here writes but a request (the form on Requests) and the sign-in itself."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from ..board import Board
from ..domain.errors import BoardBusyError, FieldError, NotFoundError, PoboardError
from ..domain.requests import Role
from . import views
from .boards import Boards
from .guards import RateLimit
from .markdown import to_html
from .signin import (
    address,
    csrf_ok,
    csrf_token,
    forget_session,
    session_token,
    set_session,
)

Log = Callable[[str], None]
Handler = Callable[[Request], Awaitable[Response]]
TEMPLATES = Path(__file__).parent / "templates"
FIELDS = ("title", "audience", "promise", "proof", "metric", "why", "needed_by")
NAV = (("roadmap", "Roadmap"), ("sprint", "Sprint"), ("requests", "Requests"), ("report", "Report"))


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = to_html
    env.globals["statuses"] = views.STATUS_NAMES
    return env


# Who fetches a link to show a preview of it (chats, search engines), by the user agent
# they name: a sign-in link they open is shown to them, never used up. So is one asked
# for with HEAD (link checkers). A scanner that passes for a browser is not told apart.
PREVIEWERS = re.compile(
    r"slackbot|slack-imgproxy|facebookexternalhit|twitterbot|discordbot|telegrambot|"
    r"whatsapp|linkedinbot|skypeuripreview|microsoftpreview|googlebot|bingbot|applebot|"
    r"embedly|iframely|mattermost-bot",
    re.IGNORECASE,
)


class Pages:
    """The board's pages, served for whoever each request's session names. Every read
    and write of the board runs on a worker thread (`Boards`), never on the event loop."""

    def __init__(self, boards: Boards, log: Log) -> None:
        self.boards = boards
        self.log = log
        self.env = environment()
        self.sign_ins = RateLimit(most=10, window=60)  # per address
        self.sends = RateLimit(most=10, window=600)  # requests per member
        self.last_reports: tuple[tuple[int, date], views.Reports] | None = None

    # ----- rendering ----------------------------------------------------------------------

    def render(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(f"{name}.html").render(nav=NAV, **context)
        headers = {"cache-control": "no-store"}
        return HTMLResponse(html, status_code=status, headers=headers)

    def message(self, status: int, title: str, text: str) -> HTMLResponse:
        """A plain page with no board content: why, and what to do."""
        return self.render("message", status, title=title, text=text, member=None, page="")

    def sign_in_needed(self) -> HTMLResponse:
        return self.message(
            401,
            "Sign-in needed",
            "Open the sign-in link your product owner sent you. "
            "If it was used or is over a day old, ask them for a new one.",
        )

    def shown(self, name: str, board: Board, token: str, **context: Any) -> HTMLResponse:
        """A page of the board, as the member whose board this is sees it."""
        status = int(context.pop("status", 200))
        return self.render(
            name,
            status,
            page=name,
            member=board.user,
            stakeholder=board.core.role is Role.STAKEHOLDER,
            board_name=board.settings().name,
            csrf=csrf_token(token),
            version=board.last_event_id(),
            **context,
        )

    @staticmethod
    def member_of(board: Board, request: Request) -> tuple[str, Board] | None:
        """The request's session secret and the board as its member sees it, or None."""
        token = session_token(request)
        member = None if token is None else board.sign_ins.member_of(token)
        return None if token is None or member is None else (token, board.as_member(member))

    def page(self, name: str, read: Callable[[Board, Request], dict[str, Any]]) -> Handler:
        """A page for a signed-in member: the board as they see it, else 401."""

        def show(board: Board, request: Request) -> Response:
            found = self.member_of(board, request)
            if found is None:
                return self.sign_in_needed()
            token, theirs = found
            try:
                return self.shown(name, theirs, token, **read(theirs, request))
            except NotFoundError as error:
                return self.message(404, "Not found", str(error))
            except BoardBusyError:
                return self.message(503, "Busy", "The board is busy; reload in a moment.")

        async def handler(request: Request) -> Response:
            return await self.boards.run(lambda board: show(board, request))

        return handler

    async def failed(self, request: Request, error: Exception) -> Response:
        """An error no page expected: one line in the log, a plain page to the browser."""
        self.log(f"web: {request.method} {request.url.path} failed: {error!r}")
        return self.message(500, "Something went wrong", "The page could not be shown.")

    def report(self, board: Board, request: Request) -> dict[str, Any]:
        """The reports, made again only once the board or the day has changed (the
        quarter's update reads every open item of the roadmap)."""
        key = (board.last_event_id(), board.today())
        last = self.last_reports
        if last is None or last[0] != key:
            last = self.last_reports = (key, views.reports(board))
        return {"reports": last[1]}

    # ----- signing in and out -------------------------------------------------------------

    async def sign_in(self, request: Request) -> Response:
        if request.method == "HEAD" or PREVIEWERS.search(request.headers.get("user-agent", "")):
            # a link checker or a chat's preview fetching the link must not use it up
            return self.message(
                200,
                "A sign-in link to poboard",
                "This link signs you in to the board once. Open it in your browser.",
            )
        where = address(request)
        if not self.sign_ins.allow(where):
            self.log(f"web: too many sign-in attempts from {where}")
            wait = self.sign_ins.retry_after(where)
            response = self.message(
                429, "Too many attempts", f"Too many sign-in attempts; wait {wait} s."
            )
            response.headers["retry-after"] = str(wait)
            return response
        token = str(request.path_params["token"])
        session = (
            await self.boards.run(lambda board: board.sign_ins.sign_in(token))
            if len(token) <= 100
            else None
        )
        if session is None:
            self.log(f"web: a used, expired or unknown sign-in link from {where}")
            return self.message(
                410,
                "This link no longer works",
                "This sign-in link was used already or has expired. "
                "Ask your product owner for a new one (poboard member link).",
            )
        self.log(f"web: {session.member} signed in from {where}")
        landing = RedirectResponse("/roadmap", status_code=303)
        set_session(landing, request, session)
        return landing

    async def sign_out(self, request: Request) -> Response:
        form = await request.form()

        def end(board: Board) -> Response:
            found = self.member_of(board, request)
            if found is None:
                return self.sign_in_needed()
            if not csrf_ok(found[0], form.get("csrf")):
                return self.refused()
            board.sign_ins.sign_out(found[0])
            response: Response = self.message(
                200, "Signed out", "You are signed out of this board."
            )
            forget_session(response)
            return response

        return await self.boards.run(end)

    def refused(self) -> HTMLResponse:
        return self.message(403, "Refused", "The form was not sent from this board's page.")

    # ----- the pages ----------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        found = await self.boards.run(lambda board: self.member_of(board, request))
        if found is None:
            return self.sign_in_needed()
        return RedirectResponse("/roadmap", status_code=303)

    async def changes(self, request: Request) -> Response:
        """What the pages poll: the board's last change, to refresh when it moves."""

        def version(board: Board) -> int | None:
            return None if self.member_of(board, request) is None else board.last_event_id()

        found = await self.boards.run(version)
        if found is None:
            return JSONResponse({"error": "sign-in needed"}, status_code=401)
        return JSONResponse({"version": found}, headers={"cache-control": "no-store"})

    async def send_request(self, request: Request) -> Response:
        form = await request.form()
        # a browser sends a textarea's line breaks as CR LF (HTML's form encoding); the
        # board keeps plain newlines, and refuses a CR as a control character
        typed = {name: str(form.get(name) or "").replace("\r\n", "\n") for name in FIELDS}
        return await self.boards.run(lambda board: self._send(board, request, form, typed))

    def _send(
        self, board: Board, request: Request, form: FormData, typed: dict[str, str]
    ) -> Response:
        found = self.member_of(board, request)
        if found is None:
            return self.sign_in_needed()
        token, theirs = found
        if not csrf_ok(token, form.get("csrf")):
            self.log(f"web: a request form from {theirs.user} without its token refused")
            return self.refused()
        problem: tuple[str | None, str]
        if not self.sends.allow(theirs.user):
            problem = (None, "You sent 10 requests in 10 minutes; wait before sending more.")
        else:
            try:
                sent = theirs.requests.add(
                    typed["title"],
                    **{k: v or None for k, v in typed.items() if k not in ("title", "needed_by")},
                    needed_by=typed["needed_by"] or None,
                )
            except FieldError as error:  # said beside the field: its name goes without saying
                said = str(error)
                for name in (error.field, error.field.replace("_", " ")):
                    said = said.removeprefix(f"{name}: ")
                problem = (error.field, said[:1].upper() + said[1:])
            except PoboardError as error:
                problem = (None, str(error))
            else:
                self.log(f"web: {theirs.user} sent request {sent.label}")
                return RedirectResponse(f"/requests?sent={sent.key}", status_code=303)
        field, text = problem
        return self.shown(
            "requests",
            theirs,
            token,
            status=400,
            mine=views.my_requests(theirs),
            typed=typed,
            error_field=field,
            error=text,
            sent=None,
        )


def roadmap(board: Board, request: Request) -> dict[str, Any]:
    return {"roadmap": views.roadmap(board)}


def sprint(board: Board, request: Request) -> dict[str, Any]:
    return {"sprint": views.sprint_page(board)}


def item(board: Board, request: Request) -> dict[str, Any]:
    return {"item": views.item_page(board, str(request.path_params["key"]))}


def requests(board: Board, request: Request) -> dict[str, Any]:
    sent = request.query_params.get("sent", "")
    return {
        "mine": views.my_requests(board),
        "typed": dict.fromkeys(FIELDS, ""),
        "error_field": None,
        "error": None,
        "sent": int(sent) if sent.isdigit() else None,
    }
