"""Every answer carries a request id (the caller's X-Request-ID if it is plain, a new one
if not), and every push writes one structured log line with the request id, site, user,
client, the counts of each result and the time it took."""
from __future__ import annotations

import json
import logging

from ..conftest import check_args, children_of


def test_a_plain_request_id_is_echoed_and_a_strange_one_replaced(client):
    assert client.get("/healthz", headers={"X-Request-ID": "lb-42.7"}).headers[
        "X-Request-ID"] == "lb-42.7"
    made = client.get("/healthz", headers={"X-Request-ID": "x" * 65}).headers["X-Request-ID"]
    assert len(made) == 32 and made != "x" * 65
    assert client.get("/healthz").headers["X-Request-ID"] != made


def test_every_push_logs_one_line_with_ids_and_counts(client, login_as, caplog):
    phone = login_as("teacher1")
    kid = children_of(phone, phone.user["class_ids"][0])[0]
    good = phone.mutation("check.record", check_args(kid["id"]))
    bad = phone.mutation("check.record", check_args(kid["id"], temperature=50.0))
    phone.results([good])
    with caplog.at_level(logging.INFO, logger="sanguan.sync"):
        r = client.post("/api/sync/push", headers={**phone.headers, "X-Request-ID": "req-1"},
                        json={"client_id": phone.client_id, "schema": 1,
                              "mutations": [good, bad]})
    assert r.status_code == 200 and r.headers["X-Request-ID"] == "req-1"
    lines = [json.loads(rec.getMessage()) for rec in caplog.records
             if rec.getMessage().startswith('{"event":"push"')]
    assert len(lines) == 1
    line = lines[0]
    assert {k: line[k] for k in ("request_id", "user", "client", "mutations", "applied",
                                 "duplicate", "rejected")} == {
        "request_id": "req-1", "user": phone.user["id"], "client": phone.client_id,
        "mutations": 2, "applied": 0, "duplicate": 1, "rejected": 1}
    assert line["site"] == phone.user["site_id"] and line["ms"] >= line["apply_ms"] >= 0
