"""The item editor: every field, validation under the field, criteria, history, conflicts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, TabbedContent, TextArea

from poboard.board import Board
from poboard.domain.changes import replay
from poboard.domain.models import CriterionState, ExperimentResult, Horizon, Kind
from poboard.services.core import local_time
from poboard.tui.app import PoboardApp
from poboard.tui.widgets.choice import Choice
from poboard.tui.widgets.criteria_editor import CriteriaList
from poboard.tui.widgets.dialogs import ConfirmScreen, PromptScreen, UnsavedScreen
from poboard.tui.widgets.item_editor import ItemEditor

from .conftest import (
    current_key,
    detail,
    make_app,
    paste,
    running,
    settle,
    stored,
    stored_items,
    text_of,
    titles,
    type_text,
)

# ----- driving the form -------------------------------------------------------------------------


def editor(app: PoboardApp) -> ItemEditor:
    assert isinstance(app.screen, ItemEditor), f"expected the editor, got {app.screen}"
    return app.screen


def field(app: PoboardApp, name: str) -> Input:
    return editor(app).query_one(f"#{name}", Input)


def error_under(app: PoboardApp, name: str) -> str:
    """The message under a field, or '' when none is shown (its line is added the
    first time the field has a problem)."""
    found = editor(app).query(f"#error-{name}")
    if not found:
        return ""
    widget = found.only_one()
    return text_of(widget) if widget.has_class("-shown") and widget.display else ""


def notice(app: PoboardApp) -> str:
    widget = editor(app).query_one("#editor-notice")
    return text_of(widget) if widget.display else ""


async def open_editor(pilot: Pilot[None], down: int = 0) -> ItemEditor:
    await pilot.press(*["down"] * down, "e")
    await settle(pilot)
    return editor(pilot.app)  # type: ignore[arg-type]


async def fill(pilot: Pilot[None], name: str, text: str) -> None:
    """Focus a text field and replace what is there (focus keeps the text, the cursor
    at its end: ctrl+u clears it, as a user would)."""
    widget = field(pilot.app, name)  # type: ignore[arg-type]
    if not widget.has_focus:
        widget.focus()
        await pilot.pause()
    await pilot.press("end", "ctrl+u")
    if text:
        await paste(pilot, text)
    else:
        await pilot.press("backspace")
    assert widget.value == text


async def choose(pilot: Pilot[None], name: str, label: str) -> None:
    """Open a Choice with the keyboard and pick the option shown as `label`."""
    choice = editor(pilot.app).query_one(f"#{name}", Choice)
    choice.scroll_visible(animate=False)
    choice.focus()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    options = choice.query_one(OptionList)
    labels = [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]
    assert label in labels, f"{label!r} not among {labels}"
    await pilot.press("home", *["down"] * labels.index(label), "enter")
    await pilot.pause()
    assert not choice.expanded


def criteria_lines(app: PoboardApp) -> list[str]:
    options = editor(app).query_one(CriteriaList)
    return [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]


async def highlight(pilot: Pilot[None], index: int) -> CriteriaList:
    options = editor(pilot.app).query_one(CriteriaList)  # type: ignore[arg-type]
    options.focus()
    options.highlighted = index
    await pilot.pause()
    return options


# ----- every field ------------------------------------------------------------------------------

TEXTS = {
    "title": "Pricing page: annual toggle test",
    "owner": "sam",
    "audience": "self-serve trial admins",
    "promise": "see the annual saving up front",
    "proof": "two competitor teardowns",
    "metric": "annual plan share",
    "partners": "design, web",
    "blocked_by": "#1 #3",
    "hypothesis": "showing the saving lifts annual share",
    "success_metric": "annual share +5 pts",
    "guardrail_metric": "trial starts flat",
    "decision_rule": "ship if +3 pts at 95%",
    "result_note": "lift seen on desktop only",
}
# Picked with the keyboard: open, move, enter.
CHOICES = {"kind": "experiment", "goal_id": "G1 Lift trial activation"}
# Set as a pick sets them (Choice.value), to keep the test fast.
PICKS = {
    "estimate": 8,
    "horizon": "later",
    "value": 5,
    "urgency": 2,
    "impact": 4,
    "fit": 1,
    "effort": 2,
    "risk": 5,
    "result": "iterate",
}


async def test_every_field_round_trips(seeded: Path, open_board: Callable[..., Board]):
    app = make_app(seeded)
    async with running(app, size=(120, 50)) as pilot:
        await open_editor(pilot, down=1)
        for name, label in CHOICES.items():
            await choose(pilot, name, label)
        for name, value in PICKS.items():
            editor(app).query_one(f"#{name}", Choice).value = value
        for name, text in TEXTS.items():
            await fill(pilot, name, text)
        area = editor(app).query_one("#description", TextArea)
        area.focus()
        await pilot.pause()
        await paste(pilot, "## Why\nAnnual plans churn less.")
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.focused is editor(app).query_one("#criterion-input")
        await paste(pilot, "variant live on /pricing")
        await pilot.press("enter")
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert not isinstance(app.screen, ItemEditor), notice(app)
        assert titles(app)[1] == TEXTS["title"]
        assert current_key(app) == "#2"
        facts = detail(app)
        assert facts.startswith("#2 Pricing page: annual toggle test")
        assert "experiment · owner sam · later · Lift trial activation" in facts
        assert "Ready ✓" in facts
        assert "Hypothesis showing the saving lifts annual share" in facts
        assert "Blocked by #1 Onboarding email series, #3 Q1 webinar: ops leaders" in facts

        # Reopening shows every stored value back in its field.
        await pilot.press("e")
        await settle(pilot)
        form = editor(app)
        for name, text in TEXTS.items():
            assert field(app, name).value == text, name
        for name, label in CHOICES.items():
            assert form.query_one(f"#{name}", Choice).shown.plain == label, name
        for name, value in PICKS.items():
            assert form.query_one(f"#{name}", Choice).value == value, name
        assert form.query_one("#description", TextArea).text == "## Why\nAnnual plans churn less."
        assert criteria_lines(app) == ["○ 1. variant live on /pricing"]
        assert "version 2" in text_of(form.query_one("#editor-title"))
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor)

    item = open_board().items.get(2)
    assert item.title == TEXTS["title"]
    assert (item.owner, item.audience, item.promise, item.proof, item.metric) == (
        "sam",
        "self-serve trial admins",
        "see the annual saving up front",
        "two competitor teardowns",
        "annual plan share",
    )
    assert item.partners == ["design", "web"]
    assert item.blocked_by == [1, 3]
    assert item.kind is Kind.EXPERIMENT
    assert item.estimate == 8
    assert item.horizon is Horizon.LATER
    assert item.goal_id == 1
    assert (item.value, item.urgency, item.impact, item.fit, item.effort, item.risk) == (
        5,
        2,
        4,
        1,
        2,
        5,
    )
    assert item.hypothesis == TEXTS["hypothesis"]
    assert item.success_metric == TEXTS["success_metric"]
    assert item.guardrail_metric == TEXTS["guardrail_metric"]
    assert item.decision_rule == TEXTS["decision_rule"]
    assert item.result is ExperimentResult.ITERATE
    assert item.result_note == TEXTS["result_note"]
    assert item.description == "## Why\nAnnual plans churn less."
    assert [(c.n, c.text, c.state) for c in item.criteria] == [
        (1, "variant live on /pricing", CriterionState.OPEN)
    ]
    assert item.version == 2  # one save, one version
    assert item.updated_by == "ana"
    history = open_board().items.history(2)
    changed = {e.field for e in history if e.action == "edit"}
    assert {"title", "owner", "estimate", "horizon", "goal_id", "result", "blocked_by"} <= changed
    assert any("variant live on /pricing" in f"{e.new} {e.note}" for e in history)
    assert {e.user for e in history} == {"ana"}


async def test_experiment_fields_are_built_when_the_form_first_shows_an_experiment(
    seeded: Path, open_board: Callable[..., Board]
):
    """A story's form has no experiment fields to build; what the item holds in them is
    kept through a save, and shown once the kind turns to experiment."""
    open_board().items.edit(1, {"hypothesis": "onboarding mail lifts activation"})
    app = make_app(seeded)
    async with running(app, size=(120, 50)) as pilot:
        form = await open_editor(pilot)
        assert "Onboarding email series" in text_of(form.query_one("#editor-title"))
        assert not form.query("#hypothesis") and not form.query("#result")
        await fill(pilot, "owner", "zoe")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor), notice(app)

        form = await open_editor(pilot)
        await choose(pilot, "kind", "experiment")
        await settle(pilot)
        assert field(app, "hypothesis").value == "onboarding mail lifts activation"
        assert form.query_one(".experiment").display
        await pilot.press("escape")  # the kind changed: discard it
        await settle(pilot)
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("d")
        await settle(pilot)

        await pilot.press("down")  # #2, an experiment: its fields show as it opens
        form = await open_editor(pilot)
        assert "Pricing page test" in text_of(form.query_one("#editor-title"))
        assert field(app, "hypothesis").value == ""
        assert form.query_one("#result", Choice).shown.plain == "no decision yet"

    item = open_board().items.get(1)
    assert (item.owner, item.kind, item.hypothesis) == (
        "zoe",
        Kind.STORY,
        "onboarding mail lifts activation",
    )


async def test_experiment_fields_are_filled_and_read_while_they_are_being_mounted(seeded: Path):
    """Built and filled in one step (a merge fills the form as the kind turns to
    experiment), the new fields are read back before they are even in the page."""
    app = make_app(seeded)
    async with running(app, size=(120, 50)) as pilot:
        form = await open_editor(pilot)
        values = {**form.read(), "kind": "experiment", "hypothesis": "a note beats a tour"}
        form.fill_values(values)
        form.fill_values({**values, "decision_rule": "ship at +5%"})
        read = form.read()
        assert (read["hypothesis"], read["decision_rule"]) == ("a note beats a tour", "ship at +5%")
        await settle(pilot)
        assert field(app, "decision_rule").value == "ship at +5%"
        assert len(form.query(".experiment")) == 1


# ----- validation -----------------------------------------------------------------------------


async def test_bad_fields_are_refused_under_each_field_and_keep_what_was_typed(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        await open_editor(pilot)
        await fill(pilot, "owner", "sam")
        await fill(pilot, "partners", "design, marketing")
        await fill(pilot, "blocked_by", "three")
        await fill(pilot, "title", "")
        await pilot.press("ctrl+s")
        await settle(pilot)

        form = editor(app)
        assert error_under(app, "title").startswith("↳ ")
        assert "unknown partner 'marketing'" in error_under(app, "partners")
        assert error_under(app, "blocked_by") == "↳ write keys like #3 #5"
        assert error_under(app, "owner") == ""
        assert notice(app) == "Not saved: fix 3 field(s) marked ↳"
        assert form.query_one(TabbedContent).active == "tab-details"
        assert [field(app, n).value for n in ("title", "owner", "partners", "blocked_by")] == [
            "",
            "sam",
            "design, marketing",
            "three",
        ]
        assert stored(seeded, 1).version == 1

        await fill(pilot, "title", "   ")
        await fill(pilot, "partners", "design")
        await fill(pilot, "blocked_by", "#99")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_under(app, "title") == "↳ a title cannot be empty"
        assert error_under(app, "partners") == ""
        assert error_under(app, "blocked_by") == ""

        await fill(pilot, "title", "Onboarding emails, take two")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_under(app, "title") == ""
        assert notice(app) == "Not saved: blocked-by #99 does not exist"
        assert field(app, "blocked_by").value == "#99"
        assert stored(seeded, 1).version == 1

        # Emptying optional fields is allowed: they are stored as absent.
        await fill(pilot, "blocked_by", "")
        await fill(pilot, "proof", "")
        await choose(pilot, "estimate", "not estimated")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor)
        assert titles(app)[0] == "Onboarding emails, take two"
        assert "Not ready ✗ missing proof, estimate" in detail(app)

    item = stored(seeded, 1)
    assert (item.title, item.owner, item.partners, item.blocked_by) == (
        "Onboarding emails, take two",
        "sam",
        ["design"],
        [],
    )
    assert (item.proof, item.estimate, item.version) == (None, None, 2)


# ----- criteria ---------------------------------------------------------------------------------


async def test_criteria_add_edit_remove_reorder_met_and_waive(
    seeded: Path, open_board: Callable[..., Board]
):
    app = make_app(seeded)
    async with running(app) as pilot:
        await open_editor(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert editor(app).query_one(TabbedContent).active == "tab-criteria"
        assert criteria_lines(app) == [
            "○ 1. 5 emails approved by legal",
            "○ 2. events tracked in analytics",
        ]

        # add: n, type, enter
        await highlight(pilot, 0)
        await pilot.press("n")
        await type_text(pilot, "holdout")
        await paste(pilot, " 10%")
        await pilot.press("enter")
        await pilot.pause()
        assert criteria_lines(app)[2] == "○ 3. holdout 10%"

        # edit: e puts the text in the field; enter keeps the change
        await highlight(pilot, 0)
        await pilot.press("e")
        await pilot.pause()
        assert editor(app).query_one("#criterion-input", Input).value == (
            "5 emails approved by legal"
        )
        await pilot.press("end")
        await paste(pilot, " and brand")
        await pilot.press("enter")
        await pilot.pause()
        assert criteria_lines(app)[0] == "○ 1. 5 emails approved by legal and brand"

        # remove: x
        await highlight(pilot, 1)
        await pilot.press("x")
        await pilot.pause()
        assert criteria_lines(app) == [
            "○ 1. 5 emails approved by legal and brand",
            "○ 2. holdout 10%",
        ]

        # reorder: shift+up, and the highlight follows the moved line
        options = await highlight(pilot, 1)
        await pilot.press("shift+up")
        await pilot.pause()
        assert criteria_lines(app) == [
            "○ 1. holdout 10%",
            "○ 2. 5 emails approved by legal and brand",
        ]
        assert options.highlighted == 0
        await pilot.press("shift+down", "shift+up")
        await pilot.pause()
        assert criteria_lines(app)[0] == "○ 1. holdout 10%"

        # met: space
        await highlight(pilot, 0)
        await pilot.press("space")
        await pilot.pause()
        assert criteria_lines(app)[0] == "● 1. holdout 10%"

        # waive: w, a reason, enter (enter with no reason asks again)
        await highlight(pilot, 1)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        assert app.screen.query_one("#answer", Input).placeholder == "this needs some text"
        assert text_of(app.screen.query_one(Label)) == (
            "Why waive “5 emails approved by legal and brand”?"
        )
        await paste(pilot, "legal ok")
        await pilot.press("enter")
        await settle(pilot)
        assert criteria_lines(app)[1] == (
            "⊘ 2. 5 emails approved by legal and brand — waived: legal ok"
        )

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor), notice(app)
        facts = detail(app).splitlines()
        assert "Acceptance criteria (2/2)" in facts
        assert "● 1. holdout 10%" in facts
        assert "⊘ 2. 5 emails approved by legal and brand — legal ok" in facts

    item = open_board().items.get(1)
    assert [(c.n, c.text, c.state, c.reason, c.by) for c in item.criteria] == [
        (1, "holdout 10%", CriterionState.MET, None, "ana"),
        (2, "5 emails approved by legal and brand", CriterionState.WAIVED, "legal ok", "ana"),
    ]
    assert all(c.at for c in item.criteria)
    assert item.version == 2
    history = open_board().items.history(1)
    assert {e.action for e in history if e.action.startswith("criteri")} >= {
        "criterion-added",
        "criterion-removed",
        "criterion",
    }
    replayed = replay(history)[1].criteria
    assert [(c.text, c.state) for c in replayed] == [
        ("holdout 10%", "met"),
        ("5 emails approved by legal and brand", "waived"),
    ]


async def test_a_new_item_can_carry_criteria(seeded: Path, open_board: Callable[..., Board]):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("a")
        await settle(pilot)
        await paste(pilot, "Case study: Acme")
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert editor(app).focused is editor(app).query_one("#criterion-input")
        await paste(pilot, "customer approved the draft")
        await pilot.press("enter")
        await pilot.pause()
        assert criteria_lines(app) == ["○ 1. customer approved the draft"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert titles(app)[-1] == "Case study: Acme"
        assert "○ 1. customer approved the draft" in detail(app).splitlines()
    item = open_board().items.get(5)
    assert item.title == "Case study: Acme"
    assert [c.text for c in item.criteria] == ["customer approved the draft"]


# ----- history --------------------------------------------------------------------------------


async def test_history_tab_shows_the_items_events(seeded: Path, open_board: Callable[..., Board]):
    dana = open_board("dana")
    dana.items.edit(1, {"owner": "sam"})
    dana.items.check(1, 1)
    events = dana.items.history(1)

    app = make_app(seeded)
    async with running(app) as pilot:
        form = await open_editor(pilot)
        await pilot.click("#--content-tab-tab-history")
        await settle(pilot)
        assert form.query_one(TabbedContent).active == "tab-history"
        lines = [
            " ".join(line.split()) for line in text_of(form.query_one("#history")).splitlines()
        ]
        assert len(lines) == len(events) == 5
        assert lines[0].endswith("ana create title: Onboarding email series")
        assert "ana criterion-added criterion 1: 5 emails approved by legal" in lines[1]
        assert lines[3].endswith("dana edit owner: dana → sam")
        assert "dana criterion criterion 1: open → met" in lines[4]
        for line, event in zip(lines, events, strict=True):
            assert line.startswith(local_time(event.at, "%Y-%m-%d %H:%M"))
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor)

        await pilot.press("a")
        await settle(pilot)
        await pilot.click("#--content-tab-tab-history")
        await settle(pilot)
        assert text_of(editor(app).query_one("#history")) == "Not saved yet."
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor)
        assert len(titles(app)) == 4
    assert stored(seeded, 1).version == 3
    assert [i.id for i in stored_items(seeded)] == [1, 2, 3, 4]


async def test_ctrl_t_cycles_through_all_three_tabs(seeded: Path):
    """Details → Criteria → History → Details, each with focus inside the tab shown."""
    app = make_app(seeded)
    async with running(app) as pilot:
        form = await open_editor(pilot)
        tabs = form.query_one(TabbedContent)
        for expected in ["tab-criteria", "tab-history", "tab-details"]:
            await pilot.press("ctrl+t")
            await settle(pilot)
            assert tabs.active == expected
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor)
    assert stored(seeded, 1).version == 1


# ----- conflicts ------------------------------------------------------------------------------


async def test_a_stale_save_reloads_keeps_my_typing_and_takes_their_fields(
    seeded: Path, open_board: Callable[..., Board]
):
    # no poll between their change and my save (a poll would show it live first: that
    # path is test_live_editor's); this one is the save that finds the item changed
    app = make_app(seeded, poll_seconds=60)
    async with running(app) as pilot:
        await open_editor(pilot)
        await fill(pilot, "title", "Onboarding emails for trial admins")

        dana = open_board("dana")
        theirs = dana.items.edit(1, {"audience": "trial admins, week 1"})
        at = local_time(theirs.updated_at)

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ItemEditor), "a stale save must not close the editor"
        assert notice(app).startswith(f"#1 was changed by dana at {at} — took theirs: Audience")
        assert "your other edits are kept" in notice(app)
        assert field(app, "title").value == "Onboarding emails for trial admins"
        assert field(app, "audience").value == "trial admins, week 1"
        assert "version 2" in text_of(editor(app).query_one("#editor-title"))
        assert stored(seeded, 1).title == "Onboarding email series"

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor)
        assert titles(app)[0] == "Onboarding emails for trial admins"
        assert "Audience  trial admins, week 1" in detail(app).splitlines()

        # The same field changed on both sides: both are shown; I keep mine, knowingly.
        await pilot.press("e")
        await settle(pilot)
        await fill(pilot, "owner", "ana")
        open_board("dana").items.edit(1, {"owner": "sam"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y", "enter")
        await settle(pilot)
        assert "changed by dana" in notice(app)
        assert field(app, "owner").value == "ana"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor)
        assert "owner ana" in detail(app).splitlines()[1]

    item = stored(seeded, 1)
    assert item.title == "Onboarding emails for trial admins"
    assert item.audience == "trial admins, week 1"
    assert item.owner == "ana"
    assert item.version == 5
    edits = [(e.user, e.field) for e in open_board().items.history(1) if e.action == "edit"]
    assert edits == [("dana", "audience"), ("ana", "title"), ("dana", "owner"), ("ana", "owner")]


# ----- leaving -------------------------------------------------------------------------------


async def test_escape_asks_before_discarding_unsaved_changes(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        await open_editor(pilot)
        await fill(pilot, "title", "Something else")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, UnsavedScreen)
        assert text_of(app.screen.query_one(Label)) == UnsavedScreen.QUESTION

        await pilot.press("n")
        await settle(pilot)
        assert field(app, "title").value == "Something else"

        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert not isinstance(app.screen, (ItemEditor, UnsavedScreen))
        assert titles(app)[0] == "Onboarding email series"

        # Nothing changed (an existing item, or a new one left blank): escape just closes.
        for key in ("e", "a"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, ItemEditor)
            await pilot.press("escape")
            await settle(pilot)
            assert not isinstance(app.screen, (ItemEditor, UnsavedScreen))
        assert len(titles(app)) == 4
    item = stored(seeded, 1)
    assert (item.title, item.version) == ("Onboarding email series", 1)


async def test_number_keys_inside_a_dialog_leave_the_screen_where_it_is(seeded: Path):
    """In the editor (focus on a select, where a digit is no text) and in a confirm
    dialog, 2 does not switch screens behind the dialog; back on the board it does."""
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ItemEditor)
        app.screen.query_one("#kind").focus()
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, ItemEditor) and app.current_mode == "backlog"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")  # drop: asks first
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and app.current_mode == "backlog"
        await pilot.press("escape", "2")
        await settle(pilot)
        assert app.current_mode == "roadmap"
