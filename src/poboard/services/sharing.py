"""Beside `board.Board`, what the interfaces use to make a board a team's: share its files
(`init --shared`), check them (`doctor`), read members' keys, and say whose a file is.
The CLI reaches these parts of the store through here, as it reaches the rest through
board.py."""

from __future__ import annotations

from ..store.access import (
    account_name,
    create_shared_board_file,
    exposure,
    group_name,
    init_command,
    share,
)
from ..store.doctor import Check, examine
from ..store.members import Member, MemberKey
from ..store.sessions import OpenSession
from .members import MemberChange, parse_keys

__all__ = [
    "Check",
    "Member",
    "MemberChange",
    "MemberKey",
    "OpenSession",
    "account_name",
    "create_shared_board_file",
    "examine",
    "exposure",
    "group_name",
    "init_command",
    "parse_keys",
    "share",
]
