"""A Trello board's JSON export, card by card, in board order."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from poboard.domain.models import Horizon, Kind, Status
from poboard.importers import ImportFormatError, SourceFile, SourceItem, parse, parse_trello
from poboard.importers.records import SourceComment, SourceCriterion
from poboard.importers.trello import trello_from_data

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def board() -> SourceFile:
    return parse_trello(read("trello-board.json"))


def by_key(result: SourceFile) -> dict[str, SourceItem]:
    return {item.key: item for item in result.items}


def test_cards_come_in_list_order_then_card_position(board: SourceFile) -> None:
    # lists by pos: Backlog, Now, Doing, Review, Done, the archived one; the file lists Done
    # first, and the webinar card (pos 16384) sits after the email card (32768) in the file
    assert [(i.status_name, i.title) for i in board.items] == [
        ("Backlog", "Customer webinar: launch in one afternoon"),
        ("Backlog", "Onboarding email sequence"),
        ("Backlog", "Podcast sponsorship"),
        ("Now", "Pricing page test: annual toggle default"),
        ("Doing", "Spring launch landing page"),
        ("Review", "Case study: Northwind"),
        ("Done", "Q1 newsletter"),
        ("Ideas 2025", "TikTok pilot"),
    ]
    assert [i.row for i in board.items] == [4, 3, 7, 2, 1, 5, 6, 8]  # place in the file
    assert board.problems == [] and board.warnings == []


def test_a_card_field_by_field(board: SourceFile) -> None:
    card = by_key(board)["aB3dE5fG"]
    assert card.source == "trello"
    assert card.title == "Spring launch landing page"
    assert card.url == "https://trello.com/c/aB3dE5fG"
    assert card.description == (
        "## Brief\nHero, three proof points, pricing teaser.\n\n"
        "**Audience:** B2B marketing leads\n**Metric:** trial starts from the page"
    )
    assert card.kind is Kind.LAUNCH
    assert (card.status_name, card.status, card.horizon) == ("Doing", Status.DOING, None)
    assert card.owner == "dkim"  # the first member
    assert card.reporter == "ana"  # who created the card
    assert card.estimate == 5.0  # the "Story points" number custom field
    assert card.labels == ("launch", "Paid social")
    assert card.due == date(2026, 4, 30)
    assert card.created_at == datetime(2026, 3, 3, 9, 30, tzinfo=UTC)
    assert card.updated_at == datetime(2026, 4, 14, 16, 10, 22, 118000, tzinfo=UTC)
    assert card.resolved_at is None and card.sprint is None and card.parent is None
    assert card.priority is None and card.closed_reason is None


def test_checklists_become_criteria_in_checklist_then_item_order(board: SourceFile) -> None:
    assert by_key(board)["aB3dE5fG"].criteria == (
        SourceCriterion("Copy approved by legal", met=True),
        SourceCriterion("Tracking plan reviewed", met=True),
        SourceCriterion("Page loads in under 2 s on 4G", met=False),
        SourceCriterion("Links checked", met=False),  # the second checklist, by pos
    )


def test_comments_are_oldest_first_with_author_and_date(board: SourceFile) -> None:
    assert by_key(board)["aB3dE5fG"].comments == (
        SourceComment("dkim", datetime(2026, 4, 8, 11, 20, tzinfo=UTC), (
            "Hero video is 40 MB, we need a lighter cut."
        )),
        SourceComment("ana", datetime(2026, 4, 14, 16, 10, 22, 118000, tzinfo=UTC), (
            "Legal approved the copy. **Ship it** once tracking is in."
        )),
    )  # fmt: skip


def test_now_next_later_lists_are_horizons_in_the_backlog(board: SourceFile) -> None:
    test = by_key(board)["Xy7Kp2Qr"]
    assert (test.status, test.horizon) == (Status.BACKLOG, Horizon.NOW)
    assert test.kind is Kind.EXPERIMENT  # label "Experiment", any case
    assert test.reporter == "dkim"
    assert test.criteria == (
        SourceCriterion("Sample size calculated", met=True),
        SourceCriterion("Decision rule agreed", met=False),
    )


def test_archived_cards_and_cards_on_archived_lists_are_dropped(board: SourceFile) -> None:
    items = by_key(board)
    assert (items["Uh8Yg7Tf"].status_name, items["Uh8Yg7Tf"].status) == (
        "Backlog",
        Status.DROPPED,
    )
    assert (items["Mn5Bv4Cx"].status_name, items["Mn5Bv4Cx"].status) == (
        "Ideas 2025",
        Status.DROPPED,
    )


def test_creation_date_falls_back_to_the_card_id(board: SourceFile) -> None:
    email = by_key(board)["Qm4Lz8Wn"]  # no createCard action for it in the export
    assert email.created_at == datetime(2026, 3, 5, 14, 0, tzinfo=UTC)
    assert email.reporter is None
    assert email.kind is Kind.CONTENT and email.owner == "sam"


def test_a_label_without_a_name_reads_as_its_colour(board: SourceFile) -> None:
    webinar = by_key(board)["Hd9Vt3Jc"]
    assert webinar.labels == ("yellow",)
    assert webinar.kind is None and webinar.owner is None and webinar.estimate is None
    assert webinar.due == date(2026, 5, 14)


def test_status_map_and_unread_card_fields(board: SourceFile) -> None:
    assert board.status_map == {
        "Backlog": "backlog",
        "Now": "now",
        "Doing": "doing",
        "Review": "review",
        "Done": "done",
        "Ideas 2025": "",
    }
    assert board.unmapped_columns == ["attachments", "idMembersVoted"]


def test_map_overrides_a_list(board: SourceFile) -> None:
    result = parse(read("trello-board.json"), mapping={"review": "done", "Backlog": "later"})
    items = by_key(result)
    assert items["Rt6Yu1Io"].status is Status.DONE
    email = items["Qm4Lz8Wn"]
    assert (email.status, email.horizon) == (Status.BACKLOG, Horizon.LATER)
    assert result.status_map["Backlog"] == "later"
    assert items["Uh8Yg7Tf"].status is Status.DROPPED  # archived stays dropped


def minimal(**card: Any) -> dict[str, Any]:
    return {
        "lists": [{"id": "L1", "name": "Icebox", "pos": 1}],
        "cards": [{"id": "C1", "name": "Card", "idList": "L1", "shortLink": "abc", **card}],
    }


def test_cards_that_cannot_be_read_are_problems() -> None:
    data = minimal()
    data["cards"] += ["not a card", {"id": "C3", "idList": "L1"}, {"name": "No id at all"}]
    result = trello_from_data(data)
    assert [i.key for i in result.items] == ["abc"]
    assert result.items[0].status is None  # "Icebox" is no default
    assert result.problems == [
        (2, "card 2 is not an object"),
        (3, "card C3 has no name"),
        (4, "card 4 has no shortLink or id"),
    ]
    assert result.warnings == []


def test_hostile_values_are_problems_or_warnings_never_tracebacks() -> None:
    data = minimal(idList=["L1"], idMembers=[{"x": 1}], idLabels=[None], due="soon", pos="top")
    data["checklists"] = [{"idCard": "C1", "checkItems": "none"}, "junk"]
    data["actions"] = [{"type": "commentCard", "data": {"card": {"id": ["C1"]}}}, 7]
    data["members"] = [{"id": ["m"]}]
    result = trello_from_data(data)
    (card,) = result.items
    assert card.status_name == "" and card.due is None and card.owner is None
    assert result.warnings == [
        (1, "card abc is on a list missing from the file"),
        (1, "card abc: due 'soon' is not a date poboard reads; left empty"),
    ]


def test_files_that_are_not_trello_boards_are_refused() -> None:
    with pytest.raises(ImportFormatError, match=r"not valid JSON \(is it cut short\?\)"):
        parse_trello(read("trello-truncated.json"))
    with pytest.raises(ImportFormatError, match="needs 'lists' and 'cards' arrays"):
        parse_trello(json.dumps({"lists": [], "cards": {}}))
    with pytest.raises(ImportFormatError, match="not a Trello board export"):
        parse_trello("[]")
