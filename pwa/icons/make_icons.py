"""Draws the app icons (三: three white bars on the theme colour) as PNG files.

Run from anywhere: python3 pwa/icons/make_icons.py. Standard library only. "any" icons
have rounded corners; "maskable" ones fill the square and keep the bars inside the
central safe circle (radius 40%), as the maskable-icon rule asks.
"""
import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
THEME = (0x0B, 0x4F, 0x6C)
WHITE = (0xFF, 0xFF, 0xFF)
# 三's strokes as (top, half width) in units of the glyph box: short, shorter, longest.
BARS = [(0.08, 0.36), (0.44, 0.28), (0.80, 0.46)]
BAR_HEIGHT = 0.14


def pixel(x: float, y: float, size: int, maskable: bool):
    """Colour at (x, y): theme background, white bars, transparent outside the corners."""
    if not maskable:
        r, edge = size * 0.18, size - 1
        cx = min(max(x, r), edge - r)
        cy = min(max(y, r), edge - r)
        if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
            return (0, 0, 0, 0)
    box = size * (0.44 if maskable else 0.6)
    gx, gy = (x - size / 2) / box, (y - (size - box) / 2) / box
    for top, half in BARS:
        if top <= gy <= top + BAR_HEIGHT and abs(gx) <= half:
            return WHITE + (255,)
    return THEME + (255,)


def png(size: int, maskable: bool) -> bytes:
    rows = b"".join(b"\0" + bytes(c for x in range(size) for c in pixel(x, y, size, maskable))
                    for y in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    for size in (192, 512):
        (HERE / f"icon-{size}.png").write_bytes(png(size, maskable=False))
        (HERE / f"maskable-{size}.png").write_bytes(png(size, maskable=True))
