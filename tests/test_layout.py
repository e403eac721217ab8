"""The contract is complete and the layout holds (DESIGN.md, STYLE.md 1 and 8): sync/ runs
without Flask; every mutation and every /api/ route is documented; the OpenAPI document
is valid and generated from the schemas that validate the requests."""
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from openapi_spec_validator import validate

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


def test_every_api_route_is_in_the_openapi_document(app, openapi):
    documented = {(path, method) for path, ops in openapi["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (path, method.lower()) in documented, (path, method)


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
