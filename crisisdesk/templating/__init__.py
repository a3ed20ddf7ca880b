"""The bounded Jinja sandbox that renders statements, replies and situation reports."""
