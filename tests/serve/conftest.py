"""Fixtures for the team tests: real accounts on one host, and a served board."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .accounts import Accounts, make_accounts


@pytest.fixture(scope="session")
def accounts() -> Iterator[Accounts]:
    made = make_accounts()
    if isinstance(made, str):
        pytest.skip(made)
    try:
        found = next(made)
    except LookupError as error:
        pytest.skip(str(error))
    yield found
    next(made, None)
