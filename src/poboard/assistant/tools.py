"""The tools an assistant sees: names, inputs and descriptions, each a call on `BoardAnswers`.

The docstrings are what the assistant reads to choose a tool, so they say what the
board will refuse and why, not how the code works.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from mcp.server import MCPServer
from mcp.types import CallToolResult, ToolAnnotations

from .answers import BoardAnswers
from .inputs import (
    ITEM_OPTIONS,
    AcceptanceCriteria,
    Audience,
    BlockedBy,
    CheckInNote,
    Confidence,
    CriterionNumber,
    CriterionStateName,
    DecisionRule,
    Description,
    Effort,
    Estimate,
    ExpectVersion,
    Fit,
    Goal,
    GoalRef,
    GuardrailMetric,
    Horizon,
    HorizonName,
    Hypothesis,
    Impact,
    Key,
    KeyResultMetric,
    KeyResultValue,
    Keys,
    Kind,
    Metric,
    Owner,
    Partners,
    Promise,
    Proof,
    Reason,
    ReportFormat,
    ResultName,
    ResultNote,
    Risk,
    SprintName,
    StatusName,
    SuccessMetric,
    Title,
    Unblock,
    Urgency,
    Value,
)
from .results import Run

Tool = TypeVar("Tool", bound=Callable[..., CallToolResult])
READ = ToolAnnotations(read_only_hint=True, open_world_hint=False)
WRITE = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)


def tool(server: MCPServer, annotations: ToolAnnotations) -> Callable[[Tool], Tool]:
    """Declare a tool; its docstring, on one line, is the description the assistant reads."""

    def declare(fn: Tool) -> Tool:
        description = " ".join((fn.__doc__ or "").split())
        server.add_tool(fn, description=description, annotations=annotations)
        return fn

    return declare


def register_read_tools(server: MCPServer, answers: BoardAnswers, run: Run) -> None:
    @tool(server, READ)
    def list_items(
        status: StatusName | None = None,
        horizon: HorizonName | None = None,
        sprint: SprintName = None,
    ) -> CallToolResult:
        """Items in rank order, as `poboard list --json` prints them: key, title, kind,
        status, horizon, rank, score, estimate, ready (Definition of Ready) and what is
        missing, owner, sprint, goal, version and acceptance criteria. Filter by status,
        horizon or sprint ('current' is the active sprint)."""
        return run(lambda: answers.list_items(status, horizon, sprint))

    @tool(server, READ)
    def get_item(key: Key) -> CallToolResult:
        """Everything about one item, as `poboard show KEY --json` prints it, including
        its numbered acceptance criteria (state met / open / waived) and its version."""
        return run(lambda: answers.get_item(key))

    @tool(server, READ)
    def sprint_status(sprint: SprintName = None) -> CallToolResult:
        """A sprint as its board shows it (default: the active sprint): name, sprint goal,
        dates, days left, committed and done points against capacity, and its items by
        column (todo, doing, review, done)."""
        return run(lambda: answers.sprint_status(sprint))

    @tool(server, READ)
    def sprint_report(sprint: SprintName = None, format: ReportFormat = "json") -> CallToolResult:
        """A sprint's report for stakeholders (default: the active sprint, else the last
        closed one): goal, committed vs done, accepted and unfinished items, carry-overs,
        cycle and acceptance time, throughput, rework, key results and retro actions.
        format json is `poboard report --format json`; md is the Markdown page."""
        return run(lambda: answers.sprint_report(sprint, format))

    @tool(server, READ)
    def list_goals() -> CallToolResult:
        """Goals (G1, G2, ...) with their quarter, North Star mark, progress, and key
        results (metric, baseline, target, current, progress)."""
        return run(answers.list_goals)


def register_write_tools(server: MCPServer, answers: BoardAnswers, run: Run) -> None:
    @tool(server, WRITE)
    def add_item(
        title: Title,
        kind: Kind = None,
        owner: Owner = None,
        audience: Audience = None,
        promise: Promise = None,
        proof: Proof = None,
        metric: Metric = None,
        estimate: Estimate = None,
        horizon: Horizon = None,
        goal: Goal = None,
        description: Description = None,
        partners: Partners = None,
        blocked_by: BlockedBy = None,
        value: Value = None,
        urgency: Urgency = None,
        impact: Impact = None,
        fit: Fit = None,
        effort: Effort = None,
        risk: Risk = None,
        hypothesis: Hypothesis = None,
        success_metric: SuccessMetric = None,
        guardrail_metric: GuardrailMetric = None,
        decision_rule: DecisionRule = None,
        acceptance_criteria: AcceptanceCriteria = None,
    ) -> CallToolResult:
        """Add an item to the bottom of the backlog (as `poboard add`); returns it as
        get_item does. It can be committed to a sprint only when ready by its kind's
        Definition of Ready (by default: owner, audience, promise, proof, metric, an
        estimate and at least one acceptance criterion; bugs and chores an owner, an
        estimate and a criterion; experiments also their hypothesis, success and
        guardrail metrics and decision rule)."""
        options = _given(locals())
        return run(lambda: answers.add_item(title, acceptance_criteria or [], options))

    @tool(server, WRITE)
    def update_item(
        key: Key,
        title: Title | None = None,
        kind: Kind = None,
        owner: Owner = None,
        audience: Audience = None,
        promise: Promise = None,
        proof: Proof = None,
        metric: Metric = None,
        estimate: Estimate = None,
        horizon: Horizon = None,
        goal: Goal = None,
        description: Description = None,
        partners: Partners = None,
        blocked_by: BlockedBy = None,
        value: Value = None,
        urgency: Urgency = None,
        impact: Impact = None,
        fit: Fit = None,
        effort: Effort = None,
        risk: Risk = None,
        hypothesis: Hypothesis = None,
        success_metric: SuccessMetric = None,
        guardrail_metric: GuardrailMetric = None,
        decision_rule: DecisionRule = None,
        result: ResultName = None,
        result_note: ResultNote = None,
        acceptance_criteria: AcceptanceCriteria = None,
        unblock: Unblock = None,
        expect_version: ExpectVersion = None,
    ) -> CallToolResult:
        """Change an item's fields (as `poboard edit`): only the fields given change;
        acceptance_criteria are added after the existing ones. Status and sprint change
        only through move_item and commit_to_sprint. A done item's criteria and estimate
        are settled: move it out of done first (refused with `reopen_first`). An
        experiment is accepted with its result and a note of what was learned."""
        options = _given(locals(), "title", "result", "result_note")
        removed = unblock or []
        return run(
            lambda: answers.update_item(
                key, acceptance_criteria or [], expect_version, options, removed
            )
        )

    @tool(server, WRITE)
    def move_item(key: Key, to: StatusName, expect_version: ExpectVersion = None) -> CallToolResult:
        """Move an item to another status (as `poboard move KEY STATUS`). done is
        acceptance: at least one criterion, every criterion met or waived with a reason
        (Definition of Done lines included), an experiment's result with a note, and when
        the board names product owners only they may accept; others move finished work
        to review. todo, doing and review hold
        sprint work: an item outside the active sprint joins it only if it is ready.
        A refusal names its code (criteria_open, no_criteria, not_product_owner, not_ready,
        no_active_sprint, conflict, ...) and every reason; warnings (blockers, WIP limits)
        come with a successful move."""
        return run(lambda: answers.move_item(key, to, expect_version))

    @tool(server, WRITE)
    def set_criterion(
        key: Key,
        n: CriterionNumber,
        state: CriterionStateName,
        reason: Reason = None,
        expect_version: ExpectVersion = None,
    ) -> CallToolResult:
        """Set acceptance criterion n of an item (numbered as get_item lists them): met
        (`poboard check`), open (`uncheck`) or waived, which needs a reason (`waive`).
        A done item's criteria are settled until it is moved out of done."""
        return run(lambda: answers.set_criterion(key, n, state, reason, expect_version))

    @tool(server, WRITE)
    def commit_to_sprint(keys: Keys, sprint: SprintName = None) -> CallToolResult:
        """Commit items to a sprint (as `poboard sprint commit`; default: the active
        sprint, else the next planned one). Only ready items may be committed, all or
        none: a refusal (not_ready) names what each item is missing. Over capacity is a
        warning, not a refusal."""
        return run(lambda: answers.commit_to_sprint(keys, sprint))

    @tool(server, WRITE)
    def check_in_key_result(
        goal: GoalRef,
        metric: KeyResultMetric,
        value: KeyResultValue,
        confidence: Confidence = None,
        note: CheckInNote = None,
    ) -> CallToolResult:
        """Check in a key result (as `poboard goal checkin`): today's value of the key
        result of `goal` whose metric is `metric` (as list_goals shows them), with how
        sure the team is ("on track", "at risk", "off track") and a note. Returns the
        key result with its progress and confidence."""
        return run(lambda: answers.check_in_key_result(goal, metric, value, confidence, note))


def _given(arguments: dict[str, Any], *also: str) -> dict[str, Any]:
    """The item options a tool was given, by their CLI names, from its `locals()`."""
    return {k: arguments[k] for k in (*also, *ITEM_OPTIONS) if arguments.get(k) is not None}
