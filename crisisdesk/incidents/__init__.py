"""Incident lifecycle: open, change severity, close; checklist tasks and timers."""
