"""The one write the pages allow: a request sent through the form on Requests, the
product owner's answer showing up there by itself, the form's refusals shown beside
their fields, and a form that did not come from the board's page refused."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect

from .browse import FORM_LABELS, field, fill_form, form_values, send, sign_in
from .served import WebBoard

ASKED = {
    "Title": "Partner webinar with Globex",
    "Audience": "agency owners",
    "Promise": "Learn how Globex renews retainers",
    "Proof": "Globex renewals went from 61% to 88%",
    "Metric": "webinar registrations from agencies",
    "Why": "Sales asked for it twice.\nGlobex agreed to speak.",
    "Needed by": "2027-03-01",
}
STORED = {  # the request's JSON fields, by the form's labels
    "Title": "title",
    "Audience": "audience",
    "Promise": "promise",
    "Proof": "proof",
    "Metric": "metric",
    "Why": "why",
    "Needed by": "needed_by",
}


def open_form(page: Page, board: WebBoard, member: str = "sam") -> None:
    sign_in(page, board.link(member))
    page.get_by_role("link", name="Requests").click()
    page.wait_for_url(f"{board.url}/requests")
    assert [label for label in FORM_LABELS if field(page, label).count() == 1] == list(FORM_LABELS)


def send_ask(page: Page, board: WebBoard) -> str:
    """Send ASKED through the form; the key of the request it made."""
    fill_form(page, ASKED)
    posted = send(page)
    assert posted.status == 303
    number = page.url.rpartition("sent=")[2]
    assert page.url == f"{board.url}/requests?sent={number}"
    return f"#{number}"


def test_a_request_sent_through_the_form_is_new_and_by_its_member(
    board: WebBoard, page: Page
) -> None:
    open_form(page, board)
    key = send_ask(page, board)

    expect(page.get_by_role("status")).to_have_text(
        f"Request {key} sent. The product owner will decide on it; its status shows here."
    )
    (request,) = board.requests()
    assert request["key"] == key
    assert request["status"] == "new"
    assert request["requested_by"] == "sam"
    assert {label: request[name] for label, name in STORED.items()} == ASKED
    mine = page.locator("li.request")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text(f"{key} {ASKED['Title']} new")
    # the form is empty again, ready for the next one
    assert set(form_values(page).values()) == {""}
    assert any(f"web: sam sent request {key}" in line for line in board.log)


def test_a_decline_from_the_terminal_shows_its_reason_live_and_keeps_a_half_typed_form(
    board: WebBoard, page: Page
) -> None:
    open_form(page, board)
    key = send_ask(page, board)
    half = {"Title": "Half-typed second ask", "Why": "still thinking <b>about</b> it"}
    fill_form(page, half)
    field(page, "Why").focus()
    page.evaluate("window.notReloaded = true")
    reason = "Not this quarter: the <team> is on the Templates launch"

    said = board.poboard("request", "decline", key, "--reason", reason)

    assert said.strip() == f"declined {key}: {reason}"
    mine = page.locator("li.request").filter(has_text=ASKED["Title"])
    # live.js polls /changes every 2 s: the section refreshes without a reload
    expect(mine.locator(".reason")).to_have_text(f"Reason: {reason}", timeout=10_000)
    expect(mine.locator(".badge")).to_have_text("declined")
    expect(mine.locator(".meta")).to_contain_text("decided by ana")
    assert page.evaluate("window.notReloaded") is True
    assert form_values(page) == {label: half.get(label, "") for label in FORM_LABELS}
    expect(field(page, "Why")).to_be_focused()
    # a fresh load shows the same
    page.reload()
    expect(page.locator("li.request .reason")).to_have_text(f"Reason: {reason}")
    (request,) = board.requests()
    assert (request["status"], request["reason"]) == ("declined", reason)


def test_a_refused_field_is_named_beside_it_and_nothing_typed_is_lost(
    board: WebBoard, page: Page
) -> None:
    open_form(page, board)
    typed = {label: value for label, value in ASKED.items() if label != "Title"}
    fill_form(page, typed)

    posted = send(page)  # no title (the form leaves checking to the server)

    assert posted.status == 400
    refused_in(page, "Title", "A title cannot be empty")
    expect(page.get_by_role("alert")).not_to_contain_text("title:")
    assert form_values(page) == {**typed, "Title": ""}

    field(page, "Title").fill(ASKED["Title"])
    needed_by = field(page, "Needed by")
    needed_by.fill("")
    needed_by.press_sequentially("0105")  # month and day, as en-US orders them
    needed_by.press_sequentially("99999")  # a year the date field takes; no day the board can
    assert needed_by.input_value() == "99999-01-05"
    posted = send(page)

    assert posted.status == 400
    refused_in(page, "Needed by", "'99999-01-05' is not a day: use YYYY-MM-DD")
    assert form_values(page) == {**ASKED, "Needed by": "99999-01-05"}
    assert board.requests() == []

    field(page, "Needed by").fill("")
    assert send(page).status == 303
    (request,) = board.requests()
    assert {label: request[name] for label, name in STORED.items()} == {
        **ASKED,
        "Needed by": None,
    }


def refused_in(page: Page, label: str, text: str) -> None:
    """The one refusal on the page is in `label`'s field, said to its readers, and the
    cursor is back in that field."""
    alerts = page.get_by_role("alert")
    expect(alerts).to_have_count(1)
    expect(alerts).to_contain_text(text)
    refused = field(page, label)
    box = page.locator(".field").filter(has=refused)
    expect(box.get_by_role("alert")).to_contain_text(text)
    expect(refused).to_have_attribute("aria-invalid", "true")
    expect(refused).to_have_accessible_description(f"{hint(page, label)} {alerts.inner_text()}")
    expect(refused).to_be_focused()


def hint(page: Page, label: str) -> str:
    return page.locator(".field").filter(has=field(page, label)).locator(".hint").inner_text()


def test_a_form_without_the_pages_token_is_refused_and_changes_nothing(
    board: WebBoard, page: Page, context: BrowserContext
) -> None:
    open_form(page, board)
    before = board.requests()
    forged = {"title": "Forged", "audience": "whoever", "why": "a page elsewhere sent it"}
    posts = context.request  # the browser's own cookies, the session's among them

    for wrong in ({}, {"csrf": ""}, {"csrf": "0" * 64}):
        refused = posts.post(f"{board.url}/requests", form={**forged, **wrong})
        assert refused.status == 403, wrong
        assert "<h1>Refused</h1>" in refused.text()
        assert "The form was not sent from this board&#39;s page." in refused.text()
    signed_out = posts.post(f"{board.url}/signout", form={})
    assert signed_out.status == 403

    assert board.requests() == before
    refusals = [line for line in board.log if "without its token refused" in line]
    assert len(refusals) == 3
    # the same post with the page's token is taken, and the session is still there
    token = page.locator("form[action='/requests'] input[name=csrf]").input_value()
    taken = posts.post(f"{board.url}/requests", form={**forged, "csrf": token})
    assert taken.ok and taken.url.startswith(f"{board.url}/requests?sent=")
    assert [r["title"] for r in board.requests()] == ["Forged"]
