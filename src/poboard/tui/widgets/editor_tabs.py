"""The item editor's tabs (Details, Criteria, History) and where the focus goes in each:
the tab shown always holds the focus, so keys typed never reach a hidden tab."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.widgets import Input, TabbedContent, TabPane, Tabs
from textual.widgets.input import Selection

from .criteria_editor import CriteriaEditor
from .held_keys import HoldsKeys

TABS = ["tab-details", "tab-criteria", "tab-history"]
NEXT_TAB = Binding("ctrl+t", "next_tab", "Next tab", priority=True)


class FocusedTabs(TabbedContent):
    """Tabs that act on news only while it is still true. Textual's would show the pane
    of a widget focused a moment ago though the focus has moved on since (a choice
    picked, then ctrl+t at once), and would act on its tab bar's word that a tab was
    activated though another has been since (its bar says so on every change, late when
    the app is busy): either pulls the tabs back, and each pull sends more such news, so
    the tabs flip until one wins."""

    # Textual calls each class's handler in turn, this one first (a public name, so no
    # private member is overridden): prevent_default keeps TabbedContent's from acting
    # on the stale news.

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        ours = getattr(event.tabs, "tabbed_content", None) is self  # the bar of these tabs
        if ours and event.tabs.active != event.tab.id:
            event.stop()  # the bar has moved on since
            event.prevent_default()

    def on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        focused = self.screen.focused
        if focused is None or event.tab_pane not in focused.ancestors:
            event.stop()  # the focus has moved on since
            event.prevent_default()


class EditorTabs(HoldsKeys[int | None]):
    """The tabs' part of `ItemEditor`: ctrl+t steps through them (`NEXT_TAB`, bound by
    the editor, last in its footer); focus follows."""

    first_field = "title"  # Details' field focused on opening (the cursor at its end)

    def ready_for_keys(self) -> bool:
        """Keys held as the editor opens go to the first field of the tab shown, never
        to a hidden tab."""
        pane = self.focused.query_ancestor(TabPane) if self.focused else None
        shown = self.query_one(TabbedContent).active
        return self.app.screen is self and pane is not None and pane.id == shown

    def action_next_tab(self) -> None:
        """The next tab, its field focused here and now (not when the tabs say so)."""
        tabs = self.query_one(TabbedContent)
        shown = TABS[(TABS.index(tabs.active) + 1) % len(TABS)]
        tabs.active = shown
        self.focus_tab(shown)

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A tab shown (a click, or the focus moved): its field takes the focus, unless
        it holds it already, or the tabs have moved on since (a stale change)."""
        if event.pane.id != self.query_one(TabbedContent).active:
            return
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
