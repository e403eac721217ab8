"""Push and pull (PROTOCOL.md): parse, authenticate, hand to sync/, serialise."""
from __future__ import annotations

import logging
import time

from flask import Blueprint, Response, current_app, g, jsonify, request

from sync import Batch, Mutation, apply_batch, pull as pull_changes
from sync.engine import log_discarded, logged_for_others
from sync.engine import utcnow
from sync.validation import loader

from ..auth import login_required
from ..errors import APIError
from ..extensions import db
from ..feed import ENTITIES, scope_for
from ..jsonio import dumps_bytes
from ..models import Site
from ..security import log_event
from ..mutations import registry
from ..schemas import (DiscardSchema, PullQuery, PullResponse, PushResponse, PushSchema,
                       canonical_uuid, discard_schema, pull_query, push_schema)
from .meta import documented
from .util import json_body

bp = Blueprint("sync", __name__, url_prefix="/api/sync")
log = logging.getLogger("sanguan.sync")


@bp.post("/push")
@documented(body=PushSchema, response=PushResponse)
@login_required
def push():
    """Apply the phone's outbox: one transaction, one result per mutation."""
    body = json_body()
    mutations = body.get("mutations")
    limit = current_app.config["MAX_BATCH"]
    if isinstance(mutations, list) and len(mutations) > limit:
        raise APIError(413, "batch_too_large",
                       f"at most {limit} mutations a push; nothing was applied")
    data = loader(push_schema)(body)  # push_schema.load, faster for what is valid
    if data["schema"] not in current_app.config["SUPPORTED_SCHEMAS"]:
        raise APIError(400, "unsupported_schema",
                       f"schema {data['schema']} is not supported by this server")
    batch = Batch(client_id=data["client_id"], schema=data["schema"],
                  app_version=data["app_version"], sent_at=data["sent_at"],
                  outbox=data["outbox"],
                  mutations=tuple(Mutation(canonical_uuid(m["id"]), m["name"], m["hlc"],
                                           m["device_time"], m["args"])
                                  for m in data["mutations"]))
    actor = g.actor
    if batch.client_id != actor.client_id:
        # A shared phone pushes each person's work with that person's token; the token
        # names the device it was issued to, and the push must come from it.
        raise APIError(403, "wrong_client", "this token belongs to another device")
    db.session.commit()  # end the auth reads: the push transaction starts with its lock
    started = time.perf_counter()
    results = apply_batch(db.session, actor, batch, registry)
    db.session.commit()
    counts = {s: 0 for s in ("applied", "duplicate", "rejected")}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    log_event(log, "push", site=actor.site_id, user=actor.user_id, client=batch.client_id,
              mutations=len(results), **counts,
              ms=round((time.perf_counter() - g.started) * 1000, 1),
              apply_ms=round((time.perf_counter() - started) * 1000, 1))
    for m, r in zip(batch.mutations, results):
        if r.status == "rejected":
            log.warning("rejected site=%s user=%s client=%s mutation=%s name=%s code=%s: %s",
                        actor.site_id, actor.user_id, batch.client_id, m.id, m.name,
                        r.code, r.message)
    answers = [r.as_dict() for r in results]
    for answer, m in zip(answers, data["mutations"]):
        answer["id"] = m["id"]  # the phone finds its outbox entry by its own spelling
    return jsonify({"results": answers,
                    "server_time": utcnow().isoformat(timespec="milliseconds")})


# Where the next page starts, in a pull answer's headers as in its body (README).
PAGE_HEADERS = {
    "Sync-Cursor": "the answer's cursor: the next page is asked for from it",
    "Sync-Has-More": "1 while more pages follow, else 0",
    "Sync-Reset": "1 on a reset (then neither of the others): pull again from 0",
}


@bp.get("/pull")
@documented(query=PullQuery, response=PullResponse, headers=PAGE_HEADERS)
@login_required
def pull():
    """The changes after a cursor that this user may see, in pages."""
    args = pull_query.load(request.args)
    actor = g.actor
    site = db.session.get(Site, actor.site_id)
    scope = scope_for(actor, site.timezone, current_app.config["PULL_WINDOW_DAYS"])
    page = pull_changes(db.session, actor, args["cursor"], args["limit"], scope, ENTITIES,
                        outbox=args["outbox"], raw=True)
    db.session.commit()
    # The records' JSON texts spliced in as they are stored (orjson.Fragment).
    body = Response(dumps_bytes(page.as_dict()), mimetype="application/json",
                    headers=page_headers(page))
    log_event(log, "pull", site=actor.site_id, user=actor.user_id, client=actor.client_id,
              cursor=args["cursor"], changes=len(page.changes), reset=page.reset,
              ms=round((time.perf_counter() - g.started) * 1000, 1))
    return body


def page_headers(page) -> dict[str, str]:
    """Where the next page starts, in the answer's headers as well as its body: a client
    may ask for it as soon as the headers arrive, while this page's body still comes in
    and is read, so the server's work and the phone's overlap (README: additions)."""
    if page.reset:
        return {"Sync-Reset": "1"}
    return {"Sync-Cursor": str(page.cursor), "Sync-Has-More": "1" if page.has_more else "0"}


@bp.post("/discard")
@documented(body=DiscardSchema)
@login_required
def discard():
    """Log rejected mutations that a person discarded on the phone (never applied)."""
    data = discard_schema.load(json_body())
    if data["client_id"] != g.actor.client_id:
        raise APIError(403, "wrong_client", "this token belongs to another device")
    # As for a push (logged_for_others): a change is discarded by the one who sent it, not
    # logged as discarded by the next person on a shared phone.
    ids = [str(m["id"]) for m in data["mutations"]]
    dialect = db.session.get_bind().dialect.name
    if db.session.execute(logged_for_others(g.actor, ids, dialect).limit(1)).first():
        raise APIError(403, "other_user",
                       "another person sent this change: only they may discard it")
    log_discarded(db.session, g.actor, data["client_id"], [
        Mutation(str(m["id"]), m["name"], m["hlc"], m["device_time"], m["args"])
        for m in data["mutations"]], [m["code"] for m in data["mutations"]])
    db.session.commit()
    return jsonify({"ok": True, "discarded": len(data["mutations"])})
