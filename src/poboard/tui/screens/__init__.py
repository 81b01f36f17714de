"""One module per screen; each screen is an App mode on a number key. The backlog is
the first; the others are made on their first visit (`screen`), their code imported
in the background once the board shows (`import_screens`)."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import BoardScreen

# The screens made on their first visit, each from the module of its name.
LATER_SCREENS = {
    "roadmap": "RoadmapScreen",
    "sprint": "SprintScreen",
    "retro": "RetroScreen",
    "insights": "InsightsScreen",
    "requests": "RequestsScreen",
}


def screen(module: str, name: str) -> BoardScreen:
    """A screen made from its module (the insights charts' library alone costs a
    tenth of a second to import: it is not imported at start)."""
    from .base import BoardScreen

    made = getattr(import_module(f"{__name__}.{module}"), name)()
    assert isinstance(made, BoardScreen)
    return made


def import_screens() -> list[str]:
    """Import the later screens' code ahead of their first visits (on a thread of its
    own); what failed to load, a line each, for the app to report (its visit reports it
    again, with the traceback)."""
    failed = []
    for module in LATER_SCREENS:
        try:
            import_module(f"{__name__}.{module}")
        except Exception as error:  # reported by the caller, not raised on its thread
            failed.append(f"{module}: {error}")
    return failed
