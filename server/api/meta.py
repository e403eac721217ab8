"""The API described (/api/openapi.json), generated from the schemas that validate it,
and health probes."""
from __future__ import annotations

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..mutations import registry
from .. import schemas

bp = Blueprint("meta", __name__)

ERRORS = {"400": "malformed request", "401": "not signed in or token revoked",
          "403": "not allowed", "413": "too large", "422": "well-formed but invalid",
          "429": "slow down (see Retry-After)"}

# (path, method, view endpoint, request schema, where the request goes, response schema)
OPERATIONS = [
    ("/api/auth/login", "post", "auth.login", schemas.LoginSchema, "body", schemas.LoginResponse),
    ("/api/auth/logout", "post", "auth.logout", None, None, None),
    ("/api/me", "get", "auth.me", None, None, schemas.UserSchema),
    ("/api/sync/push", "post", "sync.push", schemas.PushSchema, "body", schemas.PushResponse),
    ("/api/sync/discard", "post", "sync.discard", schemas.DiscardSchema, "body", None),
    ("/api/sync/pull", "get", "sync.pull", schemas.PullQuery, "query", schemas.PullResponse),
    ("/api/health/today", "get", "health.today", None, None, None),
    ("/api/gate/visitors", "get", "gate.visitors", None, None, None),
    ("/api/gate/visitors/{visitor_id}", "get", "gate.visitor", None, None, None),
    ("/api/openapi.json", "get", "meta.openapi", None, None, None),
]


def build_spec(app) -> dict:
    spec = APISpec("Sanguan", app.config.get("APP_VERSION", "0"), "3.0.3",
                   plugins=[MarshmallowPlugin()],
                   info={"description": "The wire contract between the phones and the "
                                        "server (PROTOCOL.md)."})
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", schema=schemas.ErrorSchema)
    for h in registry:
        spec.components.schema(f"args.{h.name}", schema=h.schema,
                               description=h.summary)
    for path, method, endpoint, req, where, resp in OPERATIONS:
        view = app.view_functions[endpoint]
        op = {"summary": (view.__doc__ or "").strip().splitlines()[0] if view.__doc__ else "",
              "operationId": endpoint,
              "responses": {"200": {"description": "OK"}}}
        if resp:
            op["responses"]["200"]["content"] = {"application/json": {"schema": resp}}
        for status, why in ERRORS.items():
            op["responses"][status] = {"description": why, "content": {
                "application/json": {"schema": "Error"}}}
        if endpoint not in ("auth.login", "meta.openapi"):
            op["security"] = [{"bearer": []}]
        params = [{"in": "path", "name": n, "required": True, "schema": {"type": "string"}}
                  for n in re.findall(r"{(\w+)}", path)]
        if params:
            op["parameters"] = params
        if where == "body":
            op["requestBody"] = {"required": True,
                                 "content": {"application/json": {"schema": req}}}
        elif where == "query":
            op["parameters"] = [*params, {"in": "query", "schema": req}]
        spec.path(path=path, operations={method: op})
    out = spec.to_dict()
    out["x-mutations"] = {h.name: {"roles": sorted(h.roles), "summary": h.summary,
                                   "args": {"$ref": f"#/components/schemas/args.{h.name}"}}
                          for h in registry}
    return out


@bp.get("/api/openapi.json")
def openapi():
    """This document."""
    return jsonify(build_spec(current_app))


@bp.get("/healthz")
def healthz():
    return jsonify({"ok": True})


@bp.get("/readyz")
def readyz():
    """Ready when the database answers; 503 (not a 500 page) while it does not, so a
    load balancer or a deploy script can wait for it."""
    try:
        db.session.execute(text("SELECT 1"))
        db.session.commit()
    except SQLAlchemyError as e:
        db.session.rollback()
        current_app.logger.warning("not ready: %s", type(e).__name__)
        return jsonify({"ok": False, "database": "unreachable"}), 503
    return jsonify({"ok": True})
