"""The parts of the board service, one concern a module; `board.Board` joins them."""
