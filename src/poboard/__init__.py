"""poboard: a terminal sprint board for product owners and their teams.

Importing poboard, or any of its modules, changes nothing in the interpreter: what the
console script does to its own process is in `run` alone."""

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
    from .process import end_now, loading, quiet_third_party_warnings

    quiet_third_party_warnings()
    with loading():
        from .cli import main

    try:
        main(prog_name="poboard")
    except SystemExit as done:
        if main.ended_command:
            end_now(done.code)
        raise
