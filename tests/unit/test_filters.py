"""The backlog filter's parsing: words, tokens, and what it refuses to guess."""

from __future__ import annotations

from poboard.tui.filters import parse_filter


def test_words_and_tokens_are_split() -> None:
    found = parse_filter("Webinar kind:campaign owner:Dana ready:no")
    assert found.words == ("webinar",)
    assert found.tokens == {"kind": "campaign", "owner": "dana", "ready": "no"}
    assert found.problem is None and found.active


def test_an_unknown_token_or_a_bad_ready_value_is_reported() -> None:
    assert "unknown filter colour:" in (parse_filter("colour:red").problem or "")
    assert parse_filter("ready:maybe").problem == "ready: takes yes or no"
    assert parse_filter("kind:").problem == "kind: needs a value"


def test_a_goal_token_of_odd_digits_is_text_not_a_number() -> None:
    found = parse_filter("goal:²")
    assert found.tokens == {"goal": "²"} and found.problem is None


def test_a_src_token_keeps_the_source_key_lowercased_for_a_prefix_match() -> None:
    found = parse_filter("src:MKT-42 launch")
    assert found.tokens == {"src": "mkt-42"} and found.words == ("launch",)
    assert parse_filter("src:").problem == "src: needs a value"
