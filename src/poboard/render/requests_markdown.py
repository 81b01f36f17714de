"""What the reports say of requests: the work delivered that someone asked for (and
who), and how requests arrive and are answered."""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.requests import Asked, Intake
from .markdown import escape


def asked_markdown(asked: Sequence[Asked]) -> list[str]:
    """A section naming each delivered item that was asked for and who asked; none when
    nothing delivered was."""
    if not asked:
        return []
    lines = [f"## Requests delivered ({len(asked)})", ""]
    for a in asked:
        keys = ", ".join(r.label for r in a.requests)
        who = ", ".join(escape(name) for name in a.by)
        lines.append(f"- #{a.item} {escape(a.requests[0].title)} — asked by {who} ({keys})")
    return [*lines, ""]


def intake_markdown(found: Intake | None) -> list[str]:
    if found is None or not (found.asked or found.decided or found.waiting):
        return []
    days = "—" if found.days_to_decision is None else f"{found.days_to_decision:g} days"

    def share(n: int) -> str:
        value = found.share(n)
        return "—" if value is None else f"{value:.0%}"

    return [
        f"**Intake** (requests over the last {found.weeks} weeks)",
        "",
        f"- Asked: {found.asked} ({found.per_week:.1f} a week) · waiting for a decision: "
        f"{found.waiting}",
        f"- Time to a decision: median {days} ({found.decided} decided)",
        f"- Accepted {share(found.accepted)} · declined {share(found.declined)} · "
        f"merged {share(found.merged)}",
        "",
    ]
