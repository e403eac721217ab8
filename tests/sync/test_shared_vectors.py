"""The HLC and natural-id rules, checked against the vectors pwa/ is checked against."""
import json
from pathlib import Path

from sync.hlc import Clock, parse
from sync.ids import natural_id

VECTORS = json.loads((Path(__file__).parent.parent / "vectors" / "sync_vectors.json").read_text())


def test_clock_steps_give_the_stamps_in_the_vectors():
    clock = Clock(VECTORS["hlc"]["node"])
    for step in VECTORS["hlc"]["steps"]:
        if step["op"] == "now":
            got = clock.now(step["wall_ms"])
        else:
            got = clock.receive(parse(step["remote"]), step["wall_ms"])
        assert str(got) == step["expect"], step


def test_hlc_string_order_is_clock_order_with_ties_broken_by_client():
    stamps = VECTORS["hlc"]["sorted"]
    assert sorted(stamps, key=parse) == stamps


def test_natural_ids_match_the_vectors():
    for case in VECTORS["natural_id"]["cases"]:
        assert natural_id(case["site_id"], case["kind"], *case["key"]) == case["id"]
