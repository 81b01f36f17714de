"""`python -m poboard`: the same command as the `poboard` console script."""

from . import run

run()
