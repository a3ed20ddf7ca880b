"""CrisisDesk: the desktop application of a temporary municipal crisis media centre."""

__version__ = "0.1.0"
