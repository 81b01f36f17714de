"""Item commands: add, edit, show, history, list, move, accept, check, uncheck, waive, rank."""

from __future__ import annotations

import json
from typing import Any

import click

from ..board import MoveResult, describe, parse_key
from ..contracts.item_options import item_fields
from ..contracts.items import item_ref_json, item_text, item_texts
from ..contracts.moves import criterion_json, move_json
from ..domain.errors import InvalidInputError
from ..domain.models import (
    CRITERION_SYMBOLS,
    SOURCE_NAMES,
    CriterionState,
    Horizon,
    Item,
    ItemRow,
    Kind,
    Status,
)
from ..domain.readiness import labels
from .common import (
    board_of,
    echo,
    echo_json,
    item_options,
    json_option,
    json_text,
    warn,
)


@click.command()
@click.argument("title")
@item_options
@json_option
@click.pass_context
def add(
    ctx: click.Context, /, title: str, criteria: tuple[str, ...], as_json: bool, **options: Any
) -> None:
    """Add an item to the bottom of the backlog; prints its key."""
    item = board_of(ctx).items.add(title, criteria=criteria, **item_fields(options))
    if as_json:
        echo_json(item_ref_json(item))
    else:
        echo(item.key)


@click.command()
@click.argument("key")
@click.option("--title", help="New title.")
@item_options
@click.option(
    "--unblock", multiple=True, help="Remove this blocker (repeatable; --blocked-by none: all)."
)
@click.option("--expect-version", type=int, help="Refuse if the item has changed since.")
@json_option
@click.pass_context
def edit(
    ctx: click.Context,
    /,
    key: str,
    criteria: tuple[str, ...],
    unblock: tuple[str, ...],
    expect_version: int | None,
    as_json: bool,
    **options: Any,
) -> None:
    """Change an item's fields; --ac adds criteria, --unblock removes a blocker."""
    board = board_of(ctx)
    changes = item_fields(options)
    if not changes and not criteria and not unblock:
        raise InvalidInputError("nothing to change: give at least one option")
    removed = [parse_key(k) for k in unblock]
    item = board.items.edit(key, changes, expect_version, append_criteria=criteria, unblock=removed)
    if as_json:
        echo_json(item_ref_json(item))
    else:
        echo(f"{item.key} updated (version {item.version})")


@click.command()
@click.argument("key")
@json_option
@click.pass_context
def show(ctx: click.Context, key: str, as_json: bool) -> None:
    """Everything about one item."""
    board = board_of(ctx)
    if as_json:
        echo(json_text(json.loads(item_text(board, key)), indent=2))
        return
    view = board.lists.view(key)
    criteria = board.lists.criteria_of([view.item.id]).get(view.item.id, [])
    item = view.item
    echo(f"{item.key} {item.title}")
    rank = f" · rank {view.position}" if view.position else ""  # done and dropped: none
    echo(
        f"  {item.kind.value} · {item.status.value} · {item.horizon.value}{rank} · "
        f"score {view.score} · version {item.version}"
    )
    for label, value in (
        ("owner", item.owner),
        ("audience", item.audience),
        ("promise", item.promise),
        ("proof", item.proof),
        ("metric", item.metric),
        ("estimate", item.estimate),
        ("goal", view.goal),
        ("sprint", view.sprint),
    ):
        echo(f"  {label:<9} {'—' if value is None else value}")
    if item.source_key:
        where = " ".join(filter(None, (SOURCE_NAMES.get(item.source or ""), item.source_key)))
        echo(f"  {'source':<9} {where}{'  ' + item.source_url if item.source_url else ''}")
    if item.key_result_id is not None:
        echo(f"  {'serves':<9} KR{item.key_result_id} {view.key_result}")
    if item.kind is Kind.EXPERIMENT:
        _show_experiment(item)
    if item.blocked_by:
        echo(f"  blocked by {' '.join(f'#{b}' for b in item.blocked_by)}")
    if item.slipped:
        echo(f"  slipped ×{item.slipped}")
    echo("  ready ✓" if view.ready else f"  ready ✗ missing {labels(view.missing)}")
    if criteria:
        echo("  acceptance criteria:")
    for c in criteria:
        tag = " (Definition of Done)" if c["dod"] else ""
        reason = f" — waived: {c['reason']}" if c["reason"] else ""
        symbol = CRITERION_SYMBOLS[CriterionState(c["state"])]
        echo(f"   {c['n']}. {symbol} {c['text']}{tag}{reason}")
    if item.description:
        echo("")
        echo(item.description)


def _show_experiment(item: ItemRow) -> None:
    """The experiment's design, and its decision once taken (its acceptance asks for it)."""
    echo("  experiment:")
    for label, value in (
        ("hypothesis", item.hypothesis),
        ("success metric", item.success_metric),
        ("guardrail", item.guardrail_metric),
        ("decision rule", item.decision_rule),
    ):
        echo(f"   {label:<15} {value or '—'}")
    if item.result is None:
        echo(f"   {'result':<15} — not decided yet (ship, iterate or kill)")
    else:
        note = f": {item.result_note}" if item.result_note else ""
        echo(f"   {'result':<15} {item.result.value}{note}")


@click.command()
@click.argument("key")
@click.pass_context
def history(ctx: click.Context, key: str) -> None:
    """The item's changes, oldest first."""
    for event in board_of(ctx).items.history(key):
        echo(describe(event))


@click.command(name="list")
@click.option("--status", type=click.Choice([s.value for s in Status]))
@click.option("--horizon", type=click.Choice([h.value for h in Horizon]))
@click.option("--sprint", help="Sprint name, or 'current'.")
@json_option
@click.pass_context
def list_items(
    ctx: click.Context, status: str | None, horizon: str | None, sprint: str | None, as_json: bool
) -> None:
    """Items in rank order."""
    board = board_of(ctx)
    sprint_id = board.sprints.find_sprint(sprint).id if sprint else None
    if as_json:
        found = item_texts(board, status=status, horizon=horizon, sprint_id=sprint_id)
        echo(f"[{','.join(found)}]")
        return
    views = board.lists.list_views(
        status=status, horizon=horizon, sprint_id=sprint_id, positioned=True
    )
    if not views:
        echo("no items")
        return
    echo(
        f"{'rank':>4} {'key':<6} {'title':<40} {'kind':<10} {'status':<8} {'score':>5} "
        f"{'est':>3} R  {'horizon':<9} owner"
    )
    for v in views:
        item = v.item
        marker = f" · slipped ×{item.slipped}" if item.slipped else ""
        room = 40 - len(marker)
        title = (item.title if len(item.title) <= room else item.title[: room - 1] + "…") + marker
        estimate = "" if item.estimate is None else str(item.estimate)
        rank = v.position or "—"  # done and dropped items are out of the ranking
        echo(
            f"{rank:>4} {item.key:<6} {title:<40} {item.kind.value:<10} "
            f"{item.status.value:<8} {v.score:>5} {estimate:>3} {'✓' if v.ready else '✗'}"
            f"  {item.horizon.value:<9} {item.owner or ''}"
        )


def _report_move(result: MoveResult, as_json: bool) -> None:
    item = result.item
    if as_json:
        echo_json(move_json(result))
        return
    for notice in result.warnings:
        warn(notice.sentence)
    echo(f"{item.key} → {item.status.value}")


@click.command()
@click.argument("key")
@click.argument("status", type=click.Choice([s.value for s in Status]))
@click.option("--expect-version", type=int, help="Refuse if the item has changed since.")
@json_option
@click.pass_context
def move(
    ctx: click.Context, key: str, status: str, expect_version: int | None, as_json: bool
) -> None:
    """Move an item. Done goes through the acceptance gate; todo, doing and review hold
    sprint work, so an item from outside the active sprint enters it if it is ready."""
    _report_move(board_of(ctx).items.move(key, status, expect_version), as_json)


@click.command()
@click.argument("key")
@click.option("--expect-version", type=int, help="Refuse if the item has changed since.")
@json_option
@click.pass_context
def accept(ctx: click.Context, key: str, expect_version: int | None, as_json: bool) -> None:
    """Accept an item as done (same as: move KEY done)."""
    _report_move(board_of(ctx).items.accept(key, expect_version), as_json)


def _report_criterion(item: Item, n: int, as_json: bool) -> None:
    state = item.criteria[n - 1].state.value
    if as_json:
        echo_json(criterion_json(item, n))
    else:
        echo(f"{item.key} criterion {n} {state}")


def _criterion_command(name: str, help_text: str) -> click.Command:
    @click.command(name=name, help=help_text)
    @click.argument("key")
    @click.argument("n", type=int)
    @click.option("--expect-version", type=int, help="Refuse if the item has changed since.")
    @json_option
    @click.pass_context
    def command(
        ctx: click.Context, key: str, n: int, expect_version: int | None, as_json: bool
    ) -> None:
        board = board_of(ctx)
        change = board.items.check if name == "check" else board.items.uncheck
        _report_criterion(change(key, n, expect_version), n, as_json)

    return command


@click.command()
@click.argument("key")
@click.argument("n", type=int)
@click.option("--reason", required=True, help="Why the criterion is waived.")
@click.option("--expect-version", type=int, help="Refuse if the item has changed since.")
@json_option
@click.pass_context
def waive(
    ctx: click.Context,
    key: str,
    n: int,
    reason: str,
    expect_version: int | None,
    as_json: bool,
) -> None:
    """Waive criterion N of an item, with a reason."""
    _report_criterion(board_of(ctx).items.waive(key, n, reason, expect_version), n, as_json)


@click.command()
@click.argument("key", required=False)
@click.option("--top", is_flag=True, help="Move to the top of the backlog.")
@click.option("--bottom", is_flag=True, help="Move to the bottom.")
@click.option("--before", help="Place just before this item.")
@click.option("--after", help="Place just after this item.")
@click.option("--by-score", is_flag=True, help="Reorder every open item by score.")
@click.pass_context
def rank(
    ctx: click.Context,
    key: str | None,
    top: bool,
    bottom: bool,
    before: str | None,
    after: str | None,
    by_score: bool,
) -> None:
    """Place an item in the manual order, or rank everything by score."""
    board = board_of(ctx)
    if by_score:
        if key or top or bottom or before or after:
            raise InvalidInputError("--by-score takes no item and no other option")
        echo(f"ranked by score: {board.items.rank_by_score()} items moved")
        return
    if key is None:
        raise InvalidInputError("give an item KEY, or --by-score")
    item = board.items.rank(key, top=top, bottom=bottom, before=before, after=after)
    echo(f"{item.key} is now at rank {board.lists.view(item.id or 0).position}")


COMMANDS = (
    add, edit, show, history, list_items, move, accept,
    _criterion_command("check", "Mark criterion N of an item as met."),
    _criterion_command("uncheck", "Mark criterion N of an item as open again."),
    waive, rank,
)  # fmt: skip
