"""Signing in with a one-time link, and every way a browser is kept out: a used, expired
or unknown link, a member removed or signed out, no session at all."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Browser, BrowserContext, Page, expect

from .browse import nav_links, shows_no_board, sign_in
from .conftest import new_context
from .served import NAV, OPEN, WebBoard

GONE = "This link no longer works"
SIGN_IN_NEEDED = "Sign-in needed"


def test_a_link_signs_in_to_the_roadmap_and_its_now_lane_is_the_boards(
    board: WebBoard, page: Page
) -> None:
    response = page.goto(board.cli_link("sam"))
    assert response is not None and response.status == 200
    assert page.url == f"{board.url}/roadmap"

    assert nav_links(page) == NAV
    expect(page.get_by_role("link", name="Roadmap")).to_have_attribute("aria-current", "page")
    expect(page.locator("header .who")).to_contain_text("sam stakeholder")
    now = [
        f"#{item['id']} {item['title']}"
        for item in board.items("--horizon", "now")
        if item["status"] in OPEN
    ]
    assert len(now) > 3, "the demo board has open items in Now"
    lane = page.locator("section.lane").filter(
        has=page.get_by_role("heading", name=re.compile(r"^Now \d+$"))
    )
    assert lane.locator(".card a").all_inner_texts() == now
    expect(lane.get_by_role("heading")).to_have_text(f"Now {len(now)}")
    assert any("web: sam signed in from 127.0.0.1" in line for line in board.log)


def test_a_used_expired_or_unknown_link_shows_only_that_it_no_longer_works(
    board: WebBoard, page: Page, chromium: Browser
) -> None:
    titles = board.titles()
    link = board.link("sam")
    sign_in(page, link)
    again = page.goto(link)  # the same browser, signed in by it
    assert again is not None and again.status == 410
    shows_no_board(page, titles)
    stranger, _ = new_context(chromium)
    try:
        other = stranger.new_page()
        # a link made two days ago, unused: it lasted 24 hours
        expired = board.link("lee", clock=lambda: datetime.now(UTC) - timedelta(days=2))
        unknown = f"{board.url}/signin/{'A' * 43}"
        for tried in (link, expired, unknown):
            response = other.goto(tried)
            assert response is not None and response.status == 410, tried
            assert other.url == tried  # no redirect: no session was made
            expect(other.get_by_role("heading", level=1)).to_have_text(GONE)
            shows_no_board(other, titles)
        assert stranger.cookies() == []
        response = other.goto(f"{board.url}/roadmap")
        assert response is not None and response.status == 401
        # the day a link lasts is what ended that one: one made 23 hours ago still works
        recent = board.link("lee", clock=lambda: datetime.now(UTC) - timedelta(hours=23))
        sign_in(other, recent)
    finally:
        stranger.close()
    # the first browser's session, made by the link's one use, still works
    response = page.goto(f"{board.url}/roadmap")
    assert response is not None and response.status == 200


def test_a_removed_or_signed_out_member_gets_the_sign_in_page_on_their_next_load(
    board: WebBoard, context: BrowserContext, chromium: Browser
) -> None:
    titles = board.titles()
    sams = context.new_page()
    sign_in(sams, board.link("sam"))
    lee, _ = new_context(chromium)
    try:
        lees = lee.new_page()
        sign_in(lees, board.link("lee"))
        lees.goto(f"{board.url}/sprint")
        # sam's page is closed (an open one would reload itself, racing the test's load)
        sams.close()

        board.poboard("member", "remove", "sam")
        sams = context.new_page()  # the same browser: sam's cookie is still in it
        response = sams.goto(f"{board.url}/roadmap")
        assert response is not None and response.status == 401
        expect(sams.get_by_role("heading", level=1)).to_have_text(SIGN_IN_NEEDED)
        shows_no_board(sams, titles)
        assert [cookie["name"] for cookie in context.cookies()] == ["poboard_session"]

        assert "(1 sessions ended)" in board.poboard("member", "logout", "lee")
        # lee's open page finds out by itself (its poll of /changes, every 2 s, is
        # refused) ...
        expect(lees.get_by_role("heading", level=1)).to_have_text(SIGN_IN_NEEDED, timeout=10_000)
        shows_no_board(lees, titles)
        # ... and so does every page lee opens
        for path in ("/roadmap", "/requests"):
            response = lees.goto(board.url + path)
            assert response is not None and response.status == 401
            shows_no_board(lees, titles)
    finally:
        lee.close()


def test_every_page_but_signing_in_needs_a_session(
    board: WebBoard, page: Page, context: BrowserContext
) -> None:
    titles = board.titles()
    for path in ("/", "/roadmap", "/sprint", "/requests", "/report", "/items/1"):
        response = page.goto(board.url + path)
        assert response is not None and response.status == 401, path
        expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_IN_NEEDED)
        shows_no_board(page, titles)
    changes = page.goto(f"{board.url}/changes")
    assert changes is not None and changes.status == 401
    assert changes.json() == {"error": "sign-in needed"}
    sent = context.request.post(f"{board.url}/requests", form={"title": "Let me in"})
    assert sent.status == 401
    assert not [title for title in titles if title in sent.text()]
    assert board.requests() == []
