"""The executable's .ico: every size drawn from the SVG, in a container Windows reads."""

from __future__ import annotations

import struct
from pathlib import Path
from types import ModuleType

from PySide6.QtGui import QImage, QImageReader
from PySide6.QtWidgets import QApplication


def read_directory(data: bytes) -> list[tuple[int, int, int, int]]:
    """(width, height, size, offset) of each ICONDIRENTRY."""
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1)
    entries = []
    for index in range(count):
        width, height, _, _, planes, bits, size, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        assert (planes, bits) == (1, 32)
        entries.append((width or 256, height or 256, size, offset))
    return entries


def test_ico_container_layout(icon: ModuleType) -> None:
    data = icon.ico_bytes({16: b"\x89PNG-16", 256: b"\x89PNG-256-big"})
    entries = read_directory(data)
    assert [(w, h) for w, h, _, _ in entries] == [(16, 16), (256, 256)]
    for (_, _, size, offset), png in zip(entries, (b"\x89PNG-16", b"\x89PNG-256-big"), strict=True):
        assert data[offset : offset + size] == png


def test_the_app_icon_is_drawn_at_every_size(
    icon: ModuleType, qapp: QApplication, tmp_path: Path
) -> None:
    out = icon.write_ico(tmp_path / "crisisdesk.ico")
    data = out.read_bytes()
    entries = read_directory(data)
    assert sorted(w for w, _, _, _ in entries) == sorted(icon.SIZES)
    for width, _, size, offset in entries:
        image = QImage.fromData(data[offset : offset + size], "PNG")
        assert image.width() == width and image.height() == width
        assert image.hasAlphaChannel()
        centre = image.pixelColor(width // 2, width // 2)
        assert centre.alpha() > 0, f"the {width}px icon is empty in the middle"
    reader = QImageReader(str(out))  # Qt's own .ico reader agrees
    assert reader.imageCount() == len(icon.SIZES)
