"""The item editor's tabs (Details, Criteria, History) and where the focus goes in each:
the tab shown always holds the focus, so keys typed never reach a hidden tab."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input, TabbedContent
from textual.widgets.input import Selection

from .criteria_editor import CriteriaEditor

TABS = ["tab-details", "tab-criteria", "tab-history"]
NEXT_TAB = Binding("ctrl+t", "next_tab", "Next tab", priority=True)


class EditorTabs(ModalScreen[int | None]):
    """The tabs' part of `ItemEditor`: ctrl+t steps through them (`NEXT_TAB`, bound by
    the editor, last in its footer); focus follows."""

    first_field = "title"  # Details' field focused on opening (the cursor at its end)

    def action_next_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        self.set_focus(None)  # else the focused widget pulls the tabs back to its pane
        tabs.active = TABS[(TABS.index(tabs.active) + 1) % len(TABS)]

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if self.focused is None or event.pane not in self.focused.ancestors:
            self.focus_tab(event.pane.id or "")

    def focus_tab(self, pane: str) -> None:
        """Focus moves into the tab shown, at once (a focused widget in a hidden tab would
        pull the tabs back to it): on Details, to the end of the first field, never
        selecting it; on Criteria, to the new criterion's box, where typing is text and
        never the list's keys (space, x, w), unless the criteria are settled."""
        target = {"tab-details": f"#{self.first_field}", "tab-history": "#history-scroll"}.get(
            pane, ""
        )
        if pane == "tab-criteria":
            locked = self.query_one(CriteriaEditor).locked
            target = "#criteria-list" if locked else "#criterion-input"
        if not target:
            return
        widget = self.query_one(target)
        self.set_focus(widget, scroll_visible=False)  # now: keys held for it come next
        if target != "#title":
            widget.scroll_visible(animate=False)
        if isinstance(widget, Input):
            widget.selection = Selection.cursor(len(widget.value))
