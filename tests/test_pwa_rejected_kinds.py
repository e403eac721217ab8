"""The rejected list says what each refused change was: every mutation the app sends has
its description (pwa/screens/rejected_kinds.js), not its raw name."""
import re
from pathlib import Path

from server.mutations import registry

PWA = Path(__file__).resolve().parent.parent / "pwa"
KINDS = PWA / "screens" / "rejected_kinds.js"


def sent_by_the_app() -> set[str]:
    names = {h.name for h in registry}
    sent = set()
    for f in PWA.rglob("*.js"):
        if f == KINDS or "locales" in f.parts:
            continue
        sent |= {n for n in re.findall(r"'([a-z_]+\.[a-z_]+)'", f.read_text()) if n in names}
    return sent


def test_every_mutation_the_app_sends_is_described_on_the_rejected_list():
    described = set(re.findall(r"^  '([a-z_]+\.[a-z_]+)':", KINDS.read_text(), re.M))
    sent = sent_by_the_app()
    assert {"check.record", "disinfection.record", "pickup.record", "hazard.fix"} <= sent
    assert sent - described == set()
