from tests.conftest import check_args, children_of


def test_caregiver_records_a_check_and_pulls_it_back(login_as):
    phone = login_as("teacher1")
    child = children_of(phone)[0]
    m = phone.mutation("check.record", check_args(child["id"], "abnormal", temperature=37.8,
                                                  symptoms=["fever"], action="observe"))
    assert phone.results([m]) == [{"id": m["id"], "status": "applied"}]
    changes, _ = phone.pull_all()
    checks = [c["data"] for c in changes if c["entity"] == "health_check"]
    assert len(checks) == 1
    assert checks[0]["temperature"] == 37.8 and checks[0]["recorded_by"] == phone.user["id"]
