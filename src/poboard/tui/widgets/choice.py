"""A choice in a form: Textual's Select drawn as one line by one widget.

Textual's Select is six widgets (a row, its label, two arrows, and the list of options,
built and styled even while it is closed). The item editor has a dozen, and they were
~40% of its first opening. A Choice is a Select (the same values, keys and `Changed`
messages), drawn by itself on one line; its list is built the first time it opens.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.css.query import NoMatches
from textual.style import Style
from textual.widgets import Select
from textual.widgets._select import NoSelection, SelectOverlay, SelectType

ARROWS = {False: "▼", True: "▲"}  # closed, open


class Choice(Select[SelectType]):
    """A compact Select of one widget: its line shows the option chosen (or the prompt,
    dimmed) and an arrow; enter, space, the arrows or a click open its list."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"choice--prompt", "choice--arrow"}
    DEFAULT_CSS = """
    Choice {
        height: 1;
        width: 1fr;
        background: $surface;
        pointer: pointer;
        & > .choice--prompt { color: $foreground 50%; }
        & > .choice--arrow { color: $foreground 50%; }
        & > SelectOverlay { offset: -1 1; }  /* under the line, from its left edge */
    }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, compact=True, **kwargs)
        self.list_asked = False  # its list is on its way (or there)

    def compose(self) -> ComposeResult:
        yield from ()  # the list is mounted when first opened

    @property
    def overlay(self) -> SelectOverlay | None:
        try:
            return self.query_one(SelectOverlay)
        except NoMatches:
            return None

    @property
    def shown(self) -> Content:
        """What the line says: the chosen option's label, or the prompt."""
        index = self._index_of(self.value)
        if self.value is self.NULL or index is None:  # (a blank option is listed first)
            return Content(self.prompt).stylize(self._component_style("choice--prompt"))
        label = self._options[index][0]
        if isinstance(label, Content | Text | str):
            return Content.from_text(label, markup=False)
        return Content(str(label))

    def render(self) -> Content:
        arrow = ARROWS[self.expanded]
        room = max(0, self.content_size.width - cell_len(arrow) - 2)
        return Content.assemble(
            self.shown.truncate(room, ellipsis=True, pad=True),
            " ",
            (arrow, self._component_style("choice--arrow")),
            " ",
        )

    def _component_style(self, name: str) -> Style:
        return Style.from_rich_style(self.get_component_rich_style(name))

    # ----- Select's parts that expected its child widgets ---------------------------------

    def _on_mount(self, _event: events.Mount) -> None:
        self._init_selected_option(self._value)

    def _setup_options_renderables(self) -> None:
        if self.overlay is not None:
            super()._setup_options_renderables()

    def _watch_value(self, value: SelectType | NoSelection) -> None:
        self._value = value
        self.refresh()
        overlay = self.overlay
        if overlay is not None and (index := self._index_of(value)) is not None:
            overlay.highlighted = index
        if self.is_attached:  # as Select's, from its first value on
            self.post_message(self.Changed(self, value))

    def _watch_prompt(self, prompt: str) -> None:
        self.refresh()
        if (overlay := self.overlay) is not None and self._allow_blank:
            overlay.replace_option_prompt_at_index(0, Text(prompt, style="dim"))

    def _watch_expanded(self, expanded: bool) -> None:
        self.refresh()
        overlay = self.overlay
        if overlay is None:
            if expanded and not self.list_asked:
                self.list_asked = True
                self.call_later(self._build_list)
            return
        self.set_class(expanded, "-expanded")
        if expanded:
            overlay.focus(scroll_visible=False)
            overlay.select(self._index_of(self.value))

    def _index_of(self, value: SelectType | NoSelection) -> int | None:
        return next((n for n, (_p, v) in enumerate(self._options) if v == value), None)

    async def _build_list(self) -> None:
        overlay = SelectOverlay(type_to_search=self._type_to_search)
        overlay.compact = True
        await self.mount(overlay)
        self._setup_options_renderables()
        self._watch_expanded(self.expanded)
        if self.expanded and overlay.highlighted is None:
            overlay.action_first()

    def action_show_overlay(self) -> None:
        self.expanded = True
        overlay = self.overlay
        if overlay is not None and overlay.highlighted is None:
            overlay.action_first()

    async def _on_click(self, event: events.Click) -> None:
        if event.widget is self:  # a click in the open list is the list's
            event.stop()
            self.expanded = not self.expanded
