"""Refusals (exit 1, one line naming why, nothing changed) and usage errors (exit 2)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import Cli
from .helpers import READY, assert_clean_refusal, one_line, run_poboard

SPRINT = ("sprint", "new", "S1", "--goal", "Ship the webinar", "--start", "2026-03-02")
SPRINT_ARGS = (*SPRINT, "--end", "2026-03-13", "--capacity", "20")

# Each Definition of Ready field, as the refusal names it, and the options that supply it.
READY_PARTS: dict[str, tuple[str, ...]] = {
    "owner": ("--owner", "ana"),
    "audience": ("--audience", "B2B marketers"),
    "promise": ("--promise", "Plan a launch in one afternoon"),
    "proof": ("--proof", "Three pilot customers"),
    "metric": ("--metric", "Trial sign-ups"),
    "estimate": ("--estimate", "3"),
    "acceptance criteria": ("--ac", "Landing page is live"),
}

Snapshot = Callable[..., dict[str, Any]]


def refused(cli: Cli, *args: str, user: str | None = None, code: int = 1) -> str:
    """Run a command that must be refused with `code`; return its one stderr line."""
    result = cli(*args, user=user)
    assert result.exit_code == code, (
        f"poboard {' '.join(args)}: expected exit {code}, got {result.exit_code}\n"
        f"stdout: {result.stdout}\nstderr: {result.stderr}"
    )
    return one_line(result.stderr)


def missing_part(line: str) -> set[str]:
    """The field names after 'missing' in a Definition of Ready refusal."""
    assert "missing" in line, line
    tail = line.split("missing", 1)[1]
    return {part.strip(" :.;") for part in tail.split(",") if part.strip(" :.;")}


# ----- Definition of Ready -------------------------------------------------------------


def test_committing_a_bare_item_names_every_missing_field(
    cli: Cli, ok: Cli, add: Callable[..., int], snapshot: Snapshot
) -> None:
    ok(*SPRINT_ARGS)
    key = add("Spring webinar")
    before = snapshot()
    line = refused(cli, "sprint", "commit", f"#{key}")
    assert f"#{key}" in line
    for name in READY_PARTS:
        assert name in line, f"{name!r} not named in: {line}"
    assert missing_part(line) == set(READY_PARTS)
    assert snapshot() == before


@pytest.mark.parametrize("absent", list(READY_PARTS))
def test_committing_names_exactly_the_one_missing_field(
    absent: str, cli: Cli, ok: Cli, add: Callable[..., int], snapshot: Snapshot
) -> None:
    ok(*SPRINT_ARGS)
    options = [opt for name, part in READY_PARTS.items() if name != absent for opt in part]
    key = add("Pricing page test", *options)
    before = snapshot()
    line = refused(cli, "sprint", "commit", str(key))
    assert missing_part(line) == {absent}
    assert snapshot() == before


def test_commit_is_all_or_none(
    cli: Cli, ok: Cli, add: Callable[..., int], snapshot: Snapshot
) -> None:
    ok(*SPRINT_ARGS)
    ready = add("Nurture email", *READY, "--ac", "Sent to the trial segment")
    unready = add("Case study", "--owner", "ben")
    before = snapshot()
    line = refused(cli, "sprint", "commit", f"#{ready}", f"#{unready}")
    assert f"#{unready}" in line
    assert snapshot() == before
    shown = snapshot()["show"]
    assert all(item["sprint"] is None for item in shown)
    assert all(item["status"] == "backlog" for item in shown)


# ----- the acceptance gate -----------------------------------------------------------------


@pytest.mark.parametrize("command", [("move", "{key}", "done"), ("accept", "{key}")])
def test_done_with_an_open_criterion_names_that_criterion(
    command: tuple[str, ...], cli: Cli, ok: Cli, add: Callable[..., int], snapshot: Snapshot
) -> None:
    key = add(
        "Onboarding email 2",
        *READY,
        "--ac",
        "Subject line tested",
        "--ac",
        "Legal approved the claims",
    )
    ok("check", str(key), "1")
    before = snapshot()
    line = refused(cli, *(part.format(key=key) for part in command))
    assert "Legal approved the claims" in line
    assert "Subject line tested" not in line, "a met criterion is not a reason to refuse"
    assert snapshot() == before


def test_done_names_every_open_criterion(
    cli: Cli, add: Callable[..., int], snapshot: Snapshot
) -> None:
    key = add("Webinar follow-up", "--ac", "Recording posted", "--ac", "Slides shared")
    before = snapshot()
    line = refused(cli, "move", f"#{key}", "done")
    assert "Recording posted" in line and "Slides shared" in line
    assert snapshot() == before


def test_done_without_any_criterion_is_refused(
    cli: Cli, add: Callable[..., int], snapshot: Snapshot
) -> None:
    key = add("Press release", *READY)
    before = snapshot()
    line = refused(cli, "move", str(key), "done")
    assert "criteri" in line
    assert snapshot() == before


def test_definition_of_done_line_blocks_done_until_met(
    cli: Cli, ok: Cli, add: Callable[..., int], snapshot: Snapshot
) -> None:
    ok("config", "set", "definition_of_done", "Copy proofread;Tracking links checked")
    ok(*SPRINT_ARGS)
    key = add("Launch email", *READY, "--ac", "Sent to all trials")
    ok("sprint", "commit", str(key))
    ok("check", str(key), "1")
    before = snapshot()
    line = refused(cli, "accept", str(key))
    assert "Copy proofread" in line and "Tracking links checked" in line
    assert "Sent to all trials" not in line
    assert snapshot() == before
    ok("check", str(key), "2")
    ok("waive", str(key), "3", "--reason", "no links in this email")
    ok("accept", str(key))
    assert snapshot()["show"][0]["status"] == "done"


def test_only_a_product_owner_may_accept(
    cli: Cli, ok: Cli, add: Callable[..., int], snapshot: Snapshot
) -> None:
    key = add("Pricing page copy", *READY, "--ac", "Approved by sales")
    ok("sprint", "new", "S1", "--goal", "Sell", "--start", "2026-03-02", "--end", "2026-03-13",
       "--capacity", "20")  # fmt: skip
    ok("sprint", "start", "S1")
    ok("check", str(key), "1")
    ok("config", "set", "product_owners", "ana")
    before = snapshot()
    line = refused(cli, "accept", str(key), user="ben")
    assert "product owner" in line.lower()
    assert "ana" in line
    line = refused(cli, "move", f"#{key}", "done", user="ben")
    assert "product owner" in line.lower()
    assert snapshot() == before
    # ben may still move the work to review; ana accepts it.
    ok("move", str(key), "review", user="ben")
    ok("accept", f"#{key}", user="ana")
    shown = snapshot()["show"][0]
    assert shown["status"] == "done"
    assert shown["updated_by"] == "ana"


def test_anyone_may_accept_when_no_product_owners_are_set(
    ok: Cli, add: Callable[..., int], snapshot: Snapshot
) -> None:
    key = add("Blog post", "--ac", "Published")
    ok("check", str(key), "1")
    ok("accept", str(key), user="ben")
    assert snapshot()["show"][0]["status"] == "done"


# ----- stale versions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("edit", "{key}", "--title", "Stale title"),
        ("move", "{key}", "doing"),
        ("check", "{key}", "1"),
        ("uncheck", "{key}", "1"),
        ("waive", "{key}", "1", "--reason", "not needed"),
        ("accept", "{key}"),
    ],
    ids=lambda c: c[0],
)
def test_a_stale_expect_version_is_refused_naming_who_changed_it(
    command: tuple[str, ...], cli: Cli, ok: Cli, add: Callable[..., int], snapshot: Snapshot
) -> None:
    key = add("Partner webinar", *READY, "--ac", "Partner confirmed")
    stale = snapshot()["show"][0]["version"]
    ok("edit", f"#{key}", "--audience", "Agency partners", user="dana")
    before = snapshot()
    assert before["show"][0]["version"] == stale + 1
    args = [part.format(key=f"#{key}") for part in command]
    line = refused(cli, *args, "--expect-version", str(stale), user="ben")
    assert "dana" in line
    assert f"#{key}" in line
    assert snapshot() == before


def test_a_current_expect_version_is_accepted(
    ok: Cli, add: Callable[..., int], snapshot: Snapshot
) -> None:
    key = add("Partner webinar")
    version = snapshot()["show"][0]["version"]
    ok("edit", str(key), "--title", "Partner webinar (EMEA)", "--expect-version", str(version))
    shown = snapshot()["show"][0]
    assert shown["title"] == "Partner webinar (EMEA)"
    assert shown["version"] == version + 1


# ----- other refusals ----------------------------------------------------------------------


def test_refusals_in_a_real_process_exit_1_with_one_line_and_no_traceback(
    db: Path, add: Callable[..., int], ok: Cli
) -> None:
    ok(*SPRINT_ARGS)
    key = add("Spring webinar", "--ac", "Registration page live")
    commit = run_poboard("sprint", "commit", f"#{key}", db=db)
    assert commit.returncode == 1
    assert "missing" in assert_clean_refusal(commit)
    done = run_poboard("move", f"#{key}", "done", db=db)
    assert done.returncode == 1
    assert "Registration page live" in assert_clean_refusal(done)


def test_demo_refuses_a_board_that_is_not_empty(
    cli: Cli, add: Callable[..., int], snapshot: Snapshot
) -> None:
    add("Existing work")
    before = snapshot()
    result = cli("demo")
    assert result.exit_code != 0
    one_line(result.stderr)
    assert snapshot() == before


def test_closing_with_no_active_sprint_is_refused(cli: Cli, snapshot: Snapshot) -> None:
    before = snapshot()
    refused(cli, "sprint", "close")
    assert snapshot() == before


def test_starting_a_second_sprint_is_refused(cli: Cli, ok: Cli, snapshot: Snapshot) -> None:
    ok(*SPRINT_ARGS)
    ok("sprint", "new", "S2", "--goal", "g", "--start", "2026-03-16", "--end", "2026-03-27",
       "--capacity", "10")  # fmt: skip
    ok("sprint", "start", "S1")
    before = snapshot()
    line = refused(cli, "sprint", "start", "S2")
    assert "S1" in line
    assert snapshot() == before


# ----- usage errors: exit 2 ----------------------------------------------------------------


@pytest.mark.parametrize("estimate", ["4", "7", "-1", "100"])
def test_a_bad_estimate_is_a_usage_error(
    estimate: str, cli: Cli, add: Callable[..., int], snapshot: Snapshot
) -> None:
    key = add("Keep me")
    before = snapshot()
    line = refused(cli, "add", "New item", "--estimate", estimate, code=2)
    assert "estimate" in line
    line = refused(cli, "edit", str(key), "--estimate", estimate, code=2)
    assert "estimate" in line
    assert snapshot() == before


def test_an_unknown_status_is_a_usage_error(
    cli: Cli, add: Callable[..., int], snapshot: Snapshot
) -> None:
    key = add("Keep me")
    before = snapshot()
    result = cli("move", str(key), "shipped")
    assert result.exit_code == 2
    assert "shipped" in result.stderr
    result = cli("list", "--status", "shipped")
    assert result.exit_code == 2
    assert snapshot() == before


@pytest.mark.parametrize(
    ("start", "end"),
    [("2026-02-30", "2026-03-13"), ("next monday", "2026-03-13"), ("2026-03-02", "13/03/2026")],
)
def test_a_bad_date_is_a_usage_error(start: str, end: str, cli: Cli, snapshot: Snapshot) -> None:
    before = snapshot()
    result = cli("sprint", "new", "S1", "--goal", "g", "--start", start, "--end", end,
                 "--capacity", "20")  # fmt: skip
    assert result.exit_code == 2, result.output
    assert snapshot() == before
    assert "no sprints" in cli("sprint", "list").stdout


def test_an_end_before_the_start_is_a_usage_error(cli: Cli, snapshot: Snapshot) -> None:
    before = snapshot()
    line = refused(cli, *SPRINT, "--end", "2026-03-01", "--capacity", "20", code=2)
    assert "end" in line
    assert snapshot() == before


def test_an_unknown_config_key_names_the_valid_keys(cli: Cli, snapshot: Snapshot) -> None:
    before = snapshot()
    line = refused(cli, "config", "set", "product_owner", "ana", code=2)
    assert "product_owner" in line
    for key in ("name", "product_owners", "definition_of_done", "weights.value", "retro.votes"):
        assert key in line, f"{key} not named in: {line}"
    assert snapshot() == before


@pytest.mark.parametrize(
    "kr", ["pipeline", "pipeline:10", "pipeline:ten:20", "pipeline:10:lots", ":10:20"]
)
def test_a_bad_key_result_is_a_usage_error(kr: str, cli: Cli, snapshot: Snapshot) -> None:
    before = snapshot()
    refused(cli, "goal", "add", "Grow pipeline", "--kr", kr, code=2)
    assert snapshot() == before
    assert "no goals" in cli("goal", "list").stdout


def test_a_bad_item_key_is_a_usage_error(cli: Cli, add: Callable[..., int]) -> None:
    add("Something")
    line = refused(cli, "show", "twelve", code=2)
    assert "twelve" in line


def test_an_unknown_item_is_refused_in_one_line(cli: Cli, snapshot: Snapshot) -> None:
    before = snapshot()
    result = cli("move", "#99", "doing")
    assert result.exit_code != 0
    assert "#99" in one_line(result.stderr)
    assert snapshot() == before


def test_checking_a_criterion_that_does_not_exist_is_a_usage_error(
    cli: Cli, add: Callable[..., int], snapshot: Snapshot
) -> None:
    key = add("Two criteria", "--ac", "one", "--ac", "two")
    before = snapshot()
    refused(cli, "check", str(key), "3", code=2)
    refused(cli, "waive", str(key), "0", "--reason", "no", code=2)
    assert snapshot() == before


def test_a_waiver_needs_a_reason(cli: Cli, add: Callable[..., int], snapshot: Snapshot) -> None:
    key = add("One criterion", "--ac", "one")
    before = snapshot()
    assert cli("waive", str(key), "1").exit_code == 2
    refused(cli, "waive", str(key), "1", "--reason", "   ", code=2)
    assert snapshot() == before
