"""poboard for assistants: the `poboard mcp` server (Model Context Protocol) over `Board`.

`answers` says what each tool does with plain calls on the board and needs no SDK;
`server` declares the tools with the official `mcp` SDK, an optional extra, so only it
(and only when `poboard mcp` runs) imports the SDK.
"""
