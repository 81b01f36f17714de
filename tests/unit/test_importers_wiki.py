"""Jira wiki markup to Markdown: each construct a real ticket uses, and odd input that must pass."""

from __future__ import annotations

import random

import pytest
from markdown_it import MarkdownIt

from poboard.importers.jira_wiki import to_markdown


def tokens(markdown: str) -> list[str]:
    """The block and inline token types CommonMark (with GFM tables) reads from the text."""
    parser = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    found = []
    for token in parser.parse(markdown):
        found.append(token.type)
        found.extend(child.type for child in token.children or [])
    return found


@pytest.mark.parametrize(
    ("wiki", "markdown"),
    [
        ("h1. Launch plan", "# Launch plan"),
        ("h3. Out of scope", "### Out of scope"),
        ("h6. Tiny", "###### Tiny"),
        ("h2. *Bold* heading", "## **Bold** heading"),
        ("h2.", ""),
    ],
)
def test_headings(wiki: str, markdown: str) -> None:
    assert to_markdown(wiki) == markdown


def test_bold_italic_strike_and_monospace() -> None:
    assert to_markdown("We want *one* campaign") == "We want **one** campaign"
    assert to_markdown("up to _27%_ activation") == "up to *27%* activation"
    assert to_markdown("-Rebrand- moved to Q4") == "~~Rebrand~~ moved to Q4"
    assert to_markdown("use {{utm_source}} always") == "use `utm_source` always"


def test_emphasis_markers_inside_words_numbers_and_urls_stay_literal() -> None:
    text = "snake_case_name, 2026-04-12, 3 * 4 * 5, pre-launch and post-launch"
    assert to_markdown(text) == text
    assert to_markdown("see https://x.example/a_b-c_d-e") == "see https://x.example/a_b-c_d-e"


def test_monospace_protects_its_content_and_its_backticks() -> None:
    assert to_markdown("{{*not bold*}}") == "`*not bold*`"
    assert to_markdown("{{a `tick`}}") == "`` a `tick` ``"
    assert "code_inline" in tokens(to_markdown("{{a `tick`}}"))


def test_bullet_and_numbered_lists_nest() -> None:
    wiki = "* one\n** one.a\n* two\n# first\n## first.a\n#* mixed bullet"
    assert to_markdown(wiki) == (
        "- one\n  - one.a\n- two\n1. first\n   1. first.a\n   - mixed bullet"
    )
    assert tokens(to_markdown("* one\n** one.a")).count("bullet_list_open") == 2


def test_a_dash_list_and_a_line_starting_with_bold_are_told_apart() -> None:
    assert to_markdown("- item") == "- item"
    assert to_markdown("*Expected:* kept") == "**Expected:** kept"


def test_a_paragraph_after_a_list_is_not_swallowed_by_it() -> None:
    markdown = to_markdown("* one\n* two\nNext paragraph")
    assert markdown == "- one\n- two\n\nNext paragraph"
    assert tokens(markdown).count("paragraph_open") == 3


def test_lines_of_a_paragraph_keep_their_line_breaks() -> None:
    markdown = to_markdown("Goal: trials\nAudience: SMB marketers")
    assert markdown == "Goal: trials\\\nAudience: SMB marketers"
    assert "hardbreak" in tokens(markdown)


def test_forced_line_break() -> None:
    assert to_markdown("first \\\\ second") == "first\\\nsecond"


def test_code_blocks_become_fences_with_their_content_untouched() -> None:
    wiki = "Snippet:\n{code:javascript}\nif (a *b* c) { _x_ = -1 - 2; }\n{code}\nAfter"
    assert to_markdown(wiki) == (
        "Snippet:\n\n```javascript\nif (a *b* c) { _x_ = -1 - 2; }\n```\n\nAfter"
    )


def test_code_block_parameters_and_noformat() -> None:
    assert to_markdown("{code:title=Track.js|borderStyle=solid}\nx()\n{code}") == "```\nx()\n```"
    assert to_markdown("{code:language=sql|title=q}\nselect 1\n{code}") == ("```sql\nselect 1\n```")
    assert to_markdown("{noformat}\n*raw* [x|y]\n{noformat}") == "```\n*raw* [x|y]\n```"


def test_a_fence_is_longer_than_any_backtick_run_inside_it() -> None:
    assert to_markdown("{code}\n```\nnested\n```\n{code}") == "````\n```\nnested\n```\n````"


def test_an_unclosed_code_block_runs_to_the_end() -> None:
    assert to_markdown("Intro\n{code}\nhalf *a* block") == "Intro\n\n```\nhalf *a* block\n```"


def test_links() -> None:
    assert to_markdown("[the brief|https://example.com/brief_v2]") == (
        "[the brief](https://example.com/brief_v2)"
    )
    assert to_markdown("[https://example.com/a_b]") == "<https://example.com/a_b>"
    assert to_markdown("[mailto:ana@example.com]") == "[ana@example.com](mailto:ana@example.com)"
    assert to_markdown("[*Brief*|https://e.com]") == "[**Brief**](https://e.com)"
    assert to_markdown("[~ana] and [~accountid:5b10ac8d]") == "@ana and @5b10ac8d"
    assert to_markdown("see [^plan.pdf]") == "see plan.pdf"


def test_brackets_that_are_not_links_stay_as_written() -> None:
    assert to_markdown("[MKT-12] is related") == "[MKT-12] is related"
    assert to_markdown("[Brief|MKT-12]") == "Brief (MKT-12)"


def test_images() -> None:
    assert to_markdown("!hero.png!") == "![hero.png](hero.png)"
    assert to_markdown("!Screen Shot.png|thumbnail!") == "![Screen Shot.png](<Screen Shot.png>)"
    assert to_markdown("Wow! Great! Done!") == "Wow! Great! Done!"


def test_quotes() -> None:
    assert to_markdown("bq. Ship it") == "> Ship it"
    assert to_markdown("{quote}\nQuoted *bold*\n* item\n{quote}\nAfter") == (
        "> Quoted **bold**\n>\n> - item\n\nAfter"
    )


def test_tables_with_and_without_a_header_row() -> None:
    markdown = to_markdown(
        "||Channel||Budget||\n|Paid social|€12,000|\n|Email|[plan|https://e.com/x]|"
    )
    assert markdown == (
        "| Channel | Budget |\n| --- | --- |\n| Paid social | €12,000 |\n"
        "| Email | [plan](https://e.com/x) |"
    )
    assert "table_open" in tokens(markdown)
    assert to_markdown("|a|b|\n|c|d|e|") == "| a | b |  |\n| --- | --- | --- |\n| c | d | e |"


def test_a_bar_inside_table_code_is_escaped_for_markdown() -> None:
    markdown = to_markdown("||Key||\n|{{a|b}}|")
    assert markdown == "| Key |\n| --- |\n| `a\\|b` |"
    assert tokens(markdown).count("th_open") == 1


def test_rule_emoticons_colour_and_escapes() -> None:
    assert to_markdown("above\n----\nbelow") == "above\n\n---\n\nbelow"
    assert to_markdown("(/) done (x) not (!) careful") == "✅ done ❌ not ⚠️ careful"
    assert to_markdown("{color:red}Urgent{color}") == "Urgent"
    assert to_markdown("\\*not bold\\*") == "\\*not bold\\*"


def test_windows_line_endings_and_empty_text() -> None:
    assert to_markdown("h2. Title\r\nText\r\n") == "## Title\n\nText"
    assert to_markdown("") == ""
    assert to_markdown("   \n\n") == ""


def test_plain_text_passes_through() -> None:
    text = "Kampagne für Q3 – Überblick ✓ (draft, 50% done)"
    assert to_markdown(text) == text


def test_odd_input_never_raises() -> None:
    rng = random.Random(20260412)
    marks = list("*_-{}[]|!#^~+?\\ \n\tahx/:.()`")
    alphabet = [*marks, "{code}", "{quote}", "h1. ", "||", "\ue000"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        assert isinstance(to_markdown(text), str)


def test_long_lines_of_unmatched_markers_stay_fast() -> None:
    assert to_markdown("*a " * 20000).startswith("*a *a")
    assert to_markdown("[" * 20000) == "[" * 20000
