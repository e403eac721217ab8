"""The server's mutation handlers, one module per domain area, in one registry."""
from sync import Registry

registry = Registry()

from . import checks  # noqa: E402,F401  (registers its handlers)
