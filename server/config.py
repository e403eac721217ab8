"""Configuration from the environment, with defaults that run out of the box."""
import os
from pathlib import Path

from . import jsonio

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


def _csv(name: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, "").split(",") if v.strip()]


class Config:
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE / 'sanguan.db'}"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "json_serializer": jsonio.dumps,
                                 "json_deserializer": jsonio.loads}
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-change-me")
    CORS_ORIGINS = _csv("CORS_ORIGINS")
    # A push of 500 mutations is well under 1 MiB; refuse anything far larger unread.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 4 * 1024 * 1024))
    MAX_BATCH = 500
    PULL_LIMIT_MAX = 5000
    # Schema versions of the push body the server accepts: the current one and, after an
    # upgrade, the previous one, so an app update never strands a queued outbox.
    SUPPORTED_SCHEMAS = (1,)
    # Dated records older than this many days are not sent to phones.
    PULL_WINDOW_DAYS = int(os.environ.get("PULL_WINDOW_DAYS", 35))
    LOGIN_MAX_FAILURES = 5          # per account, in the window below
    LOGIN_MAX_FAILURES_ADDRESS = 30  # per remote address
    LOGIN_WINDOW_SECONDS = 15 * 60
    # Load and fault tests sign in hundreds of phones: they may ask for a cheaper hash.
    PASSWORD_HASH_METHOD = os.environ.get("PASSWORD_HASH_METHOD", "scrypt")
    BLOB_DIR = Path(os.environ.get("BLOB_DIR") or INSTANCE / "blobs")
    BLOB_MAX_BYTES = 4 * 1024 * 1024  # a photo shrunk on the phone is well under
    PWA_DIR = Path(os.environ.get("SANGUAN_PWA_DIR") or ROOT / "pwa")
    NODE_MODULES = ROOT / "node_modules"


class TestConfig(Config):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    # Still a real salted hash, only cheaper: tests sign in hundreds of times.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
