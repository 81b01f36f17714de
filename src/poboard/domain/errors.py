"""The ways the board says no. Each carries a stable code and one line a person can act on.

Interfaces choose their hint by the code (`Code.NOT_READY` → "e edits it"), never by the
words of the sentence, which may be reworded at any time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Code(StrEnum):
    """Stable names of refusals; scripts read them from `--json` errors."""

    # the gates
    NOT_READY = "not_ready"
    NO_CRITERIA = "no_criteria"
    CRITERIA_OPEN = "criteria_open"
    WAIVER_WITHOUT_REASON = "waiver_without_reason"
    DOD_MISSING = "dod_missing"
    NOT_PRODUCT_OWNER = "not_product_owner"
    NOT_ALLOWED = "not_allowed"  # a stakeholder's write other than their requests
    REOPEN_FIRST = "reopen_first"
    ALREADY_DONE = "already_done"
    EXPERIMENT_UNDECIDED = "experiment_undecided"
    BLOCKER_CYCLE = "blocker_cycle"
    # sprints
    NO_ACTIVE_SPRINT = "no_active_sprint"
    NO_SPRINT = "no_sprint"
    SPRINT_NOT_STARTED = "sprint_not_started"
    SPRINT_NOT_DUE = "sprint_not_due"
    SPRINT_CLOSED = "sprint_closed"
    SPRINT_ACTIVE = "sprint_active"
    NOT_IN_SPRINT = "not_in_sprint"
    NO_NEXT_SPRINT = "no_next_sprint"
    # retros
    VOTE_LIMIT = "vote_limit"
    NO_VOTE = "no_vote"
    NOT_AUTHOR = "not_author"
    ANONYMOUS_CARD = "anonymous_card"
    ACTION_SETTLED = "action_settled"
    RETRO_EXISTS = "retro_exists"
    # members
    KEY_IN_USE = "key_in_use"
    # everything else
    CONFLICT = "conflict"
    NOT_FOUND = "not_found"
    INVALID_INPUT = "invalid_input"
    BAD_ROW = "bad_row"
    READ_ONLY = "read_only"
    BOARD_FILE = "board_file"
    BOARD_BUSY = "board_busy"
    REFUSED = "refused"


@dataclass(frozen=True)
class Refusal:
    """One reason a gate says no: its code, and the sentence that says it."""

    code: Code
    text: str

    def __str__(self) -> str:
        return self.text


class PoboardError(Exception):
    """Base for every refusal the interfaces turn into one clear line."""

    exit_code = 1
    code: Code = Code.REFUSED

    def details(self) -> dict[str, Any]:
        """What a `--json` error adds to its code and message."""
        return {}


class BoardFileError(PoboardError):
    """The board file cannot be opened or written as a board."""

    code = Code.BOARD_FILE


class BoardBusyError(BoardFileError):
    """Another process held the board's write lock (an import, a backup) for longer than
    this one would wait: nothing was written, and trying again later may succeed."""

    code = Code.BOARD_BUSY


@dataclass(frozen=True)
class WriteBlocker:
    """What stops this account writing a board: the file in the way, whose it is, its
    mode, who is asking, and what fixes it. Plain data: the CLI prints `sentence()`, the
    TUI's header shows `short()`."""

    part: str  # "board", "-wal", "-shm" or "folder"
    path: str
    owner: str
    mode: int
    user: str
    fix: str

    def sentence(self) -> str:
        where = {"board": "", "folder": "its folder "}.get(self.part, f"the board's {self.part} ")
        return (
            f"the board is read-only for {self.user}: {where}{self.path} belongs to "
            f"{self.owner}, mode {self.mode:04o}; {self.fix}"
        )

    def short(self) -> str:
        name = "folder" if self.part == "folder" else self.path.rsplit("/", 1)[-1]
        return f"{name}: {self.owner}'s, {self.mode:04o}"


class ReadOnlyError(BoardFileError):
    """The board file cannot be written by this account: reads work, writes are refused."""

    code = Code.READ_ONLY

    def __init__(self, message: str | None = None, blocker: WriteBlocker | None = None) -> None:
        if message is None:
            message = blocker.sentence() if blocker else "this board cannot be written"
        super().__init__(message)
        self.blocker = blocker

    def details(self) -> dict[str, Any]:
        if self.blocker is None:
            return {}
        b = self.blocker
        return {
            "file": b.path,
            "part": b.part,
            "owner": b.owner,
            "mode": f"{b.mode:04o}",
            "user": b.user,
            "fix": b.fix,
        }


class NotFoundError(PoboardError):
    """No such item, sprint, goal or retro."""

    code = Code.NOT_FOUND


class InvalidInputError(PoboardError):
    """A value the model refuses (bad estimate, unknown key, bad date ...)."""

    exit_code = 2
    code = Code.INVALID_INPUT


class FieldError(InvalidInputError):
    """A refused value that belongs to one field of a form (`field`), so the form shows
    the refusal beside it."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


class SettingError(InvalidInputError):
    """A board setting's value the board refuses; it names the setting's key, so a
    settings form can point at the field."""

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key

    def details(self) -> dict[str, Any]:
        return {"key": self.key}


class GateRefusal(PoboardError):
    """A gate said no: Definition of Ready, acceptance, product-owner rule, vote limit.

    Its code is that of its first reason; `message` defaults to the reasons joined.
    """

    def __init__(
        self,
        refusals: Refusal | Sequence[Refusal],
        message: str | None = None,
        item_id: int | None = None,
    ) -> None:
        self.refusals = [refusals] if isinstance(refusals, Refusal) else list(refusals)
        if not self.refusals:
            raise ValueError("a refusal needs at least one reason")
        super().__init__(message or "; ".join(r.text for r in self.refusals))
        self.code = self.refusals[0].code
        self.item_id = item_id

    @property
    def codes(self) -> set[Code]:
        return {r.code for r in self.refusals}

    @property
    def reasons(self) -> list[str]:
        return [r.text for r in self.refusals]

    def details(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "reasons": [{"code": r.code.value, "message": r.text} for r in self.refusals]
        }
        if self.item_id is not None:
            found["item"] = f"#{self.item_id}"
        return found


class BadRowError(PoboardError):
    """A row of an import file the board refuses; the whole file is then refused."""

    code = Code.BAD_ROW

    def __init__(self, message: str, row: int, key: str | None = None) -> None:
        super().__init__(message)
        self.row = row
        self.key = key

    def details(self) -> dict[str, Any]:
        return {"row": self.row, "key": self.key}


def refuse(code: Code, text: str, item_id: int | None = None) -> GateRefusal:
    """A refusal with one reason."""
    return GateRefusal(Refusal(code, text), item_id=item_id)


class ConflictError(PoboardError):
    """A write based on a version that someone else has since changed."""

    code = Code.CONFLICT

    def __init__(self, message: str, item_id: int, by: str, at: str, version: int = 0) -> None:
        super().__init__(message)
        self.item_id = item_id
        self.by = by
        self.at = at
        self.version = version

    def details(self) -> dict[str, Any]:
        return {"item": f"#{self.item_id}", "by": self.by, "at": self.at, "version": self.version}
