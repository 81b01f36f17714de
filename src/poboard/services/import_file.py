"""An import file read as text, or refused in one line before anything parses it: too
big, not UTF-8, or JSON nested too deeply to read."""

from __future__ import annotations

import json
from pathlib import Path

from ..domain.errors import InvalidInputError

MAX_IMPORT_BYTES = 200 * 1000 * 1000  # 200 MB: a board's export is a few MB at most


def read_import_file(path: Path, limit: int = MAX_IMPORT_BYTES) -> str:
    """The file's text (a UTF-8 byte-order mark dropped), checked for size before it is
    read, so a huge file costs nothing (and a pipe is read up to the limit only); an
    empty file is refused."""
    size = path.stat().st_size
    if size > limit:
        raise _too_big(path, _megabytes(size), limit)
    with path.open("rb") as file:  # a pipe or a device says size 0: read no more than allowed
        data = file.read(limit + 1)
    if len(data) > limit:
        raise _too_big(path, f"over {_megabytes(limit)}", limit)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInputError(
            f"{path.name} is not UTF-8 text: byte 0x{data[error.start]:02x} at offset "
            f"{error.start} (export it again as UTF-8)"
        ) from None
    if not text.strip():
        raise InvalidInputError(f"{path.name} is empty")
    return text


def load_board_json(text: str, name: str) -> object:
    """poboard's own JSON export, parsed, or one line saying where it stops making sense."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInputError(
            f"{name} is not valid JSON: line {error.lineno}: {error.msg}"
        ) from None
    except RecursionError:
        raise InvalidInputError(f"{name} is JSON nested too deeply to read") from None


def _too_big(path: Path, size: str, limit: int) -> InvalidInputError:
    return InvalidInputError(
        f"{path.name} is {size}; poboard imports files up to {_megabytes(limit)}"
    )


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB".replace(".0 MB", " MB")
