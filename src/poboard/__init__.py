"""poboard: a terminal sprint board for product owners and their teams.

Importing poboard, or any of its modules, changes nothing in the interpreter: what the
console script does to its own process is in `run` alone."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__version__ = "0.1.0"


def run() -> None:
    """The `poboard` console script and `python -m poboard`: the commands (`cli.main`),
    in a process of its own, set up for a short-lived command line tool. Measured on
    `poboard show 37` of the demo board, median of 15 runs each:

    - library warnings are not shown (`quiet_third_party_warnings`);
    - the collector waits while the commands' modules load (`loading`): 128 → 123 ms;
    - a command that has done its work, its board closed, ends without the interpreter's
      teardown, which unloads every module and object the imports made (`end_now`):
      131 → 123 ms.
    """
    quiet_third_party_warnings()
    with loading():
        from .cli import main

    try:
        main(prog_name="poboard")
    except SystemExit as done:
        if main.ended_command:
            end_now(done.code)
        raise


@contextmanager
def loading() -> Iterator[None]:
    """Python's collector waits while modules load: they make hundreds of thousands of
    objects and no garbage, and its sweeps over them cost ~5 ms of each command, and as
    much again of the board's first paint as Textual loads (`cli.open_tui`). The
    collector is left as it was found."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def quiet_third_party_warnings() -> None:
    """Warnings that libraries raise for their developers (cryptography's DSA deprecation,
    raised as asyncssh loads) are not for poboard's users: the console script shows
    none but poboard's own, unless asked for with `python -W` or PYTHONWARNINGS."""
    import sys
    import warnings

    if not sys.warnoptions:
        warnings.simplefilter("ignore")
        warnings.filterwarnings("default", module=r"poboard(\.|$)")


def end_now(code: object) -> None:
    """End the process at once with this exit code (as `sys.exit` takes it), once what
    it wrote is flushed. Its board is closed already (the command's context closed it
    as it ended), and nothing runs at exit that a command needs."""
    import os
    import sys

    if isinstance(code, str):
        print(code, file=sys.stderr)
    status = code if isinstance(code, int) else int(code is not None)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # the reader went away (`| head`): nothing more to say
        status = status or 1
    os._exit(status)
