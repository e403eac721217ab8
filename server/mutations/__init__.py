"""The server's mutation handlers, one module per domain area, in one registry."""
from sync import Registry

registry = Registry()

from . import checks, disinfection, gate, hazards, health, routines, zones  # noqa: E402,F401  (each registers its handlers)
