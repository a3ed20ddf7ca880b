"""Light and dark looks: a QPalette for the colours plus a small QSS for named widgets."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from crisisdesk.ui.resources import FONTS, stylesheet

# Fonts that shape Arabic well, best first: Windows' own, then the bundled or Noto ones.
FONT_FAMILIES = [
    "Segoe UI",
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Naskh Arabic",
    "DejaVu Sans",
    "Tahoma",
]


def load_fonts() -> None:
    """Register the fonts shipped in ``resources/fonts`` (if any) before choosing one."""
    if FONTS.is_dir():
        for path in sorted(FONTS.glob("*.[ot]tf")):
            QFontDatabase.addApplicationFont(str(path))


def app_font() -> QFont:
    available = set(QFontDatabase.families())
    families = [f for f in FONT_FAMILIES if f in available]
    font = QFont(QApplication.font())
    if families:
        font.setFamilies(families)
    font.setPointSizeF(10.0)
    return font


def palette(theme: str) -> QPalette:
    R = QPalette.ColorRole
    p = QPalette()
    if theme == "dark":
        colours = {
            R.Window: "#1f2423",
            R.WindowText: "#e6eceb",
            R.Base: "#161b1a",
            R.AlternateBase: "#232a29",
            R.Text: "#e6eceb",
            R.Button: "#2a3231",
            R.ButtonText: "#e6eceb",
            R.Highlight: "#2f8f86",
            R.HighlightedText: "#ffffff",
            R.ToolTipBase: "#2a3231",
            R.ToolTipText: "#e6eceb",
            R.PlaceholderText: "#8a9796",
            R.Link: "#7cc4bd",
            R.BrightText: "#ff8a80",
        }
    else:
        colours = {
            R.Window: "#f6f8f8",
            R.WindowText: "#1d2b2a",
            R.Base: "#ffffff",
            R.AlternateBase: "#f0f4f3",
            R.Text: "#1d2b2a",
            R.Button: "#eef2f1",
            R.ButtonText: "#1d2b2a",
            R.Highlight: "#0b5d57",
            R.HighlightedText: "#ffffff",
            R.ToolTipBase: "#ffffe8",
            R.ToolTipText: "#1d2b2a",
            R.PlaceholderText: "#6b7b7a",
            R.Link: "#0b5d57",
            R.BrightText: "#b3261e",
        }
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    disabled = QColor("#6b7280") if theme == "dark" else QColor("#9aa3a2")
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


STYLE = "Fusion"
_STYLE_SET = "crisisdeskStyle"


def application(argv0: str = "crisisdesk") -> QApplication:
    """The running QApplication, or a new one in our style. The style is chosen on the Qt
    command line, so Qt never hands a style object to Python: wrapping one costs about
    10 ms of the start."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication([argv0, "-style", STYLE])
    app.setProperty(_STYLE_SET, STYLE)
    return app


def apply_theme(app: QApplication, theme: str) -> None:
    """Switch the whole application between the light and dark looks."""
    if app.property(_STYLE_SET) != STYLE:
        app.setStyle(STYLE)
        app.setProperty(_STYLE_SET, STYLE)
    app.setPalette(palette(theme))
    app.setStyleSheet(stylesheet(theme))
