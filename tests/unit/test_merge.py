"""Three-way merges of an item's form: nothing either side changed is lost."""

from __future__ import annotations

from poboard.domain.merge import merge, merge_criteria
from poboard.domain.models import Criterion, CriterionState

MET, OPEN, WAIVED = CriterionState.MET, CriterionState.OPEN, CriterionState.WAIVED


def c(uid: str, text: str, state: CriterionState = OPEN, reason: str | None = None) -> Criterion:
    return Criterion(uid=uid, text=text, state=state, reason=reason)


def said(criteria: list[Criterion]) -> list[tuple[str, str, str]]:
    return [(x.uid, x.text, x.state.value) for x in criteria]


BASE = [c("a", "Copy approved", MET), c("b", "UTM tags set"), c("c", "Holdout 10%", MET)]


def test_a_field_changed_on_one_side_is_taken_from_that_side() -> None:
    base = {"promise": "Launch in a day", "owner": "ana"}
    result = merge(base, {**base, "owner": "ben"}, {**base, "promise": "Launch in an hour"})
    assert result.values == {"promise": "Launch in an hour", "owner": "ben"}
    assert result.taken == ["promise"]
    assert result.clashes == []


def test_the_same_change_on_both_sides_is_no_clash() -> None:
    base = {"promise": "Launch in a day"}
    both = {"promise": "Launch in an hour"}
    assert merge(base, both, both).clashes == []


def test_different_changes_to_one_field_clash_and_show_both() -> None:
    base = {"promise": "Launch in a day"}
    result = merge(
        base,
        {"promise": "Mine"},
        {"promise": "Theirs"},
        labels={"promise": "Promise"},
    )
    [clash] = result.clashes
    assert (clash.key, clash.label, clash.theirs, clash.yours) == (
        "promise",
        "Promise",
        "Theirs",
        "Mine",
    )
    assert result.values["promise"] == "Mine"
    chosen = merge(base, {"promise": "Mine"}, {"promise": "Theirs"}, {"promise": "theirs"})
    assert chosen.values["promise"] == "Theirs"


def test_teammates_criteria_survive_a_merge() -> None:
    """The issue's case: you untick c; they add d and untick a. Both changes hold."""
    yours = [c("a", "Copy approved", MET), c("b", "UTM tags set"), c("c", "Holdout 10%")]
    theirs = [*BASE, c("d", "Legal sign-off")]
    theirs[0] = c("a", "Copy approved", OPEN)
    result = merge_criteria(BASE, yours, theirs)
    assert result.clashes == []
    assert said(result.values["criteria"]) == [
        ("a", "Copy approved", "open"),
        ("b", "UTM tags set", "open"),
        ("c", "Holdout 10%", "open"),
        ("d", "Legal sign-off", "open"),
    ]
    assert [x.n for x in result.values["criteria"]] == [1, 2, 3, 4]
    assert "new criterion “Legal sign-off”" in result.taken


def test_additions_on_both_sides_keep_their_places() -> None:
    yours = [c("a", "Copy approved", MET), c("y", "Mine"), c("b", "UTM tags set"), BASE[2]]
    theirs = [*BASE, c("t", "Theirs")]
    result = merge_criteria(BASE, yours, theirs)
    assert [x.uid for x in result.values["criteria"]] == ["a", "y", "b", "c", "t"]


def test_a_removal_on_one_side_is_taken() -> None:
    result = merge_criteria(BASE, BASE[:2], BASE)
    assert [x.uid for x in result.values["criteria"]] == ["a", "b"]
    result = merge_criteria(BASE, BASE, BASE[1:])
    assert [x.uid for x in result.values["criteria"]] == ["b", "c"]


def test_removed_by_one_and_changed_by_the_other_is_a_clash() -> None:
    theirs = [BASE[0], c("b", "UTM tags set", MET), BASE[2]]
    result = merge_criteria(BASE, [BASE[0], BASE[2]], theirs)
    [clash] = result.clashes
    assert (clash.theirs, clash.yours) == ("● UTM tags set", "(removed)")
    assert [x.uid for x in result.values["criteria"]] == ["a", "c"]
    kept = merge_criteria(BASE, [BASE[0], BASE[2]], theirs, {clash.key: "theirs"})
    assert said(kept.values["criteria"])[1] == ("b", "UTM tags set", "met")


def test_text_and_state_of_one_criterion_merge_apart() -> None:
    yours = [c("a", "Copy approved by legal", MET), *BASE[1:]]
    theirs = [c("a", "Copy approved", OPEN), *BASE[1:]]
    result = merge_criteria(BASE, yours, theirs)
    assert result.clashes == []
    assert said(result.values["criteria"])[0] == ("a", "Copy approved by legal", "open")


def test_the_same_criterion_set_two_ways_clashes() -> None:
    yours = [c("b", "UTM tags set", WAIVED, "no links"), *BASE[:1]]
    theirs = [BASE[0], c("b", "UTM tags set", MET), BASE[2]]
    result = merge_criteria(BASE, [BASE[0], yours[0], BASE[2]], theirs)
    [clash] = result.clashes
    assert (clash.theirs, clash.yours) == ("● UTM tags set", "⊘ UTM tags set — waived: no links")


def test_only_you_reordered_keeps_your_order() -> None:
    yours = [BASE[2], BASE[0], BASE[1]]
    theirs = [BASE[0], c("b", "UTM tags set", MET), BASE[2]]
    result = merge_criteria(BASE, yours, theirs)
    assert said(result.values["criteria"]) == [
        ("c", "Holdout 10%", "met"),
        ("a", "Copy approved", "met"),
        ("b", "UTM tags set", "met"),
    ]
