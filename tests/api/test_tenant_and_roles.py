"""Authority stays on the server (DESIGN.md promise 7): the role matrix for writing and
reading, and the wall between sites (tenants), both ways."""
import pytest

from tests.conftest import check_args, children_of

# who, the class of the child (by name), and the answer to a check.record
WRITE_MATRIX = [
    ("admin", "小一班", "applied"), ("admin", "大一班", "applied"),
    ("health", "小一班", "applied"), ("health", "中一班", "applied"),
    ("teacher1", "小一班", "applied"), ("teacher1", "中一班", "forbidden"),
    ("teacher2", "中一班", "applied"), ("teacher2", "大一班", "forbidden"),
    ("teacher3", "小一班", "forbidden"),
    ("guard", "小一班", "forbidden"), ("guard", "大一班", "forbidden"),
]


def a_child_of(phone, class_name):
    classes = {c["data"]["name"]: c["id"] for c in phone.pull_all()[0] if c["entity"] == "class"}
    return children_of(phone, classes[class_name])[0]["id"]


@pytest.mark.parametrize("who, class_name, answer", WRITE_MATRIX)
def test_who_may_record_a_check_for_which_class(login_as, who, class_name, answer):
    child = a_child_of(login_as("admin"), class_name)
    phone = login_as(who)
    [result] = phone.results([phone.mutation("check.record", check_args(child))])
    assert result.get("code", result["status"]) == answer
    if answer == "forbidden":
        assert result["status"] == "rejected" and result["message"]


# who, whether she pulls health checks, and whether she sees every class (else her own)
READ_MATRIX = [("admin", True, True), ("health", True, True), ("teacher2", True, False),
               ("guard", False, True)]


@pytest.mark.parametrize("who, health_data, every_class", READ_MATRIX)
def test_what_each_role_pulls(login_as, who, health_data, every_class):
    nurse = login_as("health")
    kids = children_of(nurse)
    nurse.results([nurse.mutation("check.record", check_args(k["id"])) for k in kids[::5]])
    phone = login_as(who)
    changes, _ = phone.pull_all()
    kinds = {c["entity"] for c in changes}
    assert {"class", "child", "user"} <= kinds and ("health_check" in kinds) == health_data
    classes = {c["data"]["class_id"] for c in changes if c["entity"] in ("child", "health_check")}
    assert classes == ({k["class_id"] for k in kids} if every_class
                       else set(phone.user["class_ids"]))


@pytest.mark.parametrize("who", ["admin", "health"])
def test_another_sites_child_is_not_found(login_as, who):
    stranger = children_of(login_as("admin", site="other"))[0]["id"]
    phone = login_as(who)
    [result] = phone.results([phone.mutation("check.record", check_args(stranger))])
    assert (result["status"], result["code"]) == ("rejected", "not_found")


def test_a_check_written_at_one_site_never_reaches_the_other(login_as):
    here, there = login_as("health"), login_as("health", site="other")
    here.results([here.mutation("check.record", check_args(children_of(here)[0]["id"]))])
    theirs = there.pull_all()[0]
    assert not [c for c in theirs if c["entity"] == "health_check"]
    ours = {c["id"] for c in here.pull_all()[0]}
    assert ours and not ours & {c["id"] for c in theirs}
    their_users = {c["id"] for c in theirs if c["entity"] == "user"}
    assert there.user["id"] in their_users and here.user["id"] not in their_users


def test_the_same_user_name_at_two_sites_is_two_people(login_as):
    here, there = login_as("teacher1"), login_as("teacher1", site="other")
    assert here.user["id"] != there.user["id"]
    assert here.user["site"] == "demo" and there.user["site"] == "other"
    assert not set(here.user["class_ids"]) & set(there.user["class_ids"])
