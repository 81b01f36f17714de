"""The whole board as `export --format json` writes it and `import` takes it back: the
board's own models, each as its JSON (`model_dump(mode="json")`), under a format tag and
the schema version of the file it came from; the members and requests as
`services.transfer_people` writes and reads them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from typing_extensions import TypedDict

from ..domain.models import Event, Item
from ..domain.planning import Goal, Retro, Sprint
from ..domain.settings import Settings
from ..services.transfer_people import MemberRecord, RequestRecord
from .shapes import closed

if TYPE_CHECKING:
    from ..board import Board


@closed
class BoardExportJson(TypedDict):
    """The export's shape, for its schema: each list holds the models as JSON (what
    `import_data` reads back exactly)."""

    format: Literal["poboard-board"]
    schema: int  # the board file's schema version
    settings: Settings
    goals: list[Goal]
    sprints: list[Sprint]
    items: list[Item]
    retros: list[Retro]
    events: list[Event]
    members: list[MemberRecord]  # with their roles and SSH public keys
    requests: list[RequestRecord]


def board_export(board: Board) -> dict[str, Any]:
    """Everything on the board in the `BoardExportJson` shape; one consistent read."""
    return board.transfer.export_data()
