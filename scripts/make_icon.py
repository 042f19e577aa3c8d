"""Draw the app icon with QPainter: desktop/resources/app.png (256 px) and app.ico (16-256 px).

Run once after changing the drawing: `python scripts/make_icon.py`; commit both files.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt  # noqa: TID251
from PySide6.QtGui import (  # noqa: TID251
    QColor,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
)

OUT = Path(__file__).resolve().parents[1] / "desktop" / "resources"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int) -> QImage:
    """A blue tile, a white ledger page with rows, and a green check mark."""
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    s = size / 256
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1565c0"))
    p.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 44 * s, 44 * s)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(60 * s, 40 * s, 136 * s, 176 * s), 12 * s, 12 * s)
    p.setBrush(QColor("#90caf9"))
    for i in range(4):
        p.drawRect(QRectF(80 * s, (72 + 30 * i) * s, 96 * s, 10 * s))
    check = QPainterPath(QPointF(104 * s, 168 * s))
    check.lineTo(QPointF(140 * s, 204 * s))
    check.lineTo(QPointF(216 * s, 120 * s))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(
        QPen(
            QColor("#2e7d32"),
            26 * s,
            Qt.PenStyle.SolidLine,
            Qt.PenCapStyle.RoundCap,
            Qt.PenJoinStyle.RoundJoin,
        )
    )
    p.drawPath(check)
    p.end()
    return img


def png_bytes(img: QImage) -> bytes:
    """The image encoded as PNG."""
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(data.data())


def ico_bytes(images: list[bytes], sizes: tuple[int, ...]) -> bytes:
    """An .ico holding PNG-encoded images (Windows Vista and later read these)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in zip(sizes, images, strict=True):
        dim = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def main() -> int:
    """Write app.png and app.ico."""
    _app = QGuiApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(OUT / "app.png"))
    (OUT / "app.ico").write_bytes(ico_bytes([png_bytes(draw(n)) for n in SIZES], SIZES))
    print(OUT / "app.png", OUT / "app.ico")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
