"""The pages on a phone and on a desktop (screenshots of the roadmap, to look at), and
with a keyboard alone."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from .browse import sign_in
from .conftest import new_context
from .served import NAV, PAGES, WebBoard

PHONE = 375


def screenshots(tmp_path: Path) -> Path:
    """Where the screenshots go: $POBOARD_SCREENSHOTS, else this test's tmp_path."""
    folder = Path(os.environ.get("POBOARD_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def widest_item(board: WebBoard) -> int:
    """The item with the longest description (the demo's is a Markdown table)."""
    with board.service() as service:
        views = service.lists.list_views()
    longest = max(views, key=lambda view: len(view.item.description or ""))
    number: int | None = longest.item.id
    assert number is not None
    return number


def test_the_pages_fit_a_phone_and_the_roadmap_is_photographed_at_375_and_1280(
    board: WebBoard, chromium: Browser, tmp_path: Path
) -> None:
    context, watched = new_context(chromium, width=PHONE, height=800)
    try:
        page = context.new_page()
        sign_in(page, board.link("sam"))
        folder = screenshots(tmp_path)
        narrow = page.screenshot(path=folder / f"roadmap-{PHONE}.png", full_page=True)
        for path in (*PAGES, f"/items/{widest_item(board)}"):
            response = page.goto(board.url + path)
            assert response is not None and response.status == 200, path
            scrolled = page.evaluate("document.scrollingElement.scrollWidth")
            assert scrolled <= PHONE, f"{path} scrolls sideways on a phone: {scrolled} px wide"
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"{board.url}/roadmap")
        wide = page.screenshot(path=folder / "roadmap-1280.png", full_page=True)
        assert watched.errors == []
    finally:
        context.close()
    for shot, width in ((narrow, PHONE), (wide, 1280)):
        assert shot[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(shot[16:20], "big") == width  # the IHDR's width


def test_the_keyboard_alone_reaches_the_skip_link_then_the_nav_and_follows_sprint(
    board: WebBoard, page: Page
) -> None:
    sign_in(page, board.link("sam"))

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # shown once focused
    nav = page.get_by_role("navigation", name="Board")
    for name in NAV:
        page.keyboard.press("Tab")
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    sprint = nav.get_by_role("link", name="Sprint", exact=True)
    expect(sprint).to_be_focused()

    page.keyboard.press("Enter")

    page.wait_for_url(f"{board.url}/sprint")
    expect(nav.get_by_role("link", name="Sprint", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    # the skip link skips: Enter on it puts the focus on the page's content
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
