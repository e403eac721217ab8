import pytest

from server.rules.disinfection import (DEFAULT_RULES, check, chlorine_mg_per_l, daily_needs,
                                       rounds_due, rules_for)


@pytest.mark.parametrize("item, method, amount, below", [
    ("air", "uv", 59, True), ("air", "uv", 60, False),
    ("air", "airing", 9, True), ("air", "airing", 10, False),
    ("tableware", "boiling", 14, True), ("tableware", "boiling", 15, False),
    ("tableware", "steaming", 9, True), ("tableware", "steaming", 10, False),
    ("towels", "sun_drying", 5.5, True), ("towels", "sun_drying", 6, False),
    ("surfaces_toys", "chlorine", 249, True), ("surfaces_toys", "chlorine", 250, False),
    ("toilets", "chlorine", 499, True), ("toilets", "chlorine", 500, False),
])
def test_each_national_minimum_on_both_sides(item, method, amount, below):
    codes = [f.code for f in check(DEFAULT_RULES, item, method, amount)]
    assert ("below_minimum" in codes) is below


def test_the_observation_room_needs_toilet_strength_chlorine():
    assert check(DEFAULT_RULES, "surfaces_toys", "chlorine", 300, observation_room=True)
    assert not check(DEFAULT_RULES, "surfaces_toys", "chlorine", 500, observation_room=True)


def test_outbreak_mode_doubles_chlorine_and_rounds():
    assert check(DEFAULT_RULES, "surfaces_toys", "chlorine", 400, outbreak=True)
    assert rounds_due(DEFAULT_RULES, "air", outbreak=True) == 2 * rounds_due(DEFAULT_RULES, "air")


def test_a_site_may_set_its_own_minimums_over_the_defaults():
    rules = rules_for({"disinfection": {"minimum": {"uv": {"*": 90}}}})
    assert check(rules, "air", "uv", 60) and not check(DEFAULT_RULES, "air", "uv", 60)
    assert rules["minimum"]["chlorine"]["toilets"] == 500


def test_a_room_with_needs_of_its_own_needs_exactly_those_else_the_defaults():
    needs = {"air": 3, "tableware": 0, "bedding": 1}
    assert daily_needs(DEFAULT_RULES, needs) == {"air": 3, "bedding": 1}
    assert daily_needs(DEFAULT_RULES) == daily_needs(DEFAULT_RULES, {}) == DEFAULT_RULES["daily"]
    assert rounds_due(DEFAULT_RULES, "towels", room_needs=needs) == 0
    assert rounds_due(DEFAULT_RULES, "air", outbreak=True, room_needs=needs) == 6
    site = rules_for({"disinfection": {"daily": {"towels": 2}}})
    assert rounds_due(site, "towels") == 2 and rounds_due(site, "air") == 2


def test_a_method_that_does_not_disinfect_the_item_is_flagged():
    assert [f.code for f in check(DEFAULT_RULES, "toilets", "airing", 30)] == ["method_not_for_item"]


def test_chlorine_dilution_helper():
    assert chlorine_mg_per_l(500, 1, 2) == 250.0
    with pytest.raises(ValueError):
        chlorine_mg_per_l(500, 1, 0)
