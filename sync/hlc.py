"""Hybrid logical clock in the PROTOCOL.md format.

`001764057492345:00000:3f2c…`: physical milliseconds (15 digits), a counter (5 digits)
and the client id, joined by ':' so that string order is clock order and two equal
clocks break their tie by client id. pwa/hlc.js is the same algorithm; both are checked
against tests/vectors/sync_vectors.json.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

HLC_RE = re.compile(r"^(\d{15}):(\d{5}):([0-9A-Za-z-]{1,64})$")
MAX_COUNTER = 99999


class HLCFormatError(ValueError):
    """The string is not an hlc of the form ms:counter:node."""


@dataclass(frozen=True, order=True, slots=True)
class Timestamp:
    ms: int
    counter: int
    node: str
    # The clock as text, when it was parsed from it (the same text: its form is fixed).
    # Not an argument: a Timestamp made or replaced from its numbers formats its own.
    text: str = field(default="", init=False, compare=False, repr=False)

    def __str__(self) -> str:
        return self.text or f"{self.ms:015d}:{self.counter:05d}:{self.node}"


SERVER_NODE = "server"


def server_stamp(wall_ms: int) -> str:
    """The clock of an edit made on the server itself (the admin's pages), at `wall_ms`."""
    return str(Timestamp(wall_ms, 0, SERVER_NODE))


def parse(text: str) -> Timestamp:
    m = HLC_RE.match(text) if isinstance(text, str) else None
    if not m:
        raise HLCFormatError(f"not an hlc: {text!r}")
    stamp = Timestamp(int(m.group(1)), int(m.group(2)), m.group(3))
    whole = m.group(0)  # ($ lets a final newline through, outside the group)
    if whole.isascii():  # (\d matches other scripts' digits too)
        object.__setattr__(stamp, "text", whole)
    return stamp


class Clock:
    """One node's clock. `now()` for a local event, `receive()` for a remote stamp."""

    def __init__(self, node: str, last: Timestamp | None = None):
        self.node = node
        self.ms = last.ms if last else 0
        self.counter = last.counter if last else 0

    def now(self, wall_ms: int) -> Timestamp:
        if wall_ms > self.ms:
            self.ms, self.counter = wall_ms, 0
        else:
            self.counter += 1
        return self._stamp()

    def receive(self, remote: Timestamp, wall_ms: int) -> Timestamp:
        top = max(wall_ms, self.ms, remote.ms)
        if top == self.ms and top == remote.ms:
            self.counter = max(self.counter, remote.counter) + 1
        elif top == self.ms:
            self.counter += 1
        elif top == remote.ms:
            self.counter = remote.counter + 1
        else:
            self.counter = 0
        self.ms = top
        return self._stamp()

    def _stamp(self) -> Timestamp:
        if self.counter > MAX_COUNTER:
            # 100,000 events in one millisecond: move the clock on rather than wrap.
            self.ms, self.counter = self.ms + 1, 0
        return Timestamp(self.ms, self.counter, self.node)
