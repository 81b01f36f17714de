"""Retros: cards in the format's columns, a limited number of votes each, action items."""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError

from ..errors import GateRefusal, InvalidInputError, NotFoundError
from ..models import RETRO_COLUMNS, ActionState, Retro, RetroAction, RetroCard, RetroFormat
from ..store import planning, retros
from .core import BoardCore, validation_message


class RetroService(BoardCore):
    def new_retro(
        self,
        sprint_id: int | None,
        format: RetroFormat | str = RetroFormat.DEFAULT,
    ) -> Retro:
        try:
            chosen = RetroFormat(format)
        except ValueError:
            names = ", ".join(f.value for f in RetroFormat)
            raise InvalidInputError(
                f"unknown retro format {format!r}; use one of {names}"
            ) from None
        with self.writing():
            if sprint_id is not None and planning.load_sprint(self.db, sprint_id=sprint_id) is None:
                raise NotFoundError(f"sprint {sprint_id} does not exist")
            retro = Retro(
                sprint_id=sprint_id, format=chosen, created_by=self.user, created_at=self.now()
            )
            retro.id = retros.insert_retro(self.db, retro)
            self.log(self.event("retro", None, "retro", None, f"retro {retro.id} ({chosen.value})"))
        return retro

    def retro(self, retro_id: int) -> Retro:
        found = retros.load_retro(self.db, retro_id)
        if found is None:
            raise NotFoundError(f"retro {retro_id} does not exist")
        return found

    def retros(self) -> list[Retro]:
        return retros.load_retros(self.db)

    def add_card(self, retro_id: int, column: str, text: str, anonymous: bool = False) -> RetroCard:
        with self.writing():
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
                    author=None if anonymous else self.user,
                    created_at=self.now(),
                )
            except ValidationError as error:
                raise InvalidInputError(validation_message(error)) from None
            card.id = retros.insert_card(self.db, card)
            event = self.event("card", None, column, None, card.text)
            self.log(event.model_copy(update={"user": "anonymous"}) if anonymous else event)
        return card

    def vote(self, card_id: int) -> int:
        """Spend one of the user's votes on a card; returns the votes the user has left."""
        with self.writing():
            retro = next(
                (r for r in retros.load_retros(self.db) if any(c.id == card_id for c in r.cards)),
                None,
            )
            if retro is None or retro.id is None:
                raise NotFoundError(f"card {card_id} does not exist")
            limit = self.settings().retro_votes
            used = retros.votes_used(self.db, retro.id, self.user)
            if used >= limit:
                raise GateRefusal(f"{self.user} has used all {limit} votes in this retro")
            retros.insert_vote(self.db, card_id, self.user, self.now())
            self.log(self.event("vote", None, "card", None, str(card_id)))
        return limit - used - 1

    def set_action_state(self, action_id: int, state: ActionState | str) -> RetroAction:
        try:
            chosen = ActionState(state)
        except ValueError:
            names = ", ".join(s.value for s in ActionState)
            raise InvalidInputError(f"{state!r} is not an action state; use {names}") from None
        with self.writing():
            action = retros.load_action(self.db, action_id)
            if action is None:
                raise NotFoundError(f"action {action_id} does not exist")
            old = action.state
            action.state = chosen
            retros.update_action(self.db, action)
            self.log(self.event("action", action.item_id, "state", old, chosen, note=action.text))
        return action

    def add_action(
        self, retro_id: int, text: str, owner: str | None = None, due: date | None = None
    ) -> RetroAction:
        with self.writing():
            self.retro(retro_id)
            try:
                action = RetroAction(retro_id=retro_id, text=text.strip(), owner=owner, due=due)
            except ValidationError as error:
                raise InvalidInputError(validation_message(error)) from None
            action.id = retros.insert_action(self.db, action)
            self.log(self.event("action", None, "action", None, action.text))
        return action
