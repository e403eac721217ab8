"""Classes in the order a kindergarten lists them, and names in the order people look them
up, the same on the server as on the phone (tests/vectors/class_order.json and names.json;
test_shared_vectors_js runs pwa/classes.js on them)."""
import json
import random
from pathlib import Path
from types import SimpleNamespace

from server.school import by_name, by_person, class_order, name_key, person_key, read_numeral

VECTORS = json.loads((Path(__file__).parents[1] / "vectors" / "class_order.json").read_text())
NAMES = json.loads((Path(__file__).parents[1] / "vectors" / "names.json").read_text())


def test_classes_sort_by_grade_then_by_the_numbers_in_their_names():
    classes = [SimpleNamespace(name=n, grade=g) for n, g in VECTORS["classes"]]
    for seed in range(5):
        random.Random(seed).shuffle(classes)
        assert [c.name for c in sorted(classes, key=class_order)] == VECTORS["order"]


def test_numerals_read_as_numbers():
    assert {run: read_numeral(run) for run in VECTORS["numerals"]} == VECTORS["numerals"]


def test_names_sort_by_pinyin_not_by_code_point():
    names = list(NAMES["names"])
    for seed in range(5):
        random.Random(seed).shuffle(names)
        assert sorted(names, key=name_key) == NAMES["order"]
    assert sorted(NAMES["names"]) != NAMES["order"]  # what the database's ORDER BY gave


def test_rows_by_name_tie_by_id_and_a_missing_name_first():
    rows = [SimpleNamespace(name=n, id=i) for n, i in
            [("邓晨", "b"), ("邓晨", "a"), (None, "c"), ("阿明", "d")]]
    assert [(r.name, r.id) for r in by_name(rows)] == [
        (None, "c"), ("阿明", "d"), ("邓晨", "a"), ("邓晨", "b")]


def test_people_sort_with_their_surnames_read_as_surnames():
    people = list(NAMES["people"])
    for seed in range(5):
        random.Random(seed).shuffle(people)
        assert sorted(people, key=person_key) == NAMES["people_order"]
    assert sorted(people, key=name_key) != NAMES["people_order"]  # 曾 under C there
    rows = [SimpleNamespace(name=n, id=str(i)) for i, n in enumerate(["张三", "曾轩", None])]
    assert [r.name for r in by_person(rows)] == [None, "曾轩", "张三"]
