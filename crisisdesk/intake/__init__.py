"""Public interactions coming in: channel parsers, live connectors and the HTTP client."""
