"""Each public JSON shape is pinned by its JSON Schema snapshot: a change to a contract
is a deliberate change to every output that gives it (the CLI's --json, the MCP tools,
the reports), made by regenerating the snapshot, never by accident."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from poboard.contracts.items import ItemJson
from poboard.contracts.schemas import SHAPES, json_schema, schema_text
from poboard.store.item_json import ITEM_FIELDS

HERE = Path(__file__).parent
REGENERATE = "python -m poboard.contracts.schemas tests/contracts"


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_contract_is_its_snapshot(name: str) -> None:
    path = HERE / f"{name}.schema.json"
    assert path.exists(), f"no snapshot for the {name!r} contract: run `{REGENERATE}`"
    pinned, now = json.loads(path.read_text(encoding="utf-8")), json_schema(name)
    if pinned != now:
        added = sorted(set(now.get("properties", {})) - set(pinned.get("properties", {})))
        gone = sorted(set(pinned.get("properties", {})) - set(now.get("properties", {})))
        pytest.fail(
            f"the {name!r} JSON contract changed (fields added {added}, removed {gone}, or "
            f"a type changed): every --json, MCP and report output of it changes too. If "
            f"that is meant, run `{REGENERATE}` and say so in the change's note"
        )
    assert path.read_text(encoding="utf-8") == schema_text(name), f"{path.name}: rewrite it"


def test_every_snapshot_has_its_contract() -> None:
    """A snapshot left behind by a contract removed is a contract removed by accident."""
    found = {p.name.removesuffix(".schema.json") for p in HERE.glob("*.schema.json")}
    assert found == set(SHAPES)


def test_the_sql_writes_the_item_contract_field_for_field_in_order() -> None:
    """SQLite writes items (for speed); what it writes is the contract's fields, in the
    contract's order, and no others."""
    assert list(ITEM_FIELDS) == list(ItemJson.__annotations__)


def test_a_snapshot_refuses_an_unknown_field() -> None:
    """Every shape but none names all its fields: a field added to an output without its
    contract fails the outputs' validation."""
    for name in SHAPES:
        assert json_schema(name)["additionalProperties"] is False, name
