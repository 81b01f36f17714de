"""Jira CSV exports, field by field: a Cloud "all fields" export and a Server/Data Center one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from poboard.domain.models import Horizon, Kind, Status
from poboard.importers import ImportFormatError, SourceFile, SourceItem, parse, parse_jira
from poboard.importers.jira_cells import comment, criteria
from poboard.importers.records import SourceComment, SourceCriterion

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def by_key(result: SourceFile) -> dict[str, SourceItem]:
    return {item.key: item for item in result.items}


@pytest.fixture(scope="module")
def cloud() -> SourceFile:
    return parse_jira(read("jira-all-fields.csv"))


@pytest.fixture(scope="module")
def server() -> SourceFile:
    return parse_jira(read("jira-server.csv"))


def test_every_issue_is_read_in_file_order(cloud: SourceFile) -> None:
    assert [i.key for i in cloud.items] == [f"MKT-{n}" for n in range(101, 109)]
    assert [i.row for i in cloud.items] == list(range(1, 9))
    assert {i.source for i in cloud.items} == {"jira"}
    assert cloud.problems == [] and cloud.warnings == []


def test_epic_with_non_ascii_title_and_wiki_description(cloud: SourceFile) -> None:
    epic = by_key(cloud)["MKT-101"]
    assert epic.title == "Kampagne für Q3 – Überblick ✓"
    assert epic.url is None
    assert epic.kind is Kind.CAMPAIGN
    assert (epic.status_name, epic.status, epic.horizon) == ("In Progress", Status.DOING, None)
    assert (epic.owner, epic.reporter, epic.priority) == ("Ana Lopez", "Ana Lopez", "High")
    assert epic.labels == ("q3", "pipeline")
    assert epic.estimate is None and epic.sprint is None and epic.parent is None
    assert epic.created_at == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    assert epic.updated_at == datetime(2026, 4, 14, 17, 2, tzinfo=UTC)
    assert epic.resolved_at is None and epic.due is None
    assert epic.description == (
        "## Why now\n\n"
        "Q3 is our biggest pipeline quarter. We want **one** campaign across paid, email and "
        "web, not five.\n\n"
        "## Outcomes\n\n"
        "- Pipeline contribution: **€450k** sourced\n"
        "- Trial-to-activation up from 22% to *27%*\n"
        "  - measured in [Amplitude](https://analytics.amplitude.com/acme/chart/q3_trials-v2)\n\n"
        "### Out of scope\n\n"
        "~~Rebrand~~ (moved to Q4)"
    )


def test_story_with_two_sprints_criteria_code_and_table(cloud: SourceFile) -> None:
    story = by_key(cloud)["MKT-102"]
    assert story.title == "Spring launch landing page"
    assert story.kind is Kind.STORY
    assert story.sprint == "MKT Sprint 8"  # two Sprint columns: the last one wins
    assert story.labels == ("launch", "web")
    assert story.estimate == 5.0
    assert story.parent == "MKT-101"  # Custom field (Epic Link)
    assert (story.owner, story.reporter) == ("Dana Kim", "Ana Lopez")
    assert story.criteria == (
        SourceCriterion("Copy approved by legal", met=True),
        SourceCriterion("Tracking plan reviewed by analytics", met=True),
        SourceCriterion("Page loads in under 2 s on 4G", met=False),
        SourceCriterion("Hero video has captions", met=False),
    )
    assert "```javascript\nanalytics.track('lp_view', { campaign: 'spring_launch' });\n```" in (
        story.description
    )
    assert "1. Hero with product video\n1. Proof: logos and one quote\n   1. quote" in (
        story.description
    )
    assert story.description.endswith(
        "| Section | Owner | Status |\n| --- | --- | --- |\n| Hero | Dana | draft |\n"
        "| Proof | Sam | [brief](https://acme.atlassian.net/wiki/x/AbC) |"
    )


def test_task_labelled_content_takes_the_label_kind_and_due_date(cloud: SourceFile) -> None:
    task = by_key(cloud)["MKT-103"]
    assert task.kind is Kind.CONTENT
    assert (task.status_name, task.status) == ("To Do", Status.BACKLOG)
    assert task.due == date(2026, 4, 30)
    assert task.estimate == 3.0
    assert task.sprint is None
    assert task.description.endswith("Tone: friendly. Use `first_name` personalisation.")


def test_bug_in_review_with_comments_in_date_account_body_form(cloud: SourceFile) -> None:
    bug = by_key(cloud)["MKT-104"]
    assert bug.kind is Kind.BUG
    assert (bug.status_name, bug.status) == ("In Review", Status.REVIEW)
    assert bug.priority == "Highest"
    assert bug.comments == (
        SourceComment(
            author="Ana Lopez",  # the account id, named by the Assignee/Assignee Id columns
            at=datetime(2026, 4, 12, 15, 30, tzinfo=UTC),
            text="Reproduced on Safari 17: `utm_source` is lost after the 301; Chrome keeps it.",
        ),
        SourceComment(
            author="Lee Wong",
            at=datetime(2026, 4, 13, 10, 5, tzinfo=UTC),
            text="Fix is in review, see [PR 482](https://github.com/acme/web/pull/482).",
        ),
    )
    assert "```\nGET /pricing?utm_source=newsletter -> 301 /pricing/\n```" in bug.description


def test_done_story_keeps_its_resolution_and_resolved_date(cloud: SourceFile) -> None:
    done = by_key(cloud)["MKT-105"]
    assert (done.status_name, done.status) == ("Done", Status.DONE)
    assert done.resolved_at == datetime(2026, 4, 10, 16, 45, tzinfo=UTC)
    assert done.closed_reason == "Done"
    assert done.sprint == "MKT Sprint 7"
    assert done.estimate == 8.0
    assert all(c.met for c in done.criteria) and len(done.criteria) == 2


def test_wont_do_is_dropped_and_experiment_label_sets_the_kind(cloud: SourceFile) -> None:
    dropped = by_key(cloud)["MKT-106"]
    assert (dropped.status_name, dropped.status) == ("Won't Do", Status.DROPPED)
    assert dropped.kind is Kind.EXPERIMENT
    assert dropped.closed_reason == "Won't Do"
    assert dropped.resolved_at == datetime(2026, 4, 8, 11, 0, tzinfo=UTC)


def test_subtask_parent_id_is_resolved_to_the_parent_key(cloud: SourceFile) -> None:
    sub = by_key(cloud)["MKT-107"]
    assert sub.kind is Kind.CHORE
    assert sub.parent == "MKT-102"
    assert (sub.status_name, sub.status) == ("Selected for Development", Status.BACKLOG)


def test_an_unknown_status_is_left_unmapped(cloud: SourceFile) -> None:
    blocked = by_key(cloud)["MKT-108"]
    assert (blocked.status_name, blocked.status, blocked.horizon) == ("Blocked", None, None)
    assert cloud.status_map == {
        "In Progress": "doing",
        "To Do": "backlog",
        "In Review": "review",
        "Done": "done",
        "Won't Do": "dropped",
        "Selected for Development": "backlog",
        "Blocked": "",
    }


def test_columns_no_field_reads_are_reported_once_each(cloud: SourceFile) -> None:
    unread = cloud.unmapped_columns
    for name in ("Watchers", "Attachment", "Component/s", "Custom field (Rank)", "Environment"):
        assert unread.count(name) == 1
    for name in ("Summary", "Sprint", "Labels", "Comment", "Custom field (Story Points)",
                 "Custom field (Acceptance Criteria)", "Parent id", "Assignee Id"):  # fmt: skip
        assert name not in unread
    assert "Custom field (Start date)" not in unread  # empty in every row: nothing is lost


def test_server_export(server: SourceFile) -> None:
    items = by_key(server)
    assert list(items) == ["GROW-12", "GROW-13", "GROW-14", "GROW-15"]
    epic, pillar, article, guest = items.values()
    assert epic.kind is Kind.CAMPAIGN and epic.status is Status.BACKLOG
    assert epic.created_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert epic.description == (
        "Pillar page plus six supporting articles.\n\n### Metric\n\n"
        "Organic sessions to the pillar page: **+30%** in 90 days."
    )
    assert pillar.estimate == 5.0  # Custom field (Story point estimate)
    assert pillar.parent == "GROW-12"
    assert pillar.labels == ("seo", "content")
    assert pillar.kind is Kind.STORY
    assert (pillar.status_name, pillar.status) == ("In QA", None)
    assert pillar.comments[0] == SourceComment(
        "dkim", datetime(2026, 4, 12, 15, 30, tzinfo=UTC), "Ready for QA; links checked."
    )
    assert pillar.description == "Outline:\n\n- Why launches slip\n- The one-afternoon plan\n" + (
        "- Template download"
    )
    assert (article.status, article.closed_reason) == (Status.DONE, "Fixed")
    assert article.resolved_at == datetime(2026, 4, 9, 16, 20, tzinfo=UTC)
    assert article.due == date(2026, 4, 15)
    assert guest.owner is None and guest.description == "" and guest.status is None
    assert server.unmapped_columns == [
        "Project key", "Project name", "Creator", "Custom field (Epic Name)", "Custom field (Rank)"
    ]  # fmt: skip


def test_map_overrides_defaults_and_reaches_horizons(server: SourceFile) -> None:
    mapped = parse(read("jira-server.csv"), mapping={"in qa": "review", "Icebox": "later"})
    items = by_key(mapped)
    assert (items["GROW-13"].status, items["GROW-13"].horizon) == (Status.REVIEW, None)
    assert (items["GROW-15"].status, items["GROW-15"].horizon) == (Status.BACKLOG, Horizon.LATER)
    assert mapped.status_map == {
        "Open": "backlog", "In QA": "review", "Resolved": "done", "Icebox": "later"
    }  # fmt: skip
    remapped = parse(read("jira-server.csv"), mapping={"Resolved": "review"})
    assert by_key(remapped)["GROW-14"].status is Status.REVIEW


def test_a_map_entry_that_matches_nothing_is_a_warning() -> None:
    result = parse(read("jira-server.csv"), mapping={"Icebox": "later", "Parked": "later"})
    assert result.warnings == [(0, "--map 'Parked' matched no status in this file")]


def test_times_without_zone_can_be_read_in_the_exporters_zone() -> None:
    berlin = timezone(timedelta(hours=2))
    result = parse(read("jira-server.csv"), tz=berlin)
    assert result.items[0].created_at == datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


HEADER = "Summary,Issue key,Issue id,Issue Type,Status,Sprint,Sprint,Labels,Labels,Labels,Created"


def test_repeated_headers_keep_every_column() -> None:
    text = HEADER + "\nEmail,MKT-1,1,Task,To Do,Sprint 4,,launch,,email,12/Apr/26 3:30 PM\n"
    item = parse_jira(text).items[0]
    assert item.sprint == "Sprint 4"  # an empty later Sprint cell does not erase it
    assert item.labels == ("launch", "email")
    assert item.kind is Kind.LAUNCH


def test_bad_rows_are_problems_and_the_rest_is_read() -> None:
    text = (
        HEADER + "\n"
        "Email,MKT-1,1,Task,To Do,,,,,,\n"
        ",MKT-2,2,Task,To Do,,,,,,\n"
        "\n"
        "Orphan,,3,Task,To Do,,,,,,\n"
        "Wide,MKT-4,4,Task,To Do,,,,,,,surplus\n"
        "Late,MKT-5,5,Task,Done,,,,,,31/Feb/26 9:00 AM\n"
    )
    result = parse_jira(text)
    assert [i.key for i in result.items] == ["MKT-1", "MKT-5"]
    assert result.problems == [
        (2, "MKT-2 has no Summary"),
        (4, "no Issue key"),
        (
            5,
            "MKT-4 has 12 cells but the header names 11 columns, so its values cannot be "
            "matched to columns",
        ),
    ]
    assert result.items[1].row == 6 and result.items[1].created_at is None
    assert result.warnings == [
        (6, "MKT-5: Created '31/Feb/26 9:00 AM' is not a date and time poboard reads; left empty")
    ]


def test_modern_cloud_parent_columns_and_resolution_that_is_not_done() -> None:
    text = (
        "Summary,Issue key,Issue id,Issue Type,Status,Resolution,Parent,Parent key,Parent summary\n"
        "Epic,MKT-1,10001,Epic,Done,Done,,,\n"
        "Child,MKT-2,10002,Story,Done,Duplicate,10001,,Epic\n"
        "Outside,MKT-3,10003,Story,To Do,,20077,,Other epic\n"
        "Keyed,MKT-4,10004,Story,To Do,,20077,OPS-9,Other epic\n"
    )
    epic, child, outside, keyed = parse_jira(text).items
    assert (epic.status, child.status) == (Status.DONE, Status.DROPPED)
    assert child.parent == "MKT-1"
    assert outside.parent == "20077"  # parent not in the file: its id, as written
    assert keyed.parent == "OPS-9"


def test_a_file_without_jira_columns_is_refused() -> None:
    with pytest.raises(ImportFormatError, match="no 'Issue key' column, so it is not a Jira"):
        parse_jira(read("jira-no-issue-key.csv"))
    with pytest.raises(ImportFormatError, match="empty"):
        parse_jira("")


def test_a_csv_the_csv_module_cannot_split_is_refused() -> None:
    with pytest.raises(ImportFormatError, match="cannot be read near line"):
        parse_jira('Summary,Issue key\nEmail,MKT-1\n"Cut short,MKT-2\n')


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("* (/) Copy approved", [SourceCriterion("Copy approved", met=True)]),
        ("- [x] Done\n- [ ] Open", [SourceCriterion("Done", True), SourceCriterion("Open")]),
        ("1. First\n2) Second", [SourceCriterion("First"), SourceCriterion("Second")]),
        ("# (x) Not met\n\n   \n", [SourceCriterion("Not met", met=False)]),
        ("h3. Launch checks\n[X] Links", [SourceCriterion("Links", met=True)]),
    ],
)
def test_acceptance_criteria_lines(cell: str, expected: list[SourceCriterion]) -> None:
    assert criteria(cell) == expected


def test_a_comment_cell_not_in_date_author_body_form_is_all_body() -> None:
    assert comment("just a note; with a semicolon") == SourceComment(
        None, None, "just a note; with a semicolon"
    )
    assert comment("12/Apr/2026 15:30;dkim;*ok*") == SourceComment(
        "dkim", datetime(2026, 4, 12, 15, 30, tzinfo=UTC), "**ok**"
    )
