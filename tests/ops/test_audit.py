"""The audit step of `make test` (.ci/audit.py) fails on a known vulnerability in a
pinned package, and says so plainly when it could not check the packages at all."""
from __future__ import annotations

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "audit", Path(__file__).resolve().parents[2] / ".ci" / "audit.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

CLEAN = {"name": "flask", "version": "3.1.3", "vulns": []}
VULNERABLE = {"name": "jinja2", "version": "2.10", "vulns": [
    {"id": "PYSEC-2019-217", "fix_versions": ["2.10.1"], "description": "sandbox escape"}]}
SKIPPED = {"name": "gunicorn", "skip_reason": "Dependency not found on PyPI and could not "
                                              "be audited: gunicorn (27.0.1)"}


def test_a_known_vulnerability_fails_the_step():
    code, lines = audit.verdict({"dependencies": [CLEAN, VULNERABLE]}, required=False)
    assert code == 1
    assert any("jinja2==2.10" in line and "PYSEC-2019-217" in line for line in lines)


def test_no_vulnerability_passes():
    code, lines = audit.verdict({"dependencies": [CLEAN]}, required=False)
    assert code == 0 and "1 packages checked" in lines[-1]


def test_packages_that_could_not_be_checked_are_named_not_passed_over():
    code, lines = audit.verdict({"dependencies": [CLEAN, SKIPPED]}, required=False)
    assert code == 0 and lines[0].startswith("NOT AUDITED: 1 of 2")


def test_an_audit_that_could_not_be_done_fails_where_it_is_required():
    assert audit.verdict({"dependencies": [SKIPPED]}, required=True)[0] == 1
