"""Export and import: the whole board as JSON, items as CSV.

Imports are all or nothing: every row is validated and passed through the gates first
(see `gate_problem`: restoring a board's own export into an empty board keeps its past
acceptances), then everything is written in one transaction.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..domain import rules
from ..domain.errors import Code, InvalidInputError
from ..domain.models import SOURCE_NAMES, Event, Item, Status
from ..domain.planning import Goal, Retro, Sprint
from ..domain.readiness import labels
from ..domain.safe_text import visible
from ..domain.settings import Settings
from ..store import events as event_store
from ..store import items as item_store
from ..store import planning, retros
from ..store import requests as request_store
from ..store.connection import snapshot
from ..store.schema import SCHEMA_VERSION
from .board_file import (
    before_checkins,
    check_links,
    check_numbers,
    fresh,
    outside_sprint,
    parse_part,
    with_checkins,
)
from .core import BoardCore, validation_message
from .csv_cells import (
    CSV_FIELDS,
    criteria_cell,
    from_spreadsheet,
    parse_criteria_cell,
    spreadsheet_safe,
)
from .transfer_people import (
    MemberRecord,
    RequestRecord,
    check_people,
    export_members,
    export_requests,
    import_requests,
    renumbered,
    restore_members,
    restore_settings,
)


@dataclass(frozen=True)
class Imported:
    items: int
    notes: list[str]


FORMAT_TAG = "poboard-board"


class Transfer:
    """The whole board exported and restored (JSON), and items to and from CSV."""

    def __init__(self, core: BoardCore) -> None:
        self.core = core
        self.db = core.db

    def export_data(self) -> dict[str, Any]:
        """Everything on the board, in a shape `import_data` takes back exactly; one
        consistent read, even while others write."""
        with snapshot(self.db):
            return self._export_data()

    def _export_data(self) -> dict[str, Any]:
        return {
            "format": FORMAT_TAG,
            "schema": SCHEMA_VERSION,
            "settings": self.core.settings().model_dump(mode="json"),
            "goals": [g.model_dump(mode="json") for g in planning.load_goals(self.db)],
            "sprints": [s.model_dump(mode="json") for s in planning.load_sprints(self.db)],
            "items": [i.model_dump(mode="json") for i in item_store.load_items(self.db)],
            "retros": [r.model_dump(mode="json") for r in retros.load_retros(self.db)],
            "events": [e.model_dump(mode="json") for e in event_store.all_events(self.db)],
            "members": export_members(self.db),
            "requests": export_requests(self.db),
        }

    def export_csv(self) -> str:
        with snapshot(self.db):
            return self._export_csv()

    def _export_csv(self) -> str:
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
            writer.writerow(
                {
                    name: "" if row[name] is None else spreadsheet_safe(str(row[name]))
                    for name in CSV_FIELDS
                }
            )
        return buffer.getvalue()

    def import_data(self, data: object) -> Imported:
        """Add a whole exported board, all or nothing.

        Into an empty board it is a restore: ids, settings and history are kept, and done
        work counts as accepted already. Into a board in use, everything is renumbered and
        done work must pass this board's acceptance rules, as if accepted now.
        """
        if not isinstance(data, dict) or data.get("format") != FORMAT_TAG:
            raise InvalidInputError("this JSON is not a poboard export (no 'format' tag)")
        check_numbers(data)
        schema = data.get("schema", 0)
        if not isinstance(schema, int):
            raise InvalidInputError("this export's 'schema' should be a whole number")
        if schema > SCHEMA_VERSION:
            raise InvalidInputError("this export comes from a newer poboard; upgrade to import it")
        goals = parse_part(Goal, data.get("goals", []), "goal")
        sprints = parse_part(Sprint, data.get("sprints", []), "sprint")
        items = parse_part(Item, data.get("items", []), "item")
        retro_list = parse_part(Retro, data.get("retros", []), "retro")
        history = parse_part(Event, data.get("events", []), "event")
        members = parse_part(MemberRecord, data.get("members", []), "member")
        requests = parse_part(RequestRecord, data.get("requests", []), "request")
        if before_checkins(data.get("goals")):
            goals = with_checkins(goals, history)
        settings = (
            parse_part(Settings, [data["settings"]], "setting")[0] if "settings" in data else None
        )
        check_links(items, retro_list, goals)
        check_people(members, requests, items)
        with self.core.writing():
            keep = not (
                item_store.count_items(self.db)
                or planning.load_goals(self.db)
                or planning.load_sprints(self.db)
                or retros.load_retros(self.db)
                or request_store.any_requests(self.db)
            )
            self._check_sprint_names(sprints)
            self._check_sources(items)
            notes: list[str] = []
            # the members (by this board's owners), then the file's settings: before the
            # items, whose readiness is derived from the settings as each is written
            restore_members(self.core, members, keep, notes)
            restore_settings(self.core, settings, keep, notes)
            if not keep:
                items = [outside_sprint(item, notes) for item in items]
            for n, item in enumerate(items, start=1):
                problem = self.gate_problem(item, restoring=keep)
                if problem:
                    raise InvalidInputError(
                        f"item {n} (#{item.id} {item.title!r}) {problem}; nothing was imported"
                    )
            goal_ids: dict[int | None, int] = {}
            kr_ids: dict[int | None, int] = {}
            for goal in goals:
                goal_ids[goal.id] = planning.insert_goal(self.db, fresh(goal, keep))
                stored = planning.load_goal(self.db, goal_ids[goal.id])
                written = stored.key_results if stored else []
                kr_ids.update(
                    (k.id, w.id or 0) for k, w in zip(goal.key_results, written, strict=True)
                )
            sprint_ids = {s.id: planning.insert_sprint(self.db, fresh(s, keep)) for s in sprints}
            item_ids: dict[int | None, int] = {}
            created: list[Item] = []
            for item in items:
                copy = fresh(item, keep)
                copy.goal_id = goal_ids.get(item.goal_id) if item.goal_id else None
                copy.key_result_id = kr_ids.get(item.key_result_id) if item.key_result_id else None
                copy.sprint_id = sprint_ids.get(item.sprint_id) if item.sprint_id else None
                copy.blocked_by = []
                if not keep:
                    copy.rank = item_store.rank_bounds(self.db)[1] + 1
                item_ids[item.id] = self.core.insert(copy)
                copy.id = item_ids[item.id]
                created.append(copy)
            for item in items:
                links = [item_ids[b] for b in item.blocked_by if b in item_ids]
                item_store.save_blockers(self.db, item_ids[item.id], links)
            self._import_retros(retro_list, sprint_ids, item_ids, keep)
            numbers = import_requests(self.db, requests, item_ids, keep)
            event_store.append(self.db, [renumbered(e, item_ids, numbers) for e in history])
            if not keep:  # where each item now stands, after the file's own history
                for copy in created:
                    self.core.log(*self.core.creation_events(copy, note="import"))
            self.core.log(self.core.event("import", None, "board", None, f"{len(items)} items"))
        return Imported(len(items), notes)

    def _check_sprint_names(self, sprints: list[Sprint]) -> None:
        for sprint in sprints:
            if planning.load_sprint(self.db, name=sprint.name) is not None:
                raise InvalidInputError(f"sprint {sprint.name!r} already exists on this board")

    def _check_sources(self, items: list[Item]) -> None:
        """An item imported from Jira, Trello or GitHub is on a board once (see sources)."""
        held: dict[str, dict[str, int]] = {}
        for n, item in enumerate(items, start=1):
            if item.source is None or item.source_key is None:
                continue
            if item.source not in held:
                held[item.source] = item_store.source_ids(self.db, item.source)
            found = held[item.source].get(item.source_key)
            if found is not None:
                raise InvalidInputError(
                    f"item {n} (#{item.id} {item.title!r}) comes from "
                    f"{SOURCE_NAMES[item.source]} {item.source_key}, which this board holds "
                    f"already as #{found}; nothing was imported"
                )

    def gate_problem(self, item: Item, restoring: bool = False) -> str | None:
        """The gates hold on import too: committed work is ready and done work is
        accepted. Restoring a board's own export, its commitments and acceptances are
        history: done criteria must be settled, but readiness, the product-owner rule and
        today's Definition of Done are not asked again."""
        if not restoring and item.sprint_id is not None and item.status in rules.SPRINT_WORK:
            missing = rules.missing_for_ready(item, self.core.settings().ready)
            if missing:
                return f"is in a sprint but not ready: missing {labels(missing)}"
        if item.status is Status.DONE:
            settings = self.core.settings()
            owners = [] if restoring else settings.product_owners
            dod = [] if restoring else settings.definition_of_done
            refusals = [
                r
                for r in rules.acceptance_refusals(item, self.core.user, owners, dod)
                if not (restoring and r.code is Code.EXPERIMENT_UNDECIDED)
            ]
            if refusals:
                return f"is done but {refusals[0]}"
        return None

    def _import_retros(
        self,
        retro_list: list[Retro],
        sprint_ids: dict[int | None, int],
        item_ids: dict[int | None, int],
        keep: bool,
    ) -> None:
        for retro in retro_list:
            copy = fresh(retro, keep)
            copy.sprint_id = sprint_ids.get(retro.sprint_id) if retro.sprint_id else None
            retro_id = retros.insert_retro(self.db, copy)
            card_ids = {}
            for card in retro.cards:
                card_ids[card.id] = retros.insert_card(
                    self.db, fresh(card, keep).model_copy(update={"retro_id": retro_id})
                )
            for vote in retro.votes:
                retros.insert_vote(
                    self.db, card_ids[vote.card_id], vote.user, vote.at, vote.id if keep else None
                )
            for action in retro.actions:
                retros.insert_action(
                    self.db,
                    fresh(action, keep).model_copy(
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
        try:
            records = list(reader)
        except csv.Error as error:
            raise InvalidInputError(f"the CSV could not be read: {error}") from None
        if "title" not in (reader.fieldnames or []):
            raise InvalidInputError(
                "the CSV needs a header row with at least a 'title' column (a Jira export "
                "has 'Issue key' and 'Summary': Export > Export CSV (all fields))"
            )
        sprints = {s.name.lower(): s.id for s in planning.load_sprints(self.db)}
        goals = {g.id for g in planning.load_goals(self.db)}
        rows: list[tuple[int, str, Item, list[str]]] = []
        notes: list[str] = []
        for line, row in enumerate(records, start=2):
            try:
                key, item, blockers = self._csv_item(row, sprints, goals, notes)
            except (ValidationError, InvalidInputError, ValueError) as error:
                reason = validation_message(error) if isinstance(error, ValidationError) else error
                raise _row_error(line, reason) from None
            rows.append((line, key, item, blockers))
        now = self.core.now()
        with self.core.writing():
            new_ids: dict[str, int] = {}
            for line, key, item, _ in rows:
                try:
                    self.core.check_references(item)
                except InvalidInputError as error:
                    raise _row_error(line, error) from None
                item.created_by = item.updated_by = self.core.user
                item.created_at = item.updated_at = now
                item.rank = item_store.rank_bounds(self.db)[1] + 1
                item.id = self.core.insert(item)
                if key:
                    new_ids[key] = item.id
                self.core.log(*self.core.creation_events(item, note="import"))
            for line, key, item, blockers in rows:
                links = self._csv_links(line, key, blockers, new_ids)
                if links:
                    item_store.save_blockers(self.db, item.id or 0, links)
        return Imported(len(rows), notes)

    def _csv_links(
        self, line: int, own_key: str, blockers: list[str], new_ids: dict[str, int]
    ) -> list[int]:
        links = []
        for key in blockers:
            if key == own_key:
                raise _row_error(line, f"#{key} cannot block itself")
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
        cells = {k: from_spreadsheet(v or "").strip() for k, v in row.items() if k in CSV_FIELDS}
        data: dict[str, Any] = {
            k: v
            for k, v in cells.items()
            if v and k not in ("key", "goal", "sprint", "partners", "blocked_by", "criteria")
        }
        goal = cells.get("goal", "").lstrip("Gg")
        if goal and not goal.isdecimal():
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
        if any(not k.isdecimal() for k in blockers):
            raise InvalidInputError("blocked_by takes keys like #3 #5")
        data["criteria"] = parse_criteria_cell(cells.get("criteria", ""))
        item = outside_sprint(Item.model_validate(data), notes)
        problem = self.gate_problem(item)
        if problem:
            raise InvalidInputError(problem)
        return cells.get("key", "").lstrip("#"), item, blockers


def _row_error(line: int, reason: object) -> InvalidInputError:
    message = f"row {line - 1} (line {line}): {reason}; nothing was imported"
    return InvalidInputError(visible(message, multiline=False))
