"""What the `poboard` console script (`poboard.run`) does to its own process, and only
it: no warnings meant for libraries' developers, no collector sweeps while modules load,
no interpreter teardown after a command that has done its work. Nothing here runs as
the module is imported."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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
