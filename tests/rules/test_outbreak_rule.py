import datetime as dt

import pytest

from server.rules.outbreak import Case, find

D = dt.date(2026, 11, 24)


def cases(n, day=D, symptoms=("fever",), class_id="c1", start=0):
    return [Case(f"k{start + i}", class_id, day, frozenset(symptoms)) for i in range(n)]


@pytest.mark.parametrize("n, alerted", [(2, False), (3, True)])
def test_three_children_with_similar_symptoms_on_one_day_raise_an_alert(n, alerted):
    alerts = find(cases(n), D)
    assert bool(alerts) is alerted
    if alerted:
        assert alerts[0].rule == "same_day" and len(alerts[0].children) == 3


@pytest.mark.parametrize("n, alerted", [(4, False), (5, True)])
def test_five_children_within_three_consecutive_days_raise_an_alert(n, alerted):
    spread = [cases(2, D - dt.timedelta(days=2)), cases(2, D - dt.timedelta(days=1), start=2),
              cases(n - 4, D, start=4)]
    alerts = find([c for group in spread for c in group], D)
    assert bool(alerts) is alerted
    if alerted:
        assert alerts[0].rule == "within_3_days" and alerts[0].first_day == D - dt.timedelta(days=2)


def test_cases_four_days_apart_are_not_one_cluster():
    old = cases(2, D - dt.timedelta(days=3))
    recent = cases(2, D - dt.timedelta(days=1), start=2) + cases(1, D, start=4)
    assert find(old + recent, D) == []


def test_similar_means_the_same_kind_of_illness_and_the_same_class():
    mixed = (cases(1, symptoms=("cough",)) + cases(1, symptoms=("vomiting",), start=1)
             + cases(1, symptoms=("fever",), class_id="c2", start=2))
    assert find(mixed, D) == []
    similar = cases(1, symptoms=("cough",)) + cases(2, symptoms=("sore_throat",), start=1)
    assert [a.group for a in find(similar, D)] == ["respiratory"]


def test_one_child_counted_once_however_often_checked():
    assert find(cases(1) * 3, D) == []
