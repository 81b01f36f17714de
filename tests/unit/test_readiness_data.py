"""Readiness as data: the fields a Definition of Ready asks for are one enum, read from a
board file's `missing` column once, at the store, and written back in the text board
files have always held (and `--json` has always listed); settings keep the field names
they always kept. A move's warnings are notices with a code and a sentence."""

from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path

import pytest

from poboard.board import Board
from poboard.domain.readiness import (
    EXPERIMENT_FIELDS,
    FULL_READY,
    READY_FIELDS,
    Notice,
    NoticeCode,
    ReadyField,
    labels,
)
from poboard.domain.settings import Settings
from poboard.services.config import config_items
from poboard.store.item_rows import UNDERIVED, parse_missing, stored_missing
from poboard.tui.widgets.item_form import EXPERIMENT_FORM, FORM_FIELDS, READY_INPUTS

# How each field has always been named in a board file's `missing` column and in
# `--json`'s `missing` list: a public contract, so spelled out here, not derived.
LABELS = {
    ReadyField.OWNER: "owner",
    ReadyField.AUDIENCE: "audience",
    ReadyField.PROMISE: "promise",
    ReadyField.PROOF: "proof",
    ReadyField.METRIC: "metric",
    ReadyField.ESTIMATE: "estimate",
    ReadyField.CRITERIA: "acceptance criteria",
    ReadyField.HYPOTHESIS: "hypothesis",
    ReadyField.SUCCESS_METRIC: "success metric",
    ReadyField.GUARDRAIL_METRIC: "guardrail metric",
    ReadyField.DECISION_RULE: "decision rule",
}


def test_each_field_reads_as_people_and_board_files_name_it() -> None:
    assert {field: field.label for field in ReadyField} == LABELS
    assert [field.value for field in READY_FIELDS] == [
        "owner", "audience", "promise", "proof", "metric", "estimate", "criteria",
        "hypothesis", "success_metric", "guardrail_metric", "decision_rule",
    ]  # fmt: skip
    assert FULL_READY + EXPERIMENT_FIELDS == READY_FIELDS
    assert labels([ReadyField.OWNER, ReadyField.CRITERIA]) == "owner, acceptance criteria"


def test_a_label_names_its_field_and_nothing_else_names_one() -> None:
    for field, label in LABELS.items():
        assert ReadyField.from_label(label) is field
    for text in ("criteria", "success_metric", "Owner", "", "title"):
        assert ReadyField.from_label(text) is None


def test_every_set_of_missing_fields_comes_back_from_its_stored_text() -> None:
    for size in range(len(READY_FIELDS) + 1):
        for fields in itertools.combinations(READY_FIELDS, size):
            text = stored_missing(fields)
            assert text == ",".join(LABELS[f] for f in fields)
            assert parse_missing(text) == fields


def test_a_row_not_derived_yet_or_naming_an_unknown_field_is_derived_again() -> None:
    assert parse_missing("") == ()
    assert parse_missing(None) is UNDERIVED
    assert parse_missing("owner,sparkle") is UNDERIVED
    assert parse_missing("owner,") is UNDERIVED
    assert parse_missing("owner") == (ReadyField.OWNER,)


def stored_column(path: Path) -> dict[int, str | None]:
    with sqlite3.connect(path) as conn:
        found = dict(conn.execute("SELECT id, missing FROM items").fetchall())
    conn.close()
    return found


def test_a_board_file_keeps_missing_as_it_always_has_and_json_lists_it_so(
    tmp_path: Path,
) -> None:
    path = tmp_path / "board.db"
    board = Board.open(path, "ana")
    try:
        bare = board.items.add("Spring launch").id or 0
        test = board.items.add("Exit survey test", kind="experiment", owner="raj").id or 0
    finally:
        board.close()
    assert stored_column(path) == {
        bare: "owner,audience,promise,proof,metric,estimate,acceptance criteria",
        test: "audience,promise,proof,metric,estimate,acceptance criteria,hypothesis,"
        "success metric,guardrail metric,decision rule",
    }
    with sqlite3.connect(path) as conn:  # as an older poboard could have left it
        conn.execute("UPDATE items SET missing = 'proof,acceptance criteria' WHERE id = ?", [bare])
    conn.close()
    before = stored_column(path)
    board = Board.open(path, "ana")
    try:
        assert board.lists.view(bare).missing == [ReadyField.PROOF, ReadyField.CRITERIA]
        shown = json.loads(board.lists.item_json(bare))
        assert shown["missing"] == ["proof", "acceptance criteria"] and not shown["ready"]
    finally:
        board.close()
    assert stored_column(path) == before  # opened, read, and left as it was


def test_settings_keep_field_names_and_read_them_as_fields(tmp_path: Path) -> None:
    path = tmp_path / "board.db"
    board = Board.open(path, "ana")
    try:
        settings = board.config.configure("ready.bug", "criterion, owner")
        assert settings.ready["bug"] == [ReadyField.OWNER, ReadyField.CRITERIA]
        assert dict(config_items(settings))["ready.bug"] == "owner,criteria"
    finally:
        board.close()
    with sqlite3.connect(path) as conn:
        (stored,) = conn.execute("SELECT value FROM settings WHERE key = 'ready'").fetchone()
    conn.close()
    assert json.loads(stored)["bug"] == ["owner", "criteria"]
    written_before = Settings.model_validate({"ready": {"chore": ["estimate", "success_metric"]}})
    assert written_before.ready["chore"] == [ReadyField.ESTIMATE, ReadyField.SUCCESS_METRIC]


def test_a_settings_field_this_poboard_does_not_know_asks_nothing() -> None:
    """As before the fields were an enum: the rule passed over a name it did not know."""
    settings = Settings.model_validate({"ready": {"bug": ["owner", "sparkle", "criteria"]}})
    assert settings.ready["bug"] == [ReadyField.OWNER, ReadyField.CRITERIA]
    with pytest.raises(ValueError, match="ready"):
        Settings.model_validate({"ready": {"bug": "owner"}})


def test_the_editor_has_a_field_for_everything_readiness_asks_but_criteria() -> None:
    assert set(READY_INPUTS) == set(READY_FIELDS) - {ReadyField.CRITERIA}
    assert set(READY_INPUTS.values()) <= set(FORM_FIELDS)
    assert {READY_INPUTS[f] for f in EXPERIMENT_FIELDS} <= set(EXPERIMENT_FORM)


def test_a_notice_has_a_code_to_choose_by_and_a_sentence_to_show() -> None:
    notice = Notice(NoticeCode.OVER_WIP, "doing is over its WIP limit (2/1 WIP)")
    assert notice.code is NoticeCode.OVER_WIP
    assert notice.sentence == "doing is over its WIP limit (2/1 WIP)"
