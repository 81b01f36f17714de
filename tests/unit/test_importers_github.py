"""GitHub issues as `gh issue list --state all --json ...` prints them, issue by issue."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from poboard.domain.models import Horizon, Kind, Status
from poboard.importers import ImportFormatError, SourceFile, SourceItem, parse, parse_github
from poboard.importers.github import tasks
from poboard.importers.records import SourceComment, SourceCriterion

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def issues() -> SourceFile:
    return parse_github(read("github-issues.json"))


def by_key(result: SourceFile) -> dict[str, SourceItem]:
    return {item.key: item for item in result.items}


def test_every_issue_in_file_order_keyed_by_repository(issues: SourceFile) -> None:
    assert [i.key for i in issues.items] == [
        f"acme/marketing-site#{n}" for n in (41, 38, 35, 44, 45, 30)
    ]
    assert [i.row for i in issues.items] == [1, 2, 3, 4, 5, 6]
    assert issues.problems == [] and issues.warnings == [] and issues.unmapped_columns == []


def test_an_open_bug_field_by_field(issues: SourceFile) -> None:
    bug = by_key(issues)["acme/marketing-site#41"]
    assert bug.source == "github"
    assert bug.title == "UTM parameters dropped on pricing redirect"
    assert bug.url == "https://github.com/acme/marketing-site/issues/41"
    assert bug.description.startswith("UTM parameters are lost when `/pricing` redirects")
    assert "- [ ] not a task" in bug.description  # the body is kept whole
    assert bug.kind is Kind.BUG
    assert (bug.status_name, bug.status, bug.horizon) == ("OPEN", Status.BACKLOG, None)
    assert bug.owner == "dkim"
    assert bug.labels == ("bug",)
    assert bug.sprint == "Sprint 12"
    assert bug.created_at == datetime(2026, 4, 11, 9, 20, 31, tzinfo=UTC)
    assert bug.resolved_at is None and bug.closed_reason is None
    assert bug.criteria == (
        SourceCriterion("`utm_*` survive the 301", met=False),
        SourceCriterion("Reproduced on Safari and Chrome", met=True),
        SourceCriterion("Regression test in CI", met=False),
    )  # the task inside the ``` block is an example, not a criterion
    assert bug.estimate is None and bug.priority is None and bug.reporter is None


def test_closed_as_completed_is_done(issues: SourceFile) -> None:
    docs = by_key(issues)["acme/marketing-site#38"]
    assert docs.kind is Kind.CONTENT  # "documentation"
    assert (docs.status_name, docs.status) == ("CLOSED", Status.DONE)
    assert docs.closed_reason == "completed"
    assert docs.resolved_at == datetime(2026, 4, 9, 16, 20, tzinfo=UTC)
    assert docs.criteria == (
        SourceCriterion("Draft in docs/launch-checklist.md", met=True),
        SourceCriterion("Review with sales", met=True),
    )


def test_closed_as_not_planned_is_dropped(issues: SourceFile) -> None:
    icons = by_key(issues)["acme/marketing-site#35"]
    assert icons.kind is Kind.STORY  # "enhancement"
    assert (icons.status_name, icons.status) == ("CLOSED", Status.DROPPED)
    assert icons.closed_reason == "not_planned"
    assert icons.owner is None and icons.sprint is None


def test_label_kinds_prefixes_and_precedence(issues: SourceFile) -> None:
    items = by_key(issues)
    assert items["acme/marketing-site#44"].kind is Kind.EXPERIMENT  # "type: experiment"
    hero = items["acme/marketing-site#45"]
    assert hero.kind is Kind.LAUNCH  # "launch" names a kind; it beats "enhancement"
    assert hero.owner == "ana-lopez"  # the first assignee
    assert hero.closed_reason is None  # REOPENED is no reason to be closed
    assert hero.criteria == (
        SourceCriterion("New hero copy approved"),
        SourceCriterion("Video under 5 MB"),
    )


def test_status_map_names_the_states_and_reasons_used(issues: SourceFile) -> None:
    assert issues.status_map == {"OPEN": "backlog", "CLOSED": "done", "NOT_PLANNED": "dropped"}


def test_map_overrides_states_and_reasons() -> None:
    result = parse(read("github-issues.json"), mapping={"open": "later", "NOT_PLANNED": "done"})
    items = by_key(result)
    assert (items["acme/marketing-site#41"].status, items["acme/marketing-site#41"].horizon) == (
        Status.BACKLOG,
        Horizon.LATER,
    )
    assert items["acme/marketing-site#35"].status is Status.DONE


def test_without_a_url_the_key_is_the_number_alone() -> None:
    text = json.dumps([{"number": 7, "title": "Launch email", "state": "OPEN", "url": None}])
    (item,) = parse_github(text).items
    assert (item.key, item.url) == ("#7", None)


def test_optional_fields_author_comments_and_updated_at() -> None:
    issue = {
        "number": 9,
        "title": "Webinar landing page",
        "state": "OPEN",
        "author": {"login": "ana-lopez"},
        "updatedAt": "2026-04-13T09:00:00Z",
        "comments": [
            {
                "author": {"login": "dkim"},
                "body": "Draft is up.",
                "createdAt": "2026-04-12T10:00:00Z",
            },
            {"author": None, "body": "ghost comment", "createdAt": "not a date"},
        ],
        "reactionGroups": [{"content": "THUMBS_UP", "users": {"totalCount": 2}}],
    }
    result = parse_github(json.dumps([issue]))
    (item,) = result.items
    assert item.reporter == "ana-lopez"
    assert item.updated_at == datetime(2026, 4, 13, 9, 0, tzinfo=UTC)
    assert item.comments == (
        SourceComment("dkim", datetime(2026, 4, 12, 10, 0, tzinfo=UTC), "Draft is up."),
        SourceComment(None, None, "ghost comment"),
    )
    assert result.unmapped_columns == ["reactionGroups"]


def test_entries_that_are_not_issues_are_problems() -> None:
    result = parse_github(read("github-bad-rows.json"))
    assert [i.key for i in result.items] == ["acme/marketing-site#41", "acme/marketing-site#38"]
    assert result.problems == [
        (2, "entry 2 is not an issue object"),
        (3, "entry 3 has no issue number"),
        (4, "issue #7 has no title"),
    ]


def test_a_bad_date_is_a_warning_and_the_issue_is_kept() -> None:
    text = json.dumps([{"number": 3, "title": "Launch", "state": "OPEN", "createdAt": "Tuesday"}])
    result = parse_github(text)
    assert result.items[0].created_at is None
    assert result.warnings == [
        (1, "#3: createdAt 'Tuesday' is not a date and time poboard reads; left empty")
    ]


def test_files_that_are_not_issue_lists_are_refused() -> None:
    with pytest.raises(ImportFormatError, match="prints an array"):
        parse_github(json.dumps({"number": 1, "title": "one issue, not a list"}))
    with pytest.raises(ImportFormatError, match="not valid JSON"):
        parse_github('[{"number": 1, "title": "cut')


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "- [ ] open\n- [x] done\n* [X] shouted",
            [("open", False), ("done", True), ("shouted", True)],
        ),
        ("  - [ ] nested task", [("nested task", False)]),
        ("+ [x] plus bullet\n3) [ ] numbered", [("plus bullet", True), ("numbered", False)]),
        ("- [] not a task\n- [ ]\n[x] no bullet", []),
        ("~~~\n- [ ] fenced\n~~~\n- [ ] after", [("after", False)]),
    ],
)
def test_task_lists(body: str, expected: list[tuple[str, bool]]) -> None:
    assert [(c.text, c.met) for c in tasks(body)] == expected
