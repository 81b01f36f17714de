"""`python -m poboard`: the same command as the `poboard` console script."""

from .cli import main

main(prog_name="poboard")
