"""Terminal escapes in the TUI (issue #27, items 1 and 2): the editor refuses a field
holding one (under the field, nothing stored); text stored before the rule is drawn
with pictures (ESC as ␛), never raw; a description's link to anything but a web or mail
address is plain text."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from textual.widgets import Input, Markdown

from poboard.cli import main
from poboard.tui.app import PoboardApp

from .conftest import detail, make_app, paste, rows, running, settle, stored, text_of, toasts

TITLE_ESCAPES = "Onboarding \x1b]0;pwned\x07 series"


def poison(path: Path) -> None:
    """Write escapes into item 1, the sprint and the board's name straight into the
    file, around the rule."""
    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE items SET title = ?, owner = ?, description = ? WHERE id = 1",
            (
                TITLE_ESCAPES,
                "ana\x1b[31m",
                "Read \x1b]52;c;cHduZWQ=\x07 this\n\n[bad](javascript:alert(1)) "
                "[good](https://example.org) <file:///etc/passwd> [app](vscode://x/run) "
                "<ssh://evil.example>",
            ),
        )
        db.execute(
            "UPDATE sprints SET name = name || ?, goal = goal || ?", ("\x1b]0;s\x07", "\x9b")
        )
        db.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('name', ?)",
            (json.dumps("growth\x1b]0;pwned\x07"),),
        )
    db.close()


def screen_text(app: PoboardApp) -> str:
    """Everything on screen, as the terminal would draw it (an SVG of it, as text)."""
    return app.export_screenshot()


def links_in(markdown: Markdown) -> list[str]:
    """The addresses the Markdown view made links of (Textual: `@click=link(...)`)."""
    found = []
    for block in markdown.query("*"):
        content = getattr(block, "_content", None)
        for span in getattr(content, "spans", ()):
            style = str(span.style)
            if "link(" in style:
                found.append(style)
    return found


async def test_stored_escapes_are_drawn_as_pictures(seeded: Path) -> None:
    poison(seeded)
    app = make_app(seeded)
    async with running(app, size=(160, 48)) as pilot:
        await settle(pilot)
        assert "Onboarding ␛]0;pwned␇ series" in [row["title"] for row in rows(app)]
        assert "␛" in detail(app) and "\x1b" not in detail(app)
        drawn = screen_text(app)
        assert "growth␛]0;pwned␇" in drawn  # the header: the board's and sprint's names
        assert "\x1b" not in drawn and "\x07" not in drawn and "\x9b" not in drawn
        app.notify("Sprint 14\x1b]0;s\x07 planned")  # toasts quote names as they are
        await settle(pilot)
        assert any("Sprint 14␛]0;s␇ planned" in toast for toast in toasts(app))


async def test_a_description_links_only_web_and_mail_addresses(seeded: Path) -> None:
    poison(seeded)
    app = make_app(seeded)
    async with running(app, size=(160, 48)) as pilot:
        view = app.screen.query_one("#description", Markdown)
        await settle(pilot)
        links = links_in(view)
        assert any("https://example.org" in link for link in links), links
        assert len(links) == 1, links  # not javascript:, file:, vscode: or ssh:
        shown = "\n".join(text_of(b) for b in view.query("MarkdownParagraph"))
        assert "[bad](javascript:alert(1))" in shown  # as plain text
        assert "[app](vscode://x/run)" in shown
        assert "␛" in shown and "\x1b" not in shown


async def test_the_editor_refuses_an_escape_under_the_field(seeded: Path) -> None:
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("e")
        await settle(pilot)
        title = app.screen.query_one("#title", Input)
        title.focus()
        await pilot.press("end", "ctrl+u")
        await paste(pilot, TITLE_ESCAPES)
        await pilot.press("ctrl+s")
        await settle(pilot)
        under = text_of(app.screen.query_one("#error-title"))
        assert "holds a control character, ESC (0x1b)" in under, under
        assert "\x1b" not in screen_text(app)
    assert stored(seeded, 1).title == "Onboarding email series"
    assert stored(seeded, 1).version == 1


async def test_the_editor_shows_a_stored_escape_as_a_picture(seeded: Path) -> None:
    poison(seeded)
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#title", Input).value == "Onboarding ␛]0;pwned␇ series"
        drawn = screen_text(app)
        assert "␛" in drawn and "\x1b" not in drawn


# What a board from before the rule may hold, in every kind of text a screen draws.
POISON = """
UPDATE items SET title = title || ' E' || char(27) || ']0;pwn' || char(7) || char(155),
    owner = coalesce(owner, 'o') || char(27), promise = coalesce(promise, 'p') || char(7);
UPDATE criteria SET text = text || char(27) || '[31m';
UPDATE goals SET title = title || char(27) || ']0;g' || char(7);
UPDATE key_results SET metric = metric || char(27) || 'k';
UPDATE checkins SET note = coalesce(note, '') || char(27) || 'n' || char(7);
UPDATE sprints SET name = name || char(27) || 's', goal = goal || char(7) || char(155);
UPDATE retro_cards SET text = text || char(27) || 'c';
UPDATE retro_actions SET text = text || char(27) || 'a',
    owner = CASE WHEN owner IS NULL THEN NULL ELSE owner || char(7) END;
UPDATE settings SET value = json_quote('growth' || char(27) || ']0;b' || char(7))
    WHERE key = 'name';
"""


async def test_no_screen_draws_a_stored_escape_raw(tmp_path: Path) -> None:
    """Backlog, Roadmap, Sprint, Retro and Insights of a demo board whose every text
    holds escapes: each draws them as pictures."""
    db = tmp_path / "demo.db"
    made = CliRunner().invoke(main, ["--db", str(db), "--user", "ana", "demo"])
    assert made.exit_code == 0, made.output
    with sqlite3.connect(db) as connection:
        connection.executescript(POISON)
    connection.close()
    app = make_app(db)
    async with running(app, size=(160, 48)) as pilot:
        for key in "12345":
            await pilot.press(key)
            await settle(pilot)
            drawn = screen_text(app)
            assert "␛" in drawn, key
            raw = [c for c in ("\x1b", "\x07", "\x9b") if c in drawn]
            assert not raw, f"screen {key} ({type(app.screen).__name__}) draws {raw}"
