"""A choice in a form: one line showing the option chosen, and a list to pick from.

Textual's Select is six widgets (a row, its label, two arrows, and the list of options,
built and styled even while it is closed). The item editor has a dozen, and they were
~40% of its first opening. A Choice draws its line itself and mounts its list (an
OptionList) the first time it opens. It is built on Textual's public API alone, so a
Textual release that reworks Select's insides changes nothing here.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from rich.cells import cell_len
from textual import events, on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

ARROWS = {False: "▼", True: "▲"}  # closed, open
SEARCH_PAUSE = 0.7  # seconds: a key typed after a longer pause starts a new search

ChoiceType = TypeVar("ChoiceType", bound=Hashable)
Label = str | Content  # a str is shown as it is, never read as markup


class NoChoice:
    """The value of a Choice with nothing chosen (`Choice.NULL`)."""

    def __repr__(self) -> str:
        return "Choice.NULL"


NULL = NoChoice()


class UnknownChoice(ValueError):
    """A value given to a Choice that none of its options has."""


class ChoiceList(OptionList):
    """A Choice's open list: escape closes it, and letters typed jump to the option whose
    label has them earliest (as Select's list does)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Dismiss menu")]

    @dataclass
    class Closed(Message):
        """The list asks its Choice to close it (`lost_focus`: focus went elsewhere)."""

        lost_focus: bool

    def __init__(self, *options: Option, type_to_search: bool) -> None:
        super().__init__(*options, compact=True)
        self.type_to_search = type_to_search
        self.search = ""
        self.last_typed = 0.0

    def action_close(self) -> None:
        self.post_message(self.Closed(lost_focus=False))

    def on_blur(self) -> None:
        self.search = ""
        self.post_message(self.Closed(lost_focus=True))
        self.suppress_click()  # a click on the Choice's line closes it, not reopens it

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return self.type_to_search and character is not None and character.isprintable()

    def on_key(self, event: events.Key) -> None:
        if not (self.type_to_search and event.is_printable and event.character):
            return
        event.stop()
        event.prevent_default()
        now = time.monotonic()
        if now - self.last_typed > SEARCH_PAUSE:
            self.search = ""
        self.last_typed = now
        self.search += event.character.lower()
        found = [
            (at, index)
            for index, option in enumerate(self.options)
            if (at := plain(option.prompt).lower().find(self.search)) >= 0
        ]
        if found:
            self.highlighted = min(found)[1]


def plain(label: object) -> str:
    return label.plain if isinstance(label, Content) else str(label)


class Choice(Generic[ChoiceType], Widget, can_focus=True):
    """One line: the option chosen (or the prompt, dimmed) and an arrow. Enter, space,
    the arrows or a click open its list; enter or a click there picks, escape closes it.

    As Textual's Select: the same arguments, `value` (`Choice.NULL` when nothing is
    chosen; a value none of the options has is refused), `set_options`, and a `Changed`
    message for every change of value once it is in the app."""

    NULL: ClassVar[NoChoice] = NULL
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,down,space,up", "open", "Show menu", show=False),
        Binding("escape", "close", "Dismiss menu", show=False),  # see check_action
    ]
    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"choice--prompt", "choice--arrow"}
    DEFAULT_CSS = """
    Choice {
        height: 1;
        width: 1fr;
        color: $foreground;
        background: $surface;
        pointer: pointer;
        & > .choice--prompt { color: $foreground 50%; }
        & > .choice--arrow { color: $foreground 50%; }
        & > ChoiceList {
            width: 1fr;
            height: auto;
            max-height: 12;
            overlay: screen;
            constrain: none inside;
            offset: -1 1;  /* under the line, from its left edge */
        }
    }
    """

    value: reactive[ChoiceType | NoChoice] = reactive[Any](NULL, init=False)
    expanded: reactive[bool] = reactive(False, init=False, bindings=True)
    prompt: reactive[str] = reactive("Select", init=False)

    @dataclass
    class Changed(Message):
        """The value changed (by a pick, or set)."""

        choice: Choice[Any]
        value: Any

        @property
        def control(self) -> Choice[Any]:
            return self.choice

    def __init__(
        self,
        options: Iterable[tuple[Label, ChoiceType]],
        *,
        prompt: str = "Select",
        allow_blank: bool = True,
        value: ChoiceType | NoChoice = NULL,
        type_to_search: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        """`allow_blank=False`: always one of the options, the first unless `value`."""
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.allow_blank = allow_blank
        self.type_to_search = type_to_search
        self.menu: ChoiceList | None = None  # built when first opened
        self.menu_asked = False
        self.set_reactive(Choice.prompt, prompt)
        self.entries = self.listed(options)
        self.value = self.first_value(value)  # no Changed: not in the app yet

    # ----- the options -------------------------------------------------------------------

    def listed(
        self, options: Iterable[tuple[Label, ChoiceType]]
    ) -> list[tuple[Content | None, ChoiceType | NoChoice]]:
        """The list's entries in order: the blank first when allowed (its label, None, is
        the prompt), then the options."""
        entries: list[tuple[Content | None, ChoiceType | NoChoice]] = (
            [(None, NULL)] if self.allow_blank else []
        )
        entries += [
            (Content(label) if isinstance(label, str) else label, v) for label, v in options
        ]
        if not entries:
            raise ValueError("a Choice without a blank needs an option")
        return entries

    def first_value(self, value: ChoiceType | NoChoice) -> ChoiceType | NoChoice:
        return self.entries[0][1] if value is NULL else value

    def set_options(self, options: Iterable[tuple[Label, ChoiceType]]) -> None:
        """New options; the value goes back to the blank, or to the first option."""
        self.entries = self.listed(options)
        if self.menu is not None:
            self.menu.set_options(self.menu_options())
        self.value = self.first_value(NULL)

    def index_of(self, value: object) -> int | None:
        return next((n for n, (_, v) in enumerate(self.entries) if v == value), None)

    def validate_value(self, value: ChoiceType | NoChoice) -> ChoiceType | NoChoice:
        if self.index_of(value) is None:
            raise UnknownChoice(f"{value!r} is none of the options of {self!r}")
        return value

    def watch_value(self, value: ChoiceType | NoChoice) -> None:
        if self.menu is not None:
            self.menu.highlighted = self.index_of(value)
        if self.is_attached:
            self.post_message(self.Changed(self, value))

    def watch_prompt(self, prompt: str) -> None:
        if self.menu is not None and self.allow_blank:
            self.menu.replace_option_prompt_at_index(0, Content.styled(prompt, "dim"))

    # ----- the line ----------------------------------------------------------------------

    @property
    def shown(self) -> Content:
        """What the line says: the chosen option's label, or the prompt."""
        index = self.index_of(self.value)
        label = None if index is None else self.entries[index][0]
        if label is None:  # the blank
            return Content(self.prompt).stylize(self.component_style("choice--prompt"))
        return label

    def render(self) -> Content:
        arrow = ARROWS[self.expanded]
        # the width the layout gave it (`outer_size`, set as it is arranged): a form's
        # layout asks for this line while the screen's map is being remade, where the
        # widget's region (`content_size`) would make the whole map again, once a choice
        width = self.outer_size.width - self.styles.gutter.width
        room = max(0, width - cell_len(arrow) - 2)
        return Content.assemble(
            self.shown.truncate(room, ellipsis=True, pad=True),
            " ",
            (arrow, self.component_style("choice--arrow")),
            " ",
        )

    def component_style(self, name: str) -> Style:
        return Style.from_rich_style(self.get_component_rich_style(name))

    # ----- the list ----------------------------------------------------------------------

    def menu_options(self) -> list[Option]:
        dim_prompt = Content.styled(self.prompt, "dim")
        return [Option(dim_prompt if label is None else label) for label, _ in self.entries]

    def action_open(self) -> None:
        self.expanded = True

    def action_close(self) -> None:
        self.expanded = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape typed right after enter, before the list has the focus, closes the
        list here; with the list closed, escape is the screen's (a form's cancel)."""
        return self.expanded if action == "close" else True

    def on_click(self, event: events.Click) -> None:
        if event.widget is self:  # a click in the open list is the list's
            event.stop()
            self.expanded = not self.expanded

    def watch_expanded(self, expanded: bool) -> None:
        if self.menu is None:
            if expanded and not self.menu_asked:
                self.menu_asked = True
                self.call_later(self.build_menu)
            return
        self.menu.display = expanded
        if expanded:
            self.menu.highlighted = self.index_of(self.value) or 0
            self.menu.focus(scroll_visible=False)

    async def build_menu(self) -> None:
        menu = ChoiceList(*self.menu_options(), type_to_search=self.type_to_search)
        menu.display = False
        await self.mount(menu)
        self.menu = menu
        self.watch_expanded(self.expanded)

    @on(ChoiceList.OptionHighlighted)
    def menu_highlighted(self, event: ChoiceList.OptionHighlighted) -> None:
        event.stop()  # the choice's own business, not the screen's

    @on(ChoiceList.OptionSelected)
    def menu_picked(self, event: ChoiceList.OptionSelected) -> None:
        event.stop()
        self.value = self.entries[event.option_index][1]
        self.take_focus()
        self.expanded = False

    @on(ChoiceList.Closed)
    def menu_closed(self, event: ChoiceList.Closed) -> None:
        event.stop()
        self.expanded = False
        if not event.lost_focus:
            self.take_focus()

    def take_focus(self) -> None:
        """Focus back on the line now, not later (`focus` waits its turn in the app's
        queue): a key typed just after the pick, which moves the focus on (ctrl+t to
        another tab), would otherwise be followed by this focus, pulling it back."""
        self.screen.set_focus(self, scroll_visible=False)
