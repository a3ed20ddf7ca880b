"""``python -m crisisdesk`` = the ``crisisdesk`` command."""

import sys

from crisisdesk.cli import main

sys.exit(main())
