"""Requests: the front door for asks from outside the team. New ones first, with who
asked, when and their intake fields; a product owner accepts one into the backlog (`a`,
with its horizon), declines it with a reason (`d`) or merges a duplicate into an item
(`m`). Anyone asks (`n`); a stakeholder sees their own, with what became of each."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...board import Board
from ...domain.requests import Request, RequestStatus
from ..text import literal, show
from ..widgets.card_list import CardList, Line
from ..widgets.dialogs import ChoicePopup, ask_horizon
from ..widgets.footer import BoardFooter
from ..widgets.lines import Line as DetailLine
from ..widgets.lines import Lines
from ..widgets.request_forms import DeclineDialog, ItemPicker, RequestDialog
from .base import BoardScreen

LABEL_CELLS = 11
TONES = {RequestStatus.DECLINED: "muted", RequestStatus.MERGED: "muted"}


@dataclass
class RequestsData:
    """The requests shown (a stakeholder's own; everyone's for the team), new first."""

    requests: list[Request] = field(default_factory=list)
    mine: bool = False
    may_triage: bool = False


def load_requests(board: Board) -> RequestsData:
    mine = board.core.is_stakeholder
    return RequestsData(board.requests.all(mine=mine), mine, board.requests.may_triage())


def request_lines(requests: list[Request], mine: bool) -> list[Line]:
    """New requests under their heading, then the decided; one line each (its title
    onto a second when the list is narrow), who asked and when on the right."""
    waiting = [r for r in requests if r.status is RequestStatus.NEW]
    decided = [r for r in requests if r.status is not RequestStatus.NEW]
    lines: list[Line] = []
    for heading, group in (("NEW", waiting), ("DECIDED", decided)):
        if not group:
            continue
        lines.append(Line(f" {heading} ({len(group)})", tone="heading"))
        for request in group:
            who = "" if mine else f"{request.requested_by} · "
            status = "" if request.status is RequestStatus.NEW else f"{request.status.value} · "
            right = f"{status}{who}{request.created_at[:10]}"
            text = f" {request.label} {request.title}"
            lines.append(Line(text, request.key, right, TONES.get(request.status, ""), True))
    return lines


def request_detail(
    request: Request, whereabouts: str | None
) -> list[Content | tuple[Content, Content]]:
    """Everything about one request: who asked and when, its intake fields, its status
    with the reason, and where its item is now."""

    def pair(label: str, value: str | None) -> tuple[Content, Content]:
        return Content.styled(label, "dim"), literal(value or "—")

    needed = f" · needed by {request.needed_by}" if request.needed_by else ""
    found: list[DetailLine] = [
        literal(f"{request.label} {request.title}", "bold"),
        pair("Asked", f"by {request.requested_by} on {request.created_at[:10]}{needed}"),
        pair("Audience", request.audience),
        pair("Promise", request.promise),
        pair("Proof", request.proof),
        pair("Metric", request.metric),
    ]
    if request.why:
        found.append(pair("Why", request.why))
    found.append(pair("Status", status_line(request)))
    if request.reason:
        found.append(pair("Reason", request.reason))
    if whereabouts:
        found.append(pair("Now", whereabouts))
    return found


def status_line(request: Request) -> str:
    if request.status is RequestStatus.NEW:
        return "new: waiting for a product owner"
    who = f" by {request.decided_by}" if request.decided_by else ""
    day = f" on {request.decided_at[:10]}" if request.decided_at else ""
    into = f" into #{request.item}" if request.status is RequestStatus.MERGED else ""
    return f"{request.status.value}{into}{who}{day}"


class RequestsScreen(BoardScreen):
    """The requests, new first, and the highlighted one in full."""

    TITLE = "Requests"
    SMALL_READ = True
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    WRITES = frozenset({"accept", "decline", "merge"})  # a stakeholder may ask (n)
    BINDINGS = [
        Binding("a", "accept", "Accept"),
        Binding("d", "decline", "Decline"),
        Binding("m", "merge", "Merge"),
        Binding("n", "new_request", "New request"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data = RequestsData()
        self.following: int | None = None  # where the cursor goes after a decision

    def compose_body(self) -> ComposeResult:
        yield Static(id="requests-head")
        with Container(id="requests-body"):
            yield CardList("no requests yet: n asks for something", id="requests-list")
            with VerticalScroll(id="request-detail"):
                yield Lines("request-lines", LABEL_CELLS)
        yield BoardFooter()

    def on_mount(self) -> None:
        self.query_one("#requests-list", CardList).focus()

    # ----- reading and showing ----------------------------------------------------------

    def load(self, board: Board) -> RequestsData:
        return load_requests(board)

    def apply(self, data: RequestsData, keep: int | None = None) -> None:
        """Show the requests read; the cursor on `keep`, or where the last decision sent
        it (a read of another's change may come between), or where it was."""
        keep, self.following = keep or self.following, None
        self.data = data
        requests = data.requests
        new = sum(1 for r in requests if r.status is RequestStatus.NEW)
        if data.mine:
            head = f"YOUR REQUESTS ({len(requests)}, {new} waiting)   n asks for something"
        else:
            head = f"REQUESTS  {new} new · {len(requests)} in all"
        show(self.query_one("#requests-head", Static), Content.styled(head, "bold"))
        cards = self.query_one("#requests-list", CardList)
        cards.show(request_lines(requests, data.mine), keep or cards.current_id)
        self.show_detail()
        self.refresh_bindings()

    def refresh_items(self, ids: object, keep: int | None = None) -> None:
        """A request's change names no item: the requests are read again (a few rows)."""
        self.reload(keep)

    @on(CardList.Highlighted)
    def show_detail(self) -> None:
        request = self.current()
        lines = self.query_one("#request-lines", Lines)
        if request is None:
            lines.show([Content.styled("No request highlighted.", "dim")])
        else:
            where = self.board.requests.whereabouts(request.key) if request.item else None
            lines.show(request_detail(request, where))
        self.refresh_bindings()

    def next_new(self, request: Request) -> int:
        """Where the cursor goes once a request is decided: the next new one (else the
        one before it), so triage goes down the list; the decided one when none waits."""
        waiting = [r.key for r in self.data.requests if r.status is RequestStatus.NEW]
        following = request.key
        if request.key in waiting and len(waiting) > 1:
            at = waiting.index(request.key)
            following = waiting[at + 1] if at + 1 < len(waiting) else waiting[at - 1]
        self.following = following
        return following

    def current(self) -> Request | None:
        key = self.query_one("#requests-list", CardList).current_id
        return next((r for r in self.data.requests if r.key == key), None)

    # ----- keys ---------------------------------------------------------------------------

    def unavailable(self, action: str) -> str | None:
        if action not in self.WRITES:
            return None
        if not self.data.may_triage:
            names = ", ".join(self.board.settings().product_owners)
            return f"only the product owners ({names}) accept, decline or merge a request"
        request = self.current()
        if request is None:
            return "no request highlighted: n asks for something"
        if request.status is not RequestStatus.NEW:
            return f"{request.label} was {request.status.value} already"
        return None

    def action_accept(self) -> None:
        request = self.current()
        if request is None:
            return

        def picked(horizon: str | None) -> None:
            if horizon is None:
                return
            self.attempt(
                lambda board: board.requests.accept(request.key, horizon),
                keep=self.next_new(request),
                success=f"{request.label} accepted into the backlog ({horizon})",
            )

        ask_horizon(self.query_one(ChoicePopup), request.label, request.title, "", picked)

    def action_decline(self) -> None:
        request = self.current()
        if request is None:
            return

        following = self.next_new(request)

        def declined(result: Request | None) -> None:
            if result is not None:
                self.notify(f"{result.label} declined: {result.requested_by} reads why", timeout=4)
                self.generation += 1
                self.reload(following)
                self.poboard.refresh_header()

        self.app.push_screen(DeclineDialog(self.board, request), declined)

    def action_merge(self) -> None:
        request = self.current()
        if request is None:
            return

        def picked(into: int | None) -> None:
            if into is not None:
                self.attempt(
                    lambda board: board.requests.merge(request.key, into),
                    keep=self.next_new(request),
                    success=f"{request.label} merged into #{into}: its asker follows it",
                )

        question = f"Merge {request.label} “{request.title}” into which item?"
        self.app.push_screen(ItemPicker(self.board, question), picked)

    def action_new_request(self) -> None:
        def sent(result: Request | None) -> None:
            if result is not None:
                self.notify(
                    f"{result.label} sent: the product owners see it here, and so do you",
                    timeout=5,
                )
                self.generation += 1
                self.following = result.key
                self.reload(result.key)
                self.poboard.refresh_header()

        self.app.push_screen(RequestDialog(self.board), sent)
