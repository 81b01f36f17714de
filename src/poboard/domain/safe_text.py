"""What user text may hold, and how text that holds more is shown: pure, no I/O.

A terminal acts on control characters: ESC starts a sequence that can retitle the
reader's window or write their clipboard (OSC 52), BEL ends one. So user text refuses
every C0 and C1 control character and DEL, except a newline and a tab in text that may
span lines; text stored before the rule (or from anywhere else) is shown with each such
character as a visible picture (ESC as ␛), never sent raw.

Links: only web and mail addresses become links anywhere poboard renders one.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

LINK_SCHEMES = ("http", "https", "mailto")
MULTILINE_KEEPS = frozenset("\n\t")

# C0 (0x00-0x1f) and DEL shown as their Unicode control pictures (␀ … ␟, ␡); C1
# (0x80-0x9f) has no pictures, so it shows as the replacement character.
_PICTURES: dict[int, int] = {code: 0x2400 + code for code in range(32)}
_PICTURES[0x7F] = 0x2421
_PICTURES.update({code: 0xFFFD for code in range(0x80, 0xA0)})
_PICTURES_MULTILINE = {
    code: to for code, to in _PICTURES.items() if chr(code) not in MULTILINE_KEEPS
}
# Whether there is anything to show as a picture: searched in C, so clean text (nearly
# all of it) costs no translation (str.translate takes ~20 µs a line of non-ASCII text).
_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_ANY_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What JSON leaves raw that a terminal may act on: DEL and C1 (C0 it escapes itself).
_JSON_RAW = {code: f"\\u{code:04x}" for code in (0x7F, *range(0x80, 0xA0))}
_JSON_RAW_ANY = re.compile("[\x7f-\x9f]")
_PICTURES_JSON = {code: _PICTURES[code] for code in _JSON_RAW}
# The whitespace a one-line name folds into one space: str.split's, less the control
# characters it also counts as whitespace (VT, FF, 0x1c-0x1f, NEL), which the rule refuses.
_FOLDED = re.compile("[^\\S\x0b\x0c\x1c-\x1f\x85]+")
_EDGES = re.compile("^[^\\S\x0b\x0c\x1c-\x1f\x85]+|[^\\S\x0b\x0c\x1c-\x1f\x85]+$")
_NAMES = {
    0x09: "TAB",
    0x0A: "newline",
    0x1B: "ESC",
    0x07: "BEL",
    0x7F: "DEL",
    0x00: "NUL",
    0x08: "BS",
    0x0D: "CR",
    0x9B: "CSI",
}


def is_control(char: str) -> bool:
    """A C0 or C1 control character, or DEL."""
    return ord(char) in _PICTURES


def first_control(text: str, *, multiline: bool = False) -> str | None:
    """The first character `text` may not hold, named for a refusal (`ESC (0x1b)`), or
    None. Multi-line text may hold newlines and tabs; one-line text neither."""
    for char in text:
        if is_control(char) and not (multiline and char in MULTILINE_KEEPS):
            code = ord(char)
            name = _NAMES.get(code, "control character")
            return f"{name} (0x{code:02x})"
    return None


def folded_spaces(text: str) -> str:
    """`text` on one line: each run of whitespace (a pasted newline, a tab, a CR) one
    space, none at the ends. The control characters str.split takes for whitespace
    (0x1c-0x1f, NEL 0x85, VT, FF) are kept, for the rule to refuse by name, never folded
    away unseen."""
    if text.isprintable():  # spaces only: str.split, in C
        return " ".join(text.split())
    return _FOLDED.sub(" ", text).strip(" ")


def trimmed(text: str) -> str:
    """`text` without whitespace at its ends, as str.strip, except that a control
    character str.strip takes for whitespace stays, for the rule to refuse."""
    if text.isprintable():
        return text.strip()
    return _EDGES.sub("", text)


def control_refusal(text: str, *, multiline: bool = False) -> str | None:
    """The sentence refusing `text`, or None when it is clean."""
    found = first_control(text, multiline=multiline)
    if found is None:
        return None
    keeps = " (newlines and tabs are fine)" if multiline else ""
    return f"holds a control character, {found}: type plain text{keeps}"


def visible(text: str, *, multiline: bool = True) -> str:
    """`text` safe for a terminal: each control character (but a newline and a tab, in
    multi-line text) becomes its visible picture (ESC as ␛)."""
    if text.isprintable():
        return text
    if multiline:
        found = _ANY_CONTROL_MULTILINE.search(text)
        return text if found is None else text.translate(_PICTURES_MULTILINE)
    return text if _ANY_CONTROL.search(text) is None else text.translate(_PICTURES)


def json_escaped(json_text: str) -> str:
    """JSON text (as json.dumps writes it, ensure_ascii=False) with DEL and C1 written as
    \\u escapes too: then no control character of user text is in it raw. Outside its
    strings JSON holds none, so the text means the same."""
    return json_text.translate(_JSON_RAW)


def json_pictured(data: object) -> object:
    """`data` (what json.dumps takes) with DEL and C1 in every string shown as their
    pictures (`visible`'s), for a JSON writer that leaves them raw and cannot be told
    otherwise (the MCP SDK's). C0 is left: every JSON writer escapes it (\\u001b)."""
    if isinstance(data, str):
        return data if _JSON_RAW_ANY.search(data) is None else data.translate(_PICTURES_JSON)
    if isinstance(data, dict):
        return {json_pictured(key): json_pictured(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [json_pictured(value) for value in data]
    return data


def has_json_raw(json_text: str) -> bool:
    """Whether JSON text holds a DEL or C1 character (one search, in C)."""
    return _JSON_RAW_ANY.search(json_text) is not None


def is_link(url: str) -> bool:
    """Whether `url` may become a link: a web address with a host, or a mail address."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES or first_control(url) is not None:
        return False
    return scheme == "mailto" or bool(parts.netloc)
