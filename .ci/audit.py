"""`make audit` (and so `make test`): pip-audit over every pinned package.

Fails (exit 1) on any known vulnerability in a pinned version. pip-audit asks PyPI's
per-version JSON API (https://pypi.org/pypi/NAME/VERSION/json) for the advisories; where
that API cannot be reached, pip-audit skips the package ("not found on PyPI"), and this
script says plainly how many packages went unchecked and why, instead of printing "no
known vulnerabilities". An unchecked run passes with that warning unless AUDIT_REQUIRED=1,
which makes it fail: set it wherever the advisories are reachable.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ["requirements.txt", "requirements-dev.txt"]


def verdict(report: dict, required: bool) -> tuple[int, list[str]]:
    """pip-audit's JSON report → (exit code, lines to print)."""
    deps = {d["name"]: d for d in report.get("dependencies", [])}.values()
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if d.get("skip_reason")]
    lines = []
    for d in vulnerable:
        for v in d["vulns"]:
            fixed = ", ".join(v.get("fix_versions") or []) or "no fixed version yet"
            lines.append(f"VULNERABLE {d['name']}=={d['version']}: {v['id']} (fixed in {fixed})")
    checked = len(deps) - len(skipped)
    if skipped:
        reasons = sorted({d["skip_reason"].split(":")[0] for d in skipped})
        lines.append(f"NOT AUDITED: {len(skipped)} of {len(deps)} pinned packages could not be "
                     f"checked ({'; '.join(reasons)}). pip-audit reads advisories from PyPI's "
                     "per-version JSON API; where that is unreachable nothing is known about "
                     "these packages, good or bad.")
    if vulnerable:
        return 1, lines + [f"pip-audit: {len(vulnerable)} pinned package(s) with known "
                           "vulnerabilities: upgrade the pins"]
    if skipped and required:
        return 1, lines + ["pip-audit: AUDIT_REQUIRED=1 and the audit could not be done"]
    summary = f"pip-audit: no known vulnerabilities in the {checked} packages checked"
    return 0, lines + [summary + (" (the rest: see NOT AUDITED above)" if skipped else "")]


def main() -> int:
    required = os.environ.get("AUDIT_REQUIRED") == "1"
    args = [sys.executable, "-m", "pip_audit", "--no-deps", "--disable-pip",
            "--progress-spinner", "off", "--format", "json", "--timeout", "20"]
    for r in REQUIREMENTS:
        args += ["-r", str(ROOT / r)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=600)
    try:
        report = json.loads(done.stdout)
    except ValueError:  # no report at all: the service could not be asked
        error = (done.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"NOT AUDITED: pip-audit could not run its check: {error}")
        return 1 if required else 0
    code, lines = verdict(report, required)
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
