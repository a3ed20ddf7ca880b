"""Exercises: a drill incident run from an exercise file on its own clock, then scored.

A playbook nobody has rehearsed fails on the day. An exercise file says which playbook, the
scenario's story and a timeline of injects (public messages on each channel, rumour waves,
changes of situation) with the expectations the room is scored against. Injects enter through
the real channel parsers into a drill incident, so nothing reaches the public and nothing
counts in a real incident's figures.
"""
