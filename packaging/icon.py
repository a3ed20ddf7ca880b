"""The executable's .ico, drawn from the app's SVG icon with Qt at build time.

An .ico holds one picture per size; Windows picks 16 px for lists, 32/48 px for the
desktop and 256 px for large views. Each size is drawn from the SVG (so small sizes are
not blurry shrinks) and stored as PNG inside the .ico, which Windows Vista and later read.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "crisisdesk" / "resources" / "icons" / "app.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(svg: Path, size: int) -> bytes:
    """One square PNG of ``svg`` at ``size`` pixels, transparent background."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        render_png.app = QGuiApplication(["crisisdesk-icon"])  # type: ignore[attr-defined]
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes; Qt wants str
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """Pack PNG images into an ICO container (ICONDIR, one ICONDIRENTRY each, the data)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    entries = b""
    body = b""
    offset = 6 + 16 * len(pngs)
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(body))
        body += png
    return header + entries + body


def write_ico(out: Path, svg: Path = SVG, sizes: tuple[int, ...] = SIZES) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(ico_bytes({size: render_png(svg, size) for size in sizes}))
    return out


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "crisisdesk.ico"
    print(write_ico(target))
