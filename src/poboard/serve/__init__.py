"""`poboard serve --ssh`: one board for a team, reached with SSH keys and no shell.

The server runs under the one account that owns the board. A member's key is their
identity; each session is its own poboard process (the TUI on its own PTY, or one
command), so one crash or a slow screen never touches another session.
"""
