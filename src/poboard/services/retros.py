"""Retros: cards in the format's columns, a limited number of votes each, and action items
that the next retro reviews (done, carried over, dropped) so none is silently forgotten."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from pydantic import ValidationError

from ..domain import rules
from ..domain.errors import Code, InvalidInputError, NotFoundError, refuse
from ..domain.models import RETRO_COLUMNS, ActionState, Criterion, Horizon, Item, Kind, RetroFormat
from ..domain.planning import Retro, RetroAction, RetroCard, Sprint
from ..store import planning, retros
from .core import BoardCore, parse_choice, validation_message
from .items import Items

REVIEW_OUTCOMES = (ActionState.DONE, ActionState.CARRIED, ActionState.DROPPED)
TITLE_LIMIT = 200


def cards_by_votes(cards: Iterable[RetroCard], column: str | None = None) -> list[RetroCard]:
    """Most votes first; cards with equal votes keep the order they were written in."""
    chosen = [card for card in cards if column is None or card.column == column]
    return sorted(chosen, key=lambda card: -card.votes)


def actions_to_review(all_retros: Sequence[Retro], retro_id: int) -> list[RetroAction]:
    """The open actions of every retro before this one, oldest first: each needs a decision."""
    earlier = sorted((r for r in all_retros if (r.id or 0) < retro_id), key=lambda r: r.id or 0)
    return [a for retro in earlier for a in retro.actions if a.state is ActionState.OPEN]


def action_title(text: str) -> str:
    """An action's text as an item title (titles are shorter than actions)."""
    text = " ".join(text.split())
    return text if len(text) <= TITLE_LIMIT else text[: TITLE_LIMIT - 1].rstrip() + "…"


UNKNOWN_STATE = "{value} is not an action state; use {names}"


class Retros:
    """Retros: cards, votes and actions; an action becomes an item through
    `items`."""

    def __init__(self, core: BoardCore, items: Items) -> None:
        self.core = core
        self.db = core.db
        self.items = items

    # ----- retros --------------------------------------------------------------------------

    def new_retro(
        self,
        sprint_id: int | None,
        format: RetroFormat | str = RetroFormat.DEFAULT,
    ) -> Retro:
        """A new retro; a sprint has one, so a second for the same sprint is refused."""
        chosen = parse_choice(
            RetroFormat, format, "unknown retro format {value}; use one of {names}"
        )
        with self.core.writing():
            if sprint_id is not None:
                sprint = planning.load_sprint(self.db, sprint_id=sprint_id)
                if sprint is None:
                    raise NotFoundError(f"sprint {sprint_id} does not exist")
                existing = retros.retro_of_sprint(self.db, sprint_id)
                if existing is not None:
                    raise refuse(
                        Code.RETRO_EXISTS,
                        f"{sprint.name} already has a retro (retro {existing.id}); open that one",
                    )
            retro = Retro(
                sprint_id=sprint_id,
                format=chosen,
                created_by=self.core.user,
                created_at=self.core.now(),
            )
            retro.id = retros.insert_retro(self.db, retro)
            self.core.log(
                self.core.event("retro", None, "retro", None, f"retro {retro.id} ({chosen.value})")
            )
        return retro

    def retro_sprint(self, sprint_name: str | None = None) -> Sprint:
        """The sprint named, else the one closed most recently."""
        if sprint_name:
            found = planning.load_sprint(self.db, name=sprint_name)
            if found is None:
                raise NotFoundError(f"no sprint is named {sprint_name!r}")
            return found
        found = rules.last_closed(planning.load_sprints(self.db))
        if found is None:
            raise NotFoundError("no sprint is closed yet; name the sprint this retro is for")
        return found

    def retro_for(self, sprint_name: str | None = None) -> Retro | None:
        """The retro of the sprint named (default: the last closed one), if it has one."""
        return retros.retro_of_sprint(self.db, self.retro_sprint(sprint_name).id or 0)

    def open_retro(
        self, sprint_id: int | None = None, format: RetroFormat | str = RetroFormat.DEFAULT
    ) -> Retro:
        """The sprint's retro (default: the last closed sprint), created on first use.

        Opening it again returns the same retro, in the format it was created with.
        """
        chosen = parse_choice(
            RetroFormat, format, "unknown retro format {value}; use one of {names}"
        )
        if sprint_id is None:
            sprint_id = self.retro_sprint().id or 0
        elif planning.load_sprint(self.db, sprint_id=sprint_id) is None:
            raise NotFoundError(f"sprint {sprint_id} does not exist")
        existing = retros.retro_of_sprint(self.db, sprint_id)
        if existing is not None:
            return existing
        with self.core.writing():
            existing = retros.retro_of_sprint(self.db, sprint_id)
            return existing if existing is not None else self.new_retro(sprint_id, chosen)

    def retro(self, retro_id: int) -> Retro:
        found = retros.load_retro(self.db, retro_id)
        if found is None:
            raise NotFoundError(f"retro {retro_id} does not exist")
        return found

    def all(self) -> list[Retro]:
        return retros.load_retros(self.db)

    # ----- cards and votes -----------------------------------------------------------------

    def add_card(self, retro_id: int, column: str, text: str, anonymous: bool = False) -> RetroCard:
        """A card in one of the format's columns; an anonymous one stores no author, and its
        event names nobody."""
        with self.core.writing():
            retro = self.retro(retro_id)
            if column not in RETRO_COLUMNS[retro.format]:
                raise InvalidInputError(
                    f"{column!r} is not a column of this retro: {', '.join(retro.columns)}"
                )
            try:
                card = RetroCard(
                    retro_id=retro_id,
                    column=column,
                    text=text.strip(),
                    author=None if anonymous else self.core.user,
                    created_at=self.core.now(),
                )
            except ValidationError as error:
                raise InvalidInputError(validation_message(error)) from None
            card.id = retros.insert_card(self.db, card)
            event = self.core.event("card", None, column, None, card.text)
            self.core.log(event.model_copy(update={"user": "anonymous"}) if anonymous else event)
        return card

    def card(self, card_id: int) -> RetroCard:
        found = retros.load_card(self.db, card_id)
        if found is None:
            raise NotFoundError(f"card {card_id} does not exist")
        return found

    def edit_card(self, card_id: int, text: str) -> RetroCard:
        """Only the card's author may reword it; an anonymous card has no author to ask."""
        with self.core.writing():
            card = self.own_card(card_id, "edit")
            try:
                edited = RetroCard.model_validate({**card.model_dump(), "text": text.strip()})
            except ValidationError as error:
                raise InvalidInputError(validation_message(error)) from None
            if edited.text == card.text:
                return card
            retros.update_card_text(self.db, card_id, edited.text)
            self.core.log(self.core.event("card", None, card.column, card.text, edited.text))
        return edited

    def delete_card(self, card_id: int) -> None:
        """Only the card's author may delete it; the votes on it go back to the voters."""
        with self.core.writing():
            card = self.own_card(card_id, "delete")
            retros.delete_card(self.db, card_id)
            self.core.log(
                self.core.event("card", None, card.column, card.text, None, note="deleted")
            )

    def own_card(self, card_id: int, verb: str) -> RetroCard:
        """The card, if this user may `verb` it (only its author may); else a refusal."""
        card = self.card(card_id)
        if card.author is None:
            raise refuse(
                Code.ANONYMOUS_CARD, f"card {card_id} is anonymous, so nobody can {verb} it"
            )
        if card.author != self.core.user:
            raise refuse(
                Code.NOT_AUTHOR, f"card {card_id} is {card.author}'s; only its author may {verb} it"
            )
        return card

    def votes_left(self, retro_id: int) -> int:
        """How many of the board's votes per person this user has still to spend here."""
        self.retro(retro_id)
        used = retros.votes_used(self.db, retro_id, self.core.user)
        return max(0, self.core.settings().retro_votes - used)

    def vote(self, card_id: int) -> int:
        """Spend one of the user's votes on a card; returns the votes the user has left."""
        with self.core.writing():
            card = self.card(card_id)
            retro_id = card.retro_id or 0
            limit = self.core.settings().retro_votes
            used = retros.votes_used(self.db, retro_id, self.core.user)
            if used >= limit:
                raise refuse(
                    Code.VOTE_LIMIT, f"{self.core.user} has used all {limit} votes in this retro"
                )
            retros.insert_vote(self.db, card_id, self.core.user, self.core.now())
            self.core.log(self.core.event("vote", None, "card", None, str(card_id)))
        return limit - used - 1

    def unvote(self, card_id: int) -> int:
        """Take back one of the user's votes on a card; returns the votes the user has left."""
        with self.core.writing():
            card = self.card(card_id)
            if not retros.delete_vote(self.db, card_id, self.core.user):
                raise refuse(
                    Code.NO_VOTE, f"{self.core.user} has no vote on card {card_id} to take back"
                )
            self.core.log(self.core.event("unvote", None, "card", str(card_id), None))
            return self.votes_left(card.retro_id or 0)

    # ----- actions -------------------------------------------------------------------------

    def add_action(
        self, retro_id: int, text: str, owner: str | None = None, due: date | None = None
    ) -> RetroAction:
        """A new open action; its due date, if any, is today or later (a day already past
        would be overdue the moment it is written)."""
        today = self.core.today()
        if due is not None and due < today:
            raise InvalidInputError(
                f"due {due.isoformat()} is in the past: choose today ({today.isoformat()}) "
                "or a later day"
            )
        with self.core.writing():
            self.retro(retro_id)
            try:
                action = RetroAction(retro_id=retro_id, text=text.strip(), owner=owner, due=due)
            except ValidationError as error:
                raise InvalidInputError(validation_message(error)) from None
            action.id = retros.insert_action(self.db, action)
            self.core.log(self.core.event("action", None, "action", None, action.text))
        return action

    def action(self, action_id: int) -> RetroAction:
        found = retros.load_action(self.db, action_id)
        if found is None:
            raise NotFoundError(f"action {action_id} does not exist")
        return found

    def set_action_state(self, action_id: int, state: ActionState | str) -> RetroAction:
        """Any state by hand, except carried: carrying over goes through `review_action`,
        so the action lives on in a later retro."""
        chosen = parse_choice(ActionState, state, UNKNOWN_STATE)
        if chosen is ActionState.CARRIED:
            return self.review_action(action_id, chosen)
        with self.core.writing():
            action = self.action(action_id)
            old = action.state
            action.state = chosen
            retros.update_action(self.db, action)
            self.core.log(
                self.core.event("action", action.item_id, "state", old, chosen, note=action.text)
            )
        return action

    def previous_open_actions(self, retro_id: int) -> list[RetroAction]:
        """What this retro reviews first: the open actions of every earlier retro."""
        self.retro(retro_id)
        return actions_to_review(retros.load_retros(self.db), retro_id)

    def review_action(
        self, action_id: int, outcome: ActionState | str, retro_id: int | None = None
    ) -> RetroAction:
        """Settle an open action: done, dropped, or carried over into a later retro (by
        default the newest), where a copy stays open. Returns the copy when carried."""
        chosen = parse_choice(ActionState, outcome, UNKNOWN_STATE)
        if chosen not in REVIEW_OUTCOMES:
            raise InvalidInputError("review an action as done, carried or dropped")
        with self.core.writing():
            action = self.action(action_id)
            if action.state is not ActionState.OPEN:
                raise refuse(
                    Code.ACTION_SETTLED, f"action {action_id} is already {action.state.value}"
                )
            copy = None
            if chosen is ActionState.CARRIED:
                target = retro_id if retro_id is not None else retros.latest_retro_id(self.db)
                self.retro(target or 0)
                if (target or 0) <= (action.retro_id or 0):
                    raise refuse(
                        Code.INVALID_INPUT,
                        f"action {action_id} belongs to retro {action.retro_id}; "
                        "it can only be carried into a later retro",
                    )
                copy = action.model_copy(
                    update={
                        "id": None,
                        "retro_id": target,
                        "state": ActionState.OPEN,
                        "carried_from": action.id,
                    }
                )
                copy.id = retros.insert_action(self.db, copy)
            action.state = chosen
            retros.update_action(self.db, action)
            self.core.log(
                self.core.event(
                    "action", action.item_id, "state", ActionState.OPEN, chosen, note=action.text
                )
            )
            if copy is not None:
                self.core.log(
                    self.core.event(
                        "action",
                        copy.item_id,
                        "action",
                        None,
                        copy.text,
                        note=f"carried over from retro {action.retro_id}",
                    )
                )
        return copy or action

    def action_item_draft(self, action_id: int) -> Item:
        """The backlog item an open action would become, unsaved: its text as the title,
        its owner, and a description naming the retro it came from, for a person to
        complete before it is added (an action already settled or an item is refused)."""
        return self._draft_of(self._convertible(action_id))

    def action_to_item(
        self,
        action_id: int,
        title: str | None = None,
        criteria: Sequence[str | Criterion] = (),
        **fields: Any,
    ) -> Item:
        """Turn an open action into a backlog item (through the usual add) and link the
        two, in one write: the action keeps the item's key. Without a title the item is
        the action's draft as it stands; with one, the fields given (the draft as a
        person completed it)."""
        with self.core.writing():
            action = self._convertible(action_id)
            if title is None:
                draft = self._draft_of(action)
                title = draft.title
                fields = draft.model_dump(include={"kind", "owner", "horizon", "description"})
            item = self.items.add(title, criteria, **fields)
            action.item_id = item.id
            retros.update_action(self.db, action)
            self.core.log(
                self.core.event("action", item.id, "item", None, item.key, note=action.text)
            )
        return item

    def _convertible(self, action_id: int) -> RetroAction:
        """The action, if it may still become a backlog item: open, and no item yet."""
        action = self.action(action_id)
        if action.item_id is not None:
            raise refuse(
                Code.ACTION_SETTLED,
                f"action {action_id} is already backlog item #{action.item_id}",
            )
        if action.state is not ActionState.OPEN:
            raise refuse(
                Code.ACTION_SETTLED,
                f"action {action_id} is {action.state.value}; "
                "only an open action becomes a backlog item",
            )
        return action

    def _draft_of(self, action: RetroAction) -> Item:
        origin = self._origin(action.retro_id or 0)
        details = [f"retro action {action.id}"]
        if action.owner:
            details.append(f"owner {action.owner}")
        if action.due:
            details.append(f"due {action.due.isoformat()}")
        return Item(
            title=action_title(action.text),
            kind=Kind.CHORE,
            owner=action.owner,
            horizon=Horizon.NOW,
            description=f"From {origin}: {action.text}\n\n" + " · ".join(details),
        )

    def _origin(self, retro_id: int) -> str:
        """How an item names the retro it came from: "the Sprint 13 retro"."""
        retro = self.retro(retro_id)
        sprint = (
            planning.load_sprint(self.db, sprint_id=retro.sprint_id) if retro.sprint_id else None
        )
        if sprint is not None:
            return f"the {sprint.name} retro"
        return f"the retro of {retro.created_at[:10]}" if retro.created_at else f"retro {retro_id}"
