"""SQLite persistence through sqlite-utils: the only place in poboard that writes SQL."""
