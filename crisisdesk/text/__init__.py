"""Text handling shared by every channel and view: search normalisation, safe display, dates."""
