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
          "403": "not allowed", "404": "unknown", "409": "conflict", "413": "too large",
          "422": "well-formed but invalid", "429": "slow down (see Retry-After)"}

PUBLIC = {"auth.login", "meta.openapi"}


def documented(body=None, query=None, response=None, headers=None):
    """Name the schemas a view validates and answers with, for /api/openapi.json.
    Every /api/ route is in the document; these add its bodies, and `headers` (name →
    description) the headers of its 200 answer."""
    def deco(view):
        view.api_doc = {"body": body, "query": query, "response": response,
                        "headers": headers}
        return view
    return deco


def _operations(app):
    """(path, method, endpoint, view) of every /api/ route, in a stable order."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield path, method.lower(), rule.endpoint, app.view_functions[rule.endpoint]


def build_spec(app) -> dict:
    spec = APISpec("Sanguan", app.config.get("APP_VERSION", "0"), "3.0.3",
                   plugins=[MarshmallowPlugin()],
                   info={"description": "The wire contract between the phones and the "
                                        "server (PROTOCOL.md)."})
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", schema=schemas.ErrorSchema)
    arg_refs: dict[str, str] = {}  # mutation → component; handlers may share a schema
    by_class: dict[type, str] = {}
    for h in registry:
        name = by_class.setdefault(type(h.schema), f"args.{h.name}")
        if name == f"args.{h.name}":
            spec.components.schema(name, schema=h.schema, description=h.summary)
        arg_refs[h.name] = name
    paths: dict[str, dict] = {}
    for path, method, endpoint, view in _operations(app):
        doc = getattr(view, "api_doc", {})
        op = {"summary": (view.__doc__ or "").strip().splitlines()[0] if view.__doc__ else "",
              "operationId": f"{endpoint}.{method}",
              "responses": {"200": {"description": "OK"}}}
        if doc.get("response"):
            op["responses"]["200"]["content"] = {"application/json": {"schema": doc["response"]}}
        if doc.get("headers"):
            op["responses"]["200"]["headers"] = {
                name: {"description": why, "schema": {"type": "string"}}
                for name, why in doc["headers"].items()}
        for status, why in ERRORS.items():
            op["responses"][status] = {"description": why, "content": {
                "application/json": {"schema": "Error"}}}
        if endpoint not in PUBLIC:
            op["security"] = [{"bearer": []}]
        params = [{"in": "path", "name": n, "required": True, "schema": {"type": "string"}}
                  for n in re.findall(r"{(\w+)}", path)]
        if params:
            # A parameter may spell a path another route serves with other methods
            # (POST /api/admin/{name} as POST /api/admin/site): that answer is 405.
            op["responses"]["405"] = {"description": "that path is another route's, "
                                                     "which takes other methods",
                                      "content": {"application/json": {"schema": "Error"}}}
        if doc.get("query"):
            params.append({"in": "query", "schema": doc["query"]})
        if params:
            op["parameters"] = params
        if doc.get("body"):
            op["requestBody"] = {"required": True,
                                 "content": {"application/json": {"schema": doc["body"]}}}
        paths.setdefault(path, {})[method] = op
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    out = spec.to_dict()
    out["x-mutations"] = {h.name: {"roles": sorted(h.roles), "summary": h.summary,
                                   "args": {"$ref": f"#/components/schemas/{arg_refs[h.name]}"}}
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
