"""The API described (/api/openapi.json), generated from the schemas that validate it,
and health probes."""
from __future__ import annotations

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import Blueprint, current_app, jsonify
from werkzeug.routing import AnyConverter
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


def documented(body=None, query=None, response=None, headers=None, status=200, path=None,
               content=None):
    """Name the schemas a view validates and answers with, for /api/openapi.json.
    Every /api/ route is in the document; these add its bodies, `headers` (name →
    description) the headers of its answer, and `status` that answer's status: 201 for
    a view that creates what it answers with.

    `body` may be a function of the value of the route's `any(...)` part (the admin's
    /api/admin/<name>): such a route is described path by path, each with its own body.
    `path`: parameter name → its JSON schema (a plain string when not named). `content`:
    media type → schema, for a body that is not JSON (a file)."""
    def deco(view):
        view.api_doc = {"body": body, "query": query, "response": response,
                        "headers": headers, "status": str(status), "path": path or {},
                        "content": content}
        return view
    return deco


def _operations(app):
    """(path, method, endpoint, view, choice) of every /api/ route, in a stable order:
    a route with an `any(...)` part once for each of its values (`choice`)."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith("/api/"):
            continue
        path = re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule)
        choices = [(path, None)]
        for name, converter in rule._converters.items():
            if isinstance(converter, AnyConverter):
                choices = [(path.replace(f"{{{name}}}", value), value)
                           for value in sorted(converter.items)]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for spelled, choice in choices:
                yield spelled, method.lower(), rule.endpoint, app.view_functions[rule.endpoint], choice


def _schema_name(schema) -> str:
    """A component's name: its class's, less "Schema" (apispec's own), and "Partial" for
    an instance that loads part of it (a PATCH's body: no field required)."""
    name = resolve_schema_cls(schema).__name__.removesuffix("Schema")
    return name + "Partial" if getattr(schema, "partial", False) else name


def build_spec(app) -> dict:
    spec = APISpec("Sanguan", app.config.get("APP_VERSION", "0"), "3.0.3",
                   plugins=[MarshmallowPlugin(schema_name_resolver=_schema_name)],
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
    for path, method, endpoint, view, choice in _operations(app):
        doc = getattr(view, "api_doc", {})
        ok = doc.get("status", "200")
        op = {"summary": (view.__doc__ or "").strip().splitlines()[0] if view.__doc__ else "",
              "operationId": f"{endpoint}.{method}" + (f".{choice}" if choice else ""),
              "responses": {ok: {"description": "Created" if ok == "201" else "OK"}}}
        if doc.get("response"):
            op["responses"][ok]["content"] = {"application/json": {"schema": doc["response"]}}
        if doc.get("headers"):
            op["responses"][ok]["headers"] = {
                name: {"description": why, "schema": {"type": "string"}}
                for name, why in doc["headers"].items()}
        for status, why in ERRORS.items():
            op["responses"][status] = {"description": why, "content": {
                "application/json": {"schema": "Error"}}}
        if endpoint not in PUBLIC:
            op["security"] = [{"bearer": []}]
        params = [{"in": "path", "name": n, "required": True,
                   "schema": doc.get("path", {}).get(n, {"type": "string"})}
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
        body = doc.get("body")
        if callable(body) and not isinstance(body, type):
            body = body(choice)
        if body:
            op["requestBody"] = {"required": True,
                                 "content": {"application/json": {"schema": body}}}
        if doc.get("content"):
            op["requestBody"] = {"required": True, "content": {
                media: {"schema": schema} for media, schema in doc["content"].items()}}
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
