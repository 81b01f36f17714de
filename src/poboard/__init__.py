"""poboard: a terminal sprint board for product owners and their teams."""

__version__ = "0.1.0"


def run() -> None:
    """The `poboard` console script and `python -m poboard`.

    The collector waits while the modules load: they make hundreds of thousands of
    objects and no garbage, and its sweeps over them cost ~20 ms of each command and
    ~40 ms of the board's first paint. A command turns it back on as its work starts
    (`cli.main`); the board, once its first screen is painted (`PoboardApp.settle`).
    """
    import gc

    gc.disable()
    from .cli import main

    main(prog_name="poboard")
