"""The importers package as the CLI will use it: detection, dispatch, --map, refusals, purity."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from poboard.domain.models import Horizon, Status
from poboard.importers import ImportFormatError, detect, parse, parse_mapping
from poboard.importers.mapping import StatusMapper
from poboard.importers.values import read_date, read_datetime, read_number

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
BOARD_EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "board-schema-1.json"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("jira-all-fields.csv", "jira"),
        ("jira-server.csv", "jira"),
        ("trello-board.json", "trello"),
        ("github-issues.json", "github"),
        ("github-bad-rows.json", "github"),
    ],
)
def test_detects_each_export_from_its_content(name: str, source: str) -> None:
    assert detect(read(name)) == source
    assert parse(read(name)).source == source


def test_detects_poboards_own_exports_and_an_empty_issue_list() -> None:
    assert detect(BOARD_EXPORT.read_text(encoding="utf-8")) == "poboard-json"
    assert detect("key,title,kind,status\n#1,Launch email,campaign,backlog\n") == "poboard-csv"
    assert detect("\ufeff  []\n") == "github"
    assert parse("[]").items == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("  \n", "the file is empty"),
        (read("trello-truncated.json"), r"not valid JSON \(is it cut short\?\): .* at line \d+"),
        ('{"name": "a board"}', "neither a poboard export .* nor a Trello board"),
        ('[1, "two"]', "holds no issue with 'number' and 'title'"),
        (read("jira-no-issue-key.csv"), "no export poboard knows; poboard reads a Jira CSV"),
        ("just some words\n", "no export poboard knows"),
    ],
)
def test_files_no_importer_reads_are_refused_in_one_sentence(text: str, message: str) -> None:
    with pytest.raises(ImportFormatError, match=message) as caught:
        parse(text)
    assert isinstance(caught.value, ValueError)
    assert "\n" not in str(caught.value)


def test_naming_the_source_skips_detection_and_checks_the_shape() -> None:
    assert parse(read("jira-server.csv"), source="Jira").source == "jira"
    with pytest.raises(ImportFormatError, match="no 'Issue key' column"):
        parse(read("jira-no-issue-key.csv"), source="jira")
    with pytest.raises(ImportFormatError, match="not a Trello board export"):
        parse(read("github-issues.json"), source="trello")
    with pytest.raises(ImportFormatError, match="unknown source 'asana'; use one of jira, trello"):
        parse("[]", source="asana")
    with pytest.raises(ImportFormatError, match="restored by `poboard import`"):
        parse(BOARD_EXPORT.read_text(encoding="utf-8"))


def test_parse_mapping_splits_on_the_last_equals_sign() -> None:
    assert parse_mapping(["In QA=review", "Icebox=later", "A=B = c=Done "]) == {
        "In QA": "review",
        "Icebox": "later",
        "A=B = c": "done",
    }
    assert parse_mapping([]) == {}


@pytest.mark.parametrize("pair", ["In QA", "=review", "In QA=", "  =  "])
def test_parse_mapping_refuses_a_pair_without_both_sides(pair: str) -> None:
    with pytest.raises(ImportFormatError, match="should read SOURCE=TARGET"):
        parse_mapping([pair])


def test_a_bad_target_is_refused_naming_it_and_the_valid_values() -> None:
    expected = (
        "--map target 'finished' is neither a status nor a horizon; use one of backlog, todo, "
        "doing, review, done, dropped (statuses) or now, next, later, unplanned (horizons)"
    )
    with pytest.raises(ImportFormatError) as caught:
        parse_mapping(["Shipped=finished"])
    assert str(caught.value) == expected
    with pytest.raises(ImportFormatError, match="'finished' is neither"):
        parse(read("trello-board.json"), mapping={"Done": "finished"})


def test_the_mapper_prefers_overrides_and_records_what_it_used() -> None:
    mapper = StatusMapper({"won’t do": "later"})
    assert mapper.place("Won't Do") == (Status.BACKLOG, Horizon.LATER)  # curly or straight
    assert mapper.place("  in   PROGRESS ") == (Status.DOING, None)
    assert mapper.place("Parked") == (None, None)
    assert mapper.place("") == (None, None)
    assert mapper.place("unplanned") == (None, None)  # a horizon name, not a default list
    assert mapper.used == {
        "Won't Do": "later",
        "  in   PROGRESS ": "doing",
        "Parked": "",
        "unplanned": "",
    }
    assert mapper.unmatched() == []


def test_default_open_statuses_land_in_the_backlog_never_todo() -> None:
    mapper = StatusMapper()
    for name in ("To Do", "Open", "Backlog", "New", "Selected for Development", "Ready", "todo"):
        assert mapper.place(name) == (Status.BACKLOG, None)
    for name in ("Won't Do", "Cancelled", "Rejected", "Duplicate"):
        assert mapper.place(name) == (Status.DROPPED, None)
    for name in ("In Review", "Review", "QA", "Testing"):
        assert mapper.place(name) == (Status.REVIEW, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/Apr/26 3:30 PM", datetime(2026, 4, 12, 15, 30, tzinfo=UTC)),
        ("12/Apr/26 12:05 AM", datetime(2026, 4, 12, 0, 5, tzinfo=UTC)),
        ("12/apr/2026 15:30", datetime(2026, 4, 12, 15, 30, tzinfo=UTC)),
        ("1/Dec/99 9:00 am", datetime(1999, 12, 1, 9, 0, tzinfo=UTC)),
        ("2026-04-12T15:30:00.000+0200", datetime(2026, 4, 12, 13, 30, tzinfo=UTC)),
        ("2026-04-12T15:30:00Z", datetime(2026, 4, 12, 15, 30, tzinfo=UTC)),
        ("2026-04-12", datetime(2026, 4, 12, tzinfo=UTC)),
        ("", None),
        (None, None),
    ],
)
def test_datetimes_are_aware_utc(text: str | None, expected: datetime | None) -> None:
    assert read_datetime(text) == expected


def test_a_time_without_zone_is_read_in_the_given_zone() -> None:
    moment = read_datetime("12/Apr/26 3:30 PM", timezone(timedelta(hours=-5)))
    assert moment == datetime(2026, 4, 12, 20, 30, tzinfo=UTC)
    assert moment is not None and moment.tzinfo is UTC


@pytest.mark.parametrize("text", ["12/Foo/26 3:30 PM", "31/Feb/26", "12/Apr/26 13:30 PM", "soon"])
def test_unreadable_datetimes_say_so(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date and time poboard reads"):
        read_datetime(text)


def test_dates_and_numbers() -> None:
    assert read_date("30/Apr/26 12:00 AM") == date(2026, 4, 30)
    assert read_date("15/Apr/2026") == date(2026, 4, 15)
    assert read_date("2026-04-30T23:30:00.000-0300") == date(2026, 5, 1)  # UTC date
    assert [read_number(v) for v in ("5", "5.0", " 2,5 ", 3, "", None)] == [
        5,
        5,
        2.5,
        3,
        None,
        None,
    ]
    for bad in ("five", "nan", True, float("inf")):
        with pytest.raises(ValueError):
            read_number(bad)


def _poboard_modules_loaded_by(module: str) -> set[str]:
    code = (
        f"import sys, {module}\n"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('poboard', 'textual', 'click', 'sqlite_utils', 'sqlite3'))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return set(loaded)


def test_the_package_imports_nothing_but_the_stdlib_models_and_the_text_rule() -> None:
    loaded = _poboard_modules_loaded_by("poboard.importers")
    allowed = _poboard_modules_loaded_by("poboard.domain.models") | {"poboard.domain.safe_text"}
    assert {m for m in loaded if not m.startswith("poboard.importers")} <= allowed


def test_every_fixture_round_trips_through_json_safe_records() -> None:
    for name in ("jira-all-fields.csv", "trello-board.json", "github-issues.json"):
        for item in parse(read(name)).items:
            assert item.created_at is None or item.created_at.tzinfo is UTC
            assert item.title == item.title.strip() and item.key
            json.dumps([c.text for c in item.criteria] + [c.text for c in item.comments])
