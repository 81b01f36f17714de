"""What the commands share: the session, and how an item is printed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..board import Board
from ..domain.models import ESTIMATES, Horizon, Kind
from ..domain.safe_text import json_escaped, visible


class Session:
    """The board file and user for this invocation; opened on first use."""

    def __init__(self, db: Path, user: str | None, as_json: bool = False) -> None:
        self.db = db
        self.user = user
        self.as_json = as_json  # refusals go to stderr as JSON
        self._board: Board | None = None

    def board(self) -> Board:
        if self._board is None:
            self._board = Board.open(self.db, self.user)
        return self._board

    def close(self) -> None:
        if self._board is not None:
            self._board.close()


def board_of(ctx: click.Context) -> Board:
    session = ctx.find_object(Session)
    assert session is not None, "main() creates the session"
    return session.board()


def _wants_json(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    session = ctx.find_object(Session)
    if value and session is not None:
        session.as_json = True
    return value


json_option = click.option(
    "--json",
    "as_json",
    is_flag=True,
    callback=_wants_json,
    help="Print JSON; a refusal prints {error, message, ...} on stderr.",
)


def json_text(data: object, indent: int | None = None) -> str:
    """`data` as JSON, every control character in it escaped (\\u001b, \\u009b)."""
    return json_escaped(json.dumps(data, ensure_ascii=False, indent=indent))


def echo(message: object = "", *, err: bool = False, nl: bool = True) -> None:
    """Print a line as click.echo does, the control characters of any user text in it
    shown as pictures (ESC as ␛): nothing a command prints can drive the terminal."""
    click.echo(visible(str(message)), err=err, nl=nl)


def echo_json(data: object) -> None:
    echo(json_text(data))


def warn(message: str) -> None:
    echo(f"warning: {message}", err=True)


ITEM_OPTIONS = (
    click.option("--kind", type=click.Choice([k.value for k in Kind]), help="Kind of work."),
    click.option("--owner", help="Who owns it."),
    click.option("--audience", help="Who it is for."),
    click.option("--promise", help="What it promises them."),
    click.option("--proof", help="The proof behind the promise."),
    click.option("--metric", help="The metric it should move."),
    click.option(
        "--estimate", type=int, help=f"Points: one of {' '.join(str(e) for e in ESTIMATES)}."
    ),
    click.option(
        "--horizon", type=click.Choice([h.value for h in Horizon]), help="Roadmap horizon."
    ),
    click.option("--goal", "goal_id", type=int, help="Goal id it serves."),
    click.option(
        "--kr", "key_result", help="Key result it serves (3 or KR3; its goal follows), or none."
    ),
    click.option("--description", help="Markdown description."),
    click.option("--partner", "partners", multiple=True, help="Partner team (repeatable)."),
    click.option("--blocked-by", "blocked_by", multiple=True, help="Blocking item (repeatable)."),
    click.option("--value", type=int, help="Score input 1–5."),
    click.option("--urgency", type=int, help="Score input 1–5."),
    click.option("--impact", type=int, help="Audience impact 1–5."),
    click.option("--fit", type=int, help="Strategic fit 1–5."),
    click.option("--effort", type=int, help="Effort 1–5 (lowers the score)."),
    click.option("--risk", type=int, help="Risk 1–5 (lowers the score)."),
    click.option("--hypothesis", help="Experiment: the hypothesis."),
    click.option("--success-metric", help="Experiment: success metric."),
    click.option("--guardrail-metric", help="Experiment: guardrail metric."),
    click.option("--decision-rule", help="Experiment: decision rule."),
    click.option("--result", metavar="ship|iterate|kill", help="Experiment: the decision."),
    click.option("--result-note", help="Experiment: what the result was, in a line."),
    click.option("--ac", "criteria", multiple=True, help="Acceptance criterion (repeatable)."),
)


def item_options(command: Any) -> Any:
    for option in reversed(ITEM_OPTIONS):
        command = option(command)
    return command


output_option = click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to FILE instead of standard output.",
)


def emit(text: str, output: Path | None, done: str, *, data: bool = False) -> None:
    """Print the text, or write it to `output` and say `done` with the file name. A page
    for people (Markdown) has the control characters of user text shown as pictures in
    the file too; `data` (JSON, CSV) is written as its format escapes it."""
    if output is None:
        echo(text, nl=False)
        return
    output.write_text(text if data else visible(text), encoding="utf-8")
    echo(f"{done} {output}")
