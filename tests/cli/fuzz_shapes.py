"""Hypothesis strategies for the fuzz tests: text as hostile as it comes, and files shaped
like each export poboard imports (so the parsers get past their first check), and the
settings every fuzz test runs with (deterministic, no example database)."""

from __future__ import annotations

import csv
import io
import json
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from poboard.importers.github import READ_FIELDS as GITHUB_FIELDS
from poboard.importers.jira import ESTIMATE_COLUMNS, PARENT_COLUMNS
from poboard.importers.trello import READ_FIELDS as TRELLO_FIELDS
from poboard.services.csv_cells import CSV_FIELDS

# Examples per fuzz test: 10 tests, 750 imports or commands a run, about 10 s on two
# cores (tests/cli/test_fuzz_*.py). A longer hunt, with fresh random examples each run:
# POBOARD_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest -q tests/cli/test_fuzz_*.py
HUNT = os.environ.get("POBOARD_FUZZ_EXAMPLES")
EXAMPLES = int(HUNT or "75")


def fuzz_settings(examples: int = EXAMPLES) -> settings:
    """In CI the same examples every run (derandomize), no example database, no
    deadline: deterministic, and a slow machine fails nothing."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=HUNT is None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# Values people and attackers put in exports: escapes, formulas, odd links, dates, statuses.
SEEDS = (
    "",
    " ",
    "Done",
    "In Progress",
    "To Do",
    "closed",
    "OPEN",
    '=HYPERLINK("http://evil","x")',
    "-5 days",
    "'@x",
    "javascript:alert(1)",
    "https://github.com/acme/site/issues/3",
    "mailto:ana@example.com",
    "Evil \x1b]0;pwned\x07 title",
    "desc \x1b]52;c;cHduZWQ=\x07",
    "line\r\nline\rline",
    "- [ ] task\n- [x] done",
    "2026-04-01T10:00:00Z",
    "12/Apr/26 3:30 PM",
    "5",
    "2,5",
    "#1 #2",
    "\x00",
    "\u009b2J",
    "x" * 300,
)

texts = st.one_of(st.sampled_from(SEEDS), st.text(max_size=40))
json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)


def objects(fields: frozenset[str] | tuple[str, ...], value: st.SearchStrategy[Any]) -> Any:
    """JSON objects holding some of `fields` (any values), now and then another key."""
    return st.builds(
        lambda chosen, extra: {**chosen, **extra},
        st.fixed_dictionaries({}, optional={name: value for name in sorted(fields)}),
        st.dictionaries(texts, json_values, max_size=1),
    )


def dumped(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


github_files = st.lists(
    objects(GITHUB_FIELDS, json_values | texts | st.integers(0, 9)), max_size=4
).map(dumped)

trello_card_ids = st.sampled_from(["c1", "c2", "l1", None])
trello_files = st.fixed_dictionaries(
    {
        "lists": st.lists(objects(("id", "name", "closed", "pos"), json_values), max_size=3),
        "cards": st.lists(
            objects(TRELLO_FIELDS, json_values | trello_card_ids | texts), max_size=4
        ),
    },
    optional={
        "checklists": st.lists(
            objects(
                ("idCard", "pos", "checkItems"),
                trello_card_ids
                | st.lists(objects(("name", "state", "pos"), json_values | texts), max_size=3),
            ),
            max_size=2,
        ),
        "members": st.lists(objects(("id", "username", "fullName"), texts), max_size=2),
        "labels": st.lists(objects(("id", "name", "color"), texts), max_size=2),
        "actions": st.lists(objects(("type", "date", "data", "memberCreator"), json_values)),
        "customFields": st.lists(objects(("id", "type", "name"), texts), max_size=2),
    },
).map(dumped)

JIRA_COLUMNS = (
    "Summary", "Issue key", "Issue id", "Issue Type", "Status", "Resolution", "Priority",
    "Assignee", "Reporter", "Created", "Updated", "Resolved", "Due date", "Description",
    "Labels", "Sprint", "Comment", "Issue URL", "Acceptance Criteria", *ESTIMATE_COLUMNS,
    *PARENT_COLUMNS,
)  # fmt: skip


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def csv_files(required: tuple[str, ...], optional: tuple[str, ...]) -> Any:
    """CSV with the `required` columns and some of `optional`, rows of hostile cells."""
    return st.lists(st.sampled_from(optional), max_size=6).flatmap(
        lambda extra: st.lists(
            st.lists(texts, min_size=len(required) + len(extra), max_size=len(extra) + 4),
            max_size=4,
        ).map(lambda rows: csv_text([*required, *extra], rows))
    )


jira_files = csv_files(("Issue key", "Summary"), JIRA_COLUMNS)
poboard_csv_files = csv_files(("title",), CSV_FIELDS)

ITEM_FIELDS = (
    "id", "title", "kind", "status", "description", "owner", "estimate", "sprint_id",
    "criteria", "blocked_by", "source", "source_key", "source_url", "partners", "rank",
)  # fmt: skip
poboard_json_files = st.fixed_dictionaries(
    {"format": st.just("poboard-board")},
    optional={
        "schema": st.integers(0, 30) | json_values,
        "items": st.lists(objects(ITEM_FIELDS, json_values | texts), max_size=3) | json_values,
        "goals": json_values,
        "sprints": st.lists(objects(("id", "name", "start", "end", "state"), json_values)),
        "retros": json_values,
        "events": json_values,
        "settings": json_values,
    },
).map(dumped)

# Arbitrary bytes, some led in by what each format starts with so the sniffing passes.
LEADS = (b"", b"[", b"{", b'{"lists": [], "cards": [', b"Issue key,Summary\r\n", b"title\n")
raw_files = st.builds(
    lambda lead, tail: lead + tail, st.sampled_from(LEADS), st.binary(max_size=120)
)
