"""The server commits a push but its answer never reaches the phone: the phone sends the
same mutations again, the server answers `duplicate`, and nothing is counted twice."""
from collections import Counter

from .app import backoff_cap, children, expect_waiting, mark, mutation_log, open_app, sign_in
from .harness import server_checks


def test_a_push_whose_reply_is_lost_is_retried_and_answered_duplicate(live, proxy, phone, db_file):
    page = open_app(phone(), proxy.url)
    backoff_cap(page)
    sign_in(page, "teacher1")
    proxy.block_pushes = True
    kids = [k for k, _ in children(page)][:3]
    for child_id in kids:
        mark(page, child_id)
    expect_waiting(page, 3)

    proxy.drop_push_replies = 1
    proxy.block_pushes = False
    expect_waiting(page, 0)

    # The first push to get through is the one whose answer was lost. Most often it holds
    # all three; a push made while pushes were refused may still reach the proxy after
    # (it waited on a kept-alive connection) and hold only the first tap.
    first, retry = [p for p in proxy.pushes if p[0]["mutations"]][:2]
    ids = [m["id"] for m in first[0]["mutations"]]
    assert ids and [r["status"] for r in first[2]["results"]] == ["applied"] * len(ids)  # committed, then lost
    assert [m["id"] for m in retry[0]["mutations"]] == ids  # the same mutations, the same ids
    assert [r["status"] for r in retry[2]["results"]] == ["duplicate"] * len(ids)
    assert Counter(s for i, s, _ in mutation_log(db_file) if s == "applied") == {"applied": 3}
    assert sorted(c["child_id"] for c in server_checks(live.url)) == sorted(kids)
