"""Every shape that leaves the process as JSON, defined once: the CLI's --json, the MCP tools, exports and the web pages use these and nothing else."""
