"""SQLite: the schema (migrated through sqlite-utils), queries and events. The only place
in poboard that writes SQL."""
