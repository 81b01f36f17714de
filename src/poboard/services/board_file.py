"""What an exported board file holds: its parts parsed one by one, checked against each
other before anything is written, and copied with their ids (a restore) or without (an
import into a board in use)."""

from __future__ import annotations

from collections import Counter
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..domain import rules
from ..domain.errors import InvalidInputError
from ..domain.models import SOURCE_NAMES, Event, Item, Status
from ..domain.okr import checkins_from_events
from ..domain.planning import Goal, Retro
from ..domain.safe_text import LINK_SCHEMES, is_link
from .core import validation_message

M = TypeVar("M", bound=BaseModel)
MAX_NUMBER = 2**31 - 1  # of the items' numbering, which requests share
MAX_WHOLE = 2**53  # any whole number a file may hold (SQLite keeps up to 2**63 - 1)


def check_numbers(data: object) -> None:
    """No whole number in the file is past what a board keeps and counts on from."""
    found: list[object] = [data]
    while found:
        value = found.pop()
        if isinstance(value, dict):
            found.extend(value.values())
        elif isinstance(value, list):
            found.extend(value)
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WHOLE:
            shown = str(value) if len(str(value)) <= 24 else f"{str(value)[:20]}…"
            raise InvalidInputError(
                f"the file holds a number too large for a board ({shown}); nothing was imported"
            )


def parse_part(model: type[M], rows: object, what: str) -> list[M]:
    if not isinstance(rows, list):
        raise InvalidInputError(f"'{what}s' should be a list")
    parsed = []
    for n, row in enumerate(rows, start=1):
        try:
            parsed.append(model.model_validate(row))
        except ValidationError as error:
            raise InvalidInputError(
                f"{what} {n}: {validation_message(error)}; nothing was imported"
            ) from None
    return parsed


def before_checkins(goals: object) -> bool:
    """Whether the file's key results come from a poboard without check-ins (their
    history is then in its `key-result` events)."""
    if not isinstance(goals, list):
        return False
    krs = [kr for g in goals if isinstance(g, dict) for kr in g.get("key_results") or []]
    return bool(krs) and not any(isinstance(kr, dict) and "checkins" in kr for kr in krs)


def with_checkins(goals: list[Goal], history: list[Event]) -> list[Goal]:
    """Goals whose key results carry the check-ins their file kept as events."""
    found = checkins_from_events(goals, history)
    return [
        goal.model_copy(
            update={
                "key_results": [
                    kr.model_copy(update={"checkins": found.get(kr.id or 0, [])})
                    for kr in goal.key_results
                ]
            }
        )
        for goal in goals
    ]


def check_links(items: list[Item], retro_list: list[Retro], goals: list[Goal]) -> None:
    """What the file refers to inside itself must be there, once, and make sense; a
    source link must be a web or mail address."""
    kr_goals = {kr.id: g.id for g in goals for kr in g.key_results}
    for item in items:
        if item.key_result_id is None:
            continue
        if item.key_result_id not in kr_goals:
            raise InvalidInputError(
                f"item #{item.id} serves key result {item.key_result_id}, which the file does "
                "not have; nothing was imported"
            )
        if kr_goals[item.key_result_id] != item.goal_id:
            raise InvalidInputError(
                f"item #{item.id} serves key result {item.key_result_id} of goal "
                f"{kr_goals[item.key_result_id]} but names goal {item.goal_id}; "
                "nothing was imported"
            )
    for item in items:
        if item.source_url is not None and not is_link(item.source_url):
            raise InvalidInputError(
                f"item #{item.id} {item.title!r}: its source link {item.source_url!r} is not "
                f"a web or mail address ({', '.join(LINK_SCHEMES)}); nothing was imported"
            )
    numbered = [item.id for item in items if item.id is not None and item.id > MAX_NUMBER]
    if numbered:
        raise InvalidInputError(
            f"item #{numbered[0]}: a board numbers items up to {MAX_NUMBER:,}; nothing was imported"
        )
    counts = Counter(item.id for item in items if item.id is not None)
    duplicated = sorted(i for i, n in counts.items() if n > 1)  # a count each: not n²
    if duplicated:
        raise InvalidInputError(f"item #{duplicated[0]} appears twice; nothing was imported")
    seen: set[tuple[str | None, str]] = set()
    for item in items:
        if item.source_key is None:
            continue
        if (item.source, item.source_key) in seen:
            where = SOURCE_NAMES.get(item.source or "", item.source)
            raise InvalidInputError(
                f"two items come from {where} {item.source_key}; nothing was imported"
            )
        seen.add((item.source, item.source_key))
    for item in items:
        if item.id in item.blocked_by:
            raise InvalidInputError(f"item #{item.id} is blocked by itself; nothing was imported")
    for retro in retro_list:
        cards = {card.id for card in retro.cards}
        if any(vote.card_id not in cards for vote in retro.votes):
            raise InvalidInputError(
                f"retro {retro.id} has a vote for a card it does not have; nothing was imported"
            )


def fresh(model: M, keep: bool) -> M:
    """A copy that keeps its ids only when ids are being kept (a goal's key results and
    their check-ins too)."""
    if not keep and isinstance(model, Goal):
        return model.model_copy(
            update={
                "id": None,
                "key_results": [
                    kr.model_copy(
                        update={
                            "id": None,
                            "checkins": [c.model_copy(update={"id": None}) for c in kr.checkins],
                        }
                    )
                    for kr in model.key_results
                ],
            },
            deep=True,
        )
    return model.model_copy(deep=True) if keep else model.model_copy(update={"id": None}, deep=True)


def outside_sprint(item: Item, notes: list[str]) -> Item:
    """Todo, doing and review hold sprint work: an imported item that claims one of
    them without a sprint to be in lands in the backlog, and a note says so."""
    if item.sprint_id is None and item.status in rules.SPRINT_WORK:
        notes.append(
            f"{item.title!r} was {item.status.value} in no sprint; imported into the backlog"
        )
        return item.model_copy(update={"status": Status.BACKLOG})
    return item
