"""The Textual interface. Everything it changes goes through `poboard.board.Board`."""
