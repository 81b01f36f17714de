"""Signing in to the web pages without passwords: a product owner gives a member a
one-time link (valid a day); opening it starts a session the browser keeps as a cookie.
Only hashes of the secrets are stored; `logout`, or removing the member, ends every
session of theirs at once."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from ..domain.errors import NotFoundError
from ..domain.models import stamp
from ..store import members as member_store
from ..store import web_access
from .core import BoardCore
from .members import Members

LINK_LIFETIME = timedelta(hours=24)
SESSION_LIFETIME = timedelta(days=30)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SignInLink:
    member: str
    token: str  # the secret: shown once, never stored
    expires_at: str


@dataclass(frozen=True)
class WebSession:
    member: str
    token: str  # the cookie's secret
    expires_at: str


class SignIns:
    """One-time sign-in links and the web sessions they start."""

    def __init__(self, core: BoardCore, members: Members) -> None:
        self.core = core
        self.db = core.db
        self.members = members

    def link(self, name: str) -> SignInLink:
        """A new one-time sign-in link for a member (the product owners' to give)."""
        token = secrets.token_urlsafe(32)
        expires = stamp(self.core.clock() + LINK_LIFETIME)
        with self.core.writing():
            self.members.may_change_members("give sign-in links")
            self._known(name)
            web_access.forget_expired(self.db, self.core.now())
            web_access.insert_link(
                self.db, digest(token), name, self.core.user, self.core.now(), expires
            )
            self.core.log(self.core.event("member", None, "sign-in link", None, expires, name))
        return SignInLink(name, token, expires)

    def sign_in(self, token: str) -> WebSession | None:
        """Use a link: the session it starts, or None when it is unknown, used or expired
        (or its member is gone)."""
        now = self.core.now()
        with self.core.writing(by_anyone=True):
            member = web_access.use_link(self.db, digest(token), now)
            if member is None or member_store.member_id(self.db, member) is None:
                return None
            session = secrets.token_urlsafe(32)
            expires = stamp(self.core.clock() + SESSION_LIFETIME)
            web_access.insert_session(self.db, digest(session), member, now, expires)
        return WebSession(member, session, expires)

    def member_of(self, session_token: str) -> str | None:
        """Whose session this is, while it lasts and its member is still on the board."""
        return web_access.session_member(self.db, digest(session_token), self.core.now())

    def sign_out(self, session_token: str) -> None:
        """End one session: the browser's own "Sign out"."""
        with self.core.writing(by_anyone=True):
            web_access.end_session(self.db, digest(session_token))

    def logout(self, name: str) -> int:
        """End a member's web sessions and unused links at once; how many sessions."""
        with self.core.writing():
            self.members.may_change_members("sign members out")
            self._known(name)
            ended = web_access.end_member(self.db, name)
            self.core.log(self.core.event("member", None, "signed out", ended, None, name))
        return ended

    def address(self) -> str | None:
        """The web pages' address, as the server last recorded it."""
        return web_access.served_address(self.db)

    def served_at(self, url: str) -> None:
        """The server's record of where it listens: links point there by default."""
        if web_access.served_address(self.db) != url:
            with self.core.writing(by_anyone=True):
                web_access.record_address(self.db, url)

    def _known(self, name: str) -> None:
        if member_store.member_id(self.db, name) is None:
            raise NotFoundError(f"{name!r} is not a member of this board")
