"""poboard: a terminal sprint board for product owners and their teams.

Importing poboard, or any of its modules, changes nothing in the interpreter: what the
console script does to its own process is in `run` alone."""

__version__ = "0.1.0"


def run() -> None:
    """The `poboard` console script and `python -m poboard`: the commands (`cli.main`),
    in a process of its own, which it sets up for a short-lived command line tool. Each
    step's gain is measured with `benchmarks/terminal.py` (a command's wall time; the
    start to the first painted board):

    - library warnings are not shown (`quiet_third_party_warnings`);
    - pydantic looks for no plugins: poboard uses none, and looking scans the entry
      points of every installed package when the first validator is built (~4 ms of
      each command);
    - the collector waits while the modules load: they make hundreds of thousands of
      objects and no garbage, and its sweeps over them cost ~10 ms of each command; what
      they made is then frozen out of its later sweeps;
    - a command that has done its work, its board closed, ends without the interpreter's
      teardown, which unloads every module and object the imports made (`end_now`).
    """
    import gc
    import os

    quiet_third_party_warnings()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    gc.disable()
    from .cli import main

    gc.freeze()
    gc.enable()
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
