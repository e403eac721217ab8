"""The CJK font the PDFs embed: Noto Sans SC from the npm package
@expo-google-fonts/noto-sans-sc (TrueType glyf outlines, which fpdf2 embeds and subsets).

The full font is 10 MB and 30,000 glyphs: fpdf2 takes most of a second just to open it.
So the first PDF a server makes derives a working copy, once, holding the characters of
GB2312 (every common hanzi and the form symbols √ × ○ ℃) — 2 MB, opened in a tenth of
that. A document holding a character outside it (a rare name) is set in the full font
instead, so nothing ever prints as a box."""
from __future__ import annotations

import hashlib
import logging
import os
import threading
from functools import cache
from pathlib import Path

from ..config import INSTANCE, ROOT

PACKAGE = ROOT / "node_modules" / "@expo-google-fonts" / "noto-sans-sc"
FULL = PACKAGE / "400Regular" / "NotoSansSC_400Regular.ttf"
FOLDER = INSTANCE / "fonts"
_lock = threading.Lock()
# fontTools logs each table it prunes, at INFO, for every PDF (fpdf2 subsets on output).
logging.getLogger("fontTools").setLevel(logging.WARNING)


class FontMissing(RuntimeError):
    """The font package is not installed: run `npm ci` (make install does)."""


def _working_set() -> set[int]:
    """Printable ASCII and Latin-1, punctuation, arrows, circled numbers, shapes, CJK
    punctuation, full-width forms, and every character of GB2312."""
    chars = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    for lo, hi in ((0x2000, 0x2070), (0x2100, 0x2200), (0x2460, 0x2500), (0x25A0, 0x2600),
                   (0x3000, 0x3040), (0xFF00, 0xFF70)):
        chars |= set(range(lo, hi))
    for b1 in range(0xA1, 0xF8):
        for b2 in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((b1, b2)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


@cache
def _stamp() -> str:
    if not FULL.exists():
        raise FontMissing(f"{FULL} is missing: install the npm packages (make install)")
    stat = FULL.stat()
    return hashlib.sha256(f"{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:12]


def working_font() -> Path:
    """The GB2312 working copy, derived from the package's font on first use (atomic:
    a half-written file is never read)."""
    path = FOLDER / f"NotoSansSC-gb2312-{_stamp()}.ttf"
    if path.exists():
        return path
    with _lock:
        if path.exists():
            return path
        from fontTools import subset
        from fontTools.ttLib import TTFont
        FOLDER.mkdir(parents=True, exist_ok=True)
        font = TTFont(FULL, lazy=True, recalcTimestamp=False)
        options = subset.Options()
        options.layout_features, options.hinting, options.notdef_outline = [], False, True
        options.name_IDs = ["*"]
        sub = subset.Subsetter(options)
        sub.populate(unicodes=_working_set())
        sub.subset(font)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        font.save(tmp)
        tmp.replace(path)
    return path


@cache
def working_chars() -> frozenset[int]:
    from fontTools.ttLib import TTFont
    return frozenset(TTFont(working_font(), lazy=True).getBestCmap())


def needs_full(text: str) -> bool:
    """Whether `text` holds a character the working copy lacks."""
    have = working_chars()
    return any(ord(ch) not in have for ch in text if not ch.isspace())
