"""Settings saved as a form saves them (`Board.configure_many`), and items found by key
or title words (`Board.find_items`): both against a real board file."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from poboard.board import Board
from poboard.domain.errors import Code, GateRefusal, SettingError
from poboard.domain.models import Item, Status


def config_events(board: Board) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(e.user, e.field, e.old, e.new) for e in board.events() if e.action == "config"]


# ----- configure_many ------------------------------------------------------------------------


def test_several_settings_are_stored_with_one_event_each(board: Board) -> None:
    settings = board.config.configure_many(
        {
            "name": "Growth team",
            "wip.doing": "2",
            "weights.value": "3",
            "weights.risk": "2",
            "retro.votes": "5",
            "definition_of_done": "Tracking checked; in analytics\nLegal sign-off\n",
        }
    )
    assert settings == board.settings()
    assert settings.name == "Growth team"
    assert settings.wip["doing"] == 2
    assert settings.weights["value"] == 3 and settings.weights["risk"] == 2
    assert settings.weights["urgency"] == 1  # the weights not named stay as they were
    assert settings.retro_votes == 5
    # Line breaks part the lines, so a line may hold a `;`.
    assert settings.definition_of_done == ["Tracking checked; in analytics", "Legal sign-off"]
    assert [field for _, field, _, _ in config_events(board)] == [
        "name",
        "definition_of_done",
        "weights.value",
        "weights.risk",
        "wip.doing",
        "retro.votes",
    ]
    assert ("ana", "wip.doing", "", "2") in config_events(board)


def test_a_value_equal_to_the_stored_one_is_no_change(open_board: Callable[..., Board]) -> None:
    ana = open_board("ana")
    ana.config.configure("product_owners", "ana")
    before = len(ana.events())
    ben = open_board("ben")
    # ben is no product owner, but the weights he sends are the ones stored: no gate, no event.
    settings = ben.config.configure_many({"weights.value": "1.0", "wip.doing": "4"})
    assert settings.wip["doing"] == 4
    assert [field for _, field, _, _ in config_events(ben)[-1:]] == ["wip.doing"]
    assert len(ben.events()) == before + 1


def test_a_non_owner_is_refused_once_and_nothing_is_stored(
    open_board: Callable[..., Board],
) -> None:
    ana = open_board("ana")
    ana.config.configure("product_owners", "ana, dana")
    before, events = ana.settings(), len(ana.events())
    ben = open_board("ben")
    with pytest.raises(GateRefusal) as caught:
        ben.config.configure_many(
            {"wip.doing": "2", "weights.value": "4", "definition_of_done": "Legal sign-off"}
        )
    assert caught.value.code is Code.NOT_PRODUCT_OWNER
    assert str(caught.value) == (
        "only the product owners (ana, dana) may change definition_of_done, weights.value"
    )
    assert ana.settings() == before  # not even the WIP limit, which was his to change
    assert len(ana.events()) == events


@pytest.mark.parametrize(
    ("key", "value"),
    [("wip.doing", "abc"), ("weights.effort", "11"), ("retro.votes", "0"), ("name", " ")],
)
def test_a_bad_value_names_its_key_and_nothing_is_stored(
    board: Board, key: str, value: str
) -> None:
    before = board.settings()
    with pytest.raises(SettingError) as caught:
        board.config.configure_many({"retro.votes": "4", key: value})
    assert caught.value.key == key
    assert caught.value.code is Code.INVALID_INPUT
    assert key in str(caught.value)
    assert board.settings() == before
    assert board.events() == []


def test_the_definition_of_done_reaches_open_sprint_work(
    board: Board, add_ready: Callable[..., Item], running: Callable[..., None]
) -> None:
    add_ready(board)
    running(board, "1")
    board.config.configure_many({"definition_of_done": "Legal sign-off\nTracked\n"})
    texts = [(c.text, c.dod) for c in board.items.get(1).criteria]
    assert ("Legal sign-off", True) in texts and ("Tracked", True) in texts


# ----- find_items ---------------------------------------------------------------------------


@pytest.fixture
def titled(board: Board) -> Board:
    for title in (
        "Onboarding email series",
        "Q1 webinar: ops leaders",
        "Webinar follow-up emails",
        "100% off_promo test",
        "Ops webinar recap",
    ):
        board.items.add(title)
    board.items.move(3, Status.DROPPED)
    return board


def test_find_by_key_then_title_words_in_any_order_and_case(titled: Board) -> None:
    assert [r.id for r in titled.lists.find_items("#2")] == [2]
    assert [r.id for r in titled.lists.find_items("2")] == [2]
    assert [r.id for r in titled.lists.find_items("WEBINAR ops")] == [2, 5]
    assert [r.id for r in titled.lists.find_items("email")] == [1, 3]  # open first, then dropped
    assert titled.lists.find_items("nothing like this") == []
    assert titled.lists.find_items("   ") == []


def test_find_takes_percent_and_underscore_literally(titled: Board) -> None:
    assert [r.id for r in titled.lists.find_items("100%")] == [4]
    assert [r.id for r in titled.lists.find_items("off_")] == [4]
    assert titled.lists.find_items("%") == [r for r in titled.lists.find_items("100%")]
    assert titled.lists.find_items("o_f") == []


def test_find_stops_at_the_limit(board: Board) -> None:
    for n in range(30):
        board.items.add(f"Campaign {n}")
    found = board.lists.find_items("campaign", limit=5)
    assert [r.id for r in found] == [1, 2, 3, 4, 5]
