"""Code run as a test account: keep a board open, and answer one line per command.

`titles` prints the item titles; `poll` polls data_version (as the TUI does) first;
`add TEXT` adds an item. Prints `ready` once the board is open.
"""

HOLDER = r"""
import sys
from poboard.board import Board
board = Board.open(sys.argv[1])
print("ready", board.read_only, flush=True)
for line in sys.stdin:
    word, _, rest = line.strip().partition(" ")
    if word == "poll":
        board.data_version()
    if word == "add":
        board.items.add(rest)
    print("|".join(i.title for i in board.items.all()), board.read_only, flush=True)
board.close()
"""
