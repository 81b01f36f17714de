"""What a member may run with `ssh HOST CMD ARGS...`: one poboard command, split as a
POSIX shell splits words, run by no shell. The server says which board and the key
says who: `--user` and `--db` are refused, and so is anything that reads or writes
the server's own files."""

from __future__ import annotations

import shlex
from collections.abc import Collection

OWN_OPTIONS = ("--user", "--db")
FILE_OPTIONS = ("-o", "--output")
NOT_SERVED = {
    "serve": "serve runs on the server itself",
    "init": "init is for the board's owner, on the server",
    "backup": "backup writes files on the server; its owner runs it there",
    "import": "import reads files on the server; its owner runs it there",
}
MAX_LINE_BYTES = 64 * 1024  # far below what one argument may be (128 KiB on Linux)
GLOBAL_FLAGS = ("--json", "--help", "-h", "--version")
SHELL_WORDS = {";", "&", "&&", "|", "||", ">", ">>", "<", "<<", "2>", "2>&1", "`"}


class CommandRefused(Exception):
    """A command line a member may not run; the message is the one line they see."""


def command_argv(line: str, commands: Collection[str]) -> list[str]:
    """The poboard arguments for an SSH command line, or CommandRefused saying why not."""
    size = len(line.encode("utf-8", "surrogateescape"))
    if size > MAX_LINE_BYTES:
        raise CommandRefused(
            f"that command line is too long ({size} bytes; at most {MAX_LINE_BYTES // 1024} KiB)"
        )
    try:
        args = shlex.split(line)
    except ValueError as error:
        raise CommandRefused(f"cannot read that command line: {error}") from None
    if not args:
        raise CommandRefused("no command: give one (ssh HOST list), or use ssh -t for the board")
    for arg in args:
        name = arg.split("=", 1)[0]
        if name in OWN_OPTIONS:
            raise CommandRefused(
                f"{name} is not taken over ssh: your key says who you are, the server which board"
            )
        if name in FILE_OPTIONS or (arg.startswith("-o") and not arg.startswith("--")):
            raise CommandRefused("-o/--output writes files on the server; read standard output")
        if arg in SHELL_WORDS or arg.startswith(("$(", "`")):
            raise CommandRefused(f"{arg!r}: there is no shell here, only poboard's commands")
    position = 0
    while position < len(args) and args[position] in GLOBAL_FLAGS:
        position += 1
    if position == len(args):
        return args
    command = args[position]
    if command in NOT_SERVED:
        raise CommandRefused(NOT_SERVED[command])
    if command not in commands:
        raise CommandRefused(
            f"{command!r} is not a poboard command; there is no shell here "
            "(ssh HOST --help lists the commands)"
        )
    if command == "member":
        _member_keys_as_text(args[position + 1 :])
    return args


def _member_keys_as_text(args: list[str]) -> None:
    """`member add --key` takes the key text over ssh: a path would name a server file."""
    for n, arg in enumerate(args):
        value = None
        if arg == "--key" and n + 1 < len(args):
            value = args[n + 1]
        elif arg.startswith("--key="):
            value = arg.split("=", 1)[1]
        if value is not None and len(value.split()) < 2:
            raise CommandRefused(
                'over ssh, --key takes the key text ("$(cat key.pub)"), not a file name'
            )
