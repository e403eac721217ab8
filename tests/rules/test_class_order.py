"""Classes in the order a kindergarten lists them, the same on the server as on the phone
(tests/vectors/class_order.json; test_shared_vectors_js runs pwa/classes.js on it)."""
import json
import random
from pathlib import Path
from types import SimpleNamespace

from server.school import class_order, read_numeral

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "class_order.json").read_text())


def test_classes_sort_by_grade_then_by_the_numbers_in_their_names():
    classes = [SimpleNamespace(name=n, grade=g) for n, g in VECTORS["classes"]]
    for seed in range(5):
        random.Random(seed).shuffle(classes)
        assert [c.name for c in sorted(classes, key=class_order)] == VECTORS["order"]


def test_numerals_read_as_numbers():
    assert {run: read_numeral(run) for run in VECTORS["numerals"]} == VECTORS["numerals"]
