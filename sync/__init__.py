"""The reconciliation engine: framework-free, plain values in, plain results out.

Nothing in this package imports Flask (tests/test_layout.py
proves it); the server is a thin adapter around `apply_batch` and `pull`.
"""
from .engine import apply_batch, pull, record_changes
from .protocol import Actor, Batch, Change, Mutation, PullPage, Result
from .registry import Handler, Registry

__all__ = ["Actor", "Batch", "Change", "Handler", "Mutation", "PullPage", "Registry",
           "Result", "apply_batch", "pull", "record_changes"]
