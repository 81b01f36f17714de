"""A card's title wraps onto a second line by words, measured in terminal cells."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from poboard.tui.widgets.card_list import LaidOut, Line, wrapped

ASCII_WORDS = st.lists(st.text(alphabet="abcxyz-#1", max_size=12), min_size=1, max_size=9)
WIDE_WORDS = st.lists(st.text(alphabet="abc漢字é", max_size=12), min_size=1, max_size=9)
WORDS = st.one_of(ASCII_WORDS, WIDE_WORDS)  # the ASCII titles take a shortcut


@given(
    WORDS, st.integers(min_value=1, max_value=60), st.sampled_from(["", "3.2 ✓", "G1 story 3.0 ✗"])
)
def test_a_wrapped_title_keeps_its_words_and_fits_when_it_can(
    words: list[str], width: int, right: str
) -> None:
    text = " ".join(words)
    lines = wrapped(Line(text, 7, right, wrap=True), width)
    if cell_len(text) + cell_len(f" {right}" if right else "") + 1 <= width:
        assert lines == [Line(text, 7, right, wrap=True)]  # it fits: left alone
        return
    first, second = lines
    rest = second.text.removeprefix("   ")
    assert text in (first.text + " " + rest, first.text)  # cut at a space, nothing lost
    assert second.right == right and first.item_id == second.item_id == 7
    first_words = first.text.split(" ")
    if len(first_words) > 1:  # more than the first word went up only because it fit
        assert 1 + cell_len(first.text) <= width
    next_word = rest.split(" ")[0] if rest else None
    if next_word is not None and rest:
        assert 1 + cell_len(first.text) + 1 + cell_len(next_word) > width  # it would not fit


def test_a_long_title_breaks_at_the_last_word_that_fits() -> None:
    line = Line("#12 Launch the spring webinar series", 12, "3.2 ✓", wrap=True)
    assert wrapped(line, 20) == [
        Line("#12 Launch the", 12),
        Line("   spring webinar series", 12, "3.2 ✓"),
    ]
    assert wrapped(Line("#3 漢字漢字 漢字漢字漢字", 3, wrap=True), 12) == [
        Line("#3 漢字漢字", 3),
        Line("   漢字漢字漢字", 3),
    ]


LINES = st.lists(
    st.builds(
        Line,
        st.one_of(WORDS.map(" ".join), st.just("#9 tab\there")),
        st.sampled_from([None, 1, 2, 3]),
        st.sampled_from(["", "3.2 ✓"]),
        st.sampled_from(["", "heading"]),
        st.booleans(),
    ),
    max_size=12,
)


@given(LINES, st.integers(min_value=0, max_value=40))
def test_a_lane_laid_out_lazily_is_the_lane_wrapped_whole(source: list[Line], width: int) -> None:
    """A lane splits a title only when the line is drawn; what it draws, how many lines,
    and where each card starts are those of wrapping every line at once."""
    whole = [part for line in source for part in wrapped(line, width)]
    laid = LaidOut(source, width)
    assert len(laid) == len(whole)
    assert [laid.item_id(n) for n in range(len(whole))] == [line.item_id for line in whole]
    assert list(laid) == whole and laid[-1:] == whole[-1:]
    assert laid.stops() == [
        n
        for n, line in enumerate(whole)
        if line.item_id is not None and (n == 0 or whole[n - 1].item_id != line.item_id)
    ]
