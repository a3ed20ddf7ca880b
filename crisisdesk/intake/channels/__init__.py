"""Channel parsers: each turns one source's files or payloads into ``IncomingMessage`` rows."""
