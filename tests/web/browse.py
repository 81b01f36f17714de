"""What the tests do in a page: sign in with a link, fill the request form by its labels,
and read what a page shows."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, Response

FORM_LABELS = ("Title", "Audience", "Promise", "Proof", "Metric", "Why", "Needed by")


def sign_in(page: Page, link: str) -> Response:
    """Open a sign-in link: it must land on the roadmap."""
    response = page.goto(link)
    assert response is not None and response.status == 200, response
    assert page.url == link.split("/signin/")[0] + "/roadmap"
    return response


def field(page: Page, label: str) -> Locator:
    """A form field, found as a person finds it: by its label."""
    return page.get_by_label(label, exact=True)


def fill_form(page: Page, typed: dict[str, str]) -> None:
    for label, value in typed.items():
        field(page, label).fill(value)


def form_values(page: Page) -> dict[str, str]:
    return {label: field(page, label).input_value() for label in FORM_LABELS}


def send(page: Page) -> Response:
    """Press "Send request"; the response to the form's POST (before any redirect)."""
    with page.expect_navigation() as navigated:
        page.get_by_role("button", name="Send request").click()
    final = navigated.value
    assert final is not None
    sent = final.request.redirected_from
    posted = final if sent is None else sent.response()
    assert posted is not None and posted.request.method == "POST"
    return posted


def nav_links(page: Page) -> list[str]:
    return page.get_by_role("navigation", name="Board").get_by_role("link").all_inner_texts()


def shows_no_board(page: Page, titles: list[str]) -> None:
    """The page holds no board content: no navigation, no item's title anywhere in it."""
    html = page.content()
    assert page.get_by_role("navigation").count() == 0
    shown = [title for title in titles if title in html]
    assert shown == [], f"{page.url} shows items: {shown}"
