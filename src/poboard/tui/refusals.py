"""Where the board says no: one rule.

A form says it beside itself, where the user is typing: on the line under the field it
is about, or above the form's buttons (`widgets.forms.FormDialog.show_refusal`, the item
editor's problem lines). Everywhere else (a board screen, a dialog with no form of its
own) it is one toast, made here: what was refused and why, then the keys that fix it,
titled by what did not happen ("Refused", "Not deleted"). Its words are the refusal's
own: user text in them is shown as typed, never read as markup (see `app.notify`).
"""

from __future__ import annotations

from textual.message_pump import MessagePump

from ..domain.errors import PoboardError

REFUSAL_SECONDS = 8.0


def show_refusal(
    node: MessagePump,
    refusal: PoboardError | str,
    keys: str = "",
    title: str = "Refused",
    seconds: float = REFUSAL_SECONDS,
) -> None:
    """Show a refusal (and the keys that fix it, if any) as the app's toast."""
    message = str(refusal) + (f" — {keys}" if keys else "")
    node.app.notify(message, title=title, severity="error", timeout=seconds)
