"""A short school morning in the tests: 20 phones at two schools push a night's outbox
at once and pull; the database then holds exactly what was sent."""
from __future__ import annotations

from bench import morning

from .conftest import SITES


def test_twenty_phones_at_once_store_every_check_once_with_gap_free_feeds(served):
    server, url = served
    m = morning.morning(server.url, SITES[:2], phones_per_site=10, per_phone=50)
    totals = morning.verify(url, m)  # also: each phone sees exactly its class's checks
    assert totals == {"mutations": 1000, "applied once": 1000, "checks stored": 1000,
                      "sites gap-free": 2}
    assert [f for p in m.phones for f in p.failures] == []
    assert all(p.resets == 0 for p in m.phones)
