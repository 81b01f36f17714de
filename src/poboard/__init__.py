"""poboard: a terminal sprint board for product owners and their teams."""

__version__ = "0.1.0"


def run() -> None:
    """The `poboard` console script and `python -m poboard`.

    The collector waits while the modules load: they make hundreds of thousands of
    objects and no garbage, and its sweeps over them cost ~20 ms of each command and
    ~40 ms of the board's first paint. A command turns it back on as its work starts
    (`cli.main`); the board, once its first screen is painted (`PoboardApp.settle`).

    A command that has done its work ends without the interpreter's teardown, which
    unloads every module and object the imports made (~30 ms of each command).
    """
    import gc
    import sys

    quiet_third_party_warnings()
    gc.disable()
    from .launch import open_board_directly

    if open_board_directly(sys.argv[1:]):
        return
    from .cli import main

    try:
        main(prog_name="poboard")
    except SystemExit as done:
        if main.ended_command:
            end_now(done.code)
        raise


def quiet_third_party_warnings() -> None:
    """Warnings that libraries raise for their developers (cryptography's DSA deprecation,
    raised as asyncssh loads) are not for poboard's users: the console script shows none,
    unless asked for with `python -W` or PYTHONWARNINGS."""
    import sys
    import warnings

    if not sys.warnoptions:
        warnings.simplefilter("ignore")


def end_now(code: object) -> None:
    """End the process at once with this exit code (as `sys.exit` takes it), once what
    it wrote is flushed. Its board is closed already, and nothing runs at exit that a
    command needs."""
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
