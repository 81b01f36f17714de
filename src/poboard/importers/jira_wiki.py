"""Jira wiki markup to Markdown, good enough for real tickets and never raising on odd input.

Jira Server/Data Center and Jira Cloud's CSV export write descriptions and comments in the
wiki notation (`h2.`, `*bold*`, `{code}`, `[text|url]`, `||table||`). poboard renders
Markdown, so the text is converted once, on import. Code and noformat blocks are kept
byte for byte; anything not recognised passes through as plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

OPEN, CLOSE = "\ue000", "\ue001"  # private-use marks around stashed, finished fragments
STASHED = re.compile(f"{OPEN}(\\d+){CLOSE}")

FENCED = re.compile(r"\{(code|noformat)((?::[^}\n]*)?)\}(.*?)(?:\{\1\}|\Z)", re.S | re.I)
QUOTE_TAG = re.compile(r"\{quote\}", re.I)
DROPPED_TAGS = re.compile(
    r"\{(?:color(?::[^}\n]*)?|panel(?::[^}\n]*)?|anchor:[^}\n]*|code(?::[^}\n]*)?|noformat"
    r"|quote)\}",
    re.I,
)
HEADING = re.compile(r"h([1-6])\.(?:\s+(.*))?", re.I)
BLOCKQUOTE = re.compile(r"bq\.\s+(.*)", re.I)
LIST_ITEM = re.compile(r"([*#]+|-)\s+(\S.*)")
RULE = re.compile(r"-{4,}")
UNESCAPED_BAR = re.compile(r"(?<!\\)\|")

BREAK = re.compile(r"[ \t]*\\\\[ \t]*")
ESCAPE = re.compile(r"\\([*_\-{}\[\]|!^~+?#])")
MONO = re.compile(r"\{\{(.{1,1000}?)\}\}")
IMAGE = re.compile(
    r"(?<![\w!])!((?:https?://)?[^\s!|][^!|\n]{0,300}?\.(?:png|jpe?g|gif|svg|bmp|webp)"
    r"|https?://[^\s!|]+)(?:\|[^!\n]*)?!",
    re.I,
)
LINK = re.compile(r"\[([^\[\]\n]{1,1000})\]")
URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\[\]\"'{}|]+")
LINK_TARGET = re.compile(r"(?:[a-z][a-z0-9+.-]*://|mailto:|file:|#)\S*", re.I)
BOLD = re.compile(r"(?<![\w*])\*(?=[^\s*])(.{1,300}?)(?<=[^\s*])\*(?![\w*])")
ITALIC = re.compile(r"(?<![\w_])_(?=[^\s_])(.{1,300}?)(?<=[^\s_])_(?![\w_])")
STRIKE = re.compile(r"(?<![\w-])-(?=[^\s-])(.{1,300}?)(?<=[^\s-])-(?![\w-])")
EMOTICONS = {
    "(/)": "✅",
    "(x)": "❌",
    "(!)": "⚠️",
    "(i)": "ℹ️",
    "(?)": "❓",
    "(y)": "👍",
    "(n)": "👎",
    "(*)": "⭐",
    "(on)": "💡",
    "(off)": "💡",
}
EMOTICON = re.compile("|".join(re.escape(k) for k in sorted(EMOTICONS, key=len, reverse=True)))


def to_markdown(text: str) -> str:
    """The Markdown for a Jira wiki text; empty text stays empty."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace(OPEN, "").replace(CLOSE, "")
    parts: list[str] = []
    start = 0
    for match in FENCED.finditer(text):
        parts.append(_quotes(text[start : match.start()]))
        parts.append(_fence(match.group(3), _language(match.group(2))))
        start = match.end()
    parts.append(_quotes(text[start:]))
    return "\n\n".join(part for part in parts if part.strip())


def _language(params: str) -> str:
    """`{code:java}` and `{code:language=java|title=X}` name a language; titles do not."""
    for n, part in enumerate(params.lstrip(":").split("|")):
        name, sep, value = part.partition("=")
        candidate = value if sep and name.strip().lower() == "language" else ""
        if not sep and n == 0:
            candidate = name
        candidate = candidate.strip()
        if candidate and re.fullmatch(r"[\w+#.-]+", candidate):
            return candidate.lower()
    return ""


def _fence(body: str, language: str) -> str:
    body = body.removeprefix("\n").rstrip("\n")
    runs = [len(run) for run in re.findall(r"`+", body)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    return f"{fence}{language}\n{body}\n{fence}"


def _quotes(text: str) -> str:
    """Text between `{quote}` tags becomes a block quote; the rest is converted as it is."""
    pieces = QUOTE_TAG.split(text)
    blocks = []
    for n, piece in enumerate(pieces):
        lines = _lines(piece)
        while lines and not lines[-1]:
            lines.pop()
        if n % 2:
            lines = [f"> {line}" if line else ">" for line in lines]
        block = "\n".join(lines).strip("\n")
        if block.strip():
            blocks.append(block)
    return "\n\n".join(blocks)


def _lines(text: str) -> list[str]:
    """Convert line by line; a blank line separates blocks of different kinds."""
    out: list[str] = []
    table: list[list[str]] = []
    previous = ""

    def start(kind: str) -> None:
        nonlocal previous
        if table and kind != "table":
            out.extend(_table(table))
            table.clear()
        if previous and previous != kind and out and out[-1]:
            out.append("")
        if kind == previous == "para":
            out[-1] += "\\"  # Jira shows each line of a paragraph on its own line
        previous = kind

    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            start("")
            if out and out[-1]:
                out.append("")
            continue
        if line.startswith("|"):
            start("table")
            table.append(_cells(line))
            continue
        kind, rendered = _block(line)
        if not kind:
            continue
        if kind == "list" and previous == "list":
            out.append(rendered)
            continue
        start(kind)
        out.append(rendered)
    start("")
    return out


def _block(line: str) -> tuple[str, str]:
    """The kind of one non-table line and its Markdown."""
    if match := HEADING.fullmatch(line):
        title = _inline(match.group(2) or "", " ").strip()
        return ("heading", f"{'#' * int(match.group(1))} {title}") if title else ("", "")
    if match := BLOCKQUOTE.fullmatch(line):
        return "quote", f"> {_inline(match.group(1))}"
    if RULE.fullmatch(line):
        return "rule", "---"
    if match := LIST_ITEM.fullmatch(line):
        marks = match.group(1)
        indent = sum(3 if mark == "#" else 2 for mark in marks[:-1])
        bullet = "1." if marks[-1] == "#" else "-"
        return "list", f"{' ' * indent}{bullet} {_inline(match.group(2), ' ')}"
    return "para", _inline(line)


def _cells(line: str) -> list[str]:
    """Split a table row on runs of `|`, but not inside `[link|url]` or `{{a|b}}`."""
    cells, current, depth, after_bar = [], "", 0, False
    for char in line:
        if char == "|" and depth == 0:
            if not after_bar:
                cells.append(current)
                current = ""
            after_bar = True
            continue
        after_bar = False
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(0, depth - 1)
        current += char
    cells.append(current)
    cells = cells[1:]  # the row starts with a bar: nothing stands before it
    if len(cells) > 1 and not cells[-1].strip():
        cells.pop()  # nor after the closing bar
    return [UNESCAPED_BAR.sub(r"\\|", _inline(cell.strip(), "<br>")) for cell in cells]


def _table(rows: list[list[str]]) -> list[str]:
    """A Markdown table; its first row is the header, as Markdown needs one."""
    width = max(len(row) for row in rows)
    padded = [row + [""] * (width - len(row)) for row in rows]
    lines = [f"| {' | '.join(row)} |" for row in padded]
    lines.insert(1, f"|{'|'.join([' --- '] * width)}|")
    return lines


def _inline(text: str, line_break: str = "\\\n") -> str:
    """Inline markup of one line: code, links and images first, then emphasis."""
    kept: list[str] = []
    converted = _convert(text, line_break, kept)
    for _ in range(len(kept) + 1):  # a stashed link label may hold stashed code, and so on
        if OPEN not in converted:
            break
        converted = STASHED.sub(lambda m: _kept(kept, m), converted)
    return converted


def _kept(kept: list[str], match: re.Match[str]) -> str:
    n = int(match.group(1))
    return kept[n] if n < len(kept) else ""


def _convert(text: str, line_break: str, kept: list[str]) -> str:
    """Stash finished fragments (code, links, URLs) so emphasis cannot reach inside them."""

    def stash(fragment: str) -> str:
        kept.append(fragment)
        return f"{OPEN}{len(kept) - 1}{CLOSE}"

    def stashing(render: Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], str]:
        return lambda match: stash(render(match))

    def label(text: str) -> str:
        return _convert(text, " ", kept)

    text = BREAK.sub(stashing(lambda m: line_break), text)
    text = ESCAPE.sub(stashing(lambda m: "\\" + m.group(1)), text)
    text = MONO.sub(stashing(lambda m: _code_span(m.group(1))), text)
    text = DROPPED_TAGS.sub("", text)
    text = IMAGE.sub(stashing(_image), text)
    text = LINK.sub(lambda m: _link(m, stash, label), text)
    text = URL.sub(stashing(lambda m: m.group(0)), text)
    text = EMOTICON.sub(stashing(lambda m: EMOTICONS[m.group(0)]), text)
    text = BOLD.sub(r"**\1**", text)
    text = ITALIC.sub(r"*\1*", text)
    return STRIKE.sub(r"~~\1~~", text)


def _code_span(code: str) -> str:
    runs = [len(run) for run in re.findall(r"`+", code)]
    ticks = "`" * (max(runs, default=0) + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{ticks}{pad}{code}{pad}{ticks}"


def _target(url: str) -> str:
    """A link destination Markdown reads whole, even with spaces or parentheses in it."""
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def _image(match: re.Match[str]) -> str:
    source = match.group(1)
    name = source.rstrip("/").rsplit("/", 1)[-1]
    return f"![{name}]({_target(source)})"


def _link(match: re.Match[str], stash: Callable[[str], str], label: Callable[[str], str]) -> str:
    """`[text|url]`, `[url]`, `[~user]` and `[^attachment]`; anything else stays as written."""
    body = match.group(1).strip()
    if body.startswith("~"):
        return stash("@" + body[1:].removeprefix("accountid:"))
    if body.startswith("^"):
        return stash(body[1:])
    text, sep, target = body.partition("|")
    target = target.split("|", 1)[0].strip() if sep else text.strip()
    if not LINK_TARGET.fullmatch(target):
        return stash(f"{label(text)} ({target})") if sep else match.group(0)
    if target.lower().startswith("mailto:"):
        shown = label(text) if sep else target[len("mailto:") :]
        return stash(f"[{shown}]({_target(target)})")
    if not sep:
        return stash(f"<{target}>" if "://" in target else target)
    return stash(f"[{label(text)}]({_target(target)})")
