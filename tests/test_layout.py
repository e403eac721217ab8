"""The contract is complete and the layout holds (DESIGN.md, STYLE.md 1 and 8): sync/ runs
without Flask; every mutation and every /api/ route is documented; the OpenAPI document
is valid and generated from the schemas that validate the requests."""
import inspect
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from openapi_spec_validator import validate
from werkzeug.routing import AnyConverter

import sync
from server import create_app
from server.config import TestConfig
from server.mutations import registry
from server.schemas import PushSchema

ROOT = Path(__file__).resolve().parent.parent
PROTOCOL = ROOT.parent / "shared" / "PROTOCOL.md"


@pytest.fixture(scope="module")
def app():
    return create_app(TestConfig)


@pytest.fixture(scope="module")
def openapi(app):
    r = app.test_client().get("/api/openapi.json")
    assert r.status_code == 200
    return r.get_json()


def test_every_module_of_sync_imports_without_flask():
    modules = [f"sync.{m.name}" for m in pkgutil.walk_packages(sync.__path__)]
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'flask', 'werkzeug', "
            "'flask_sqlalchemy', 'server'}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert len(modules) >= 8 and out.stdout.strip() == "[]"


def test_every_mutation_is_in_the_protocol_or_the_openapi_document(openapi):
    protocol = PROTOCOL.read_text() if PROTOCOL.exists() else ""
    names = [h.name for h in registry]
    assert "check.record" in names
    missing = [n for n in names if f"`{n}`" not in protocol and n not in openapi["x-mutations"]]
    assert missing == []
    for name in names:
        ref = openapi["x-mutations"][name]["args"]["$ref"]
        assert ref.split("/")[-1] in openapi["components"]["schemas"]


def api_routes(app):
    """(path as documented, method, view) of every /api/ route: a route with an any(...)
    part (/api/admin/<name>) once for each of its values."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule)
            spelled = [path]
            for name, converter in rule._converters.items():
                if isinstance(converter, AnyConverter):
                    spelled = [path.replace(f"{{{name}}}", v) for v in converter.items]
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                for p in spelled:
                    yield p, method.lower(), app.view_functions[rule.endpoint]


def test_every_api_route_is_in_the_openapi_document(app, openapi):
    documented = {(path, method) for path, ops in openapi["paths"].items() for method in ops}
    routes = list(api_routes(app))
    assert ("/api/admin/classes", "post") in {(p, m) for p, m, _ in routes}
    for path, method, _ in routes:
        assert (path, method) in documented, (path, method)


def test_every_body_a_view_reads_and_every_created_answer_is_documented(app, openapi):
    """A view that reads a JSON body (json_body) has its schema in the document, and one
    that answers 201 is documented with 201, not 200."""
    for path, method, view in api_routes(app):
        source = inspect.getsource(view)
        op = openapi["paths"][path][method]
        if "json_body()" in source:
            assert "application/json" in op.get("requestBody", {}).get("content", {}), (path, method)
        created = re.search(r"\), 201$", source, re.M) is not None
        assert ("201" in op["responses"]) == created, (path, method)
        assert ("200" in op["responses"]) != created, (path, method)


def test_the_openapi_document_is_valid(openapi):
    validate(openapi)


def resolve(node, doc):
    """The schema with every local $ref replaced by what it points to."""
    if isinstance(node, dict):
        if "$ref" in node:
            return resolve(doc["components"]["schemas"][node["$ref"].split("/")[-1]], doc)
        return {k: resolve(v, doc) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve(v, doc) for v in node]
    return node


def test_the_push_request_schema_is_generated_from_push_schema(openapi):
    fresh = APISpec("x", "1", "3.0.3", plugins=[MarshmallowPlugin()])
    fresh.components.schema("Push", schema=PushSchema)
    expected = resolve({"$ref": "#/components/schemas/Push"}, fresh.to_dict())
    body = openapi["paths"]["/api/sync/push"]["post"]["requestBody"]
    assert resolve(body["content"]["application/json"]["schema"], openapi) == expected
    assert set(expected["required"]) == {"client_id", "schema", "mutations"}
