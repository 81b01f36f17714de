"""Items imported from Jira and GitHub in the backlog: `src:` finds them by their key
there, and the detail pane names the key and the URL."""

from __future__ import annotations

from pathlib import Path

from poboard.board import Board

from .conftest import detail, keys, make_app, paste, running, settle, text_of

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"


def filter_bar(app) -> str:  # type: ignore[no-untyped-def]
    return text_of(app.screen.query_one("#filter-bar"))


def imported(path: Path) -> Path:
    board = Board.open(path, "ana")
    try:
        for name in ("jira-all-fields.csv", "github-issues.json"):
            text = (FIXTURES / name).read_text(encoding="utf-8-sig")
            board.sources.import_export(board.sources.read_export(text))
    finally:
        board.close()
    return path


async def test_src_filters_by_the_source_key_and_the_detail_names_it(db_path: Path):
    app = make_app(imported(db_path))
    async with running(app) as pilot:
        for query, expected in (
            ("src:mkt-10", ["#1", "#2", "#3", "#4", "#7", "#8"]),  # open ones; prefix, any case
            ("src:MKT-104", ["#4"]),
            ("src:#45", ["#13"]),
            ("src:github", ["#9", "#12", "#13"]),
        ):
            await pilot.press("slash")
            await settle(pilot)
            await paste(pilot, query)
            await pilot.press("enter")
            await settle(pilot)
            assert keys(app) == expected, query
            assert f"filter: {query.lower()}" in filter_bar(app)
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("slash")
        await paste(pilot, "src:#45")
        await pilot.press("enter")
        await settle(pilot)
        lines = detail(app).splitlines()
        assert lines[0] == "#13 Homepage hero refresh for spring launch"
        assert lines[2] == (
            "GitHub acme/marketing-site#45 https://github.com/acme/marketing-site/issues/45"
        )
