"""The desktop shell (PySide6). Calls the core through `Desk`; never SQL or core internals.

Only this package and `crisisdesk.cli.gui` import Qt; the core stays headless.
"""

from crisisdesk.ui import pyside_fixes as _pyside_fixes

_pyside_fixes.apply()
