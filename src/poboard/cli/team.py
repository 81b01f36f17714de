"""A board for a team: `init [--shared]`, `doctor`, and the members and their SSH keys."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import click

from ..contracts.members import member_json
from ..domain.errors import PoboardError
from ..paths import served
from ..services import sharing
from ..services.core import local_time
from ..services.sharing import MemberKey, examine, parse_keys
from .common import Session, board_of, echo, echo_json, json_option, warn


def _session(ctx: click.Context) -> Session:
    session = ctx.find_object(Session)
    assert session is not None, "main() creates the session"
    return session


@click.command()
@click.option(
    "--shared",
    is_flag=True,
    help="Read-write for the folder's group only (0660), as git's --shared=group.",
)
@click.pass_context
def init(ctx: click.Context, shared: bool) -> None:
    """Create a board at --db (or the default path); --shared makes it a team's on this host.

    A shared board and the files beside it are 0660: its group reads and writes it, no
    other account reads it. On an existing board, --shared makes it so (its owner only).
    """
    session = _session(ctx)
    path = session.db.expanduser()
    if path.exists() and not path.is_file():
        raise PoboardError(f"{path} is not a board file")
    if not path.exists():
        if shared:
            sharing.create_shared_board_file(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        board = session.board()
        if not shared:
            echo(f"created a board at {path}")
            return
        _share(path)
        board.members.record_sharing()
        echo(f"created a shared board at {path} ({_described(path)})")
        return
    board = session.board()  # refuses a file that is not a board, before any change
    if not shared:
        how = "shared" if board.members.sharing() else "private"
        echo(f"{path} is a board already ({how}); nothing changed")
        return
    info = path.stat()
    if info.st_uid != os.geteuid() and os.geteuid() != 0:
        owner = sharing.account_name(info.st_uid)
        how = sharing.init_command(path)
        raise PoboardError(f"only {owner}, who owns {path}, can share it: {owner} runs {how}")
    _share(path)
    changed = board.members.record_sharing()
    verb = "is now shared" if changed else "was shared already; its files are the group's"
    echo(f"{path} {verb} ({_described(path)})")


def _share(path: Path) -> None:
    for note in sharing.share(path):
        warn(note)


def _described(path: Path) -> str:
    info = path.stat()
    group = sharing.group_name(info.st_gid)
    return f"group {group}, mode {stat.S_IMODE(info.st_mode):04o}"


@click.command()
@click.pass_context
def doctor(ctx: click.Context) -> None:
    """Check the board file: one line a check, ✓ or ✗ with the fix. Changes nothing.

    Over `poboard serve`, only the board's own facts: no path, account or disk of the server.
    """
    failed = False
    for check in examine(_session(ctx).db, served=served()):
        echo(check.line())
        failed = failed or not check.ok
    ctx.exit(1 if failed else 0)


@click.group()
def member() -> None:
    """Team members, their SSH keys and web sign-in links (who may reach the board
    through `poboard serve`)."""


def _keys(values: tuple[str, ...]) -> list[MemberKey]:
    keys = []
    for value in values:
        path = Path(value).expanduser()
        if "\n" not in value and path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise PoboardError(f"cannot read the key file {path}: {error}") from None
            keys += parse_keys(text, source=str(path))
        else:
            keys += parse_keys(value)
    return keys


@member.command(name="add")
@click.argument("name")
@click.option(
    "--key",
    "key_values",
    multiple=True,
    help="A public key: a .pub file or the key text (repeatable).",
)
@click.option(
    "--role",
    type=click.Choice(["member", "stakeholder"]),
    default=None,
    help="member (the team, the default) or stakeholder (reads, and asks through requests).",
)
@click.pass_context
def member_add(
    ctx: click.Context, name: str, key_values: tuple[str, ...], role: str | None
) -> None:
    """Add a member with their SSH public keys, or more keys to a member. A stakeholder
    needs no key."""
    change = board_of(ctx).members.add_member(name, _keys(key_values), role)
    if change.created and not change.added:
        echo(f"added {role or 'member'} {name}")
    what = "added member" if change.created else "member"
    for key in change.added:
        echo(f"{what} {name}: key {key.type} {key.fingerprint}")
        what = "member"
    for key in change.already:
        echo(f"member {name} has key {key.fingerprint} already")


@member.command(name="role")
@click.argument("name")
@click.argument("role", type=click.Choice(["member", "stakeholder"]))
@click.pass_context
def member_role(ctx: click.Context, name: str, role: str) -> None:
    """Make a member one of the team (member) or a stakeholder, who reads the board and
    adds and follows requests but changes nothing else."""
    given = board_of(ctx).members.set_role(name, role)
    echo(f"{name} is a {given.value}")


@member.command(name="remove")
@click.argument("name")
@click.pass_context
def member_remove(ctx: click.Context, name: str) -> None:
    """Remove a member and their keys; their web sessions end at once."""
    gone = board_of(ctx).members.remove_member(name)
    echo(f"removed member {gone.name} ({len(gone.keys)} keys)")


@member.command(name="link")
@click.argument("name")
@click.option(
    "--url",
    envvar="POBOARD_WEB_URL",
    help="Where members reach `poboard serve --web`, e.g. https://board.example.com "
    "[default: where the server last said it listens, else http://127.0.0.1:8080].",
)
@click.pass_context
def member_link(ctx: click.Context, name: str, url: str | None) -> None:
    """Print a personal sign-in link for the web pages (alone on standard output): it
    works once, within 24 hours. Send it to the member privately; anyone holding it can
    sign in as them."""
    board = board_of(ctx)
    made = board.sign_ins.link(name)
    base = url or board.sign_ins.address() or "http://127.0.0.1:8080"
    echo(f"{base.rstrip('/')}/signin/{made.token}")
    until = local_time(made.expires_at, "%Y-%m-%d %H:%M")
    echo(f"for {name}: it signs in once, until {until}", err=True)


@member.command(name="logout")
@click.argument("name")
@click.pass_context
def member_logout(ctx: click.Context, name: str) -> None:
    """End a member's web sessions (and unused sign-in links) at once."""
    ended = board_of(ctx).sign_ins.logout(name)
    echo(f"signed {name} out of the web pages ({ended} sessions ended)")


@member.command(name="remove-key")
@click.argument("name")
@click.argument("fingerprint")
@click.pass_context
def member_remove_key(ctx: click.Context, name: str, fingerprint: str) -> None:
    """Remove one of a member's keys, by its fingerprint (member list shows them); their
    sessions opened with it end. To rotate a key, add the new one first."""
    key = board_of(ctx).members.remove_key(name, fingerprint)
    echo(f"removed key {key.fingerprint} from {name}")


@member.command(name="list")
@json_option
@click.pass_context
def member_list(ctx: click.Context, as_json: bool) -> None:
    """Members and the fingerprints of their keys."""
    members = board_of(ctx).members.all()
    if as_json:
        echo_json([member_json(m) for m in members])
        return
    if not members:
        echo("no members yet: poboard member add NAME --key KEY.pub")
        return
    width = max(len(m.name) for m in members)
    for m in members:
        if m.role != "member":
            echo(f"{m.name:<{width}}  {m.role}")
        for n, key in enumerate(m.keys):
            name = m.name if n == 0 and m.role == "member" else ""
            used = (
                f"last used {local_time(key.last_used_at, '%Y-%m-%d %H:%M')}"
                if key.last_used_at
                else "never used"
            )
            line = f"{name:<{width}}  {key.type:<20} {key.fingerprint}  {used:<26} {key.comment}"
            echo(line.rstrip())


COMMANDS = (init, doctor, member)
