"""Team members and their SSH keys: under `poboard serve` a member's key is who they are.

Once the board names product owners, only they change the members; every change is
one transaction with its events, like any other write.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..domain import rules
from ..domain.errors import Code, GateRefusal, InvalidInputError, NotFoundError, refuse
from ..domain.requests import Role
from ..store import members as member_store
from ..store import sessions as session_store
from ..store import web_access
from ..store.members import Member, MemberKey
from ..store.sessions import OpenSession
from .core import BoardCore, parse_choice

ROLE_REFUSAL = "{value} is not a role: use member or stakeholder"

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")


def check_name(name: str) -> str:
    if not NAME.fullmatch(name):
        raise InvalidInputError(
            f"{name!r} is not a member name: use up to 32 letters, digits, '.', '_' or '-'"
        )
    return name


def parse_keys(text: str, source: str = "") -> list[MemberKey]:
    """Every public key in `text` (one per line, as in a .pub or authorized_keys file);
    each one checked by asyncssh and fingerprinted. `source` names a file for messages."""
    import asyncssh

    where = f" in {source}" if source else ""
    if "PRIVATE KEY" in text:
        raise InvalidInputError(f"that is a private key{where}: give the public one (.pub)")
    keys = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            key = asyncssh.import_public_key(line)
        except (asyncssh.KeyImportError, ValueError):
            shown = line if len(line) <= 40 else line[:40] + "…"
            raise InvalidInputError(f"not an SSH public key{where}: {shown!r}") from None
        fields = line.split(None, 2)
        keys.append(
            MemberKey(
                type=key.get_algorithm(),
                data=base64.b64encode(key.public_data).decode("ascii"),
                comment=fields[2] if len(fields) > 2 else "",
                fingerprint=key.get_fingerprint("sha256"),
            )
        )
    if not keys:
        raise InvalidInputError(f"no SSH public key{where or ' given'}")
    return keys


@dataclass(frozen=True)
class MemberChange:
    """What `member add` did: the member, the keys it added, and the ones it had already."""

    name: str
    created: bool
    added: list[MemberKey]
    already: list[MemberKey]


class Members:
    """Who may come in over `serve`: members, their keys, their sessions, and how
    the board's files are shared."""

    def __init__(self, core: BoardCore) -> None:
        self.core = core
        self.db = core.db

    def all(self) -> list[Member]:
        return member_store.load_members(self.db)

    def member_of_key(self, fingerprint: str) -> str | None:
        return member_store.owner_of_key(self.db, fingerprint)

    def may_change_members(self, what: str = "change the members") -> None:
        refusal = rules.admin_refusal(
            self.core.user, self.core.settings().product_owners, self.core.served, what
        )
        if refusal:
            raise GateRefusal(refusal)

    def add_member(
        self, name: str, keys: Sequence[MemberKey], role: Role | str | None = None
    ) -> MemberChange:
        """Add a member, or keys to one; a key belongs to one member only. A new member
        is on the team unless `role` says stakeholder, who needs no key (they may come in
        through the web pages); `role` given for an existing member changes theirs."""
        check_name(name)
        wanted = None if role is None else parse_choice(Role, role, ROLE_REFUSAL)
        with self.core.writing():
            self.may_change_members()
            owner = member_store.member_id(self.db, name)
            created = owner is None
            if not keys and (created or wanted is None) and wanted is not Role.STAKEHOLDER:
                raise InvalidInputError("a member needs at least one key (--key)")
            if owner is None:
                given = wanted or Role.MEMBER
                owner = member_store.insert_member(
                    self.db, name, self.core.user, self.core.now(), given.value
                )
                self.core.log(self.core.event("member", None, "member", None, name))
                if given is not Role.MEMBER:
                    self.core.log(self.core.event("member", None, "role", None, given, note=name))
            elif wanted is not None:
                self._set_role(name, wanted)
            added, already, seen = [], [], set()
            for key in keys:
                if key.fingerprint in seen:
                    continue
                seen.add(key.fingerprint)
                holder = member_store.owner_of_key(self.db, key.fingerprint)
                if holder == name:
                    already.append(key)
                    continue
                if holder is not None:
                    raise refuse(
                        Code.KEY_IN_USE, f"key {key.fingerprint} already belongs to {holder}"
                    )
                stamped = MemberKey(
                    key.type,
                    key.data,
                    key.comment,
                    key.fingerprint,
                    self.core.user,
                    self.core.now(),
                )
                member_store.insert_key(self.db, owner, stamped)
                added.append(stamped)
                self.core.log(
                    self.core.event("member", None, "key", None, key.fingerprint, note=name)
                )
        return MemberChange(name, created, added, already)

    def role_of(self, name: str) -> Role:
        """A member's role; someone the members do not name is on the team."""
        found = member_store.role_of(self.db, name)
        return Role.STAKEHOLDER if found == Role.STAKEHOLDER else Role.MEMBER

    def set_role(self, name: str, role: Role | str) -> Role:
        """Make a member a stakeholder or one of the team (the product owners' to do)."""
        wanted = parse_choice(Role, role, ROLE_REFUSAL)
        with self.core.writing():
            self.may_change_members()
            if member_store.member_id(self.db, name) is None:
                raise NotFoundError(f"{name!r} is not a member of this board")
            self._set_role(name, wanted)
        return wanted

    def _set_role(self, name: str, role: Role) -> None:
        before = member_store.role_of(self.db, name)
        if before != role.value:
            member_store.set_role(self.db, name, role.value)
            self.core.log(self.core.event("member", None, "role", before, role, note=name))

    def remove_member(self, name: str) -> Member:
        with self.core.writing():
            self.may_change_members()
            owner = member_store.member_id(self.db, name)
            found = next((m for m in self.all() if m.name == name), None)
            if owner is None or found is None:
                raise NotFoundError(f"{name!r} is not a member of this board")
            member_store.delete_member(self.db, owner)
            web_access.end_member(self.db, name)  # their web sessions end with them
            self.core.log(self.core.event("member", None, "member", name, None))
        return found

    def remove_key(self, name: str, fingerprint: str) -> MemberKey:
        """Remove one of a member's keys (`SHA256:` may be left off); their last key
        stays, so a key is rotated by adding the new one first."""
        wanted = fingerprint if fingerprint.startswith("SHA256:") else f"SHA256:{fingerprint}"
        with self.core.writing():
            self.may_change_members()
            found = next((m for m in self.all() if m.name == name), None)
            if found is None:
                raise NotFoundError(f"{name!r} is not a member of this board")
            key = next((k for k in found.keys if k.fingerprint == wanted), None)
            if key is None:
                raise NotFoundError(
                    f"{name} has no key {wanted} (poboard member list shows theirs)"
                )
            if len(found.keys) == 1:
                raise InvalidInputError(
                    f"{wanted} is {name}'s only key: add the new one first "
                    f"(poboard member add {name} --key NEW.pub), or remove the member"
                )
            member_store.delete_key(self.db, wanted)
            self.core.log(self.core.event("member", None, "key", wanted, None, note=name))
        return key

    # ----- the sessions `poboard serve` has open ---------------------------------------------

    def sessions(self) -> list[OpenSession]:
        """The open sessions of every live server of this board (a product owner's to see,
        over `poboard serve`)."""
        self._may_administer("see the sessions")
        return [s for s in session_store.load_sessions(self.db) if _running(s.server)]

    def end_sessions(self, ids: Sequence[int] = (), member: str | None = None) -> list[OpenSession]:
        """Ask the server to end sessions, by id or all of a member's; it does within a
        second, saying who ended them. Returns the sessions asked to end."""
        with self.core.writing():
            self._may_administer("end sessions")
            open_now = self.sessions()
            known = {s.id for s in open_now}
            for missing in [i for i in ids if i not in known]:
                raise NotFoundError(
                    f"there is no open session {missing} (poboard sessions lists them)"
                )
            chosen = [s for s in open_now if s.id in ids or s.member == member]
            session_store.ask_to_end(self.db, [s.id for s in chosen], self.core.user)
        return chosen

    def sessions_asked_to_end(self) -> dict[int, str]:
        """The server's question: which sessions someone ended, and who."""
        return {s.id: s.ended_by for s in session_store.load_sessions(self.db) if s.ended_by}

    def _may_administer(self, what: str) -> None:
        """Over `poboard serve`, the product owners' alone; on the server, its account's."""
        if not self.core.served:
            return
        refusal = rules.admin_refusal(
            self.core.user, self.core.settings().product_owners, True, what
        )
        if refusal:
            raise GateRefusal(refusal)

    def session_opened(self, session: OpenSession) -> int:
        """The server's record of a session it opened; its id."""
        with self.core.writing(by_anyone=True):
            return session_store.insert_session(self.db, session)

    def sessions_closed(self, ids: Sequence[int]) -> None:
        with self.core.writing(by_anyone=True):
            session_store.delete_sessions(self.db, list(ids))

    def forget_dead_servers(self) -> None:
        """Rows left by a server that is gone (killed), or by this process's id before."""
        with self.core.writing(by_anyone=True):
            gone = [
                s.id
                for s in session_store.load_sessions(self.db)
                if s.server == os.getpid() or not _running(s.server)
            ]
            session_store.delete_sessions(self.db, gone)

    def key_used(self, fingerprint: str) -> None:
        with self.core.writing(by_anyone=True):
            session_store.key_used(self.db, fingerprint, self.core.now())

    def sharing(self) -> str | None:
        return member_store.sharing(self.db)

    def record_sharing(self) -> bool:
        """Record that the board is shared with its group; False when it was already."""
        with self.core.writing():
            before = member_store.sharing(self.db)
            if before == "group":
                return False
            member_store.record_sharing(self.db, "group")
            self.core.log(self.core.event("config", None, "shared", before, "group"))
        return True


def _running(pid: int) -> bool:
    """Whether process `pid` is alive (another account's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
