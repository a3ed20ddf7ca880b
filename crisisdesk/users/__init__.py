"""Users, roles, passwords and the one permission table."""
