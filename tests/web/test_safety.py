"""What the pages carry against another's script: user text shown as the text it is, a
Content-Security-Policy no page breaks, the headers against framing and leaking, and a
session cookie no script can read."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, Response, expect

from .browse import fill_form, send, sign_in
from .conftest import Watched
from .served import PAGES, WebBoard

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
TITLE = f"Launch {SCRIPT} with {IMAGE}"
DESCRIPTION = f"Inline {SCRIPT} and {IMAGE} in a line.\n\n{SCRIPT}\n\n{IMAGE}\n"


def only_our_script(page: Page) -> None:
    """The page's one script is live.js; no image, no event handler came from the text."""
    sources = page.evaluate("[...document.scripts].map(s => s.getAttribute('src'))")
    assert sources == ["/static/live.js"]
    assert page.locator("img").count() == 0
    handlers = page.evaluate(
        "[...document.querySelectorAll('*')].filter(e => e.getAttributeNames()"
        ".some(n => n.startsWith('on'))).length"
    )
    assert handlers == 0


def test_markup_in_titles_and_descriptions_shows_as_text_and_runs_nothing(
    board: WebBoard, page: Page, browsing: tuple[BrowserContext, Watched]
) -> None:
    _, watched = browsing
    key = board.poboard("add", TITLE, "--horizon", "now", "--description", DESCRIPTION).strip()
    number = key.removeprefix("#")
    sign_in(page, board.link("sam"))

    card = page.locator("section.lane .card a").filter(has_text=TITLE)
    expect(card).to_have_text(f"{key} {TITLE}")
    only_our_script(page)
    card.click()
    page.wait_for_url(f"{board.url}/items/{number}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{key} {TITLE}")
    assert page.title().startswith(f"{key} {TITLE} · ")
    prose = page.locator(".prose")
    expect(prose.locator("p")).to_have_text(
        [f"Inline {SCRIPT} and {IMAGE} in a line.", SCRIPT, IMAGE]
    )
    only_our_script(page)

    page.goto(f"{board.url}/requests")
    fill_form(page, {"Title": TITLE, "Why": DESCRIPTION})
    assert send(page).status == 303
    expect(page.locator("li.request")).to_contain_text(TITLE)
    only_our_script(page)
    for path in PAGES:  # every page, each with its own content, says nothing wrong
        response = page.goto(board.url + path)
        assert response is not None and response.status == 200, path
        only_our_script(page)
    assert watched.dialogs == []
    assert watched.errors == []


def security_headers(response: Response | None) -> None:
    assert response is not None
    headers = response.all_headers()
    policy = headers["content-security-policy"]
    directives = dict(part.strip().partition(" ")[::2] for part in policy.split(";"))
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-content-type-options"] == "nosniff"


def test_pages_carry_the_security_headers_and_the_session_cookie_is_httponly_and_lax(
    board: WebBoard, page: Page, context: BrowserContext
) -> None:
    outside = page.goto(f"{board.url}/roadmap")
    assert outside is not None and outside.status == 401
    security_headers(outside)
    gone = page.goto(f"{board.url}/signin/unknown")
    assert gone is not None and gone.status == 410
    security_headers(gone)

    landed = sign_in(page, board.link("sam"))
    redirect = landed.request.redirected_from
    assert redirect is not None
    signed = redirect.response()
    assert signed is not None and signed.status == 303
    security_headers(signed)
    set_cookie = signed.header_value("set-cookie") or ""
    assert set_cookie.startswith("poboard_session=")
    assert {"httponly", "samesite=lax", "path=/"} <= {
        part.strip().lower() for part in set_cookie.split(";")
    }
    (cookie,) = context.cookies()
    assert (cookie["name"], cookie["httpOnly"], cookie["sameSite"]) == (
        "poboard_session",
        True,
        "Lax",
    )
    assert cookie["secure"] is False  # plain http here; https behind a proxy marks it Secure
    assert page.evaluate("document.cookie") == ""  # no script on the page can read it

    for path in (*PAGES, "/items/1", "/changes", "/static/poboard.css"):
        response = page.goto(board.url + path)
        assert response is not None and response.status == 200, path
        security_headers(response)
        if path != "/static/poboard.css":
            assert response.header_value("cache-control") == "no-store", path
