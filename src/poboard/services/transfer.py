"""Export and import: the whole board as JSON, items as CSV, a readable Markdown page.

Imports are all or nothing: every row is validated and passed through the gates first,
then everything is written in one transaction.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .. import rules
from ..errors import InvalidInputError
from ..models import (
    SPRINT_COLUMNS,
    Criterion,
    CriterionState,
    Event,
    Goal,
    Item,
    Retro,
    Settings,
    Sprint,
)
from ..store import events as event_store
from ..store import items as item_store
from ..store import planning, retros
from ..store.schema import SCHEMA_VERSION
from .core import BoardCore, validation_message

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Imported:
    items: int
    notes: list[str]


FORMAT_TAG = "poboard-board"
CSV_FIELDS = (
    "key", "title", "kind", "status", "horizon", "estimate", "owner", "audience", "promise",
    "proof", "metric", "goal", "sprint", "value", "urgency", "impact", "fit", "effort", "risk",
    "partners", "blocked_by", "description", "criteria",
)  # fmt: skip
CRITERION_MARKS = {CriterionState.OPEN: "[ ]", CriterionState.MET: "[x]",
                   CriterionState.WAIVED: "[-]"}  # fmt: skip


def criteria_cell(criteria: Iterable[Criterion]) -> str:
    """One criterion a line: `[x] text`, `[ ] text`, `[-] text :: reason`."""
    lines = []
    for c in criteria:
        line = f"{CRITERION_MARKS[c.state]} {c.text}"
        if c.state is CriterionState.WAIVED and c.reason:
            line += f" :: {c.reason}"
        lines.append(line)
    return "\n".join(lines)


def parse_criteria_cell(cell: str) -> list[Criterion]:
    found = []
    for raw in cell.splitlines():
        line = raw.strip()
        if not line:
            continue
        state, reason = CriterionState.OPEN, None
        for mark_state, mark in CRITERION_MARKS.items():
            if line.startswith(mark):
                state, line = mark_state, line[len(mark) :].strip()
        if state is CriterionState.WAIVED and " :: " in line:
            line, reason = (part.strip() for part in line.split(" :: ", 1))
        found.append(Criterion(text=line, state=state, reason=reason))
    return found


class TransferService(BoardCore):
    def export_data(self) -> dict[str, Any]:
        """Everything on the board, in a shape `import_data` takes back exactly."""
        return {
            "format": FORMAT_TAG,
            "schema": SCHEMA_VERSION,
            "settings": self.settings().model_dump(mode="json"),
            "goals": [g.model_dump(mode="json") for g in planning.load_goals(self.db)],
            "sprints": [s.model_dump(mode="json") for s in planning.load_sprints(self.db)],
            "items": [i.model_dump(mode="json") for i in item_store.load_items(self.db)],
            "retros": [r.model_dump(mode="json") for r in retros.load_retros(self.db)],
            "events": [e.model_dump(mode="json") for e in event_store.all_events(self.db)],
        }

    def export_csv(self) -> str:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        sprints = {s.id: s.name for s in planning.load_sprints(self.db)}
        for item in item_store.load_items(self.db):
            row = item.model_dump(mode="json")
            row.update(
                key=item.key,
                goal=item.goal_id or "",
                sprint=sprints.get(item.sprint_id, "") if item.sprint_id else "",
                partners=", ".join(item.partners),
                blocked_by=" ".join(f"#{b}" for b in item.blocked_by),
                criteria=criteria_cell(item.criteria),
            )
            writer.writerow({name: "" if row[name] is None else row[name] for name in CSV_FIELDS})
        return buffer.getvalue()

    def import_data(self, data: object) -> Imported:
        """Add a whole exported board. Ids are kept when none collide, else renumbered."""
        if not isinstance(data, dict) or data.get("format") != FORMAT_TAG:
            raise InvalidInputError("this JSON is not a poboard export (no 'format' tag)")
        if int(data.get("schema", 0)) > SCHEMA_VERSION:
            raise InvalidInputError("this export comes from a newer poboard; upgrade to import it")
        goals = _parse(Goal, data.get("goals", []), "goal")
        sprints = _parse(Sprint, data.get("sprints", []), "sprint")
        items = _parse(Item, data.get("items", []), "item")
        retro_list = _parse(Retro, data.get("retros", []), "retro")
        history = _parse(Event, data.get("events", []), "event")
        settings = Settings.model_validate(data["settings"]) if "settings" in data else None
        with self.writing():
            keep = not (
                item_store.count_items(self.db)
                or planning.load_goals(self.db)
                or planning.load_sprints(self.db)
                or retros.load_retros(self.db)
            )
            self._check_sprint_names(sprints)
            self._check_gates(items)
            goal_ids = {g.id: planning.insert_goal(self.db, _fresh(g, keep)) for g in goals}
            sprint_ids = {s.id: planning.insert_sprint(self.db, _fresh(s, keep)) for s in sprints}
            item_ids: dict[int | None, int] = {}
            for item in items:
                copy = _fresh(item, keep)
                copy.goal_id = goal_ids.get(item.goal_id) if item.goal_id else None
                copy.sprint_id = sprint_ids.get(item.sprint_id) if item.sprint_id else None
                copy.blocked_by = []
                if not keep:
                    copy.rank = item_store.rank_bounds(self.db)[1] + 1
                item_ids[item.id] = item_store.insert_item(self.db, copy)
            for item in items:
                links = [item_ids[b] for b in item.blocked_by if b in item_ids]
                item_store.save_blockers(self.db, item_ids[item.id], links)
            self._import_retros(retro_list, sprint_ids, item_ids, keep)
            event_store.append(
                self.db,
                [
                    e.model_copy(
                        update={
                            "id": None,
                            "item_id": item_ids.get(e.item_id) if e.item_id else None,
                        }
                    )
                    for e in history
                ],
            )
            if settings is not None and keep:
                for key, value in settings.model_dump(mode="json").items():
                    planning.save_setting(self.db, key, value)
            self.log(self.event("import", None, "board", None, f"{len(items)} items"))
        return Imported(
            len(items),
            []
            if keep or settings is None
            else [
                "this board's settings were kept (a file's settings apply only to an empty board)"
            ],
        )

    def _check_sprint_names(self, sprints: list[Sprint]) -> None:
        for sprint in sprints:
            if planning.load_sprint(self.db, name=sprint.name) is not None:
                raise InvalidInputError(f"sprint {sprint.name!r} already exists on this board")

    def _check_gates(self, items: list[Item]) -> None:
        """The gates hold on import too: committed work is ready, done work has every
        criterion settled (who accepted it is history, so the product-owner rule is not
        asked again)."""
        for n, item in enumerate(items, start=1):
            label = f"item {n} (#{item.id} {item.title!r})"
            if item.sprint_id is not None and item.status in SPRINT_COLUMNS:
                missing = rules.missing_for_ready(item)
                if missing:
                    raise InvalidInputError(
                        f"{label} is in a sprint but not ready: missing {', '.join(missing)}"
                    )
            if item.status.value == "done":
                refusals = rules.acceptance_refusals(item, self.user, [], [])
                if refusals:
                    raise InvalidInputError(f"{label} is done but {refusals[0]}")

    def _import_retros(
        self,
        retro_list: list[Retro],
        sprint_ids: dict[int | None, int],
        item_ids: dict[int | None, int],
        keep: bool,
    ) -> None:
        for retro in retro_list:
            copy = _fresh(retro, keep)
            copy.sprint_id = sprint_ids.get(retro.sprint_id) if retro.sprint_id else None
            retro_id = retros.insert_retro(self.db, copy)
            card_ids = {}
            for card in retro.cards:
                card_ids[card.id] = retros.insert_card(
                    self.db, _fresh(card, keep).model_copy(update={"retro_id": retro_id})
                )
            for vote in retro.votes:
                retros.insert_vote(
                    self.db, card_ids[vote.card_id], vote.user, vote.at, vote.id if keep else None
                )
            for action in retro.actions:
                retros.insert_action(
                    self.db,
                    _fresh(action, keep).model_copy(
                        update={
                            "retro_id": retro_id,
                            "item_id": item_ids.get(action.item_id) if action.item_id else None,
                            "carried_from": action.carried_from if keep else None,
                        }
                    ),
                )

    def import_csv(self, text: str) -> Imported:
        """New items from CSV rows: every row, or none.

        The `key` column names rows for `blocked_by`, which may also point at items
        already on the board. A sprint this board does not have is left out (noted).
        """
        reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
        if not reader.fieldnames or "title" not in reader.fieldnames:
            raise InvalidInputError("the CSV needs a header row with at least a 'title' column")
        sprints = {s.name.lower(): s.id for s in planning.load_sprints(self.db)}
        goals = {g.id for g in planning.load_goals(self.db)}
        rows: list[tuple[int, str, Item, list[str]]] = []
        notes: list[str] = []
        for line, row in enumerate(reader, start=2):
            try:
                key, item, blockers = self._csv_item(row, sprints, goals, notes)
            except (ValidationError, InvalidInputError, ValueError) as error:
                reason = validation_message(error) if isinstance(error, ValidationError) else error
                raise _row_error(line, reason) from None
            rows.append((line, key, item, blockers))
        now = self.now()
        with self.writing():
            new_ids: dict[str, int] = {}
            for line, key, item, _ in rows:
                try:
                    self.check_references(item)
                except InvalidInputError as error:
                    raise _row_error(line, error) from None
                item.created_by = item.updated_by = self.user
                item.created_at = item.updated_at = now
                item.rank = item_store.rank_bounds(self.db)[1] + 1
                item.id = item_store.insert_item(self.db, item)
                if key:
                    new_ids[key] = item.id
                self.log(self.event("create", item.id, "title", None, item.title, note="import"))
            for line, _, item, blockers in rows:
                links = self._csv_links(line, blockers, new_ids)
                if links:
                    item_store.save_blockers(self.db, item.id or 0, links)
        return Imported(len(rows), notes)

    def _csv_links(self, line: int, blockers: list[str], new_ids: dict[str, int]) -> list[int]:
        links = []
        for key in blockers:
            if key in new_ids:
                links.append(new_ids[key])
            elif item_store.existing_ids(self.db, [int(key)]):
                links.append(int(key))
            else:
                raise _row_error(
                    line, f"blocked-by #{key} is neither in the file nor on this board"
                )
        return links

    def _csv_item(
        self,
        row: dict[str, str | None],
        sprints: dict[str, int | None],
        goals: set[int | None],
        notes: list[str],
    ) -> tuple[str, Item, list[str]]:
        cells = {k: (v or "").strip() for k, v in row.items() if k in CSV_FIELDS}
        data: dict[str, Any] = {
            k: v
            for k, v in cells.items()
            if v and k not in ("key", "goal", "sprint", "partners", "blocked_by", "criteria")
        }
        goal = cells.get("goal", "").lstrip("Gg")
        if goal and not goal.isdigit():
            raise InvalidInputError(f"goal {cells['goal']!r} should be a goal id like 2 or G2")
        if goal and int(goal) in goals:
            data["goal_id"] = int(goal)
        elif goal:
            notes.append(
                f"{cells.get('title')!r}: this board has no goal G{goal}; imported without one"
            )
        sprint = cells.get("sprint", "")
        if sprint and sprint.lower() in sprints:
            data["sprint_id"] = sprints[sprint.lower()]
        elif sprint:
            notes.append(
                f"{cells.get('title')!r}: this board has no sprint {sprint!r}; imported without one"
            )
        if cells.get("partners"):
            data["partners"] = [p.strip() for p in cells["partners"].split(",") if p.strip()]
        blockers = [k.lstrip("#") for k in cells.get("blocked_by", "").split()]
        if any(not k.isdigit() for k in blockers):
            raise InvalidInputError("blocked_by takes keys like #3 #5")
        data["criteria"] = parse_criteria_cell(cells.get("criteria", ""))
        item = Item.model_validate(data)
        if item.sprint_id is not None and item.status in SPRINT_COLUMNS:
            missing = rules.missing_for_ready(item)
            if missing:
                raise InvalidInputError(f"in a sprint but not ready: missing {', '.join(missing)}")
        if item.status.value == "done":
            refusals = rules.acceptance_refusals(item, self.user, [], [])
            if refusals:
                raise InvalidInputError(f"done but {refusals[0]}")
        return cells.get("key", "").lstrip("#"), item, blockers


def _row_error(line: int, reason: object) -> InvalidInputError:
    return InvalidInputError(f"row {line - 1} (line {line}): {reason}; nothing was imported")


def _parse(model: type[M], rows: object, what: str) -> list[M]:
    if not isinstance(rows, list):
        raise InvalidInputError(f"'{what}s' should be a list")
    parsed = []
    for n, row in enumerate(rows, start=1):
        try:
            parsed.append(model.model_validate(row))
        except ValidationError as error:
            raise InvalidInputError(
                f"{what} {n}: {validation_message(error)}; nothing was imported"
            ) from None
    return parsed


def _fresh(model: M, keep: bool) -> M:
    """A copy that keeps its id only when ids are being kept."""
    return model.model_copy(deep=True) if keep else model.model_copy(update={"id": None}, deep=True)
