"""Signing in to the web pages through the board service: a link works once and for a
day, only its hash is stored, a session ends when its member is signed out or removed,
and only product owners give links or sign members out."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from poboard.board import Board
from poboard.domain.errors import GateRefusal, NotFoundError

START = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "b.db"
    board = Board.open(path, user="ana")
    board.config.configure("product_owners", "ana")
    board.members.add_member("sam", [], "stakeholder")
    board.members.add_member("lee", [], "stakeholder")
    board.close()
    return path


def open_as(db: Path, user: str, clock: Clock) -> Board:
    return Board.open(db, user=user, clock=clock)


def test_a_link_signs_in_once_and_stores_no_secret(db: Path, clock: Clock) -> None:
    ana = open_as(db, "ana", clock)
    link = ana.sign_ins.link("sam")
    session = ana.sign_ins.sign_in(link.token)
    assert session is not None and session.member == "sam"
    assert ana.sign_ins.member_of(session.token) == "sam"
    assert ana.sign_ins.sign_in(link.token) is None, "a used link signs no one in again"
    assert ana.sign_ins.member_of("not-a-session") is None
    ana.close()
    with sqlite3.connect(db) as conn:
        stored = " ".join(
            str(cell)
            for table in ("web_links", "web_sessions", "events")
            for row in conn.execute(f"SELECT * FROM {table}")
            for cell in row
        )
    assert link.token not in stored and session.token not in stored


def test_a_link_lasts_a_day_and_a_session_thirty(db: Path, clock: Clock) -> None:
    ana = open_as(db, "ana", clock)
    late = ana.sign_ins.link("sam")
    timely = ana.sign_ins.link("sam")
    clock.now = START + timedelta(hours=23, minutes=59)
    session = ana.sign_ins.sign_in(timely.token)
    assert session is not None
    clock.now = START + timedelta(hours=24, seconds=1)
    assert ana.sign_ins.sign_in(late.token) is None
    clock.now = START + timedelta(days=30, hours=23)
    assert ana.sign_ins.member_of(session.token) == "sam"
    clock.now = START + timedelta(days=31)
    assert ana.sign_ins.member_of(session.token) is None


def test_logout_and_removal_end_sessions_at_once(db: Path, clock: Clock) -> None:
    ana = open_as(db, "ana", clock)
    sams = [ana.sign_ins.sign_in(ana.sign_ins.link("sam").token) for _ in range(2)]
    lees = ana.sign_ins.sign_in(ana.sign_ins.link("lee").token)
    unused = ana.sign_ins.link("sam")
    assert all(s is not None for s in sams) and lees is not None
    assert ana.sign_ins.logout("sam") == 2
    assert [ana.sign_ins.member_of(s.token) for s in sams if s] == [None, None]
    assert ana.sign_ins.sign_in(unused.token) is None, "logout voids unused links too"
    assert ana.sign_ins.member_of(lees.token) == "lee", "another member's session lasts"
    # a second process removes lee: the first one's next check refuses the session
    other = open_as(db, "ana", clock)
    other.members.remove_member("lee")
    other.close()
    assert ana.sign_ins.member_of(lees.token) is None


def test_one_session_signs_out_alone(db: Path, clock: Clock) -> None:
    ana = open_as(db, "ana", clock)
    first = ana.sign_ins.sign_in(ana.sign_ins.link("sam").token)
    second = ana.sign_ins.sign_in(ana.sign_ins.link("sam").token)
    assert first is not None and second is not None
    ana.sign_ins.sign_out(first.token)
    assert ana.sign_ins.member_of(first.token) is None
    assert ana.sign_ins.member_of(second.token) == "sam"


def test_only_product_owners_give_links_or_sign_members_out(db: Path, clock: Clock) -> None:
    ana = open_as(db, "ana", clock)
    before = ana.events()
    for user in ("sam", "ben"):
        board = open_as(db, user, clock)
        with pytest.raises(GateRefusal):
            board.sign_ins.link("sam")
        with pytest.raises(GateRefusal):
            board.sign_ins.logout("sam")
        board.close()
    with pytest.raises(NotFoundError, match="'bob' is not a member"):
        ana.sign_ins.link("bob")
    assert ana.events() == before, "a refused link or sign-out writes nothing"


def test_the_log_says_who_gave_a_link_and_who_was_signed_out(db: Path, clock: Clock) -> None:
    ana = open_as(db, "ana", clock)
    ana.sign_ins.link("sam")
    ana.sign_ins.logout("sam")
    said = [(e.user, e.field, e.note) for e in ana.events() if e.action == "member"][-2:]
    assert said == [("ana", "sign-in link", "sam"), ("ana", "signed out", "sam")]
