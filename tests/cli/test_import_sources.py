"""Importing Jira, Trello and GitHub exports with `poboard import`, checked field by field
through the board afterwards: keys and URLs, descriptions, kinds, statuses, owners,
estimates, criteria and waivers, history from comments, and the source's times."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from poboard.board import Board
from poboard.domain.models import Event, Item

from .conftest import Cli

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def by_key(board: Board) -> dict[str, Item]:
    return {item.source_key or "": item for item in board.items.all()}


def history(board: Board, item: Item, action: str | None = None) -> list[Event]:
    return [e for e in board.items.history(item.id or 0) if action is None or e.action == action]


def criteria(item: Item) -> list[tuple[str, str, str | None, str | None, str | None]]:
    return [(c.text, c.state.value, c.by, c.at, c.reason) for c in item.criteria]


@pytest.fixture
def read(db: Path):
    """Open the board the CLI wrote, as the tests' reader; closed afterwards."""
    opened: list[Board] = []

    def open_it() -> Board:
        opened.append(Board.open(db, "reader"))
        return opened[-1]

    yield open_it
    for board in opened:
        board.close()


# ----- Jira ------------------------------------------------------------------------------


def test_a_jira_export_imports_field_by_field(ok: Cli, read) -> None:
    out = ok("import", fixture("jira-all-fields.csv"), user="ana").stdout
    assert out.startswith(
        "imported 8 items from Jira (jira-all-fields.csv): 8 new, 0 updated, 0 unchanged"
    )
    items = by_key(read())
    assert list(items) == [f"MKT-{n}" for n in range(101, 109)]
    assert {i.source for i in items.values()} == {"jira"}
    assert {i.source_url for i in items.values()} == {None}  # Jira's CSV carries no URL

    campaign = items["MKT-101"]
    assert campaign.title == "Kampagne für Q3 – Überblick ✓"
    assert (campaign.kind.value, campaign.status.value, campaign.horizon.value) == (
        "campaign", "backlog", "unplanned"
    )  # fmt: skip
    assert (campaign.owner, campaign.estimate, campaign.criteria) == ("Ana Lopez", None, [])
    assert (campaign.created_by, campaign.created_at) == ("Ana Lopez", "2026-03-02T09:15:00Z")
    assert campaign.description.startswith("## Why now\n\nQ3 is our biggest pipeline quarter.")
    assert "- Pipeline contribution: **€450k** sourced" in campaign.description
    assert campaign.description.endswith(
        "---\n\n**From Jira:** priority High · labels q3, pipeline · reporter Ana Lopez"
    )

    page = items["MKT-102"]
    assert (page.kind.value, page.owner, page.estimate) == ("story", "Dana Kim", 5)
    assert criteria(page) == [
        ("Copy approved by legal", "met", "Dana Kim", "2026-04-14T16:10:00Z", None),
        ("Tracking plan reviewed by analytics", "met", "Dana Kim", "2026-04-14T16:10:00Z", None),
        ("Page loads in under 2 s on 4G", "open", None, None, None),
        ("Hero video has captions", "open", None, None, None),
    ]
    assert "```javascript\nanalytics.track('lp_view'" in page.description
    assert page.description.endswith(
        "**From Jira:** priority High · labels launch, web · reporter Ana Lopez · "
        "parent MKT-101 · sprint MKT Sprint 8"
    )
    assert "due 2026-04-30" in items["MKT-103"].description
    assert (items["MKT-103"].kind.value, items["MKT-103"].estimate) == ("content", 3)
    assert (items["MKT-107"].kind.value, items["MKT-107"].status.value) == ("chore", "backlog")


def test_jira_work_in_progress_that_is_not_ready_waits_in_the_backlog_noted(ok: Cli, read) -> None:
    ok("import", fixture("jira-all-fields.csv"), user="ana")
    board = read()
    bug = by_key(board)["MKT-104"]
    assert (bug.kind.value, bug.status.value, bug.sprint_id) == ("bug", "backlog", None)
    notes = [(e.user, e.field, e.new) for e in history(board, bug, "note")]
    assert notes == [
        (
            "ana",
            "jira",
            "In Review in Jira, but it is not ready here (missing acceptance criteria), so it "
            "waits in the backlog",  # a bug needs an owner, an estimate and a criterion
        )
    ]
    comments = [(e.user, e.at, e.field, e.new) for e in history(board, bug, "comment")]
    assert comments == [
        ("Ana Lopez", "2026-04-12T15:30:00Z", "jira",
         "Reproduced on Safari 17: `utm_source` is lost after the 301; Chrome keeps it."),
        ("Lee Wong", "2026-04-13T10:05:00Z", "jira",
         "Fix is in review, see [PR 482](https://github.com/acme/web/pull/482)."),
    ]  # fmt: skip
    assert not [e for e in history(board, bug) if e.field == "status"]
    blocked = by_key(board)["MKT-108"]
    assert blocked.status.value == "backlog"
    assert "status 'Blocked' in Jira maps to no status here" in history(board, blocked)[-1].new


def test_jira_done_and_dropped_work_keeps_the_source_dates(ok: Cli, read) -> None:
    ok("import", fixture("jira-all-fields.csv"), user="ana")
    board = read()
    done = by_key(board)["MKT-105"]
    assert (done.status.value, done.estimate) == ("done", 8)
    assert criteria(done) == [
        ("Three customers signed off", "met", "Sam Patel", "2026-04-10T16:45:00Z", None),
        ("Quotes approved by legal", "met", "Sam Patel", "2026-04-10T16:45:00Z", None),
    ]
    create, *rest = history(board, done)
    assert (create.action, create.at, create.user) == ("create", "2026-03-06T10:00:00Z",
                                                       "Ana Lopez")  # fmt: skip
    assert create.note == "imported from Jira MKT-105"
    moves = [(e.at, e.old, e.new, e.note) for e in rest if e.field == "status"]
    assert moves == [
        ("2026-04-10T16:45:00Z", "backlog", "done", "accepted in Jira on 2026-04-10 by Sam Patel")
    ]
    comment = history(board, done, "comment")[0]
    assert (comment.user, comment.at, comment.new) == (
        "Ana Lopez", "2026-04-10T16:40:00Z", "Accepted, great work!"
    )  # fmt: skip
    dropped = by_key(board)["MKT-106"]
    assert (dropped.status.value, dropped.kind.value) == ("dropped", "experiment")
    moves = [(e.at, e.new, e.note) for e in history(board, dropped) if e.field == "status"]
    assert moves == [("2026-04-08T11:00:00Z", "dropped", "closed in Jira: Won't Do")]


def test_jira_map_places_statuses_the_defaults_do_not_know(ok: Cli, read) -> None:
    out = ok(
        "import", fixture("jira-server.csv"), "--map", "In QA=review", "--map", "Icebox=later"
    ).stdout
    assert "4 new" in out
    items = by_key(read())
    assert (items["GROW-15"].status.value, items["GROW-15"].horizon.value) == ("backlog", "later")
    assert items["GROW-13"].status.value == "backlog"  # review at the source, not ready here
    assert (items["GROW-14"].status.value, items["GROW-14"].estimate) == ("done", 2)
    assert criteria(items["GROW-14"]) == [
        ("Accepted in Jira (GROW-14)", "waived", "tester", "2026-04-09T16:20:00Z",
         "accepted in Jira on 2026-04-09 by sam"),
    ]  # fmt: skip


# ----- Trello ----------------------------------------------------------------------------


def test_a_trello_export_imports_field_by_field(ok: Cli, read) -> None:
    out = ok("import", fixture("trello-board.json")).stdout
    assert "8 new" in out
    board = read()
    items = by_key(board)
    assert {i.source for i in items.values()} == {"trello"}
    for key, item in items.items():
        assert item.source_url == f"https://trello.com/c/{key}"

    page = items["aB3dE5fG"]
    assert (page.title, page.kind.value, page.status.value) == (
        "Spring launch landing page", "launch", "backlog"
    )  # fmt: skip
    assert (page.owner, page.estimate, page.created_by) == ("dkim", 5, "ana")
    assert [(c.text, c.state.value) for c in page.criteria][-4:] == [
        ("Copy approved by legal", "met"),
        ("Tracking plan reviewed", "met"),
        ("Page loads in under 2 s on 4G", "open"),
        ("Links checked", "open"),
    ]
    assert page.criteria[0].text.startswith("Customer value stated")  # a launch's checklist
    assert (page.criteria[-4].by, page.criteria[-4].at) == ("dkim", "2026-04-14T16:10:22Z")
    assert page.description.startswith("## Brief\nHero, three proof points, pricing teaser.")
    assert "due 2026-04-30" in page.description and "labels launch, Paid social" in page.description
    comments = [(e.user, e.at, e.new) for e in history(board, page, "comment")]
    assert comments == [
        ("dkim", "2026-04-08T11:20:00Z", "Hero video is 40 MB, we need a lighter cut."),
        ("ana", "2026-04-14T16:10:22Z",
         "Legal approved the copy. **Ship it** once tracking is in."),
    ]  # fmt: skip
    assert "Doing in Trello, but it is not ready here" in history(board, page, "note")[0].new

    test = items["Xy7Kp2Qr"]
    assert (test.kind.value, test.status.value, test.horizon.value) == (
        "experiment", "backlog", "now"
    )  # fmt: skip
    assert [(c.text, c.state.value) for c in test.criteria] == [
        ("Sample size calculated", "met"),
        ("Decision rule agreed", "open"),
    ]
    newsletter = items["Pl0Ok9Ij"]
    assert newsletter.status.value == "done"
    assert criteria(newsletter) == [
        ("Accepted in Trello (Pl0Ok9Ij)", "waived", "tester", "2026-02-27T17:00:00Z",
         "accepted in Trello on 2026-02-27 by ana"),
    ]  # fmt: skip
    archived = items["Uh8Yg7Tf"]
    assert archived.status.value == "dropped"
    assert [e.note for e in history(board, archived) if e.field == "status"] == [
        "archived in Trello (list Backlog)"
    ]
    assert (items["Hd9Vt3Jc"].kind.value, items["Mn5Bv4Cx"].status.value) == ("story", "dropped")


# ----- GitHub ----------------------------------------------------------------------------


def test_a_github_export_imports_field_by_field(ok: Cli, read) -> None:
    ok("import", fixture("github-issues.json"))
    board = read()
    items = by_key(board)
    repo = "acme/marketing-site"
    assert list(items) == [f"{repo}#{n}" for n in (41, 38, 35, 44, 45, 30)]
    for key, item in items.items():
        assert item.source == "github"
        assert item.source_url == f"https://github.com/{repo}/issues/{key.rpartition('#')[2]}"

    bug = items[f"{repo}#41"]
    assert (bug.title, bug.kind.value, bug.status.value, bug.owner) == (
        "UTM parameters dropped on pricing redirect", "bug", "backlog", "dkim"
    )  # fmt: skip
    assert [(c.text, c.state.value) for c in bug.criteria] == [
        ("`utm_*` survive the 301", "open"),
        ("Reproduced on Safari and Chrome", "met"),
        ("Regression test in CI", "open"),
    ]
    assert bug.description.endswith("**From GitHub:** labels bug · sprint Sprint 12")
    docs = items[f"{repo}#38"]
    assert (docs.status.value, docs.kind.value) == ("done", "content")
    assert [(c.state.value, c.by, c.at) for c in docs.criteria] == [
        ("met", "ana-lopez", "2026-04-09T16:20:00Z")
    ] * 2
    fixed = items[f"{repo}#30"]
    assert criteria(fixed) == [
        (f"Accepted in GitHub ({repo}#30)", "waived", "tester", "2026-01-20T10:00:00Z",
         "accepted in GitHub on 2026-01-20 by sampatel"),
    ]  # fmt: skip
    assert [e.note for e in history(board, items[f"{repo}#35"]) if e.field == "status"] == [
        "closed in GitHub: not_planned"
    ]
    hero = items[f"{repo}#45"]
    assert hero.kind.value == "launch" and len(hero.criteria) == 4 + 2


def test_velocity_and_throughput_count_done_work_in_the_week_the_source_closed_it(
    ok: Cli, read
) -> None:
    ok("import", fixture("jira-all-fields.csv"))
    ok("import", fixture("github-issues.json"))
    weeks = {w.week: (w.items, w.points) for w in read().reports.insights().throughput if w.items}
    assert weeks == {"2026-W04": (1, 0), "2026-W15": (2, 8)}


# ----- show and the filter ---------------------------------------------------------------


def test_show_names_the_source_key_and_url(ok: Cli) -> None:
    ok("import", fixture("trello-board.json"))
    listed = json.loads(ok("list", "--json").stdout)
    assert [row["source_key"] for row in listed][:5] == [  # lists, then cards, by `pos`
        "Hd9Vt3Jc", "Qm4Lz8Wn", "Uh8Yg7Tf", "Xy7Kp2Qr", "aB3dE5fG"
    ]  # fmt: skip
    page = next(row["key"] for row in listed if row["source_key"] == "aB3dE5fG")
    shown = ok("show", page).stdout
    assert "  source    Trello aB3dE5fG  https://trello.com/c/aB3dE5fG" in shown
    data = json.loads(ok("show", page, "--json").stdout)
    assert (data["source"], data["source_key"], data["source_url"]) == (
        "trello", "aB3dE5fG", "https://trello.com/c/aB3dE5fG"
    )  # fmt: skip
    typed = ok("add", "Typed here").stdout.strip()
    data = json.loads(ok("show", typed, "--json").stdout)
    assert (data["source"], data["source_key"], data["source_url"]) == (None, None, None)
    assert "source" not in ok("show", typed).stdout
