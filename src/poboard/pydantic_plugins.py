"""poboard uses no pydantic plugins, and pays nothing to find none.

Looking for plugins scans the entry points of every installed package when the first
validator is built (~35 ms of each command), so they are disabled unless the user's
own PYDANTIC_DISABLE_PLUGINS says otherwise. Even disabled, pydantic's plugin loader
imports importlib's metadata reader (~25 ms of the board's first paint and of each
command) to load none: its one function, `get_plugins`, answers the same here without.
"""

from __future__ import annotations

import os
import sys
import types


def without_plugins() -> None:
    """Before any validator is built (models.py calls it as it is imported)."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__":
        loader = types.ModuleType("pydantic.plugin._loader")
        loader.__dict__["get_plugins"] = lambda: ()
        sys.modules.setdefault(loader.__name__, loader)
