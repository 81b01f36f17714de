"""One way to disable a key and say why.

A screen says why one of its actions cannot act here now (`why_not`, None: it can),
for two kinds of reason: the board's state (no sprint running, no card under the
cursor: the screen's `unavailable`), and who is using it — a member who may change
nothing but their requests (a stakeholder), for whom every action in the screen's
`WRITES` cannot act. Everything else follows from that one answer:

- the footer leaves the key out (`BoardFooter` asks `hidden`);
- pressed — or chosen in the command palette — the key does not act but says why, in
  one notification (the app's `run_action` asks `gate` before any action of a screen);
- the command palette does not offer the writes of a member who may make none.
"""

from __future__ import annotations

from typing import ClassVar, Protocol, runtime_checkable

from textual.dom import DOMNode

from ..board import Board, rules


@runtime_checkable
class KnowsWriter(Protocol):
    """The app: why this user may change nothing but their requests (None: they may)."""

    @property
    def writes_refused(self) -> str | None: ...


class KeyGate:
    """Mixed into a screen: which of its actions change the board, and why one cannot act
    here now."""

    WRITES: ClassVar[frozenset[str]] = frozenset()  # the actions that change the board

    def why_not(self, action: str) -> str | None:
        """Why this action cannot act here now, in one line (None: it can)."""
        if action in self.WRITES and (why := self.read_only()) is not None:
            return why
        return self.unavailable(action)

    def read_only(self) -> str | None:
        """Why this user may not use the screen's writes (None: they may)."""
        app = self.app if isinstance(self, DOMNode) else None
        return app.writes_refused if isinstance(app, KnowsWriter) else None

    def unavailable(self, action: str) -> str | None:
        """Why this action cannot act in the screen's present state (None: it can)."""
        return None

    def say_why(self, why: str) -> None:
        """A key that cannot act, pressed: the reason, once."""
        if isinstance(self, DOMNode):
            self.app.notify(why, title="Refused", severity="error", timeout=8)


def action_name(action: str) -> str:
    """`vote` of `vote`, `add_card` of `add_card(True)`."""
    return action.partition("(")[0]


def gate(target: object, action: str) -> str | None:
    """Why an action bound on `target` cannot act now (None: it can, or the target is
    not a gated screen). Actions of another namespace (`app.…`) are not the screen's."""
    if not isinstance(target, KeyGate) or "." in action_name(action):
        return None
    return target.why_not(action_name(action))


def hidden(target: object, action: str) -> bool:
    """Whether the footer leaves this key out."""
    return gate(target, action) is not None


def write_refused(target: object, action: str) -> bool:
    """Whether this action is a write this user may not make (the palette leaves it out)."""
    return (
        isinstance(target, KeyGate)
        and action_name(action) in target.WRITES
        and target.read_only() is not None
    )


def stakeholder_refusal(board: Board) -> str | None:
    """The services' refusal of a stakeholder's write (`not_allowed`), and where their
    own writes are; None for the team."""
    refusal = rules.role_refusal(board.user, board.core.is_stakeholder)
    return None if refusal is None else f"{refusal.text} — 6 Requests: n asks for something"
