"""The decision log: the service that appends and reads it, and its verification."""
