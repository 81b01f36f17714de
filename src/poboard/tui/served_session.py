"""A member's board under `poboard serve` starts no program and writes no file on the
server: it runs as the server's account, on the member's terminal.

Textual would do both for a user who asks: a clicked link goes to Python's `webbrowser`,
which with no display starts a console browser (`www-browser`, `w3m`, `lynx`, or
`$BROWSER`), and a screenshot, or any file the app "delivers", is saved to the
Downloads folder. In a served session a link is shown instead (its address as it will
be opened) and sent to the member's own terminal as a hyperlink (OSC 8), which their
terminal opens on their machine; the palette offers no screenshot, and a delivery is
refused. Run locally, all of it stays Textual's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import BinaryIO, Literal, TextIO
from urllib.parse import quote, urlsplit

from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen

from ..paths import served
from .text import visible

# What a member's terminal is sent as a link: web and mail addresses, not a file or a
# program on their machine. Terminals cap a link's length (VTE at 2,083 bytes).
LINK_SCHEMES = ("http", "https", "mailto")
MAX_LINK = 2048
# Kept as they are in a link; everything else (spaces, quotes, brackets, control codes,
# letters outside ASCII) is percent-encoded, so the address shown is the one opened, and
# nothing in it can end the hyperlink or reach the terminal as a control sequence.
KEPT_IN_LINK = ":/?#&=+;,@!$()*%~"
WRITES_FILES = ("Screenshot",)  # Textual's system commands that save a file
NOTHING_SAVED = "Nothing is saved on the server from a board opened over ssh"
REPORT_BY_SSH = "Sprint report: print it on your own computer"
REPORT_BY_SSH_HELP = "ssh HOST report > sprint-report.md · nothing is written on the server"
REPORT_BY_SSH_HOW = (
    "On your own computer, run\n  ssh HOST report > sprint-report.md\n"
    "(HOST: this board's server). A board opened over ssh writes no file on the server."
)


def link_target(url: str) -> str | None:
    """The address a member's terminal may be sent for `url`, or None: only a web or mail
    address, percent-encoded to printable ASCII without quotes or brackets."""
    target = quote(url.strip(), safe=KEPT_IN_LINK)
    parts = urlsplit(target)
    if parts.scheme.lower() not in LINK_SCHEMES or len(target) > MAX_LINK:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return target


class MemberSafeApp(App[None]):
    """Textual's App, less what a member's served session may not do on the server."""

    def __init__(self, css_path: list[str | PurePath]) -> None:
        super().__init__(css_path=css_path)
        self.served = served()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Textual's toast, its words drawn with control characters as pictures: a toast
        often quotes user text (a goal's title, a sprint's name)."""
        super().notify(
            visible(message), title=visible(title), severity=severity, timeout=timeout,
            markup=markup,
        )  # fmt: skip

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """A browser, locally; in a served session, the address, shown and sent."""
        if self.served:
            self.show_link(url)
        else:
            super().open_url(url, new_tab=new_tab)

    def show_link(self, url: str) -> None:
        """The link's address in a notification, as a hyperlink the member's terminal
        opens (ctrl+click or its own way) and that they can copy."""
        target = link_target(url)
        if target is None:
            self.notify(
                f"{visible(url)[:200]}\nOnly web and mail addresses are passed on.",
                title="Link not opened",
                severity="warning",
                timeout=15,
            )
            return
        # the markup is safe: `target` holds no quote, bracket or backslash
        super().notify(
            f"[link='{target}']{target}[/link]\nOpen it from your terminal (often ctrl+click).",
            title="Link",
            timeout=30,
            markup=True,
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterator[SystemCommand]:
        """Textual's palette commands, less those that save a file, in a served session."""
        for command in super().get_system_commands(screen):
            if not (self.served and command.title in WRITES_FILES):
                yield command

    def deliver_text(
        self,
        path_or_file: str | Path | TextIO,
        *,
        save_directory: str | Path | None = None,
        save_filename: str | None = None,
        open_method: Literal["browser", "download"] = "download",
        encoding: str | None = None,
        mime_type: str | None = None,
        name: str | None = None,
    ) -> str | None:
        """Saved to the Downloads folder, locally; refused in a served session."""
        if self.served:
            self.notify(NOTHING_SAVED, severity="warning")
            return None
        return super().deliver_text(
            path_or_file,
            save_directory=save_directory,
            save_filename=save_filename,
            open_method=open_method,
            encoding=encoding,
            mime_type=mime_type,
            name=name,
        )

    def deliver_binary(
        self,
        path_or_file: str | Path | BinaryIO,
        *,
        save_directory: str | Path | None = None,
        save_filename: str | None = None,
        open_method: Literal["browser", "download"] = "download",
        mime_type: str | None = None,
        name: str | None = None,
    ) -> str | None:
        """Saved to the Downloads folder, locally; refused in a served session."""
        if self.served:
            self.notify(NOTHING_SAVED, severity="warning")
            return None
        return super().deliver_binary(
            path_or_file,
            save_directory=save_directory,
            save_filename=save_filename,
            open_method=open_method,
            mime_type=mime_type,
            name=name,
        )

    def save_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str:
        """An SVG of the screen written to a file, locally; refused in a served session."""
        if self.served:
            raise PermissionError(NOTHING_SAVED)
        return super().save_screenshot(filename, path, time_format)
