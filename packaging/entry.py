"""The frozen executables' entry point: the same ``crisisdesk`` command line.

With no arguments it opens the desktop app, as the installed Start-menu shortcut does.
"""

import multiprocessing
import sys

from crisisdesk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
