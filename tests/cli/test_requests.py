"""Requests from outside the team through the command line (issue #25): a stakeholder
reads, asks and follows, and every other write of theirs is refused with `not_allowed`,
the board unchanged; a product owner accepts, declines and merges, and the requester's
`request list --mine --json` shows each outcome."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from .conftest import Cli
from .helpers import READY
from .test_refusals import SPRINT_ARGS, refused

Snapshot = Callable[..., dict[str, Any]]
STAKEHOLDER_WRITES = (
    ("add", "Sneaky item"),
    ("edit", "1", "--title", "Renamed"),
    ("move", "1", "todo"),
    ("check", "1", "1"),
    ("waive", "1", "1", "--reason", "not needed"),
    ("rank", "1", "--top"),
    ("accept", "1"),
    (
        "sprint",
        "new",
        "S2",
        "--goal",
        "More",
        "--start",
        "2026-03-16",
        "--end",
        "2026-03-27",
        "--capacity",
        "5",
    ),
    ("sprint", "commit", "1"),
    ("config", "set", "wip.doing", "3"),
    ("goal", "add", "Grow trials"),
    ("member", "role", "sam", "member"),
    ("member", "add", "eve", "--role", "stakeholder"),
    ("request", "accept", "3"),
    ("request", "decline", "3", "--reason", "no"),
    ("request", "comment", "3", "not mine to comment"),
)


@pytest.fixture
def board(ok: Cli, add: Callable[..., int]) -> None:
    """#1 a ready item in sprint S1; #2 another; product owner mia; stakeholder sam;
    #3 a request by the team member ben."""
    add("Launch email", *READY, "--ac", "Copy approved")
    add("Pricing page")
    ok(*SPRINT_ARGS)
    ok("config", "set", "product_owners", "mia")
    ok("member", "add", "sam", "--role", "stakeholder", user="mia")
    assert ok("request", "add", "Partner portal", user="ben").stdout.strip() == "#3"


@pytest.fixture
def everything(snapshot: Snapshot, ok: Cli) -> Snapshot:
    """The board as the gate tests snapshot it, with its requests and members."""

    def take() -> dict[str, Any]:
        return {
            **snapshot(),
            "requests": json.loads(ok("request", "list", "--json").stdout),
            "members": json.loads(ok("member", "list", "--json").stdout),
        }

    return take


def mine(ok: Cli, user: str) -> dict[str, dict[str, Any]]:
    shown = json.loads(ok("request", "list", "--mine", "--json", user=user).stdout)
    return {r["key"]: r for r in shown}


@pytest.mark.usefixtures("board")
def test_a_stakeholder_reads_asks_and_follows_and_writes_nothing_else(
    cli: Cli, ok: Cli, everything: Snapshot
) -> None:
    for args in (
        ("list",),
        ("show", "1"),
        ("history", "1"),
        ("request", "list"),
        ("sprint", "list"),
        ("goal", "list"),
    ):
        ok(*args, user="sam")
    before = everything()
    for args in STAKEHOLDER_WRITES:
        line = refused(cli, *args, user="sam")
        assert line.startswith("poboard: sam is a stakeholder:"), (args, line)
        assert "adds requests (poboard request add)" in line
        assert everything() == before, args
    result = cli("--json", "add", "Sneaky item", user="sam")
    assert result.exit_code == 1
    assert json.loads(result.stderr)["error"] == "not_allowed"
    assert everything() == before

    asked = ok("request", "add", "CSV export", "--audience", "sales", "--needed-by",
               "2026-04-01", "--why", "Customers ask weekly", user="sam").stdout  # fmt: skip
    assert asked.strip() == "#4"
    ok("request", "comment", "4", "Acme asked again", user="sam")
    assert list(mine(ok, "sam")) == ["#4"]
    shown = ok("request", "show", "4", user="sam").stdout
    assert "Acme asked again" in shown and "needed by: 2026-04-01" in shown


@pytest.mark.usefixtures("board")
def test_the_product_owner_triages_and_the_requester_sees_each_outcome(cli: Cli, ok: Cli) -> None:
    for title in ("CSV export", "Dark mode", "Export to CSV please"):
        ok("request", "add", title, "--audience", "sales", user="sam")  # #4, #5, #6
    listed = json.loads(ok("list", "--json").stdout)
    assert [i["key"] for i in listed] == ["#1", "#2"], "an untriaged request is no item"
    assert [r["status"] for r in mine(ok, "sam").values()] == ["new"] * 3

    line = refused(cli, "request", "accept", "4", user="ben")
    assert "only the product owners (mia)" in line
    assert refused(cli, "request", "decline", "5", user="mia", code=2) == (
        "poboard: a declined request needs a reason (--reason TEXT)"
    )
    ok("request", "accept", "4", "--horizon", "next", user="mia")
    ok("request", "decline", "5", "--reason", "Not this quarter", user="mia")
    ok("request", "merge", "6", "4", user="mia")

    outcome = mine(ok, "sam")
    seen = {k: (r["status"], r["item"], r["item_status"], r["reason"]) for k, r in outcome.items()}
    assert seen == {
        "#4": ("accepted", "#4", "backlog", None),
        "#5": ("declined", None, None, "Not this quarter"),
        "#6": ("merged", "#4", "backlog", None),
    }  # fmt: skip
    for r in outcome.values():
        assert set(r) >= {"key", "title", "requested_by", "status", "reason", "item",
                          "item_status", "created_at", "updated_at"}  # fmt: skip
        assert r["requested_by"] == "sam" and r["updated_at"] >= r["created_at"]

    item = json.loads(ok("show", "4", "--json").stdout)
    assert (item["title"], item["audience"], item["horizon"]) == ("CSV export", "sales", "next")
    assert "Asked by sam (#4)" in item["description"]
    assert "request from sam" in ok("history", "4").stdout
    keys = [i["key"] for i in json.loads(ok("list", "--json").stdout)]
    assert keys == ["#1", "#2", "#4"], "accepted: the bottom of the rank"
    assert "#4 in the backlog, rank 3 (accepted" in ok("request", "show", "4").stdout
    assert refused(cli, "request", "decline", "4", "--reason", "late", user="mia", code=2) == (
        "poboard: #4 was accepted already"
    )
    assert "accepted" in mine(ok, "sam")["#4"]["status"]
    assert json.loads(ok("request", "list", "--status", "new", "--json").stdout)[0]["key"] == "#3"
    assert ok("add", "Next item").stdout.strip() == "#7", "requests share the numbering"


def test_roles_are_given_and_shown(cli: Cli, ok: Cli) -> None:
    ok("member", "add", "sam", "--role", "stakeholder")
    assert refused(cli, "member", "add", "ben", code=2) == (
        "poboard: a member needs at least one key (--key)"
    )
    listed = json.loads(ok("member", "list", "--json").stdout)
    assert [(m["name"], m["role"], m["keys"]) for m in listed] == [("sam", "stakeholder", [])]
    assert ok("member", "role", "sam", "member").stdout.strip() == "sam is a member"
    assert json.loads(ok("member", "list", "--json").stdout)[0]["role"] == "member"
    assert ok("add", "Now a team member's", user="sam").stdout.strip() == "#1"
    assert cli("member", "role", "sam", "boss").exit_code == 2
    assert refused(cli, "member", "role", "nobody", "member") == (
        "poboard: 'nobody' is not a member of this board"
    )


def test_the_reports_name_the_requests_delivered_and_who_asked(ok: Cli) -> None:
    ok("member", "add", "sam", "--role", "stakeholder")
    ok("request", "add", "CSV export", "--audience", "sales", user="sam")  # #1
    ok("request", "add", "Export as CSV", user="lee")  # #2
    ok("request", "add", "Dark mode", user="sam")  # #3
    ok("request", "accept", "1")
    ok("request", "merge", "2", "1")
    ok("request", "decline", "3", "--reason", "Not this year")
    ok("edit", "1", *READY, "--ac", "Opens in a spreadsheet")
    ok(*SPRINT_ARGS)
    ok("sprint", "commit", "1")
    ok("sprint", "start", "S1", "--early")
    ok("check", "1", "1")
    ok("move", "1", "done")

    report = json.loads(ok("report", "--format", "json").stdout)
    assert report["requests_delivered"] == [
        {
            "item": "#1",
            "requests": ["#1", "#2"],
            "requested_by": ["sam", "lee"],
            "title": "CSV export",
        }
    ]
    intake = report["intake"]
    assert (intake["asked"], intake["decided"], intake["waiting"]) == (3, 3, 0)
    assert intake["accepted_share"] == intake["declined_share"] == 0.333
    page = ok("report").stdout
    assert "- #1 CSV export — asked by sam, lee (#1, #2)" in page
    assert "Accepted 33% · declined 33% · merged 33%" in page
    quarter = json.loads(ok("report", "--quarter", "current", "--format", "json").stdout)
    assert [a["item"] for a in quarter["requests_delivered"]] == ["#1"]
    assert "Done on" in ok("request", "show", "2").stdout
