"""The gates and the arithmetic of the board, as pure functions on hand-built items."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from poboard.domain import rules
from poboard.domain.errors import Code, Refusal
from poboard.domain.models import (
    Criterion,
    CriterionState,
    ExperimentResult,
    Item,
    Kind,
    SprintState,
    Status,
)
from poboard.domain.planning import Sprint
from poboard.domain.readiness import ReadyField
from poboard.domain.settings import DEFAULT_WEIGHTS


def criterion(n: int, text: str, state: str = "open", **fields: Any) -> Criterion:
    return Criterion(n=n, text=text, state=CriterionState(state), **fields)


def ready_item(**fields: Any) -> Item:
    data: dict[str, Any] = {
        "id": 7,
        "title": "Spring launch email",
        "owner": "ana",
        "audience": "B2B marketers",
        "promise": "Plan a launch in one afternoon",
        "proof": "Three pilot customers",
        "metric": "Trial sign-ups",
        "estimate": 3,
        "criteria": [criterion(1, "Copy approved by legal")],
    }
    data.update(fields)
    return Item(**data)


def settled_item(**fields: Any) -> Item:
    return ready_item(criteria=[criterion(1, "Copy approved by legal", "met")], **fields)


# ----- Definition of Ready -----------------------------------------------------------------


def missing_labels(item: Item, rule: rules.ReadyRule | None = None) -> list[str]:
    """What keeps the item from ready, as a sentence names each field."""
    return [field.label for field in rules.missing_for_ready(item, rule)]


def test_ready_when_everything_is_present() -> None:
    item = ready_item()
    assert missing_labels(item) == []
    assert rules.is_ready(item)


@pytest.mark.parametrize("name", ["owner", "audience", "promise", "proof", "metric"])
def test_missing_text_field_is_named(name: str) -> None:
    item = ready_item(**{name: None})
    assert missing_labels(item) == [name]
    assert not rules.is_ready(item)


@pytest.mark.parametrize("name", ["owner", "audience", "promise", "proof", "metric"])
def test_blank_text_field_counts_as_missing(name: str) -> None:
    assert missing_labels(ready_item(**{name: "   "})) == [name]


def test_missing_estimate_is_named() -> None:
    assert missing_labels(ready_item(estimate=None)) == ["estimate"]


def test_estimate_zero_is_an_estimate() -> None:
    assert missing_labels(ready_item(estimate=0)) == []


def test_missing_criteria_are_named() -> None:
    assert missing_labels(ready_item(criteria=[])) == ["acceptance criteria"]


def test_definition_of_done_lines_are_not_own_criteria() -> None:
    item = ready_item(criteria=[criterion(1, "Tracked in analytics", dod=True)])
    assert missing_labels(item) == ["acceptance criteria"]
    assert rules.own_criteria(item.criteria) == []


def test_everything_missing_is_named_in_form_order() -> None:
    item = Item(title="Bare idea")
    assert missing_labels(item) == [
        "owner",
        "audience",
        "promise",
        "proof",
        "metric",
        "estimate",
        "acceptance criteria",
    ]


# ----- acceptance gate ---------------------------------------------------------------------


def said(refusals: list[Refusal]) -> list[tuple[str, str]]:
    """Each refusal as its code and sentence."""
    return [(r.code.value, r.text) for r in refusals]


def test_settled_item_may_be_accepted() -> None:
    assert rules.acceptance_refusals(settled_item(), "ana", [], []) == []


def test_no_criteria_is_refused() -> None:
    refusals = rules.acceptance_refusals(ready_item(criteria=[]), "ana", [], [])
    assert said(refusals) == [("no_criteria", "it has no acceptance criteria")]


def test_only_dod_criteria_is_refused_as_no_criteria() -> None:
    item = ready_item(criteria=[criterion(1, "Tracked in analytics", "met", dod=True)])
    refusals = rules.acceptance_refusals(item, "ana", [], ["Tracked in analytics"])
    assert said(refusals) == [("no_criteria", "it has no acceptance criteria")]


def test_open_criterion_is_named_with_its_text() -> None:
    item = ready_item(
        criteria=[
            criterion(1, "Copy approved by legal", "met"),
            criterion(2, "UTM tags on every link"),
        ]
    )
    refusals = rules.acceptance_refusals(item, "ana", [], [])
    assert said(refusals) == [("criteria_open", 'criterion 2 "UTM tags on every link" is open')]


def test_every_open_criterion_is_named() -> None:
    item = ready_item(criteria=[criterion(1, "First"), criterion(2, "Second")])
    refusals = rules.acceptance_refusals(item, "ana", [], [])
    assert said(refusals) == [
        ("criteria_open", 'criterion 1 "First" is open'),
        ("criteria_open", 'criterion 2 "Second" is open'),
    ]


def test_waived_with_reason_is_settled() -> None:
    item = ready_item(
        criteria=[
            criterion(1, "Copy approved by legal", "met"),
            criterion(2, "Translated to German", "waived", reason="DACH launch moved to Q3"),
        ]
    )
    assert rules.acceptance_refusals(item, "ana", [], []) == []


def test_waived_without_reason_is_refused() -> None:
    item = ready_item(criteria=[criterion(1, "Translated to German", "waived")])
    refusals = rules.acceptance_refusals(item, "ana", [], [])
    assert said(refusals) == [
        ("waiver_without_reason", 'criterion 1 "Translated to German" is waived without a reason')
    ]
    assert not rules.is_settled(item.criteria[0])


def test_dod_line_not_attached_is_refused() -> None:
    refusals = rules.acceptance_refusals(settled_item(), "ana", [], ["Tracked in analytics"])
    assert said(refusals) == [
        (
            "dod_missing",
            'Definition of Done "Tracked in analytics" is not on #7 yet: it is added when the '
            "item enters a sprint",
        )
    ]


def test_dod_criterion_open_is_refused() -> None:
    item = ready_item(
        criteria=[
            criterion(1, "Copy approved by legal", "met"),
            criterion(2, "Tracked in analytics", dod=True),
        ]
    )
    refusals = rules.acceptance_refusals(item, "ana", [], ["Tracked in analytics"])
    assert said(refusals) == [
        ("criteria_open", 'Definition of Done 2 "Tracked in analytics" is open')
    ]


def test_dod_criterion_met_is_accepted() -> None:
    item = ready_item(
        criteria=[
            criterion(1, "Copy approved by legal", "met"),
            criterion(2, "Tracked in analytics", "met", dod=True),
        ]
    )
    assert rules.acceptance_refusals(item, "ana", [], ["Tracked in analytics"]) == []


def test_dod_lines_to_attach_skips_lines_already_carried() -> None:
    item = ready_item(
        criteria=[
            criterion(1, "Copy approved by legal"),
            criterion(2, "Tracked in analytics", dod=True),
        ]
    )
    assert rules.dod_lines_to_attach(item, ["Tracked in analytics", "Legal sign-off"]) == [
        "Legal sign-off"
    ]


def test_user_not_a_product_owner_is_refused() -> None:
    refusals = rules.acceptance_refusals(settled_item(), "ben", ["ana", "dana"], [])
    assert [r.code for r in refusals] == ["not_product_owner"]
    assert "only the product owners (ana, dana) may accept" in refusals[0].text
    assert "review" in refusals[0].text


def test_product_owner_may_accept() -> None:
    assert rules.acceptance_refusals(settled_item(), "dana", ["ana", "dana"], []) == []


def test_without_product_owners_anyone_may_accept() -> None:
    assert rules.acceptance_refusals(settled_item(), "ben", [], []) == []


def test_only_a_product_owner_moves_a_done_item_to_done() -> None:
    done = settled_item(status=Status.DONE)
    assert rules.move_to_done_refusals(done, "ben", ["mia"], []) == [
        Refusal(
            Code.NOT_PRODUCT_OWNER, "only the product owners (mia) may accept; it is done already"
        )
    ]
    # for a product owner, and on a board that names none, it was accepted already
    assert rules.move_to_done_refusals(done, "mia", ["mia"], ["Tracked in analytics"]) == []
    assert rules.move_to_done_refusals(done, "ben", [], ["Tracked in analytics"]) == []


def test_work_not_done_yet_passes_the_whole_acceptance_gate() -> None:
    for item in (settled_item(status=Status.REVIEW), ready_item(status=Status.REVIEW)):
        for user, owners in (("ben", ["mia"]), ("mia", ["mia"]), ("ben", [])):
            assert rules.move_to_done_refusals(item, user, owners, []) == (
                rules.acceptance_refusals(item, user, owners, [])
            )


# ----- sprint columns hold sprint work -----------------------------------------------------


def sprint(name: str, state: SprintState, sprint_id: int = 1) -> Sprint:
    return Sprint(
        id=sprint_id,
        name=name,
        start=date(2026, 11, 2),
        end=date(2026, 11, 13),
        capacity=20,
        state=state,
    )


ACTIVE = sprint("S2", SprintState.ACTIVE, 2)


@pytest.mark.parametrize("target", [Status.TODO, Status.DOING, Status.REVIEW])
def test_a_ready_item_outside_the_sprint_joins_the_active_sprint(target: Status) -> None:
    assert rules.column_entry(ready_item(), target, None, ACTIVE) == (ACTIVE, [])


def test_an_unready_item_outside_the_sprint_is_refused_naming_what_it_lacks() -> None:
    joining, refusals = rules.column_entry(ready_item(proof=None), Status.DOING, None, ACTIVE)
    assert joining is None
    assert said(refusals) == [
        ("not_ready", "#7 is not ready: missing proof, so it cannot enter S2")
    ]


def test_without_an_active_sprint_sprint_columns_are_refused() -> None:
    _, refusals = rules.column_entry(ready_item(), Status.TODO, None, None)
    assert [r.code for r in refusals] == ["no_active_sprint"]


def test_an_item_of_the_active_sprint_moves_freely() -> None:
    assert rules.column_entry(ready_item(proof=None), Status.REVIEW, ACTIVE, ACTIVE) == (None, [])


def test_a_planned_sprints_work_waits_in_todo() -> None:
    planned = sprint("S3", SprintState.PLANNED, 3)
    assert rules.column_entry(ready_item(), Status.TODO, planned, ACTIVE) == (None, [])
    _, refusals = rules.column_entry(ready_item(), Status.DOING, planned, ACTIVE)
    assert [r.code for r in refusals] == ["sprint_not_started"]


def test_work_reopened_from_a_closed_sprint_enters_the_active_one() -> None:
    closed = sprint("S1", SprintState.CLOSED, 1)
    item = ready_item(status=Status.DONE)
    assert rules.column_entry(item, Status.DOING, closed, ACTIVE) == (ACTIVE, [])


@pytest.mark.parametrize("target", [Status.BACKLOG, Status.DONE, Status.DROPPED])
def test_other_columns_are_not_sprint_work(target: Status) -> None:
    assert rules.column_entry(ready_item(), target, None, None) == (None, [])


# ----- done is settled -----------------------------------------------------------------------


def test_a_done_items_criteria_and_estimate_are_settled() -> None:
    done = settled_item(status=Status.DONE)
    unticked = done.model_copy(deep=True)
    unticked.criteria[0].state = CriterionState.OPEN
    refusal = rules.settled_refusal(done, unticked)
    assert refusal is not None and refusal.code == "reopen_first"
    assert "reopen it first" in refusal.text
    bigger = done.model_copy(update={"estimate": 13})
    refusal = rules.settled_refusal(done, bigger)
    assert refusal is not None and "estimate" in refusal.text
    added = done.model_copy(update={"criteria": [*done.criteria, criterion(2, "New")]})
    assert rules.settled_refusal(done, added) is not None


def test_a_done_items_other_fields_and_its_reopening_are_free() -> None:
    done = settled_item(status=Status.DONE)
    assert rules.settled_refusal(done, done.model_copy(update={"title": "Renamed"})) is None
    reopened = done.model_copy(update={"status": Status.DOING, "estimate": 13})
    assert rules.settled_refusal(done, reopened) is None
    not_done = settled_item()
    assert rules.settled_refusal(not_done, not_done.model_copy(update={"estimate": 13})) is None


# ----- reopen --------------------------------------------------------------------------------


@pytest.mark.parametrize("new", [s for s in Status if s is not Status.DONE])
def test_leaving_done_is_a_reopen(new: Status) -> None:
    assert rules.is_reopen(Status.DONE, new)


@pytest.mark.parametrize("old", list(Status))
def test_other_moves_are_not_reopens(old: Status) -> None:
    assert not rules.is_reopen(old, Status.DONE)
    if old is not Status.DONE:
        for new in Status:
            assert not rules.is_reopen(old, new)


# ----- score -------------------------------------------------------------------------------


def scored(**inputs: int) -> Item:
    return Item(title="Scored", **inputs)


@pytest.mark.parametrize("name", ["value", "urgency", "impact", "fit"])
def test_raising_a_positive_input_raises_the_score(name: str) -> None:
    assert rules.score(scored(**{name: 5})) > rules.score(scored(**{name: 2}))


@pytest.mark.parametrize("name", ["effort", "risk"])
def test_raising_effort_or_risk_lowers_the_score(name: str) -> None:
    assert rules.score(scored(**{name: 5})) < rules.score(scored(**{name: 2}))


def test_blocking_other_items_raises_the_score() -> None:
    item = scored()
    assert rules.score(item, blocking=1) > rules.score(item, blocking=0)
    assert rules.score(item, blocking=3) > rules.score(item, blocking=1)


def test_blocking_is_capped_at_five() -> None:
    item = scored()
    assert rules.score(item, blocking=5) > rules.score(item, blocking=4)
    assert rules.score(item, blocking=6) == rules.score(item, blocking=5)
    assert rules.score(item, blocking=50) == rules.score(item, blocking=5)


def test_board_weights_change_the_score() -> None:
    item = scored(value=5, urgency=1)
    default = rules.score(item)
    assert rules.score(item, {"value": 3.0}) > default
    assert rules.score(item, {"urgency": 3.0}) < default
    assert rules.score(item, DEFAULT_WEIGHTS) == default


def test_heavier_effort_weight_punishes_effort_more() -> None:
    item = scored(effort=5)
    assert rules.score(item, {"effort": 3.0}) < rules.score(item)


def test_score_bounds_are_zero_and_ten() -> None:
    worst = scored(value=1, urgency=1, impact=1, fit=1, effort=5, risk=5)
    best = scored(value=5, urgency=5, impact=5, fit=5, effort=1, risk=1)
    assert rules.score(worst) == 0.0
    assert rules.score(best, blocking=5) == 10.0
    assert 0.0 < rules.score(best) < 10.0


@pytest.mark.parametrize("blocking", [0, 1, 5, 99])
@pytest.mark.parametrize("level", [1, 3, 5])
def test_score_stays_within_bounds(level: int, blocking: int) -> None:
    for item in (
        scored(value=level, urgency=level, impact=level, fit=level),
        scored(effort=level, risk=level),
    ):
        assert 0.0 <= rules.score(item, {"risk": 2.0}, blocking) <= 10.0


def test_all_zero_weights_score_zero() -> None:
    zero = dict.fromkeys(DEFAULT_WEIGHTS, 0.0)
    assert rules.score(scored(value=5), zero, blocking=3) == 0.0


def test_score_explained_names_inputs_and_blocking() -> None:
    text = rules.score_explained(scored(value=5), DEFAULT_WEIGHTS, blocking=2)
    assert text.startswith(f"{rules.score(scored(value=5), DEFAULT_WEIGHTS, 2)} = ")
    assert "value 5" in text
    assert "blocks 2" in text


# ----- blockers ------------------------------------------------------------------------------


def test_open_blockers_are_those_not_done_or_dropped() -> None:
    item = Item(id=9, title="Blocked", blocked_by=[1, 2, 3, 4])
    statuses = {1: Status.DONE, 2: Status.DROPPED, 3: Status.DOING, 4: Status.BACKLOG}
    assert rules.open_blockers(item, statuses) == [3, 4]


def test_no_blockers_no_open_blockers() -> None:
    assert rules.open_blockers(Item(title="Free"), {1: Status.DOING}) == []


# ----- rollover, velocity, points ----------------------------------------------------------


def test_rollover_splits_done_and_carried_and_leaves_dropped() -> None:
    items = [
        Item(id=1, title="Done", status=Status.DONE, estimate=3),
        Item(id=2, title="Doing", status=Status.DOING, estimate=5),
        Item(id=3, title="Dropped", status=Status.DROPPED, estimate=8),
        Item(id=4, title="Review", status=Status.REVIEW, estimate=2),
        Item(id=5, title="Todo", status=Status.TODO),
        Item(id=6, title="Also done", status=Status.DONE, estimate=1),
    ]
    done, carried = rules.rollover(items)
    assert [i.id for i in done] == [1, 6]
    assert [i.id for i in carried] == [2, 4, 5]


def test_velocity_sums_done_points_and_treats_no_estimate_as_zero() -> None:
    done = [
        Item(title="a", status=Status.DONE, estimate=3),
        Item(title="b", status=Status.DONE, estimate=8),
        Item(title="c", status=Status.DONE),
    ]
    assert rules.velocity(done) == 11
    assert rules.velocity([]) == 0


def test_points_leave_out_dropped_items() -> None:
    items = [
        Item(title="a", status=Status.TODO, estimate=3),
        Item(title="b", status=Status.DROPPED, estimate=8),
        Item(title="c", status=Status.DONE, estimate=5),
        Item(title="d", status=Status.DOING),
    ]
    assert rules.points(items) == 8


# ----- WIP -----------------------------------------------------------------------------------


def test_wip_breach_shows_count_over_limit() -> None:
    assert rules.wip_breaches({"doing": 4, "review": 1}, {"doing": 3, "review": 2}) == {
        "doing": "4/3 WIP"
    }


def test_wip_at_limit_is_not_a_breach() -> None:
    assert rules.wip_breaches({"doing": 3}, {"doing": 3}) == {}


def test_wip_without_limit_is_never_a_breach() -> None:
    assert rules.wip_breaches({"doing": 40, "review": 9}, {"doing": None, "review": None}) == {}


def test_wip_missing_count_is_zero() -> None:
    assert rules.wip_breaches({}, {"doing": 1, "review": 2}) == {}


# ----- experiments are accepted with their decision ---------------------------------------


def experiment(**fields: Any) -> Item:
    data: dict[str, Any] = {
        "kind": Kind.EXPERIMENT,
        "hypothesis": "A founder note gets more trials to a first board",
        "decision_rule": "ship if activation lifts 5% with no rise in support tickets",
        "criteria": [criterion(1, "Readout posted in #growth", "met")],
        **fields,
    }
    return ready_item(**data)


def test_an_undecided_experiment_may_not_reach_done() -> None:
    refusals = rules.acceptance_refusals(experiment(), "ana", [], [])
    assert refusals == [
        Refusal(
            Code.EXPERIMENT_UNDECIDED,
            "the experiment is undecided: record its result: ship, iterate or kill, with a note",
        )
    ]


@pytest.mark.parametrize("result", list(ExperimentResult))
def test_a_decided_experiment_may_reach_done(result: ExperimentResult) -> None:
    decided = experiment(result=result, result_note="activation +2%, not 5%")
    assert rules.acceptance_refusals(decided, "ana", [], []) == []


@pytest.mark.parametrize("note", [None, "", "   "])
def test_a_decision_without_a_learning_note_may_not_reach_done(note: str | None) -> None:
    refusals = rules.acceptance_refusals(experiment(result="kill", result_note=note), "ana", [], [])
    assert refusals == [
        Refusal(
            Code.EXPERIMENT_UNDECIDED,
            "the experiment's decision (kill) has no note: record what was learned with it",
        )
    ]


def test_other_kinds_need_no_result() -> None:
    assert rules.acceptance_refusals(settled_item(kind=Kind.CAMPAIGN), "ana", [], []) == []


def test_the_undecided_refusal_comes_with_the_other_reasons() -> None:
    item = experiment(criteria=[criterion(1, "Readout posted in #growth")])
    codes = [r.code for r in rules.acceptance_refusals(item, "ana", [], [])]
    assert codes == [Code.CRITERIA_OPEN, Code.EXPERIMENT_UNDECIDED]


def test_a_done_experiments_decision_is_settled() -> None:
    done = experiment(status=Status.DONE, result=ExperimentResult.SHIP)
    changed = done.model_copy(update={"result": ExperimentResult.KILL})
    refusal = rules.settled_refusal(done, changed)
    assert refusal is not None and refusal.code is Code.REOPEN_FIRST
    assert "its result is settled" in refusal.text
    noted = done.model_copy(update={"result_note": "signups +11%, SQL rate flat"})
    assert rules.settled_refusal(done, noted) is None


def test_a_done_experiment_from_before_the_rule_may_get_its_first_result() -> None:
    done = experiment(status=Status.DONE)
    decided = done.model_copy(update={"result": ExperimentResult.ITERATE})
    assert rules.settled_refusal(done, decided) is None


def test_done_work_does_not_become_an_undecided_experiment() -> None:
    done = settled_item(status=Status.DONE)
    refusal = rules.settled_refusal(done, done.model_copy(update={"kind": Kind.EXPERIMENT}))
    assert refusal is not None and "its kind is settled" in refusal.text


# ----- a Definition of Ready per kind ------------------------------------------------------

EXPERIMENT_DESIGN = {
    "hypothesis": "A founder note gets more trials to a first board",
    "success_metric": "trial to activation %",
    "guardrail_metric": "support tickets",
    "decision_rule": "ship if activation lifts 5% with no rise in support tickets",
}


@pytest.mark.parametrize("kind", [Kind.BUG, Kind.CHORE])
def test_bugs_and_chores_need_an_owner_an_estimate_and_a_criterion(kind: Kind) -> None:
    fix = ready_item(kind=kind, audience=None, promise=None, proof=None, metric=None)
    assert missing_labels(fix) == []
    bare = Item(id=7, title="Fix broken UTM", kind=kind)
    assert missing_labels(bare) == ["owner", "estimate", "acceptance criteria"]


@pytest.mark.parametrize("kind", [Kind.STORY, Kind.CAMPAIGN, Kind.CONTENT, Kind.LAUNCH])
def test_the_other_kinds_keep_the_full_rule(kind: Kind) -> None:
    bare = Item(id=7, title="Spring launch", kind=kind)
    assert missing_labels(bare) == [
        "owner", "audience", "promise", "proof", "metric", "estimate", "acceptance criteria"
    ]  # fmt: skip


def test_an_experiment_needs_its_design_to_be_ready() -> None:
    undesigned = ready_item(kind=Kind.EXPERIMENT)
    assert missing_labels(undesigned) == [
        "hypothesis", "success metric", "guardrail metric", "decision rule"
    ]  # fmt: skip
    half = ready_item(kind=Kind.EXPERIMENT, hypothesis="A shorter form lifts signups")
    refusal = rules.not_ready(half)
    assert refusal == Refusal(
        Code.NOT_READY, "#7 is not ready: missing success metric, guardrail metric, decision rule"
    )
    assert rules.is_ready(ready_item(kind=Kind.EXPERIMENT, **EXPERIMENT_DESIGN))


def test_an_undesigned_experiment_cannot_be_committed_or_enter_a_sprint_column() -> None:
    undesigned = ready_item(kind=Kind.EXPERIMENT)
    (refusal,) = rules.commit_refusals([undesigned])
    assert refusal.code is Code.NOT_READY and "missing hypothesis" in refusal.text
    joining, refusals = rules.column_entry(undesigned, Status.DOING, None, ACTIVE)
    assert joining is None and [r.code for r in refusals] == [Code.NOT_READY]


def test_the_teams_rule_for_a_kind_replaces_its_default() -> None:
    rule = {"bug": [ReadyField.OWNER, ReadyField.PROOF], "story": []}
    bug = ready_item(kind=Kind.BUG, proof=None, estimate=None, criteria=[])
    assert missing_labels(bug, rule) == ["proof"]
    assert rules.is_ready(Item(id=7, title="Anything goes", kind=Kind.STORY), rule)
    # a kind the rule does not name keeps its default
    assert missing_labels(ready_item(kind=Kind.CHORE, owner=None), rule) == ["owner"]
    assert rules.commit_refusals([bug], rule)[0].text == "#7 is not ready: missing proof"
    refusals = rules.column_entry(bug, Status.TODO, None, ACTIVE, rule)[1]
    assert [r.text for r in refusals] == ["#7 is not ready: missing proof, so it cannot enter S2"]


def test_missing_terms_reads_any_record_in_the_forms_order() -> None:
    held: dict[ReadyField, object] = {
        ReadyField.ESTIMATE: 0,
        ReadyField.CRITERIA: None,
        ReadyField.OWNER: " ",
        ReadyField.DECISION_RULE: "ship if +5%",
    }
    needs = [ReadyField.DECISION_RULE, ReadyField.CRITERIA, ReadyField.ESTIMATE, ReadyField.OWNER]
    assert rules.missing_terms(needs, held.get) == [ReadyField.OWNER, ReadyField.CRITERIA]


# ----- blockers form no cycle --------------------------------------------------------------


def test_a_blocker_that_blocks_the_item_back_is_a_cycle() -> None:
    assert rules.blocker_cycle(3, [6], {6: [3]}) == [3, 6, 3]


def test_a_longer_ring_is_named_link_by_link() -> None:
    links = {6: [9], 9: [12], 12: [3], 4: [5]}
    cycle = rules.blocker_cycle(3, [4, 6], links)
    assert cycle == [3, 6, 9, 12, 3]
    refusal = rules.cycle_refusal(cycle)
    assert refusal == Refusal(
        Code.BLOCKER_CYCLE,
        "#3 cannot be blocked by #6: the blockers would form a cycle "
        "(#3 → #6 → #9 → #12 → #3, each blocked by the next)",
    )


def test_chains_and_diamonds_without_a_way_back_are_no_cycle() -> None:
    links = {6: [9, 10], 9: [11], 10: [11], 11: [], 3: [6]}
    assert rules.blocker_cycle(3, [6], links) is None
    assert rules.blocker_cycle(3, [5], {5: [5]}) is None  # a loop elsewhere is not this item's
