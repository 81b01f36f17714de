"""A widget that overrides a private member of Textual's (for the check's own test)."""

from textual.geometry import Size
from textual.widget import Widget


class Sized(Widget):
    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout)
