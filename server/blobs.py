"""Photos, content-addressed by SHA-256, behind a small storage interface so an object
store can replace the folder under instance/."""
from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path
from typing import Protocol

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


class BlobRejected(ValueError):
    """The upload is not a photo this server keeps."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class Storage(Protocol):
    def put(self, sha256: str, data: bytes) -> None: ...
    def get(self, sha256: str) -> bytes | None: ...
    def exists(self, sha256: str) -> bool: ...
    def delete(self, sha256: str) -> None: ...


class FolderStorage:
    """Files at <root>/ab/cd/<sha256>, written to a temporary name and renamed, so a
    reader never sees half a photo and a retried upload changes nothing."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, sha256: str, data: bytes) -> None:
        path = self._path(sha256)
        if path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".up-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)

    def get(self, sha256: str) -> bytes | None:
        path = self._path(sha256)
        return path.read_bytes() if path.exists() else None

    def exists(self, sha256: str) -> bool:
        return self._path(sha256).exists()

    def delete(self, sha256: str) -> None:
        self._path(sha256).unlink(missing_ok=True)


def check(sha256: str, data: bytes, max_bytes: int = MAX_BYTES) -> str:
    """The image's MIME type, if the bytes are what the name says and a photo."""
    if len(data) > max_bytes:
        raise BlobRejected("too_large", f"a photo may be at most {max_bytes // (1024 * 1024)} MiB")
    if hashlib.sha256(data).hexdigest() != sha256:
        raise BlobRejected("hash_mismatch", "the bytes do not match their SHA-256: upload again")
    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt = img.format
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise BlobRejected("not_an_image", "this is not a JPEG, PNG or WebP photo") from None
    if fmt not in MIME:
        raise BlobRejected("not_an_image", f"{fmt} photos are not kept; use JPEG")
    return MIME[fmt]
