"""The import service against real board files: the gates after an import, where work
in progress lands (sprints planned, active, closed or missing), estimates snapped to the
board's points, acceptance as history, and the log telling the same story as the items."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from poboard.board import Board
from poboard.domain import rules
from poboard.domain.changes import replay
from poboard.domain.errors import BadRowError
from poboard.domain.models import Status
from poboard.services.source_drafts import snap_estimate

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
LATER = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # after every date in the exports
DOR = {"audience": "B2B leads", "promise": "launch in a day", "proof": "3 pilots", "metric": "MQLs"}
HEADER = (
    "Issue key,Summary,Issue Type,Status,Assignee,Created,Updated,Resolved,"
    "Custom field (Story Points),Sprint,Custom field (Acceptance Criteria)"
)
IN_PROGRESS = [
    "GO-1,Webinar landing page,Story,In Progress,Dana Kim,01/Apr/26 9:00 AM,"
    "14/Apr/26 4:10 PM,,3,Sprint Active,Registration works",
    "GO-2,Nurture emails,Task,In Review,Dana Kim,01/Apr/26 9:00 AM,14/Apr/26 4:10 PM,,5,"
    "Sprint Planned,Copy approved",
    "GO-3,Partner post,Task,In Progress,Dana Kim,01/Apr/26 9:00 AM,14/Apr/26 4:10 PM,,2,"
    "Sprint Closed,Published",
    "GO-4,Press kit,Task,In Progress,Dana Kim,01/Apr/26 9:00 AM,14/Apr/26 4:10 PM,,2,"
    "Sprint Nowhere,Sent",
    "GO-5,Sales deck,Task,In Progress,Dana Kim,01/Apr/26 9:00 AM,14/Apr/26 4:10 PM,,1,,Used",
]


def jira(*rows: str) -> str:
    return "\n".join((HEADER, *rows)) + "\n"


def run(board: Board, text: str, *pairs: str):  # type: ignore[no-untyped-def]
    return board.sources.import_export(board.sources.read_export(text, None, pairs))


@pytest.mark.parametrize(
    ("points", "snapped"),
    [(5.0, 5), (4, 5), (2.5, 3), (0.5, 1), (6.5, 8), (11, 13), (40, 21), (-2, 0), (0.2, 0)],
)
def test_an_estimate_snaps_to_the_nearest_allowed_one_the_larger_when_halfway(
    points: float, snapped: int
) -> None:
    assert snap_estimate(points) == snapped


def test_a_snapped_estimate_is_noted_in_the_history(open_board: Callable[..., Board]) -> None:
    board = open_board()
    run(board, jira("GO-9,Ebook,Story,To Do,,01/Apr/26 9:00 AM,,,4,,"))
    item = board.items.all()[0]
    assert item.estimate == 5
    assert board.items.history(item.id or 0)[-1].new == (
        "estimate 4 in Jira is 5 here (points are 0 1 2 3 5 8 13 21)"
    )


def test_a_title_too_long_for_the_board_is_shortened_and_kept_whole_in_the_description(
    open_board: Callable[..., Board],
) -> None:
    board = open_board()
    long = "Q3 pipeline campaign: " + "paid and email and web together " * 8
    run(board, jira(f"GO-8,{long},Story,To Do,,01/Apr/26 9:00 AM,,,,,"))
    item = board.items.all()[0]
    assert len(item.title) == 200 and item.title.endswith("…")
    assert item.title[:-1] == long.strip()[:199].rstrip()
    assert item.description == f"**{long.strip()}**"
    assert board.items.history(item.id or 0)[-1].new == (
        "title shortened to 200 characters; the full title heads the description"
    )


def sprints(board: Board) -> None:
    board.sprints.new_sprint("Sprint Closed", "", date(2026, 3, 2), date(2026, 3, 13), 10)
    board.sprints.start_sprint("Sprint Closed")
    board.sprints.close_sprint()
    board.sprints.new_sprint("Sprint Active", "", date(2026, 3, 16), date(2026, 3, 27), 10)
    board.sprints.start_sprint("Sprint Active")
    board.sprints.new_sprint("Sprint Planned", "", date(2026, 3, 30), date(2026, 4, 10), 10)


def test_ready_work_in_progress_joins_an_open_sprint_of_the_same_name_on_reimport(
    open_board: Callable[..., Board],
) -> None:
    board = open_board(clock=lambda: LATER)
    sprints(board)
    board.config.configure("definition_of_done", "Tracking checked")
    # Jira's tasks are chores here: this team asks them the full Definition of Ready
    board.config.configure("ready.chore", "owner,audience,promise,proof,metric,estimate,criteria")
    first = run(board, jira(*IN_PROGRESS))
    assert {step.item.status for step in first.steps} == {Status.BACKLOG}
    for item in board.items.all():  # the PO completes the Definition of Ready here
        board.items.edit(item.id or 0, DOR)
    again = run(board, jira(*IN_PROGRESS))
    items = {i.source_key: i for i in board.items.all()}
    active, planned = (
        board.sprints.find_sprint("Sprint Active"),
        board.sprints.find_sprint("Sprint Planned"),
    )
    placed = {key: (i.status.value, i.sprint_id) for key, i in items.items()}
    assert placed == {
        "GO-1": ("doing", active.id),
        "GO-2": ("todo", planned.id),
        "GO-3": ("backlog", None),
        "GO-4": ("backlog", None),
        "GO-5": ("backlog", None),
    }
    notes = {s.source.key: s.notes for s in again.steps}
    assert notes["GO-2"] == [
        "In Review in Jira; Sprint Planned has not started here, so it waits in todo"
    ]
    assert notes["GO-3"] == [
        "In Progress in Jira, but Sprint Closed is closed here, so it waits in the backlog"
    ]
    assert notes["GO-4"] == [
        "In Progress in Jira, but this board has no sprint named 'Sprint Nowhere', so it "
        "waits in the backlog"
    ]
    assert notes["GO-5"] == ["In Progress in Jira, but it is in no sprint there, so it waits "
                             "in the backlog"]  # fmt: skip
    joined = items["GO-1"]
    assert [c.text for c in joined.criteria] == ["Registration works", "Tracking checked"]
    move = next(e for e in board.items.history(joined.id or 0) if e.field == "status")
    assert (move.at, move.new) == ("2026-04-14T16:10:00Z", "doing")
    assert move.note == "In Progress in Jira"

    # Accepted here later: cycle time runs from the source's move to doing.
    board.items.check(joined.id or 0, 1)
    board.items.check(joined.id or 0, 2)
    board.items.move(joined.id or 0, "review")
    board.items.accept(joined.id or 0)
    times = board.reports.insights().cycle_time.items
    assert [(t.item_id, t.start) for t in times] == [(joined.id, "2026-04-14T16:10:00Z")]


def test_done_work_arrives_accepted_whoever_imports_and_whatever_the_dod(
    open_board: Callable[..., Board],
) -> None:
    board = open_board("ana")
    board.config.configure("product_owners", "ana")
    board.config.configure("definition_of_done", "Copy proofread")
    intern = open_board("intern")
    plan = run(
        intern,
        jira(
            "GO-7,Case study,Story,Done,Sam,01/Apr/26 9:00 AM,,10/Apr/26 4:45 PM,3,,"
            '"[x] Signed off\n[ ] Logo approved"',
        ),
    )
    assert plan.steps[0].said == [
        "arrives done, accepted in Jira on 2026-04-10 by Sam: 1 open criteria waived"
    ]
    item = intern.items.all()[0]
    assert item.status is Status.DONE and not rules.acceptance_refusals(item, "x", [], [])
    assert [(c.text, c.state.value, c.by, c.reason) for c in item.criteria] == [
        ("Signed off", "met", "Sam", None),
        ("Logo approved", "waived", "intern", "accepted in Jira on 2026-04-10 by Sam"),
    ]


def test_a_refused_row_leaves_the_board_as_it_was(open_board: Callable[..., Board]) -> None:
    board = open_board()
    run(board, jira(IN_PROGRESS[0]))
    before = board.transfer.export_data()
    with pytest.raises(BadRowError, match=r"^row 2 \(GO-1\): GO-1 appears twice") as raised:
        run(board, jira(IN_PROGRESS[0], IN_PROGRESS[0].replace("Webinar", "Webinars")))
    assert (raised.value.row, raised.value.key) == (2, "GO-1")
    assert board.transfer.export_data() == before


def test_every_fixture_leaves_the_gates_holding_and_the_log_telling_the_same_story(
    open_board: Callable[..., Board],
) -> None:
    board = open_board(clock=lambda: LATER)
    for name in ("jira-all-fields.csv", "jira-server.csv", "trello-board.json",
                 "github-issues.json"):  # fmt: skip
        run(board, (FIXTURES / name).read_text(encoding="utf-8-sig"))
    items = board.items.all()
    assert len(items) == 8 + 4 + 8 + 6
    told = replay(board.events())
    for item in items:
        if item.status is Status.DONE:
            assert not rules.acceptance_refusals(item, "anyone", [], []), item.title
        if item.status in rules.SPRINT_WORK:
            assert item.sprint_id is not None and rules.is_ready(item), item.title
        story = told[item.id or 0]
        assert story.status == item.status.value, item.title
        assert [(c.uid, c.state) for c in story.criteria] == [
            (c.uid, c.state.value) for c in item.criteria
        ], item.title
        history = board.items.history(item.id or 0)
        assert history[0].action == "create" and history[0].at == item.created_at
        assert all(e.at >= item.created_at for e in history if e.action != "comment")
