"""Markdown to HTML for the pages: CommonMark with raw HTML off (a `<script>` in a
description is shown as the text it is), links only to http(s) and mail."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markupsafe import Markup

SAFE_SCHEMES = ("http:", "https:", "mailto:", "#", "/")


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.validateLink = _safe_link  # type: ignore[method-assign]
    return parser.enable("table").enable("strikethrough")


def _safe_link(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_SCHEMES)


def to_html(text: str | None) -> Markup:
    """`text` as HTML, every character of it escaped but the Markdown's own markup.
    A table column's alignment becomes a class (the pages allow no inline style)."""
    parser = _parser()
    tokens = parser.parse(text or "")
    for token in tokens:
        style = token.attrGet("style") if token.type in ("th_open", "td_open") else None
        if isinstance(style, str):
            token.attrs.pop("style")
            token.attrSet("class", "align-" + style.removeprefix("text-align:"))
    return Markup(parser.renderer.render(tokens, parser.options, {}))
